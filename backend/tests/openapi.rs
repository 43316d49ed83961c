//! The served OpenAPI document: version, paths, and real responses validated against its schemas.

mod common;

use common::orders::{ORDERS, POST_PRICE, REVIEW, order_body, with};
use common::{TestApp, TestResponse};
use jsonschema::Validator;
use serde_json::{Value, json};

const PATHS: [(&str, &str); 36] = [
    ("/api/v1/health", "get"),
    ("/api/v1/openapi.json", "get"),
    ("/api/v1/categories", "get"),
    ("/api/v1/products", "get"),
    ("/api/v1/products/{slug}", "get"),
    ("/api/v1/cart/quote", "post"),
    ("/api/v1/checkout/review", "post"),
    ("/api/v1/orders", "post"),
    ("/api/v1/orders/{number}/payment", "post"),
    ("/api/v1/consent/receipts", "post"),
    ("/api/v1/images/products/{id}.svg", "get"),
    ("/api/v1/auth/code", "post"),
    ("/api/v1/auth/code/verify", "post"),
    ("/api/v1/auth/password", "post"),
    ("/api/v1/auth/sign-out", "post"),
    ("/api/v1/auth/email/confirm", "post"),
    ("/api/v1/me", "get"),
    ("/api/v1/me", "put"),
    ("/api/v1/me/proof", "get"),
    ("/api/v1/me/proof", "post"),
    ("/api/v1/me/proof-code", "post"),
    ("/api/v1/me/password", "put"),
    ("/api/v1/me/email", "post"),
    ("/api/v1/me/mobile", "post"),
    ("/api/v1/me/mobile/verify", "post"),
    ("/api/v1/me/addresses", "get"),
    ("/api/v1/me/addresses", "post"),
    ("/api/v1/me/addresses/{id}", "put"),
    ("/api/v1/me/addresses/{id}", "delete"),
    ("/api/v1/me/orders", "get"),
    ("/api/v1/me/orders/{number}", "get"),
    ("/api/v1/me/cart", "get"),
    ("/api/v1/me/cart", "put"),
    ("/api/v1/me/export", "get"),
    ("/api/v1/me/deletion", "post"),
    ("/api/v1/me/deletion/confirm", "post"),
];

#[tokio::test]
async fn document_is_openapi_31_with_every_path() {
    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"), "{}", doc["openapi"]);
    for (path, method) in PATHS {
        let operation = &doc["paths"][path][method];
        assert!(operation.is_object(), "{method} {path} missing");
        let server_error = &operation["responses"]["500"]["content"]["application/problem+json"]["schema"]["$ref"];
        assert_eq!(server_error, "#/components/schemas/Problem", "{method} {path}");
    }
    let params: Vec<_> = doc["paths"]["/api/v1/products"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["q", "category", "sort", "page", "per_page"]);
    let key = &doc["paths"]["/api/v1/orders"]["post"]["parameters"][0];
    assert_eq!(
        (&key["name"], &key["in"], &key["required"]),
        (&json!("Idempotency-Key"), &json!("header"), &json!(true))
    );
    assert!(doc["paths"]["/api/v1/orders"]["post"]["responses"]["200"]["headers"]["Idempotent-Replayed"].is_object());
    assert_eq!(doc["components"]["securitySchemes"]["session"]["in"], "cookie");
    assert_eq!(doc["components"]["securitySchemes"]["session"]["name"], "__Host-pishkhan_session");
    assert!(doc["info"]["description"].as_str().unwrap().contains("X-Requested-With: pishkhan"));
    assert_eq!(doc["paths"]["/api/v1/me"]["get"]["security"], json!([{ "session": [] }]));
    for dev in ["/api/v1/dev/orders", "/api/v1/dev/consent-receipts", "/api/v1/dev/outbox", "/dev/outbox"] {
        assert!(doc["paths"].get(dev).is_none(), "development-only routes are not published: {dev}");
    }
    assert!(doc["paths"].get("/consent.json").is_none(), "a static file, not part of the API");
    let receipts = &doc["paths"]["/api/v1/consent/receipts"]["post"];
    assert_eq!(
        receipts["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/ConsentReceipt"
    );
    assert!(receipts["responses"]["201"].is_object() && receipts["responses"]["422"].is_object());
    assert_eq!(pishkhan_backend::openapi::document_json(), doc);
}

/// One JSON-pointer segment, escaped for a URI fragment.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1").replace('{', "%7B").replace('}', "%7D")
}

