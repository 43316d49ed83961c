//! Scheduled upkeep, in one task that `serve` starts ([`run_periodically`]): every [`SWEEP_EVERY`] unpaid
//! orders past their window expire ([`expiry::sweep`]), and every [`CLEANUP_EVERY`] what has expired is
//! deleted ([`cleanup`]): sessions past their end or idle too long, one-time codes expired or used, rate-limit events older
//! than any window, development-outbox messages older than a day (or beyond the newest thousand), and
//! message-log entries older than a week, and guests' newsletter sign-ups left unconfirmed past their time. Both
//! run once at start too.

use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params};

use crate::auth::{rate_limit, session};
use crate::clock;
use crate::db::Db;
use crate::newsletter;
use crate::orders::expiry;
use crate::outbox;

/// How often unpaid orders are swept.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);
/// How often expired rows are deleted.
pub const CLEANUP_EVERY: Duration = Duration::from_secs(10 * 60);

/// How many rows of each kind one [`cleanup`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cleaned {
    pub sessions: usize,
    pub codes: usize,
    pub rate_events: usize,
    pub outbox: usize,
    pub message_log: usize,
    pub unconfirmed_subscriptions: usize,
}

impl Cleaned {
    pub fn total(&self) -> usize {
        self.sessions + self.codes + self.rate_events + self.outbox + self.message_log + self.unconfirmed_subscriptions
    }
}

/// Deletes, at `now` (Unix seconds), every session past its `expires_at`, every one-time code expired or
/// used, every rate-limit event older than the longest window, the outbox messages [`outbox::store::prune`]
/// drops, the message-log entries older than [`outbox::log::KEEP`], and the guests' newsletter sign-ups
/// unconfirmed past their `confirm_by`; in one `BEGIN IMMEDIATE`
/// transaction.
pub fn cleanup(conn: &mut Connection, now: i64) -> rusqlite::Result<Cleaned> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let cleaned = Cleaned {
        sessions: tx.execute(
            "DELETE FROM sessions WHERE expires_at <= ?1 OR last_seen <= ?2",
            params![now, now - session::IDLE_TIMEOUT],
        )?,
        codes: tx.execute("DELETE FROM one_time_codes WHERE expires_at <= ?1 OR used_at IS NOT NULL", [now])?,
        rate_events: tx.execute("DELETE FROM rate_events WHERE at <= ?1", [now - rate_limit::KEEP])?,
        outbox: outbox::store::prune(&tx, now)?,
        message_log: outbox::log::forget_old(&tx, now)?,
        unconfirmed_subscriptions: newsletter::subscribe::forget_unconfirmed(&tx, now)?,
    };
    tx.commit()?;
    Ok(cleaned)
}

/// Sweeps unpaid orders every [`SWEEP_EVERY`] and cleans up every [`CLEANUP_EVERY`], each first at once,
/// until the runtime stops; a failure is logged and tried again next time.
pub async fn run_periodically(db: Db) {
    let mut sweeps = tokio::time::interval(SWEEP_EVERY);
    let mut cleanups = tokio::time::interval(CLEANUP_EVERY);
    sweeps.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    cleanups.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = sweeps.tick() => {
                match db.run(|conn| Ok(expiry::sweep(conn, clock::now_unix())?)).await {
                    Ok(count @ 1..) => println!("expired {count} unpaid order(s); their stock is back on sale"),
                    Ok(_) => {}
                    Err(error) => eprintln!("error: sweeping unpaid orders failed: {:?}", error.problem.detail),
                }
            }
            _ = cleanups.tick() => {
                match db.run(|conn| Ok(cleanup(conn, clock::now_unix())?)).await {
                    Ok(cleaned) if cleaned.total() > 0 => println!("deleted expired rows: {cleaned:?}"),
                    Ok(_) => {}
                    Err(error) => eprintln!("error: deleting expired rows failed: {:?}", error.problem.detail),
                }
            }
        }
    }
}
