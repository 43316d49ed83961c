//! The review handler, with its OpenAPI description.

use axum::Json;
use axum::extract::State;
use pishkhan_core::checkout::validate::Invalid;
use pishkhan_core::checkout::{Review, ShippingQuoteRequest, regions};
use pishkhan_core::{FieldError, Problem};

use super::{pricing, queries};
use crate::AppState;
use crate::problem::{ApiError, JsonBody, JsonBodyProblems};

/// Prices the order as it would be placed now: lines, the shipping methods that reach the province,
/// the chosen method (the one asked for if available, else the cheapest), totals and whether it is ready.
///
/// A subtotal of 2,000,000 Toman or more ships free: `discount` equals the shipping price.
#[utoipa::path(
    post,
    path = "/api/v1/checkout/review",
    tag = "checkout",
    request_body(content = ShippingQuoteRequest, description = "The cart's lines, the destination province's slug and the chosen shipping method, if any", content_type = "application/json"),
    responses(
        (status = 200, description = "The priced review; `ready` is false while a line is short, sold out or unavailable, or the cart is empty", body = Review),
        (status = 422, description = "A line is invalid, or the province is unknown (field `province`)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn review(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<ShippingQuoteRequest>,
) -> Result<Json<Review>, ApiError> {
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
    Ok(Json(pricing::review(lines, province.slug, request.shipping_method.as_deref())))
}
