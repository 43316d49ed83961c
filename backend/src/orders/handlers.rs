//! The order handlers (place, pay), with their OpenAPI descriptions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::checkout::{Order, OrderRequest, OrderStatus, PaymentOutcome};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::idempotency::{IdempotencyKey, REPLAYED_HEADER};
use super::place::{self, Placed};
use super::{clock, store};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::problem::{ApiError, JsonBody, JsonBodyProblems};

/// Places an order. Send a unique `Idempotency-Key` per order and the same key on every retry:
/// a retry with the same key and the same request answers the order placed the first time (200,
/// `Idempotent-Replayed: true`) and never makes a second order or takes stock twice.
///
/// The lines are priced from the catalog; when an item is sold out or short, or the total differs from
/// `expected_total`, nothing is placed or reserved and the answer is 409 `/problems/order-changed`:
/// review the order again.
///
/// With a session cookie the order belongs to the signed-in account (listed under `/api/v1/me/orders`), and
/// `save_address: true` keeps the delivery address (with its recipient, if someone else) in the address
/// book. Without one, `save_address` is ignored.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    tag = "orders",
    params(
        ("Idempotency-Key" = String, Header, description = "A unique key for this order (1–100 visible ASCII characters), sent again unchanged on every retry", min_length = 1, max_length = 100, pattern = "^[!-~]{1,100}$"),
    ),
    request_body(content = OrderRequest, description = "The order as the shopper reviewed it", content_type = "application/json"),
    responses(
        (status = 201, description = "The order is placed and its stock reserved; it awaits payment", body = Order),
        (status = 200, description = "A retry: the order placed earlier with this key and the same request", body = Order,
            headers(("Idempotent-Replayed" = String, description = "`true`: this answer repeats an earlier one"))),
        (status = 409, description = "`/problems/order-changed`: prices or stock changed since the review, or the total differs from `expected_total`; nothing was placed or reserved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named (e.g. `contact.mobile`, `invoice.national_code`, `shipping_method`); a missing or malformed `Idempotency-Key`, or one already used for a different request (code `idempotency_key_reused`), names the field `Idempotency-Key`", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn place_order(
    State(state): State<AppState>,
    user: Option<CurrentUser>,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(request): JsonBody<OrderRequest>,
) -> Result<Response, ApiError> {
    let mut submission = place::check(key, &request)?;
    submission.user_id = user.map(|user| user.user_id);
    let placed = state.db().run(move |conn| place::place(conn, &submission)).await?;
    Ok(match placed {
        Placed::Created(order) => (StatusCode::CREATED, Json(order)).into_response(),
        Placed::Replayed(order) => {
            (StatusCode::OK, [(REPLAYED_HEADER, HeaderValue::from_static("true"))], Json(order)).into_response()
        }
    })
}

/// `POST /orders/{number}/payment` body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentRequest {
    /// The `payment_token` of the placed order.
    pub payment_token: String,
}

/// Pays an order. The reference backend completes the payment itself and answers `paid`; paying a paid
/// order answers `paid` again. A shop's payment gateway may instead answer `awaiting_payment` with a
/// `redirect_url` to send the buyer to.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/payment",
    tag = "orders",
    params(("number" = String, Path, description = "The order number, e.g. `PK-48213907`")),
    request_body(content = PaymentRequest, description = "The secret that authorises paying this order", content_type = "application/json"),
    responses(
        (status = 200, description = "The payment's outcome: `paid` with no `redirect_url` here; a gateway may answer a `redirect_url` instead", body = PaymentOutcome),
        (status = 404, description = "No order has this number and payment token (which of the two is wrong is not said)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or of the wrong type", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn pay_order(
    State(state): State<AppState>,
    Path(number): Path<String>,
    JsonBody(payment): JsonBody<PaymentRequest>,
) -> Result<Json<PaymentOutcome>, ApiError> {
    let paid_at = clock::now_rfc3339();
    let paid =
        state.db().run(move |conn| Ok(store::mark_paid(conn, &number, &payment.payment_token, &paid_at)?)).await?;
    if !paid {
        return Err(ApiError::not_found("No order has this number and payment token."));
    }
    Ok(Json(PaymentOutcome { status: OrderStatus::Paid, redirect_url: None }))
}
