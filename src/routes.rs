//! The storefront's own URLs, built in one place so features never format paths themselves.

use pishkhan_core::{catalog::ProductQuery, consent::RouteName};

// The router in `app.rs` matches these paths with its own `path!()` literals; keep the two alike.

/// The catalog's first page without filters; [`catalog`] builds the others.
pub const HOME: &str = "/";
pub const CART: &str = "/cart";
pub const CHECKOUT: &str = "/checkout";
pub const CONFIRMATION: &str = "/checkout/confirmation";
/// The signed-in shopper's profile (or the sign-in form).
pub const ACCOUNT: &str = "/account";
pub const ACCOUNT_ADDRESSES: &str = "/account/addresses";
pub const ACCOUNT_ORDERS: &str = "/account/orders";
pub const ACCOUNT_DATA: &str = "/account/data";
/// Where the link of a confirmation email lands; the page keeps the code out of the address bar.
pub const CONFIRM_EMAIL: &str = "/account/confirm-email";
/// Where the link of a newsletter sign-up's confirmation mail lands (`?token=` follows; the backend builds it).
pub const NEWSLETTER_CONFIRM: &str = "/newsletter/confirm";
/// The unsubscribe page, as it shows once it has read the token of [`unsubscribe`] out of the address.
pub const UNSUBSCRIBE: &str = "/unsubscribe";

/// The one page another site may frame: checkout in its embedded mode, which the widget opens in an
/// iframe so the shopper types personal data on the shop's own origin, never into the host page.
pub const EMBEDDED_CHECKOUT: &str = "/embed/checkout";

/// A place a view links to. Views name places; the build decides what going there means (the
/// full-page build navigates its router, the widget switches its own views), through [`crate::links`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Home,
    Product(String),
    Cart,
    Checkout,
    Confirmation,
    Account,
    AccountAddresses,
    AccountOrders,
    AccountOrder(String),
    AccountData,
    /// Where a confirmation email's link lands, without its token.
    ConfirmEmail,
    /// Where a newsletter confirmation mail's link lands, without its token.
    NewsletterConfirm,
    /// The unsubscribe page without its token (the address it shows once the token is read).
    Unsubscribe,
}

impl Place {
    /// The place's path on the shop's own site.
    pub fn path(&self) -> String {
        match self {
            Self::Home => HOME.to_owned(),
            Self::Product(slug) => product(slug),
            Self::Cart => CART.to_owned(),
            Self::Checkout => CHECKOUT.to_owned(),
            Self::Confirmation => CONFIRMATION.to_owned(),
            Self::Account => ACCOUNT.to_owned(),
            Self::AccountAddresses => ACCOUNT_ADDRESSES.to_owned(),
            Self::AccountOrders => ACCOUNT_ORDERS.to_owned(),
            Self::AccountOrder(number) => account_order(number),
            Self::AccountData => ACCOUNT_DATA.to_owned(),
            Self::ConfirmEmail => CONFIRM_EMAIL.to_owned(),
            Self::NewsletterConfirm => NEWSLETTER_CONFIRM.to_owned(),
            Self::Unsubscribe => UNSUBSCRIBE.to_owned(),
        }
    }
}

pub fn product(slug: &str) -> String {
    format!("/product/{}", String::from(js_sys::encode_uri_component(slug)))
}

/// The catalog URL for a listing query; defaults are left out so shared links stay short.
pub fn catalog(query: &ProductQuery) -> String {
    let pairs = query.to_pairs();
    if pairs.is_empty() {
        return HOME.to_owned();
    }
    let encoded: Vec<String> =
        pairs.iter().map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v)))).collect();
    format!("/?{}", encoded.join("&"))
}

/// An order of the signed-in shopper's account.
pub fn account_order(number: &str) -> String {
    format!("{ACCOUNT_ORDERS}/{}", String::from(js_sys::encode_uri_component(number)))
}

/// The page an unsubscribe link opens: the link of every marketing message, `/unsubscribe/{token}`.
pub fn unsubscribe(token: &str) -> String {
    format!("{UNSUBSCRIBE}/{}", String::from(js_sys::encode_uri_component(token)))
}

/// Whether a path is a page opened from a link in a message (unsubscribing, confirming a newsletter
/// sign-up or a new email address): such a page loads no tracker and counts no page view whatever the shopper agreed to, since a
/// tracker there could tie a message, and so an address, to a browser. The one list of them.
pub fn untracked(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let under = |prefix: &str| path == prefix || path.strip_prefix(prefix).is_some_and(|rest| rest.starts_with('/'));
    under(UNSUBSCRIBE) || path == NEWSLETTER_CONFIRM || path == CONFIRM_EMAIL
}

/// The route a path belongs to, for analytics page views (the path itself is never sent); none for an
/// [`untracked`] page, which counts nothing.
pub fn route_name(path: &str) -> Option<RouteName> {
    if untracked(path) {
        return None;
    }
    Some(match path.trim_end_matches('/') {
        "" => RouteName::Catalog,
        p if p.starts_with("/product/") => RouteName::Product,
        CART => RouteName::Cart,
        CHECKOUT => RouteName::Checkout,
        CONFIRMATION => RouteName::Confirmation,
        p if p == ACCOUNT || p.strip_prefix(ACCOUNT).is_some_and(|rest| rest.starts_with('/')) => RouteName::Account,
        _ => RouteName::NotFound,
    })
}
