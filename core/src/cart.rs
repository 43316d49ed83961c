//! The cart: what the shopper keeps (product ids and quantities) and how the backend prices it.

use serde::{Deserialize, Serialize};

use crate::{FieldError, Toman};

pub const MAX_LINE_QUANTITY: u32 = 99;
pub const MAX_LINES: usize = 100;

/// One cart line as the shopper's browser keeps it: a product id and a quantity, nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartItem {
    pub product_id: u32,
    pub quantity: u32,
}

/// The shopper's cart. Lines keep the order they were added in; a product appears once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cart {
    items: Vec<CartItem>,
}

impl Cart {
    /// A cart from stored lines, repaired: zero quantities dropped, duplicates merged, limits applied.
    pub fn from_items(items: impl IntoIterator<Item = CartItem>) -> Self {
        let mut cart = Cart::default();
        for item in items {
            cart.add(item.product_id, item.quantity);
        }
        cart
    }

    pub fn items(&self) -> &[CartItem] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Total number of units, for the header badge.
    pub fn unit_count(&self) -> u32 {
        self.items.iter().map(|i| i.quantity).sum()
    }

    pub fn quantity_of(&self, product_id: u32) -> u32 {
        self.items.iter().find(|i| i.product_id == product_id).map_or(0, |i| i.quantity)
    }

    /// Adds units of a product, up to [`MAX_LINE_QUANTITY`]; a new product past [`MAX_LINES`] is refused.
    pub fn add(&mut self, product_id: u32, quantity: u32) -> bool {
        let current = self.quantity_of(product_id);
        self.set_quantity(product_id, current.saturating_add(quantity))
    }

    /// Sets a line's quantity (clamped to [`MAX_LINE_QUANTITY`]); zero removes it. Returns whether the cart holds it.
    pub fn set_quantity(&mut self, product_id: u32, quantity: u32) -> bool {
        let quantity = quantity.min(MAX_LINE_QUANTITY);
        if quantity == 0 {
            self.remove(product_id);
            return false;
        }
        if let Some(item) = self.items.iter_mut().find(|i| i.product_id == product_id) {
            item.quantity = quantity;
            true
        } else if self.items.len() < MAX_LINES {
            self.items.push(CartItem { product_id, quantity });
            true
        } else {
            false
        }
    }

    /// The guest cart brought into an account's cart at sign-in: every product of both, the larger
    /// quantity where both hold it (so merging twice never doubles anything).
    pub fn merged(&self, guest: &Cart) -> Cart {
        let mut merged = self.clone();
        for item in guest.items() {
            let quantity = merged.quantity_of(item.product_id).max(item.quantity);
            merged.set_quantity(item.product_id, quantity);
        }
        merged
    }

    pub fn remove(&mut self, product_id: u32) {
        self.items.retain(|i| i.product_id != product_id);
    }
}

/// One line to price, with the unit price the shopper last saw (so the backend can say it changed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteItem {
    pub product_id: u32,
    pub quantity: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub seen_unit_price: Option<Toman>,
}

/// `POST /cart/quote` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteRequest {
    pub items: Vec<QuoteItem>,
}

impl QuoteRequest {
    /// Field errors: too many lines, a quantity outside 1..=99, a product listed twice.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.items.len() > MAX_LINES {
            errors.push(FieldError::new("items", "too_many", format!("at most {MAX_LINES} lines")));
        }
        for (i, item) in self.items.iter().enumerate() {
            if !(1..=MAX_LINE_QUANTITY).contains(&item.quantity) {
                errors.push(FieldError::new(
                    format!("items[{i}].quantity"),
                    "out_of_range",
                    format!("must be between 1 and {MAX_LINE_QUANTITY}"),
                ));
            }
            if self.items[..i].iter().any(|prev| prev.product_id == item.product_id) {
                errors.push(FieldError::new(format!("items[{i}].product_id"), "duplicate", "product listed twice"));
            }
        }
        errors
    }
}

/// What happened to a line when it was priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    Ok,
    /// The unit price differs from the one the shopper saw.
    PriceChanged,
    /// Fewer units are in stock than asked for; the line is priced for what there is.
    LimitedStock,
    OutOfStock,
    /// No such product (any more).
    Unavailable,
}

/// A priced cart line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuoteLine {
    pub product_id: u32,
    pub status: LineStatus,
    pub requested_quantity: u32,
    /// Units that can be bought now: `min(requested, stock)`.
    pub available_quantity: u32,
    /// Absent when the product is unavailable.
    #[serde(default)]
    pub product: Option<QuotedProduct>,
    pub line_total: Toman,
}

/// The product facts a cart line shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuotedProduct {
    pub slug: String,
    pub title: String,
    pub image_url: String,
    pub unit_price: Toman,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub previous_unit_price: Option<Toman>,
}

/// The priced cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CartQuote {
    pub lines: Vec<QuoteLine>,
    pub subtotal: Toman,
    /// Units that will be bought.
    pub item_count: u32,
}

/// What the backend knows of a product when pricing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StockedProduct {
    pub slug: String,
    pub title: String,
    pub image_url: String,
    pub unit_price: Toman,
    pub stock: u32,
}

