//! Embedding the shop in other sites' pages: only the allowed origins may frame its embedded checkout
//! (no other page, and no one when none is configured), and only they get CORS answers, without
//! credentials — for the API, its preflights and the storefront's files (the wasm and the widget's
//! stable-named files included, which browsers must revalidate rather than keep).

mod common;

use axum::body::Body;
use axum::http::{HeaderName, Method, Request, header};
use common::{TestApp, temp_dir};
use pishkhan_backend::AppState;

const BLOG: &str = "https://blog.example";
/// The demo host page `scripts/serve.sh` starts beside the shop: a second loopback origin, plain http.
const DEMO: &str = "http://127.0.0.1:8081";
const INDEX: &str = "<!doctype html><script type=module>start()</script>";
const WASM: &[u8] = b"\0asm\x01\0\0\0";

fn storefront() -> std::path::PathBuf {
    let dir = temp_dir("embed");
    std::fs::write(dir.join("index.html"), INDEX).unwrap();
    std::fs::write(dir.join("pishkhan-0123456789abcdef_bg.wasm"), WASM).unwrap();
    // the widget's build (`scripts/build-widget.sh`): stable names under /widget/, no content hash
    std::fs::create_dir_all(dir.join("widget/snippets/pishkhan-1a2b3c")).unwrap();
    std::fs::write(dir.join("widget/pishkhan.js"), "import('./pishkhan-widget.js');").unwrap();
    std::fs::write(dir.join("widget/pishkhan-widget.js"), "export default function init() {}").unwrap();
    std::fs::write(dir.join("widget/pishkhan-widget_bg.wasm"), WASM).unwrap();
    std::fs::write(dir.join("widget/snippets/pishkhan-1a2b3c/inline0.js"), "export function f() {}").unwrap();
    dir
}

fn embedding(dir: &std::path::Path, origins: &[&str]) -> TestApp {
    let dir = dir.to_owned();
    let origins: Vec<String> = origins.iter().map(|o| (*o).to_owned()).collect();
    TestApp::build(move |state| state.with_static_dir(dir).unwrap().with_embed_origins(&origins).unwrap())
}

fn from(origin: &str, method: Method, uri: &str) -> Request<Body> {
    Request::builder().method(method).uri(uri).header(header::ORIGIN, origin).body(Body::empty()).unwrap()
}

fn frame_ancestors(policy: &str) -> &str {
    policy.split(';').map(str::trim).find(|d| d.starts_with("frame-ancestors")).unwrap_or("")
}

