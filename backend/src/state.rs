//! The shared application state: the database handle, the secret key for keyed hashes, optionally the built
//! storefront's directory and the shop's validated consent configuration, whether development-only routes are
//! served (only ever on a loopback address: [`AppState::check_listener`]), how messages are sent, and how long
//! an order may stay unpaid.

use std::fmt;

use axum::http::HeaderValue;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::auth::secret::HmacKey;
use crate::consent::{ConsentError, ConsentFile};
use crate::db::Db;
use crate::orders::expiry::DEFAULT_UNPAID_ORDER_MINUTES;
use crate::outbox::smtp::{Routed, SmtpSender, is_loopback};
use crate::outbox::{DevOutbox, MessageSender, NoTransport};

/// The public base URL until [`AppState::with_public_url`] gives one: the default `--addr`.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";
/// The shortest admin token accepted, in bytes.
pub const ADMIN_TOKEN_MIN_LEN: usize = 32;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    db: Db,
    /// The key rate-limit events, one-time codes and their requesters are stored under (as HMAC-SHA256).
    hmac_key: HmacKey,
    static_dir: Option<PathBuf>,
    consent: Option<Arc<ConsentFile>>,
    /// The consent file was named explicitly, so the static directory's own is not used.
    consent_explicit: bool,
    dev_mode: bool,
    /// The shop's transport; without one, the development outbox or (outside development mode) none.
    sender: Option<Arc<dyn MessageSender>>,
    /// Always mark the session cookie `Secure` (the site is served over https behind a proxy).
    secure_cookies: bool,
    /// Take the client's IP address from `X-Forwarded-For` (only behind a proxy that sets it).
    trust_proxy: bool,
    /// Minutes an order may stay unpaid before it expires and its stock goes back on sale.
    unpaid_order_minutes: u32,
    /// The origins whose pages may embed the shop (frame its embedded checkout, read the API by CORS).
    embed_origins: Arc<[HeaderValue]>,
    /// Whether order-status SMS (a transactional list) may be turned off.
    transactional_opt_out: bool,
    /// Hours a guest's newsletter sign-up waits for its confirmation before the address is forgotten.
    newsletter_confirm_hours: u32,
    /// The secret the SMS provider signs inbound replies with; without one the webhook is not served.
    sms_webhook_secret: Option<HmacKey>,
    /// Where shoppers reach the shop (`https://shop.example`, no trailing slash): every link in a message.
    public_url: Arc<str>,
    /// A `mailto:` URI added to marketing mail's `List-Unsubscribe`, where configured.
    unsubscribe_mailto: Option<Arc<str>>,
    /// Email over SMTP, where configured (SMS still go to [`Self::sender`]'s other path).
    smtp: Option<Arc<SmtpSender>>,
    /// The bearer token of the admin routes; without one they are not served.
    admin_token: Option<Arc<[u8]>>,
}

