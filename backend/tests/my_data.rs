//! "My data": the export (with the consent receipts of the consent ids seen with the account) and deleting
//! the account (sessions gone, row anonymised, orders kept only as invoicing needs).

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::TestApp;
use common::auth::{ME, MOBILE, SESSION, as_user, session_cookie};
use common::orders::{ORDERS, POST_PRICE, order_body, with};
use serde_json::{Value, json};

const CONSENT_COOKIE: &str = "pishkhan_consent=%7B%22id%22%3A%22c-7f3a9b21%22%2C%22revision%22%3A%222026-11-01%22%7D";

fn receipt(consent_id: &str) -> String {
    json!({
        "consent_id": consent_id, "revision": "2026-11-01", "action": "given", "method": "banner",
        "purposes": { "analytics": true }, "services": { "google-analytics": true },
        "shown_text_hash": "0123456789abcdef",
    })
    .to_string()
}

async fn place_as(app: &TestApp, token: &str, key: &str, body: &Value) -> Value {
    let mut request = as_user(Method::POST, ORDERS, token, Some(body));
    request.headers_mut().insert("Idempotency-Key", key.parse().unwrap());
    let placed = app.send(request).await;
    assert_eq!(placed.status, 201, "{}", placed.text());
    placed.json()
}

/// Receipts of two consent ids, then a sign-in from a page whose consent cookie holds the first one.
async fn signed_in_with_receipts(app: &TestApp) -> String {
    app.post_json("/api/v1/consent/receipts", &receipt("c-7f3a9b21")).await;
    app.post_json("/api/v1/consent/receipts", &receipt("c-someone-else")).await;
    app.request_code(MOBILE).await;
    let body = json!({ "mobile": MOBILE, "code": app.last_code(MOBILE) }).to_string();
    let request = Request::post("/api/v1/auth/code/verify")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, CONSENT_COOKIE)
        .body(Body::from(body))
        .unwrap();
    session_cookie(&app.send(request).await).unwrap()
}

#[tokio::test]
async fn the_export_holds_everything_kept() {
    let app = TestApp::new();
    let token = signed_in_with_receipts(&app).await;
    let p = app.stocked(1, 100_000, 10);
    let order =
        place_as(&app, &token, "k1", &order_body(json!([{ "product_id": p.id, "quantity": 1 }]), 100_000 + POST_PRICE))
            .await;

    let export = app.get_as("/api/v1/me/export", &token).await;
    assert_eq!(export.status, 200, "{}", export.text());
    assert_eq!(export.header(header::CONTENT_DISPOSITION), "attachment; filename=\"pishkhan-my-data.json\"");
    let data = export.json();
    assert_eq!(data["profile"]["mobile"], MOBILE);
    assert_eq!(data["orders"], json!([order]));
    assert_eq!(data["preferences"], json!({ "newsletter": false, "sms_promotions": false, "events": [] }));
    assert_eq!(data["reviews"], json!([]));
    assert_eq!(data["addresses"], json!([]));
    assert!(data["exported_at"].as_str().unwrap().ends_with('Z'));
    let receipts = data["consent_receipts"].as_array().unwrap();
    assert_eq!(receipts.len(), 1, "{receipts:?}");
    assert_eq!(receipts[0]["consent_id"], "c-7f3a9b21");
}

#[tokio::test]
async fn a_consent_id_is_linked_only_by_the_sign_in_it_came_with() {
    let app = TestApp::new();
    let token = signed_in_with_receipts(&app).await;

    // a signed-in page that holds another consent cookie links nothing
    let other = "pishkhan_consent=%7B%22id%22%3A%22c-someone-else%22%7D";
    let export = Request::get("/api/v1/me/export")
        .header(header::COOKIE, format!("{SESSION}={token}; {other}"))
        .body(Body::empty())
        .unwrap();
    let first = app.send(export).await;
    assert_eq!(first.status, 200, "{}", first.text());
    let data = app.get_as("/api/v1/me/export", &token).await.json();
    let ids: Vec<&str> =
        data["consent_receipts"].as_array().unwrap().iter().map(|r| r["consent_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c-7f3a9b21"]);
    assert_eq!(app.count("user_consent_ids"), 1);
}

