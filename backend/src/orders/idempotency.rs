//! The `Idempotency-Key` header and the fingerprint of the request it was first sent with: required to
//! place an order, optional (but used when sent) to save an address.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::HeaderName;
use axum::http::request::Parts;
use pishkhan_core::FieldError;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::problem::ApiError;

pub const HEADER: &str = "Idempotency-Key";
/// `Idempotent-Replayed`, set to `true` on an answer that repeats an order placed earlier with the same key.
pub const REPLAYED_HEADER: HeaderName = HeaderName::from_static("idempotent-replayed");
pub const MAX_LEN: usize = 100;

/// A client-chosen key (1–100 visible ASCII characters) that makes placing an order safe to retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub String);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        <Self as OptionalFromRequestParts<S>>::from_request_parts(parts, state)
            .await?
            .ok_or_else(|| invalid("required", "Send an Idempotency-Key header: a unique key for this order"))
    }
}

/// `Option<IdempotencyKey>`: none sent is `None`; a malformed one is still refused.
impl<S: Send + Sync> OptionalFromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, ApiError> {
        let mut values = parts.headers.get_all(HEADER).iter();
        match (values.next(), values.next()) {
            (None, _) => Ok(None),
            (Some(value), None) => parse(value.as_bytes())
                .map(Some)
                .ok_or_else(|| invalid("invalid_idempotency_key", "The key must be 1 to 100 visible ASCII characters")),
            (Some(_), Some(_)) => Err(invalid("invalid_idempotency_key", "Send one Idempotency-Key header")),
        }
    }
}

fn parse(bytes: &[u8]) -> Option<IdempotencyKey> {
    let visible = (1..=MAX_LEN).contains(&bytes.len()) && bytes.iter().all(|b| (0x21..=0x7e).contains(b));
    visible.then(|| IdempotencyKey(String::from_utf8_lossy(bytes).into_owned()))
}

fn invalid(code: &str, message: &str) -> ApiError {
    ApiError::invalid(vec![FieldError::new(HEADER, code, message)])
}

/// A key sent again with a different request.
pub fn reused() -> ApiError {
    invalid("idempotency_key_reused", "This Idempotency-Key was already used for a different request; use a new key")
}

/// SHA-256 (hex) of the normalised request's JSON: the same order (or address) typed twice hashes the same.
pub fn request_hash(normalised: &impl Serialize) -> String {
    let json = serde_json::to_vec(normalised).unwrap_or_default();
    Sha256::digest(json).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use pishkhan_core::checkout::OrderRequest;

    use super::*;

    #[test]
    fn keys_are_visible_ascii_up_to_100() {
        assert!(parse(b"a").is_some());
        assert!(parse(&[b'k'; 100]).is_some());
        assert!(parse(b"0b1e-4f!~").is_some());
        assert!(parse(b"").is_none());
        assert!(parse(&[b'k'; 101]).is_none());
        assert!(parse(b"has space").is_none());
        assert!(parse("کلید".as_bytes()).is_none());
        assert!(parse(b"tab\t").is_none());
    }

    #[test]
    fn hash_follows_the_request() {
        let a = OrderRequest::default();
        let mut b = a.clone();
        assert_eq!(request_hash(&a), request_hash(&b));
        b.shipping_method = "tipax".into();
        assert_ne!(request_hash(&a), request_hash(&b));
        assert_eq!(request_hash(&a).len(), 64);
    }
}