impl fmt::Debug for AppState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppState")
            .field("static_dir", &self.static_dir)
            .field("consent", &self.consent.as_ref().map(|c| c.path()))
            .field("dev_mode", &self.dev_mode)
            .field("transport", &self.sender.is_some())
            .field("secure_cookies", &self.secure_cookies)
            .field("trust_proxy", &self.trust_proxy)
            .field("unpaid_order_minutes", &self.unpaid_order_minutes)
            .field("embed_origins", &self.embed_origins)
            .field("transactional_opt_out", &self.transactional_opt_out)
            .field("public_url", &self.public_url)
            .field("smtp", &self.smtp.is_some())
            .field("admin", &self.admin_token.is_some())
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// Opens (creating if needed) the SQLite file at `path`, migrates it, and seeds an empty catalog.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(OpenError::Io)?;
        }
        Self::from_db(Db::open(path)?)
    }

    /// A private in-memory database, migrated and seeded; gone when the last clone is dropped.
    pub fn open_in_memory() -> Result<Self, OpenError> {
        Self::from_db(Db::open_in_memory()?)
    }

    /// The state over `db`, with the key kept in its `settings` (made the first time) until
    /// [`Self::with_secret`] gives another.
    fn from_db(db: Db) -> Result<Self, OpenError> {
        let hmac_key = db.with_blocking(|conn| HmacKey::stored(conn))?;
        Ok(Self {
            db,
            hmac_key,
            static_dir: None,
            consent: None,
            consent_explicit: false,
            dev_mode: false,
            sender: None,
            secure_cookies: false,
            trust_proxy: false,
            unpaid_order_minutes: DEFAULT_UNPAID_ORDER_MINUTES,
            embed_origins: Arc::from([]),
            transactional_opt_out: false,
            newsletter_confirm_hours: crate::newsletter::subscribe::DEFAULT_CONFIRM_HOURS,
            sms_webhook_secret: None,
            public_url: Arc::from(DEFAULT_PUBLIC_URL),
            unsubscribe_mailto: None,
            smtp: None,
            admin_token: None,
        })
    }

    /// Serves the built storefront from `dir`, with a single-page-app fallback to its `index.html`.
    ///
    /// If `dir` has a `consent.json` (and no file was given with [`Self::with_consent_file`]), it is read and
    /// validated now and served at `/consent.json`; an invalid one is an error listing every problem.
    /// Without one, no trackers are configured.
    pub fn with_static_dir(mut self, dir: impl Into<PathBuf>) -> Result<Self, ConsentError> {
        let dir = dir.into();
        if !self.consent_explicit {
            self.consent = ConsentFile::load_from_dir(&dir)?.map(Arc::new);
        }
        self.static_dir = Some(dir);
        Ok(self)
    }

    /// Serves the consent configuration at `path` at `/consent.json`, instead of the static directory's own
    /// (whichever is set first). The file must exist and be valid.
    pub fn with_consent_file(mut self, path: impl AsRef<Path>) -> Result<Self, ConsentError> {
        self.consent = Some(Arc::new(ConsentFile::load(path.as_ref())?));
        self.consent_explicit = true;
        Ok(self)
    }

    /// Development mode: also serves `GET /api/v1/dev/orders` (every stored order),
    /// `GET /api/v1/dev/consent-receipts` (every consent receipt) and `GET /api/v1/dev/outbox` and `/dev/outbox`
    /// (every SMS and email sent, which the [`DevOutbox`] stores unless [`Self::with_sender`] gives a
    /// transport) for browser tests. Never enable it for real shoppers: it lists everyone's orders and sign-in
    /// codes; a server must refuse to serve it on anything but a loopback address ([`Self::check_listener`]).
    pub fn with_dev_mode(mut self, on: bool) -> Self {
        self.dev_mode = on;
        self
    }

    /// Sends SMS and email through the shop's `sender` (its SMS and email providers).
    pub fn with_sender(mut self, sender: Arc<dyn MessageSender>) -> Self {
        self.sender = Some(sender);
        self
    }

    /// Whether messages go to a transport: one [`Self::with_sender`] gave, or SMTP for email.
    pub fn has_transport(&self) -> bool {
        self.sender.is_some() || self.smtp.is_some()
    }

    /// Sends email over SMTP (SMS still go to the shop's sender, the development outbox or the message log;
    /// in development mode every email is also kept in the outbox).
    pub fn with_smtp(mut self, smtp: SmtpSender) -> Self {
        self.smtp = Some(Arc::new(smtp));
        self
    }

    /// Builds every link in a message on `url`: `https://host[:port][/path]`, or `http://` on a loopback host
    /// for development; a trailing slash is dropped. Anything else is an error naming it.
    pub fn with_public_url(mut self, url: &str) -> Result<Self, String> {
        self.public_url = Arc::from(public_url(url)?);
        Ok(self)
    }

    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// The absolute URL of the shop's `path` (which starts with `/`), for a message.
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// Adds `mailto` (a `mailto:` URI, or a bare address) to marketing mail's `List-Unsubscribe`.
    pub fn with_unsubscribe_mailto(mut self, mailto: &str) -> Result<Self, String> {
        let address = mailto.strip_prefix("mailto:").unwrap_or(mailto);
        let plain = |c: char| c.is_ascii_graphic() && !matches!(c, '<' | '>' | ',' | '"');
        if !address.contains('@') || !address.chars().all(plain) {
            return Err(format!("--unsubscribe-mailto {mailto:?}: write mailto:unsubscribe@shop.example"));
        }
        self.unsubscribe_mailto = Some(Arc::from(format!("mailto:{address}")));
        Ok(self)
    }

    pub fn unsubscribe_mailto(&self) -> Option<&str> {
        self.unsubscribe_mailto.as_deref()
    }

    /// Serves the admin routes (`/api/v1/admin/...`) to requests with `Authorization: Bearer <token>`; the
    /// token is at least [`ADMIN_TOKEN_MIN_LEN`] bytes. Without one they answer 404.
    pub fn with_admin_token(mut self, token: &[u8]) -> Result<Self, String> {
        if token.len() < ADMIN_TOKEN_MIN_LEN {
            return Err(format!("the admin token must be at least {ADMIN_TOKEN_MIN_LEN} bytes"));
        }
        self.admin_token = Some(Arc::from(token));
        Ok(self)
    }

    pub fn admin_token(&self) -> Option<&[u8]> {
        self.admin_token.as_deref()
    }

    /// Refuses to serve development mode on `local`, the address the server listens on, unless it is a
    /// loopback address (127.0.0.0/8 or ::1): the development routes list everyone's orders and codes.
    pub fn check_listener(&self, local: SocketAddr) -> Result<(), String> {
        if self.dev_mode { dev_mode_listener(local) } else { Ok(()) }
    }

    /// Marks the session cookie `Secure` on every answer, not only on requests that came over https.
    pub fn with_secure_cookies(mut self, on: bool) -> Self {
        self.secure_cookies = on;
        self
    }

    /// Trusts the last `X-Forwarded-For` entry (the one the proxy appended) as the client's IP address (for
    /// rate limits); earlier entries come from the client and are ignored. Only behind one reverse proxy that
    /// appends to the header; otherwise any client could pick its own address.
    pub fn with_trust_proxy(mut self, on: bool) -> Self {
        self.trust_proxy = on;
        self
    }

    /// Stores rate-limit keys, one-time codes and their requesters under `key` (from the configuration)
    /// instead of the key kept in the database. Changing the key forgets every rate-limit event and live code.
    pub fn with_secret(mut self, key: HmacKey) -> Self {
        self.hmac_key = key;
        self
    }

    pub fn hmac_key(&self) -> &HmacKey {
        &self.hmac_key
    }

    /// Lets an order stay unpaid this many minutes (default 30) before it expires: its stock goes back on sale
    /// and paying it is refused. Orders already placed keep the deadline they were placed with.
    pub fn with_unpaid_order_minutes(mut self, minutes: u32) -> Self {
        self.unpaid_order_minutes = minutes;
        self
    }

    pub fn unpaid_order_minutes(&self) -> u32 {
        self.unpaid_order_minutes
    }

    /// Lets pages on `origins` embed the shop: frame its embedded checkout and read the API, the widget's
    /// files and the wasm by CORS (without credentials). Each is `https://host[:port]`, or `http://` on a
    /// loopback host for development; anything else is an error naming it.
    pub fn with_embed_origins<S: AsRef<str>>(mut self, origins: &[S]) -> Result<Self, String> {
        let parsed: Result<Vec<HeaderValue>, String> = origins.iter().map(|o| embed_origin(o.as_ref())).collect();
        self.embed_origins = Arc::from(parsed?);
        Ok(self)
    }

    pub fn embed_origins(&self) -> &[HeaderValue] {
        &self.embed_origins
    }

    /// Lets subscribers turn off order-status SMS (a transactional list; by default they cannot).
    pub fn with_transactional_opt_out(mut self, on: bool) -> Self {
        self.transactional_opt_out = on;
        self
    }

    pub fn transactional_opt_out(&self) -> bool {
        self.transactional_opt_out
    }

    /// Lets a guest's newsletter sign-up wait this many hours (default 48) for its confirmation link; after
    /// that the cleanup forgets the address.
    pub fn with_newsletter_confirm_hours(mut self, hours: u32) -> Self {
        self.newsletter_confirm_hours = hours;
        self
    }

    pub fn newsletter_confirm_hours(&self) -> u32 {
        self.newsletter_confirm_hours
    }

    /// Serves the SMS provider's webhook for inbound replies (`POST /api/v1/sms/inbound`), signed with `secret`.
    pub fn with_sms_webhook_secret(mut self, secret: HmacKey) -> Self {
        self.sms_webhook_secret = Some(secret);
        self
    }

    pub fn sms_webhook_secret(&self) -> Option<&HmacKey> {
        self.sms_webhook_secret.as_ref()
    }

    /// The shop's transport; without one, in development mode the [`DevOutbox`] (texts stored for the
    /// development routes), else [`NoTransport`] (nothing delivered, no text stored).
    /// With SMTP, email goes there ([`Routed`]) and SMS to the rest.
    pub fn sender(&self) -> Arc<dyn MessageSender> {
        let other: Arc<dyn MessageSender> = match &self.sender {
            Some(sender) => Arc::clone(sender),
            None if self.dev_mode => Arc::new(DevOutbox::new(self.db.clone())),
            None => Arc::new(NoTransport::new(self.db.clone(), self.hmac_key.clone())),
        };
        match &self.smtp {
            Some(smtp) => {
                let copy_email = self.dev_mode && self.sender.is_none();
                Arc::new(Routed { smtp: Arc::clone(smtp), other, copy_email })
            }
            None => other,
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.secure_cookies
    }

    pub fn trust_proxy(&self) -> bool {
        self.trust_proxy
    }

    pub fn dev_mode(&self) -> bool {
        self.dev_mode
    }

    pub fn static_dir(&self) -> Option<&Path> {
        self.static_dir.as_deref()
    }

    /// The validated consent configuration served at `/consent.json`, if any.
    pub fn consent(&self) -> Option<&Arc<ConsentFile>> {
        self.consent.as_ref()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Drops the catalog and seeds it again (blocking; call before serving).
    pub fn reseed(&self) -> Result<(), OpenError> {
        self.db.reseed_blocking().map_err(OpenError::Sqlite)
    }
}

/// Whether development mode may be served on `local`: only a loopback address (127.0.0.0/8 or ::1) may, since
/// the development routes list everyone's orders and codes; the error says why.
pub fn dev_mode_listener(local: SocketAddr) -> Result<(), String> {
    if local.ip().to_canonical().is_loopback() {
        return Ok(());
    }
    Err(format!(
        "development mode (--dev, PISHKHAN_DEV) lists every order, consent receipt and sign-in code, so it is \
         served only on a loopback address (127.0.0.0/8 or ::1), not on {local}; drop --dev, or listen on \
         127.0.0.1"
    ))
}

/// An embedding origin as browsers send it in `Origin`: a scheme, a host and an optional port, nothing more.
fn embed_origin(origin: &str) -> Result<HeaderValue, String> {
    let refuse = || {
        format!(
            "embedding origin {origin:?}: write it as https://host or https://host:port (http:// only for              127.0.0.1, [::1] or localhost), with no path"
        )
    };
    let (scheme, rest) = origin.split_once("://").ok_or_else(refuse)?;
    // `[v6]:port`, `[v6]`, `host:port` or `host`; a port is 1–65535
    let split = match rest.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map(|(addr, port)| (format!("[{addr}]"), port.strip_prefix(':'), port)),
        None => Some(rest.split_once(':').map_or((rest.to_owned(), None, ""), |(h, p)| (h.to_owned(), Some(p), p))),
    };
    let (host, port, after) = split.ok_or_else(refuse)?;
    let port_ok = match port {
        Some(port) => port.parse::<u16>().is_ok_and(|p| p > 0),
        None => after.is_empty(),
    };
    let host_chars =
        |h: &str| h.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    let visible = port_ok && !host.is_empty() && host != "[]" && host_chars(&host);
    let host = host.as_str();
    let loopback = matches!(host, "127.0.0.1" | "[::1]" | "localhost");
    if !visible || !(scheme == "https" || (scheme == "http" && loopback)) || origin != origin.to_ascii_lowercase() {
        return Err(refuse());
    }
    HeaderValue::from_str(origin).map_err(|_| refuse())
}