#[tokio::test]
async fn deleting_the_account_keeps_only_what_invoices_need() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let update = json!({ "first_name": "سارا", "last_name": "احمدی", "national_code": "0067749828", "birth_date": "", "newsletter": true, "sms_promotions": true });
    app.as_user(Method::PUT, ME, &token, Some(update)).await;
    app.as_user(Method::PUT, "/api/v1/me/cart", &token, Some(json!([{ "product_id": 1, "quantity": 1 }]))).await;
    let p = app.stocked(1, 100_000, 10);
    let body = with(
        &order_body(json!([{ "product_id": p.id, "quantity": 1 }]), 100_000 + POST_PRICE),
        "/save_address",
        json!(true),
    );
    let plain = place_as(&app, &token, "plain", &body).await;
    let invoiced = with(
        &body,
        "/invoice",
        json!({ "kind": "individual", "full_name": "سارا احمدی", "national_code": "0067749828" }),
    );
    let gift = json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "09351112233" });
    let invoiced = place_as(&app, &token, "invoiced", &with(&invoiced, "/recipient", gift)).await;
    assert_eq!(app.count("order_recipients"), 1);
    app.prove(&token).await;
    let asked =
        app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": "sara@example.ir" }))).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    let to_account = || -> Vec<String> {
        let sql = app.sql();
        let mut stmt =
            sql.prepare("SELECT body FROM outbox WHERE recipient IN (?1, 'sara@example.ir') ORDER BY id").unwrap();
        stmt.query_map([MOBILE], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
    };
    assert_eq!(to_account().len(), 3, "the sign-in code, the proof code and the email link");

    app.forget_rate_limits();
    let asked = app.as_user(Method::POST, "/api/v1/me/deletion", &token, None).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    let code = app.last_code(MOBILE);
    assert!(app.last_sms(MOBILE).contains("حذف حساب"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused =
        app.as_user(Method::POST, "/api/v1/me/deletion/confirm", &token, Some(json!({ "code": wrong }))).await;
    assert_eq!(refused.assert_problem(422), ["code"]);
    assert_eq!(app.get_as(ME, &token).await.status, 200, "nothing deleted yet");

    let deleted = app.as_user(Method::POST, "/api/v1/me/deletion/confirm", &token, Some(json!({ "code": code }))).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert_eq!(session_cookie(&deleted).as_deref(), Some(""));
    app.get_as(ME, &token).await.assert_problem(401);
    for table in ["sessions", "addresses", "carts", "user_consent_ids"] {
        assert_eq!(app.count(table), 0, "{table}");
    }
    let row: (String, Option<String>, String, String, Option<String>, Option<String>) = app
        .sql()
        .query_row("SELECT mobile, email, first_name, national_code, password_hash, deleted_at FROM users", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
        })
        .unwrap();
    assert!(row.0.starts_with("deleted-"), "{row:?}");
    assert_eq!((row.1, row.2.as_str(), row.3.as_str(), row.4), (None, "", "", None));
    assert!(row.5.is_some());

    let kept = |number: &Value| -> (String, String, i64, Option<i64>) {
        app.sql()
            .query_row(
                "SELECT contact_mobile, address_postal_code, total, user_id FROM orders WHERE number = ?1",
                [number.as_str().unwrap()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap()
    };
    assert_eq!(kept(&plain["number"]), (String::new(), String::new(), 100_000 + POST_PRICE, None), "blanked");
    assert_eq!(
        kept(&invoiced["number"]),
        (MOBILE.to_owned(), "7134897651".to_owned(), 100_000 + POST_PRICE, None),
        "kept for the invoice"
    );
    assert_eq!(app.count("order_lines"), 2);
    assert_eq!(app.count("order_recipients"), 0, "another person's name and number go, invoice or not");
    let left = to_account();
    assert_eq!(left.len(), 1, "only the deletion notice, sent afterwards: {left:?}");
    assert!(!left[0].chars().any(|c| c.is_ascii_digit()), "no code in the notice: {}", left[0]);

    // the number may sign up again, as a new account
    app.forget_rate_limits();
    let again = app.sign_in(MOBILE).await;
    let me = app.get_as(ME, &again).await.json();
    assert_eq!((me["mobile"].as_str(), me["first_name"].as_str()), (Some(MOBILE), Some("")));
    assert_eq!(app.get_as("/api/v1/me/orders", &again).await.json(), json!([]));
}
