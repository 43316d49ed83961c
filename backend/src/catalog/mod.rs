//! The catalog: categories, the product listing with search, and product pages.

pub mod handlers;
pub mod queries;
pub mod query_string;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/categories", get(handlers::list_categories))
        .route("/api/v1/products", get(handlers::list_products))
        .route("/api/v1/products/{slug}", get(handlers::get_product))
}
