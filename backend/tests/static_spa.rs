//! Serving the built storefront: files, the single-page-app fallback, and the API kept apart.

mod common;

use axum::http::header;
use common::{TestApp, temp_dir};

const INDEX: &str = "<!doctype html><html lang=\"fa\" dir=\"rtl\"><title>پیشخوان</title></html>";

fn storefront() -> std::path::PathBuf {
    let dir = temp_dir("static");
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::create_dir_all(dir.join("assets")).unwrap();
    std::fs::write(dir.join("assets/app.js"), "console.log('pishkhan');").unwrap();
    dir
}

#[tokio::test]
async fn client_routes_get_index_html() {
    let dir = storefront();
    let app = TestApp::with_static(&dir);
    for uri in ["/", "/some/client/route", "/products/novel-001", "/search?q=x"] {
        let response = app.get(uri).await;
        assert_eq!(response.status, 200, "{uri}");
        assert!(response.content_type().starts_with("text/html"), "{uri}");
        assert_eq!(response.text(), INDEX, "{uri}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn assets_are_served_and_missing_ones_are_404() {
    let dir = storefront();
    let app = TestApp::with_static(&dir);
    let js = app.get("/assets/app.js").await;
    assert_eq!(js.status, 200);
    assert!(js.content_type().contains("javascript"));
    assert_eq!(js.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(app.get("/assets/missing.js").await.status, 404);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn api_paths_never_fall_back_to_the_app() {
    let dir = storefront();
    let app = TestApp::with_static(&dir);
    for uri in ["/api/v1/nope", "/api", "/api/", "/api/v1/products/nope"] {
        app.get(uri).await.assert_problem(404);
    }
    assert_eq!(app.get_ok("/api/v1/health").await["status"], "ok");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn precompressed_files_are_sent_to_browsers_that_accept_them() {
    let dir = storefront();
    std::fs::write(dir.join("assets/app-0123456789abcdef.js"), "console.log('pishkhan');").unwrap();
    std::fs::write(dir.join("assets/app-0123456789abcdef.js.br"), b"brotli bytes").unwrap();
    let app = TestApp::with_static(&dir);
    let request = |encoding: &str| {
        axum::http::Request::get("/assets/app-0123456789abcdef.js")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let br = app.send(request("gzip, br")).await;
    assert_eq!(br.status, 200);
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!(br.text(), "brotli bytes");
    assert!(br.content_type().contains("javascript"), "the type is the original file's");
    assert_eq!(br.header(header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    let plain = app.send(request("identity")).await;
    assert_eq!(plain.text(), "console.log('pishkhan');");
    let unhashed = app.get("/assets/app.js").await;
    assert_ne!(unhashed.header(header::CACHE_CONTROL), "public, max-age=31536000, immutable");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_304_of_the_page_carries_the_page_policy_not_the_apis() {
    // The browser takes a 304's headers into the page it keeps: with the API's `default-src 'none'`
    // the storefront would be blank on the next visit.
    let dir = storefront();
    let app = TestApp::with_static(&dir);
    for uri in ["/", "/cart", "/embed/checkout"] {
        let first = app.get(uri).await;
        assert_eq!(first.status, 200, "{uri}");
        let page_policy = first.header(header::CONTENT_SECURITY_POLICY).to_owned();
        assert!(page_policy.contains("script-src 'self'"), "{uri}: {page_policy}");
        let revalidate = axum::http::Request::get(uri)
            .header(header::IF_MODIFIED_SINCE, first.header(header::LAST_MODIFIED))
            .body(axum::body::Body::empty())
            .unwrap();
        let again = app.send(revalidate).await;
        assert_eq!(again.status, 304, "{uri}");
        assert_eq!(again.header(header::CONTENT_SECURITY_POLICY), page_policy, "{uri}");
    }
    let js = app.get("/assets/app.js").await;
    let revalidate = axum::http::Request::get("/assets/app.js")
        .header(header::IF_MODIFIED_SINCE, js.header(header::LAST_MODIFIED))
        .body(axum::body::Body::empty())
        .unwrap();
    let again = app.send(revalidate).await;
    assert_eq!(again.status, 304);
    assert!(again.header(header::CONTENT_SECURITY_POLICY).starts_with("default-src 'none'"), "a file is no page");
    let _ = std::fs::remove_dir_all(dir);
}
