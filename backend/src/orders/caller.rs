//! Who is placing an order: the signed-in account, else the guest whose `pishkhan_guest` cookie the request
//! carries, else nobody known. Idempotency keys and the per-session placement limit are scoped to it.
//!
//! The guest cookie is a random 32-byte token (`HttpOnly; SameSite=Lax; Path=/api/v1; Max-Age=86400`,
//! `Secure` when the session cookie would be), set on the checkout review and on placing an order when the
//! request has none, so the storefront already holds it when it places its first order. The server stores no
//! guest token: an order keeps only a SHA-256 of the caller together with the key, which links no two orders.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::cookies::{Cookies, cookie, has_session_cookie};
use crate::auth::secret::{sha256_hex, token};
use crate::problem::ApiError;

pub const GUEST_COOKIE: &str = "pishkhan_guest";
/// A day: long enough for any checkout and its retries, short enough not to follow a guest around.
pub const GUEST_MAX_AGE: i64 = 24 * 60 * 60;

/// Who sent the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A signed-in account.
    User(i64),
    /// A guest, by the token in their guest cookie.
    Guest(String),
    /// No session and no guest cookie (an API client, or a browser that refuses cookies).
    Anonymous,
}

impl Caller {
    /// The key as this caller's own: a retry must come from the same caller to be handed the order. `None` for
    /// an anonymous caller, whose keys are as private as the client keeps them.
    pub fn scope(&self, key: &str) -> Option<String> {
        self.identity().map(|identity| sha256_hex(&format!("{identity}\n{key}")))
    }

    /// The name the per-session placement limit counts under (the limiter stores only its SHA-256).
    pub fn identity(&self) -> Option<String> {
        match self {
            Self::User(id) => Some(format!("user:{id}")),
            Self::Guest(token) => Some(format!("guest:{token}")),
            Self::Anonymous => None,
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self {
            Self::User(id) => Some(*id),
            _ => None,
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let user = <CurrentUser as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        Ok(match (user, guest_token(&parts.headers)) {
            (Some(user), _) => Self::User(user.user_id),
            (None, Some(token)) => Self::Guest(token),
            (None, None) => Self::Anonymous,
        })
    }
}

/// The guest token the request carries, if it has the shape of one this server issues.
pub fn guest_token(headers: &HeaderMap) -> Option<String> {
    let value = cookie(headers, GUEST_COOKIE)?;
    let plausible = value.len() == 64 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    plausible.then(|| value.to_owned())
}

/// A `Set-Cookie` with a new guest token, unless the request is signed in (by its session cookie) or has a
/// guest cookie already.
pub fn new_guest_cookie(headers: &HeaderMap, cookies: &Cookies) -> Option<HeaderValue> {
    if has_session_cookie(headers) || guest_token(headers).is_some() {
        return None;
    }
    let secure = if cookies.secure { "; Secure" } else { "" };
    let text =
        format!("{GUEST_COOKIE}={}; HttpOnly; SameSite=Lax; Path=/api/v1; Max-Age={GUEST_MAX_AGE}{secure}", token());
    HeaderValue::from_str(&text).ok()
}

#[cfg(test)]
mod tests {
    use axum::http::header;

    use super::*;

    #[test]
    fn scopes_differ_by_caller_and_hide_both() {
        let token = "ab".repeat(32);
        let (user, guest) = (Caller::User(7), Caller::Guest(token.clone()));
        assert_ne!(user.scope("k"), guest.scope("k"));
        assert_ne!(user.scope("k"), Caller::User(8).scope("k"));
        assert_ne!(user.scope("k"), user.scope("l"));
        assert_eq!(Caller::Anonymous.scope("k"), None);
        let scope = guest.scope("k").unwrap();
        assert!(scope.len() == 64 && !scope.contains(&token));
    }

    #[test]
    fn a_guest_cookie_only_when_none_and_not_signed_in() {
        let mut headers = HeaderMap::new();
        let cookies = Cookies::default();
        let set = new_guest_cookie(&headers, &cookies).unwrap();
        let text = set.to_str().unwrap();
        assert!(
            text.starts_with("pishkhan_guest=")
                && text.ends_with("; HttpOnly; SameSite=Lax; Path=/api/v1; Max-Age=86400")
        );
        let token = &text["pishkhan_guest=".len()..][..64];
        headers.insert(header::COOKIE, HeaderValue::from_str(&format!("pishkhan_guest={token}")).unwrap());
        assert_eq!(guest_token(&headers).as_deref(), Some(token));
        assert!(new_guest_cookie(&headers, &cookies).is_none());
        headers.insert(header::COOKIE, HeaderValue::from_static("pishkhan_guest=not-ours"));
        assert_eq!(guest_token(&headers), None);
        headers.insert(header::COOKIE, HeaderValue::from_static("pishkhan_session=abc"));
        assert!(new_guest_cookie(&headers, &cookies).is_none());
        let secure = Cookies { secure: true, ..Cookies::default() };
        assert!(new_guest_cookie(&HeaderMap::new(), &secure).unwrap().to_str().unwrap().ends_with("; Secure"));
    }
}
