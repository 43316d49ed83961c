//! Sliding-window rate limits kept in SQLite (`rate_events`), so they survive a restart. Keys are stored as
//! HMAC-SHA256 (of the bucket and the key) under the server's [`HmacKey`], so the table holds no mobile
//! number, email, consent id or IP address, and cannot be matched against a list of them without the key.

use rusqlite::{Connection, OptionalExtension, params};

use super::secret::HmacKey;
use crate::problem::ApiError;

/// At most `max` events per `window` seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: i64,
}

/// Code requests for one mobile number from one client address: one a minute, five an hour.
pub const PER_MOBILE_AND_IP: [Limit; 2] = [Limit { max: 1, window: 60 }, Limit { max: 5, window: 3600 }];
/// Code requests for one mobile number from every address together: ten an hour (so one address asking for
/// someone else's number cannot use up the owner's quota, while the SMS sent to a number stay bounded).
pub const PER_MOBILE: [Limit; 1] = [Limit { max: 10, window: 3600 }];
/// Code requests per client address: twenty an hour.
pub const PER_IP: [Limit; 1] = [Limit { max: 20, window: 3600 }];
/// Failed code checks (wrong, expired or used codes) per client address: thirty in fifteen minutes.
pub const CODE_FAILURES_PER_IP: [Limit; 1] = [Limit { max: 30, window: 900 }];
/// Failed password sign-ins per login and client address: five in fifteen minutes.
pub const PASSWORD_FAILURES: [Limit; 1] = [Limit { max: 5, window: 900 }];
/// Failed password sign-ins per login from every address together: a hundred a day (signing in by code is
/// never blocked by it).
pub const PASSWORD_FAILURES_PER_LOGIN: [Limit; 1] = [Limit { max: 100, window: 24 * 3600 }];
/// Failed password sign-ins per client address: thirty in fifteen minutes.
pub const PASSWORD_FAILURES_PER_IP: [Limit; 1] = [Limit { max: 30, window: 900 }];
/// Wrong current passwords when changing the password, per account: five in fifteen minutes.
pub const PASSWORD_CHANGE_FAILURES: [Limit; 1] = [Limit { max: 5, window: 900 }];
/// Email change requests per account: five an hour.
pub const EMAIL_CHANGES: [Limit; 1] = [Limit { max: 5, window: 3600 }];
/// Newsletter sign-ups per email address: three a day (each sends a confirmation mail to it).
pub const NEWSLETTER_SIGNUPS_PER_EMAIL: [Limit; 1] = [Limit { max: 3, window: 24 * 3600 }];
/// Newsletter sign-ups per client address: twenty an hour.
pub const NEWSLETTER_SIGNUPS_PER_IP: [Limit; 1] = [Limit { max: 20, window: 3600 }];
/// Consent receipts per consent id: ten an hour.
pub const RECEIPTS_PER_CONSENT_ID: [Limit; 1] = [Limit { max: 10, window: 3600 }];
/// Consent receipts per client address: two hundred an hour (many shoppers may share one address).
pub const RECEIPTS_PER_IP: [Limit; 1] = [Limit { max: 200, window: 3600 }];

/// Orders placed per session (the signed-in account, or the guest cookie): twenty an hour. Why these two
/// numbers: see `orders::place`.
pub const ORDERS_PER_SESSION: [Limit; 1] = [Limit { max: 20, window: 3600 }];
/// Orders placed per client IP address: sixty an hour.
pub const ORDERS_PER_IP: [Limit; 1] = [Limit { max: 60, window: 3600 }];

/// Events older than this are forgotten (no window may be longer).
pub const KEEP: i64 = 24 * 3600;

/// What `rate_events.key` holds for `key` in `bucket`.
fn stored_key(secret: &HmacKey, bucket: &str, key: &str) -> String {
    secret.hash_hex(&format!("{bucket}\n{key}"))
}

