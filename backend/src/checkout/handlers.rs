//! The review handler, with its OpenAPI description.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::checkout::validate::Invalid;
use pishkhan_core::checkout::{Review, ShippingQuoteRequest, regions};
use pishkhan_core::{FieldError, Problem};

use super::{pricing, queries};
use crate::AppState;
use crate::auth::cookies::Cookies;
use crate::orders::caller::new_guest_cookie;
use crate::problem::{ApiError, JsonBody, JsonBodyProblems};

/// Prices the order as it would be placed now: lines, the shipping methods that reach the province,
/// the chosen method (the one asked for if available, else the cheapest), totals and whether it is ready.
///
/// A subtotal of 2,000,000 Toman or more ships free: `discount` equals the shipping price.
///
/// Without a session or guest cookie, the answer sets the guest cookie `pishkhan_guest`, to which the guest's
/// order's `Idempotency-Key` then belongs (see placing an order).
#[utoipa::path(
    post,
    path = "/api/v1/checkout/review",
    tag = "checkout",
    request_body(content = ShippingQuoteRequest, description = "The cart's lines, the destination province's slug and the chosen shipping method, if any", content_type = "application/json"),
    responses(
        (status = 200, description = "The priced review; `ready` is false while a line is short, sold out or unavailable, or the cart is empty", body = Review,
            headers(("Set-Cookie" = String, description = "`pishkhan_guest=…; HttpOnly; SameSite=Lax; Path=/api/v1; Max-Age=86400`: a guest token, when the request had neither a session nor a guest cookie"))),
        (status = 422, description = "A line is invalid, or the province is unknown (field `province`)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn review(
    State(state): State<AppState>,
    cookies: Cookies,
    headers: HeaderMap,
    JsonBody(request): JsonBody<ShippingQuoteRequest>,
) -> Result<Response, ApiError> {
    let mut errors = queries::validate_items(&request.items);
    let province = regions::province(request.province.trim());
    if province.is_none() {
        let invalid = if request.province.trim().is_empty() { Invalid::Required } else { Invalid::UnknownValue };
        errors.push(FieldError::new("province", invalid.code(), invalid.english()));
    }
    let Some(province) = province.filter(|_| errors.is_empty()) else {
        return Err(ApiError::invalid(errors));
    };
    let items = request.items;
    let lines = state.db().run(move |conn| Ok(queries::priced_lines(conn, &items)?)).await?;
    let mut response = Json(pricing::review(lines, province.slug, request.shipping_method.as_deref())).into_response();
    if let Some(cookie) = new_guest_cookie(&headers, &cookies) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}
