//! Fuzzing every request body the API reads, through the whole router with `oneshot`: arbitrary bytes,
//! JSON-ish token soup, deep nesting, random JSON values with the endpoint's own field names, and a valid
//! body with some of its fields removed, retyped or replaced by overlong, control or bidi-override text.
//! Whatever arrives, the answer is never a 5xx (a panic would be one: the router catches it as a 500),
//! every 4xx is `application/problem+json` with its status in the body, a body that is not JSON is a 400
//! naming `body`, a body not sent as JSON is a 415, and a bad `Idempotency-Key` is a 422 naming it.
//! Also the product listing's query string, against core's parser.

mod common;

use std::fmt;

use axum::body::Body;
use axum::http::{HeaderValue, Method, Request, StatusCode, header};
use common::auth::{MOBILE, SESSION};
use common::{TestApp, TestResponse, encode};
use pishkhan_backend::catalog::query_string;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{TestCaseError, TestError, TestRunner};
use serde_json::{Map, Value, json};

/// Cases per endpoint; every case is one request through the router.
const CASES: u32 = 128;

/// One `POST`/`PUT` route and a valid body for it.
struct Endpoint {
    method: Method,
    /// The path; `{}` stands for the path parameter, if any.
    path: &'static str,
    /// A valid path parameter (for `{}`).
    param: &'static str,
    template: Value,
    signed_in: bool,
    /// Whether the handler reads a JSON body (sign-out and the deletion request read none).
    reads_body: bool,
    /// `POST /orders` needs an `Idempotency-Key`.
    idempotent: bool,
    /// Set product 1 to [`PRICE`] with plenty of stock first, so the template's total is right.
    stock_product: bool,
}

/// Product 1's price while fuzzing orders: the template's total is this plus express post.
const PRICE: i64 = 100_000;

impl Endpoint {
    fn new(method: Method, path: &'static str, template: Value) -> Self {
        Self {
            method,
            path,
            param: "",
            template,
            signed_in: false,
            reads_body: true,
            idempotent: false,
            stock_product: false,
        }
    }

    fn signed_in(self) -> Self {
        Self { signed_in: true, ..self }
    }

    fn with_param(self, param: &'static str) -> Self {
        Self { param, ..self }
    }

    fn without_body(self) -> Self {
        Self { reads_body: false, ..self }
    }
}

fn address() -> Value {
    json!({
        "province": "fars", "city": "شیراز", "street": "خیابان زند، کوچه ۱۲", "plate": "۱۴",
        "unit": "", "postal_code": "7134897651", "notes": ""
    })
}

fn order() -> Value {
    let total = PRICE + common::orders::POST_PRICE;
    let mut body = common::orders::order_body(json!([{ "product_id": 1, "quantity": 1 }]), total);
    body["save_address"] = json!(true);
    body["recipient"] =
        json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "۰۹۳۵۱۱۱۲۲۳۳" });
    body["invoice"] = json!({
        "kind": "legal_entity", "company_name": "شرکت نمونه", "economic_code": "10380284790",
        "national_id": "10380284790", "registration_number": "۱۲۳۴۵", "invoice_address": address()
    });
    body
}

fn saved_address() -> Value {
    json!({ "label": "خانه", "recipient": { "kind": "buyer" }, "address": address(), "is_default": true })
}

/// Every known field name, for random objects that look like the real ones.
fn field_names() -> Vec<String> {
    let mut names = Vec::new();
    for template in [order(), saved_address(), json!({ "purposes": { "analytics": true, "necessary": true } })] {
        collect_keys(&template, &mut names);
    }
    for name in [
        "seen_unit_price",
        "shown_text_hash",
        "consent_id",
        "revision",
        "action",
        "method",
        "services",
        "mobile",
        "code",
        "login",
        "password",
        "current_password",
        "new_password",
        "email",
        "token",
        "new_mobile",
        "national_code",
        "birth_date",
        "newsletter",
        "sms_promotions",
        "payment_token",
        "kind",
    ] {
        names.push(name.to_owned());
    }
    names.sort();
    names.dedup();
    names
}

