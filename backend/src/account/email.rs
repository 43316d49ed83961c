//! The official email: `POST /api/v1/me/email` (from a session that proved itself recently, see
//! [`super::proof`]) asks for a change and mails a confirmation link to the new address; `POST
//! /api/v1/auth/email/confirm` (no sign-in needed: the link may be opened on another device) makes it official.
//! The link's token is random, single-use, stored as a SHA-256 and lives 24 hours. Confirming answers only 204,
//! never the profile: whoever holds the link is not necessarily signed in.
//!
//! The email is a login, so once it is official every session of the account ends but the one that asked for
//! it, and the owner is told: by email to the old official address if there was one, else by SMS.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::account::{EmailChange, EmailConfirm, Me};
use rusqlite::{Connection, OptionalExtension, params};

use super::proof;
use crate::AppState;
use crate::auth::rate_limit::{self, EMAIL_CHANGES};
use crate::auth::secret::{sha256_hex, token};
use crate::auth::{CurrentUser, session, users};
use crate::clock;
use crate::outbox::{self, Message, messages};
use crate::problem::{ApiError, JsonBody, JsonBodyProblems, MessageNotSent, SignInRequired};

/// Seconds a confirmation link lives.
pub const TOKEN_LIFETIME: i64 = 24 * 3600;
/// Where the storefront confirms an email; the token is appended.
pub const CONFIRM_PATH: &str = "/account/confirm-email?token=";

fn taken(conn: &Connection, email: &str, user_id: i64) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT 1 FROM users WHERE email = ?1 AND id <> ?2 AND deleted_at IS NULL",
        params![email, user_id],
        |_| Ok(()),
    )
    .optional()
    .map(|found| found.is_some())
}

/// An account whose email change a link confirms: the email it asked for, and its official one until now.
struct Pending {
    user_id: i64,
    email: String,
    old: Option<String>,
}

fn email_taken() -> ApiError {
    ApiError::kind(409, "/problems/email-taken", "Email in use", "Another account uses this email.")
}

/// Asks to make `email` the official address, if the session proved itself in the last ten minutes: it is
/// kept as `pending_email` and a confirmation link is mailed to it. Until the link is opened, the official
/// email (if any) stays. Five requests an hour per account (checked, and the request counted, before whether
/// the email is taken is).
#[utoipa::path(
    post,
    path = "/api/v1/me/email",
    tag = "account",
    security(("session" = [])),
    request_body(content = EmailChange, content_type = "application/json"),
    responses(
        (status = 202, description = "A confirmation link was mailed; the profile shows `pending_email`", body = Me),
        (status = 403, description = "`/problems/proof-required`: prove it is the owner first (`POST /api/v1/me/proof`); or `/problems/csrf`", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`/problems/email-taken`: another account uses this email", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `email` is not an email address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many email changes asked for", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        MessageNotSent,
        JsonBodyProblems, SignInRequired,
    )
)]
pub async fn change_email(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(change): JsonBody<EmailChange>,
) -> Result<Response, ApiError> {
    let email = change.validate().map_err(ApiError::invalid)?;
    let secret = token();
    let now = clock::now_unix();
    let (hash, expires_at, address) = (sha256_hex(&secret), now + TOKEN_LIFETIME, email.clone());
    let (key, session) = (state.hmac_key().clone(), user.session_hash());
    let me = state
        .db()
        .run(move |conn| {
            proof::require(conn, &user, now)?;
            // limit next, so whether an email has an account cannot be probed faster than this
            let account = user.user_id.to_string();
            if let Some(seconds) = rate_limit::wait(conn, &key, "email_change", &account, &EMAIL_CHANGES, now)? {
                let detail = format!("Too many email changes were asked for; try again in {seconds} seconds.");
                return Err(ApiError::too_many(seconds, detail));
            }
            rate_limit::record(conn, &key, "email_change", &account, now)?;
            if taken(conn, &address, user.user_id)? {
                return Err(email_taken());
            }
            conn.execute(
                "UPDATE users SET pending_email = ?1, email_token_hash = ?2, email_token_expires_at = ?3,
                    email_token_session = ?4 WHERE id = ?5",
                params![address, hash, expires_at, session, user.user_id],
            )?;
            Ok(users::me(conn, user.user_id)?)
        })
        .await?;
    let body = messages::email_confirmation(&state.link(&format!("{CONFIRM_PATH}{secret}")));
    let message = Message::email(email, messages::EMAIL_SUBJECT, body);
    outbox::send(state.sender(), message).await?;
    Ok((StatusCode::ACCEPTED, Json(me)).into_response())
}

/// Confirms an email change with the token from the mailed link: the pending email becomes the official one.
/// Works without signing in; the token works once, for 24 hours. Every session of the account ends but the one
/// that asked for the change; the old official email (else the mobile number) is told. The answer has no body
/// (the link proves nothing about who opens it); a signed-in storefront reads `/api/v1/me` again.
#[utoipa::path(
    post,
    path = "/api/v1/auth/email/confirm",
    tag = "auth",
    request_body(content = EmailConfirm, content_type = "application/json"),
    responses(
        (status = 204, description = "The email is official"),
        (status = 409, description = "`/problems/email-taken`: another account made this email official meanwhile", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Field `token`: `invalid_token` (unknown, used or expired)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn confirm_email(
    State(state): State<AppState>,
    JsonBody(confirm): JsonBody<EmailConfirm>,
) -> Result<StatusCode, ApiError> {
    let hash = sha256_hex(confirm.token.trim());
    let now = clock::now_unix();
    let notice = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let found = tx
                .query_row(
                    "SELECT id, pending_email, email, email_token_session, mobile FROM users
                     WHERE email_token_hash = ?1 AND email_token_expires_at > ?2
                        AND pending_email IS NOT NULL AND deleted_at IS NULL",
                    params![hash, now],
                    |row| {
                        let account = Pending { user_id: row.get(0)?, email: row.get(1)?, old: row.get(2)? };
                        Ok((account, row.get::<_, Option<String>>(3)?, row.get::<_, String>(4)?))
                    },
                )
                .optional()?;
            let Some((Pending { user_id, email, old }, asked_by, mobile)) = found else {
                return Err(ApiError::field(
                    "token",
                    "invalid_token",
                    "This link has expired or was already used; ask for a new one from your profile",
                ));
            };
            if taken(&tx, &email, user_id)? {
                return Err(email_taken());
            }
            tx.execute(
                "UPDATE users SET email = pending_email, pending_email = NULL, email_token_hash = NULL,
                    email_token_expires_at = NULL, email_token_session = NULL WHERE id = ?1",
                [user_id],
            )?;
            session::end_others(&tx, user_id, asked_by.as_deref())?;
            tx.commit()?;
            let text = messages::email_changed(&email);
            Ok(match old {
                Some(old) => Message::email(old, messages::EMAIL_CHANGED_SUBJECT, text),
                None => Message::Sms { to: mobile, text },
            })
        })
        .await?;
    super::tell_owner(&state, notice).await;
    Ok(StatusCode::NO_CONTENT)
}
