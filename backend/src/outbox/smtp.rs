//! Real email over SMTP ([`lettre`]'s blocking transport with a connection pool), configured by URL:
//! `smtp://127.0.0.1:1025` (plain, allowed only to a loopback host: a local relay or a test sink),
//! `smtp://host:587?tls=starttls` (STARTTLS required), `smtps://host:465` (TLS from the first byte). The
//! credentials come from the environment (`PISHKHAN_SMTP_USER`, `PISHKHAN_SMTP_PASSWORD`), never from the URL,
//! and are never printed. [`Routed`] sends email through it and SMS through the other sender (the development
//! outbox, or the message log); in development mode every email is also kept in the outbox.
//!
//! A marketing message ([`ListUnsubscribe`]) is `multipart/alternative` (text and HTML, each with its visible
//! unsubscribe link) with `List-Unsubscribe` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
//! (RFC 8058); a transactional one is plain text with neither.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{SmtpTransport, Transport};

use super::{ListUnsubscribe, Message, MessageSender, SendError};

/// How many SMTP connections the pool keeps open (a newsletter is sent by this many workers at once).
pub const POOL_SIZE: u32 = 4;

/// How the connection is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// None: only to a loopback host.
    Plain,
    /// `STARTTLS`, required.
    StartTls,
    /// TLS from the first byte (`smtps://`).
    Wrapper,
}

/// A parsed `--smtp-url` with its credentials. Its `Debug` never shows the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// User name and password, from the environment.
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(user, _)| user))
            .finish_non_exhaustive()
    }
}

/// `localhost` or a loopback IP address (an IPv6 one without its brackets).
pub fn is_loopback(host: &str) -> bool {
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl SmtpConfig {
    /// Parses `url` (see the module notes); `credentials` are the user and password from the environment.
    /// The error names what is wrong, never a credential.
    pub fn parse(url: &str, credentials: Option<(String, String)>) -> Result<Self, String> {
        let refuse = |why: &str| {
            format!(
                "--smtp-url (PISHKHAN_SMTP_URL): {why}; write smtp://127.0.0.1:1025 (plain, loopback only), \
                 smtp://host:587?tls=starttls or smtps://host:465"
            )
        };
        let (scheme, rest) = url.split_once("://").ok_or_else(|| refuse("no scheme"))?;
        let (authority, query) = rest.split_once('?').unwrap_or((rest, ""));
        let authority = authority.strip_suffix('/').unwrap_or(authority);
        if authority.contains('@') {
            return Err(refuse(
                "credentials do not belong in the URL: set PISHKHAN_SMTP_USER and PISHKHAN_SMTP_PASSWORD",
            ));
        }
        if authority.contains('/') {
            return Err(refuse("no path is allowed"));
        }
        let tls_param = form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "tls").map(|(_, v)| v.into_owned());
        let tls = match (scheme, tls_param.as_deref()) {
            ("smtps", None | Some("wrapper" | "tls")) => TlsMode::Wrapper,
            ("smtp", Some("starttls")) => TlsMode::StartTls,
            ("smtp", None | Some("none")) => TlsMode::Plain,
            ("smtp" | "smtps", Some(other)) => return Err(refuse(&format!("unknown tls={other}"))),
            _ => return Err(refuse(&format!("unknown scheme {scheme}"))),
        };
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => {
                let (host, after) = v6.split_once(']').ok_or_else(|| refuse("bad host"))?;
                if !after.is_empty() && !after.starts_with(':') {
                    return Err(refuse("bad host"));
                }
                (host, after.strip_prefix(':'))
            }
            None => authority.split_once(':').map_or((authority, None), |(host, port)| (host, Some(port))),
        };
        let port = match port {
            Some(port) => Some(port.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| refuse("bad port"))?),
            None => None,
        };
        if host.is_empty() {
            return Err(refuse("no host"));
        }
        if tls == TlsMode::Plain && !is_loopback(host) {
            return Err(refuse("plain SMTP is allowed only to a loopback host (127.0.0.1, [::1], localhost)"));
        }
        let default_port = match tls {
            TlsMode::Plain => 25,
            TlsMode::StartTls => 587,
            TlsMode::Wrapper => 465,
        };
        Ok(Self { host: host.to_owned(), port: port.unwrap_or(default_port), tls, credentials })
    }
}

/// `List-Unsubscribe` (RFC 2369).
#[derive(Debug, Clone)]
struct ListUnsubscribeHeader(String);

impl Header for ListUnsubscribeHeader {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self(s.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

/// `List-Unsubscribe-Post` (RFC 8058).
#[derive(Debug, Clone)]
struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(Self)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), ListUnsubscribe::POST.to_owned())
    }
}

/// Sends email over SMTP; refuses SMS (see [`Routed`]).
#[derive(Clone)]
pub struct SmtpSender {
    transport: SmtpTransport,
    from: Mailbox,
}

