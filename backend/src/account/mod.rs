//! The signed-in shopper's account under `/api/v1/me`: profile, password, official email and mobile,
//! address book, orders, server cart, "my data" export and deletion.

use axum::Router;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
}
