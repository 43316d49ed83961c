//! The official mobile number: `POST /api/v1/me/mobile` (from a session that proved itself recently, see
//! [`super::proof`]) sends a code to the new number; `POST /api/v1/me/mobile/verify` makes it official, ends
//! every other session of the account and tells the old number by SMS. The proof is asked for when the change
//! starts: the code then goes to a number the owner chose, and only that number's holder can finish it.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use pishkhan_core::Problem;
use pishkhan_core::account::{CodeSent, CodeVerify, Me, MobileChange};
use rusqlite::{Connection, params};

use super::proof;
use crate::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::codes::{self, Owner, Purpose};
use crate::auth::flow::send_code_if;
use crate::auth::{CurrentUser, session, users};
use crate::clock;
use crate::outbox::{Message, messages};
use crate::problem::{
    ApiError, CsrfRejected, JsonBody, JsonBodyProblems, MessageNotSent, SignInRequired, TooManyRequests,
};

fn mobile_taken() -> ApiError {
    ApiError::kind(409, "/problems/mobile-taken", "Mobile number in use", "Another account uses this mobile number.")
}

/// Sends a code to the new mobile number, if the session proved itself in the last ten minutes (limited like
/// sign-in codes; the limits are checked, and the request counted, before whether the number is taken is).
/// The number changes once the code is confirmed.
#[utoipa::path(
    post,
    path = "/api/v1/me/mobile",
    tag = "account",
    security(("session" = [])),
    request_body(content = MobileChange, content_type = "application/json"),
    responses(
        (status = 202, description = "A code is on its way to the new number", body = CodeSent),
        (status = 403, description = "`/problems/proof-required`: prove it is the owner first (`POST /api/v1/me/proof`); or `/problems/csrf`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/mobile-taken`: another account uses this number", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `new_mobile` is not a mobile number, or is the current one (`unchanged`)", body = Problem, content_type = "application/problem+json"),
        TooManyRequests,
        MessageNotSent,
        JsonBodyProblems, SignInRequired,
    )
)]
pub async fn change_mobile(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    JsonBody(change): JsonBody<MobileChange>,
) -> Result<Response, ApiError> {
    let mobile = change.validate().map_err(ApiError::invalid)?;
    let (user_id, wanted, now) = (user.user_id, mobile.clone(), clock::now_unix());
    state
        .db()
        .run(move |conn| {
            proof::require(conn, &user, now)?;
            if users::mobile_of(conn, user_id)? == wanted {
                return Err(ApiError::field("new_mobile", "unchanged", "This is already your mobile number"));
            }
            Ok(())
        })
        .await?;
    let free = |conn: &Connection, mobile: &str| match users::by_mobile(conn, mobile)? {
        Some(_) => Err(mobile_taken()),
        None => Ok(()),
    };
    send_code_if(&state, Purpose::MobileChange, mobile, Some(user_id), ip, messages::mobile_change_code, free).await
}

/// Confirms the new mobile number with the code sent to it. Every other session of the account ends; the old
/// number gets an SMS saying so.
#[utoipa::path(
    post,
    path = "/api/v1/me/mobile/verify",
    tag = "account",
    security(("session" = [])),
    request_body(content = CodeVerify, content_type = "application/json"),
    responses(
        (status = 200, description = "The new number is official", body = Me),
        (status = 409, description = "`/problems/mobile-taken`: another account took the number meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `code`: `invalid_code` or `expired_code`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many failed code checks from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn verify_mobile(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    JsonBody(verify): JsonBody<CodeVerify>,
) -> Result<Json<Me>, ApiError> {
    let code = verify.validate().map_err(ApiError::invalid)?;
    let (user_id, now, secret) = (user.user_id, clock::now_unix(), state.hmac_key().clone());
    let session = user.session_hash();
    let (old, me) = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let owner = Owner::User(user_id);
            let new_mobile = match codes::redeem(&tx, &secret, Purpose::MobileChange, owner, &code, &ip, now)? {
                Ok(target) => target,
                Err(error) => {
                    tx.commit()?; // the wrong try counts
                    return Err(error);
                }
            };
            if users::by_mobile(&tx, &new_mobile)?.is_some_and(|other| other != user_id) {
                return Err(mobile_taken());
            }
            let old = users::mobile_of(&tx, user_id)?;
            tx.execute("UPDATE users SET mobile = ?1 WHERE id = ?2", params![new_mobile, user_id])?;
            session::end_others(&tx, user_id, Some(&session))?;
            let me = users::me(&tx, user_id)?;
            tx.commit()?;
            Ok((old, me))
        })
        .await?;
    super::tell_owner(&state, Message::Sms { to: old, text: messages::mobile_changed(&me.mobile) }).await;
    Ok(Json(me))
}
