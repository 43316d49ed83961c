//! HTTP handlers of the catalog, with their OpenAPI descriptions.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use pishkhan_core::Problem;
use pishkhan_core::catalog::{Category, Product, ProductPage, SortOrder};

use super::{queries, query_string};
use crate::AppState;
use crate::problem::ApiError;

/// Every category with its product count, in display order.
#[utoipa::path(
    get,
    path = "/api/v1/categories",
    tag = "catalog",
    responses((status = 200, description = "All categories, in display order", body = Vec<Category>))
)]
pub async fn list_categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    let categories = state.db().run(|conn| Ok(queries::categories(conn)?)).await?;
    Ok(Json(categories))
}

/// One page of products, optionally searched and filtered by category.
///
/// Search folds Arabic and Persian letter forms and every digit script, and requires every word
/// of `q` to occur in the title, byline or category name. An unknown category slug yields an empty
/// page with `total` 0.
#[utoipa::path(
    get,
    path = "/api/v1/products",
    tag = "catalog",
    params(
        ("q" = Option<String>, Query, description = "Search words (at most 100 characters); every word must match", max_length = 100),
        ("category" = Option<String>, Query, description = "A category slug", pattern = "^[a-z0-9-]{1,60}$"),
        ("sort" = Option<SortOrder>, Query, description = "Order of the listing; `newest` by default"),
        ("page" = Option<u32>, Query, description = "1-based page number (1..=10000); Persian and Arabic digits are accepted", minimum = 1, maximum = 10000),
        ("per_page" = Option<u32>, Query, description = "Items per page (1..=100, default 24)", minimum = 1, maximum = 100),
    ),
    responses(
        (status = 200, description = "A page of products", body = ProductPage),
        (status = 422, description = "A query parameter is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn list_products(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<ProductPage>, ApiError> {
    let query = query_string::product_query(raw.as_deref()).map_err(ApiError::invalid)?;
    let page = state.db().run(move |conn| Ok(queries::product_page(conn, &query)?)).await?;
    Ok(Json(page))
}

/// One product, by its slug.
#[utoipa::path(
    get,
    path = "/api/v1/products/{slug}",
    tag = "catalog",
    params(("slug" = String, Path, description = "The product's slug")),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 404, description = "No product has this slug", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_product(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Json<Product>, ApiError> {
    let lookup = slug.clone();
    let product = state.db().run(move |conn| Ok(queries::product_by_slug(conn, &lookup)?)).await?;
    product.map(Json).ok_or_else(|| ApiError::not_found(format!("No product has the slug `{slug}`.")))
}
