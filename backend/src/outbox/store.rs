//! The development outbox's `outbox` table: append a message, keep only the last day's newest
//! [`KEEP_MESSAGES`], list them all, forget those to an address.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

use crate::auth::secret::HmacKey;
use crate::clock;

/// The most messages kept: older ones are deleted as new ones come.
pub const KEEP_MESSAGES: i64 = 1000;
/// Seconds a message is kept: a day.
pub const KEEP: i64 = 24 * 3600;

/// A stored message, as the development routes list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: i64,
    /// `sms` or `email`.
    pub channel: String,
    pub recipient: String,
    /// Empty for an SMS.
    pub subject: String,
    pub body: String,
    /// RFC 3339 UTC.
    pub created_at: String,
}

pub fn insert(
    conn: &Connection,
    channel: &str,
    recipient: &str,
    subject: &str,
    body: &str,
    created_at: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![channel, recipient, subject, body, created_at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Every message, oldest first.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<OutboxMessage>> {
    let mut stmt = conn.prepare("SELECT id, channel, recipient, subject, body, created_at FROM outbox ORDER BY id")?;
    stmt.query_map([], |row| {
        Ok(OutboxMessage {
            id: row.get(0)?,
            channel: row.get(1)?,
            recipient: row.get(2)?,
            subject: row.get(3)?,
            body: row.get(4)?,
            created_at: row.get(5)?,
        })
    })?
    .collect()
}

/// Deletes the messages older than [`KEEP`] at `now` (Unix seconds), and all but the newest
/// [`KEEP_MESSAGES`]; returns how many.
pub fn prune(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    // `created_at` is RFC 3339 UTC to the second, so text order is time order
    conn.execute(
        "DELETE FROM outbox WHERE created_at < ?1
            OR id <= (SELECT id FROM outbox ORDER BY id DESC LIMIT 1 OFFSET ?2)",
        params![clock::rfc3339(now - KEEP), KEEP_MESSAGES],
    )
}

/// Deletes every message sent to one of `recipients` (a deleted account's numbers and emails), and what the
/// message log keeps of them ([`super::log`]).
pub fn forget_recipients(conn: &Connection, key: &HmacKey, recipients: &[String]) -> rusqlite::Result<usize> {
    let mut deleted = 0;
    for recipient in recipients {
        deleted += conn.execute("DELETE FROM outbox WHERE recipient = ?1", [recipient])?;
    }
    Ok(deleted + super::log::forget_recipients(conn, key, recipients)?)
}
