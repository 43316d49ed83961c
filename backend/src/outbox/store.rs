//! The `outbox` table: append a message, list them all, forget those to an address.

use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

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

/// Deletes every message sent to one of `recipients` (a deleted account's numbers and emails).
pub fn forget_recipients(conn: &Connection, recipients: &[String]) -> rusqlite::Result<usize> {
    let mut deleted = 0;
    for recipient in recipients {
        deleted += conn.execute("DELETE FROM outbox WHERE recipient = ?1", [recipient])?;
    }
    Ok(deleted)
}
