//! Cross-site request forgery protection for the API. A request that carries the session cookie and uses an
//! unsafe method (POST, PUT, PATCH, DELETE) must also send `X-Requested-With: pishkhan` (a header a cross-site
//! form cannot send and a cross-site script cannot send without a CORS preflight this server never grants)
//! and, if it sends `Origin`, an origin whose host and port are the request's `Host`. Otherwise: 403
//! `/problems/csrf`. A request without the session cookie has no authority to forge and is let through.
//!
//! Exempt **by design**: the unsubscribe routes ([`crate::newsletter::unsubscribe`]). A mailbox provider's
//! RFC 8058 one-click POST sends neither the header nor (usually) cookies, yet must work even from a browser
//! that has the shop's session cookie; those routes act only on the token in their path, never on the session.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cookies::has_session_cookie;
use crate::problem::ApiError;

pub const HEADER: &str = "x-requested-with";
pub const HEADER_VALUE: &str = "pishkhan";
pub const PROBLEM: &str = "/problems/csrf";

pub async fn protect(request: Request, next: Next) -> Response {
    let unsafe_method = matches!(*request.method(), Method::POST | Method::PUT | Method::PATCH | Method::DELETE);
    let exempt = request.uri().path().starts_with(crate::newsletter::UNSUBSCRIBE_PREFIX);
    if unsafe_method && !exempt && has_session_cookie(request.headers()) {
        let authority = request.uri().authority().map(|a| a.as_str().to_owned());
        if let Err(detail) = check(request.headers(), authority.as_deref()) {
            return ApiError::kind(403, PROBLEM, "Cross-site request refused", detail).into_response();
        }
    }
    next.run(request).await
}

fn check(headers: &HeaderMap, uri_authority: Option<&str>) -> Result<(), &'static str> {
    let marked = headers.get(HEADER).and_then(|v| v.to_str().ok()).is_some_and(|v| v.trim() == HEADER_VALUE);
    if !marked {
        return Err("Send the header X-Requested-With: pishkhan with every signed-in change.");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).or(uri_authority);
    let origin_host = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, rest)| rest);
    match (origin_host, host) {
        (Some(origin), Some(host)) if normalise(origin) == normalise(host) => Ok(()),
        _ => Err("This request came from another site."),
    }
}

/// `host:port` lower-cased, without a trailing slash or a default port.
fn normalise(authority: &str) -> String {
    let lower = authority.trim().trim_end_matches('/').to_ascii_lowercase();
    lower.strip_suffix(":80").or_else(|| lower.strip_suffix(":443")).unwrap_or(&lower).to_owned()
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v))).collect()
    }

    #[test]
    fn rules() {
        assert!(check(&headers(&[]), None).is_err());
        assert!(check(&headers(&[("x-requested-with", "pishkhan")]), None).is_ok());
        let same = headers(&[
            ("x-requested-with", "pishkhan"),
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080"),
        ]);
        assert!(check(&same, None).is_ok());
        let https =
            headers(&[("x-requested-with", "pishkhan"), ("origin", "https://Shop.ir"), ("host", "shop.ir:443")]);
        assert!(check(&https, None).is_ok());
        let foreign =
            headers(&[("x-requested-with", "pishkhan"), ("origin", "https://evil.example"), ("host", "shop.ir")]);
        assert!(check(&foreign, None).is_err());
        let null = headers(&[("x-requested-with", "pishkhan"), ("origin", "null"), ("host", "shop.ir")]);
        assert!(check(&null, None).is_err());
        let other_port =
            headers(&[("x-requested-with", "pishkhan"), ("origin", "http://shop.ir:81"), ("host", "shop.ir")]);
        assert!(check(&other_port, None).is_err());
    }
}