fn collect_keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                out.push(key.clone());
                collect_keys(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
        _ => {}
    }
}

/// Text that breaks naive code: arbitrary Unicode, control and bidi characters, overlong runs, and real
/// values of the API (so some mutated bodies stay valid and reach the handlers' deeper checks).
fn nasty_string() -> BoxedStrategy<String> {
    let odd: Vec<char> = ('\u{0}'..='\u{1F}')
        .chain(['\u{7F}', '\u{85}', '\u{A0}', '\u{AD}', '\u{061C}', '\u{FEFF}', '\u{FFFD}', '\u{10FFFF}'])
        .chain('\u{200B}'..='\u{200F}')
        .chain('\u{202A}'..='\u{202E}')
        .chain('\u{2066}'..='\u{2069}')
        .chain("aZ09۰۹٠٩ @.+-_/\\\"'%<>&;{}[]یكيİ".chars())
        .collect();
    let soup = proptest::collection::vec(select(odd), 0..30).prop_map(String::from_iter);
    let real = select(vec![
        "09121234567",
        "+98 ۹۱۲ ۱۲۳ ۴۵۶۷",
        "۰۹۳۵۱۱۱۲۲۳۳",
        "7134897651",
        "0067749828",
        "10380284790",
        "sara@example.ir",
        "1991-08-03",
        "fars",
        "tehran",
        "شیراز",
        "post",
        "tipax",
        "courier",
        "given",
        "banner",
        "settings",
        "analytics",
        "0123456789abcdef",
        "123456",
        "buyer",
        "someone_else",
        "individual",
        "legal_entity",
        "none",
        "PK-00000001",
        "",
    ]);
    let wrapped = (real.clone(), select(vec!["\u{202E}", "\u{2066}", "\u{200F}", "\u{0}", "\u{FEFF}", " "]))
        .prop_map(|(value, mark)| format!("{mark}{value}{mark}"));
    let overlong = (select(vec!['a', 'ی', '۱', '\u{202E}', ' ', '\u{0}']), 61usize..5_000)
        .prop_map(|(c, n)| std::iter::repeat_n(c, n).collect());
    prop_oneof![
        3 => any::<String>(),
        3 => soup,
        3 => real.prop_map(str::to_owned),
        2 => wrapped,
        1 => overlong,
    ]
    .boxed()
}

fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => select(vec![0i64, 1, -1, 2, 99, 100, 101, 1_000_000, i64::from(u32::MAX), i64::from(u32::MAX) + 1, i64::MAX, i64::MIN])
            .prop_map(Value::from),
        2 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        1 => select(vec![0.5, -0.0, 1e300, 2.5e-300]).prop_map(Value::from),
    ]
    .boxed()
}

/// Any JSON value, its objects keyed mostly by the API's own field names.
fn json_value() -> BoxedStrategy<Value> {
    let leaf = prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        4 => nasty_string().prop_map(Value::String),
    ];
    let key = prop_oneof![4 => select(field_names()), 1 => nasty_string()].boxed();
    leaf.prop_recursive(4, 32, 5, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|fields| Value::Object(fields.into_iter().collect::<Map<_, _>>())),
        ]
    })
    .boxed()
}

/// A change to one node of a valid body.
#[derive(Debug, Clone)]
enum Mutation {
    Remove,
    Replace(Value),
    /// Replaced by text, so that string fields reach their validators.
    ReplaceText(String),
    /// An extra field in the object at this node (or its parent).
    Add(String, Value),
}

fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        1 => Just(Mutation::Remove),
        3 => json_value().prop_map(Mutation::Replace),
        4 => nasty_string().prop_map(Mutation::ReplaceText),
        1 => (nasty_string(), json_value()).prop_map(|(k, v)| Mutation::Add(k, v)),
    ]
    .boxed()
}