#[tokio::test]
async fn only_the_embedded_checkout_may_be_framed_and_only_by_the_allowed_origins() {
    let dir = storefront();
    let app = embedding(&dir, &[BLOG, "https://news.example:8443", DEMO]);
    for uri in ["/embed/checkout", "/embed/checkout?lang=en"] {
        let embedded = app.get(uri).await;
        assert_eq!(embedded.status, 200, "{uri}");
        assert!(embedded.content_type().starts_with("text/html"), "{uri}");
        assert_eq!(embedded.text(), INDEX, "{uri}: the storefront's page, which reads the route");
        let policy = embedded.header(header::CONTENT_SECURITY_POLICY).to_owned();
        assert_eq!(
            frame_ancestors(&policy),
            "frame-ancestors https://blog.example https://news.example:8443 http://127.0.0.1:8081",
            "{uri}"
        );
        assert_eq!(embedded.header(header::X_FRAME_OPTIONS), "", "{uri}: X-Frame-Options would refuse every frame");
    }
    for uri in ["/", "/checkout", "/account", "/embed/checkout/other", "/api/v1/products"] {
        let response = app.get(uri).await;
        assert!(response.header(header::CONTENT_SECURITY_POLICY).contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(response.header(header::X_FRAME_OPTIONS), "DENY", "{uri}");
    }
    // with no origin configured, no one may frame it
    let closed = TestApp::with_static(&dir).get("/embed/checkout").await;
    assert_eq!(frame_ancestors(closed.header(header::CONTENT_SECURITY_POLICY)), "frame-ancestors 'none'");
    assert_eq!(closed.header(header::X_FRAME_OPTIONS), "DENY");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn allowed_origins_read_the_api_and_the_wasm_by_cors_without_credentials() {
    let dir = storefront();
    let app = embedding(&dir, &[BLOG]);
    let allow_origin = header::ACCESS_CONTROL_ALLOW_ORIGIN;
    let products = app.send(from(BLOG, Method::GET, "/api/v1/products")).await;
    assert_eq!(products.status, 200);
    assert_eq!(products.header(allow_origin.clone()), BLOG);
    assert_eq!(products.header(header::ACCESS_CONTROL_ALLOW_CREDENTIALS), "", "no cookies cross to another site");
    assert!(products.header(header::VARY).to_ascii_lowercase().contains("origin"));
    let wasm = app.send(from(BLOG, Method::GET, "/pishkhan-0123456789abcdef_bg.wasm")).await;
    assert_eq!((wasm.status.as_u16(), wasm.content_type()), (200, "application/wasm"));
    assert_eq!(wasm.header(allow_origin.clone()), BLOG);

    // a guest's order from the widget: the preflight allows its method and headers
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .uri("/api/v1/orders")
        .header(header::ORIGIN, BLOG)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type,idempotency-key")
        .body(Body::empty())
        .unwrap();
    let answer = app.send(preflight).await;
    assert!(answer.status.is_success(), "{}", answer.status);
    assert_eq!(answer.header(allow_origin.clone()), BLOG);
    assert!(answer.header(header::ACCESS_CONTROL_ALLOW_METHODS).contains("POST"));
    let headers = answer.header(header::ACCESS_CONTROL_ALLOW_HEADERS).to_ascii_lowercase();
    assert!(headers.contains("idempotency-key") && headers.contains("content-type"), "{headers}");
    let exposed = app.send(from(BLOG, Method::GET, "/api/v1/health")).await;
    assert!(exposed.header(header::ACCESS_CONTROL_EXPOSE_HEADERS).to_ascii_lowercase().contains("retry-after"));

    // any other origin, or none configured, gets no CORS answer
    for (app, origin) in
        [(&app, "https://evil.example"), (&app, "https://blog.example.evil.example"), (&TestApp::new(), BLOG)]
    {
        let response = app.send(from(origin, Method::GET, "/api/v1/products")).await;
        assert_eq!(response.header(allow_origin.clone()), "", "{origin}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_widget_files_are_read_by_cors_from_allowed_origins_and_revalidated() {
    let dir = storefront();
    let app = embedding(&dir, &[DEMO, BLOG]);
    let files = [
        ("/widget/pishkhan.js", "javascript"),
        ("/widget/pishkhan-widget.js", "javascript"),
        ("/widget/pishkhan-widget_bg.wasm", "application/wasm"),
        ("/widget/snippets/pishkhan-1a2b3c/inline0.js", "javascript"),
    ];
    for origin in [DEMO, BLOG] {
        for (uri, kind) in files {
            let file = app.send(from(origin, Method::GET, uri)).await;
            assert_eq!(file.status, 200, "{uri}");
            assert!(file.content_type().contains(kind), "{uri}: {}", file.content_type());
            assert_eq!(file.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), origin, "{uri}");
            assert_eq!(file.header(header::ACCESS_CONTROL_ALLOW_CREDENTIALS), "", "{uri}: no cookies cross");
            assert!(file.header(header::VARY).to_ascii_lowercase().contains("origin"), "{uri}");
            // the loader's name is in every host page, so a new build must reach them: revalidate
            assert_eq!(file.header(header::CACHE_CONTROL), "no-cache", "{uri}");
        }
    }
    assert_eq!(app.get("/widget/pishkhan-widget_bg.wasm").await.body.as_ref(), WASM);

    // the precompressed copies scripts/serve.sh makes keep the type, the CORS answer and revalidation
    std::fs::write(dir.join("widget/pishkhan-widget_bg.wasm.br"), b"brotli bytes").unwrap();
    let mut request = from(DEMO, Method::GET, "/widget/pishkhan-widget_bg.wasm");
    request.headers_mut().insert(header::ACCEPT_ENCODING, "br".parse().unwrap());
    let br = app.send(request).await;
    assert_eq!(br.header(header::CONTENT_ENCODING), "br");
    assert_eq!((br.status.as_u16(), br.content_type()), (200, "application/wasm"));
    assert_eq!(br.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), DEMO);
    assert_eq!(br.header(header::CACHE_CONTROL), "no-cache");

    // revalidation answers 304, and keeps each file's rule: stable names revalidated, hashed kept
    for (uri, policy) in [
        ("/widget/pishkhan.js", "no-cache"),
        ("/pishkhan-0123456789abcdef_bg.wasm", "public, max-age=31536000, immutable"),
    ] {
        let modified = app.get(uri).await.header(header::LAST_MODIFIED).to_owned();
        let mut request = from(DEMO, Method::GET, uri);
        request.headers_mut().insert(header::IF_MODIFIED_SINCE, modified.parse().unwrap());
        let again = app.send(request).await;
        assert_eq!((again.status.as_u16(), again.header(header::CACHE_CONTROL)), (304, policy), "{uri}");
    }

    // any other origin gets the files (a script tag needs no CORS) but no CORS answer
    for origin in ["https://evil.example", "http://127.0.0.1:8082", "http://localhost:8081"] {
        for (uri, _) in files {
            let file = app.send(from(origin, Method::GET, uri)).await;
            assert_eq!(file.status, 200, "{uri}");
            assert_eq!(file.header(header::ACCESS_CONTROL_ALLOW_ORIGIN), "", "{origin} {uri}");
        }
    }
    // a missing widget file is a 404, never the storefront's page under a script's name
    for uri in ["/widget/missing.js", "/widget/pishkhan-widget_bg.wasm.map", "/widget/snippets/x/inline0.js"] {
        let missing = app.send(from(DEMO, Method::GET, uri)).await;
        assert_eq!(missing.status, 404, "{uri}");
        assert_ne!(missing.text(), INDEX, "{uri}");
        assert!(!missing.content_type().starts_with("text/html"), "{uri}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_embedding_origin_is_a_scheme_host_and_port_only() {
    for good in
        [BLOG, "https://news.example:8443", "http://127.0.0.1:8081", "http://localhost:8081", "http://[::1]:8081"]
    {
        assert!(AppState::open_in_memory().unwrap().with_embed_origins(&[good]).is_ok(), "{good}");
    }
    for bad in [
        "blog.example",
        "http://blog.example",
        "https://blog.example/",
        "https://blog.example/page",
        "https://*.example",
        "https://Blog.example",
        "https://",
        "ftp://blog.example",
        "https://blog.example:99999",
    ] {
        let error = AppState::open_in_memory().unwrap().with_embed_origins(&[bad]).unwrap_err();
        assert!(error.contains(bad), "{bad}: {error}");
    }
    let _ = HeaderName::from_static("vary");
}
