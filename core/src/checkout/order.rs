//! What the backend answers at checkout: shipping methods, the priced review, and the placed order.

use serde::{Deserialize, Serialize};

use super::{Address, Contact, InvoiceIdentity, Recipient};
use crate::{
    Toman,
    cart::{CartItem, QuoteLine},
};

/// A way to ship, priced for the destination province.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingMethod {
    pub id: String,
    pub name_fa: String,
    pub name_en: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub price: Toman,
    pub min_days: u8,
    pub max_days: u8,
}

/// `POST /checkout/review` body: the cart, the destination and the chosen method (if any yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShippingQuoteRequest {
    pub items: Vec<CartItem>,
    pub province: String,
    #[serde(default)]
    pub shipping_method: Option<String>,
}

/// One reviewed line; the same facts as a cart-quote line.
pub type ReviewLine = QuoteLine;

/// The order as it would be placed now: lines, the shipping methods for the destination, totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Review {
    pub lines: Vec<ReviewLine>,
    pub shipping_methods: Vec<ShippingMethod>,
    /// The method the totals use: the one asked for if available, else the cheapest.
    pub shipping_method: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub subtotal: Toman,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub shipping: Toman,
    /// Discounts, e.g. free shipping over a threshold; subtracted from the total.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub discount: Toman,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub total: Toman,
    /// False while a line is sold out, short or unavailable: the shopper must fix the cart first.
    pub ready: bool,
}

/// Where a placed order stands: awaiting payment (its stock reserved), paid, or expired unpaid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    /// Left unpaid past the shop's payment window: its stock went back on sale and it can no longer be paid.
    Expired,
}

impl OrderStatus {
    pub const ALL: [Self; 3] = [Self::AwaitingPayment, Self::Paid, Self::Expired];

    /// The wire (and storage) name, e.g. `awaiting_payment`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Paid => "paid",
            Self::Expired => "expired",
        }
    }

    /// The status with this wire name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == name)
    }
}

/// A placed order's line, with the price it was sold at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderLine {
    pub product_id: u32,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub unit_price: Toman,
    pub quantity: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub line_total: Toman,
}

/// A placed order as the buyer sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Order {
    /// The order number shown to the buyer, e.g. `PK-48213907`.
    pub number: String,
    pub status: OrderStatus,
    /// RFC 3339 UTC time the order was placed.
    pub placed_at: String,
    pub lines: Vec<OrderLine>,
    pub contact: Contact,
    pub recipient: Recipient,
    pub address: Address,
    pub invoice: InvoiceIdentity,
    pub shipping_method: ShippingMethod,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub subtotal: Toman,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub shipping: Toman,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub discount: Toman,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub total: Toman,
    /// A secret that authorises paying this order (held by the buyer's browser for this checkout only).
    pub payment_token: String,
}

/// `POST /orders/{number}/payment` answer. A shop's gateway answers `redirect_url` to send the buyer
/// to; the reference backend completes the payment itself and answers `paid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentOutcome {
    pub status: OrderStatus,
    #[serde(default)]
    pub redirect_url: Option<String>,
}

impl PaymentOutcome {
    /// Where to send the buyer, if the gateway's `redirect_url` may be followed from a page at
    /// `own_origin` (e.g. `https://shop.example`): an https URL, or a place on the shop's own origin.
    /// Anything else (`http:` elsewhere, `javascript:`, `data:`, a scheme-relative `//host`) is not.
    pub fn safe_redirect(&self, own_origin: &str) -> Option<&str> {
        let url = self.redirect_url.as_deref()?.trim();
        let visible = !url.is_empty() && !url.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\');
        let host_of = |rest: &str| rest.split(['/', '?', '#']).next().is_some_and(|host| !host.is_empty());
        let https = url.strip_prefix("https://").is_some_and(host_of);
        let own_path = url.starts_with('/') && !url.starts_with("//");
        let own_origin = !own_origin.is_empty()
            && url.strip_prefix(own_origin).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
        (visible && (https || own_path || own_origin)).then_some(url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payment_redirect_is_followed_only_to_https_or_the_shop_itself() {
        let outcome =
            |url: &str| PaymentOutcome { status: OrderStatus::AwaitingPayment, redirect_url: Some(url.into()) };
        let shop = "http://127.0.0.1:8080";
        for good in ["https://gateway.example/pay?id=1", "/checkout/confirmation", "http://127.0.0.1:8080/paid", shop] {
            assert_eq!(outcome(good).safe_redirect(shop), Some(good), "{good}");
        }
        for bad in [
            "http://gateway.example/pay",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "//evil.example/x",
            "https://",
            "http://127.0.0.1:8080.evil.example/",
            "https://gate way.example/",
            "/\\evil.example",
            "",
        ] {
            assert_eq!(outcome(bad).safe_redirect(shop), None, "{bad}");
        }
        assert_eq!(PaymentOutcome { status: OrderStatus::Paid, redirect_url: None }.safe_redirect(shop), None);
    }

    #[test]
    fn status_names_are_the_wire_names() {
        for status in OrderStatus::ALL {
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, status.as_str());
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(OrderStatus::parse("expired"), Some(OrderStatus::Expired));
        assert_eq!(OrderStatus::parse("cancelled"), None);
    }
}