/// JSON pointers to every node below the root.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (key, child) in children {
        let pointer = format!("{at}/{key}");
        out.push(pointer.clone());
        pointers(child, &pointer, out);
    }
}

fn mutate(template: &Value, mutations: &[(Index, Mutation)]) -> Value {
    let mut body = template.clone();
    let mut targets = vec![String::new()];
    pointers(template, "", &mut targets);
    for (index, mutation) in mutations {
        let pointer = &targets[index.index(targets.len())];
        let (parent, last) = pointer.rsplit_once('/').unwrap_or(("", ""));
        let last = last.replace("~1", "/").replace("~0", "~");
        match mutation {
            Mutation::Replace(value) => {
                if let Some(node) = body.pointer_mut(pointer) {
                    *node = value.clone();
                }
            }
            Mutation::ReplaceText(text) => {
                if let Some(node) = body.pointer_mut(pointer) {
                    *node = Value::String(text.clone());
                }
            }
            Mutation::Remove => match body.pointer_mut(parent) {
                Some(Value::Object(map)) => {
                    map.remove(&last);
                }
                Some(Value::Array(items)) => {
                    if let Ok(i) = last.parse::<usize>()
                        && i < items.len()
                    {
                        items.remove(i);
                    }
                }
                _ => {}
            },
            Mutation::Add(key, value) => {
                let object = match body.pointer(pointer) {
                    Some(Value::Object(_)) => pointer.as_str(),
                    _ => parent,
                };
                if let Some(Value::Object(map)) = body.pointer_mut(object) {
                    map.insert(key.clone(), value.clone());
                }
            }
        }
    }
    body
}

/// One fuzzed request: body bytes, `Content-Type`, `Idempotency-Key` and path parameter.
#[derive(Clone)]
struct Case {
    body: Vec<u8>,
    content_type: Option<String>,
    key: Option<String>,
    param: Option<String>,
}

impl fmt::Debug for Case {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = String::from_utf8_lossy(&self.body);
        let shown: String = body.chars().take(1_500).collect();
        f.debug_struct("Case")
            .field("body", &shown)
            .field("body_bytes", &self.body.len())
            .field("content_type", &self.content_type)
            .field("key", &self.key)
            .field("param", &self.param)
            .finish()
    }
}

fn body(template: Value) -> BoxedStrategy<Vec<u8>> {
    let mut names: Vec<String> = field_names().into_iter().map(|n| format!("\"{n}\"")).collect();
    names.extend(
        [
            "{",
            "}",
            "[",
            "]",
            ":",
            ",",
            "\"",
            "null",
            "true",
            "false",
            "0",
            "-0",
            "1e999",
            "-1",
            "4294967296",
            "18446744073709551616",
            "0.1",
            "\"\\ud800\"",
            "\"\\udc00\\ud800\"",
            "\"\\u0000\"",
            "\"\\u202e\"",
            "\"\\x\"",
            "\\",
            " ",
            "\n",
            "NaN",
            "Infinity",
            "'x'",
            "/*",
            "\u{FEFF}",
            "\"\u{202E}\"",
            "\u{0}",
        ]
        .map(str::to_owned),
    );
    let tokens = proptest::collection::vec(select(names), 0..40).prop_map(|t| t.concat().into_bytes());
    let deep = (select(vec!["[", "{\"items\":", "{\"address\":", "[{\"a\":"]), 100usize..3_000, any::<bool>())
        .prop_map(|(open, depth, closed)| {
            let mut s = open.repeat(depth);
            if closed {
                s.push_str(&"]".repeat(depth));
            }
            s.into_bytes()
        });
    let mutated = {
        let template = template.clone();
        proptest::collection::vec((any::<Index>(), mutation()), 1..4)
            .prop_map(move |mutations| serde_json::to_vec(&mutate(&template, &mutations)).unwrap())
    };
    let spliced = {
        let text = serde_json::to_vec(&template).unwrap();
        (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8)).prop_map(move |(at, bytes)| {
            let mut out = text.clone();
            let at = at.index(out.len() + 1);
            out.splice(at..at, bytes);
            out
        })
    };
    prop_oneof![
        2 => proptest::collection::vec(any::<u8>(), 0..300),
        2 => tokens,
        1 => deep,
        3 => json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        8 => mutated,
        1 => spliced,
        1 => Just(serde_json::to_vec(&template).unwrap()),
    ]
    .boxed()
}

