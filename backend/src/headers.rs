//! Response headers every answer carries, and the no-store rule for API responses.

use std::any::Any;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;

use pishkhan_core::Problem;

use crate::problem::ApiError;

/// API answers must not be cached unless a handler says otherwise (the SVG covers do).
pub fn api_layer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

/// Cheap security headers on every response, and a problem+json 500 instead of a dropped connection on panic.
pub fn apply_common(router: Router) -> Router {
    router
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(CatchPanicLayer::custom(panic_response))
}

fn set(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    eprintln!("error: a request handler panicked");
    ApiError::internal().into_response()
}

/// Turns any error answer that is not yet problem+json (an extractor's rejection, a bare 405)
/// into one, keeping its status and headers such as `Allow`. Bodies are not copied: no internals leak.
pub async fn problem_for_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(Problem::MEDIA_TYPE.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let detail = if status.is_server_error() {
        "Something went wrong on our side; please try again."
    } else {
        "The request could not be handled as sent."
    };
    let (parts, _body) = response.into_parts();
    let mut problem = ApiError::with_status(status, "about:blank", detail).into_response();
    for (name, value) in parts.headers.iter().filter(|(name, _)| *name == header::ALLOW) {
        problem.headers_mut().insert(name, value.clone());
    }
    problem
}
