//! The sign-in handlers (code, password, sign-out), with their OpenAPI descriptions.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::account::{CodeRequest, CodeSent, CodeSignIn, PasswordSignIn};
use rusqlite::TransactionBehavior;

use super::client_ip::ClientIp;
use super::codes::{self, Owner, Purpose};
use super::cookies::Cookies;
use super::flow::{SignedIn, send_code, signed_in, start_session};
use super::rate_limit::{self, PASSWORD_FAILURES, PASSWORD_FAILURES_PER_IP, PASSWORD_FAILURES_PER_LOGIN};
use super::{password, session, users};
use crate::AppState;
use crate::clock;
use crate::outbox::messages;
use crate::problem::{ApiError, CsrfRejected, JsonBody, JsonBodyProblems};

/// Sends a six-digit sign-in code by SMS. Signing up is the same: the account is made when the code is
/// confirmed. The answer is the same whether or not the number has an account.
///
/// Limits: one code a minute and five an hour for a number from one client address; ten an hour for a number
/// from all addresses together; twenty code requests an hour per client address (an IPv6 client is one /64).
/// Asking from another address never cancels a code already sent: each stays good until it is used or expires.
#[utoipa::path(
    post,
    path = "/api/v1/auth/code",
    tag = "auth",
    request_body(content = CodeRequest, description = "The mobile number, in any common form", content_type = "application/json"),
    responses(
        (status = 202, description = "A code is on its way; it lives `expires_in_seconds`, and another may be asked for after `resend_in_seconds`", body = CodeSent),
        (status = 422, description = "The field `mobile` is not an Iranian mobile number", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many codes for this number from this address, for this number, or from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 503, description = "`/problems/message-not-sent`: the SMS could not be sent", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn request_code(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(request): JsonBody<CodeRequest>,
) -> Result<Response, ApiError> {
    let mobile = request.validate().map_err(ApiError::invalid)?;
    send_code(&state, Purpose::SignIn, mobile, None, ip, messages::sign_in_code).await
}

/// Signs in (or up) with a code sent by SMS: any live code sent to the number works, whoever asked for it.
/// A wrong code counts a try on each live code; a code takes five wrong tries from the address that asked for
/// it and five from all others, after which it is dead to them; after five minutes it is dead. Thirty failed
/// checks in fifteen minutes from one client address block that address for the rest of the window. Success
/// always starts a new session with a new token (a session cookie
/// sent with this request is ended), set as the session cookie (`__Host-pishkhan_session` over https,
/// `pishkhan_session` on plain http; `HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000`, and `Secure` over https).
#[utoipa::path(
    post,
    path = "/api/v1/auth/code/verify",
    tag = "auth",
    request_body(content = CodeSignIn, description = "The mobile number and the code sent to it", content_type = "application/json"),
    responses(
        SignedIn,
        (status = 403, description = "`/problems/csrf`: a session cookie was sent without `X-Requested-With: pishkhan`, or from another origin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `code`: `invalid_code` (wrong; a try is counted) or `expired_code` (expired, used, or five wrong tries; ask for a new one); or field `mobile`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many failed code checks from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems,
    )
)]
pub async fn verify_code(
    State(state): State<AppState>,
    cookies: Cookies,
    ClientIp(ip): ClientIp,
    JsonBody(request): JsonBody<CodeSignIn>,
) -> Result<Response, ApiError> {
    let (mobile, code) = request.validate().map_err(ApiError::invalid)?;
    let (now, secret) = (clock::now_unix(), state.hmac_key().clone());
    let (previous, consent_id) = (cookies.session.clone(), cookies.consent_id.clone());
    let (me, token) = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let owner = Owner::Mobile(&mobile);
            if let Err(error) = codes::redeem(&tx, &secret, Purpose::SignIn, owner, &code, &ip, now)? {
                tx.commit()?; // the wrong try counts
                return Err(error);
            }
            let user_id = users::find_or_create(&tx, &mobile)?;
            let signed = start_session(&tx, user_id, previous.as_deref(), consent_id.as_deref(), now)?;
            tx.commit()?;
            Ok(signed)
        })
        .await?;
    Ok(signed_in(&cookies, &token, me))
}