fn content_type() -> BoxedStrategy<Option<String>> {
    let odd = select(vec![
        "application/json; charset=utf-8",
        "Application/JSON",
        "application/problem+json",
        "application/vnd.x+json",
        " application/json ;",
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx",
        "json",
        "",
        "application/json, text/plain",
    ]);
    prop_oneof![
        20 => Just(Some("application/json".to_owned())),
        2 => odd.prop_map(|s| Some(s.to_owned())),
        1 => "[ -~]{0,30}".prop_map(Some),
        1 => Just(None),
    ]
    .boxed()
}

fn idempotency_key() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        8 => "[!-~]{1,40}".prop_map(Some),
        1 => Just(None),
        1 => "[ -~]{0,120}".prop_map(Some),
        1 => "[!-~]{101,110}".prop_map(Some),
    ]
    .boxed()
}

fn case(endpoint: &Endpoint) -> BoxedStrategy<Case> {
    let key = if endpoint.idempotent { idempotency_key() } else { Just(None).boxed() };
    let param = if endpoint.path.contains("{}") {
        prop_oneof![4 => Just(None), 1 => nasty_string().prop_map(Some)].boxed()
    } else {
        Just(None).boxed()
    };
    (body(endpoint.template.clone()), content_type(), key, param)
        .prop_map(|(body, content_type, key, param)| Case { body, content_type, key, param })
        .boxed()
}

/// The backend's rule for a JSON request body's media type.
fn is_json(content_type: Option<&str>) -> bool {
    let essence = content_type.and_then(|v| v.split(';').next()).unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn valid_key(key: Option<&str>) -> bool {
    key.is_some_and(|k| (1..=100).contains(&k.len()) && k.bytes().all(|b| (0x21..=0x7e).contains(&b)))
}

fn request(endpoint: &Endpoint, case: &Case, token: Option<&str>) -> Request<Body> {
    let param = case.param.as_deref().map_or_else(|| endpoint.param.to_owned(), encode);
    let uri = endpoint.path.replace("{}", &param);
    let mut request = Request::builder().method(endpoint.method.clone()).uri(uri);
    if let Some(value) = case.content_type.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
        request = request.header(header::CONTENT_TYPE, value);
    }
    if let Some(value) = case.key.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
        request = request.header("Idempotency-Key", value);
    }
    if let Some(token) = token {
        request = request.header(header::COOKIE, format!("{SESSION}={token}")).header("X-Requested-With", "pishkhan");
    }
    request.body(Body::from(case.body.clone())).unwrap()
}

