//! Consent: the shop's configuration (`consent.json`, validated at start-up and served with
//! `Cache-Control: no-cache`), the append-only receipts ledger (`POST /api/v1/consent/receipts`) and, in
//! development mode only, a listing of every receipt.

pub mod dev;
pub mod file;
pub mod handlers;
pub mod ledger;

use axum::Router;
use axum::routing::{get, post};

pub use file::{ConsentError, ConsentFile};
pub use ledger::{StoredReceipt, receipts_for_consent_ids};

use crate::AppState;

/// Where the storefront fetches the configuration, beside its `index.html`.
pub const CONFIG_PATH: &str = "/consent.json";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/consent/receipts", post(handlers::record_receipt))
        .route(CONFIG_PATH, get(handlers::consent_json))
}