/// Seconds until another event is allowed under `limits` (`None`: allowed now).
pub fn wait(
    conn: &Connection,
    secret: &HmacKey,
    bucket: &str,
    key: &str,
    limits: &[Limit],
    now: i64,
) -> rusqlite::Result<Option<u64>> {
    let key = stored_key(secret, bucket, key);
    let mut longest: Option<i64> = None;
    for limit in limits {
        // the max-th most recent event in the window: once it leaves the window, one more is allowed
        let nth: Option<i64> = conn
            .query_row(
                "SELECT at FROM rate_events WHERE bucket = ?1 AND key = ?2 AND at > ?3
                 ORDER BY at DESC LIMIT 1 OFFSET ?4",
                params![bucket, key, now - limit.window, limit.max - 1],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(at) = nth {
            let seconds = (at + limit.window - now).max(1);
            longest = Some(longest.map_or(seconds, |l| l.max(seconds)));
        }
    }
    Ok(longest.map(|s| u64::try_from(s).unwrap_or(1)))
}

/// Records one event (and forgets old ones); returns its id, for [`forget`].
pub fn record(conn: &Connection, secret: &HmacKey, bucket: &str, key: &str, now: i64) -> rusqlite::Result<i64> {
    conn.execute("DELETE FROM rate_events WHERE bucket = ?1 AND at <= ?2", params![bucket, now - KEEP])?;
    conn.execute(
        "INSERT INTO rate_events (bucket, key, at) VALUES (?1, ?2, ?3)",
        params![bucket, stored_key(secret, bucket, key), now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Forgets recorded events by id.
pub fn forget(conn: &Connection, ids: &[i64]) -> rusqlite::Result<()> {
    for id in ids {
        conn.execute("DELETE FROM rate_events WHERE rowid = ?1", [id])?;
    }
    Ok(())
}

/// One limit to check before an attempt: `(bucket, key, limits)`.
pub type Check<'a> = (&'a str, &'a str, &'a [Limit]);

/// Checks a limited attempt and counts it before it is made, in the same call, so parallel attempts cannot
/// all pass the check: a 429 (its detail from `detail(seconds)`, its `Retry-After` the longest wait) if any
/// of `checks` allows no more; else one event recorded under each, whose ids the caller [`forget`]s if only
/// failures count and the attempt succeeds (a password, a code check). Call it inside the transaction (or
/// lock) that also does what is limited.
pub fn attempt(
    conn: &Connection,
    secret: &HmacKey,
    checks: &[Check<'_>],
    now: i64,
    detail: impl Fn(u64) -> String,
) -> Result<Vec<i64>, ApiError> {
    try_attempt(conn, secret, checks, now, detail)?
}

/// As [`attempt`], with a database failure apart from the refusal (for a caller that commits on a refusal).
pub fn try_attempt(
    conn: &Connection,
    secret: &HmacKey,
    checks: &[Check<'_>],
    now: i64,
    detail: impl Fn(u64) -> String,
) -> rusqlite::Result<Result<Vec<i64>, ApiError>> {
    let mut longest: Option<u64> = None;
    for (bucket, key, limits) in checks {
        longest = longest.max(wait(conn, secret, bucket, key, limits, now)?);
    }
    if let Some(seconds) = longest {
        return Ok(Err(ApiError::too_many(seconds, detail(seconds))));
    }
    let mut ids = Vec::with_capacity(checks.len());
    for (bucket, key, _) in checks {
        ids.push(record(conn, secret, bucket, key, now)?);
    }
    Ok(Ok(ids))
}

/// Checks the limits for sending a code for `purpose` to `mobile` from `ip`, and records the request if
/// it is allowed: per number and address, per number, and per address. The per-number limits count each
/// purpose apart, so asking for a sign-in code never blocks confirming a mobile change or an account deletion.
pub fn code_request(
    conn: &Connection,
    secret: &HmacKey,
    purpose: &str,
    mobile: &str,
    ip: &str,
    now: i64,
) -> Result<(), ApiError> {
    let number = format!("{purpose}:{mobile}");
    let from_here = format!("{number} {ip}");
    let checks: [Check<'_>; 3] = [
        ("code_mobile_ip", &from_here, &PER_MOBILE_AND_IP),
        ("code_mobile", &number, &PER_MOBILE),
        ("code_ip", ip, &PER_IP),
    ];
    attempt(conn, secret, &checks, now, |seconds| {
        format!("Too many codes were asked for; try again in {seconds} seconds.")
    })
    .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    fn secret() -> HmacKey {
        HmacKey::new(&[1; 32]).unwrap()
    }

    #[test]
    fn windows_slide() {
        let db = Db::open_in_memory().unwrap();
        db.with_blocking(|conn| {
            assert_eq!(wait(conn, &secret(), "b", "k", &PER_MOBILE_AND_IP, 1000)?, None);
            record(conn, &secret(), "b", "k", 1000)?;
            assert_eq!(wait(conn, &secret(), "b", "k", &PER_MOBILE_AND_IP, 1010)?, Some(50));
            assert_eq!(wait(conn, &secret(), "b", "other", &PER_MOBILE_AND_IP, 1010)?, None);
            for at in [1060, 1120, 1180, 1240] {
                assert_eq!(wait(conn, &secret(), "b", "k", &PER_MOBILE_AND_IP, at)?, None, "{at}");
                record(conn, &secret(), "b", "k", at)?;
            }
            assert_eq!(wait(conn, &secret(), "b", "k", &PER_MOBILE_AND_IP, 1300)?, Some(3300), "five an hour");
            assert_eq!(wait(conn, &secret(), "b", "k", &PER_MOBILE_AND_IP, 4601)?, None);
            Ok(())
        })
        .unwrap();
    }

    #[test]
    fn attempts_count_until_forgotten() {
        let db = Db::open_in_memory().unwrap();
        let limits = [Limit { max: 2, window: 60 }];
        let checks: [Check<'_>; 2] = [("login", "a", &limits), ("ip", "1.2.3.4", &PER_IP)];
        db.with_blocking(|conn| {
            let first = attempt(conn, &secret(), &checks, 1000, |s| s.to_string()).unwrap();
            assert_eq!(first.len(), 2);
            forget(conn, &first)?; // it succeeded
            attempt(conn, &secret(), &checks, 1000, |s| s.to_string()).unwrap();
            attempt(conn, &secret(), &checks, 1001, |s| s.to_string()).unwrap();
            let blocked = attempt(conn, &secret(), &checks, 1002, |s| format!("wait {s}")).unwrap_err();
            assert_eq!((blocked.retry_after, blocked.problem.detail.as_deref()), (Some(58), Some("wait 58")));
            let count: i64 = conn.query_row("SELECT COUNT(*) FROM rate_events", [], |r| r.get(0))?;
            assert_eq!(count, 4, "a refused attempt records nothing");
            Ok(())
        })
        .unwrap();
    }
}
