//! Signing in and out: one-time codes by SMS (sign-up is the same flow), passwords (argon2id), server-side
//! sessions in an httpOnly cookie, the [`CurrentUser`] extractor, CSRF protection, and rate limits.

pub mod admin;
pub mod client_ip;
pub mod codes;
pub mod cookies;
pub mod csrf;
pub mod flow;
pub mod handlers;
pub mod password;
pub mod rate_limit;
pub mod secret;
pub mod session;
pub mod users;

use axum::Router;
use axum::routing::post;

pub use session::CurrentUser;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/auth/code", post(handlers::request_code))
        .route("/api/v1/auth/code/verify", post(handlers::verify_code))
        .route("/api/v1/auth/password", post(handlers::password_sign_in))
        .route("/api/v1/auth/sign-out", post(handlers::sign_out))
}
