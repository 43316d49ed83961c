//! The official mobile number: `POST /api/v1/me/mobile` sends a code to the new number;
//! `POST /api/v1/me/mobile/verify` makes it official and tells the old number by SMS.

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use pishkhan_core::Problem;
use pishkhan_core::account::{CodeSent, CodeVerify, Me, MobileChange};
use rusqlite::{Connection, params};

use crate::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::codes::{self, Owner, Purpose};
use crate::auth::flow::send_code_if;
use crate::auth::{CurrentUser, users};
use crate::orders::clock;
use crate::outbox::{self, Message, messages};
use crate::problem::{ApiError, CsrfRejected, JsonBody, JsonBodyProblems, SignInRequired};

fn mobile_taken() -> ApiError {
    ApiError::kind(409, "/problems/mobile-taken", "Mobile number in use", "Another account uses this mobile number.")
}

/// Sends a code to the new mobile number (limited like sign-in codes; the limits are checked, and the
/// request counted, before whether the number is taken is). The number changes once the code is confirmed.
#[utoipa::path(
    post,
    path = "/api/v1/me/mobile",
    tag = "account",
    security(("session" = [])),
    request_body(content = MobileChange, content_type = "application/json"),
    responses(
        (status = 202, description = "A code is on its way to the new number", body = CodeSent),
        (status = 409, description = "`/problems/mobile-taken`: another account uses this number", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `new_mobile` is not a mobile number, or is the current one (`unchanged`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "`/problems/message-not-sent`", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn change_mobile(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    JsonBody(change): JsonBody<MobileChange>,
) -> Result<Response, ApiError> {
    let mobile = change.validate().map_err(ApiError::invalid)?;
    let (user_id, wanted) = (user.user_id, mobile.clone());
    state
        .db()
        .run(move |conn| {
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

/// Confirms the new mobile number with the code sent to it. The old number gets an SMS saying so.
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
            let me = users::me(&tx, user_id)?;
            tx.commit()?;
            Ok((old, me))
        })
        .await?;
    let notice = Message::Sms { to: old, text: messages::mobile_changed(&me.mobile) };
    if let Err(error) = outbox::send(state.sender(), notice).await {
        // the change is made; a lost notice must not undo it
        eprintln!("warning: the old number was not told of the change: {:?}", error.problem.detail);
    }
    Ok(Json(me))
}