/// A validator for the documented response of `method path` with `status` and `content_type`:
/// the whole document as root (so `#/components/...` refs resolve) with a `$ref` to that schema.
fn response_validator(doc: &Value, path: &str, method: &str, status: u16, content_type: &str) -> Validator {
    let schema = &doc["paths"][path][method]["responses"][status.to_string()]["content"][content_type]["schema"];
    assert!(schema.is_object(), "no schema documented for {method} {path} {status} {content_type}");
    let pointer =
        format!("#/paths/{}/{method}/responses/{status}/content/{}/schema", escape(path), escape(content_type));
    let mut root = doc.clone();
    root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
    root["$ref"] = json!(pointer);
    jsonschema::draft202012::new(&root).unwrap()
}

fn assert_conforms(doc: &Value, path: &str, method: &str, response: &TestResponse) {
    let content_type = response.content_type().to_owned();
    let validator = response_validator(doc, path, method, response.status.as_u16(), &content_type);
    let body = response.json();
    let errors: Vec<_> = validator.iter_errors(&body).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "{method} {path} {}: {errors:?}", response.status);
}

#[tokio::test]
async fn real_responses_conform_to_the_document() {
    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    let cases = [
        ("/api/v1/health", "/api/v1/health"),
        ("/api/v1/categories", "/api/v1/categories"),
        ("/api/v1/products", "/api/v1/products?q=%DA%A9%D8%AA%D8%A7%D8%A8"),
        ("/api/v1/products", "/api/v1/products?per_page=100&sort=popular"),
        ("/api/v1/products", "/api/v1/products?sort=cheapest&page=0"),
        ("/api/v1/products/{slug}", "/api/v1/products/mobile-001"),
        ("/api/v1/products/{slug}", "/api/v1/products/no-such-thing"),
        ("/api/v1/images/products/{id}.svg", "/api/v1/images/products/0.svg"),
    ];
    for (path, uri) in cases {
        assert_conforms(&doc, path, "get", &app.get(uri).await);
    }
    let quote = json!({ "items": [
        { "product_id": 1, "quantity": 2, "seen_unit_price": 1000 },
        { "product_id": 5, "quantity": 99 },
        { "product_id": 424_242, "quantity": 1 },
    ]});
    let ok = app.post_json("/api/v1/cart/quote", &quote.to_string()).await;
    assert_eq!(ok.status, 200);
    assert_conforms(&doc, "/api/v1/cart/quote", "post", &ok);
    for bad in [r#"{"items":[{"product_id":1,"quantity":0}]}"#, "{", r#"{"items":[{"product_id":-3}]}"#] {
        assert_conforms(&doc, "/api/v1/cart/quote", "post", &app.post_json("/api/v1/cart/quote", bad).await);
    }
}

