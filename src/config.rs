//! Runtime configuration that a shop (or a test) sets in the page, without a rebuild:
//! `<script type="application/json" id="pishkhan-config">{"request_timeout_ms": 8000}</script>`.
//! Anything missing or invalid falls back to the default.

use std::cell::OnceCell;

use serde::Deserialize;

const ELEMENT_ID: &str = "pishkhan-config";
const DEFAULT_REQUEST_TIMEOUT_MS: u32 = 15_000;

#[derive(Debug, Default, Deserialize)]
struct Config {
    /// How long one request may take before it counts as lost (1 s to 60 s).
    request_timeout_ms: Option<u32>,
}

thread_local! {
    static CONFIG: OnceCell<Config> = const { OnceCell::new() };
}

fn read() -> Config {
    let text = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(ELEMENT_ID))
        .and_then(|e| e.text_content());
    match text.map(|t| serde_json::from_str::<Config>(&t)) {
        Some(Ok(config)) => config,
        Some(Err(error)) => {
            web_sys::console::error_1(&format!("pishkhan: #{ELEMENT_ID} is not valid configuration: {error}").into());
            Config::default()
        }
        None => Config::default(),
    }
}

/// The time limit of one request, in milliseconds.
pub fn request_timeout_ms() -> i32 {
    let configured = CONFIG.with(|c| c.get_or_init(read).request_timeout_ms);
    configured.filter(|ms| (1_000..=60_000).contains(ms)).unwrap_or(DEFAULT_REQUEST_TIMEOUT_MS) as i32
}
