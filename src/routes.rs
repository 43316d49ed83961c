//! The storefront's own URLs, built in one place so features never format paths themselves.

use pishkhan_core::{catalog::ProductQuery, consent::RouteName};

pub const CART: &str = "/cart";
pub const CHECKOUT: &str = "/checkout";
pub const CONFIRMATION: &str = "/checkout/confirmation";

pub fn product(slug: &str) -> String {
    format!("/product/{}", String::from(js_sys::encode_uri_component(slug)))
}

/// The catalog URL for a listing query; defaults are left out so shared links stay short.
pub fn catalog(query: &ProductQuery) -> String {
    let pairs = query.to_pairs();
    if pairs.is_empty() {
        return "/".to_owned();
    }
    let encoded: Vec<String> =
        pairs.iter().map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v)))).collect();
    format!("/?{}", encoded.join("&"))
}

/// An order of the signed-in shopper's account.
pub fn account_order(number: &str) -> String {
    format!("/account/orders/{}", String::from(js_sys::encode_uri_component(number)))
}

/// The route a path belongs to, for analytics page views (the path itself is never sent).
pub fn route_name(path: &str) -> RouteName {
    match path.trim_end_matches('/') {
        "" => RouteName::Catalog,
        p if p.starts_with("/product/") => RouteName::Product,
        CART => RouteName::Cart,
        CHECKOUT => RouteName::Checkout,
        CONFIRMATION => RouteName::Confirmation,
        p if p == "/account" || p.starts_with("/account/") => RouteName::Account,
        _ => RouteName::NotFound,
    }
}
