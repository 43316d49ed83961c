//! The seeded categories: five of books and five of devices, in display order.

/// A seeded category: slug, Persian name, English name, and the hue of its covers.
#[derive(Debug, Clone, Copy)]
pub struct SeedCategory {
    pub slug: &'static str,
    pub name_fa: &'static str,
    pub name_en: &'static str,
    pub hue: u16,
}

const fn cat(slug: &'static str, name_fa: &'static str, name_en: &'static str, hue: u16) -> SeedCategory {
    SeedCategory { slug, name_fa, name_en, hue }
}

pub const CATEGORIES: [SeedCategory; 10] = [
    cat("novel", "رمان", "Novels", 8),
    cat("poetry", "شعر", "Poetry", 275),
    cat("history", "تاریخ", "History", 28),
    cat("children", "کودک و نوجوان", "Children & young adults", 185),
    cat("psychology", "روانشناسی", "Psychology", 145),
    cat("mobile", "گوشی موبایل", "Mobile phones", 212),
    cat("laptop", "لپ‌تاپ", "Laptops", 235),
    cat("headphones", "هدفون و هندزفری", "Headphones & earbuds", 330),
    cat("accessories", "لوازم جانبی", "Accessories", 42),
    cat("smartwatch", "ساعت و مچ‌بند هوشمند", "Smartwatches & bands", 165),
];

pub fn find(slug: &str) -> Option<&'static SeedCategory> {
    CATEGORIES.iter().find(|c| c.slug == slug)
}
