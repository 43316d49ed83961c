//! Steps every code-confirmed action shares: sending a code (rate-limited), and answering a sign-in with a
//! fresh session cookie.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::account::Me;
use rusqlite::Connection;

use super::codes::{self, Purpose};
use super::cookies::Cookies;
use super::rate_limit;
use crate::AppState;
use crate::orders::clock;
use crate::outbox::{self, Message};
use crate::problem::ApiError;

/// Issues a code for `purpose` to `mobile` (rate-limited per number and per `ip`), sends it by SMS with the
/// text `text(code)`, and answers 202 with [`codes::sent`].
pub async fn send_code(
    state: &AppState,
    purpose: Purpose,
    mobile: String,
    user_id: Option<i64>,
    ip: String,
    text: fn(&str) -> String,
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
    text: fn(&str) -> String,
    check: fn(&Connection, &str) -> Result<(), ApiError>,
) -> Result<Response, ApiError> {
    let now = clock::now_unix();
    let target = mobile.clone();
    let code = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            rate_limit::code_request(&tx, purpose.as_str(), &target, &ip, now)?;
            if let Err(error) = check(&tx, &target) {
                tx.commit()?; // the request counts
                return Err(error);
            }
            let code = codes::issue(&tx, purpose, &target, user_id, now)?;
            tx.commit()?;
            Ok(code)
        })
        .await?;
    outbox::send(state.sender(), Message::Sms { to: mobile, text: text(&code) }).await?;
    Ok((StatusCode::ACCEPTED, Json(codes::sent())).into_response())
}

/// 200 with the profile and a `Set-Cookie` for the new session.
pub fn signed_in(cookies: &Cookies, token: &str, me: Me) -> Response {
    ([(header::SET_COOKIE, cookies.set_session(token))], Json(me)).into_response()
}
