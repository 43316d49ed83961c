//! Iran's 31 provinces and their main cities, for the address form's dependent lists and for
//! checking on the backend that a city belongs to the chosen province.

/// A province: stable slug, Persian and English names, and its cities (Persian names; the first is the capital).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    pub slug: &'static str,
    pub name_fa: &'static str,
    pub name_en: &'static str,
    pub cities: &'static [&'static str],
}

pub const PROVINCES: [Province; 31] = [
    p(
        "tehran",
        "تهران",
        "Tehran",
        &["تهران", "ری", "شمیرانات", "اسلامشهر", "شهریار", "ورامین", "پاکدشت", "دماوند", "پردیس", "قدس"],
    ),
    p("alborz", "البرز", "Alborz", &["کرج", "فردیس", "نظرآباد", "هشتگرد", "اشتهارد", "طالقان"]),
    p(
        "isfahan",
        "اصفهان",
        "Isfahan",
        &["اصفهان", "کاشان", "خمینی‌شهر", "نجف‌آباد", "شاهین‌شهر", "شهرضا", "گلپایگان", "نطنز"],
    ),
    p("fars", "فارس", "Fars", &["شیراز", "مرودشت", "جهرم", "فسا", "کازرون", "لار", "داراب", "آباده"]),
    p(
        "razavi-khorasan",
        "خراسان رضوی",
        "Razavi Khorasan",
        &["مشهد", "نیشابور", "سبزوار", "تربت حیدریه", "قوچان", "کاشمر", "تربت جام"],
    ),
    p(
        "east-azerbaijan",
        "آذربایجان شرقی",
        "East Azerbaijan",
        &["تبریز", "مراغه", "مرند", "میانه", "اهر", "بناب", "سراب"],
    ),
    p(
        "west-azerbaijan",
        "آذربایجان غربی",
        "West Azerbaijan",
        &["ارومیه", "خوی", "بوکان", "مهاباد", "میاندوآب", "سلماس", "نقده"],
    ),
    p("ardabil", "اردبیل", "Ardabil", &["اردبیل", "پارس‌آباد", "مشگین‌شهر", "خلخال", "گرمی"]),
    p(
        "khuzestan",
        "خوزستان",
        "Khuzestan",
        &["اهواز", "دزفول", "آبادان", "خرمشهر", "اندیمشک", "بهبهان", "ماهشهر", "شوشتر"],
    ),
    p("kermanshah", "کرمانشاه", "Kermanshah", &["کرمانشاه", "اسلام‌آباد غرب", "کنگاور", "هرسین", "سنقر", "پاوه"]),
    p("kerman", "کرمان", "Kerman", &["کرمان", "رفسنجان", "سیرجان", "جیرفت", "بم", "زرند", "کهنوج"]),
    p("gilan", "گیلان", "Gilan", &["رشت", "بندر انزلی", "لاهیجان", "لنگرود", "آستارا", "تالش", "رودسر"]),
    p(
        "mazandaran",
        "مازندران",
        "Mazandaran",
        &["ساری", "بابل", "آمل", "قائم‌شهر", "بابلسر", "چالوس", "نوشهر", "تنکابن"],
    ),
    p("golestan", "گلستان", "Golestan", &["گرگان", "گنبد کاووس", "علی‌آباد کتول", "بندر ترکمن", "آزادشهر", "کردکوی"]),
    p("hamadan", "همدان", "Hamadan", &["همدان", "ملایر", "نهاوند", "تویسرکان", "اسدآباد", "کبودرآهنگ"]),
    p("kurdistan", "کردستان", "Kurdistan", &["سنندج", "سقز", "مریوان", "بانه", "قروه", "بیجار"]),
    p("lorestan", "لرستان", "Lorestan", &["خرم‌آباد", "بروجرد", "دورود", "کوهدشت", "الیگودرز", "ازنا"]),
    p("markazi", "مرکزی", "Markazi", &["اراک", "ساوه", "خمین", "محلات", "دلیجان", "تفرش"]),
    p("qazvin", "قزوین", "Qazvin", &["قزوین", "تاکستان", "آبیک", "بوئین‌زهرا", "الوند"]),
    p("qom", "قم", "Qom", &["قم", "جعفریه", "کهک", "سلفچگان"]),
    p("semnan", "سمنان", "Semnan", &["سمنان", "شاهرود", "دامغان", "گرمسار", "مهدی‌شهر"]),
    p("zanjan", "زنجان", "Zanjan", &["زنجان", "ابهر", "خرمدره", "قیدار", "ماهنشان"]),
    p("yazd", "یزد", "Yazd", &["یزد", "میبد", "اردکان", "بافق", "مهریز", "تفت"]),
    p("hormozgan", "هرمزگان", "Hormozgan", &["بندرعباس", "قشم", "کیش", "بندر لنگه", "میناب", "جاسک"]),
    p("bushehr", "بوشهر", "Bushehr", &["بوشهر", "برازجان", "بندر گناوه", "کنگان", "بندر دیر", "خورموج"]),
    p(
        "sistan-baluchestan",
        "سیستان و بلوچستان",
        "Sistan and Baluchestan",
        &["زاهدان", "زابل", "چابهار", "ایرانشهر", "خاش", "سراوان"],
    ),
    p("south-khorasan", "خراسان جنوبی", "South Khorasan", &["بیرجند", "قائن", "فردوس", "طبس", "نهبندان"]),
    p("north-khorasan", "خراسان شمالی", "North Khorasan", &["بجنورد", "شیروان", "اسفراین", "جاجرم", "آشخانه"]),
    p(
        "chaharmahal-bakhtiari",
        "چهارمحال و بختیاری",
        "Chaharmahal and Bakhtiari",
        &["شهرکرد", "بروجن", "فارسان", "لردگان", "فرخ‌شهر"],
    ),
    p(
        "kohgiluyeh-boyer-ahmad",
        "کهگیلویه و بویراحمد",
        "Kohgiluyeh and Boyer-Ahmad",
        &["یاسوج", "دوگنبدان", "دهدشت", "سی‌سخت", "لیکک"],
    ),
    p("ilam", "ایلام", "Ilam", &["ایلام", "دهلران", "ایوان", "آبدانان", "مهران", "دره‌شهر"]),
];

const fn p(
    slug: &'static str,
    name_fa: &'static str,
    name_en: &'static str,
    cities: &'static [&'static str],
) -> Province {
    Province { slug, name_fa, name_en, cities }
}

pub fn province(slug: &str) -> Option<&'static Province> {
    PROVINCES.iter().find(|p| p.slug == slug)
}

/// Whether `city` is one of `province`'s cities.
pub fn has_city(province_slug: &str, city: &str) -> bool {
    province(province_slug).is_some_and(|p| p.cities.contains(&city))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_one_provinces_with_unique_slugs_and_cities() {
        let mut slugs: Vec<_> = PROVINCES.iter().map(|p| p.slug).collect();
        slugs.sort_unstable();
        slugs.dedup();
        assert_eq!(slugs.len(), 31);
        assert!(PROVINCES.iter().all(|p| p.cities.len() >= 4));
        assert!(has_city("fars", "شیراز"));
        assert!(!has_city("fars", "تبریز"));
        assert!(!has_city("atlantis", "شیراز"));
    }
}
