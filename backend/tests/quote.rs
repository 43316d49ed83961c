//! Cart quote: prices and totals from the catalog, and every line status.

mod common;

use common::TestApp;
use serde_json::{Value, json};

async fn quote(app: &TestApp, items: Value) -> Value {
    let response = app.post_json("/api/v1/cart/quote", &json!({ "items": items }).to_string()).await;
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()
}

async fn product(app: &TestApp, summary: &Value) -> Value {
    app.get_ok(&format!("/api/v1/products/{}", summary["slug"].as_str().unwrap())).await
}

/// In-stock products with at least `min_stock` units.
async fn stocked(app: &TestApp, count: usize, min_stock: u64) -> Vec<Value> {
    let mut found = Vec::new();
    for summary in app.all_products("sort=price_asc").await {
        if summary["in_stock"] == true {
            let full = product(app, &summary).await;
            if full["stock"].as_u64().unwrap() >= min_stock {
                found.push(full);
            }
        }
        if found.len() == count {
            break;
        }
    }
    found
}

#[tokio::test]
async fn prices_and_totals_match_the_catalog() {
    let app = TestApp::new();
    let products = stocked(&app, 2, 3).await;
    let (a, b) = (&products[0], &products[1]);
    let body = quote(
        &app,
        json!([
            { "product_id": a["id"], "quantity": 1, "seen_unit_price": a["price"] },
            { "product_id": b["id"], "quantity": 3 },
        ]),
    )
    .await;
    let (pa, pb) = (a["price"].as_i64().unwrap(), b["price"].as_i64().unwrap());
    let lines = body["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!((lines[0]["status"].as_str(), lines[0]["line_total"].as_i64()), (Some("ok"), Some(pa)));
    assert_eq!((lines[1]["status"].as_str(), lines[1]["line_total"].as_i64()), (Some("ok"), Some(pb * 3)));
    assert_eq!(lines[0]["product"]["slug"], a["slug"]);
    assert_eq!(lines[0]["product"]["image_url"], a["image_url"]);
    assert_eq!(lines[1]["product"]["unit_price"], b["price"]);
    assert_eq!(body["subtotal"].as_i64(), Some(pa + pb * 3));
    assert_eq!(body["item_count"].as_u64(), Some(4));
}

#[tokio::test]
async fn out_of_stock_limited_changed_and_unavailable() {
    let app = TestApp::new();
    let sold_out = app.all_products("").await.into_iter().find(|p| p["in_stock"] == false).expect("a sold-out product");
    let limited = stocked(&app, 1, 1).await.remove(0);
    let stock = limited["stock"].as_u64().unwrap();
    let changed = stocked(&app, 3, 2).await.remove(2);
    let changed_price = changed["price"].as_i64().unwrap();
    let body = quote(
        &app,
        json!([
            { "product_id": sold_out["id"], "quantity": 1 },
            { "product_id": limited["id"], "quantity": stock + 1 },
            { "product_id": changed["id"], "quantity": 2, "seen_unit_price": changed_price - 1000 },
            { "product_id": 999_999, "quantity": 1 },
        ]),
    )
    .await;
    let lines = body["lines"].as_array().unwrap();
    let statuses: Vec<_> = lines.iter().map(|l| l["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["out_of_stock", "limited_stock", "price_changed", "unavailable"]);

    assert_eq!((lines[0]["available_quantity"].as_u64(), lines[0]["line_total"].as_i64()), (Some(0), Some(0)));
    let limited_total = limited["price"].as_i64().unwrap() * stock as i64;
    assert_eq!(lines[1]["available_quantity"].as_u64(), Some(stock));
    assert_eq!(lines[1]["line_total"].as_i64(), Some(limited_total));
    assert_eq!(lines[2]["product"]["previous_unit_price"].as_i64(), Some(changed_price - 1000));
    assert_eq!(lines[2]["line_total"].as_i64(), Some(changed_price * 2));
    assert!(lines[3]["product"].is_null());
    assert_eq!(body["subtotal"].as_i64(), Some(limited_total + changed_price * 2));
    assert_eq!(body["item_count"].as_u64(), Some(stock + 2));
}

#[tokio::test]
async fn empty_cart_quotes_zero() {
    let app = TestApp::new();
    let body = quote(&app, json!([])).await;
    assert_eq!(body, json!({ "lines": [], "subtotal": 0, "item_count": 0 }));
}
