//! Outgoing messages: the [`MessageSender`] a shop implements for its SMS and email providers, and the
//! reference [`DevOutbox`], which only stores every message in SQLite (listed by the development routes).

pub mod dev;
pub mod messages;
pub mod store;

use std::fmt;
use std::sync::Arc;

use crate::db::Db;
use crate::orders::clock;
use crate::problem::ApiError;

/// Sends SMS and email. Calls may block (an HTTP request to a provider); they run off the async runtime.
pub trait MessageSender: Send + Sync {
    fn send_sms(&self, to: &str, text: &str) -> Result<(), SendError>;
    fn send_email(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError>;
}

/// Why a message could not be sent (logged, never shown to the shopper).
#[derive(Debug, Clone)]
pub struct SendError(pub String);

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SendError {}

/// The reference sender: nothing leaves the machine; every message is stored in the `outbox` table.
#[derive(Clone)]
pub struct DevOutbox {
    db: Db,
}

impl DevOutbox {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    fn store(&self, channel: &str, to: &str, subject: &str, body: &str) -> Result<(), SendError> {
        let at = clock::now_rfc3339();
        self.db
            .with_blocking(|conn| store::insert(conn, channel, to, subject, body, &at))
            .map(drop)
            .map_err(|e| SendError(e.to_string()))
    }
}

impl MessageSender for DevOutbox {
    fn send_sms(&self, to: &str, text: &str) -> Result<(), SendError> {
        self.store("sms", to, "", text)
    }

    fn send_email(&self, to: &str, subject: &str, body: &str) -> Result<(), SendError> {
        self.store("email", to, subject, body)
    }
}

/// One message to send.
#[derive(Debug, Clone)]
pub enum Message {
    Sms { to: String, text: String },
    Email { to: String, subject: String, body: String },
}

/// Sends `message` on a blocking thread (never while holding the database lock). A failure is a 503 problem.
pub async fn send(sender: Arc<dyn MessageSender>, message: Message) -> Result<(), ApiError> {
    let result = tokio::task::spawn_blocking(move || match &message {
        Message::Sms { to, text } => sender.send_sms(to, text),
        Message::Email { to, subject, body } => sender.send_email(to, subject, body),
    })
    .await
    .map_err(|e| SendError(e.to_string()))
    .and_then(|sent| sent);
    result.map_err(|error| {
        eprintln!("error: sending a message failed: {error}");
        ApiError::kind(
            503,
            "/problems/message-not-sent",
            "The message could not be sent",
            "We could not send the message just now; please try again in a minute.",
        )
    })
}
