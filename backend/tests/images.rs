//! Product covers: the `image_url` of every product answers with a cacheable SVG.

mod common;

use axum::http::header;
use common::TestApp;

#[tokio::test]
async fn image_url_serves_an_svg_cover() {
    let app = TestApp::new();
    let product = app.get_ok("/api/v1/products/novel-001").await;
    let url = product["image_url"].as_str().unwrap();
    assert_eq!(url, format!("/api/v1/images/products/{}.svg", product["id"]));
    let response = app.get(url).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.content_type(), "image/svg+xml");
    assert_eq!(response.header(header::CACHE_CONTROL), "public, max-age=86400");
    let svg = response.text();
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(svg.contains(r#"viewBox="0 0 300 400""#));
    assert!(svg.contains(r#"direction="rtl""#) && svg.contains("Vazirmatn"));
    assert!(svg.contains(product["title"].as_str().unwrap()));
    assert!(!svg.contains("href=\"http") && !svg.contains("<image"), "no external references");
}

#[tokio::test]
async fn every_listed_image_exists() {
    let app = TestApp::new();
    for item in app.all_products("").await.iter().step_by(17) {
        let response = app.get(item["image_url"].as_str().unwrap()).await;
        assert_eq!(response.status, 200, "{}", item["image_url"]);
    }
}
