//! Outgoing messages: the [`MessageSender`] a shop implements for its SMS and email providers, and the two
//! the reference backend has. In development mode the [`DevOutbox`] stores every message, text included, in
//! SQLite (pruned to the last day and the newest [`store::KEEP_MESSAGES`]) for the development routes to list.
//! Otherwise, while no transport is configured, [`NoTransport`] delivers nothing and records only that a
//! message was due ([`log`]: channel, kind, a keyed hash of the recipient, time), so no code or link is ever
//! at rest.

pub mod dev;
pub mod log;
pub mod messages;
pub mod smtp;
pub mod store;

use std::fmt;
use std::sync::Arc;

pub use log::NoTransport;
pub use messages::Text;

use crate::clock;
use crate::db::Db;
use crate::problem::ApiError;

/// Sends SMS and email. Calls may block (an HTTP request to a provider); they run off the async runtime.
pub trait MessageSender: Send + Sync {
    fn send(&self, message: &Message) -> Result<(), SendError>;
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

/// What a message is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    SignInCode,
    MobileChangeCode,
    DeleteAccountCode,
    ProofCode,
    /// To the old number, after the account's mobile changed.
    MobileChanged,
    /// To the mobile, after the password was set or changed.
    PasswordChanged,
    /// To the old email (or the mobile), after another email became official.
    EmailChanged,
    AccountDeleted,
    EmailConfirmation,
    /// The double opt-in link to a guest who subscribed to the newsletter.
    NewsletterConfirmation,
    /// An issue of the newsletter (marketing: it carries `List-Unsubscribe`).
    Newsletter,
    /// A promotional SMS (marketing: it ends with its opt-out link and `لغو ۱۱`).
    SmsPromotion,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignInCode => "sign_in_code",
            Self::MobileChangeCode => "mobile_change_code",
            Self::DeleteAccountCode => "delete_account_code",
            Self::ProofCode => "proof_code",
            Self::MobileChanged => "mobile_changed",
            Self::PasswordChanged => "password_changed",
            Self::EmailChanged => "email_changed",
            Self::AccountDeleted => "account_deleted",
            Self::EmailConfirmation => "email_confirmation",
            Self::NewsletterConfirmation => "newsletter_confirmation",
            Self::Newsletter => "newsletter",
            Self::SmsPromotion => "sms_promotion",
        }
    }

    /// Whether it is marketing (sent to a list, with a way to leave it), not a transactional message.
    pub fn is_marketing(self) -> bool {
        matches!(self, Self::Newsletter | Self::SmsPromotion)
    }
}

/// How a marketing email is left: its `List-Unsubscribe` (RFC 2369) and `List-Unsubscribe-Post` (RFC 8058).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListUnsubscribe {
    /// The absolute one-click URL (`…/api/v1/unsubscribe/{token}`) that a mailbox provider POSTs
    /// `List-Unsubscribe=One-Click` to.
    pub one_click: String,
    /// A `mailto:` URI, where the shop configured one.
    pub mailto: Option<String>,
}

impl ListUnsubscribe {
    /// The `List-Unsubscribe` header's value: `<https://…>` or `<https://…>, <mailto:…>`.
    pub fn header_value(&self) -> String {
        match &self.mailto {
            Some(mailto) => format!("<{}>, <{mailto}>", self.one_click),
            None => format!("<{}>", self.one_click),
        }
    }

    /// The `List-Unsubscribe-Post` header's value (RFC 8058).
    pub const POST: &'static str = "List-Unsubscribe=One-Click";
}

/// One message to send.
#[derive(Debug, Clone)]
pub enum Message {
    Sms {
        to: String,
        text: Text,
    },
    Email {
        to: String,
        subject: String,
        /// The plain-text body.
        body: Text,
        /// An HTML alternative (marketing mail has one, with the same visible unsubscribe link).
        html: Option<String>,
        /// Marketing mail only; transactional mail (codes, confirmations) carries none.
        unsubscribe: Option<ListUnsubscribe>,
    },
}

impl Message {
    /// A transactional email: plain text, no `List-Unsubscribe`.
    pub fn email(to: String, subject: impl Into<String>, body: Text) -> Self {
        Self::Email { to, subject: subject.into(), body, html: None, unsubscribe: None }
    }

    /// `sms` or `email`.
    pub fn channel(&self) -> &'static str {
        match self {
            Self::Sms { .. } => "sms",
            Self::Email { .. } => "email",
        }
    }

    /// The mobile number or email address it goes to.
    pub fn to(&self) -> &str {
        match self {
            Self::Sms { to, .. } | Self::Email { to, .. } => to,
        }
    }

    /// Empty for an SMS.
    pub fn subject(&self) -> &str {
        match self {
            Self::Sms { .. } => "",
            Self::Email { subject, .. } => subject,
        }
    }

    pub fn text(&self) -> &Text {
        match self {
            Self::Sms { text, .. } => text,
            Self::Email { body, .. } => body,
        }
    }

    pub fn kind(&self) -> Kind {
        self.text().kind
    }
}

/// The development sender: nothing leaves the machine; every message, text included, is stored in the
/// `outbox` table (and older ones pruned) for the development routes.
#[derive(Clone)]
pub struct DevOutbox {
    db: Db,
}

impl DevOutbox {
    pub fn new(db: Db) -> Self {
        Self { db }
    }
}

impl MessageSender for DevOutbox {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        let now = clock::now_unix();
        let (channel, to, subject, body) = (message.channel(), message.to(), message.subject(), &message.text().body);
        self.db
            .with_blocking(|conn| {
                store::insert(conn, channel, to, subject, body, &clock::rfc3339(now))?;
                store::prune(conn, now)
            })
            .map(drop)
            .map_err(|e| SendError(e.to_string()))
    }
}

/// Sends `message` on a blocking thread (never while holding the database lock). A failure is a 503 problem.
pub async fn send(sender: Arc<dyn MessageSender>, message: Message) -> Result<(), ApiError> {
    let result = tokio::task::spawn_blocking(move || sender.send(&message))
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
