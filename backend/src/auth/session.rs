//! Server-side sessions: the browser holds a random 32-byte token in an httpOnly cookie; the database holds
//! only its SHA-256. [`CurrentUser`] is the signed-in account.
//!
//! A session ends at the first of: 30 days after sign-in ([`SESSION_MAX_AGE`]), [`IDLE_TIMEOUT`] (7 days)
//! without a request, signing out, or a change of the account's password, email or mobile number made from
//! another session ([`end_others`]). `last_seen` is written at most every [`LAST_SEEN_STEP`] seconds, to
//! spare the database a write per request, so a session may end up to that much earlier than a week after
//! its last request.
//!
//! The consent id a browser sends is linked to the account only when it signs in ([`link_consent`], from
//! the sign-in's own request): a signed-in request never links whatever consent cookie it carries, so a
//! page cannot attach someone else's consent receipts to an account by setting that cookie.

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use rusqlite::{Connection, OptionalExtension, params};

use super::cookies::{Cookies, SESSION_MAX_AGE};
use super::secret::{sha256_hex, token};
use crate::AppState;
use crate::clock;
use crate::problem::ApiError;

/// A session unused for this long (seconds) has ended: 7 days.
pub const IDLE_TIMEOUT: i64 = 7 * 24 * 60 * 60;
/// `last_seen` is written at most this often (seconds).
pub const LAST_SEEN_STEP: i64 = 60;

/// Starts a session for `user_id` and returns its token (to put in the cookie). The session the request
/// came with, if any, is deleted first: a sign-in always gets a fresh token (no session fixation).
pub fn start(conn: &Connection, user_id: i64, previous: Option<&str>, now: i64) -> rusqlite::Result<String> {
    if let Some(previous) = previous {
        end(conn, previous)?;
    }
    let token = token();
    conn.execute(
        "INSERT INTO sessions (id_hash, user_id, created_at, last_seen, expires_at) VALUES (?1, ?2, ?3, ?3, ?4)",
        params![sha256_hex(&token), user_id, now, now + SESSION_MAX_AGE],
    )?;
    Ok(token)
}

/// Deletes the session with this token, if it exists.
pub fn end(conn: &Connection, token: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [sha256_hex(token)]).map(drop)
}

/// Ends every session of `user_id` but the one with the token hash `keep` (none: every session). Call it in
/// the transaction that changes what the account signs in with, so no other session outlives the change.
pub fn end_others(conn: &Connection, user_id: i64, keep: Option<&str>) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM sessions WHERE user_id = ?1 AND id_hash IS NOT ?2", params![user_id, keep])
}

/// Remembers that `consent_id` (from the consent cookie of a sign-in) was seen with this account, for its
/// data export.
pub fn link_consent(conn: &Connection, user_id: i64, consent_id: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO user_consent_ids (user_id, consent_id, linked_at) VALUES (?1, ?2, ?3)",
        params![user_id, consent_id, clock::now_rfc3339()],
    )
    .map(drop)
}

/// The live account a session token belongs to (neither expired nor idle too long), touching the session's
/// `last_seen`.
fn lookup(conn: &Connection, token: &str, now: i64) -> rusqlite::Result<Option<i64>> {
    let id_hash = sha256_hex(token);
    let found: Option<(i64, i64)> = conn
        .query_row(
            "SELECT s.user_id, s.last_seen FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = ?1 AND s.expires_at > ?2 AND s.last_seen > ?3 AND u.deleted_at IS NULL",
            params![id_hash, now, now - IDLE_TIMEOUT],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((user_id, last_seen)) = found else {
        return Ok(None);
    };
    if now - last_seen >= LAST_SEEN_STEP {
        conn.execute("UPDATE sessions SET last_seen = ?1 WHERE id_hash = ?2", params![now, id_hash])?;
    }
    Ok(Some(user_id))
}

/// The signed-in account, from the session cookie. As an extractor it answers 401
/// `/problems/sign-in-required` when there is no live session; `Option<CurrentUser>` is `None` instead.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub user_id: i64,
    /// The session's token, to end it or replace it.
    pub token: String,
}

impl CurrentUser {
    /// The session's id as stored (the SHA-256 of its token).
    pub fn session_hash(&self) -> String {
        sha256_hex(&self.token)
    }
}

pub const SIGN_IN_REQUIRED: &str = "/problems/sign-in-required";

pub fn sign_in_required() -> ApiError {
    ApiError::kind(401, SIGN_IN_REQUIRED, "Sign in required", "Sign in to continue; your session may have ended.")
}

impl OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, ApiError> {
        let cookies = Cookies::read(&parts.headers, parts.uri.scheme_str(), state.secure_cookies());
        let Some(token) = cookies.session else {
            return Ok(None);
        };
        let now = clock::now_unix();
        let lookup_token = token.clone();
        let user_id = state.db().run(move |conn| Ok(lookup(conn, &lookup_token, now)?)).await?;
        Ok(user_id.map(|user_id| Self { user_id, token }))
    }
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        <Self as OptionalFromRequestParts<AppState>>::from_request_parts(parts, state)
            .await?
            .ok_or_else(sign_in_required)
    }
}
