//! Checkout: shipping methods and the priced review of an order before it is placed
//! (`POST /api/v1/checkout/review`).

pub mod handlers;
pub mod pricing;
pub mod queries;

use axum::Router;
use axum::routing::post;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/checkout/review", post(handlers::review))
}