/// Checks one answer: never a 5xx, every 4xx a problem, and the refusals the request's shape calls for.
fn check(endpoint: &Endpoint, case: &Case, response: &TestResponse) -> Result<(), TestCaseError> {
    let status = response.status;
    prop_assert!(!status.is_server_error(), "{} {}: {}", endpoint.method, endpoint.path, response.text());
    prop_assert!(status.is_success() || status.is_client_error(), "unexpected {}", status);
    if status.is_client_error() {
        prop_assert_eq!(response.content_type(), "application/problem+json", "{}", response.text());
        let problem: Value = serde_json::from_slice(&response.body)
            .map_err(|e| TestCaseError::fail(format!("a problem that is not JSON ({e}): {}", response.text())))?;
        prop_assert_eq!(&problem["status"], &json!(status.as_u16()), "{}", response.text());
        prop_assert!(problem["type"].is_string() && problem["title"].is_string(), "{}", response.text());
        for error in problem["errors"].as_array().into_iter().flatten() {
            prop_assert!(
                error["field"].is_string() && error["code"].is_string() && error["message"].is_string(),
                "{}",
                response.text()
            );
        }
    }
    let sent_key = case.key.as_deref().filter(|k| HeaderValue::from_str(k).is_ok());
    if endpoint.idempotent && !valid_key(sent_key) {
        let fields = response.assert_problem(422);
        prop_assert_eq!(fields, vec!["Idempotency-Key".to_owned()], "{}", response.text());
        return Ok(());
    }
    if !endpoint.reads_body || case.param.is_some() {
        return Ok(());
    }
    let content_type = case.content_type.as_deref().filter(|v| HeaderValue::from_str(v).is_ok());
    if is_json(content_type) && case.body.len() > body_limit(endpoint.path) {
        prop_assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{}", response.text());
        return Ok(());
    }
    if !is_json(content_type) {
        prop_assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", response.text());
    } else if serde_json::from_slice::<Value>(&case.body).is_err() {
        // the first error wins: `"a" "b"` is a 422 (a string is not the object expected) before its
        // trailing value makes it malformed; either way nothing that is not JSON is ever accepted
        let problem = response.json();
        let first = &problem["errors"][0];
        match status.as_u16() {
            400 => prop_assert_eq!((&first["field"], &first["code"]), (&json!("body"), &json!("invalid_json"))),
            422 => prop_assert!(problem["errors"].as_array().is_some_and(|e| !e.is_empty()), "{}", response.text()),
            _ => prop_assert!(false, "a body that is not JSON got {}: {}", status, response.text()),
        }
    }
    Ok(())
}

/// The largest body the route reads: sign-in and consent requests are a few short fields.
fn body_limit(path: &str) -> usize {
    let small = ["/api/v1/auth/", "/api/v1/consent/"].iter().any(|prefix| path.starts_with(prefix));
    if small { pishkhan_backend::SMALL_BODY_LIMIT } else { pishkhan_backend::JSON_BODY_LIMIT }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

fn config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config { cases, failure_persistence: None, ..Default::default() }
}

/// Sends `CASES` fuzzed requests to `endpoint` on one app (signed in if the endpoint needs it).
fn fuzz(endpoint: Endpoint) {
    fuzz_cases(endpoint, CASES);
}

fn fuzz_cases(endpoint: Endpoint, cases: u32) {
    let runtime = runtime();
    let app = TestApp::new();
    let token = endpoint.signed_in.then(|| runtime.block_on(app.sign_in(MOBILE)));
    if let Some(token) = &token {
        // proven, so changes of the password, email and mobile reach past the proof check
        runtime.block_on(app.prove(token));
    }
    if endpoint.stock_product {
        assert_eq!(app.stocked(1, PRICE, 1_000_000).id, 1);
    }
    if endpoint.path.contains("/me/addresses/") {
        let created = runtime.block_on(app.as_user(
            Method::POST,
            "/api/v1/me/addresses",
            token.as_deref().unwrap(),
            Some(saved_address()),
        ));
        assert_eq!(created.status, 201, "{}", created.text());
        assert_eq!(created.json()["id"], json!(endpoint.param.parse::<u32>().unwrap()));
    }
    let mut runner = TestRunner::new(config(cases));
    let result = runner.run(&case(&endpoint), |case| {
        let response = runtime.block_on(app.send(request(&endpoint, &case, token.as_deref())));
        check(&endpoint, &case, &response)
    });
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, case)) => {
            panic!("{} {}: {reason}\nminimal failing case: {case:#?}", endpoint.method, endpoint.path)
        }
        Err(error) => panic!("{} {}: {error}", endpoint.method, endpoint.path),
    }
}

#[test]
fn cart_quote() {
    fuzz(Endpoint::new(
        Method::POST,
        "/api/v1/cart/quote",
        json!({ "items": [{ "product_id": 1, "quantity": 2, "seen_unit_price": 100_000 }, { "product_id": 2, "quantity": 1 }] }),
    ));
}

