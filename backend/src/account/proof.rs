//! Fresh proof from the owner before a change that could hand the account to someone else: setting or changing
//! the password, asking for a new official email, changing the mobile number. A session alone is not enough: it
//! may have been stolen, or left signed in on a shared computer.
//!
//! How ("step-up", like a bank's or GitHub's sudo mode): the session proves itself once with `POST
//! /api/v1/me/proof`, by a code texted to the account's current mobile number (`POST /api/v1/me/proof-code`) or by
//! the current password, and may then make those changes for [`WINDOW`] (ten minutes); `GET /api/v1/me/proof`
//! says for how much longer. The mark is that session's alone (another browser of the account proves itself on
//! its own) and ends with it. Signing in does not count: whoever changes these must be at the keyboard now.
//! Why a mark rather than a proof inside every change request: a shopper without a password who changes the
//! email and then sets a password proves once, with one SMS, rather than twice (codes are limited to one a
//! minute per number), and the change requests keep their own fields.
//!
//! Without a live mark those changes answer 403 `/problems/proof-required`, whose one field error (`proof`,
//! `proof_required`) tells the storefront to show the proof step. A wrong password counts against
//! [`PASSWORD_CHANGE_FAILURES`] (five in fifteen minutes per account, an attempt counted until it succeeds); a
//! wrong code counts like every code check (see [`crate::auth::codes`]).
//!
//! After the change, every other session of the account ends in the same transaction
//! ([`crate::auth::session::end_others`]), and the owner is told on the old contact ([`super::tell_owner`]).

use axum::Json;
use axum::extract::State;
use axum::response::Response;
use pishkhan_core::account::{CodeSent, Proof, ProofRequest, ProofStatus};
use pishkhan_core::{FieldError, Problem};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::codes::{self, Owner, Purpose};
use crate::auth::flow::send_code_to_account;
use crate::auth::rate_limit::{self, PASSWORD_CHANGE_FAILURES};
use crate::auth::session::sign_in_required;
use crate::auth::{CurrentUser, password, users};
use crate::clock;
use crate::outbox::messages;
use crate::problem::{
    ApiError, CsrfRejected, JsonBody, JsonBodyProblems, MessageNotSent, SignInRequired, TooManyRequests,
};

/// Seconds a proof lasts: ten minutes.
pub const WINDOW: i64 = 10 * 60;
pub const PROOF_REQUIRED: &str = "/problems/proof-required";

/// 403: the session has not proven itself recently.
pub fn required() -> ApiError {
    let mut problem = Problem::new(403, PROOF_REQUIRED, "Proof required").with_detail(
        "Confirm it is you first, with your current password or a code texted to your mobile number (POST /api/v1/me/proof).",
    );
    problem.errors.push(FieldError::new("proof", "proof_required", "Confirm it is you first"));
    ApiError::from(problem)
}

/// When this session last proved itself, if ever.
fn proven_at(conn: &Connection, session_hash: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT proven_at FROM sessions WHERE id_hash = ?1", [session_hash], |row| row.get(0))
        .optional()
        .map(Option::flatten)
}

/// Seconds a proof made at `proven_at` has left at `now`.
fn remaining(proven_at: Option<i64>, now: i64) -> u32 {
    proven_at.map_or(0, |at| u32::try_from((at + WINDOW - now).clamp(0, WINDOW)).unwrap_or(0))
}

/// Fails with [`required`] unless `user`'s session proved itself in the last [`WINDOW`] seconds. Call it in
/// the transaction of the change.
pub fn require(conn: &Connection, user: &CurrentUser, now: i64) -> Result<(), ApiError> {
    match remaining(proven_at(conn, &user.session_hash())?, now) {
        0 => Err(required()),
        _ => Ok(()),
    }
}

/// Marks the session proven from `now`.
fn mark(conn: &Connection, session_hash: &str, now: i64) -> Result<(), ApiError> {
    match conn.execute("UPDATE sessions SET proven_at = ?1 WHERE id_hash = ?2", params![now, session_hash])? {
        0 => Err(sign_in_required()), // it ended meanwhile
        _ => Ok(()),
    }
}