/// Signs in with a mobile number or the official email, and a password. A wrong login or password gets
/// one answer (which was wrong is not said). Five failures in fifteen minutes for a login from one client
/// address lock that login for that address for the rest of the window; a hundred a day for a login from all
/// addresses together lock it for everyone; thirty failures from one address in fifteen minutes lock that
/// address. Signing in by code is never locked by password failures. An attempt counts as a failure from the
/// moment it starts until it succeeds, so parallel guesses cannot pass the limit. Success starts a new
/// session as signing in by code does.
#[utoipa::path(
    post,
    path = "/api/v1/auth/password",
    tag = "auth",
    request_body(content = PasswordSignIn, description = "A mobile number or email, and the password", content_type = "application/json"),
    responses(
        SignedIn,
        (status = 401, description = "`/problems/sign-in-failed`: the login or the password is wrong", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `login` is neither a mobile number nor an email, or `password` is empty", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many failures for this login from this address, for this login, or from this address; signing in by code still works", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems, CsrfRejected,
    )
)]
pub async fn password_sign_in(
    State(state): State<AppState>,
    cookies: Cookies,
    ClientIp(ip): ClientIp,
    JsonBody(request): JsonBody<PasswordSignIn>,
) -> Result<Response, ApiError> {
    let login = request.validate().map_err(ApiError::invalid)?;
    let (now, secret) = (clock::now_unix(), state.hmac_key().clone());
    let (account, attempts) = state
        .db()
        .run(move |conn| {
            // check and count the attempt in one immediate transaction: a parallel attempt sees this one
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let from_here = format!("{login} {ip}");
            let checks = [
                ("password_login_ip", from_here.as_str(), &PASSWORD_FAILURES[..]),
                ("password_login", &login, &PASSWORD_FAILURES_PER_LOGIN),
                ("password_ip", &ip, &PASSWORD_FAILURES_PER_IP),
            ];
            let attempts = rate_limit::attempt(&tx, &secret, &checks, now, |seconds| {
                format!("Too many failed sign-ins; try again in {seconds} seconds or sign in by code.")
            })?;
            let account = users::by_login(&tx, &login)?;
            tx.commit()?;
            Ok((account, attempts))
        })
        .await?;
    let (user_id, phc) = account.map_or((None, None), |(id, phc)| (Some(id), phc));
    let matches = password::verify(request.password, phc).await?;
    let (previous, consent_id) = (cookies.session.clone(), cookies.consent_id.clone());
    let signed = state
        .db()
        .run(move |conn| {
            let Some(user_id) = user_id.filter(|_| matches) else {
                return Ok(None); // the attempt stays counted as a failure
            };
            let tx = conn.transaction()?;
            rate_limit::forget(&tx, &attempts)?;
            let signed = start_session(&tx, user_id, previous.as_deref(), consent_id.as_deref(), now)?;
            tx.commit()?;
            Ok(Some(signed))
        })
        .await?;
    let Some((me, token)) = signed else {
        return Err(ApiError::kind(
            401,
            "/problems/sign-in-failed",
            "Sign-in failed",
            "The mobile number or email, or the password, is wrong.",
        ));
    };
    Ok(signed_in(&cookies, &token, me))
}

/// Signs out: the session ends on the server and the cookie is removed. Answers 204 even without a session.
#[utoipa::path(
    post,
    path = "/api/v1/auth/sign-out",
    tag = "auth",
    responses(
        (status = 204, description = "Signed out; a `Set-Cookie` removes the session cookie",
            headers(("Set-Cookie" = String, description = "`__Host-pishkhan_session=; …; Max-Age=0; Secure` (`pishkhan_session` on plain http)"))),
        CsrfRejected,
    )
)]
pub async fn sign_out(State(state): State<AppState>, cookies: Cookies) -> Result<Response, ApiError> {
    if let Some(token) = cookies.session.clone() {
        state.db().run(move |conn| Ok(session::end(conn, &token)?)).await?;
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookies.clear_session())]).into_response())
}
