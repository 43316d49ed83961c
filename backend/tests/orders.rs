//! Placing and paying orders: what is stored, idempotency (also under concurrency), stock that never
//! goes negative, 409 when the order changed, 422 naming each bad field, and the dev-mode listing.

mod common;

use axum::http::header::HeaderName;
use common::TestApp;
use common::orders::{ORDERS, POST_PRICE, order_body, order_request, with};
use serde_json::{Value, json};

fn items(product_id: i64, quantity: u32) -> Value {
    json!([{ "product_id": product_id, "quantity": quantity }])
}

async fn pay(app: &TestApp, number: &str, token: &str) -> common::TestResponse {
    app.post_json(&format!("{ORDERS}/{number}/payment"), &json!({ "payment_token": token }).to_string()).await
}

#[tokio::test]
async fn placing_stores_the_order_and_takes_stock() {
    let app = TestApp::dev();
    let (a, b) = (app.stocked(1, 150_000, 5), app.stocked(2, 40_000, 7));
    let lines = json!([{ "product_id": a.id, "quantity": 2 }, { "product_id": b.id, "quantity": 1 }]);
    let total = 2 * 150_000 + 40_000 + POST_PRICE;
    let mut body = order_body(lines, total);
    body["contact"]["mobile"] = json!("+98 ۹۱۲ ۱۲۳ ۴۵۶۷");
    let response = app.place("order-1", &body).await;
    assert_eq!(response.status, 201, "{}", response.text());
    let order = response.json();

    let number = order["number"].as_str().unwrap();
    assert!(number.len() == 11 && number.starts_with("PK-") && number[3..].bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(order["status"], "awaiting_payment");
    assert!(order["placed_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(order["payment_token"].as_str().unwrap().len(), 32);
    assert_eq!(order["contact"]["mobile"], "09121234567", "stored normalised");
    assert_eq!(order["address"]["plate"], "14");
    assert_eq!(order["recipient"], json!({ "kind": "buyer" }));
    assert_eq!(order["invoice"], json!({ "kind": "none" }));
    assert_eq!(order["shipping_method"]["id"], "post");
    assert_eq!(order["shipping_method"]["name_fa"], "پست پیشتاز");
    assert_eq!(
        (&order["subtotal"], &order["shipping"], &order["discount"], &order["total"]),
        (&json!(340_000), &json!(POST_PRICE), &json!(0), &json!(total))
    );
    assert_eq!(order["lines"][0]["quantity"], 2);
    assert_eq!(order["lines"][0]["unit_price"], 150_000);
    assert_eq!(order["lines"][0]["line_total"], 300_000);
    assert_eq!(order["lines"][1]["product_id"], b.id);
    assert!(order["lines"][1]["title"].as_str().is_some_and(|t| !t.is_empty()));

    assert_eq!(
        [app.count("orders"), app.count("order_lines"), app.count("order_recipients"), app.count("invoice_identities")],
        [1, 2, 0, 0]
    );
    assert_eq!((app.stock(a.id), app.stock(b.id)), (3, 6));
    let key: String = app.sql().query_row("SELECT idempotency_key FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(key, "order-1");
    assert_eq!(app.get_ok("/api/v1/dev/orders").await, json!([order]), "what is returned is what is stored");
}

#[tokio::test]
async fn someone_else_and_invoice_identities_are_stored_with_the_order() {
    let app = TestApp::dev();
    let p = app.stocked(1, 100_000, 10);
    let base = order_body(items(p.id, 1), 100_000 + POST_PRICE);
    let someone_else =
        json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "۰۹۳۵۱۱۱۲۲۳۳" });
    let individual = json!({ "kind": "individual", "full_name": "سارا احمدی", "national_code": "۰۰۶۷۷۴۹۸۲۸" });
    let legal = json!({
        "kind": "legal_entity", "company_name": "شرکت نمونه", "economic_code": "10380284790",
        "national_id": "10380284790", "registration_number": "۱۲۳۴۵",
        "invoice_address": {
            "province": "tehran", "city": "تهران", "street": "خیابان آزادی", "plate": "3", "unit": "",
            "postal_code": "1134897651", "notes": ""
        }
    });
    let first = with(&with(&base, "/recipient", someone_else), "/invoice", individual);
    let second = with(&base, "/invoice", legal);
    let first = app.place("k1", &first).await;
    let second = app.place("k2", &second).await;
    assert_eq!((first.status.as_u16(), second.status.as_u16()), (201, 201), "{} {}", first.text(), second.text());
    let (first, second) = (first.json(), second.json());

    assert_eq!(
        first["recipient"],
        json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "09351112233" })
    );
    assert_eq!(
        first["invoice"],
        json!({ "kind": "individual", "full_name": "سارا احمدی", "national_code": "0067749828" })
    );
    assert_eq!(second["recipient"], json!({ "kind": "buyer" }));
    assert_eq!(second["invoice"]["kind"], "legal_entity");
    assert_eq!(second["invoice"]["registration_number"], "12345");
    assert_eq!(second["invoice"]["invoice_address"]["city"], "تهران");

    assert_eq!([app.count("orders"), app.count("order_recipients"), app.count("invoice_identities")], [2, 1, 2]);
    let kinds: Vec<String> = app
        .sql()
        .prepare("SELECT kind FROM invoice_identities ORDER BY order_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["individual", "legal_entity"]);
    let mobile: String = app.sql().query_row("SELECT mobile FROM order_recipients", [], |r| r.get(0)).unwrap();
    assert_eq!(mobile, "09351112233");
    assert_eq!(app.get_ok("/api/v1/dev/orders").await, json!([first, second]));
    assert_eq!(app.stock(p.id), 8);
}

#[tokio::test]
async fn a_retry_with_the_same_key_replays_the_order() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let body = order_body(items(p.id, 2), 200_000 + POST_PRICE);
    let first = app.place("retry-key", &body).await;
    assert_eq!(first.status, 201, "{}", first.text());
    assert!(first.headers.get("idempotent-replayed").is_none());
    let again = app.place("retry-key", &body).await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.header(HeaderName::from_static("idempotent-replayed")), "true");
    assert_eq!(again.json(), first.json());
    // the same order typed with other digits normalises to the same request
    let persian_digits = with(&body, "/address/postal_code", json!("۷۱۳۴۸۹۷۶۵۱"));
    assert_eq!(app.place("retry-key", &persian_digits).await.status, 200);
    assert_eq!((app.count("orders"), app.stock(p.id)), (1, 8));

    let different = with(&body, "/contact/first_name", json!("مریم"));
    let response = app.place("retry-key", &different).await;
    assert_eq!(response.assert_problem(422), ["Idempotency-Key"]);
    assert_eq!(response.json()["errors"][0]["code"], "idempotency_key_reused");
    assert_eq!((app.count("orders"), app.stock(p.id)), (1, 8));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_concurrent_identical_requests_make_one_order() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let body = order_body(items(p.id, 3), 300_000 + POST_PRICE);
    let (a, b) = tokio::join!(app.place("same-key", &body), app.place("same-key", &body));
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201], "{} / {}", a.text(), b.text());
    assert_eq!(a.json()["number"], b.json()["number"]);
    assert_eq!((app.count("orders"), app.count("order_lines"), app.stock(p.id)), (1, 1, 7));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stock_never_goes_negative_under_concurrent_orders() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 3);
    let body = order_body(items(p.id, 1), 100_000 + POST_PRICE);
    let requests = (0..10).map(|i| order_request(&format!("buyer-{i}"), &body)).collect();
    let responses = app.send_concurrently(requests).await;
    let created = responses.iter().filter(|r| r.status == 201).count();
    let conflicts: Vec<_> = responses.iter().filter(|r| r.status == 409).collect();
    assert_eq!((created, conflicts.len()), (3, 7));
    for conflict in conflicts {
        conflict.assert_problem(409);
        assert_eq!(conflict.json()["type"], "/problems/order-changed");
    }
    assert_eq!((app.stock(p.id), app.count("orders")), (0, 3));
}

