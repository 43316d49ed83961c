//! One-time codes sent by SMS: issued for a purpose and a mobile number, stored as an HMAC, alive five
//! minutes, and good once.
//!
//! Each code keeps the HMAC of the address that asked for it. A new code retires the older unused ones of
//! the same purpose and account (changes, which only the account asks for); signing in, where anyone may ask
//! for any number, it retires only those the same address asked for, so someone else asking for your number
//! never cancels your code. A check is compared with every live code of the number (or account), so
//! whichever of the SMS the owner types works, from whichever address.
//!
//! Guessing stays bounded: a code takes at most [`MAX_ATTEMPTS`] wrong tries from the address that asked for
//! it and as many from all other addresses together, and is dead to each side once its share is spent (so a
//! stranger's wrong guesses cannot kill the owner's code for the owner); a wrong check counts a try on every
//! live code it was compared with; each address may fail only [`CODE_FAILURES_PER_IP`] checks; and codes
//! per number are limited when asked for.

use pishkhan_core::account::CodeSent;
use rusqlite::types::Value;
use rusqlite::{Connection, params};

use super::rate_limit::{self, CODE_FAILURES_PER_IP, PER_MOBILE_AND_IP};
use super::secret::{HmacKey, six_digit_code};
use crate::problem::ApiError;

/// Seconds a code lives.
pub const LIFETIME: i64 = 300;
/// Wrong tries after which a code is dead: from the address that asked for it, and from all others.
pub const MAX_ATTEMPTS: i64 = 5;

/// What a code confirms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    SignIn,
    MobileChange,
    DeleteAccount,
    /// The owner proving it is them before a change of password, email or mobile (`account::proof`).
    Proof,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignIn => "sign_in",
            Self::MobileChange => "mobile_change",
            Self::DeleteAccount => "delete_account",
            Self::Proof => "proof",
        }
    }
}

/// Whose codes to check: those sent to a number (signing in), or those of an account (changes).
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    Mobile(&'a str),
    User(i64),
}

impl Owner<'_> {
    fn column(self) -> &'static str {
        match self {
            Self::Mobile(_) => "target",
            Self::User(_) => "user_id",
        }
    }

    fn value(self) -> Value {
        match self {
            Self::Mobile(mobile) => Value::Text(mobile.to_owned()),
            Self::User(id) => Value::Integer(id),
        }
    }
}

/// The answer to a code request.
pub fn sent() -> CodeSent {
    CodeSent { expires_in_seconds: LIFETIME as u32, resend_in_seconds: PER_MOBILE_AND_IP[0].window as u32 }
}

fn hash(secret: &HmacKey, purpose: Purpose, target: &str, code: &str) -> String {
    secret.hash_hex(&format!("code\n{}:{target}:{code}", purpose.as_str()))
}

/// What a code keeps of the address that asked for it.
fn requester(secret: &HmacKey, ip: &str) -> String {
    secret.hash_hex(&format!("requester\n{ip}"))
}

/// Issues a new code for `purpose` to `target` (a mobile number), asked for from `ip`, retiring the older
/// unused ones of the same purpose and account, or (with no account) of the same number and address;
/// returns the code to send.
pub fn issue(
    conn: &Connection,
    secret: &HmacKey,
    purpose: Purpose,
    target: &str,
    user_id: Option<i64>,
    ip: &str,
    now: i64,
) -> rusqlite::Result<String> {
    conn.execute("DELETE FROM one_time_codes WHERE expires_at < ?1", [now - 24 * 3600])?;
    let requester = requester(secret, ip);
    match user_id {
        Some(user_id) => conn.execute(
            "UPDATE one_time_codes SET used_at = ?1 WHERE purpose = ?2 AND used_at IS NULL AND user_id = ?3",
            params![now, purpose.as_str(), user_id],
        )?,
        None => conn.execute(
            "UPDATE one_time_codes SET used_at = ?1
             WHERE purpose = ?2 AND used_at IS NULL AND target = ?3 AND requester = ?4",
            params![now, purpose.as_str(), target, requester],
        )?,
    };
    let code = six_digit_code();
    conn.execute(
        "INSERT INTO one_time_codes (purpose, target, user_id, code_hash, expires_at, created_at, requester)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            purpose.as_str(),
            target,
            user_id,
            hash(secret, purpose, target, &code),
            now + LIFETIME,
            now,
            requester
        ],
    )?;
    Ok(code)
}

