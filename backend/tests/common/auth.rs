//! Account fixtures: asking for and reading sign-in codes (from the development outbox table), signing in,
//! and sending requests with a session cookie and the CSRF header.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Method, Request, header};
use serde_json::{Value, json};

use super::{TestApp, TestResponse};

pub const CODE: &str = "/api/v1/auth/code";
pub const VERIFY: &str = "/api/v1/auth/code/verify";
pub const PASSWORD: &str = "/api/v1/auth/password";
pub const SIGN_OUT: &str = "/api/v1/auth/sign-out";
pub const ME: &str = "/api/v1/me";
pub const PROOF: &str = "/api/v1/me/proof";
pub const PROOF_CODE: &str = "/api/v1/me/proof-code";
pub const MY_PASSWORD: &str = "/api/v1/me/password";
pub const MOBILE: &str = "09121234567";
/// The session cookie's name on plain http, as these tests send requests.
pub const SESSION: &str = "pishkhan_session";
/// Its name over https.
pub const HOST_SESSION: &str = "__Host-pishkhan_session";

/// The first run of six ASCII digits in `text`.
pub fn six_digits(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len().saturating_sub(5))
        .find(|&i| {
            bytes[i..i + 6].iter().all(u8::is_ascii_digit)
                && (i == 0 || !bytes[i - 1].is_ascii_digit())
                && bytes.get(i + 6).is_none_or(|b| !b.is_ascii_digit())
        })
        .map(|i| text[i..i + 6].to_owned())
}

/// The session token a response's `Set-Cookie` sets under either name (`Some("")` when it removes the cookie).
pub fn session_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{SESSION}=")).or_else(|| v.strip_prefix(&format!("{HOST_SESSION}="))))
        .map(|rest| rest.split(';').next().unwrap_or("").to_owned())
}

/// A request as the storefront sends it when signed in: the session cookie and `X-Requested-With`.
pub fn as_user(method: Method, uri: &str, token: &str, body: Option<&Value>) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, format!("{SESSION}={token}"))
        .header("X-Requested-With", "pishkhan");
    if body.is_some() {
        request = request.header(header::CONTENT_TYPE, "application/json");
    }
    request.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string()))).unwrap()
}

/// `request` as if it came from this IPv4 client address.
pub fn from_ip(request: Request<Body>, ip: [u8; 4]) -> Request<Body> {
    from_addr(request, IpAddr::from(ip))
}

/// `request` as if it came from this client address.
pub fn from_addr(mut request: Request<Body>, ip: IpAddr) -> Request<Body> {
    request.extensions_mut().insert(ConnectInfo(SocketAddr::new(ip, 40_000)));
    request
}

impl TestApp {
    pub async fn request_code(&self, mobile: &str) -> TestResponse {
        self.post_json(CODE, &json!({ "mobile": mobile }).to_string()).await
    }

    /// Asks for a sign-in code for `mobile` from the client address `ip`.
    pub async fn request_code_from(&self, mobile: &str, ip: [u8; 4]) -> TestResponse {
        self.send(from_ip(super::json_request(CODE, &json!({ "mobile": mobile }).to_string(), &[]), ip)).await
    }

    /// Checks a sign-in code for `mobile` from the client address `ip`.
    pub async fn verify_from(&self, mobile: &str, code: &str, ip: [u8; 4]) -> TestResponse {
        let body = json!({ "mobile": mobile, "code": code }).to_string();
        self.send(from_ip(super::json_request(VERIFY, &body, &[]), ip)).await
    }

    /// The newest SMS sent to `mobile`.
    pub fn last_sms(&self, mobile: &str) -> String {
        self.sql()
            .query_row(
                "SELECT body FROM outbox WHERE channel = 'sms' AND recipient = ?1 ORDER BY id DESC LIMIT 1",
                [mobile],
                |r| r.get(0),
            )
            .unwrap_or_else(|e| panic!("no SMS to {mobile}: {e}"))
    }

    /// The code in the newest SMS to `mobile`.
    pub fn last_code(&self, mobile: &str) -> String {
        let sms = self.last_sms(mobile);
        six_digits(&sms).unwrap_or_else(|| panic!("no code in {sms}"))
    }

    pub async fn verify(&self, mobile: &str, code: &str) -> TestResponse {
        self.post_json(VERIFY, &json!({ "mobile": mobile, "code": code }).to_string()).await
    }

    /// Signs in (or up) `mobile` by code and returns the session token.
    pub async fn sign_in(&self, mobile: &str) -> String {
        let sent = self.request_code(mobile).await;
        assert_eq!(sent.status, 202, "{}", sent.text());
        let signed = self.verify(mobile, &self.last_code(mobile)).await;
        assert_eq!(signed.status, 200, "{}", signed.text());
        session_cookie(&signed).expect("a session cookie")
    }

    pub async fn as_user(&self, method: Method, uri: &str, token: &str, body: Option<Value>) -> TestResponse {
        self.send(as_user(method, uri, token, body.as_ref())).await
    }

    pub async fn get_as(&self, uri: &str, token: &str) -> TestResponse {
        self.as_user(Method::GET, uri, token, None).await
    }

    /// Proves `token`'s session is the owner's with a code texted to the account's mobile number.
    pub async fn prove(&self, token: &str) -> TestResponse {
        let mobile = self.get_as(ME, token).await.json()["mobile"].as_str().unwrap().to_owned();
        let sent = self.as_user(Method::POST, PROOF_CODE, token, None).await;
        assert_eq!(sent.status, 202, "{}", sent.text());
        let proven = self.as_user(Method::POST, PROOF, token, Some(json!({ "code": self.last_code(&mobile) }))).await;
        assert_eq!(proven.status, 200, "{}", proven.text());
        proven
    }

    /// Proves `token`'s session with the account's password.
    pub async fn prove_with_password(&self, token: &str, password: &str) -> TestResponse {
        self.as_user(Method::POST, PROOF, token, Some(json!({ "current_password": password }))).await
    }

    /// Proves the session by code and sets the account's password.
    pub async fn set_password(&self, token: &str, password: &str) -> TestResponse {
        self.prove(token).await;
        self.as_user(Method::PUT, MY_PASSWORD, token, Some(json!({ "new_password": password }))).await
    }

    /// Lets the newest code of a purpose expire, as five minutes passing would.
    pub fn expire_codes(&self) {
        self.sql().execute("UPDATE one_time_codes SET expires_at = 0", []).unwrap();
    }

    /// Forgets every rate-limit event, as an hour passing would.
    pub fn forget_rate_limits(&self) {
        self.sql().execute("DELETE FROM rate_events", []).unwrap();
    }
}