/// Prices one line. `product` is `None` for an unknown id.
pub fn price_line(item: &QuoteItem, product: Option<StockedProduct>) -> QuoteLine {
    let Some(p) = product else {
        return QuoteLine {
            product_id: item.product_id,
            status: LineStatus::Unavailable,
            requested_quantity: item.quantity,
            available_quantity: 0,
            product: None,
            line_total: Toman::ZERO,
        };
    };
    let available = item.quantity.min(p.stock);
    let previous = item.seen_unit_price.filter(|seen| *seen != p.unit_price);
    let status = if p.stock == 0 {
        LineStatus::OutOfStock
    } else if available < item.quantity {
        LineStatus::LimitedStock
    } else if previous.is_some() {
        LineStatus::PriceChanged
    } else {
        LineStatus::Ok
    };
    QuoteLine {
        product_id: item.product_id,
        status,
        requested_quantity: item.quantity,
        available_quantity: available,
        line_total: p.unit_price.times(available),
        product: Some(QuotedProduct {
            slug: p.slug,
            title: p.title,
            image_url: p.image_url,
            unit_price: p.unit_price,
            previous_unit_price: previous,
        }),
    }
}

/// Sums priced lines into a quote.
pub fn quote(lines: Vec<QuoteLine>) -> CartQuote {
    CartQuote {
        subtotal: lines.iter().map(|l| l.line_total).sum(),
        item_count: lines.iter().map(|l| l.available_quantity).sum(),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn stocked(price: i64, stock: u32) -> StockedProduct {
        StockedProduct {
            slug: "p".into(),
            title: "کتاب".into(),
            image_url: "/i.svg".into(),
            unit_price: Toman(price),
            stock,
        }
    }

    fn item(quantity: u32, seen: Option<i64>) -> QuoteItem {
        QuoteItem { product_id: 1, quantity, seen_unit_price: seen.map(Toman) }
    }

    #[test]
    fn cart_merges_clamps_and_removes() {
        let mut cart = Cart::default();
        cart.add(7, 2);
        cart.add(7, 3);
        cart.add(9, 200);
        assert_eq!(cart.items(), &[CartItem { product_id: 7, quantity: 5 }, CartItem { product_id: 9, quantity: 99 }]);
        assert_eq!(cart.unit_count(), 104);
        cart.set_quantity(7, 0);
        assert_eq!(cart.items().len(), 1);
    }

    #[test]
    fn merging_keeps_both_and_never_doubles() {
        let account =
            Cart::from_items([CartItem { product_id: 1, quantity: 2 }, CartItem { product_id: 2, quantity: 1 }]);
        let guest =
            Cart::from_items([CartItem { product_id: 2, quantity: 3 }, CartItem { product_id: 5, quantity: 1 }]);
        let merged = account.merged(&guest);
        assert_eq!(
            merged.items(),
            &[
                CartItem { product_id: 1, quantity: 2 },
                CartItem { product_id: 2, quantity: 3 },
                CartItem { product_id: 5, quantity: 1 },
            ]
        );
        assert_eq!(merged.merged(&guest), merged);
    }

    #[test]
    fn stored_cart_is_repaired() {
        let cart = Cart::from_items([
            CartItem { product_id: 1, quantity: 0 },
            CartItem { product_id: 2, quantity: 1 },
            CartItem { product_id: 2, quantity: 1 },
        ]);
        assert_eq!(cart.items(), &[CartItem { product_id: 2, quantity: 2 }]);
    }

    #[test]
    fn cart_serialises_ids_and_quantities_only() {
        let mut cart = Cart::default();
        cart.add(3, 1);
        assert_eq!(serde_json::to_string(&cart).unwrap(), r#"[{"product_id":3,"quantity":1}]"#);
    }

    #[test]
    fn line_statuses() {
        assert_eq!(price_line(&item(2, Some(100)), Some(stocked(100, 5))).status, LineStatus::Ok);
        let changed = price_line(&item(2, Some(90)), Some(stocked(100, 5)));
        assert_eq!(changed.status, LineStatus::PriceChanged);
        assert_eq!(changed.product.unwrap().previous_unit_price, Some(Toman(90)));
        let limited = price_line(&item(4, None), Some(stocked(100, 3)));
        assert_eq!(
            (limited.status, limited.available_quantity, limited.line_total),
            (LineStatus::LimitedStock, 3, Toman(300))
        );
        assert_eq!(price_line(&item(1, None), Some(stocked(100, 0))).status, LineStatus::OutOfStock);
        assert_eq!(price_line(&item(1, None), None).status, LineStatus::Unavailable);
    }

    #[test]
    fn validation_names_fields() {
        let req = QuoteRequest { items: vec![item(0, None), item(1, None)] };
        let fields: Vec<_> = req.validate().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["items[0].quantity", "items[1].product_id"]);
    }

    proptest! {
        #[test]
        fn cart_invariants(ops in proptest::collection::vec((0u32..20, 0u32..150, any::<bool>()), 0..200)) {
            let mut cart = Cart::default();
            for (id, qty, set) in ops {
                if set { cart.set_quantity(id, qty); } else { cart.add(id, qty); }
            }
            let items = cart.items();
            prop_assert!(items.iter().all(|i| (1..=MAX_LINE_QUANTITY).contains(&i.quantity)));
            for (i, a) in items.iter().enumerate() {
                prop_assert!(items[i + 1..].iter().all(|b| b.product_id != a.product_id));
            }
            prop_assert_eq!(Cart::from_items(items.iter().copied()), cart.clone());
        }

        #[test]
        fn quote_totals_add_up(prices in proptest::collection::vec((1i64..10_000_000, 0u32..50, 1u32..=99), 0..30)) {
            let lines: Vec<_> = prices.iter().map(|&(p, s, q)| price_line(&item(q, None), Some(stocked(p, s)))).collect();
            let expected: i64 = prices.iter().map(|&(p, s, q)| p * i64::from(q.min(s))).sum();
            let quote = quote(lines);
            prop_assert_eq!(quote.subtotal, Toman(expected));
            prop_assert!(quote.lines.iter().all(|l| l.available_quantity <= l.requested_quantity));
        }
    }
}
