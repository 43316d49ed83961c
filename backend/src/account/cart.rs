//! The account's cart on the server: `GET`/`PUT /api/v1/me/cart`. The storefront merges the guest cart into
//! it at sign-in and puts the result; the server only stores product ids and quantities, repaired.

use axum::Json;
use axum::extract::State;
use pishkhan_core::Problem;
use pishkhan_core::cart::{Cart, CartItem, MAX_LINES};
use rusqlite::{OptionalExtension, params};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::clock;
use crate::problem::{ApiError, CsrfRejected, JsonBody, JsonBodyProblems, SignInRequired};

/// The account's cart lines, in the order they were added (empty if none).
#[utoipa::path(
    get,
    path = "/api/v1/me/cart",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The cart's lines", body = Vec<CartItem>),
        SignInRequired,
    )
)]
pub async fn get(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<CartItem>>, ApiError> {
    let stored: Option<String> = state
        .db()
        .run(move |conn| {
            Ok(conn
                .query_row("SELECT items FROM carts WHERE user_id = ?1", [user.user_id], |row| row.get(0))
                .optional()?)
        })
        .await?;
    let items: Vec<CartItem> = stored.and_then(|json| serde_json::from_str(&json).ok()).unwrap_or_default();
    Ok(Json(Cart::from_items(items).items().to_vec()))
}

/// Replaces the account's cart. Lines are repaired as the storefront's cart is: zero quantities dropped,
/// a product sent twice merged, quantities capped at 99. At most 100 lines.
#[utoipa::path(
    put,
    path = "/api/v1/me/cart",
    tag = "account",
    security(("session" = [])),
    request_body(content = Vec<CartItem>, content_type = "application/json"),
    responses(
        (status = 200, description = "The stored cart, repaired", body = Vec<CartItem>),
        (status = 422, description = "More than 100 lines (field `body`, `too_long`), or a line of the wrong shape", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn put(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(items): JsonBody<Vec<CartItem>>,
) -> Result<Json<Vec<CartItem>>, ApiError> {
    if items.len() > MAX_LINES {
        return Err(ApiError::field("body", "too_long", "A cart holds at most 100 lines"));
    }
    let repaired = Cart::from_items(items).items().to_vec();
    let json = serde_json::to_string(&repaired).map_err(|_| ApiError::internal())?;
    let now = clock::now_rfc3339();
    state
        .db()
        .run(move |conn| {
            conn.execute(
                "INSERT INTO carts (user_id, items, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (user_id) DO UPDATE SET items = excluded.items, updated_at = excluded.updated_at",
                params![user.user_id, json, now],
            )?;
            Ok(())
        })
        .await?;
    Ok(Json(repaired))
}
