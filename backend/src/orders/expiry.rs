//! Unpaid orders expire: once an order is past its `pay_by` (placed + the shop's `--unpaid-order-minutes`,
//! default 30) unpaid, its units go back in stock and it shows as `expired`; paying it is then a 409
//! `/problems/order-expired`. It happens lazily wherever it matters (placing an order, paying one, reading
//! the account's orders), each inside that request's own transaction, and on a periodic [`sweep`] (by
//! `maintenance`) so the catalogue shows the stock back even when nobody orders.

use rusqlite::{Connection, TransactionBehavior};

use super::store;

/// Minutes an order may stay unpaid unless the shop says otherwise.
pub const DEFAULT_UNPAID_ORDER_MINUTES: u32 = 30;

/// Expires every order left unpaid past its deadline at `now` (Unix seconds), in one `BEGIN IMMEDIATE`
/// transaction, so it never interleaves with placing or paying; returns how many expired.
pub fn sweep(conn: &mut Connection, now: i64) -> rusqlite::Result<usize> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let expired = store::expire_overdue(&tx, now)?;
    tx.commit()?;
    Ok(expired)
}
