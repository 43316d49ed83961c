//! The built storefront: files from a directory, and `index.html` for any other non-API path
//! (the single-page app routes on the client). A missing asset (known file extension) is a 404.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower_http::services::{ServeDir, ServeFile};

use crate::problem::ApiError;

/// Extensions of files the build emits; a request for a missing one must not get `index.html`.
const ASSET_EXTENSIONS: &[&str] = &[
    "js",
    "mjs",
    "wasm",
    "css",
    "map",
    "json",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "webp",
    "avif",
    "svg",
    "ico",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "txt",
    "xml",
    "webmanifest",
];

/// Serves `req` from `dir`, falling back to `dir/index.html` for client-side routes.
pub async fn serve(dir: PathBuf, req: Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found("There is no such resource.").into_response();
    }
    let result = if is_asset(path) {
        ServeDir::new(&dir).try_call(req).await
    } else {
        ServeDir::new(&dir).fallback(ServeFile::new(dir.join("index.html"))).try_call(req).await
    };
    match result {
        Ok(response) => revalidate_html(response.into_response()),
        Err(error) => {
            eprintln!("error: static file: {error}");
            ApiError::internal().into_response()
        }
    }
}

fn is_asset(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ASSET_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()))
}

/// HTML must be revalidated so a new build is picked up; hashed assets may be cached by the browser.
fn revalidate_html(mut response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    response
}
