//! What an account owns: the address book, orders placed while signed in (with `save_address`), and the
//! server cart.

mod common;

use axum::http::Method;
use common::TestApp;
use common::auth::{MOBILE, as_user};
use common::orders::{ORDERS, POST_PRICE, order_body, with};
use serde_json::{Value, json};

const ADDRESSES: &str = "/api/v1/me/addresses";

fn address(label: &str, is_default: bool) -> Value {
    json!({
        "label": label,
        "recipient": { "kind": "buyer" },
        "address": {
            "province": "fars", "city": "شیراز", "street": "خیابان زند", "plate": "۱۴",
            "postal_code": "۷۱۳۴۸۹۷۶۵۱"
        },
        "is_default": is_default,
    })
}

fn defaults(list: &Value) -> Vec<(String, bool)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|a| (a["label"].as_str().unwrap().to_owned(), a["is_default"].as_bool().unwrap()))
        .collect()
}

#[tokio::test]
async fn the_address_book_keeps_one_default() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    assert_eq!(app.get_as(ADDRESSES, &token).await.json(), json!([]));
    let home = app.as_user(Method::POST, ADDRESSES, &token, Some(address("خانه", false))).await;
    assert_eq!(home.status, 201, "{}", home.text());
    let home = home.json();
    assert_eq!(
        (home["is_default"].as_bool(), home["address"]["postal_code"].as_str()),
        (Some(true), Some("7134897651")),
        "the first is the default"
    );
    let office = app.as_user(Method::POST, ADDRESSES, &token, Some(address("دفتر", false))).await.json();
    assert_eq!(office["is_default"], false);
    let list = app.get_as(ADDRESSES, &token).await.json();
    assert_eq!(defaults(&list), [("خانه".to_owned(), true), ("دفتر".to_owned(), false)]);

    let mut moved = address("دفتر", true);
    moved["recipient"] =
        json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "۰۹۳۵۱۱۱۲۲۳۳" });
    let uri = format!("{ADDRESSES}/{}", office["id"]);
    let updated = app.as_user(Method::PUT, &uri, &token, Some(moved)).await;
    assert_eq!(updated.status, 200, "{}", updated.text());
    assert_eq!(updated.json()["recipient"]["mobile"], "09351112233");
    let list = app.get_as(ADDRESSES, &token).await.json();
    assert_eq!(defaults(&list), [("دفتر".to_owned(), true), ("خانه".to_owned(), false)]);

    let deleted = app.as_user(Method::DELETE, &uri, &token, None).await;
    assert_eq!(deleted.status, 204);
    assert_eq!(
        defaults(&app.get_as(ADDRESSES, &token).await.json()),
        [("خانه".to_owned(), true)],
        "the default moves on"
    );
    app.as_user(Method::DELETE, &uri, &token, None).await.assert_problem(404);

    let invalid = app
        .as_user(Method::POST, ADDRESSES, &token, Some(with(&address("", false), "/address/postal_code", json!("12"))))
        .await;
    let fields = invalid.assert_problem(422);
    assert!(fields.contains(&"label".to_owned()) && fields.contains(&"address.postal_code".to_owned()), "{fields:?}");
}

/// `POST /me/addresses` by `token` with an `Idempotency-Key`.
fn keyed_save(token: &str, key: &str, body: &Value) -> axum::http::Request<axum::body::Body> {
    let mut request = as_user(Method::POST, ADDRESSES, token, Some(body));
    request.headers_mut().insert("Idempotency-Key", key.parse().unwrap());
    request
}

#[tokio::test]
async fn saving_an_address_again_with_its_key_keeps_one_copy() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let first = app.send(keyed_save(&token, "address-1", &address("خانه", false))).await;
    assert_eq!(first.status, 201, "{}", first.text());
    // the answer was lost; the storefront sends the same address with the same key
    let again = app.send(keyed_save(&token, "address-1", &address("خانه", false))).await;
    assert_eq!(again.status, 200, "{}", again.text());
    assert_eq!(again.header(axum::http::HeaderName::from_static("idempotent-replayed")), "true");
    assert_eq!(again.json()["id"], first.json()["id"]);
    assert_eq!(defaults(&app.get_as(ADDRESSES, &token).await.json()), [("خانه".to_owned(), true)]);
    // the same key for another address is refused, and saves nothing
    let other = app.send(keyed_save(&token, "address-1", &address("دفتر", false))).await;
    assert_eq!(other.assert_problem(422), ["Idempotency-Key"]);
    assert_eq!(other.json()["errors"][0]["code"], "idempotency_key_reused");
    // another key, or none, is another address
    assert_eq!(app.send(keyed_save(&token, "address-2", &address("خانه", false))).await.status, 201);
    assert_eq!(app.as_user(Method::POST, ADDRESSES, &token, Some(address("خانه", false))).await.status, 201);
    assert_eq!(app.get_as(ADDRESSES, &token).await.json().as_array().unwrap().len(), 3);
    // a key is the account's own: another account's same key saves its own address
    app.forget_rate_limits();
    let theirs = app.sign_in("09351112233").await;
    let their_save = app.send(keyed_save(&theirs, "address-1", &address("خانه", false))).await;
    assert_eq!(their_save.status, 201, "{}", their_save.text());
    assert_ne!(their_save.json()["id"], first.json()["id"]);
}

