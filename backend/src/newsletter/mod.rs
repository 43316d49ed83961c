//! Lists and subscribers: the email newsletter, promotional SMS and order-status SMS ([`store::List`]). A
//! member's profile flags are their subscription rows; guests subscribe to the newsletter by email with double
//! opt-in; every change is a dated event, in "my data" and erased with the account. The shop sends issues to a
//! list with the admin token ([`issues`]).

pub mod issues;
pub mod sms;
pub mod store;
pub mod subscribe;
pub mod token;
pub mod unsubscribe;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;

/// The path every unsubscribe route starts with (exempt from the CSRF check: see [`unsubscribe`]).
pub const UNSUBSCRIBE_PREFIX: &str = "/api/v1/unsubscribe/";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/unsubscribe/{token}", get(unsubscribe::show).post(unsubscribe::unsubscribe))
        .route("/api/v1/unsubscribe/{token}/undo", post(unsubscribe::undo))
        .route("/api/v1/newsletter/subscribe", post(subscribe::subscribe))
        .route("/api/v1/newsletter/confirm", post(subscribe::confirm))
        .route("/api/v1/sms/inbound", post(sms::inbound))
        .layer(DefaultBodyLimit::max(crate::SMALL_BODY_LIMIT))
        .merge(
            Router::new()
                .route("/api/v1/admin/newsletter/issues", post(issues::create))
                .route("/api/v1/admin/newsletter/issues/{id}", get(issues::show))
                .layer(DefaultBodyLimit::max(issues::BODY_LIMIT)),
        )
}
