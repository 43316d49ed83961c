//! Sliding-window rate limits kept in SQLite (`rate_events`), so they survive a restart. Keys are stored as
//! SHA-256, so the table holds no mobile number, email or IP address.

use rusqlite::{Connection, OptionalExtension, params};

use super::secret::sha256_hex;
use crate::problem::ApiError;

/// At most `max` events per `window` seconds.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: i64,
    pub window: i64,
}

/// Code requests per mobile number: one a minute, five an hour.
pub const PER_MOBILE: [Limit; 2] = [Limit { max: 1, window: 60 }, Limit { max: 5, window: 3600 }];
/// Code requests per client IP address: twenty an hour.
pub const PER_IP: [Limit; 1] = [Limit { max: 20, window: 3600 }];
/// Failed password sign-ins per login: five in fifteen minutes.
pub const PASSWORD_FAILURES: [Limit; 1] = [Limit { max: 5, window: 900 }];
/// Failed password sign-ins per client IP address: thirty in fifteen minutes.
pub const PASSWORD_FAILURES_PER_IP: [Limit; 1] = [Limit { max: 30, window: 900 }];
/// Wrong current passwords when changing the password, per account: five in fifteen minutes.
pub const PASSWORD_CHANGE_FAILURES: [Limit; 1] = [Limit { max: 5, window: 900 }];
/// Email change requests per account: five an hour.
pub const EMAIL_CHANGES: [Limit; 1] = [Limit { max: 5, window: 3600 }];

/// Orders placed per session (the signed-in account, or the guest cookie): twenty an hour. Why these two
/// numbers: see `orders::place`.
pub const ORDERS_PER_SESSION: [Limit; 1] = [Limit { max: 20, window: 3600 }];
/// Orders placed per client IP address: sixty an hour.
pub const ORDERS_PER_IP: [Limit; 1] = [Limit { max: 60, window: 3600 }];

/// Events older than this are forgotten.
const KEEP: i64 = 24 * 3600;

/// Seconds until another event is allowed under `limits` (`None`: allowed now).
pub fn wait(conn: &Connection, bucket: &str, key: &str, limits: &[Limit], now: i64) -> rusqlite::Result<Option<u64>> {
    let key = sha256_hex(key);
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
pub fn record(conn: &Connection, bucket: &str, key: &str, now: i64) -> rusqlite::Result<i64> {
    conn.execute("DELETE FROM rate_events WHERE bucket = ?1 AND at <= ?2", params![bucket, now - KEEP])?;
    conn.execute(
        "INSERT INTO rate_events (bucket, key, at) VALUES (?1, ?2, ?3)",
        params![bucket, sha256_hex(key), now],
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

/// Checks a failure-limited attempt (a password) and counts it as a failure before it is made, in the same
/// call, so parallel attempts cannot all pass the check: a 429 (its detail from `detail(seconds)`) if any
/// of `checks` allows no more; else one event recorded under each, whose ids the caller [`forget`]s if the
/// attempt succeeds. Call it inside the transaction (or lock) that also reads what the attempt needs.
pub fn attempt(
    conn: &Connection,
    checks: &[Check<'_>],
    now: i64,
    detail: impl Fn(u64) -> String,
) -> Result<Vec<i64>, ApiError> {
    let mut longest: Option<u64> = None;
    for (bucket, key, limits) in checks {
        longest = longest.max(wait(conn, bucket, key, limits, now)?);
    }
    if let Some(seconds) = longest {
        return Err(ApiError::too_many(seconds, detail(seconds)));
    }
    let mut ids = Vec::with_capacity(checks.len());
    for (bucket, key, _) in checks {
        ids.push(record(conn, bucket, key, now)?);
    }
    Ok(ids)
}

/// Checks the limits for sending a code for `purpose` to `mobile` from `ip`, and records the request if
/// it is allowed. The per-number limit counts each purpose apart, so asking for a sign-in code never
/// blocks confirming a mobile change or an account deletion.
pub fn code_request(conn: &Connection, purpose: &str, mobile: &str, ip: &str, now: i64) -> Result<(), ApiError> {
    let mobile = &format!("{purpose}:{mobile}");
    let by_mobile = wait(conn, "code_mobile", mobile, &PER_MOBILE, now)?;
    let by_ip = wait(conn, "code_ip", ip, &PER_IP, now)?;
    if let Some(seconds) = by_mobile.max(by_ip) {
        return Err(ApiError::too_many(
            seconds,
            format!("Too many codes were asked for; try again in {seconds} seconds."),
        ));
    }
    record(conn, "code_mobile", mobile, now)?;
    record(conn, "code_ip", ip, now)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Db;

    #[test]
    fn windows_slide() {
        let db = Db::open_in_memory().unwrap();
        db.with_blocking(|conn| {
            assert_eq!(wait(conn, "b", "k", &PER_MOBILE, 1000)?, None);
            record(conn, "b", "k", 1000)?;
            assert_eq!(wait(conn, "b", "k", &PER_MOBILE, 1010)?, Some(50));
            assert_eq!(wait(conn, "b", "other", &PER_MOBILE, 1010)?, None);
            for at in [1060, 1120, 1180, 1240] {
                assert_eq!(wait(conn, "b", "k", &PER_MOBILE, at)?, None, "{at}");
                record(conn, "b", "k", at)?;
            }
            assert_eq!(wait(conn, "b", "k", &PER_MOBILE, 1300)?, Some(3300), "five an hour");
            assert_eq!(wait(conn, "b", "k", &PER_MOBILE, 4601)?, None);
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
            let first = attempt(conn, &checks, 1000, |s| s.to_string()).unwrap();
            assert_eq!(first.len(), 2);
            forget(conn, &first)?; // it succeeded
            attempt(conn, &checks, 1000, |s| s.to_string()).unwrap();
            attempt(conn, &checks, 1001, |s| s.to_string()).unwrap();
            let blocked = attempt(conn, &checks, 1002, |s| format!("wait {s}")).unwrap_err();
            assert_eq!((blocked.retry_after, blocked.problem.detail.as_deref()), (Some(58), Some("wait 58")));
            let count: i64 = conn.query_row("SELECT COUNT(*) FROM rate_events", [], |r| r.get(0))?;
            assert_eq!(count, 4, "a refused attempt records nothing");
            Ok(())
        })
        .unwrap();
    }
}
