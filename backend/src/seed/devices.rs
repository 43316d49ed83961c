//! Seeded devices: phones, laptops, headphones, accessories and watches, each model in a few variants.

use super::{Draft, mix};

type Variants = &'static [(&'static str, u32)];

/// A device model: category, kind, brand, model name, base price in thousand Toman, and its variants
/// (a label and a price in percent of the base).
struct Model(&'static str, &'static str, &'static str, &'static str, i64, Variants);

const ONE: Variants = &[("", 100)];
const S128_256: Variants = &[("ظرفیت ۱۲۸ گیگابایت", 100), ("ظرفیت ۲۵۶ گیگابایت", 118)];
const S256_512: Variants = &[("ظرفیت ۲۵۶ گیگابایت", 100), ("ظرفیت ۵۱۲ گیگابایت", 117)];
const S128: Variants = &[("ظرفیت ۱۲۸ گیگابایت", 100)];
const S256: Variants = &[("ظرفیت ۲۵۶ گیگابایت", 100)];
const RAM: Variants = &[("رم ۸ گیگابایت", 100), ("رم ۱۶ گیگابایت", 114)];
const COLOURS: Variants = &[("مشکی", 100), ("سفید", 102)];
const POWER: Variants = &[("ظرفیت ۱۰۰۰۰ میلی‌آمپر ساعت", 100), ("ظرفیت ۲۰۰۰۰ میلی‌آمپر ساعت", 150)];
const WATTS: Variants = &[("۲۵ وات", 100), ("۶۵ وات", 185)];
const CABLE: Variants = &[("طول ۱ متر", 100), ("طول ۲ متر", 125)];
const WATCH: Variants = &[("سایز ۴۰ میلی‌متر", 100), ("سایز ۴۴ میلی‌متر", 110)];

