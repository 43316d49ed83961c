//! One-time codes sent by SMS: issued for a purpose and a mobile number, stored as a SHA-256, alive five
//! minutes, dead after five wrong tries, and good once. Only the newest code of a purpose and number counts.

use pishkhan_core::account::CodeSent;
use rusqlite::{Connection, OptionalExtension, params};

use super::rate_limit::PER_MOBILE;
use super::secret::{sha256_hex, six_digit_code};
use crate::problem::ApiError;

/// Seconds a code lives.
pub const LIFETIME: i64 = 300;
/// Wrong tries after which a code is dead.
pub const MAX_ATTEMPTS: i64 = 5;

/// What a code confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    MobileChange,
    DeleteAccount,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::MobileChange => "mobile_change",
            Self::DeleteAccount => "delete_account",
        }
    }
}

/// Which code to check: the newest sent to a number (signing in), or the newest of an account (changes).
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Mobile(&'a str),
    User(i64),
}

/// The answer to a code request.
pub fn sent() -> CodeSent {
    CodeSent { expires_in_seconds: LIFETIME as u32, resend_in_seconds: PER_MOBILE[0].window as u32 }
}

fn hash(purpose: Purpose, target: &str, code: &str) -> String {
    sha256_hex(&format!("{}:{target}:{code}", purpose.as_str()))
}

/// Issues a new code for `purpose` to `target` (a mobile number), retiring the older unused ones of the same
/// purpose and owner; returns the code to send.
pub fn issue(
    conn: &Connection,
    purpose: Purpose,
    target: &str,
    user_id: Option<i64>,
    now: i64,
) -> rusqlite::Result<String> {
    conn.execute("DELETE FROM one_time_codes WHERE expires_at < ?1", [now - 24 * 3600])?;
    match user_id {
        Some(user_id) => conn.execute(
            "UPDATE one_time_codes SET used_at = ?1 WHERE purpose = ?2 AND used_at IS NULL AND user_id = ?3",
            params![now, purpose.as_str(), user_id],
        )?,
        None => conn.execute(
            "UPDATE one_time_codes SET used_at = ?1 WHERE purpose = ?2 AND used_at IS NULL AND target = ?3",
            params![now, purpose.as_str(), target],
        )?,
    };
    let code = six_digit_code();
    conn.execute(
        "INSERT INTO one_time_codes (purpose, target, user_id, code_hash, expires_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![purpose.as_str(), target, user_id, hash(purpose, target, &code), now + LIFETIME, now],
    )?;
    Ok(code)
}

/// Checks `code` against the newest code of `purpose` and `owner`. On success the code is used up and its
/// target (the mobile number it was sent to) is returned; a wrong code counts a try. Errors are 422s naming
/// the field `code`: `invalid_code` (wrong) or `expired_code` (none, expired, used, or dead after five tries).
/// Call inside a transaction, and commit even on a wrong code so the try is counted.
pub fn redeem(
    conn: &Connection,
    purpose: Purpose,
    owner: Owner<'_>,
    code: &str,
    now: i64,
) -> rusqlite::Result<Result<String, ApiError>> {
    let sql = match owner {
        Owner::Mobile(_) => {
            "SELECT id, target, code_hash, expires_at, attempts, used_at FROM one_time_codes
                             WHERE purpose = ?1 AND target = ?2 ORDER BY id DESC LIMIT 1"
        }
        Owner::User(_) => {
            "SELECT id, target, code_hash, expires_at, attempts, used_at FROM one_time_codes
                           WHERE purpose = ?1 AND user_id = ?2 ORDER BY id DESC LIMIT 1"
        }
    };
    let row = |row: &rusqlite::Row<'_>| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, i64>(3)?,
            row.get::<_, i64>(4)?,
            row.get::<_, Option<i64>>(5)?,
        ))
    };
    let found = match owner {
        Owner::Mobile(mobile) => conn.query_row(sql, params![purpose.as_str(), mobile], row).optional()?,
        Owner::User(id) => conn.query_row(sql, params![purpose.as_str(), id], row).optional()?,
    };
    let Some((id, target, code_hash, expires_at, attempts, used_at)) = found else {
        return Ok(Err(expired()));
    };
    if used_at.is_some() || expires_at <= now || attempts >= MAX_ATTEMPTS {
        return Ok(Err(expired()));
    }
    if hash(purpose, &target, code) != code_hash {
        conn.execute("UPDATE one_time_codes SET attempts = attempts + 1 WHERE id = ?1", [id])?;
        return Ok(Err(ApiError::field("code", "invalid_code", "This code is not right; check the SMS and try again")));
    }
    conn.execute("UPDATE one_time_codes SET used_at = ?1 WHERE id = ?2", params![now, id])?;
    Ok(Ok(target))
}

fn expired() -> ApiError {
    ApiError::field("code", "expired_code", "This code has expired or was already used; ask for a new one")
}
