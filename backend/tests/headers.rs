//! The security headers: the storefront page's Content-Security-Policy (the build's inline start-up
//! script by hash, the consent configuration's tracker hosts, nothing unsafe), the strict policy of
//! everything else, no framing, no powerful features, HSTS only over https, and small JSON bodies.

mod common;

use axum::body::Body;
use axum::http::{HeaderName, Request, header};
use common::{TestApp, json_request, temp_dir};

/// Trunk's start-up script, as a build writes it.
const START: &str = "\nimport init, * as bindings from '/pishkhan-0123.js';\nconst wasm = await init({ module_or_path: '/pishkhan-0123_bg.wasm' });\n";

fn storefront(start: &str) -> std::path::PathBuf {
    let dir = temp_dir("headers");
    let page =
        format!("<!doctype html><html><head><script type=\"module\">{start}</script></head><body></body></html>");
    std::fs::write(dir.join("index.html"), page).unwrap();
    dir
}

fn consent(tracker: &str) -> String {
    format!(
        r#"{{"revision": "1", "retention_days": 182, "services": [
            {{"id": "shop", "name": "Shop", "purpose": "necessary", "cookies": ["pishkhan_consent"],
              "description_fa": "فروشگاه", "description_en": "Shop"}},
            {{"id": "stats", "name": "Stats", "purpose": "analytics", "scripts": ["{tracker}"],
              "description_fa": "آمار", "description_en": "Stats"}}]}}"#
    )
}

/// sha256 of `text` as a CSP source, computed here independently of the backend.
fn hash(text: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text)))
}

fn directive<'a>(policy: &'a str, name: &str) -> &'a str {
    policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in {policy}"))
}

#[tokio::test]
async fn the_storefront_page_allows_only_its_own_scripts_and_the_configured_trackers() {
    let dir = storefront(START);
    std::fs::write(dir.join("consent.json"), consent("https://stats.example.com/t.js?id=1")).unwrap();
    let app = TestApp::with_static(&dir);
    let page = app.get("/product/some-book").await;
    assert_eq!(page.status, 200);
    let policy = page.header(header::CONTENT_SECURITY_POLICY).to_owned();
    let scripts = directive(&policy, "script-src");
    assert_eq!(scripts, format!("script-src 'self' 'wasm-unsafe-eval' {} https://stats.example.com", hash(START)));
    assert_eq!(directive(&policy, "frame-ancestors"), "frame-ancestors 'none'");
    assert_eq!(directive(&policy, "style-src"), "style-src 'self'");
    assert!(directive(&policy, "connect-src").contains("https://stats.example.com"), "{policy}");
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");

    // an edited configuration and a new build take effect without a restart
    std::fs::write(dir.join("consent.json"), consent("https://other.example.org/t.js")).unwrap();
    std::fs::write(dir.join("index.html"), format!("<script type=module>{}</script>", "start()")).unwrap();
    let policy = app.get("/").await.header(header::CONTENT_SECURITY_POLICY).to_owned();
    assert_eq!(
        directive(&policy, "script-src"),
        format!("script-src 'self' 'wasm-unsafe-eval' {} https://other.example.org", hash("start()"))
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn every_answer_forbids_framing_and_powerful_features() {
    let dir = storefront(START);
    let app = TestApp::with_static(&dir);
    for uri in ["/", "/api/v1/products", "/api/v1/nope", "/consent.json"] {
        let response = app.get(uri).await;
        assert!(response.header(header::CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(response.header(header::X_FRAME_OPTIONS), "DENY", "{uri}");
        assert_eq!(response.header(HeaderName::from_static("cross-origin-opener-policy")), "same-origin", "{uri}");
        let features = response.header(HeaderName::from_static("permissions-policy"));
        assert!(features.contains("camera=()") && features.contains("geolocation=()"), "{uri}: {features}");
    }
    let api = app.get("/api/v1/products").await;
    assert_eq!(
        api.header(header::CONTENT_SECURITY_POLICY),
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn hsts_only_over_https() {
    let app = TestApp::new();
    assert_eq!(app.get("/api/v1/health").await.header(header::STRICT_TRANSPORT_SECURITY), "");
    let https = Request::get("/api/v1/health").header("x-forwarded-proto", "https").body(Body::empty()).unwrap();
    assert_eq!(app.send(https).await.header(header::STRICT_TRANSPORT_SECURITY), "max-age=63072000; includeSubDomains");
    let behind_tls = TestApp::build(|state| state.with_secure_cookies(true));
    assert!(behind_tls.get("/api/v1/health").await.header(header::STRICT_TRANSPORT_SECURITY).starts_with("max-age="));
}

#[tokio::test]
async fn json_bodies_are_small() {
    let app = TestApp::new();
    // a cart at its largest (100 lines) fits; a body of 64 KiB is refused before it is parsed
    let lines: Vec<String> = (1..=100).map(|id| format!(r#"{{"product_id": {id}, "quantity": 99}}"#)).collect();
    let full = format!(r#"{{"items": [{}]}}"#, lines.join(", "));
    assert_eq!(app.send(json_request("/api/v1/cart/quote", &full, &[])).await.status, 200);
    let padding = " ".repeat(64 * 1024);
    let huge = format!(r#"{{"items": []{padding}}}"#);
    let refused = app.send(json_request("/api/v1/cart/quote", &huge, &[])).await;
    refused.assert_problem(413);
    let code = format!(r#"{{"mobile": "09121234567"{}}}"#, " ".repeat(8 * 1024));
    app.send(json_request("/api/v1/auth/code", &code, &[])).await.assert_problem(413);
}
