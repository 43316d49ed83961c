//! The served OpenAPI document: version, paths, and real responses validated against its schemas.

mod common;

use common::{TestApp, TestResponse};
use jsonschema::Validator;
use serde_json::{Value, json};

const PATHS: [(&str, &str); 7] = [
    ("/api/v1/health", "get"),
    ("/api/v1/openapi.json", "get"),
    ("/api/v1/categories", "get"),
    ("/api/v1/products", "get"),
    ("/api/v1/products/{slug}", "get"),
    ("/api/v1/cart/quote", "post"),
    ("/api/v1/images/products/{id}.svg", "get"),
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
