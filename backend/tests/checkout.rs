//! Checkout review: line pricing, shipping methods per province, free shipping, readiness, bad input.

mod common;

use common::TestApp;
use common::orders::{COURIER_PRICE, POST_PRICE, TIPAX_PRICE};
use serde_json::{Value, json};

async fn review(app: &TestApp, body: Value) -> Value {
    let response = app.review(body).await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

fn method_ids(review: &Value) -> Vec<&str> {
    review["shipping_methods"].as_array().unwrap().iter().map(|m| m["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn totals_and_shipping_per_province() {
    let app = TestApp::new();
    let (a, b) = (app.stocked(1, 120_000, 10), app.stocked(2, 35_000, 10));
    let items = json!([{ "product_id": a.id, "quantity": 2 }, { "product_id": b.id, "quantity": 3 }]);
    let subtotal = 2 * 120_000 + 3 * 35_000;

    let fars = review(&app, json!({ "items": items, "province": "fars" })).await;
    assert_eq!(method_ids(&fars), ["post", "tipax"], "no same-day courier outside Tehran and Alborz");
    assert_eq!(fars["shipping_method"], "post", "the cheapest by default");
    assert_eq!(fars["lines"][0]["status"], "ok");
    assert_eq!(fars["lines"][0]["line_total"], 240_000);
    assert_eq!(fars["lines"][1]["product"]["unit_price"], 35_000);
    assert_eq!(
        (&fars["subtotal"], &fars["shipping"], &fars["discount"], &fars["total"]),
        (&json!(subtotal), &json!(POST_PRICE), &json!(0), &json!(subtotal + POST_PRICE))
    );
    assert_eq!(fars["ready"], true);
    let tipax = &fars["shipping_methods"][1];
    assert_eq!(
        (&tipax["name_fa"], &tipax["price"], &tipax["min_days"]),
        (&json!("تیپاکس"), &json!(TIPAX_PRICE), &json!(1))
    );

    let asked_courier = review(&app, json!({ "items": items, "province": "fars", "shipping_method": "courier" })).await;
    assert_eq!(asked_courier["shipping_method"], "post", "an unavailable method falls back to the cheapest");

    for province in ["tehran", "alborz"] {
        let body = review(&app, json!({ "items": items, "province": province, "shipping_method": "courier" })).await;
        assert_eq!(method_ids(&body), ["post", "courier", "tipax"], "{province}");
        assert_eq!((&body["shipping_method"], &body["shipping"]), (&json!("courier"), &json!(COURIER_PRICE)));
        assert_eq!(body["total"], subtotal + COURIER_PRICE);
        assert_eq!(body["shipping_methods"][1]["name_en"], "Same-day courier");
    }
}

#[tokio::test]
async fn free_shipping_from_two_million_toman() {
    let app = TestApp::new();
    let at = app.stocked(1, 1_000_000, 5);
    let below = app.stocked(2, 999_999, 5);
    let body = review(
        &app,
        json!({ "items": [{ "product_id": at.id, "quantity": 2 }], "province": "tehran", "shipping_method": "tipax" }),
    )
    .await;
    assert_eq!(
        (&body["subtotal"], &body["shipping"], &body["discount"], &body["total"]),
        (&json!(2_000_000), &json!(TIPAX_PRICE), &json!(TIPAX_PRICE), &json!(2_000_000))
    );
    let body =
        review(&app, json!({ "items": [{ "product_id": below.id, "quantity": 2 }], "province": "tehran" })).await;
    assert_eq!((&body["discount"], &body["total"]), (&json!(0), &json!(1_999_998 + POST_PRICE)));
}

#[tokio::test]
async fn not_ready_when_a_line_is_short_sold_out_or_missing_or_the_cart_empty() {
    let app = TestApp::new();
    let (short, fine, sold_out) = (app.stocked(1, 50_000, 1), app.stocked(2, 60_000, 9), app.stocked(3, 70_000, 0));
    let cases = [
        (json!([{ "product_id": short.id, "quantity": 2 }, { "product_id": fine.id, "quantity": 1 }]), "limited_stock"),
        (json!([{ "product_id": sold_out.id, "quantity": 1 }]), "out_of_stock"),
        (json!([{ "product_id": 999_999, "quantity": 1 }]), "unavailable"),
    ];
    for (items, status) in cases {
        let body = review(&app, json!({ "items": items, "province": "fars" })).await;
        assert_eq!(body["lines"][0]["status"], status);
        assert_eq!(body["ready"], false, "{status}");
    }
    let short_body =
        review(&app, json!({ "items": [{ "product_id": short.id, "quantity": 2 }], "province": "fars" })).await;
    assert_eq!(short_body["subtotal"], 50_000, "priced for what there is");
    let empty = review(&app, json!({ "items": [], "province": "fars" })).await;
    assert_eq!((&empty["ready"], &empty["subtotal"], &empty["lines"]), (&json!(false), &json!(0), &json!([])));
}

#[tokio::test]
async fn bad_review_requests_name_their_fields() {
    let app = TestApp::new();
    let one = json!([{ "product_id": 1, "quantity": 1 }]);
    let hundred_and_one: Vec<_> = (1..=101).map(|i| json!({ "product_id": i, "quantity": 1 })).collect();
    let cases: [(Value, &[&str]); 7] = [
        (json!({ "items": one, "province": "atlantis" }), &["province"]),
        (json!({ "items": one, "province": "" }), &["province"]),
        (json!({ "items": [{ "product_id": 1, "quantity": 0 }], "province": "fars" }), &["items[0].quantity"]),
        (
            json!({ "items": [{ "product_id": 1, "quantity": 100 }], "province": "nowhere" }),
            &["items[0].quantity", "province"],
        ),
        (
            json!({ "items": [{ "product_id": 1, "quantity": 1 }, { "product_id": 1, "quantity": 2 }], "province": "fars" }),
            &["items[1].product_id"],
        ),
        (json!({ "items": hundred_and_one, "province": "fars" }), &["items"]),
        (json!({ "items": one }), &["province"]),
    ];
    for (body, fields) in cases {
        assert_eq!(app.review(body.clone()).await.assert_problem(422), fields, "{body}");
    }
    app.post_json(common::orders::REVIEW, "{").await.assert_problem(400);
}
