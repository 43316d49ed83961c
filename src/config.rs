//! Runtime configuration that a shop (or a test) sets in the page, without a rebuild:
//! `<script type="application/json" id="pishkhan-config">{"request_timeout_ms": 8000}</script>`.
//! Anything missing falls back to the default; anything invalid too, with a console error. The widget
//! sets its configuration itself ([`set`]), from its script's address and attributes.

use std::cell::OnceCell;

use serde::Deserialize;
use web_sys::RequestCredentials;

const ELEMENT_ID: &str = "pishkhan-config";
const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 15_000;
const DEFAULT_API_BASE: &str = "/api/v1";

/// The configuration as the page writes it.
#[derive(Debug, Default, Deserialize)]
struct Raw {
    /// How long one request may take before it counts as lost (1 s to 60 s).
    request_timeout_ms: Option<u32>,
    /// Where the REST API lives: a root-relative path (`/api/v1`) or an absolute `https://` URL
    /// (`http://` only on a loopback host, for development).
    api_base: Option<String>,
    /// `same-origin` (the full-page shop) or `include` (a widget on another origin, whose requests
    /// carry the shop's session cookie).
    credentials: Option<String>,
}

/// The configuration in effect: every value valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The time limit of one request, in milliseconds.
    pub request_timeout_ms: i32,
    /// The API's base URL, without a trailing slash.
    pub api_base: String,
    pub credentials: RequestCredentials,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            request_timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS as i32,
            api_base: DEFAULT_API_BASE.to_owned(),
            credentials: RequestCredentials::SameOrigin,
        }
    }
}

impl Config {
    /// Reads the element's text (`None`: no element). Returns the configuration in effect and a
    /// problem for every value that was ignored.
    pub fn parse(text: Option<&str>) -> (Self, Vec<String>) {
        let mut config = Self::default();
        let raw = match text.map(serde_json::from_str::<Raw>) {
            None => return (config, Vec::new()),
            Some(Ok(raw)) => raw,
            Some(Err(error)) => return (config, vec![format!("#{ELEMENT_ID} is not valid configuration: {error}")]),
        };
        let mut problems = Vec::new();
        if let Some(ms) = raw.request_timeout_ms {
            if (1_000..=60_000).contains(&ms) {
                config.request_timeout_ms = ms as i32;
            } else {
                problems.push(format!("request_timeout_ms {ms} is not between 1000 and 60000"));
            }
        }
        if let Some(base) = raw.api_base {
            match valid_api_base(&base) {
                Some(base) => config.api_base = base.to_owned(),
                None => problems.push(format!(
                    "api_base {base:?} is neither a root-relative path nor an https URL; using {DEFAULT_API_BASE}"
                )),
            }
        }
        match raw.credentials.as_deref() {
            None | Some("same-origin") => {}
            Some("include") => config.credentials = RequestCredentials::Include,
            Some(other) => problems.push(format!("credentials {other:?} is neither \"same-origin\" nor \"include\"")),
        }
        (config, problems)
    }

    /// The origin of the API's base (`https://shop.example`), or `""` when the base is
    /// root-relative: the shop's own files (`/consent.json`, product covers) are at that origin.
    pub fn shop_origin(&self) -> &str {
        match split_absolute(&self.api_base) {
            Some((scheme, host, _)) => &self.api_base[..scheme.len() + host.len()],
            None => "",
        }
    }

    /// The configuration of a widget whose script was loaded from `script_url`: the API at the
    /// script's origin (or at `api`, the script tag's `data-api`), and no cookie of the shop sent
    /// from the host page. `None` when the script's address is not one a shop can serve from.
    pub fn for_widget(script_url: &str, api: Option<&str>) -> (Option<Self>, Vec<String>) {
        let Some((scheme, host, _)) = split_absolute(script_url) else {
            return (None, vec![format!("the widget's script address {script_url:?} is not an https URL")]);
        };
        let origin = format!("{scheme}{host}");
        let mut config = Self { api_base: format!("{origin}{DEFAULT_API_BASE}"), ..Self::default() };
        let mut problems = Vec::new();
        if let Some(api) = api {
            match valid_api_base(api).filter(|base| !base.starts_with('/')) {
                Some(base) => config.api_base = base.to_owned(),
                None => problems.push(format!("data-api {api:?} is not an https URL; using {}", config.api_base)),
            }
        }
        (Some(config), problems)
    }
}

/// A base the client can put paths after: a root-relative path (not `//host`, which names another
/// origin) or an `https://host[:port][/path]` URL, without query, fragment or credentials. Trailing
/// slashes are dropped (`/` alone becomes the empty base: the API at the root).
fn valid_api_base(raw: &str) -> Option<&str> {
    let base = raw.trim_end_matches('/');
    let clean = |s: &str| !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '?' | '#'));
    if !clean(raw) {
        return None;
    }
    if raw.starts_with('/') && !raw.starts_with("//") {
        return Some(base);
    }
    split_absolute(base).map(|_| base)
}

/// An absolute base as (scheme with `://`, host with port, path): `https://` anywhere, `http://` only
/// on a loopback host. No credentials, query or fragment.
fn split_absolute(url: &str) -> Option<(&str, &str, &str)> {
    let scheme = ["https://", "http://"].into_iter().find(|s| url.starts_with(s))?;
    let rest = &url[scheme.len()..];
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, path) = rest.split_at(end);
    let host_ok = !host.is_empty()
        && !host.starts_with(':')
        && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let name =
        host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(n, _)| n);
    let loopback = matches!(name, "127.0.0.1" | "localhost" | "[::1]");
    (host_ok && (scheme == "https://" || loopback)).then_some((scheme, host, path))
}

thread_local! {
    static CONFIG: OnceCell<Config> = const { OnceCell::new() };
}

fn read() -> Config {
    let text = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ELEMENT_ID))
        .and_then(|e| e.text_content());
    let (config, problems) = Config::parse(text.as_deref());
    for problem in problems {
        web_sys::console::error_1(&format!("pishkhan: {problem}").into());
    }
    config
}

/// Sets the configuration before anything reads it (the widget, which has no element of its own on
/// the host page). Later calls change nothing.
pub fn set(config: Config) {
    CONFIG.with(|c| {
        let _ = c.set(config);
    });
}

/// The configuration the page's element gives (or the default), whether or not another is in effect.
pub fn get_from_page() -> Config {
    read()
}

/// The configuration in effect, read from the page once.
pub fn get() -> Config {
    CONFIG.with(|c| c.get_or_init(read).clone())
}

/// The time limit of one request, in milliseconds.
pub fn request_timeout_ms() -> i32 {
    CONFIG.with(|c| c.get_or_init(read).request_timeout_ms)
}
