//! Response headers every answer carries (a Content-Security-Policy, no framing but the embedded
//! checkout's by the shop's allowed embedding origins, no powerful browser features, no referrer, HSTS
//! over https), CORS for those same origins, and the no-store rule for API responses.

mod csp;

use std::any::Any;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

use pishkhan_core::Problem;
use pishkhan_core::consent::ConsentConfig;

use crate::AppState;
use crate::auth::cookies::Cookies;
use crate::problem::ApiError;
use crate::static_files::StorefrontPage;

pub use csp::hash_source;

/// Browser features no page of the shop uses, turned off for it and anything it embeds.
const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), browsing-topics=()";
/// Two years, as the HSTS preload list asks.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The one page another site may frame: the storefront's checkout in its embedded mode, opened by the
/// widget from the shop's own origin so no personal data is typed into the host page.
pub const EMBEDDED_CHECKOUT: &str = "/embed/checkout";

/// API answers must not be cached unless a handler says otherwise (the SVG covers do).
pub fn api_layer() -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))
}

/// Security headers on every response, and a problem+json 500 instead of a dropped connection on panic.
pub fn apply_common(router: Router, state: AppState) -> Router {
    let cors = cors(state.embed_origins());
    router
        .layer(middleware::from_fn_with_state(state, security_headers))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(HeaderName::from_static("permissions-policy"), PERMISSIONS_POLICY))
        .layer(set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(cors)
}

/// Cross-origin reads and guest writes from the allowed embedding origins (the widget's script, its
/// wasm, the catalog, the cart quote): no credentials, so no cookie of the shop goes to another site's
/// page. Any other origin gets no CORS headers, and its browser keeps the answers from it.
fn cors(origins: &[HeaderValue]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("idempotency-key"),
            HeaderName::from_static("x-requested-with"),
        ])
        .expose_headers([header::RETRY_AFTER, HeaderName::from_static("idempotent-replayed")])
        .max_age(std::time::Duration::from_secs(600))
}

/// The Content-Security-Policy (unless a handler set its own: the storefront's page gets the
/// storefront's, everything else the strict one), framing (refused, but for the embedded checkout by
/// the allowed embedding origins), and HSTS when the request came over https.
async fn security_headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let https = Cookies::read(request.headers(), request.uri().scheme_str(), state.secure_cookies()).secure;
    let ancestors = if request.uri().path() == EMBEDDED_CHECKOUT { state.embed_origins() } else { &[] };
    let mut response = next.run(request).await;
    if !response.headers().contains_key(header::CONTENT_SECURITY_POLICY) {
        let is_page = response.extensions().get::<StorefrontPage>().is_some()
            || response.headers().get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
        let policy = if is_page { storefront_policy(&state, ancestors).await } else { csp::STRICT.to_owned() };
        if let Ok(value) = HeaderValue::from_str(&policy) {
            response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
        }
    }
    if ancestors.is_empty() {
        response.headers_mut().insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if https {
        response.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static(HSTS));
    }
    response
}

/// The storefront page's policy from the page and the consent configuration as they are now (both
/// may change while the server runs: a new build, an edited `consent.json`).
async fn storefront_policy(state: &AppState, ancestors: &[HeaderValue]) -> String {
    let (dir, consent) = (state.static_dir().map(ToOwned::to_owned), state.consent().cloned());
    let ancestors: Vec<String> = ancestors.iter().filter_map(|o| o.to_str().ok().map(ToOwned::to_owned)).collect();
    let read = move || {
        let page = dir.and_then(|d| std::fs::read_to_string(d.join("index.html")).ok()).unwrap_or_default();
        let config = consent.and_then(|c| ConsentConfig::parse(&String::from_utf8_lossy(&c.current())).ok());
        csp::storefront(&page, config.as_ref(), &ancestors)
    };
    tokio::task::spawn_blocking(read).await.unwrap_or_else(|_| csp::STRICT.to_owned())
}

fn set(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
}

fn panic_response(_panic: Box<dyn Any + Send + 'static>) -> Response {
    eprintln!("error: a request handler panicked");
    ApiError::internal().into_response()
}

/// Turns any error answer that is not yet problem+json (an extractor's rejection, a bare 405)
/// into one, keeping its status and headers such as `Allow`. Bodies are not copied: no internals leak.
pub async fn problem_for_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(Problem::MEDIA_TYPE.as_bytes()));
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let detail = if status.is_server_error() {
        "Something went wrong on our side; please try again."
    } else {
        "The request could not be handled as sent."
    };
    let (parts, _body) = response.into_parts();
    let mut problem = ApiError::with_status(status, "about:blank", detail).into_response();
    for (name, value) in parts.headers.iter().filter(|(name, _)| *name == header::ALLOW) {
        problem.headers_mut().insert(name, value.clone());
    }
    problem
}