#[test]
fn checkout_review() {
    fuzz(Endpoint::new(
        Method::POST,
        "/api/v1/checkout/review",
        json!({ "items": [{ "product_id": 1, "quantity": 1 }], "province": "tehran", "shipping_method": "courier" }),
    ));
}

#[test]
fn place_order() {
    let endpoint = Endpoint::new(Method::POST, "/api/v1/orders", order()).signed_in();
    fuzz(Endpoint { idempotent: true, stock_product: true, ..endpoint });
}

#[test]
fn pay_order() {
    let endpoint =
        Endpoint::new(Method::POST, "/api/v1/orders/{}/payment", json!({ "payment_token": "0123456789abcdef" }));
    fuzz(endpoint.with_param("PK-00000001"));
}

#[test]
fn consent_receipt() {
    fuzz(Endpoint::new(
        Method::POST,
        "/api/v1/consent/receipts",
        json!({
            "consent_id": "c-7f3a9b21e4d0", "revision": "2026-11-01", "action": "changed", "method": "settings",
            "purposes": { "analytics": true, "marketing": false }, "services": { "google-analytics": true },
            "shown_text_hash": "0123456789abcdef",
        }),
    ));
}

#[test]
fn sign_in_code() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/auth/code", json!({ "mobile": "09121234567" })));
}

#[test]
fn sign_in_code_verify() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/auth/code/verify", json!({ "mobile": "09121234567", "code": "123456" })));
}

/// Fewer cases: a well-formed login costs an argon2 check (about a second unoptimised) until it is locked.
#[test]
fn sign_in_password() {
    let endpoint =
        Endpoint::new(Method::POST, "/api/v1/auth/password", json!({ "login": "09121234567", "password": "x" }));
    fuzz_cases(endpoint, 64);
}

#[test]
fn sign_out() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/auth/sign-out", json!({})).without_body());
}

#[test]
fn email_confirm() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/auth/email/confirm", json!({ "token": "abc" })));
}

#[test]
fn profile_update() {
    let template = json!({
        "first_name": "سارا", "last_name": "احمدی", "national_code": "۰۰۶۷۷۴۹۸۲۸", "birth_date": "1991-08-03",
        "newsletter": true, "sms_promotions": false
    });
    fuzz(Endpoint::new(Method::PUT, "/api/v1/me", template).signed_in());
}

/// Fewer cases: a strong new password costs an argon2 hash (about a second unoptimised).
#[test]
fn password_change() {
    let template = json!({ "new_password": "short" });
    fuzz_cases(Endpoint::new(Method::PUT, "/api/v1/me/password", template).signed_in(), 64);
}

#[test]
fn proof() {
    let template = json!({ "current_password": "goodpass123", "code": "" });
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/proof", template).signed_in());
}

#[test]
fn email_change() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/email", json!({ "email": "sara@example.ir" })).signed_in());
}

#[test]
fn mobile_change() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/mobile", json!({ "new_mobile": "09351112233" })).signed_in());
}

#[test]
fn mobile_verify() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/mobile/verify", json!({ "code": "123456" })).signed_in());
}

#[test]
fn address_create() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/addresses", saved_address()).signed_in());
}

#[test]
fn address_update() {
    fuzz(Endpoint::new(Method::PUT, "/api/v1/me/addresses/{}", saved_address()).signed_in().with_param("1"));
}

#[test]
fn cart_put() {
    let template = json!([{ "product_id": 1, "quantity": 2 }, { "product_id": 2, "quantity": 1 }]);
    fuzz(Endpoint::new(Method::PUT, "/api/v1/me/cart", template).signed_in());
}

#[test]
fn deletion_request() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/deletion", json!({})).signed_in().without_body());
}

#[test]
fn deletion_confirm() {
    fuzz(Endpoint::new(Method::POST, "/api/v1/me/deletion/confirm", json!({ "code": "123456" })).signed_in());
}

