//! The cart: pricing a shopper's lines against the catalog (`POST /api/v1/cart/quote`).

pub mod handlers;
pub mod queries;

use axum::Router;
use axum::routing::post;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/cart/quote", post(handlers::quote_cart))
}
