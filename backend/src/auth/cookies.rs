//! The cookies the API reads (the session cookie, `pishkhan_consent`) and the session cookie it sets.
//!
//! The session cookie is `HttpOnly; SameSite=Lax; Path=/` and lives 30 days. Over https (`X-Forwarded-Proto:
//! https`, an https URI, or a server run with `--secure-cookies`) it is `__Host-pishkhan_session` and `Secure`:
//! the `__Host-` prefix makes the browser keep it only when it is Secure, has `Path=/` and no `Domain`, so no
//! sibling subdomain and no plain-http page can set or shadow it. On plain http (development on loopback),
//! where a browser refuses that name, it is `pishkhan_session`. Each request reads only the name that applies
//! to it, so a `pishkhan_session` planted over http means nothing to an https request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use pishkhan_core::consent::COOKIE_NAME as CONSENT_COOKIE;

use crate::AppState;
use crate::problem::ApiError;

/// The session cookie's name over https.
pub const SESSION_COOKIE: &str = "__Host-pishkhan_session";
/// The session cookie's name on plain http (development).
pub const PLAIN_HTTP_SESSION_COOKIE: &str = "pishkhan_session";
/// 30 days, the session's lifetime.
pub const SESSION_MAX_AGE: i64 = 30 * 24 * 60 * 60;

/// The session cookie's name for a request that came over https (`secure`) or not.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure { SESSION_COOKIE } else { PLAIN_HTTP_SESSION_COOKIE }
}

/// Whether the request carries a non-empty session cookie under either name (what guards against forgery
/// look at: whichever name the browser sends, it carries the session's authority).
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    [SESSION_COOKIE, PLAIN_HTTP_SESSION_COOKIE].iter().any(|name| cookie(headers, name).is_some_and(|v| !v.is_empty()))
}

/// The value of the first cookie called `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim().trim_matches('"'))
}

/// What a request says about the session: its cookies and whether it came over https.
#[derive(Debug, Clone, Default)]
pub struct Cookies {
    /// The session token, if the request sent one (valid or not).
    pub session: Option<String>,
    /// The consent id from the `pishkhan_consent` cookie, if any.
    pub consent_id: Option<String>,
    /// The request came over https: the session cookie is `__Host-pishkhan_session`, set with `Secure`.
    pub secure: bool,
}

impl FromRequestParts<AppState> for Cookies {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        Ok(Self::read(&parts.headers, parts.uri.scheme_str(), state.secure_cookies()))
    }
}

impl Cookies {
    pub fn read(headers: &HeaderMap, scheme: Option<&str>, always_secure: bool) -> Self {
        let forwarded_https = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').next().unwrap_or("").trim().eq_ignore_ascii_case("https"));
        let secure = always_secure || forwarded_https || scheme == Some("https");
        Self {
            session: cookie(headers, session_cookie_name(secure)).filter(|v| !v.is_empty()).map(ToOwned::to_owned),
            consent_id: cookie(headers, CONSENT_COOKIE).and_then(consent_id),
            secure,
        }
    }

    /// `Set-Cookie` for a new session.
    pub fn set_session(&self, token: &str) -> HeaderValue {
        self.header(token, SESSION_MAX_AGE)
    }

    /// `Set-Cookie` that removes the session cookie.
    pub fn clear_session(&self) -> HeaderValue {
        self.header("", 0)
    }

    fn header(&self, value: &str, max_age: i64) -> HeaderValue {
        let (name, secure) = (session_cookie_name(self.secure), if self.secure { "; Secure" } else { "" });
        let text = format!("{name}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}");
        // the token is hex, so this always parses; the fallback only keeps the type total
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("pishkhan_session=; Max-Age=0"))
    }
}

/// The `id` of the storefront's consent cookie (URL-encoded JSON), if it is a plausible id.
fn consent_id(raw: &str) -> Option<String> {
    let decoded: String = form_urlencoded::parse(format!("v={raw}").as_bytes()).next()?.1.into_owned();
    let value: serde_json::Value = serde_json::from_str(&decoded).ok()?;
    let id = value.get("id")?.as_str()?;
    let plausible = (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    plausible.then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cookies_and_the_consent_id() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; pishkhan_session=abc ; x=y"));
        headers.append(header::COOKIE, HeaderValue::from_static("pishkhan_consent=%7B%22id%22%3A%22c-12ab%22%7D"));
        let cookies = Cookies::read(&headers, None, false);
        assert_eq!(cookies.session.as_deref(), Some("abc"));
        assert_eq!(cookies.consent_id.as_deref(), Some("c-12ab"));
        assert!(!cookies.secure);
        assert_eq!(
            cookies.set_session("t").to_str().unwrap(),
            "pishkhan_session=t; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000"
        );
        headers.insert("x-forwarded-proto", HeaderValue::from_static("https"));
        let secure = Cookies::read(&headers, None, false);
        assert_eq!(
            secure.clear_session().to_str().unwrap(),
            "__Host-pishkhan_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure"
        );
        assert_eq!(secure.session, None, "over https the plain-http name is not read");
        assert_eq!(consent_id("%7B%22id%22%3A%22%3Cscript%3E%22%7D"), None);
    }

    #[test]
    fn over_https_only_the_host_prefixed_name_is_read() {
        let mut headers = HeaderMap::new();
        headers
            .insert(header::COOKIE, HeaderValue::from_static("pishkhan_session=planted; __Host-pishkhan_session=own"));
        assert_eq!(Cookies::read(&headers, Some("https"), false).session.as_deref(), Some("own"));
        assert_eq!(Cookies::read(&headers, None, true).session.as_deref(), Some("own"));
        assert_eq!(Cookies::read(&headers, None, false).session.as_deref(), Some("planted"));
        assert!(has_session_cookie(&headers));
        headers.insert(header::COOKIE, HeaderValue::from_static("__Host-pishkhan_session=x"));
        assert!(has_session_cookie(&headers));
        assert_eq!(Cookies::read(&headers, None, false).session, None);
        headers.insert(header::COOKIE, HeaderValue::from_static("pishkhan_session="));
        assert!(!has_session_cookie(&headers));
    }
}
