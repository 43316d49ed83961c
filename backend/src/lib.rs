//! Pishkhan's reference REST backend: axum + SQLite, seeded with a Persian catalog.
//!
//! [`app`] builds the whole HTTP surface from an [`AppState`]; the binary only parses flags,
//! binds a socket and serves it. Every API error is `application/problem+json`.

pub mod account;
pub mod auth;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod clock;
pub mod consent;
pub mod db;
pub mod health;
pub mod images;
pub mod maintenance;
pub mod markup;
pub mod newsletter;
pub mod openapi;
pub mod orders;
pub mod outbox;
pub mod problem;
pub mod seed;
pub mod state;
pub mod static_files;

mod headers;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{any, get};

pub use consent::ConsentError;
pub use state::{AppState, OpenError};

/// The URL prefix of every API route.
pub const API_PREFIX: &str = "/api/v1";

/// The largest JSON body the API reads: a cart at its largest (100 lines) or an order is a few KiB.
pub const JSON_BODY_LIMIT: usize = 16 * 1024;
/// The largest body of a sign-in, consent or account request: a few short fields.
pub const SMALL_BODY_LIMIT: usize = 4 * 1024;

/// The whole application: the API under `/api/v1` (signed-in changes guarded against CSRF, see
/// [`auth::csrf`]), problem+json for unknown `/api` routes, (in development mode) `/api/v1/dev/...` helpers
/// and the `/dev/outbox` page for tests, the shop's validated `/consent.json`
/// (when it has one), and (when the state has a static directory) the storefront with a single-page-app
/// fallback.
pub fn app(state: AppState) -> Router {
    let static_dir = state.static_dir().map(ToOwned::to_owned);
    let common = state.clone();
    let mut routes = api_routes();
    if state.dev_mode() {
        routes = routes.merge(orders::dev::routes()).merge(consent::dev::routes()).merge(outbox::dev::routes());
    } else {
        // outside `/api`, so without this it would fall through to the storefront
        routes = routes.route("/dev/outbox", any(problem::not_found));
    }
    let api = routes
        .route("/api", any(problem::not_found))
        .route("/api/{*rest}", any(problem::not_found))
        .method_not_allowed_fallback(problem::method_not_allowed)
        .layer(axum::middleware::from_fn(auth::csrf::protect))
        .layer(axum::middleware::map_response(headers::problem_for_errors))
        .layer(headers::api_layer())
        .with_state(state);
    let site = match static_dir {
        Some(dir) => api.fallback(move |req| static_files::serve(dir.clone(), req)),
        None => api.fallback(problem::not_found),
    };
    headers::apply_common(site, common)
}

fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/health", get(health::health))
        .route("/api/v1/openapi.json", get(openapi::document))
        .merge(catalog::routes())
        .merge(cart::routes())
        .merge(checkout::routes())
        .merge(orders::routes())
        .merge(account::routes())
        .merge(images::routes())
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .merge(consent::routes().layer(DefaultBodyLimit::max(SMALL_BODY_LIMIT)))
        .merge(auth::routes().layer(DefaultBodyLimit::max(SMALL_BODY_LIMIT)))
        .merge(newsletter::routes())
}