impl SmtpSender {
    /// A pooled transport for `config`, sending as `from` (`shop@example.ir` or `Shop <shop@example.ir>`).
    /// Nothing connects until the first message.
    pub fn new(config: &SmtpConfig, from: &str) -> Result<Self, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("--mail-from {from:?} is not an address: {e}"))?;
        let tls_error = |e: lettre::transport::smtp::Error| format!("--smtp-url: {e}");
        let builder = match config.tls {
            TlsMode::Plain => SmtpTransport::builder_dangerous(&config.host),
            TlsMode::StartTls => SmtpTransport::starttls_relay(&config.host).map_err(tls_error)?,
            TlsMode::Wrapper => SmtpTransport::relay(&config.host).map_err(tls_error)?,
        };
        let mut builder = builder
            .port(config.port)
            .timeout(Some(Duration::from_secs(30)))
            .pool_config(PoolConfig::new().max_size(POOL_SIZE));
        if let Some((user, password)) = &config.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Self { transport: builder.build(), from })
    }

    /// The message as it goes on the wire.
    pub fn build(&self, message: &Message) -> Result<lettre::Message, SendError> {
        let Message::Email { to, subject, body, html, unsubscribe } = message else {
            return Err(SendError("SMTP sends email only".into()));
        };
        let to: Mailbox = to.parse().map_err(|e| SendError(format!("bad recipient address: {e}")))?;
        let mut builder = lettre::Message::builder().from(self.from.clone()).to(to).subject(subject);
        if let Some(unsubscribe) = unsubscribe {
            builder = builder.header(ListUnsubscribeHeader(unsubscribe.header_value())).header(ListUnsubscribePost);
        }
        let built = match html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(body.body.clone(), html.clone())),
            None => builder.singlepart(SinglePart::plain(body.body.clone())),
        };
        built.map_err(|e| SendError(format!("cannot build the message: {e}")))
    }
}

impl MessageSender for SmtpSender {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        let email = self.build(message)?;
        self.transport.send(&email).map(drop).map_err(|e| SendError(format!("SMTP: {e}")))
    }
}

/// Email through SMTP, SMS through `other`; with `copy_email`, every email is also given to `other` first
/// (the development outbox, so browser tests keep reading it).
#[derive(Clone)]
pub struct Routed {
    pub smtp: Arc<SmtpSender>,
    pub other: Arc<dyn MessageSender>,
    pub copy_email: bool,
}

impl MessageSender for Routed {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        match message {
            Message::Sms { .. } => self.other.send(message),
            Message::Email { .. } => {
                if self.copy_email {
                    self.other.send(message)?;
                }
                self.smtp.send(message)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(url: &str) -> Result<SmtpConfig, String> {
        SmtpConfig::parse(url, None)
    }

    #[test]
    fn urls() {
        let local = parse("smtp://127.0.0.1:1025").unwrap();
        assert_eq!((local.host.as_str(), local.port, local.tls), ("127.0.0.1", 1025, TlsMode::Plain));
        assert_eq!(parse("smtp://localhost").unwrap().port, 25);
        assert_eq!(parse("smtp://[::1]:2525").unwrap().host, "::1");
        assert_eq!(parse("smtp://[::1]").unwrap().port, 25);
        let starttls = parse("smtp://mail.example.ir:587?tls=starttls").unwrap();
        assert_eq!((starttls.port, starttls.tls), (587, TlsMode::StartTls));
        assert_eq!(parse("smtp://mail.example.ir?tls=starttls").unwrap().port, 587);
        let wrapper = parse("smtps://mail.example.ir").unwrap();
        assert_eq!((wrapper.port, wrapper.tls), (465, TlsMode::Wrapper));
        for (bad, why) in [
            ("smtp://mail.example.ir:25", "loopback"),
            ("smtp://user:secret@127.0.0.1:1025", "PISHKHAN_SMTP_USER"),
            ("http://127.0.0.1:1025", "scheme"),
            ("smtp://127.0.0.1:0", "port"),
            ("smtp://127.0.0.1:x", "port"),
            ("smtp://:25", "host"),
            ("smtp://127.0.0.1?tls=maybe", "tls=maybe"),
            ("127.0.0.1:1025", "scheme"),
        ] {
            let error = parse(bad).unwrap_err();
            assert!(error.contains(why), "{bad}: {error}");
            assert!(!error.contains("secret"), "{error}");
        }
    }

    #[test]
    fn the_password_is_never_shown() {
        let config = SmtpConfig::parse("smtps://mail.example.ir", Some(("shop".into(), "hunter2".into()))).unwrap();
        let shown = format!("{config:?}");
        assert!(shown.contains("shop") && !shown.contains("hunter2"), "{shown}");
    }
}
