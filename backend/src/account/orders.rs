//! The account's orders: `GET /api/v1/me/orders` (summaries, newest first) and `GET /api/v1/me/orders/{number}`.
//! Overdue unpaid orders expire first, so an order past its payment window shows as `expired`.

use axum::Json;
use axum::extract::{Path, State};
use pishkhan_core::Problem;
use pishkhan_core::account::OrderSummary;
use pishkhan_core::checkout::Order;

use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock;
use crate::orders::{expiry, store};
use crate::problem::{ApiError, SignInRequired};

/// The orders placed while signed in to this account, newest first. An order left unpaid past its payment
/// window shows as `expired`.
#[utoipa::path(
    get,
    path = "/api/v1/me/orders",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "One line per order, newest first; `item_count` counts units", body = Vec<OrderSummary>),
        SignInRequired,
    )
)]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<OrderSummary>>, ApiError> {
    let now = clock::now_unix();
    Ok(Json(
        state
            .db()
            .run(move |conn| {
                expiry::sweep(conn, now)?;
                Ok(store::summaries(conn, user.user_id)?)
            })
            .await?,
    ))
}

/// One of the account's orders in full (`expired` if left unpaid past its payment window). Another account's
/// order is a 404, as an unknown number is.
#[utoipa::path(
    get,
    path = "/api/v1/me/orders/{number}",
    tag = "account",
    security(("session" = [])),
    params(("number" = String, Path, description = "The order number, e.g. `PK-48213907`")),
    responses(
        (status = 200, description = "The order", body = Order),
        (status = 404, description = "You have no order with this number", body = Problem, content_type = "application/problem+json"),
        SignInRequired,
    )
)]
pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<Json<Order>, ApiError> {
    let now = clock::now_unix();
    let order = state
        .db()
        .run(move |conn| {
            expiry::sweep(conn, now)?;
            Ok(store::for_user_by_number(conn, user.user_id, &number)?)
        })
        .await?;
    order.map(Json).ok_or_else(|| ApiError::not_found("You have no order with this number."))
}