/// For how much longer this session may change the password, the email and the mobile number (0: it must
/// prove itself first).
#[utoipa::path(
    get,
    path = "/api/v1/me/proof",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "Seconds the session's proof has left", body = ProofStatus),
        SignInRequired,
    )
)]
pub async fn status(State(state): State<AppState>, user: CurrentUser) -> Result<Json<ProofStatus>, ApiError> {
    let (hash, now) = (user.session_hash(), clock::now_unix());
    let proven = state.db().run(move |conn| Ok(proven_at(conn, &hash)?)).await?;
    Ok(Json(ProofStatus { expires_in_seconds: remaining(proven, now) }))
}

/// Texts a code to the account's current mobile number, to prove it is the owner with (limited like sign-in
/// codes, counted apart from them).
#[utoipa::path(
    post,
    path = "/api/v1/me/proof-code",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 202, description = "A code is on its way to the account's mobile number", body = CodeSent),
        TooManyRequests,
        MessageNotSent,
        SignInRequired, CsrfRejected,
    )
)]
pub async fn send_proof_code(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
) -> Result<Response, ApiError> {
    send_code_to_account(&state, user.user_id, ip, Purpose::Proof, messages::proof_code).await
}

/// Proves it is the owner: with `code` (texted by `POST /api/v1/me/proof-code`) if given, else with
/// `current_password`. The session may then change the password, the email and the mobile number for ten
/// minutes. Five wrong passwords in fifteen minutes lock proving by password for the rest of that window
/// (proving by code still works).
#[utoipa::path(
    post,
    path = "/api/v1/me/proof",
    tag = "account",
    security(("session" = [])),
    request_body(content = ProofRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "Proven; seconds the proof lasts", body = ProofStatus),
        (status = 422, description = "Field `current_password` (`required`, `wrong_password`) or `code` (`required`, `invalid_code`, `expired_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many wrong passwords for this account, or failed code checks from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn prove(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
    JsonBody(request): JsonBody<ProofRequest>,
) -> Result<Json<ProofStatus>, ApiError> {
    let proof = request.validate().map_err(ApiError::invalid)?;
    let (user_id, hash, now, secret) = (user.user_id, user.session_hash(), clock::now_unix(), state.hmac_key().clone());
    match proof {
        Proof::Code(code) => {
            state
                .db()
                .run(move |conn| {
                    let tx = conn.transaction()?;
                    let sent_to = codes::redeem(&tx, &secret, Purpose::Proof, Owner::User(user_id), &code, &ip, now)?;
                    // a code sent to a number the account no longer has proves nothing
                    let result = sent_to.and_then(|target| {
                        if target == users::mobile_of(&tx, user_id)? {
                            mark(&tx, &hash, now)
                        } else {
                            Err(codes::expired())
                        }
                    });
                    tx.commit()?; // a wrong try counts
                    result
                })
                .await?;
        }
        Proof::Password(password) => {
            let (phc, attempts) = state
                .db()
                .run(move |conn| {
                    // check and count the attempt in one immediate transaction: a parallel attempt sees this one
                    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                    let key = user_id.to_string();
                    let checks = [("password_change", key.as_str(), &PASSWORD_CHANGE_FAILURES[..])];
                    let attempts = rate_limit::attempt(&tx, &secret, &checks, now, |seconds| {
                        format!("Too many wrong passwords; try again in {seconds} seconds, or confirm by code.")
                    })?;
                    let phc = users::password_hash(&tx, user_id)?;
                    tx.commit()?;
                    Ok((phc, attempts))
                })
                .await?;
            if !password::verify(password, phc).await? {
                return Err(ApiError::field("current_password", "wrong_password", "The current password is not right"));
            }
            state
                .db()
                .run(move |conn| {
                    let tx = conn.transaction()?;
                    rate_limit::forget(&tx, &attempts)?; // it was right
                    mark(&tx, &hash, now)?;
                    tx.commit()?;
                    Ok(())
                })
                .await?;
        }
    }
    Ok(Json(ProofStatus { expires_in_seconds: WINDOW as u32 }))
}