#[tokio::test]
async fn a_changed_total_or_missing_stock_is_409_and_reserves_nothing() {
    let app = TestApp::new();
    let (p, sold_out) = (app.stocked(1, 100_000, 5), app.stocked(2, 80_000, 0));
    let stale = order_body(items(p.id, 2), 190_000 + POST_PRICE);
    let lines = json!([{ "product_id": p.id, "quantity": 1 }, { "product_id": sold_out.id, "quantity": 1 }]);
    let cases = [
        ("total", stale),
        ("sold out", order_body(lines, 180_000 + POST_PRICE)),
        ("short", order_body(items(p.id, 6), 600_000 + POST_PRICE)),
        ("unknown product", order_body(items(999_999, 1), POST_PRICE)),
    ];
    for (case, body) in cases {
        let response = app.place(&format!("key-{}", case.replace(' ', "-")), &body).await;
        response.assert_problem(409);
        let problem = response.json();
        assert_eq!(problem["type"], "/problems/order-changed", "{case}");
        assert!(problem["title"].as_str().unwrap().contains("review"), "{case}");
    }
    assert_eq!([app.count("orders"), app.count("order_lines"), app.stock(p.id), app.stock(sold_out.id)], [0, 0, 5, 0]);
    // the key of a refused order is free: the reviewed order can be placed with it
    let ok = app.place("key-total", &order_body(items(p.id, 2), 200_000 + POST_PRICE)).await;
    assert_eq!(ok.status, 201, "{}", ok.text());
}

