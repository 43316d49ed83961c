//! Deleting an account: `POST /api/v1/me/deletion` sends a code to the account's mobile number;
//! `POST /api/v1/me/deletion/confirm` with that code deletes the account.
//!
//! What deletion does (one transaction):
//! - sessions, saved addresses, the server cart, the consent-id links and pending codes are deleted, and so is
//!   every stored message (in the development outbox) and message-log entry sent to the account's mobile
//!   number, email or pending email; so are the account's subscriptions and their events;
//! - the account row is kept only as an anonymised tombstone (mobile `deleted-<id>` so the UNIQUE column
//!   stays unique and the number may sign up again; email, names, national code, birth date, password and
//!   preferences cleared; `deleted_at` set), so nothing can sign in to it;
//! - orders are kept only as far as invoicing law needs them: the order number, lines, totals, shipping
//!   method, payment state and the invoice identity stay. The buyer's contact and the delivery address stay
//!   **only on orders with an invoice identity** (an official invoice must name its buyer and address); on
//!   every other order they are blanked. The recipient (another person's name and number, which no invoice
//!   needs) is deleted from every order. Orders are detached from the account.
//!
//! Consent receipts are anonymous and append-only, so they stay as they are; only the link is removed.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::account::{CodeSent, CodeVerify};
use rusqlite::{Connection, params};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::auth::client_ip::ClientIp;
use crate::auth::codes::{self, Owner, Purpose};
use crate::auth::cookies::Cookies;
use crate::auth::flow::send_code_to_account;
use crate::auth::secret::HmacKey;
use crate::clock;
use crate::newsletter;
use crate::outbox::{self, Message, messages};
use crate::problem::{
    ApiError, CsrfRejected, JsonBody, JsonBodyProblems, MessageNotSent, SignInRequired, TooManyRequests,
};

/// Sends a code that confirms deleting the account to its mobile number (limited like sign-in codes).
#[utoipa::path(
    post,
    path = "/api/v1/me/deletion",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 202, description = "A code is on its way to the account's mobile number", body = CodeSent),
        TooManyRequests,
        MessageNotSent,
        SignInRequired, CsrfRejected,
    )
)]
pub async fn request(
    State(state): State<AppState>,
    user: CurrentUser,
    ClientIp(ip): ClientIp,
) -> Result<Response, ApiError> {
    send_code_to_account(&state, user.user_id, ip, Purpose::DeleteAccount, messages::delete_account_code).await
}

/// Deletes the account with the code sent to its mobile number; the session ends and its cookie is removed.
/// Orders keep only what invoices legally need (see the module notes in the source).
#[utoipa::path(
    post,
    path = "/api/v1/me/deletion/confirm",
    tag = "account",
    security(("session" = [])),
    request_body(content = CodeVerify, content_type = "application/json"),
    responses(
        (status = 204, description = "The account is deleted; a `Set-Cookie` removes the session cookie"),
        (status = 422, description = "Field `code`: `invalid_code` or `expired_code`", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many failed code checks from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    cookies: Cookies,
    ClientIp(ip): ClientIp,
    JsonBody(verify): JsonBody<CodeVerify>,
) -> Result<Response, ApiError> {
    let code = verify.validate().map_err(ApiError::invalid)?;
    let (user_id, now, secret) = (user.user_id, clock::now_unix(), state.hmac_key().clone());
    let mobile = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let owner = Owner::User(user_id);
            let mobile = match codes::redeem(&tx, &secret, Purpose::DeleteAccount, owner, &code, &ip, now)? {
                Ok(mobile) => mobile,
                Err(error) => {
                    tx.commit()?; // the wrong try counts
                    return Err(error);
                }
            };
            anonymise(&tx, &secret, user_id, &mobile)?;
            tx.commit()?;
            Ok(mobile)
        })
        .await?;
    let notice = Message::Sms { to: mobile, text: messages::account_deleted() };
    if let Err(error) = outbox::send(state.sender(), notice).await {
        eprintln!("warning: the deletion notice was not sent: {:?}", error.problem.detail);
    }
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookies.clear_session())]).into_response())
}

/// Deletes and anonymises as the module notes say (call inside a transaction).
pub fn anonymise(conn: &Connection, secret: &HmacKey, user_id: i64, mobile: &str) -> rusqlite::Result<()> {
    for table in ["sessions", "addresses", "carts", "user_consent_ids", "one_time_codes"] {
        conn.execute(&format!("DELETE FROM {table} WHERE user_id = ?1"), [user_id])?;
    }
    conn.execute("DELETE FROM one_time_codes WHERE target = ?1", [mobile])?;
    // subscriptions, their events and so every unsubscribe token of the account
    newsletter::store::forget_member(conn, user_id)?;
    let (current, email, pending_email): (String, Option<String>, Option<String>) =
        conn.query_row("SELECT mobile, email, pending_email FROM users WHERE id = ?1", [user_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?;
    let addresses: Vec<String> =
        [Some(mobile.to_owned()), Some(current), email, pending_email].into_iter().flatten().collect();
    outbox::store::forget_recipients(conn, secret, &addresses)?;
    // every order loses the recipient: another person's name and number, which no invoice needs
    conn.execute(
        "DELETE FROM order_recipients WHERE order_id IN (SELECT id FROM orders WHERE user_id = ?1)",
        [user_id],
    )?;
    // orders without an invoice identity lose the buyer's contact and the address
    let without_invoice = "user_id = ?1 AND id NOT IN (SELECT order_id FROM invoice_identities)";
    conn.execute(
        &format!(
            "UPDATE orders SET contact_first_name = '', contact_last_name = '', contact_mobile = '', contact_email = '',
                address_province = '', address_city = '', address_street = '', address_plate = '', address_unit = '',
                address_postal_code = '', address_notes = ''
             WHERE {without_invoice}"
        ),
        [user_id],
    )?;
    conn.execute("UPDATE orders SET user_id = NULL WHERE user_id = ?1", [user_id])?;
    conn.execute(
        "UPDATE users SET mobile = 'deleted-' || id, email = NULL, pending_email = NULL, email_token_hash = NULL,
            email_token_expires_at = NULL, email_token_session = NULL, first_name = '', last_name = '', national_code = '', birth_date = '',
            password_hash = NULL, deleted_at = ?2
         WHERE id = ?1",
        params![user_id, clock::now_rfc3339()],
    )?;
    Ok(())
}
