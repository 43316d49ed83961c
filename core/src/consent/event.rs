//! Our own analytics events. The type can carry no personal data: no free text, no ids of people —
//! only route names, product ids and counts.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouteName {
    Catalog,
    Product,
    Cart,
    Checkout,
    Confirmation,
    Account,
    NotFound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AnalyticsEvent {
    PageView {
        route: RouteName,
    },
    ProductViewed {
        product_id: u32,
    },
    AddedToCart {
        product_id: u32,
        quantity: u32,
    },
    /// How many results a search found; never what was searched for.
    Searched {
        result_count: u32,
    },
    CheckoutStarted {
        item_count: u32,
    },
    OrderPlaced {
        item_count: u32,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialise_to_plain_facts() {
        let json = serde_json::to_string(&AnalyticsEvent::AddedToCart { product_id: 7, quantity: 2 }).unwrap();
        assert_eq!(json, r#"{"event":"added_to_cart","product_id":7,"quantity":2}"#);
        let json = serde_json::to_string(&AnalyticsEvent::PageView { route: RouteName::NotFound }).unwrap();
        assert_eq!(json, r#"{"event":"page_view","route":"not_found"}"#);
    }
}
