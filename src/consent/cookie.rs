//! The consent cookie, and the clean-up after a withdrawal: every cookie and storage key that no
//! necessary service declares is deleted, on every domain and path variant it could have been set
//! for — an allow-list, so a tracker that stores more than its configuration says leaves nothing.

use pishkhan_core::consent::{COOKIE_NAME, ConsentRecord, Service};
use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into().ok()
}

fn cookies() -> Vec<(String, String)> {
    let raw = document().and_then(|d| d.cookie().ok()).unwrap_or_default();
    raw.split(';').filter_map(|pair| pair.trim().split_once('=').map(|(k, v)| (k.to_owned(), v.to_owned()))).collect()
}

fn set_cookie(value: &str) {
    if let Some(d) = document() {
        let _ = d.set_cookie(value);
    }
}

fn is_https() -> bool {
    web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:")
}

pub fn read_record() -> Option<ConsentRecord> {
    let (_, value) = cookies().into_iter().find(|(k, _)| k == COOKIE_NAME)?;
    let json = js_sys::decode_uri_component(&value).ok()?.as_string()?;
    serde_json::from_str(&json).ok()
}

/// Stores the record in a first-party cookie for as long as the choice is kept.
pub fn write_record(record: &ConsentRecord, retention_days: u32) {
    let Ok(json) = serde_json::to_string(record) else { return };
    let value = String::from(js_sys::encode_uri_component(&json));
    let max_age = u64::from(retention_days) * 24 * 60 * 60;
    let secure = if is_https() { "; Secure" } else { "" };
    set_cookie(&format!("{COOKIE_NAME}={value}; Path=/; Max-Age={max_age}; SameSite=Lax{secure}"));
}

/// The host and every parent domain, with and without a leading dot, plus "no domain" (host-only).
fn domain_variants() -> Vec<Option<String>> {
    let host = web_sys::window().and_then(|w| w.location().hostname().ok()).unwrap_or_default();
    let mut variants = vec![None];
    let labels: Vec<&str> = host.split('.').collect();
    for start in 0..labels.len().saturating_sub(1).max(1) {
        let domain = labels[start..].join(".");
        variants.push(Some(domain.clone()));
        variants.push(Some(format!(".{domain}")));
    }
    variants
}

fn matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == pattern,
    }
}

/// The page's path and each of its parents: a cookie set for one of them is deleted only there.
fn path_variants() -> Vec<String> {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
    let mut variants = vec!["/".to_owned()];
    let mut at = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        at = format!("{at}/{segment}");
        variants.push(at.clone());
    }
    variants
}

fn delete_cookie(name: &str, domains: &[Option<String>], paths: &[String]) {
    for domain in domains {
        let domain = domain.as_ref().map(|d| format!("; Domain={d}")).unwrap_or_default();
        for path in paths {
            set_cookie(&format!("{name}=; Path={path}; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT{domain}"));
        }
    }
}

fn clear_storage(storage: Option<web_sys::Storage>, keep: impl Fn(&str) -> bool) {
    let Some(storage) = storage else { return };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect();
    for key in keys.iter().filter(|k| !keep(k)) {
        let _ = storage.remove_item(key);
    }
}

/// Deletes every cookie this page can see, and every localStorage and sessionStorage key, that none of
/// the `necessary` services declares. (The session cookie is httpOnly: out of the page's reach, and kept.)
pub fn clear_undeclared(necessary: &[&Service]) {
    let declared = |patterns: fn(&Service) -> &[String], name: &str| {
        necessary.iter().any(|service| patterns(service).iter().any(|p| matches(p, name)))
    };
    let (domains, paths) = (domain_variants(), path_variants());
    for (name, _) in cookies() {
        if !declared(|s| &s.cookies, &name) {
            delete_cookie(&name, &domains, &paths);
        }
    }
    let window = web_sys::window();
    let keep = |key: &str| declared(|s| &s.storage_keys, key);
    clear_storage(window.as_ref().and_then(|w| w.local_storage().ok().flatten()), keep);
    clear_storage(window.as_ref().and_then(|w| w.session_storage().ok().flatten()), keep);
}
