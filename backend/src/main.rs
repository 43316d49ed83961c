//! `pishkhan-backend`: serves the reference API (and optionally the built storefront) from a SQLite file.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use pishkhan_backend::auth::secret::HmacKey;
use pishkhan_backend::newsletter;
use pishkhan_backend::orders::expiry::DEFAULT_UNPAID_ORDER_MINUTES;
use pishkhan_backend::outbox::smtp::{SmtpConfig, SmtpSender};
use pishkhan_backend::state::dev_mode_listener;
use pishkhan_backend::{AppState, app, maintenance};
use tokio::net::TcpListener;

const USAGE: &str =
    "usage: pishkhan-backend [--db PATH] [--addr HOST:PORT] [--static DIR] [--consent PATH] [--reseed] [--dev]
                        [--secure-cookies] [--trust-proxy] [--secret-file PATH] [--sms-webhook-secret-file PATH]
                        [--unpaid-order-minutes N] [--embed-origins LIST] [--public-url URL]
                        [--smtp-url URL] [--mail-from ADDRESS] [--unsubscribe-mailto ADDRESS]
                        [--admin-token-file PATH]

  --db PATH       SQLite file, created and seeded if missing (env PISHKHAN_DB, default data/pishkhan.sqlite3)
  --addr ADDR     address to listen on (env PISHKHAN_ADDR, default 127.0.0.1:8080)
  --static DIR    built storefront to serve at / with a single-page-app fallback (env PISHKHAN_STATIC);
                  its consent.json, if any, is validated before serving and served at /consent.json
  --consent PATH  consent configuration to validate and serve at /consent.json instead of the static
                  directory's own; it must exist (env PISHKHAN_CONSENT)
  --reseed        drop the catalog and seed it again before serving
  --dev           development mode (env PISHKHAN_DEV=1): also serve GET /api/v1/dev/orders,
                  GET /api/v1/dev/consent-receipts and GET /api/v1/dev/outbox (and the page /dev/outbox):
                  every stored order, consent receipt, SMS and email (texts kept a day, the newest 1000),
                  for browser tests; never for real shoppers. Refused unless --addr is a loopback address
                  (127.0.0.0/8, ::1). Without it no message text is stored: with no SMS or email transport
                  configured (the reference backend has none), messages are not delivered and only their
                  channel, kind, a keyed hash of the recipient and the time are kept, for a week
  --secure-cookies  always mark the session cookie Secure (env PISHKHAN_SECURE_COOKIES=1); it is anyway
                  when a request says X-Forwarded-Proto: https
  --trust-proxy   take the client address for rate limits from the last X-Forwarded-For entry (env
                  PISHKHAN_TRUST_PROXY=1); only behind one reverse proxy that appends to it
  --secret-file PATH  a file holding the server's secret, at least 32 bytes (surrounding whitespace is
                  ignored), e.g. made with `head -c 48 /dev/urandom | base64 > PATH` (env PISHKHAN_SECRET_FILE).
                  Rate-limit keys (numbers, logins, addresses, consent ids), one-time codes and the
                  addresses that asked for them are stored only as HMAC-SHA256 under it. Without it a
                  random secret is made once and kept in the database, so restarts keep every limit; a
                  file keeps the secret out of the database and its backups. Changing the secret
                  forgets the current limits, invalidates live codes and every unsubscribe link sent
  --sms-webhook-secret-file PATH  the secret (at least 32 bytes) shared with the SMS provider, whose webhook
                  posts inbound replies to /api/v1/sms/inbound signed with it (HMAC-SHA256 of the body in
                  X-Pishkhan-Signature); a STOP reply ends promotional SMS (env PISHKHAN_SMS_WEBHOOK_SECRET_FILE).
                  Without it that route answers 404
  --unpaid-order-minutes N  minutes an order may stay unpaid (1 to 10080, env PISHKHAN_UNPAID_ORDER_MINUTES,
                  default 30); then it expires, its stock goes back on sale and it can no longer be paid
  --embed-origins LIST  comma-separated origins whose pages may embed the shop (env PISHKHAN_EMBED_ORIGINS),
                  e.g. https://blog.example,https://news.example: they may frame /embed/checkout (no page
                  else) and read the API and the storefront's files by CORS, without credentials
  --public-url URL  where shoppers reach the shop, https://host[/path] (http:// only on a loopback host; env
                  PISHKHAN_PUBLIC_URL): every link in a message is built on it. Default http://<--addr> when that
                  is a loopback address; required with --smtp-url otherwise
  --smtp-url URL  send email over SMTP (env PISHKHAN_SMTP_URL): smtp://127.0.0.1:1025 (plain, loopback hosts
                  only), smtp://host:587?tls=starttls or smtps://host:465. The login comes from the environment,
                  PISHKHAN_SMTP_USER and PISHKHAN_SMTP_PASSWORD, never from the URL, and is never printed. SMS
                  still go to the development outbox (--dev) or the message log; with --dev every email is
                  also kept in the development outbox
  --mail-from ADDRESS  the From of every email, e.g. 'Shop <shop@example.ir>' (env PISHKHAN_MAIL_FROM);
                  required with --smtp-url outside development mode (there: Pishkhan <pishkhan@localhost>)
  --unsubscribe-mailto ADDRESS  also name mailto:ADDRESS in every newsletter's List-Unsubscribe
                  (env PISHKHAN_UNSUBSCRIBE_MAILTO); the https one-click URL is always there
  --admin-token-file PATH  a file holding the admin token, at least 32 bytes (env PISHKHAN_ADMIN_TOKEN_FILE):
                  the shop's tools send newsletter issues with Authorization: Bearer <token>
                  (POST /api/v1/admin/newsletter/issues). Without it the admin routes answer 404";

