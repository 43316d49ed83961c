//! Consent: receipts recorded with their fields in an append-only ledger, 422 naming each bad field, limits
//! per consent id and per client address, the dev-mode listing, and the shop's `consent.json` validated at
//! start-up and served with `no-cache`.

mod common;

use std::path::{Path, PathBuf};

use axum::http::header;
use common::auth::from_ip;
use common::{TestApp, db_arg, json_request, run_backend, temp_dir};
use pishkhan_backend::AppState;
use pishkhan_backend::consent::ConsentFile;
use serde_json::{Value, json};

const RECEIPTS: &str = "/api/v1/consent/receipts";
const DEV_RECEIPTS: &str = "/api/v1/dev/consent-receipts";

fn receipt() -> Value {
    json!({
        "consent_id": "c-7f3a9b21e4d0",
        "revision": "2026-11-01",
        "action": "given",
        "method": "banner",
        "purposes": { "analytics": true, "marketing": false, "session_recording": false },
        "services": { "google-analytics": true, "yektanet": false, "smartlook": false },
        "shown_text_hash": "0123456789abcdef",
    })
}

const VALID_CONFIG: &str = r#"{
  "revision": "2026-11-01",
  "services": [
    { "id": "storefront", "name": "Pishkhan", "purpose": "necessary", "cookies": ["pishkhan_consent"],
      "description_fa": "سبد خرید", "description_en": "Your cart" },
    { "id": "ga4", "name": "Google Analytics 4", "purpose": "analytics",
      "scripts": ["https://www.googletagmanager.com/gtag/js?id=G-X"], "cookies": ["_ga", "_ga_*"],
      "description_fa": "آمار", "description_en": "Statistics" }
  ]
}"#;

/// Two problems: a zero retention and a tracker loaded over plain http.
const INVALID_CONFIG: &str = r#"{
  "revision": "2026-11-01",
  "retention_days": 0,
  "services": [
    { "id": "storefront", "name": "Pishkhan", "purpose": "necessary",
      "description_fa": "سبد خرید", "description_en": "Your cart" },
    { "id": "ga4", "name": "Google Analytics 4", "purpose": "analytics",
      "scripts": ["http://www.googletagmanager.com/gtag/js"],
      "description_fa": "آمار", "description_en": "Statistics" }
  ]
}"#;

/// A built storefront: `index.html`, and `consent.json` when given.
fn storefront(consent: Option<&str>) -> PathBuf {
    let dir = temp_dir("consent-static");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>پیشخوان</title>").unwrap();
    if let Some(consent) = consent {
        std::fs::write(dir.join("consent.json"), consent).unwrap();
    }
    dir
}

#[tokio::test]
async fn a_receipt_is_stored_with_its_fields_and_nothing_else() {
    let app = TestApp::dev();
    let response = app.post_json(RECEIPTS, &receipt().to_string()).await;
    assert_eq!(response.status, 201, "{}", response.text());
    let recorded = response.json();
    assert_eq!(recorded["receipt_id"], 1);
    let recorded_at = recorded["recorded_at"].as_str().unwrap();
    assert!(recorded_at.len() == 20 && recorded_at.starts_with("20") && recorded_at.ends_with('Z'), "{recorded_at}");
    assert_eq!(recorded.as_object().unwrap().len(), 2);

    let sql = app.sql();
    let row: (String, String, String, String, String, String, String, String) = sql
        .query_row(
            "SELECT consent_id, revision, action, method, purposes, services, shown_text_hash, recorded_at
             FROM consent_receipts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
        )
        .unwrap();
    assert_eq!(
        (row.0.as_str(), row.1.as_str(), row.2.as_str(), row.3.as_str()),
        ("c-7f3a9b21e4d0", "2026-11-01", "given", "banner")
    );
    assert_eq!(serde_json::from_str::<Value>(&row.4).unwrap(), receipt()["purposes"]);
    assert_eq!(serde_json::from_str::<Value>(&row.5).unwrap(), receipt()["services"]);
    assert_eq!((row.6.as_str(), row.7.as_str()), ("0123456789abcdef", recorded_at));
    let columns: Vec<String> = sql
        .prepare("SELECT name FROM pragma_table_info('consent_receipts') ORDER BY cid")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    // the storefront's random retry key and the request's hash name no one either
    let expected = [
        "id",
        "consent_id",
        "revision",
        "action",
        "method",
        "purposes",
        "services",
        "shown_text_hash",
        "recorded_at",
        "idempotency_key",
        "request_hash",
    ];
    assert_eq!(columns, expected, "no IP address, user agent or anything else personal");

    let mut withdrawn = receipt();
    withdrawn["action"] = json!("withdrawn");
    withdrawn["method"] = json!("settings");
    withdrawn["purposes"] = json!({ "analytics": false });
    withdrawn["services"] = json!({});
    let second = app.post_json(RECEIPTS, &withdrawn.to_string()).await;
    assert_eq!(second.status, 201, "{}", second.text());
    assert_eq!(second.json()["receipt_id"], 2);

    let mut first = receipt();
    first["receipt_id"] = json!(1);
    first["recorded_at"] = json!(recorded_at);
    withdrawn["receipt_id"] = json!(2);
    withdrawn["recorded_at"] = second.json()["recorded_at"].clone();
    let listed = app.get(DEV_RECEIPTS).await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header(header::CACHE_CONTROL), "no-store");
    assert_eq!(listed.json(), json!([first, withdrawn]), "oldest first, as posted");
}