#[tokio::test]
async fn checkout_and_order_responses_conform_to_the_document() {
    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    let p = app.stocked(1, 100_000, 5);
    let items = json!([{ "product_id": p.id, "quantity": 2 }, { "product_id": 424_242, "quantity": 1 }]);

    let review = app.review(json!({ "items": items, "province": "tehran", "shipping_method": "courier" })).await;
    assert_eq!(review.status, 200, "{}", review.text());
    assert_conforms(&doc, REVIEW, "post", &review);
    let bad_review = app.review(json!({ "items": items, "province": "atlantis" })).await;
    assert_eq!(bad_review.status, 422);
    assert_conforms(&doc, REVIEW, "post", &bad_review);

    let legal = json!({
        "kind": "legal_entity", "company_name": "شرکت نمونه", "economic_code": "10380284790",
        "national_id": "10380284790", "registration_number": "1234"
    });
    let someone_else =
        json!({ "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "09351112233" });
    let body =
        with(&order_body(json!([{ "product_id": p.id, "quantity": 2 }]), 200_000 + POST_PRICE), "/invoice", legal);
    let body = with(&body, "/recipient", someone_else);
    let created = app.place("conform-1", &body).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_conforms(&doc, ORDERS, "post", &created);
    let replayed = app.place("conform-1", &body).await;
    assert_eq!(replayed.status, 200);
    assert_conforms(&doc, ORDERS, "post", &replayed);
    let changed = app.place("conform-2", &with(&body, "/expected_total", json!(1))).await;
    assert_eq!(changed.status, 409);
    assert_conforms(&doc, ORDERS, "post", &changed);
    let invalid = app.place("conform-3", &with(&body, "/contact/mobile", json!("1"))).await;
    assert_eq!(invalid.status, 422);
    assert_conforms(&doc, ORDERS, "post", &invalid);
    let no_key = app.post_json(ORDERS, &body.to_string()).await;
    assert_eq!(no_key.status, 422);
    assert_conforms(&doc, ORDERS, "post", &no_key);

    let order = created.json();
    let payment = format!("{ORDERS}/{}/payment", order["number"].as_str().unwrap());
    let paid = app.post_json(&payment, &json!({ "payment_token": order["payment_token"] }).to_string()).await;
    assert_eq!(paid.status, 200);
    assert_conforms(&doc, "/api/v1/orders/{number}/payment", "post", &paid);
    let wrong = app.post_json(&payment, &json!({ "payment_token": "nope" }).to_string()).await;
    assert_eq!(wrong.status, 404);
    assert_conforms(&doc, "/api/v1/orders/{number}/payment", "post", &wrong);

    let order_schema = response_validator(&doc, ORDERS, "post", 201, "application/json");
    let mut broken = order;
    broken["recipient"] = json!({ "kind": "someone_else" });
    assert!(!order_schema.is_valid(&broken), "a recipient without details must fail");
}

#[tokio::test]
async fn order_limits_and_expiry_conform_to_the_document() {
    use common::auth::{MOBILE, from_ip};
    use common::orders::{order_request, order_request_as, payment_request};

    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    let p = app.stocked(1, 10_000, 1_000);
    let body = order_body(json!([{ "product_id": p.id, "quantity": 1 }]), 10_000 + POST_PRICE);
    let token = app.sign_in(MOBILE).await;
    let order = app.send(order_request_as("late", &body, &token)).await.json();
    let number = order["number"].as_str().unwrap();
    app.lapse(number);
    let expired = app.send(payment_request(number, order["payment_token"].as_str().unwrap())).await;
    assert_eq!(expired.status, 409);
    assert_conforms(&doc, "/api/v1/orders/{number}/payment", "post", &expired);
    let mine = app.get_as(&format!("/api/v1/me/orders/{number}"), &token).await;
    assert_eq!(mine.json()["status"], "expired");
    assert_conforms(&doc, "/api/v1/me/orders/{number}", "get", &mine);
    assert_conforms(&doc, "/api/v1/me/orders", "get", &app.get_as("/api/v1/me/orders", &token).await);

    let mut limited = None;
    for i in 0..=60 {
        let response = app.send(from_ip(order_request(&format!("many-{i}"), &body), [185, 2, 3, 4])).await;
        if response.status == 429 {
            limited = Some(response);
            break;
        }
    }
    let limited = limited.expect("a 429 within 61 orders from one address");
    assert_conforms(&doc, ORDERS, "post", &limited);
    let post = &doc["paths"][ORDERS]["post"]["responses"];
    assert!(post["429"]["headers"]["Retry-After"].is_object(), "{post}");
    assert!(post["201"]["headers"]["Set-Cookie"].is_object(), "{post}");
    assert!(doc["paths"][REVIEW]["post"]["responses"]["200"]["headers"]["Set-Cookie"].is_object());
    let statuses = &doc["components"]["schemas"]["OrderStatus"]["enum"];
    assert_eq!(statuses, &json!(["awaiting_payment", "paid", "expired"]));
}

#[tokio::test]
async fn consent_receipt_responses_conform_to_the_document() {
    const RECEIPTS: &str = "/api/v1/consent/receipts";
    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    let receipt = json!({
        "consent_id": "c-7f3a9b21e4d0", "revision": "2026-11-01", "action": "changed", "method": "settings",
        "purposes": { "analytics": true, "marketing": false }, "services": { "google-analytics": true },
        "shown_text_hash": "0123456789abcdef",
    });
    let created = app.post_json(RECEIPTS, &receipt.to_string()).await;
    assert_eq!(created.status, 201, "{}", created.text());
    assert_conforms(&doc, RECEIPTS, "post", &created);
    let invalid = app.post_json(RECEIPTS, &with(&receipt, "/purposes", json!({ "necessary": true })).to_string()).await;
    assert_eq!(invalid.status, 422);
    assert_conforms(&doc, RECEIPTS, "post", &invalid);
    let mistyped = app.post_json(RECEIPTS, &with(&receipt, "/method", json!("telepathy")).to_string()).await;
    assert_eq!(mistyped.status, 422);
    assert_conforms(&doc, RECEIPTS, "post", &mistyped);
    let malformed = app.post_json(RECEIPTS, "[").await;
    assert_eq!(malformed.status, 400);
    assert_conforms(&doc, RECEIPTS, "post", &malformed);
    for _ in 0..9 {
        assert_eq!(app.post_json(RECEIPTS, &receipt.to_string()).await.status, 201);
    }
    let limited = app.post_json(RECEIPTS, &receipt.to_string()).await;
    assert_eq!(limited.status, 429, "{}", limited.text());
    assert_conforms(&doc, RECEIPTS, "post", &limited);

    let recorded = response_validator(&doc, RECEIPTS, "post", 201, "application/json");
    assert!(!recorded.is_valid(&json!({ "receipt_id": 0, "recorded_at": "now" })), "receipt ids start at 1");
    assert!(!recorded.is_valid(&json!({ "receipt_id": 1 })), "recorded_at is required");
}

#[tokio::test]
async fn account_responses_conform_to_the_document() {
    use axum::http::Method;
    use common::auth::{CODE, ME, MOBILE, VERIFY};

    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    let sent = app.request_code(MOBILE).await;
    assert_eq!(sent.status, 202);
    assert_conforms(&doc, CODE, "post", &sent);
    let limited = app.request_code(MOBILE).await;
    assert_eq!(limited.status, 429);
    assert_conforms(&doc, CODE, "post", &limited);
    assert_conforms(&doc, CODE, "post", &app.request_code("12").await);
    let code = app.last_code(MOBILE);
    let wrong = app.verify(MOBILE, if code == "000000" { "111111" } else { "000000" }).await;
    assert_eq!(wrong.status, 422);
    assert_conforms(&doc, VERIFY, "post", &wrong);
    let signed = app.verify(MOBILE, &code).await;
    assert_eq!(signed.status, 200);
    assert_conforms(&doc, VERIFY, "post", &signed);
    let token = common::auth::session_cookie(&signed).unwrap();

    assert_conforms(&doc, ME, "get", &app.get_as(ME, &token).await);
    assert_conforms(&doc, ME, "get", &app.get(ME).await);
    let profile = json!({ "first_name": "سارا", "last_name": "", "national_code": "1", "birth_date": "", "newsletter": false, "sms_promotions": false });
    let invalid = app.as_user(Method::PUT, ME, &token, Some(profile)).await;
    assert_eq!(invalid.status, 422);
    assert_conforms(&doc, ME, "put", &invalid);

    const ADDRESSES: &str = "/api/v1/me/addresses";
    let address = json!({
        "label": "خانه", "recipient": { "kind": "someone_else", "first_name": "رضا", "last_name": "کریمی", "mobile": "09351112233" },
        "address": { "province": "fars", "city": "شیراز", "street": "زند", "plate": "14", "postal_code": "7134897651" },
    });
    let created = app.as_user(Method::POST, ADDRESSES, &token, Some(address.clone())).await;
    assert_eq!(created.status, 201);
    assert_conforms(&doc, ADDRESSES, "post", &created);
    let bad = app.as_user(Method::POST, ADDRESSES, &token, Some(with(&address, "/label", json!("")))).await;
    assert_conforms(&doc, ADDRESSES, "post", &bad);
    assert_conforms(&doc, ADDRESSES, "get", &app.get_as(ADDRESSES, &token).await);
    let missing = app.as_user(Method::PUT, &format!("{ADDRESSES}/999"), &token, Some(address)).await;
    assert_eq!(missing.status, 404);
    assert_conforms(&doc, "/api/v1/me/addresses/{id}", "put", &missing);
    assert_conforms(&doc, "/api/v1/me/orders", "get", &app.get_as("/api/v1/me/orders", &token).await);
    assert_conforms(&doc, "/api/v1/me/cart", "get", &app.get_as("/api/v1/me/cart", &token).await);

    // proving it is the owner, and the change that needs it
    const PROOF: &str = "/api/v1/me/proof";
    const MY_PASSWORD: &str = "/api/v1/me/password";
    let unproven = app.as_user(Method::PUT, MY_PASSWORD, &token, Some(json!({ "new_password": "goodpass123" }))).await;
    assert_eq!(unproven.status, 403);
    assert_conforms(&doc, MY_PASSWORD, "put", &unproven);
    assert_conforms(&doc, PROOF, "get", &app.get_as(PROOF, &token).await);
    let sent = app.as_user(Method::POST, "/api/v1/me/proof-code", &token, None).await;
    assert_eq!(sent.status, 202);
    assert_conforms(&doc, "/api/v1/me/proof-code", "post", &sent);
    let missing = app.as_user(Method::POST, PROOF, &token, Some(json!({}))).await;
    assert_eq!(missing.status, 422);
    assert_conforms(&doc, PROOF, "post", &missing);
    let proven = app.as_user(Method::POST, PROOF, &token, Some(json!({ "code": app.last_code(MOBILE) }))).await;
    assert_eq!(proven.status, 200);
    assert_conforms(&doc, PROOF, "post", &proven);
    let set = app.as_user(Method::PUT, MY_PASSWORD, &token, Some(json!({ "new_password": "goodpass123" }))).await;
    assert_eq!(set.status, 200);
    assert_conforms(&doc, MY_PASSWORD, "put", &set);
}

#[test]
fn every_limited_code_check_and_receipt_documents_its_429() {
    let doc = pishkhan_backend::openapi::document_json();
    for path in [
        "/api/v1/auth/code/verify",
        "/api/v1/me/mobile/verify",
        "/api/v1/me/deletion/confirm",
        "/api/v1/me/proof",
        "/api/v1/consent/receipts",
    ] {
        let limited = &doc["paths"][path]["post"]["responses"]["429"];
        assert!(limited["headers"]["Retry-After"].is_object(), "{path}: {limited}");
    }
}

#[tokio::test]
async fn a_limited_code_check_conforms_to_the_document() {
    use common::auth::VERIFY;

    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    for n in 0..30 {
        assert_eq!(app.verify(&format!("0935{n:07}"), "123456").await.status, 422);
    }
    let limited = app.verify("09121234567", "123456").await;
    assert_eq!(limited.status, 429, "{}", limited.text());
    assert_conforms(&doc, VERIFY, "post", &limited);
}

#[tokio::test]
async fn the_check_rejects_a_broken_body() {
    let app = TestApp::new();
    let doc = app.get_ok("/api/v1/openapi.json").await;
    let validator = response_validator(&doc, "/api/v1/products/{slug}", "get", 200, "application/json");
    let product = app.get_ok("/api/v1/products/novel-001").await;
    assert!(validator.is_valid(&product));

    let mut missing = product.clone();
    missing.as_object_mut().unwrap().remove("price");
    assert!(!validator.is_valid(&missing), "a missing field must fail");
    let mut wrong = product.clone();
    wrong["stock"] = json!("many");
    assert!(!validator.is_valid(&wrong), "a wrong type must fail");
    let mut negative = product;
    negative["id"] = json!(-1);
    assert!(!validator.is_valid(&negative), "a negative id must fail");

    let page = response_validator(&doc, "/api/v1/products", "get", 200, "application/json");
    assert!(!page.is_valid(&json!({ "items": [{ "id": 1 }], "total": 1, "page": 1, "per_page": 24 })));
    let problem = response_validator(&doc, "/api/v1/products", "get", 422, "application/problem+json");
    assert!(!problem.is_valid(&json!({ "type": "about:blank", "title": "x" })), "status is required");
}

#[tokio::test]
async fn the_email_link_answers_no_profile() {
    let doc = pishkhan_backend::openapi::document_json();
    let responses = &doc["paths"]["/api/v1/auth/email/confirm"]["post"]["responses"];
    assert!(responses["204"].is_object() && responses["204"].get("content").is_none(), "{responses}");
    assert!(responses.get("200").is_none(), "the profile is not answered: {responses}");
    for (path, method) in
        [("/api/v1/auth/password", "post"), ("/api/v1/me/proof", "post"), ("/api/v1/me/email", "post")]
    {
        assert!(
            doc["paths"][path][method]["responses"]["429"]["headers"]["Retry-After"].is_object(),
            "{method} {path}"
        );
    }
}
