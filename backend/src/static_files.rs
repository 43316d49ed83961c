//! The built storefront: files from a directory, and `index.html` for any other non-API path
//! (the single-page app routes on the client). A missing asset (known file extension) is a 404.
//! Precompressed `.br` / `.gz` siblings (made by `scripts/precompress.mjs` for release builds) are
//! sent to browsers that accept them; content-hashed files may be cached for a year, any other file
//! (the page, the widget's stable-named files) is revalidated.

use std::path::{Path, PathBuf};

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
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

/// Marks an answer that is the storefront's page, a 200 or a 304 alike, so that the security headers
/// give it the page's policy: a 304 has no Content-Type to tell, and the browser takes the headers of
/// a 304 into the page it keeps, so a 304 with the API's policy would blank the page on the next visit.
#[derive(Debug, Clone, Copy)]
pub struct StorefrontPage;

/// Serves `req` from `dir`, falling back to `dir/index.html` for client-side routes.
pub async fn serve(dir: PathBuf, req: Request) -> Response {
    let path = req.uri().path();
    if path == "/api" || path.starts_with("/api/") {
        return ApiError::not_found("There is no such resource.").into_response();
    }
    let hashed = is_content_hashed(path);
    // any path that is no asset is answered with a page: a file of the build, or index.html
    let page = !is_asset(path);
    let mut files = ServeDir::new(&dir).precompressed_br().precompressed_gzip();
    let result = if !page {
        files.try_call(req).await
    } else {
        files
            .fallback(ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip())
            .try_call(req)
            .await
    };
    match result {
        Ok(response) => {
            let mut response = cache_headers(response.into_response(), hashed);
            if page {
                response.extensions_mut().insert(StorefrontPage);
            }
            response
        }
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

/// Whether the file name carries a content hash (`name-0123456789abcdef.ext`, as trunk writes them):
/// such a file never changes, so browsers may keep it.
fn is_content_hashed(path: &str) -> bool {
    let stem = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Content-hashed assets are immutable; everything else (the page, and files with stable names such
/// as the widget's `/widget/pishkhan.js`, which host pages name) must be revalidated, so a new build
/// is picked up.
fn cache_headers(mut response: Response, hashed: bool) -> Response {
    let status = response.status();
    // a 304 updates the headers the browser keeps, so it must not undo `immutable`
    let policy = if hashed && (status.is_success() || status == StatusCode::NOT_MODIFIED) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}
