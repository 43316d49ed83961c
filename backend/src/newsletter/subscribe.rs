//! A guest's newsletter sign-up, with double opt-in: `POST /api/v1/newsletter/subscribe` mails a confirmation
//! link and sends nothing else; `POST /api/v1/newsletter/confirm` with its token subscribes. An address left
//! unconfirmed is forgotten by the cleanup ([`forget_unconfirmed`]) once its time is up.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use pishkhan_core::Problem;
use pishkhan_core::account::{EmailChange, EmailConfirm};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::store::{self, Action, By};
use super::token;
use super::unsubscribe::{LinkView, view};
use crate::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::rate_limit::{self, NEWSLETTER_SIGNUPS_PER_EMAIL, NEWSLETTER_SIGNUPS_PER_IP};
use crate::auth::secret::{sha256_hex, token as random_token};
use crate::clock;
use crate::outbox::{self, Message, messages};
use crate::problem::{ApiError, JsonBody, JsonBodyProblems, MessageNotSent};

/// Hours a sign-up waits for its confirmation by default.
pub const DEFAULT_CONFIRM_HOURS: u32 = 48;
/// The storefront's page that confirms a sign-up (the token follows).
pub const CONFIRM_PATH: &str = "/newsletter/confirm?token=";

/// What a sign-up answers, whatever the address's state (so it tells nobody who is subscribed).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SignUp {
    /// Hours the mailed link works.
    pub confirm_within_hours: u32,
}

/// What a confirmation answers: the subscription and its first unsubscribe token.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    #[serde(flatten)]
    pub link: LinkView,
    pub token: String,
}

/// Subscribes a guest's email to the newsletter once they open the link mailed to it (double opt-in). Nothing
/// but that mail is sent before. The answer is the same whether the address is new, pending or subscribed
/// already (a subscribed address is sent nothing).
#[utoipa::path(
    post,
    path = "/api/v1/newsletter/subscribe",
    tag = "newsletter",
    request_body(content = EmailChange, content_type = "application/json"),
    responses(
        (status = 202, description = "A confirmation link is on its way (unless the address is subscribed already)", body = SignUp),
        (status = 422, description = "Field `email` is not an email address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many sign-ups for this address or from this client", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        MessageNotSent,
        JsonBodyProblems,
    )
)]
pub async fn subscribe(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    JsonBody(signup): JsonBody<EmailChange>,
) -> Result<(StatusCode, Json<SignUp>), ApiError> {
    let email = signup.validate().map_err(ApiError::invalid)?;
    let hours = state.newsletter_confirm_hours();
    let (secret, now, key) = (random_token(), clock::now_unix(), state.hmac_key().clone());
    let (hash, confirm_by, address) = (sha256_hex(&secret), now + i64::from(hours) * 3600, email.clone());
    let send = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let checks: [rate_limit::Check<'_>; 2] = [
                ("newsletter_email", &address, &NEWSLETTER_SIGNUPS_PER_EMAIL),
                ("newsletter_ip", &ip, &NEWSLETTER_SIGNUPS_PER_IP),
            ];
            rate_limit::attempt(&tx, &key, &checks, now, |s| format!("Too many sign-ups; try again in {s} seconds."))?;
            let found: Option<(i64, String)> = tx
                .query_row(
                    "SELECT id, status FROM subscriptions WHERE list = 'newsletter' AND address = ?1",
                    [&address],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let send = match found {
                Some((_, status)) if status == "subscribed" => false,
                Some((id, status)) => {
                    tx.execute(
                        "UPDATE subscriptions SET status = 'pending', confirm_hash = ?1, confirm_by = ?2, updated_at = ?3
                         WHERE id = ?4",
                        params![hash, confirm_by, clock::now_rfc3339(), id],
                    )?;
                    if status == "unsubscribed" {
                        store::record(&tx, id, Action::Subscribe, By::Form)?;
                    }
                    true
                }
                None => {
                    tx.execute(
                        "INSERT INTO subscriptions (list, address, status, confirm_hash, confirm_by, updated_at)
                         VALUES ('newsletter', ?1, 'pending', ?2, ?3, ?4)",
                        params![address, hash, confirm_by, clock::now_rfc3339()],
                    )?;
                    store::record(&tx, tx.last_insert_rowid(), Action::Subscribe, By::Form)?;
                    true
                }
            };
            tx.commit()?;
            Ok(send)
        })
        .await?;
    if send {
        let body = messages::newsletter_confirmation(&state.link(&format!("{CONFIRM_PATH}{secret}")), hours);
        let message = Message::email(email, messages::NEWSLETTER_SUBJECT, body);
        outbox::send(state.sender(), message).await?;
    }
    Ok((StatusCode::ACCEPTED, Json(SignUp { confirm_within_hours: hours })))
}

/// Confirms a sign-up with the token from the mailed link: the address is subscribed, and answers its first
/// unsubscribe token (tokens from before an earlier unsubscription stay replaced).
#[utoipa::path(
    post,
    path = "/api/v1/newsletter/confirm",
    tag = "newsletter",
    request_body(content = EmailConfirm, content_type = "application/json"),
    responses(
        (status = 200, description = "Subscribed", body = Confirmed),
        (status = 422, description = "Field `token`: `invalid_token` (unknown, used or expired)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    JsonBody(confirm): JsonBody<EmailConfirm>,
) -> Result<Json<Confirmed>, ApiError> {
    let (hash, now) = (sha256_hex(confirm.token.trim()), clock::now_unix());
    let sub = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM subscriptions WHERE confirm_hash = ?1 AND status = 'pending' AND confirm_by > ?2",
                    params![hash, now],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = id else {
                let message = "This link is unknown, used or expired; subscribe again.";
                return Err(ApiError::field("token", "invalid_token", message));
            };
            tx.execute(
                "UPDATE subscriptions SET status = 'subscribed', confirm_hash = NULL, confirm_by = NULL,
                    token_generation = token_generation + 1, updated_at = ?1 WHERE id = ?2",
                params![clock::now_rfc3339(), id],
            )?;
            store::record(&tx, id, Action::Confirm, By::Link)?;
            let sub = store::by_id(&tx, id)?.ok_or_else(ApiError::internal)?;
            tx.commit()?;
            Ok(sub)
        })
        .await?;
    let token = token::sign(state.hmac_key(), sub.id, sub.token_generation);
    Ok(Json(Confirmed { link: view(&sub, state.transactional_opt_out()), token }))
}

/// Forgets, at `now`, every guest sign-up whose confirmation time is up (with its events).
pub fn forget_unconfirmed(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM subscriptions WHERE status = 'pending' AND user_id IS NULL AND confirm_by <= ?1", [now])
}
