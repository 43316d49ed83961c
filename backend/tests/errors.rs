//! Bad input: always problem+json with the right status and fields; never a 500.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::{TestApp, encode};

#[tokio::test]
async fn bad_listing_parameters_are_422_with_fields() {
    let app = TestApp::new();
    let cases: [(&str, &[&str]); 7] = [
        ("sort=cheapest", &["sort"]),
        ("page=0", &["page"]),
        ("page=abc", &["page"]),
        ("per_page=1000", &["per_page"]),
        ("per_page=0&page=-1", &["per_page", "page"]),
        ("category=%D8%B1%D9%85%D8%A7%D9%86", &["category"]),
        ("sort=newest&sort=bogus", &["sort"]),
    ];
    for (query, fields) in cases {
        let response = app.get(&format!("/api/v1/products?{query}")).await;
        assert_eq!(response.assert_problem(422), fields, "{query}");
    }
    let long = "ک".repeat(101);
    let response = app.get(&format!("/api/v1/products?q={}", encode(&long))).await;
    assert_eq!(response.assert_problem(422), ["q"]);
}

#[tokio::test]
async fn odd_queries_never_fail() {
    let app = TestApp::new();
    for query in ["q=%", "q=%25%5F", "q=%FF%FE", "q=+", "&&==&", "page=%DB%B2", "q='%20OR%201=1--", "unknown=1", "q"] {
        let response = app.get(&format!("/api/v1/products?{query}")).await;
        assert_eq!(response.status, 200, "{query}: {}", response.text());
    }
}

async fn post(app: &TestApp, body: &str) -> Vec<String> {
    let response = app.post_json("/api/v1/cart/quote", body).await;
    let status = response.status.as_u16();
    assert!(status == 400 || status == 422, "{body}: {status}");
    response.assert_problem(status)
}

#[tokio::test]
async fn bad_quote_bodies() {
    let app = TestApp::new();
    assert_eq!(post(&app, "{").await, ["body"]);
    assert_eq!(post(&app, r#"{"items": []} trailing"#).await, ["body"]);
    assert_eq!(post(&app, "").await, ["body"]);
    assert_eq!(post(&app, "[]").await, ["body"]);
    assert_eq!(post(&app, "{}").await, ["items"]);
    assert_eq!(post(&app, r#"{"items":[{"product_id":1,"quantity":0}]}"#).await, ["items[0].quantity"]);
    assert_eq!(post(&app, r#"{"items":[{"product_id":-1,"quantity":1}]}"#).await, ["items[0].product_id"]);
    assert_eq!(post(&app, r#"{"items":[{"product_id":"7","quantity":1}]}"#).await, ["items[0].product_id"]);
    assert_eq!(post(&app, r#"{"items":[{"product_id":1}]}"#).await, ["items[0].quantity"]);
    assert_eq!(
        post(&app, r#"{"items":[{"product_id":1,"quantity":1},{"product_id":1,"quantity":100}]}"#).await,
        ["items[1].quantity", "items[1].product_id"]
    );
    let hundred_and_one: Vec<_> = (1..=101).map(|i| format!(r#"{{"product_id":{i},"quantity":1}}"#)).collect();
    assert_eq!(post(&app, &format!(r#"{{"items":[{}]}}"#, hundred_and_one.join(","))).await, ["items"]);
}

#[tokio::test]
async fn malformed_json_is_400_and_wrong_type_is_422() {
    let app = TestApp::new();
    app.post_json("/api/v1/cart/quote", "{").await.assert_problem(400);
    app.post_json("/api/v1/cart/quote", r#"{"items":"x"}"#).await.assert_problem(422);
}

#[tokio::test]
async fn body_must_be_json() {
    let app = TestApp::new();
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/cart/quote")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(r#"{"items":[]}"#))
        .unwrap();
    app.send(request).await.assert_problem(415);
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = TestApp::new();
    for uri in ["/api/v1/nope", "/api", "/api/", "/api/v2/products", "/api/v1/products/a/b", "/", "/products/x"] {
        app.get(uri).await.assert_problem(404);
    }
    for uri in ["/api/v1/images/products/1.png", "/api/v1/images/products/abc.svg", "/api/v1/images/products/99999.svg"]
    {
        app.get(uri).await.assert_problem(404);
    }
    let request = Request::builder().method(Method::DELETE).uri("/api/v1/products").body(Body::empty()).unwrap();
    let response = app.send(request).await;
    response.assert_problem(405);
    assert!(response.header(header::ALLOW).contains("GET"), "Allow: {}", response.header(header::ALLOW));
    app.get("/api/v1/cart/quote").await.assert_problem(405);
    // a path parameter that is not UTF-8: the extractor's rejection becomes a problem too
    let response = app.get("/api/v1/products/%FF").await;
    assert!(response.status.is_client_error());
    assert_eq!(response.content_type(), "application/problem+json");
}

#[tokio::test]
async fn api_responses_carry_cache_and_security_headers() {
    let app = TestApp::new();
    for uri in ["/api/v1/categories", "/api/v1/products", "/api/v1/health", "/api/v1/nope"] {
        let response = app.get(uri).await;
        assert_eq!(response.header(header::CACHE_CONTROL), "no-store", "{uri}");
        assert_eq!(response.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{uri}");
    }
    assert_eq!(app.get_ok("/api/v1/health").await, serde_json::json!({ "status": "ok" }));
}
