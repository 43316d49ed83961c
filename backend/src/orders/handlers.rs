//! The order handlers (place, pay), with their OpenAPI descriptions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::checkout::{Order, OrderRequest, OrderStatus, PaymentOutcome};
use rusqlite::TransactionBehavior;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::{Caller, new_guest_cookie};
use super::idempotency::{IdempotencyKey, REPLAYED_HEADER};
use super::place::{self, Placed};
use super::store::{self, Payment};
use crate::AppState;
use crate::auth::client_ip::{ClientIp, UNKNOWN};
use crate::auth::cookies::Cookies;
use crate::clock;
use crate::problem::{ApiError, JsonBody, JsonBodyProblems};

/// The problem type of a 409 for paying an order that expired unpaid.
pub const ORDER_EXPIRED: &str = "/problems/order-expired";

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
///
/// The key is the caller's own: the signed-in account's, else the guest's (by the `pishkhan_guest` cookie,
/// which this answer and the checkout review set when the request has none). A key another caller used is
/// refused like a key reused for a different order (422 `idempotency_key_reused`), and never answers their
/// order.
///
/// The order must be paid by `placed_at` + the shop's payment window (30 minutes unless the shop sets
/// another); unpaid by then it expires (`status: expired`) and its stock goes back on sale.
///
/// At most 20 orders an hour are placed per session (account or guest cookie) and 60 an hour per client
/// address; replays and refused requests do not count. Past that: 429 with `Retry-After`.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    tag = "orders",
    params(
        ("Idempotency-Key" = String, Header, description = "A unique key for this order (1–100 visible ASCII characters), sent again unchanged on every retry", min_length = 1, max_length = 100, pattern = "^[!-~]{1,100}$"),
    ),
    request_body(content = OrderRequest, description = "The order as the shopper reviewed it", content_type = "application/json"),
    responses(
        (status = 201, description = "The order is placed and its stock reserved; it awaits payment", body = Order,
            headers(("Set-Cookie" = String, description = "`pishkhan_guest=…; HttpOnly; SameSite=Lax; Path=/api/v1; Max-Age=86400`: a guest token, when the request had neither a session nor a guest cookie"))),
        (status = 200, description = "A retry: the order placed earlier with this key and the same request", body = Order,
            headers(("Idempotent-Replayed" = String, description = "`true`: this answer repeats an earlier one"))),
        (status = 409, description = "`/problems/order-changed`: prices or stock changed since the review, or the total differs from `expected_total`; nothing was placed or reserved", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named (e.g. `contact.mobile`, `invoice.national_code`, `shipping_method`); a missing or malformed `Idempotency-Key`, or one already used for a different request or by another caller (code `idempotency_key_reused`), names the field `Idempotency-Key`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many orders placed from this session or this address; nothing was placed", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems,
    )
)]
pub async fn place_order(
    State(state): State<AppState>,
    caller: Caller,
    ClientIp(ip): ClientIp,
    cookies: Cookies,
    headers: HeaderMap,
    IdempotencyKey(key): IdempotencyKey,
    JsonBody(request): JsonBody<OrderRequest>,
) -> Result<Response, ApiError> {
    let mut submission = place::check(key, &request)?;
    submission.caller = caller;
    submission.client_ip = (ip != UNKNOWN).then_some(ip);
    submission.pay_within = i64::from(state.unpaid_order_minutes()) * 60;
    let now = clock::now_unix();
    let secret = state.hmac_key().clone();
    let placed = state.db().run(move |conn| place::place(conn, &secret, &submission, now)).await?;
    let mut response = match placed {
        Placed::Created(order) => (StatusCode::CREATED, Json(order)).into_response(),
        Placed::Replayed(order) => {
            (StatusCode::OK, [(REPLAYED_HEADER, HeaderValue::from_static("true"))], Json(order)).into_response()
        }
    };
    if let Some(cookie) = new_guest_cookie(&headers, &cookies) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

/// `POST /orders/{number}/payment` body.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct PaymentRequest {
    /// The `payment_token` of the placed order.
    pub payment_token: String,
}

/// Pays an order. The reference backend completes the payment itself and answers `paid`; paying a paid
/// order answers `paid` again. A shop's payment gateway may instead answer `awaiting_payment` with a
/// `redirect_url` to send the buyer to. An order left unpaid past its payment window has expired (its stock
/// is back on sale) and can no longer be paid: 409 `/problems/order-expired`.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{number}/payment",
    tag = "orders",
    params(("number" = String, Path, description = "The order number, e.g. `PK-48213907`")),
    request_body(content = PaymentRequest, description = "The secret that authorises paying this order", content_type = "application/json"),
    responses(
        (status = 200, description = "The payment's outcome: `paid` with no `redirect_url` here; a gateway may answer a `redirect_url` instead", body = PaymentOutcome),
        (status = 404, description = "No order has this number and payment token (which of the two is wrong is not said)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/order-expired`: the order was left unpaid past its payment window; its stock is back on sale, so order again", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is missing or of the wrong type", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn pay_order(
    State(state): State<AppState>,
    Path(number): Path<String>,
    JsonBody(payment): JsonBody<PaymentRequest>,
) -> Result<Json<PaymentOutcome>, ApiError> {
    let now = clock::now_unix();
    let outcome = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            store::expire_overdue(&tx, now)?;
            let outcome = store::pay(&tx, &number, &payment.payment_token, &clock::rfc3339(now))?;
            tx.commit()?;
            Ok(outcome)
        })
        .await?;
    match outcome {
        Payment::Paid => Ok(Json(PaymentOutcome { status: OrderStatus::Paid, redirect_url: None })),
        Payment::NoSuchOrder => Err(ApiError::not_found("No order has this number and payment token.")),
        Payment::Expired => Err(ApiError::kind(
            409,
            ORDER_EXPIRED,
            "This order expired unpaid",
            "The time to pay for this order ran out, so its items went back on sale; place a new order.",
        )),
    }
}