#[tokio::test]
async fn bad_receipts_are_422_naming_each_field_and_store_nothing() {
    let app = TestApp::new();
    let mut bad = receipt();
    bad["consent_id"] = json!("has spaces and ünïcode");
    bad["revision"] = json!("  ");
    bad["purposes"] = json!({ "necessary": true, "analytics": true });
    bad["shown_text_hash"] = json!("not-a-hash");
    let fields = app.post_json(RECEIPTS, &bad.to_string()).await.assert_problem(422);
    assert_eq!(fields, ["consent_id", "revision", "purposes", "shown_text_hash"]);

    let mut services = receipt();
    services["services"] = json!({ "<script>": true });
    assert_eq!(app.post_json(RECEIPTS, &services.to_string()).await.assert_problem(422), ["services"]);

    let mut missing = receipt();
    missing.as_object_mut().unwrap().remove("shown_text_hash");
    assert_eq!(app.post_json(RECEIPTS, &missing.to_string()).await.assert_problem(422), ["shown_text_hash"]);
    let mut unknown_action = receipt();
    unknown_action["action"] = json!("sold");
    assert_eq!(app.post_json(RECEIPTS, &unknown_action.to_string()).await.assert_problem(422), ["action"]);
    let mut unknown_purpose = receipt();
    unknown_purpose["purposes"] = json!({ "fingerprinting": true });
    assert_eq!(app.post_json(RECEIPTS, &unknown_purpose.to_string()).await.assert_problem(422), ["purposes"]);

    assert_eq!(app.post_json(RECEIPTS, "{").await.assert_problem(400), ["body"]);
    assert_eq!(app.count("consent_receipts"), 0);
}

/// A receipt for `consent_id` posted from the client address `ip`.
async fn post_from(app: &TestApp, consent_id: &str, ip: [u8; 4]) -> common::TestResponse {
    let mut body = receipt();
    body["consent_id"] = json!(consent_id);
    app.send(from_ip(json_request(RECEIPTS, &body.to_string(), &[]), ip)).await
}

#[tokio::test]
async fn receipts_are_limited_per_consent_id_and_per_address() {
    let app = TestApp::new();
    for n in 0..10 {
        assert_eq!(post_from(&app, "c-busy", [198, 51, 100, 1]).await.status, 201, "receipt {n}");
    }
    let busy = post_from(&app, "c-busy", [198, 51, 100, 2]).await;
    busy.assert_problem(429);
    assert_eq!(busy.json()["type"], "/problems/too-many-requests");
    let retry: u64 = busy.header(header::RETRY_AFTER).parse().unwrap();
    assert!((1..=3600).contains(&retry), "{retry}");
    assert_eq!(post_from(&app, "c-calm", [198, 51, 100, 1]).await.status, 201, "another consent id is not held up");

    for n in 0..200 {
        assert_eq!(post_from(&app, &format!("c-{n}"), [203, 0, 113, 7]).await.status, 201, "receipt {n}");
    }
    let flood = post_from(&app, "c-one-more", [203, 0, 113, 7]).await;
    flood.assert_problem(429);
    assert!(flood.header(header::RETRY_AFTER).parse::<u64>().unwrap() > 0);
    assert_eq!(post_from(&app, "c-one-more", [192, 0, 2, 1]).await.status, 201, "another address is not held up");
    assert_eq!(app.count("consent_receipts"), 10 + 1 + 200 + 1, "a refused receipt is not recorded");
}

