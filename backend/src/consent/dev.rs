//! Development mode only: `GET /api/v1/dev/consent-receipts` lists every recorded receipt, so browser tests
//! can check what the consent banner posted. Not routed (a 404 problem) outside development mode, and not
//! part of the public OpenAPI document.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};

use super::ledger::{self, StoredReceipt};
use crate::AppState;
use crate::problem::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/dev/consent-receipts", get(list_receipts))
}

/// Every receipt, oldest first, with its `receipt_id` and `recorded_at`.
pub async fn list_receipts(State(state): State<AppState>) -> Result<Json<Vec<StoredReceipt>>, ApiError> {
    Ok(Json(state.db().run(|conn| Ok(ledger::all(conn)?)).await?))
}
