//! The `message_log` table and [`NoTransport`], the sender outside development mode while no SMS or email
//! transport is configured: nothing is delivered, and only that a message was due is kept — its channel, its
//! [`Kind`](super::Kind), an HMAC of the recipient under the server's key, and the time — never its text, so
//! no code or link is at rest. Entries are forgotten after [`KEEP`] (see `maintenance`), and with the account
//! they were sent to.

use rusqlite::{Connection, params};

use super::{Message, MessageSender, SendError};
use crate::auth::secret::HmacKey;
use crate::clock;
use crate::db::Db;

/// Seconds an entry is kept: a week, enough to see what was due and not delivered.
pub const KEEP: i64 = 7 * 24 * 3600;

/// What `message_log.recipient_hash` holds for a mobile number or email address.
pub fn recipient_hash(key: &HmacKey, recipient: &str) -> String {
    key.hash_hex(&format!("recipient\n{recipient}"))
}

/// Records that `message` was due at `now` (Unix seconds), without its text.
pub fn record(conn: &Connection, key: &HmacKey, message: &Message, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO message_log (channel, kind, recipient_hash, sent_at) VALUES (?1, ?2, ?3, ?4)",
        params![message.channel(), message.kind().as_str(), recipient_hash(key, message.to()), now],
    )
    .map(drop)
}

/// Forgets the entries of messages sent to one of `recipients` (a deleted account's numbers and emails).
pub fn forget_recipients(conn: &Connection, key: &HmacKey, recipients: &[String]) -> rusqlite::Result<usize> {
    let mut deleted = 0;
    for recipient in recipients {
        deleted +=
            conn.execute("DELETE FROM message_log WHERE recipient_hash = ?1", [recipient_hash(key, recipient)])?;
    }
    Ok(deleted)
}

/// Forgets entries older than [`KEEP`] at `now`.
pub fn forget_old(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM message_log WHERE sent_at <= ?1", [now - KEEP])
}

/// Delivers nothing; records each message's metadata in `message_log` (see the module notes).
#[derive(Clone)]
pub struct NoTransport {
    db: Db,
    key: HmacKey,
}

impl NoTransport {
    pub fn new(db: Db, key: HmacKey) -> Self {
        Self { db, key }
    }
}

impl MessageSender for NoTransport {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        let now = clock::now_unix();
        self.db.with_blocking(|conn| record(conn, &self.key, message, now)).map_err(|e| SendError(e.to_string()))
    }
}