#[tokio::test]
async fn a_receipt_sent_again_with_its_key_is_recorded_once() {
    let app = TestApp::new();
    let send = |consent_id: &str, key: &str, action: &str| {
        let mut body = receipt();
        body["consent_id"] = json!(consent_id);
        body["action"] = json!(action);
        json_request(RECEIPTS, &body.to_string(), &[("Idempotency-Key", key)])
    };
    let first = app.send(send("c-retry", "r-1", "given")).await;
    assert_eq!(first.status, 201, "{}", first.text());
    // the answer was lost; the storefront sends the same receipt with the same key
    let again = app.send(send("c-retry", "r-1", "given")).await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.header(header::HeaderName::from_static("idempotent-replayed")), "true");
    assert_eq!(again.json(), first.json(), "the same receipt, recorded when it first arrived");
    assert_eq!(app.count("consent_receipts"), 1);
    // the key names one receipt of this consent id: another receipt with it is refused, unrecorded
    let other = app.send(send("c-retry", "r-1", "withdrawn")).await;
    assert_eq!(other.assert_problem(422), ["Idempotency-Key"]);
    assert_eq!(other.json()["errors"][0]["code"], "idempotency_key_reused");
    // another consent id's key is its own; another key, or none, is another receipt
    assert_eq!(app.send(send("c-other", "r-1", "given")).await.status, 201);
    assert_eq!(app.send(send("c-retry", "r-2", "withdrawn")).await.status, 201);
    assert_eq!(app.post_json(RECEIPTS, &receipt().to_string()).await.status, 201);
    assert_eq!(app.count("consent_receipts"), 4);
}

#[tokio::test]
async fn the_database_refuses_to_update_or_delete_a_receipt() {
    let app = TestApp::new();
    assert_eq!(app.post_json(RECEIPTS, &receipt().to_string()).await.status, 201);
    let sql = app.sql();
    for statement in [
        "UPDATE consent_receipts SET action = 'withdrawn'",
        "UPDATE consent_receipts SET recorded_at = '1970-01-01T00:00:00Z' WHERE id = 1",
        "DELETE FROM consent_receipts",
        "DELETE FROM consent_receipts WHERE id = 1",
    ] {
        let error = sql.execute(statement, []).unwrap_err();
        assert!(error.to_string().contains("consent receipts are append-only"), "{statement}: {error}");
    }
    let action: String = sql.query_row("SELECT action FROM consent_receipts WHERE id = 1", [], |r| r.get(0)).unwrap();
    assert_eq!((action.as_str(), app.count("consent_receipts")), ("given", 1));
}

#[tokio::test]
async fn the_receipt_listing_is_for_development_mode_only() {
    let app = TestApp::new();
    assert_eq!(app.post_json(RECEIPTS, &receipt().to_string()).await.status, 201);
    app.get(DEV_RECEIPTS).await.assert_problem(404);
    let dev = TestApp::dev();
    assert_eq!(dev.get_ok(DEV_RECEIPTS).await, json!([]));
}

