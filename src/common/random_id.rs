//! Random identifiers from the browser's `crypto.randomUUID()` (idempotency keys, consent ids).

/// A random UUID; with no Web Crypto (very old browsers) a time-and-random fallback.
pub fn random_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}-{:x}", js_sys::Date::now() as u64, (js_sys::Math::random() * 1e16) as u64))
}