/// The longest payment window `--unpaid-order-minutes` accepts: a week.
const MAX_UNPAID_ORDER_MINUTES: u32 = 7 * 24 * 60;

#[derive(Debug)]
struct Options {
    db: PathBuf,
    addr: String,
    static_dir: Option<PathBuf>,
    consent: Option<PathBuf>,
    reseed: bool,
    dev: bool,
    secure_cookies: bool,
    trust_proxy: bool,
    secret_file: Option<PathBuf>,
    sms_webhook_secret_file: Option<PathBuf>,
    unpaid_order_minutes: u32,
    embed_origins: Vec<String>,
    public_url: Option<String>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    unsubscribe_mailto: Option<String>,
    admin_token_file: Option<PathBuf>,
}

/// A comma-separated list, its items trimmed and the empty ones dropped.
fn origin_list(value: &str) -> Vec<String> {
    value.split(',').map(str::trim).filter(|o| !o.is_empty()).map(ToOwned::to_owned).collect()
}

fn minutes(value: &str) -> Result<u32, String> {
    value.trim().parse().ok().filter(|m| (1..=MAX_UNPAID_ORDER_MINUTES).contains(m)).ok_or_else(|| {
        format!(
            "--unpaid-order-minutes (PISHKHAN_UNPAID_ORDER_MINUTES) must be a whole number from 1 to \
                 {MAX_UNPAID_ORDER_MINUTES}, not {value:?}"
        )
    })
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Options, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let on = |name: &str| env(name).is_some_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
    let mut options = Options {
        db: env("PISHKHAN_DB").unwrap_or_else(|| "data/pishkhan.sqlite3".into()).into(),
        addr: env("PISHKHAN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into()),
        static_dir: env("PISHKHAN_STATIC").map(PathBuf::from),
        consent: env("PISHKHAN_CONSENT").map(PathBuf::from),
        reseed: false,
        dev: on("PISHKHAN_DEV"),
        secure_cookies: on("PISHKHAN_SECURE_COOKIES"),
        trust_proxy: on("PISHKHAN_TRUST_PROXY"),
        secret_file: env("PISHKHAN_SECRET_FILE").map(PathBuf::from),
        sms_webhook_secret_file: env("PISHKHAN_SMS_WEBHOOK_SECRET_FILE").map(PathBuf::from),
        embed_origins: env("PISHKHAN_EMBED_ORIGINS").map(|v| origin_list(&v)).unwrap_or_default(),
        public_url: env("PISHKHAN_PUBLIC_URL"),
        smtp_url: env("PISHKHAN_SMTP_URL"),
        mail_from: env("PISHKHAN_MAIL_FROM"),
        unsubscribe_mailto: env("PISHKHAN_UNSUBSCRIBE_MAILTO"),
        admin_token_file: env("PISHKHAN_ADMIN_TOKEN_FILE").map(PathBuf::from),
        unpaid_order_minutes: env("PISHKHAN_UNPAID_ORDER_MINUTES")
            .map_or(Ok(DEFAULT_UNPAID_ORDER_MINUTES), |v| minutes(&v))?,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        let mut value = || inline.clone().or_else(|| args.next()).ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => options.db = value()?.into(),
            "--addr" => options.addr = value()?,
            "--static" => options.static_dir = Some(value()?.into()),
            "--consent" => options.consent = Some(value()?.into()),
            "--reseed" => options.reseed = true,
            "--dev" => options.dev = true,
            "--secure-cookies" => options.secure_cookies = true,
            "--trust-proxy" => options.trust_proxy = true,
            "--secret-file" => options.secret_file = Some(value()?.into()),
            "--sms-webhook-secret-file" => options.sms_webhook_secret_file = Some(value()?.into()),
            "--unpaid-order-minutes" => options.unpaid_order_minutes = minutes(&value()?)?,
            "--embed-origins" => options.embed_origins = origin_list(&value()?),
            "--public-url" => options.public_url = Some(value()?),
            "--smtp-url" => options.smtp_url = Some(value()?),
            "--mail-from" => options.mail_from = Some(value()?),
            "--unsubscribe-mailto" => options.unsubscribe_mailto = Some(value()?),
            "--admin-token-file" => options.admin_token_file = Some(value()?.into()),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            eprintln!("{USAGE}");
            return if message.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    match run(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The secret in `path`, without surrounding whitespace; the error names the file, never its contents.
fn read_secret(path: &std::path::Path) -> Result<HmacKey, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: cannot read the secret file: {e}", path.display()))?;
    HmacKey::new(bytes.trim_ascii())
        .ok_or_else(|| format!("{}: the secret must be at least {} bytes", path.display(), HmacKey::MIN_LEN))
}

/// The admin token in `path`, without surrounding whitespace; the error names the file, never its contents.
fn read_admin_token(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("{}: cannot read the admin token file: {e}", path.display()))?;
    let token = bytes.trim_ascii().to_vec();
    if token.len() < pishkhan_backend::state::ADMIN_TOKEN_MIN_LEN {
        let min = pishkhan_backend::state::ADMIN_TOKEN_MIN_LEN;
        return Err(format!("{}: the admin token must be at least {min} bytes", path.display()));
    }
    Ok(token)
}

/// The SMTP sender `--smtp-url` and `--mail-from` describe, with the login from the environment.
fn smtp_sender(url: &str, mail_from: Option<&str>, dev: bool) -> Result<SmtpSender, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let credentials = match (env("PISHKHAN_SMTP_USER"), env("PISHKHAN_SMTP_PASSWORD")) {
        (Some(user), Some(password)) => Some((user, password)),
        (None, None) => None,
        _ => return Err("set both PISHKHAN_SMTP_USER and PISHKHAN_SMTP_PASSWORD, or neither".into()),
    };
    let config = SmtpConfig::parse(url, credentials)?;
    let from = match mail_from {
        Some(from) => from,
        None if dev => "Pishkhan <pishkhan@localhost>",
        None => return Err("--mail-from (PISHKHAN_MAIL_FROM) is required with --smtp-url".into()),
    };
    SmtpSender::new(&config, from)
}

fn run(options: Options) -> Result<(), String> {
    // read the secrets and listen first, so a bad file or development mode on an open address is reported
    // before the database is touched
    let secret = options.secret_file.as_deref().map(read_secret).transpose()?;
    let sms_webhook_secret = options.sms_webhook_secret_file.as_deref().map(read_secret).transpose()?;
    let admin_token = options.admin_token_file.as_deref().map(read_admin_token).transpose()?;
    let smtp = options.smtp_url.as_deref().map(|url| smtp_sender(url, options.mail_from.as_deref(), options.dev));
    let smtp = smtp.transpose()?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let addr = &options.addr;
    let listener = runtime.block_on(TcpListener::bind(addr)).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    if options.dev {
        dev_mode_listener(local)?;
    }
    let mut state = AppState::open(&options.db).map_err(|e| format!("{}: {e}", options.db.display()))?;
    if let Some(secret) = secret {
        state = state.with_secret(secret);
    }
    if let Some(secret) = sms_webhook_secret {
        state = state.with_sms_webhook_secret(secret);
    }
    if let Some(token) = admin_token {
        state = state.with_admin_token(&token)?;
    }
    let public_url = match options.public_url {
        Some(url) => url,
        None if local.ip().to_canonical().is_loopback() => format!("http://{local}"),
        None if smtp.is_some() => return Err("--public-url (PISHKHAN_PUBLIC_URL) is required with --smtp-url".into()),
        None => {
            eprintln!("warning: no --public-url: links in messages point to http://{local}");
            format!("http://{local}")
        }
    };
    state = state.with_public_url(&public_url)?;
    if let Some(mailto) = &options.unsubscribe_mailto {
        state = state.with_unsubscribe_mailto(mailto)?;
    }
    if let Some(smtp) = smtp {
        println!("email over SMTP: {}", options.smtp_url.as_deref().unwrap_or_default());
        state = state.with_smtp(smtp);
    }
    if options.reseed {
        state.reseed().map_err(|e| e.to_string())?;
    }
    // an explicit consent file first: then the static directory's own is neither read nor served
    if let Some(path) = options.consent {
        state = state.with_consent_file(path).map_err(|e| e.to_string())?;
    }
    if let Some(dir) = options.static_dir {
        if !dir.join("index.html").is_file() {
            return Err(format!("{}: no index.html in the static directory", dir.display()));
        }
        state = state.with_static_dir(dir).map_err(|e| e.to_string())?;
    }
    if let Some(consent) = state.consent() {
        println!("consent configuration: {}", consent.path().display());
    }
    if options.dev {
        eprintln!(
            "warning: development mode: GET /api/v1/dev/orders, /api/v1/dev/consent-receipts and \
             /api/v1/dev/outbox list every stored order, consent receipt and message (sign-in codes included)"
        );
        state = state.with_dev_mode(true);
    }
    if !state.dev_mode() && !state.has_transport() {
        eprintln!(
            "warning: no SMS or email transport is configured: sign-in codes, confirmation codes and email \
             links are not delivered; only that they were due is recorded (channel, kind, a keyed hash of the \
             recipient, time), never their text"
        );
    }
    state = state
        .with_secure_cookies(options.secure_cookies)
        .with_trust_proxy(options.trust_proxy)
        .with_unpaid_order_minutes(options.unpaid_order_minutes)
        .with_embed_origins(&options.embed_origins)?;
    runtime.block_on(serve(state, listener))
}

/// Serves `state` on `listener` (development mode only on a loopback address), with the scheduled upkeep.
async fn serve(state: AppState, listener: TcpListener) -> Result<(), String> {
    let local: SocketAddr = listener.local_addr().map_err(|e| e.to_string())?;
    state.check_listener(local)?;
    println!("listening on http://{local}");
    // unpaid orders past their window give their stock back, and expired rows go, even when no request
    // comes to do it
    tokio::spawn(maintenance::run_periodically(state.db().clone()));
    // newsletter issues a stop interrupted go on
    newsletter::issues::resume(&state).map_err(|e| e.to_string())?;
    let service = app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown_signal()).await.map_err(|e| e.to_string())
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, String> {
        parse_args(args.iter().map(|a| (*a).to_owned()))
    }

    #[test]
    fn the_payment_window_is_a_whole_number_of_minutes() {
        assert_eq!(parse(&["--unpaid-order-minutes", "45"]).unwrap().unpaid_order_minutes, 45);
        assert_eq!(parse(&["--unpaid-order-minutes=10080"]).unwrap().unpaid_order_minutes, 10_080);
        for bad in ["0", "10081", "-5", "half", ""] {
            let error = parse(&["--unpaid-order-minutes", bad]).unwrap_err();
            assert!(error.contains("1 to 10080"), "{bad}: {error}");
        }
        assert!(parse(&["--unpaid-order-minutes"]).unwrap_err().contains("needs a value"));
    }
}
