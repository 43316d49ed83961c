//! Checkout fixtures: a valid order body, placing it, and reading stock and row counts straight from SQLite.

use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

use super::{TestApp, TestResponse, json_request};

pub const ORDERS: &str = "/api/v1/orders";
pub const REVIEW: &str = "/api/v1/checkout/review";
pub const POST_PRICE: i64 = 49_000;
pub const TIPAX_PRICE: i64 = 89_000;
pub const COURIER_PRICE: i64 = 65_000;

/// A valid order for `items` to Shiraz (Fars) by express post, with the total the shopper reviewed.
pub fn order_body(items: Value, expected_total: i64) -> Value {
    json!({
        "items": items,
        "contact": { "first_name": "سارا", "last_name": "احمدی", "mobile": "09121234567", "email": "sara@example.com" },
        "recipient": { "kind": "buyer" },
        "address": {
            "province": "fars", "city": "شیراز", "street": "خیابان زند، کوچه ۱۲", "plate": "۱۴",
            "unit": "", "postal_code": "7134897651", "notes": ""
        },
        "invoice": { "kind": "none" },
        "shipping_method": "post",
        "expected_total": expected_total,
        "save_address": false,
    })
}

/// `body` with the value at a JSON pointer replaced.
pub fn with(body: &Value, pointer: &str, value: Value) -> Value {
    let mut body = body.clone();
    *body.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}")) = value;
    body
}

pub fn order_request(key: &str, body: &Value) -> Request<Body> {
    json_request(ORDERS, &body.to_string(), &[("Idempotency-Key", key)])
}

/// A product with a known price and stock, for predictable totals.
#[derive(Debug, Clone, Copy)]
pub struct Stocked {
    pub id: i64,
    pub price: i64,
}

impl TestApp {
    pub async fn place(&self, key: &str, body: &Value) -> TestResponse {
        self.send(order_request(key, body)).await
    }

    pub async fn review(&self, body: Value) -> TestResponse {
        self.post_json(REVIEW, &body.to_string()).await
    }

    /// Sets the `n`th product (1-based id order) to `price` and `stock` and returns it.
    pub fn stocked(&self, n: i64, price: i64, stock: i64) -> Stocked {
        let id: i64 = self
            .sql()
            .query_row("SELECT id FROM products ORDER BY id LIMIT 1 OFFSET ?1", [n - 1], |r| r.get(0))
            .unwrap();
        self.sql().execute("UPDATE products SET price = ?1, stock = ?2 WHERE id = ?3", [price, stock, id]).unwrap();
        Stocked { id, price }
    }

    pub fn stock(&self, id: i64) -> i64 {
        self.sql().query_row("SELECT stock FROM products WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.sql().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }
}