/// A public base URL: `https://host[:port][/path]`, or `http://` on a loopback host; without a trailing slash,
/// query or fragment.
fn public_url(url: &str) -> Result<String, String> {
    let refuse =
        || format!("public URL {url:?}: write https://host[/path] (http:// only for 127.0.0.1, [::1] or localhost)");
    let (scheme, rest) = url.split_once("://").ok_or_else(refuse)?;
    let authority = rest.split('/').next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map(|(h, _)| h).ok_or_else(refuse)?,
        None => authority.split(':').next().unwrap_or(""),
    };
    let visible = |c: char| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '<' | '>' | '"' | '@' | '\\');
    if host.is_empty() || !rest.chars().all(visible) || !(scheme == "https" || (scheme == "http" && is_loopback(host)))
    {
        return Err(refuse());
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// Why the database could not be opened.
#[derive(Debug)]
pub enum OpenError {
    Io(std::io::Error),
    Sqlite(rusqlite::Error),
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot create the database directory: {e}"),
            Self::Sqlite(e) => write!(f, "cannot open the database: {e}"),
        }
    }
}

impl std::error::Error for OpenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Io(e) => Some(e),
            Self::Sqlite(e) => Some(e),
        }
    }
}

impl From<rusqlite::Error> for OpenError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Sqlite(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product_count(state: &AppState) -> i64 {
        state.db().with_blocking(|conn| conn.query_row("SELECT COUNT(*) FROM products", [], |row| row.get(0))).unwrap()
    }

    #[test]
    fn public_urls() {
        for (url, base) in [
            ("https://shop.example", "https://shop.example"),
            ("https://shop.example:8443/store/", "https://shop.example:8443/store"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://[::1]:8080/", "http://[::1]:8080"),
            ("http://localhost:3000", "http://localhost:3000"),
        ] {
            assert_eq!(public_url(url).as_deref(), Ok(base), "{url}");
        }
        for bad in ["http://shop.example", "shop.example", "https://", "https://a b", "https://x/?q", "ftp://x"] {
            assert!(public_url(bad).is_err(), "{bad}");
        }
        let state = AppState::open_in_memory().unwrap().with_public_url("https://shop.example/").unwrap();
        assert_eq!(state.link("/unsubscribe/1.1.ab"), "https://shop.example/unsubscribe/1.1.ab");
    }

    #[test]
    fn in_memory_database_is_seeded() {
        let state = AppState::open_in_memory().unwrap();
        assert!(product_count(&state) >= 200);
    }

    #[test]
    fn development_mode_listens_only_on_loopback() {
        let production = AppState::open_in_memory().unwrap();
        let dev = production.clone().with_dev_mode(true);
        for local in ["127.0.0.1:8080", "127.3.2.1:0", "[::1]:8080", "[::ffff:127.0.0.1]:80"] {
            let local: SocketAddr = local.parse().unwrap();
            assert_eq!(dev.check_listener(local), Ok(()), "{local}");
        }
        for local in ["0.0.0.0:8080", "[::]:8080", "192.168.1.10:80", "10.0.0.1:443", "[2001:db8::1]:80"] {
            let local: SocketAddr = local.parse().unwrap();
            let refused = dev.check_listener(local).unwrap_err();
            assert!(refused.contains("loopback") && refused.contains(&local.to_string()), "{refused}");
            assert_eq!(production.check_listener(local), Ok(()), "{local}");
        }
    }

    #[test]
    fn reopening_keeps_and_reseeding_restores_the_catalog() {
        let dir = std::env::temp_dir().join(format!("pishkhan-state-{}", std::process::id()));
        let path = dir.join("nested").join("shop.sqlite3");
        let first = AppState::open(&path).unwrap();
        let seeded = product_count(&first);
        first.db().with_blocking(|conn| conn.execute("DELETE FROM products WHERE id > 10", [])).unwrap();
        drop(first);
        let again = AppState::open(&path).unwrap();
        assert_eq!(product_count(&again), 10, "an existing catalog is not reseeded on open");
        again.reseed().unwrap();
        assert_eq!(product_count(&again), seeded);
        drop(again);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
