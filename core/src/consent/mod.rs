//! Consent: the shop's tracker configuration, the shopper's choice, and the only way to obtain a
//! [`Grant`] — the value the storefront's script loader demands. No grant, no tracker.

mod choice;
mod config;
mod crawler;
mod event;
mod fingerprint;
mod receipt;

pub use choice::{COOKIE_NAME, Choices, ConsentRecord, Grant, Method, Status, grants, status, withdrawn_services};
pub use config::{ConsentConfig, Purpose, Script, Service, VendorApi};
pub use crawler::is_crawler;
pub use event::{AnalyticsEvent, RouteName};
pub use fingerprint::fingerprint;
pub use receipt::{ConsentReceipt, ReceiptAction};
