//! The consent cookie, and deleting a withdrawn service's cookies and storage keys on every domain
//! variant they could have been set for.

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

fn clear_storage(storage: Option<web_sys::Storage>, patterns: &[String]) {
    let Some(storage) = storage else { return };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0)).filter_map(|i| storage.key(i).ok().flatten()).collect();
    for key in keys.iter().filter(|k| patterns.iter().any(|p| matches(p, k))) {
        let _ = storage.remove_item(key);
    }
}

/// Deletes what the withdrawn services set: their cookies on every domain variant and path "/",
/// and their localStorage and sessionStorage keys.
pub fn clear_services(services: &[&Service]) {
    let present = cookies();
    let variants = domain_variants();
    for service in services {
        let names: Vec<String> = service
            .cookies
            .iter()
            .flat_map(|pattern| {
                let found: Vec<String> =
                    present.iter().filter(|(k, _)| matches(pattern, k)).map(|(k, _)| k.clone()).collect();
                if pattern.ends_with('*') { found } else { vec![pattern.clone()] }
            })
            .collect();
        for name in &names {
            for domain in &variants {
                let domain = domain.as_ref().map(|d| format!("; Domain={d}")).unwrap_or_default();
                set_cookie(&format!("{name}=; Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT{domain}"));
            }
        }
        let window = web_sys::window();
        clear_storage(window.as_ref().and_then(|w| w.local_storage().ok().flatten()), &service.storage_keys);
        clear_storage(window.as_ref().and_then(|w| w.session_storage().ok().flatten()), &service.storage_keys);
    }
}
