//! Orders: placing one with an idempotency key (`POST /api/v1/orders`), paying it
//! (`POST /api/v1/orders/{number}/payment`), letting it expire unpaid, and, in development mode only,
//! listing them all.

pub mod caller;
pub mod dev;
pub mod expiry;
pub mod handlers;
pub mod idempotency;
pub mod place;
pub mod random;
pub mod store;

use axum::Router;
use axum::routing::post;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/orders", post(handlers::place_order))
        .route("/api/v1/orders/{number}/payment", post(handlers::pay_order))
}
