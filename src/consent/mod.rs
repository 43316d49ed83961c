//! The consent gate: no tracker loads until the shopper agrees, per purpose. The configuration is
//! the shop's `consent.json`; the only way to load a tracker is `loader::load`, which needs a
//! `Grant` that only `core`'s consent state produces.

mod banner;
mod cookie;
mod host;
mod loader;
mod receipt_notice;
mod settings;
mod store;
mod track;

pub use banner::ConsentBanner;
pub use host::{HostChoice, apply_host_choice};
pub use receipt_notice::ConsentReceiptNotice;
pub use settings::ConsentSettings;
pub use store::ConsentStore;
pub use track::{track, track_page_view};