#[tokio::test]
async fn the_static_consent_json_is_served_with_no_cache_and_edits_apply_at_once() {
    let dir = storefront(Some(VALID_CONFIG));
    let app = TestApp::with_static(&dir);
    let served = app.get("/consent.json").await;
    assert_eq!(served.status, 200);
    assert_eq!(served.header(header::CACHE_CONTROL), "no-cache");
    assert_eq!(served.content_type(), "application/json");
    assert_eq!(served.text(), VALID_CONFIG);

    let edited = VALID_CONFIG.replace("2026-11-01", "2026-12-01");
    std::fs::write(dir.join("consent.json"), &edited).unwrap();
    assert_eq!(app.get("/consent.json").await.text(), edited, "an edit takes effect at once");
    std::fs::write(dir.join("consent.json"), INVALID_CONFIG).unwrap();
    assert_eq!(app.get("/consent.json").await.text(), edited, "a broken edit is never served");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn without_a_consent_json_no_trackers_are_configured() {
    let dir = storefront(None);
    let app = TestApp::with_static(&dir);
    app.get("/consent.json").await.assert_problem(404);
    assert!(app.get("/").await.text().contains("پیشخوان"));
    TestApp::new().get("/consent.json").await.assert_problem(404);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn an_explicit_consent_file_is_served_instead_of_the_static_one() {
    let dir = storefront(Some(INVALID_CONFIG));
    let explicit = temp_dir("consent-explicit").join("shop-consent.json");
    std::fs::write(&explicit, VALID_CONFIG).unwrap();
    let (path, static_dir) = (explicit.clone(), dir.clone());
    let app = TestApp::build(move |state| state.with_consent_file(path).unwrap().with_static_dir(static_dir).unwrap());
    let served = app.get("/consent.json").await;
    assert_eq!((served.status.as_u16(), served.text()), (200, VALID_CONFIG.to_owned()));
    assert_eq!(served.header(header::CACHE_CONTROL), "no-cache");
    let without_static = TestApp::build(move |state| state.with_consent_file(explicit).unwrap());
    assert_eq!(without_static.get("/consent.json").await.text(), VALID_CONFIG);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn start_up_refuses_an_invalid_or_missing_file() {
    let dir = storefront(Some(INVALID_CONFIG));
    let error = AppState::open_in_memory().unwrap().with_static_dir(&dir).unwrap_err();
    assert_eq!(error.problems().len(), 2, "{error}");
    let expected = format!(
        "consent configuration {} is invalid:\n  \
         - retention_days: must be between 1 and 395 (13 months)\n  \
         - services[1] (ga4).scripts[0]: must be an https:// URL or a path on this site starting with /",
        dir.join("consent.json").display()
    );
    assert_eq!(error.to_string(), expected);

    let explicit = AppState::open_in_memory().unwrap().with_consent_file(dir.join("consent.json")).unwrap_err();
    assert_eq!(explicit.to_string(), expected);
    let missing = dir.join("nowhere.json");
    let error = AppState::open_in_memory().unwrap().with_consent_file(&missing).unwrap_err();
    assert_eq!(error.to_string(), format!("consent configuration {} does not exist", missing.display()));

    std::fs::write(dir.join("consent.json"), VALID_CONFIG).unwrap();
    assert!(AppState::open_in_memory().unwrap().with_static_dir(&dir).unwrap().consent().is_some());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_binary_refuses_to_start_with_an_invalid_or_missing_file() {
    let dir = storefront(Some(INVALID_CONFIG));
    let db = temp_dir("consent-binary");
    let static_dir = dir.display().to_string();
    let (ok, stderr) = run_backend(&["--db", &db_arg(&db), "--addr", "127.0.0.1:0", "--static", &static_dir]);
    assert!(!ok, "{stderr}");
    let consent = dir.join("consent.json");
    assert!(stderr.contains(&format!("consent configuration {} is invalid:\n", consent.display())), "{stderr}");
    assert!(stderr.contains("\n  - retention_days: must be between 1 and 395"), "{stderr}");
    assert!(stderr.contains("\n  - services[1] (ga4).scripts[0]: must be an https:// URL"), "{stderr}");

    let missing = dir.join("missing.json").display().to_string();
    let (ok, stderr) = run_backend(&["--db", &db_arg(&db), "--addr", "127.0.0.1:0", "--consent", &missing]);
    assert!(!ok && stderr.contains("does not exist"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
    let _ = std::fs::remove_dir_all(db);
}

#[test]
fn the_shipped_consent_json_is_valid() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/consent.json");
    if let Err(error) = ConsentFile::load(&path) {
        panic!("{error}");
    }
}