const MODELS: &[Model] = &[
    Model("mobile", "گوشی", "سامسونگ", "Galaxy A55", 22_000, S128_256),
    Model("mobile", "گوشی", "سامسونگ", "Galaxy A35", 16_500, S128_256),
    Model("mobile", "گوشی", "سامسونگ", "Galaxy S24 Ultra", 68_000, S256_512),
    Model("mobile", "گوشی", "سامسونگ", "Galaxy A15", 8_200, S128),
    Model("mobile", "گوشی", "شیائومی", "Redmi Note 13 Pro", 17_000, S256_512),
    Model("mobile", "گوشی", "شیائومی", "Poco X6 Pro", 20_500, S256_512),
    Model("mobile", "گوشی", "شیائومی", "Redmi 13C", 6_300, S128),
    Model("mobile", "گوشی", "اپل", "iPhone 15", 62_000, S128_256),
    Model("mobile", "گوشی", "اپل", "iPhone 13", 47_000, S128),
    Model("mobile", "گوشی", "آنر", "X8b", 12_400, S256),
    Model("mobile", "گوشی", "نوکیا", "G22", 7_100, S128),
    Model("laptop", "لپ‌تاپ", "ایسوس", "VivoBook 15 X1504VA Core i5", 34_000, RAM),
    Model("laptop", "لپ‌تاپ", "ایسوس", "TUF Gaming F15 Core i7", 56_000, RAM),
    Model("laptop", "لپ‌تاپ", "لنوو", "IdeaPad Slim 3 Ryzen 5", 29_500, RAM),
    Model("laptop", "لپ‌تاپ", "لنوو", "ThinkPad E14 Core i5", 47_000, RAM),
    Model("laptop", "لپ‌تاپ", "اچ‌پی", "Victus 15 Core i5", 51_000, RAM),
    Model("laptop", "لپ‌تاپ", "اچ‌پی", "250 G9 Core i3", 25_500, RAM),
    Model("laptop", "لپ‌تاپ", "ایسر", "Aspire 7 Core i5", 39_000, RAM),
    Model("laptop", "لپ‌تاپ", "اپل", "MacBook Air M2", 71_000, RAM),
    Model("laptop", "لپ‌تاپ", "دل", "Inspiron 3520 Core i7", 41_000, RAM),
    Model("headphones", "هدفون بی‌سیم", "سونی", "WH-1000XM5", 28_000, COLOURS),
    Model("headphones", "هدفون بی‌سیم", "سونی", "WH-CH520", 4_400, COLOURS),
    Model("headphones", "هندزفری بلوتوثی", "شیائومی", "Redmi Buds 5", 2_200, COLOURS),
    Model("headphones", "هندزفری بلوتوثی", "سامسونگ", "Galaxy Buds FE", 6_100, ONE),
    Model("headphones", "هندزفری بلوتوثی", "سامسونگ", "Galaxy Buds2 Pro", 11_200, ONE),
    Model("headphones", "هندزفری بی‌سیم", "اپل", "AirPods Pro 2", 19_500, ONE),
    Model("headphones", "هندزفری بی‌سیم", "اپل", "AirPods 4", 13_000, ONE),
    Model("headphones", "هدفون گیمینگ", "لاجیتک", "G435", 6_400, COLOURS),
    Model("headphones", "هدفون بی‌سیم", "جی‌بی‌ال", "Tune 520BT", 3_800, ONE),
    Model("headphones", "هندزفری بلوتوثی", "جی‌بی‌ال", "Wave Beam", 3_500, ONE),
    Model("headphones", "هدفون بی‌سیم", "انکر", "Soundcore Q20i", 3_200, ONE),
    Model("headphones", "هندزفری بلوتوثی", "کیو‌سی‌وای", "T13", 1_600, ONE),
    Model("headphones", "هدفون بی‌سیم", "بیتس", "Studio Pro", 25_000, ONE),
    Model("headphones", "هدفون گیمینگ", "ریزر", "BlackShark V2 X", 5_000, ONE),
    Model("accessories", "پاوربانک", "انکر", "PowerCore", 2_400, POWER),
    Model("accessories", "پاوربانک", "شیائومی", "Redmi", 1_700, POWER),
    Model("accessories", "پاوربانک", "باسئوس", "Bipow", 1_900, POWER),
    Model("accessories", "شارژر دیواری", "انکر", "Nano", 1_600, WATTS),
    Model("accessories", "شارژر دیواری", "سامسونگ", "EP-T2510", 1_800, WATTS),
    Model("accessories", "شارژر دیواری", "باسئوس", "GaN5", 1_500, WATTS),
    Model("accessories", "کابل USB-C", "انکر", "PowerLine III", 1_500, CABLE),
    Model("accessories", "کابل USB-C", "باسئوس", "Superior", 1_500, CABLE),
    Model("accessories", "ماوس بی‌سیم", "لاجیتک", "M185", 1_500, ONE),
    Model("accessories", "ماوس بی‌سیم", "لاجیتک", "MX Master 3S", 7_900, ONE),
    Model("accessories", "ماوس گیمینگ", "ریزر", "DeathAdder V3", 6_800, ONE),
    Model("accessories", "کیبورد بی‌سیم", "لاجیتک", "K380", 3_300, COLOURS),
    Model("accessories", "کیبورد مکانیکی", "ردراگون", "K552", 2_900, ONE),
    Model("accessories", "اسپیکر بلوتوثی", "جی‌بی‌ال", "Flip 6", 7_600, ONE),
    Model("accessories", "اسپیکر بلوتوثی", "جی‌بی‌ال", "Go 3", 2_600, ONE),
    Model("accessories", "اسپیکر بلوتوثی", "انکر", "Soundcore 2", 2_800, ONE),
    Model("accessories", "فلش مموری", "سن‌دیسک", "Ultra Flair", 1_500, S128_256),
    Model("smartwatch", "ساعت هوشمند", "سامسونگ", "Galaxy Watch6", 13_500, WATCH),
    Model("smartwatch", "ساعت هوشمند", "سامسونگ", "Galaxy Watch6 Classic", 19_000, ONE),
    Model("smartwatch", "ساعت هوشمند", "اپل", "Watch Series 9", 31_000, WATCH),
    Model("smartwatch", "ساعت هوشمند", "اپل", "Watch SE", 19_500, ONE),
    Model("smartwatch", "ساعت هوشمند", "شیائومی", "Redmi Watch 4", 3_600, ONE),
    Model("smartwatch", "مچ‌بند هوشمند", "شیائومی", "Smart Band 8", 1_800, COLOURS),
    Model("smartwatch", "ساعت هوشمند", "هواوی", "Watch GT 4", 12_000, ONE),
    Model("smartwatch", "ساعت هوشمند", "امیزفیت", "GTR 4", 9_100, ONE),
    Model("smartwatch", "ساعت هوشمند", "امیزفیت", "Bip 5", 4_000, ONE),
    Model("smartwatch", "ساعت هوشمند", "گارمین", "Forerunner 265", 28_500, ONE),
    Model("smartwatch", "ساعت هوشمند", "هایلو", "RS4 Plus", 2_500, ONE),
];

const CLAIMS: [&str; 5] = [
    "کیفیت ساخت بالا و طراحی خوش‌دست آن، این محصول را انتخابی مطمئن کرده است.",
    "مصرف انرژی بهینه و عمر باتری خوب از ویژگی‌های پرطرفدار آن است.",
    "برای کار روزمره، سفر و سرگرمی همراهی قابل اعتماد است.",
    "نظر خریداران درباره کارایی و دوام آن بسیار مثبت بوده است.",
    "قیمت منصفانه در برابر امکانات، آن را در گروه خود محبوب کرده است.",
];

/// Every variant of every model.
pub fn drafts() -> Vec<Draft> {
    let mut out = Vec::new();
    for (m, model) in MODELS.iter().enumerate() {
        for (v, variant) in model.5.iter().enumerate() {
            out.push(device(model, *variant, (m * 8 + v) as u64));
        }
    }
    out
}

fn device(&Model(category, kind, brand, name, base, _): &Model, (label, percent): (&str, u32), seed: u64) -> Draft {
    let title = [kind, brand, name, label].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(" ");
    let jitter = 97 + (mix(seed, 11) % 7) as i64; // 97..=103 percent
    let price = (base * 1_000 * i64::from(percent) / 100 * jitter / 100 / 1_000 * 1_000).clamp(1_500_000, 90_000_000);
    let claim = CLAIMS[(mix(seed, 12) % CLAIMS.len() as u64) as usize];
    let description = format!("{title} ساخت {brand} است. {claim} این کالا با گارانتی ۱۸ ماهه و ضمانت اصالت عرضه می‌شود.");
    Draft { category, title, byline: brand.to_owned(), description, price }
}
