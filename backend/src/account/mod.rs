//! The signed-in shopper's account under `/api/v1/me`: profile, password, official email and mobile,
//! address book, orders, server cart, "my data" export and deletion. Every route needs a session
//! ([`CurrentUser`](crate::auth::CurrentUser)), except confirming an email from its link. Changing the
//! password, the email or the mobile number also needs a fresh [`proof`] that the owner is at the keyboard.

pub mod address_store;
pub mod addresses;
pub mod cart;
pub mod deletion;
pub mod email;
pub mod export;
pub mod mobile;
pub mod orders;
pub mod profile;
pub mod proof;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

use crate::AppState;
use crate::outbox::{self, Message};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/me", get(profile::get_me).put(profile::update_me))
        .route("/api/v1/me/proof", get(proof::status).post(proof::prove))
        .route("/api/v1/me/proof-code", post(proof::send_proof_code))
        .route("/api/v1/me/password", put(profile::change_password))
        .route("/api/v1/me/email", post(email::change_email))
        .route(
            "/api/v1/auth/email/confirm",
            post(email::confirm_email).layer(DefaultBodyLimit::max(crate::SMALL_BODY_LIMIT)),
        )
        .route("/api/v1/me/mobile", post(mobile::change_mobile))
        .route("/api/v1/me/mobile/verify", post(mobile::verify_mobile))
        .route("/api/v1/me/addresses", get(addresses::list).post(addresses::create))
        .route("/api/v1/me/addresses/{id}", put(addresses::update).delete(addresses::delete))
        .route("/api/v1/me/orders", get(orders::list))
        .route("/api/v1/me/orders/{number}", get(orders::get))
        .route("/api/v1/me/cart", get(cart::get).put(cart::put))
        .route("/api/v1/me/export", get(export::export))
        .route("/api/v1/me/deletion", post(deletion::request))
        .route("/api/v1/me/deletion/confirm", post(deletion::confirm))
}

/// Tells the owner of a change made to the account (on the old contact, so a thief's change is noticed). The
/// change is made already: a notice that cannot be sent is logged, never undoes it.
pub async fn tell_owner(state: &AppState, notice: Message) {
    if let Err(error) = outbox::send(state.sender(), notice).await {
        eprintln!("warning: the owner was not told of a change to the account: {:?}", error.problem.detail);
    }
}
