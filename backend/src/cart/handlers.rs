//! The quote handler, with its OpenAPI description.

use axum::Json;
use axum::extract::State;
use pishkhan_core::Problem;
use pishkhan_core::cart::{CartQuote, QuoteRequest, price_line, quote};

use super::queries;
use crate::AppState;
use crate::problem::{ApiError, JsonBody, JsonBodyProblems, invalid_if_any};

/// Prices cart lines against the catalog: current unit prices, stock limits, and which lines changed.
#[utoipa::path(
    post,
    path = "/api/v1/cart/quote",
    tag = "cart",
    request_body(content = QuoteRequest, description = "The cart's lines, with the unit price the shopper last saw", content_type = "application/json"),
    responses(
        (status = 200, description = "The priced cart", body = CartQuote),
        (status = 422, description = "A line is invalid (quantity, duplicate product, wrong type, missing field)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn quote_cart(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<QuoteRequest>,
) -> Result<Json<CartQuote>, ApiError> {
    invalid_if_any(request.validate())?;
    let ids: Vec<u32> = request.items.iter().map(|item| item.product_id).collect();
    let mut products = state.db().run(move |conn| Ok(queries::stocked_products(conn, &ids)?)).await?;
    let lines = request.items.iter().map(|item| price_line(item, products.remove(&item.product_id))).collect();
    Ok(Json(quote(lines)))
}
