//! The shop's admin credential: a bearer token from the configuration (`--admin-token-file`), sent as
//! `Authorization: Bearer <token>` by the shop's own tools (never by a browser; no cookie is involved). Without a
//! configured token the admin routes answer 404, as if absent; a missing or wrong token is a 401
//! `/problems/unauthorized` with `WWW-Authenticate: Bearer`. The comparison is of SHA-256 digests in constant
//! time, so neither the token's bytes nor its length leak through timing.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::secret::constant_time_eq;
use crate::AppState;
use crate::problem::ApiError;

pub const UNAUTHORIZED: &str = "/problems/unauthorized";

/// Proof that the request carried the admin token.
#[derive(Debug, Clone, Copy)]
pub struct Admin;

/// Whether `authorization` (the header's value) is `Bearer <token>`.
fn authorized(token: &[u8], authorization: Option<&[u8]>) -> bool {
    let given = authorization
        .and_then(|v| v.strip_prefix(b"Bearer ").or_else(|| v.strip_prefix(b"bearer ")))
        .map(<[u8]>::trim_ascii)
        .unwrap_or_default();
    !given.is_empty() && constant_time_eq(&Sha256::digest(given), &Sha256::digest(token))
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(token) = state.admin_token() else {
            return Err(ApiError::not_found("No such route.").into_response());
        };
        if authorized(token, parts.headers.get(header::AUTHORIZATION).map(HeaderValue::as_bytes)) {
            return Ok(Self);
        }
        let mut response = ApiError::kind(
            401,
            UNAUTHORIZED,
            "Unauthorized",
            "Send Authorization: Bearer with the shop's admin token.",
        )
        .into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        Err(response)
    }
}

#[cfg(test)]
mod tests {
    use super::authorized;

    #[test]
    fn only_the_exact_bearer_token() {
        let token = b"0123456789abcdef0123456789abcdef";
        assert!(authorized(token, Some(b"Bearer 0123456789abcdef0123456789abcdef")));
        for bad in [
            &b"Bearer 0123456789abcdef0123456789abcdeF"[..],
            b"Bearer 0123456789abcdef0123456789abcde",
            b"Basic 0123456789abcdef0123456789abcdef",
            b"0123456789abcdef0123456789abcdef",
            b"Bearer ",
            b"",
        ] {
            assert!(!authorized(token, Some(bad)), "{}", String::from_utf8_lossy(bad));
        }
        assert!(!authorized(token, None));
    }
}