/// Query strings for the listing: known keys with odd values, arbitrary pairs, and raw bytes
/// percent-encoded or not (invalid escapes and invalid UTF-8 included).
fn raw_query() -> BoxedStrategy<String> {
    let key = prop_oneof![4 => select(vec!["q", "category", "sort", "page", "per_page"]).prop_map(str::to_owned), 1 => nasty_string()];
    let value = prop_oneof![
        3 => nasty_string(),
        2 => select(vec!["newest", "price_asc", "price_desc", "popular", "x"]).prop_map(str::to_owned),
        2 => "[+-]?[0-9۰-۹٠-٩]{0,22}",
        1 => "[a-z0-9-]{0,70}",
    ];
    let pairs = proptest::collection::vec((key, value), 0..7).prop_map(|pairs| {
        pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
    });
    let raw = "[A-Za-z0-9%&=+._~-]{0,80}";
    let bytes = proptest::collection::vec(any::<u8>(), 0..60)
        .prop_map(|b| b.iter().map(|b| format!("%{b:02X}")).collect::<String>());
    prop_oneof![3 => pairs, 1 => raw, 1 => bytes].boxed()
}

#[test]
fn listing_query_string() {
    let runtime = runtime();
    let app = TestApp::new();
    let mut runner = TestRunner::new(config(CASES));
    let result = runner.run(&raw_query(), |raw| {
        let response = runtime.block_on(app.get(&format!("/api/v1/products?{raw}")));
        prop_assert!(!response.status.is_server_error(), "{raw}: {}", response.text());
        match query_string::product_query(Some(&raw)) {
            Ok(query) => {
                prop_assert_eq!(response.status, StatusCode::OK, "{}: {}", raw, response.text());
                let page = response.json();
                prop_assert_eq!(&page["page"], &json!(query.page));
                prop_assert_eq!(&page["per_page"], &json!(query.per_page));
                prop_assert!(page["items"].as_array().is_some_and(|items| items.len() <= query.per_page as usize));
            }
            Err(errors) => {
                let fields = response.assert_problem(422);
                let expected: Vec<String> = errors.into_iter().map(|e| e.field).collect();
                prop_assert_eq!(fields, expected);
            }
        }
        Ok(())
    });
    if let Err(error) = result {
        panic!("{error}");
    }
}

/// Not fuzzed, but the same promise: a body over the size limit, and a method no route has.
#[test]
fn oversized_bodies_and_unknown_methods_are_problems() {
    let runtime = runtime();
    let app = TestApp::new();
    let token = runtime.block_on(app.sign_in(MOBILE));
    let huge = format!("{{\"mobile\":\"{}\"}}", "۰".repeat(1_500_000));
    for (method, path, signed_in) in [
        (Method::POST, "/api/v1/cart/quote", false),
        (Method::POST, "/api/v1/orders", false),
        (Method::POST, "/api/v1/auth/code", false),
        (Method::PUT, "/api/v1/me", true),
        (Method::PUT, "/api/v1/me/cart", true),
        (Method::POST, "/api/v1/me/addresses", true),
    ] {
        let endpoint =
            Endpoint { idempotent: path == "/api/v1/orders", ..Endpoint::new(method.clone(), path, json!({})) };
        let case = Case {
            body: huge.clone().into_bytes(),
            content_type: Some("application/json".into()),
            key: Some("big-1".into()),
            param: None,
        };
        let response = runtime.block_on(app.send(request(&endpoint, &case, signed_in.then_some(token.as_str()))));
        response.assert_problem(413);
        let patch = Endpoint::new(Method::PATCH, path, json!({}));
        let response = runtime.block_on(app.send(request(&patch, &case, signed_in.then_some(token.as_str()))));
        response.assert_problem(405);
        assert!(!response.header(header::ALLOW).is_empty(), "{path}: 405 names the allowed methods");
    }
}
