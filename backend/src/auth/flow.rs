//! Steps every code-confirmed action shares: sending a code (rate-limited), and answering a sign-in with a
//! fresh session cookie.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::account::Me;
use rusqlite::Connection;
use utoipa::IntoResponses;

use super::codes::{self, Purpose};
use super::cookies::Cookies;
use super::{rate_limit, session, users};
use crate::AppState;
use crate::clock;
use crate::outbox::{self, Message, Text};
use crate::problem::ApiError;

/// Texts a code of `purpose` to the signed-in account's own mobile number (to prove it is the owner, or to
/// confirm deleting the account).
pub async fn send_code_to_account(
    state: &AppState,
    user_id: i64,
    ip: String,
    purpose: Purpose,
    text: fn(&str) -> Text,
) -> Result<Response, ApiError> {
    let mobile = state.db().run(move |conn| Ok(users::mobile_of(conn, user_id)?)).await?;
    send_code(state, purpose, mobile, Some(user_id), ip, text).await
}

/// Issues a code for `purpose` to `mobile` (rate-limited per number and `ip`, per number, and per `ip`),
/// sends it by SMS with the text `text(code)`, and answers 202 with [`codes::sent`].
pub async fn send_code(
    state: &AppState,
    purpose: Purpose,
    mobile: String,
    user_id: Option<i64>,
    ip: String,
    text: fn(&str) -> Text,
) -> Result<Response, ApiError> {
    send_code_if(state, purpose, mobile, user_id, ip, text, |_, _| Ok(())).await
}

/// As [`send_code`], but `check(conn, mobile)` must pass first. It runs only once the request has passed
/// the rate limits and been counted against them, so what it reveals (e.g. that the number has an account)
/// cannot be probed faster than codes can be asked for; if it fails, no code is issued.
pub async fn send_code_if(
    state: &AppState,
    purpose: Purpose,
    mobile: String,
    user_id: Option<i64>,
    ip: String,
    text: fn(&str) -> Text,
    check: fn(&Connection, &str) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let now = clock::now_unix();
    let (target, secret) = (mobile.clone(), state.hmac_key().clone());
    let code = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            rate_limit::code_request(&tx, &secret, purpose.as_str(), &target, &ip, now)?;
            if let Err(error) = check(&tx, &target) {
                tx.commit()?; // the request counts
                return Err(error);
            }
            let code = codes::issue(&tx, &secret, purpose, &target, user_id, &ip, now)?;
            tx.commit()?;
            Ok(code)
        })
        .await?;
    outbox::send(state.sender(), Message::Sms { to: mobile, text: text(&code) }).await?;
    Ok((StatusCode::ACCEPTED, Json(codes::sent())).into_response())
}

/// Starts a session for `user_id`, ending the `previous` one, and links the browser's consent id to the
/// account (call inside the sign-in's transaction). Returns the profile and the new session token.
pub fn start_session(
    conn: &Connection,
    user_id: i64,
    previous: Option<&str>,
    consent_id: Option<&str>,
    now: i64,
) -> rusqlite::Result<(Me, String)> {
    let token = session::start(conn, user_id, previous, now)?;
    if let Some(consent_id) = consent_id {
        session::link_consent(conn, user_id, consent_id)?;
    }
    Ok((users::me(conn, user_id)?, token))
}

/// The 200 of [`signed_in`], as the OpenAPI document describes it.
#[derive(IntoResponses)]
#[response(
    status = 200,
    description = "Signed in; the profile, with a `Set-Cookie` for the session",
    headers(("Set-Cookie" = String, description = "`__Host-pishkhan_session=…; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000; Secure` (on plain http `pishkhan_session`, without `Secure`)"))
)]
pub struct SignedIn(pub Me);

/// 200 with the profile and a `Set-Cookie` for the new session.
pub fn signed_in(cookies: &Cookies, token: &str, me: Me) -> Response {
    ([(header::SET_COOKIE, cookies.set_session(token))], Json(me)).into_response()
}