/// A live code, as a check sees it.
struct Live {
    id: i64,
    target: String,
    code_hash: String,
    /// Whether the checking address is the one that asked for it.
    own: bool,
    /// Wrong tries from the checking address's side.
    tries: i64,
}

/// Checks `code`, sent from `ip`, against every live code of `purpose` and `owner`. On success every live
/// code of that purpose and owner is used up and the matching one's target (the mobile number it was sent
/// to) is returned; a wrong code counts a try on each code it was compared with, and a failed check counts
/// against `ip`. Errors: 422s naming the field `code`, `invalid_code` (wrong) or `expired_code` (no live code
/// this address may still try), and a 429 when `ip` has failed too many checks.
/// Call inside a transaction, and commit even on an error so the try is counted.
pub fn redeem(
    conn: &Connection,
    secret: &HmacKey,
    purpose: Purpose,
    owner: Owner<'_>,
    code: &str,
    ip: &str,
    now: i64,
) -> rusqlite::Result<Result<String, ApiError>> {
    let checks: [rate_limit::Check<'_>; 1] = [("code_check_ip", ip, &CODE_FAILURES_PER_IP)];
    let counted = match rate_limit::try_attempt(conn, secret, &checks, now, |seconds| {
        format!("Too many wrong codes were tried from here; try again in {seconds} seconds.")
    })? {
        Ok(ids) => ids,
        Err(refused) => return Ok(Err(refused)),
    };
    let requester = requester(secret, ip);
    let mut stmt = conn.prepare(&format!(
        "SELECT id, target, code_hash, requester, attempts, foreign_attempts FROM one_time_codes
         WHERE purpose = ?1 AND {} = ?2 AND used_at IS NULL AND expires_at > ?3 ORDER BY id DESC",
        owner.column()
    ))?;
    let live = stmt
        .query_map(params![purpose.as_str(), owner.value(), now], |row| {
            let own = row.get::<_, String>(3)? == requester;
            Ok(Live {
                id: row.get(0)?,
                target: row.get(1)?,
                code_hash: row.get(2)?,
                own,
                tries: if own { row.get(4)? } else { row.get(5)? },
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let open: Vec<Live> = live.into_iter().filter(|c| c.tries < MAX_ATTEMPTS).collect();
    if open.is_empty() {
        return Ok(Err(expired()));
    }
    let Some(hit) = open.iter().find(|c| hash(secret, purpose, &c.target, code) == c.code_hash) else {
        for c in &open {
            let column = if c.own { "attempts" } else { "foreign_attempts" };
            conn.execute(&format!("UPDATE one_time_codes SET {column} = {column} + 1 WHERE id = ?1"), [c.id])?;
        }
        return Ok(Err(ApiError::field("code", "invalid_code", "This code is not right; check the SMS and try again")));
    };
    conn.execute(
        &format!(
            "UPDATE one_time_codes SET used_at = ?1 WHERE purpose = ?2 AND {} = ?3 AND used_at IS NULL",
            owner.column()
        ),
        params![now, purpose.as_str(), owner.value()],
    )?;
    rate_limit::forget(conn, &counted)?;
    Ok(Ok(hit.target.clone()))
}

/// 422 on `code`: no live code to check (expired, used, or its tries spent).
pub fn expired() -> ApiError {
    ApiError::field("code", "expired_code", "This code has expired or was already used; ask for a new one")
}
