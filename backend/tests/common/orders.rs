//! Checkout fixtures: a valid order body, placing it (as a guest, a signed-in account, from an address),
//! letting unpaid orders lapse, and reading stock and row counts straight from SQLite.

use axum::body::Body;
use axum::http::{Method, Request, header};
use serde_json::{Value, json};

use super::auth::as_user;
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

/// A guest token of the shape the backend issues, from one repeated hex digit (`'a'`, `'b'`, …).
pub fn guest(digit: char) -> String {
    digit.to_string().repeat(64)
}

/// `request` with the guest cookie `token`.
pub fn as_guest(mut request: Request<Body>, token: &str) -> Request<Body> {
    request.headers_mut().append(header::COOKIE, format!("pishkhan_guest={token}").parse().unwrap());
    request
}

/// Placing an order signed in with the session `token`, as the storefront does.
pub fn order_request_as(key: &str, body: &Value, token: &str) -> Request<Body> {
    let mut request = as_user(Method::POST, ORDERS, token, Some(body));
    request.headers_mut().insert("Idempotency-Key", key.parse().unwrap());
    request
}

/// The guest `Set-Cookie` of a response, whole, if it sets one.
pub fn guest_set_cookie(response: &TestResponse) -> Option<String> {
    response
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("pishkhan_guest="))
        .map(ToOwned::to_owned)
}

/// `POST /orders/{number}/payment` with this payment token.
pub fn payment_request(number: &str, token: &str) -> Request<Body> {
    json_request(&format!("{ORDERS}/{number}/payment"), &json!({ "payment_token": token }).to_string(), &[])
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

    pub async fn pay(&self, order: &Value) -> TestResponse {
        let (number, token) = (order["number"].as_str().unwrap(), order["payment_token"].as_str().unwrap());
        self.send(payment_request(number, token)).await
    }

    /// Moves the order's payment deadline a second into the past, as its payment window running out would.
    pub fn lapse(&self, number: &str) {
        let sql = "UPDATE orders SET pay_by = CAST(strftime('%s', 'now') AS INTEGER) - 1 WHERE number = ?1";
        assert_eq!(self.sql().execute(sql, [number]).unwrap(), 1, "no order {number}");
    }

    /// An order's stored status, by its number.
    pub fn status_of(&self, number: &str) -> String {
        self.sql().query_row("SELECT status FROM orders WHERE number = ?1", [number], |r| r.get(0)).unwrap()
    }

    pub fn count(&self, table: &str) -> i64 {
        self.sql().query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
    }
}
