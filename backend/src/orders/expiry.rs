//! Unpaid orders expire: once an order is past its `pay_by` (placed + the shop's `--unpaid-order-minutes`,
//! default 30) unpaid, its units go back in stock and it shows as `expired`; paying it is then a 409
//! `/problems/order-expired`. It happens lazily wherever it matters (placing an order, paying one, reading
//! the account's orders), each inside that request's own transaction, and on a periodic [`sweep`] so the
//! catalogue shows the stock back even when nobody orders.

use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use super::{clock, store};
use crate::db::Db;

/// Minutes an order may stay unpaid unless the shop says otherwise.
pub const DEFAULT_UNPAID_ORDER_MINUTES: u32 = 30;
/// How often `serve` sweeps.
pub const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Expires every order left unpaid past its deadline at `now` (Unix seconds), in one `BEGIN IMMEDIATE`
/// transaction, so it never interleaves with placing or paying; returns how many expired.
pub fn sweep(conn: &mut Connection, now: i64) -> rusqlite::Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let expired = store::expire_overdue(&tx, now)?;
    tx.commit()?;
    Ok(expired)
}

/// Sweeps every [`SWEEP_EVERY`] until the runtime stops; a failed sweep is logged and tried again next time.
pub async fn sweep_periodically(db: Db) {
    let mut interval = tokio::time::interval(SWEEP_EVERY);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let swept = db.run(|conn| Ok(sweep(conn, clock::now_unix())?)).await;
        if let Ok(count @ 1..) = swept {
            println!("expired {count} unpaid order(s); their stock is back on sale");
        }
    }
}
