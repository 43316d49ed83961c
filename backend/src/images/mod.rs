//! Generated SVG product covers: `GET /api/v1/images/products/{id}.svg`.

mod svg;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use pishkhan_core::Problem;
use rusqlite::OptionalExtension;

use crate::AppState;
use crate::problem::ApiError;

pub use svg::{Cover, render};

/// The root-relative URL of a product's cover, as `image_url` carries it.
pub fn image_url(id: u32) -> String {
    format!("/api/v1/images/products/{id}.svg")
}

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/images/products/{file}", get(product_cover))
}

/// A product's cover: an SVG 300×400 with its title in Persian, coloured by its category.
#[utoipa::path(
    get,
    path = "/api/v1/images/products/{id}.svg",
    tag = "images",
    params(("id" = u32, Path, description = "The product's id")),
    responses(
        (status = 200, description = "The cover (cacheable for a day)", body = String, content_type = "image/svg+xml"),
        (status = 404, description = "No product has this id", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn product_cover(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, ApiError> {
    let missing = || ApiError::not_found("There is no such product image.");
    let id: u32 = file.strip_suffix(".svg").and_then(|id| id.parse().ok()).ok_or_else(missing)?;
    let cover = state.db().run(move |conn| Ok(load_cover(conn, id)?)).await?.ok_or_else(missing)?;
    let headers = [
        (header::CONTENT_TYPE, "image/svg+xml"),
        (header::CACHE_CONTROL, "public, max-age=86400"),
        (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'"),
    ];
    Ok((headers, render(&cover)).into_response())
}

fn load_cover(conn: &rusqlite::Connection, id: u32) -> rusqlite::Result<Option<Cover>> {
    conn.query_row(
        "SELECT p.title, p.byline, c.name_fa, c.hue FROM products p JOIN categories c ON c.id = p.category_id WHERE p.id = ?1",
        [id],
        |row| Ok(Cover { id, title: row.get(0)?, byline: row.get(1)?, category: row.get(2)?, hue: row.get(3)? }),
    )
    .optional()
}