#[tokio::test]
async fn each_bad_field_is_a_422_naming_it() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let base = order_body(items(p.id, 1), 100_000 + POST_PRICE);
    let someone =
        |mobile: &str| json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": mobile });
    let legal = |economic: &str, national_id: &str, registration: &str| {
        json!({ "kind": "legal_entity", "company_name": "شرکت نمونه", "economic_code": economic,
                "national_id": national_id, "registration_number": registration })
    };
    let cases = [
        ("contact.mobile", with(&base, "/contact/mobile", json!("۰۲۱۱۲۳۴"))),
        ("contact.first_name", with(&base, "/contact/first_name", json!("  "))),
        ("contact.email", with(&base, "/contact/email", json!("sara@"))),
        ("recipient.mobile", with(&base, "/recipient", someone("0912"))),
        ("address.province", with(&base, "/address/province", json!("atlantis"))),
        ("address.city", with(&base, "/address/city", json!("تبریز"))),
        ("address.postal_code", with(&base, "/address/postal_code", json!("۱۲۳۴۵"))),
        (
            "invoice.national_code",
            with(
                &base,
                "/invoice",
                json!({ "kind": "individual", "full_name": "سارا احمدی", "national_code": "۰۰۶۷۷۴۹۸۲۹" }),
            ),
        ),
        ("invoice.national_id", with(&base, "/invoice", legal("10380284790", "10380284791", "1234"))),
        ("invoice.economic_code", with(&base, "/invoice", legal("123", "10380284790", "1234"))),
        ("invoice.registration_number", with(&base, "/invoice", legal("10380284790", "10380284790", "ab-12"))),
        ("shipping_method", with(&base, "/shipping_method", json!("courier"))),
        ("shipping_method", with(&base, "/shipping_method", json!("camel"))),
        ("items", with(&base, "/items", json!([]))),
        ("items[0].quantity", with(&base, "/items", items(p.id, 100))),
        ("contact.mobile", with(&base, "/contact/mobile", json!(9121234567_u64))),
    ];
    for (i, (field, body)) in cases.into_iter().enumerate() {
        let response = app.place(&format!("bad-{i}"), &body).await;
        assert_eq!(response.assert_problem(422), [field], "{field}: {}", response.text());
    }
    let missing = app.post_json(ORDERS, &base.to_string()).await;
    assert_eq!(missing.assert_problem(422), ["Idempotency-Key"]);
    assert_eq!(missing.json()["errors"][0]["code"], "required");
    for bad in ["", "with space", &"k".repeat(101)] {
        let response = app.post_json_with(ORDERS, &base.to_string(), &[("Idempotency-Key", bad)]).await;
        assert_eq!(response.assert_problem(422), ["Idempotency-Key"], "{bad:?}");
    }
    let several = app
        .place("bad-all", &with(&with(&base, "/contact/mobile", json!("1")), "/address/postal_code", json!("2")))
        .await;
    assert_eq!(several.assert_problem(422), ["contact.mobile", "address.postal_code"]);
    assert_eq!((app.count("orders"), app.stock(p.id)), (0, 10));
}

#[tokio::test]
async fn paying_marks_the_order_paid_once_and_hides_which_detail_was_wrong() {
    let app = TestApp::dev();
    let p = app.stocked(1, 100_000, 10);
    let order = app.place("pay-me", &order_body(items(p.id, 1), 100_000 + POST_PRICE)).await.json();
    let (number, token) = (order["number"].as_str().unwrap(), order["payment_token"].as_str().unwrap());

    let wrong_token = pay(&app, number, "0123456789abcdef0123456789abcdef").await;
    wrong_token.assert_problem(404);
    let wrong_number = pay(&app, "PK-00000000", token).await;
    wrong_number.assert_problem(404);
    assert_eq!(wrong_token.json()["detail"], wrong_number.json()["detail"], "which one is wrong is not said");
    assert_eq!(app.get_ok("/api/v1/dev/orders").await[0]["status"], "awaiting_payment");

    for _ in 0..2 {
        let paid = pay(&app, number, token).await;
        assert_eq!(paid.status, 200, "{}", paid.text());
        assert_eq!(paid.json(), json!({ "status": "paid", "redirect_url": null }));
    }
    let status: String = app.sql().query_row("SELECT status FROM orders", [], |r| r.get(0)).unwrap();
    assert_eq!(status, "paid");
    assert_eq!(app.get_ok("/api/v1/dev/orders").await[0]["status"], "paid");
    app.post_json(&format!("{ORDERS}/{number}/payment"), "{}").await.assert_problem(422);
}

#[tokio::test]
async fn the_dev_listing_exists_only_in_dev_mode() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    assert_eq!(app.place("k", &order_body(items(p.id, 1), 100_000 + POST_PRICE)).await.status, 201);
    app.get("/api/v1/dev/orders").await.assert_problem(404);
    app.post_json("/api/v1/dev/orders", "{}").await.assert_problem(404);

    let dev = TestApp::dev();
    assert_eq!(dev.get_ok("/api/v1/dev/orders").await, json!([]));
    let p = dev.stocked(1, 100_000, 10);
    let mut placed = Vec::new();
    for key in ["first", "second", "third"] {
        placed.push(dev.place(key, &order_body(items(p.id, 1), 100_000 + POST_PRICE)).await.json());
    }
    assert_eq!(dev.get_ok("/api/v1/dev/orders").await, Value::Array(placed), "oldest first");
}
