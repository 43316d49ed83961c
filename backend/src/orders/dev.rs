//! Development mode only: `GET /api/v1/dev/orders` lists every stored order, so browser tests can check
//! the database holds exactly the orders they placed. Not routed (a 404 problem) outside development
//! mode, and not part of the public OpenAPI document.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use pishkhan_core::checkout::Order;

use super::store;
use crate::AppState;
use crate::problem::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/dev/orders", get(list_orders))
}

/// Every order, oldest first, as the API answers orders.
pub async fn list_orders(State(state): State<AppState>) -> Result<Json<Vec<Order>>, ApiError> {
    Ok(Json(state.db().run(|conn| Ok(store::all(conn)?)).await?))
}
