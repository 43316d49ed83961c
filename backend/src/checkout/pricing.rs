//! Shipping methods per province, free shipping over a threshold, and an order's totals.

use pishkhan_core::Toman;
use pishkhan_core::cart::{LineStatus, QuoteLine};
use pishkhan_core::checkout::{Review, ShippingMethod};

/// A subtotal at or above this ships free: the discount equals the shipping price.
pub const FREE_SHIPPING_THRESHOLD: Toman = Toman(2_000_000);

/// A shipping method as offered, with the provinces it reaches (`None`: everywhere).
struct Offer {
    id: &'static str,
    name_fa: &'static str,
    name_en: &'static str,
    price: i64,
    min_days: u8,
    max_days: u8,
    provinces: Option<&'static [&'static str]>,
}

const OFFERS: [Offer; 3] = [
    Offer {
        id: "post",
        name_fa: "پست پیشتاز",
        name_en: "Express post",
        price: 49_000,
        min_days: 3,
        max_days: 5,
        provinces: None,
    },
    Offer {
        id: "tipax",
        name_fa: "تیپاکس",
        name_en: "Tipax courier",
        price: 89_000,
        min_days: 1,
        max_days: 3,
        provinces: None,
    },
    Offer {
        id: "courier",
        name_fa: "پیک موتوری",
        name_en: "Same-day courier",
        price: 65_000,
        min_days: 0,
        max_days: 1,
        provinces: Some(&["tehran", "alborz"]),
    },
];

impl Offer {
    fn reaches(&self, province: &str) -> bool {
        self.provinces.is_none_or(|list| list.contains(&province))
    }

    fn method(&self) -> ShippingMethod {
        ShippingMethod {
            id: self.id.to_owned(),
            name_fa: self.name_fa.to_owned(),
            name_en: self.name_en.to_owned(),
            price: Toman(self.price),
            min_days: self.min_days,
            max_days: self.max_days,
        }
    }
}

/// The methods that deliver to `province` (a known slug), cheapest first.
pub fn methods_for(province: &str) -> Vec<ShippingMethod> {
    let mut methods: Vec<_> = OFFERS.iter().filter(|o| o.reaches(province)).map(Offer::method).collect();
    methods.sort_by_key(|m| (m.price, m.id.clone()));
    methods
}

/// The method asked for if it is among `methods`, else the cheapest (the first).
pub fn choose<'a>(methods: &'a [ShippingMethod], asked: Option<&str>) -> Option<&'a ShippingMethod> {
    asked.and_then(|id| methods.iter().find(|m| m.id == id)).or_else(|| methods.first())
}

/// What an order costs: `total = subtotal + shipping - discount`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub subtotal: Toman,
    pub shipping: Toman,
    pub discount: Toman,
    pub total: Toman,
}

/// Totals for a subtotal shipped by `method` (none: nothing to ship with, shipping 0).
pub fn totals(subtotal: Toman, method: Option<&ShippingMethod>) -> Totals {
    let shipping = method.map_or(Toman::ZERO, |m| m.price);
    let discount = if subtotal >= FREE_SHIPPING_THRESHOLD { shipping } else { Toman::ZERO };
    let total = Toman(subtotal.0.saturating_add(shipping.0).saturating_sub(discount.0));
    Totals { subtotal, shipping, discount, total }
}

/// The review of priced `lines` shipped to `province`: ready only when every line can be bought as asked.
pub fn review(lines: Vec<QuoteLine>, province: &str, asked: Option<&str>) -> Review {
    let methods = methods_for(province);
    let chosen = choose(&methods, asked).cloned();
    let subtotal = lines.iter().map(|l| l.line_total).sum();
    let t = totals(subtotal, chosen.as_ref());
    Review {
        ready: !lines.is_empty() && lines.iter().all(|l| l.status == LineStatus::Ok),
        lines,
        shipping_method: chosen.map(|m| m.id),
        shipping_methods: methods,
        subtotal: t.subtotal,
        shipping: t.shipping,
        discount: t.discount,
        total: t.total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(province: &str) -> Vec<String> {
        methods_for(province).into_iter().map(|m| m.id).collect()
    }

    #[test]
    fn courier_only_in_tehran_and_alborz() {
        assert_eq!(ids("tehran"), ["post", "courier", "tipax"]);
        assert_eq!(ids("alborz"), ["post", "courier", "tipax"]);
        assert_eq!(ids("fars"), ["post", "tipax"]);
        let tipax = methods_for("fars").remove(1);
        assert_eq!((tipax.price, tipax.min_days, tipax.max_days), (Toman(89_000), 1, 3));
        assert_eq!(tipax.name_fa, "تیپاکس");
    }

    #[test]
    fn the_default_is_the_cheapest_available() {
        let methods = methods_for("tehran");
        assert_eq!(choose(&methods, None).unwrap().id, "post");
        assert_eq!(choose(&methods, Some("courier")).unwrap().id, "courier");
        let fars = methods_for("fars");
        assert_eq!(choose(&fars, Some("courier")).unwrap().id, "post", "unavailable falls back");
        assert_eq!(choose(&[], Some("post")), None);
    }

    #[test]
    fn free_shipping_from_the_threshold() {
        let post = &methods_for("fars")[0];
        let below = totals(Toman(1_999_999), Some(post));
        assert_eq!(
            below,
            Totals {
                subtotal: Toman(1_999_999),
                shipping: Toman(49_000),
                discount: Toman::ZERO,
                total: Toman(2_048_999)
            }
        );
        let at = totals(FREE_SHIPPING_THRESHOLD, Some(post));
        assert_eq!((at.shipping, at.discount, at.total), (Toman(49_000), Toman(49_000), FREE_SHIPPING_THRESHOLD));
        assert_eq!(totals(Toman(10), None).total, Toman(10));
    }

    #[test]
    fn a_review_is_ready_only_when_every_line_is_ok() {
        use pishkhan_core::cart::{QuoteItem, StockedProduct, price_line};
        let stocked = |stock| StockedProduct {
            slug: "p".into(),
            title: "کتاب".into(),
            image_url: "/i.svg".into(),
            unit_price: Toman(1_000_000),
            stock,
        };
        let item = |quantity| QuoteItem { product_id: 1, quantity, seen_unit_price: None };
        let ok = review(vec![price_line(&item(2), Some(stocked(5)))], "tehran", Some("tipax"));
        assert!(ok.ready);
        assert_eq!(ok.shipping_method.as_deref(), Some("tipax"));
        assert_eq!(
            (ok.subtotal, ok.shipping, ok.discount, ok.total),
            (Toman(2_000_000), Toman(89_000), Toman(89_000), Toman(2_000_000))
        );
        let short = review(vec![price_line(&item(6), Some(stocked(5)))], "fars", None);
        assert!(!short.ready);
        assert!(!review(Vec::new(), "fars", None).ready);
    }
}