#[tokio::test]
async fn another_accounts_addresses_are_not_found() {
    let app = TestApp::new();
    let mine = app.sign_in(MOBILE).await;
    app.forget_rate_limits();
    let theirs = app.sign_in("09351112233").await;
    let saved = app.as_user(Method::POST, ADDRESSES, &theirs, Some(address("خانه", false))).await.json();
    let uri = format!("{ADDRESSES}/{}", saved["id"]);
    app.as_user(Method::PUT, &uri, &mine, Some(address("مال من", false))).await.assert_problem(404);
    app.as_user(Method::DELETE, &uri, &mine, None).await.assert_problem(404);
    assert_eq!(app.get_as(ADDRESSES, &mine).await.json(), json!([]));
    assert_eq!(app.get_as(ADDRESSES, &theirs).await.json()[0]["label"], "خانه");
    app.get(ADDRESSES).await.assert_problem(401);
}

#[tokio::test]
async fn orders_placed_signed_in_are_the_accounts() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let p = app.stocked(1, 100_000, 10);
    let items = json!([{ "product_id": p.id, "quantity": 2 }]);
    let body = order_body(items.clone(), 200_000 + POST_PRICE);
    let someone_else =
        json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "09351112233" });
    let saving = with(&with(&body, "/save_address", json!(true)), "/recipient", someone_else);
    let mut request = as_user(Method::POST, ORDERS, &token, Some(&saving));
    request.headers_mut().insert("Idempotency-Key", "mine-1".parse().unwrap());
    let first = app.send(request).await;
    assert_eq!(first.status, 201, "{}", first.text());
    let mut request = as_user(Method::POST, ORDERS, &token, Some(&body));
    request.headers_mut().insert("Idempotency-Key", "mine-2".parse().unwrap());
    let second = app.send(request).await.json();
    let guest = app.place("guest-1", &with(&body, "/save_address", json!(true))).await;
    assert_eq!(guest.status, 201);

    let summaries = app.get_as("/api/v1/me/orders", &token).await.json();
    let numbers: Vec<_> = summaries.as_array().unwrap().iter().map(|s| s["number"].as_str().unwrap()).collect();
    assert_eq!(
        numbers,
        [second["number"].as_str().unwrap(), first.json()["number"].as_str().unwrap()],
        "newest first; not the guest's"
    );
    assert_eq!(summaries[0]["item_count"], 2);
    assert_eq!(summaries[0]["total"], 200_000 + POST_PRICE);
    assert_eq!(summaries[0]["status"], "awaiting_payment");

    let one = app.get_as(&format!("/api/v1/me/orders/{}", second["number"].as_str().unwrap()), &token).await;
    assert_eq!(one.json(), second);
    let guest_number = guest.json()["number"].as_str().unwrap().to_owned();
    app.get_as(&format!("/api/v1/me/orders/{guest_number}"), &token).await.assert_problem(404);

    let book = app.get_as(ADDRESSES, &token).await.json();
    assert_eq!(book.as_array().unwrap().len(), 1, "only the order that asked is saved: {book}");
    assert_eq!(book[0]["recipient"]["first_name"], "رضا");
    assert_eq!(book[0]["address"]["postal_code"], "7134897651");
    assert_eq!(book[0]["is_default"], true);
}

#[tokio::test]
async fn the_server_cart_is_stored_repaired() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    assert_eq!(app.get_as("/api/v1/me/cart", &token).await.json(), json!([]));
    let lines = json!([
        { "product_id": 3, "quantity": 2 }, { "product_id": 5, "quantity": 0 },
        { "product_id": 3, "quantity": 1 }, { "product_id": 7, "quantity": 500 }
    ]);
    let stored = app.as_user(Method::PUT, "/api/v1/me/cart", &token, Some(lines)).await;
    assert_eq!(stored.status, 200, "{}", stored.text());
    let expected = json!([{ "product_id": 3, "quantity": 3 }, { "product_id": 7, "quantity": 99 }]);
    assert_eq!(stored.json(), expected);
    assert_eq!(app.get_as("/api/v1/me/cart", &token).await.json(), expected);

    let too_many: Vec<Value> = (1..=101).map(|id| json!({ "product_id": id, "quantity": 1 })).collect();
    let refused = app.as_user(Method::PUT, "/api/v1/me/cart", &token, Some(json!(too_many))).await;
    refused.assert_problem(422);
    assert_eq!(app.get_as("/api/v1/me/cart", &token).await.json(), expected, "unchanged");
    app.as_user(Method::PUT, "/api/v1/me/cart", &token, Some(json!({ "items": [] }))).await.assert_problem(422);
}
