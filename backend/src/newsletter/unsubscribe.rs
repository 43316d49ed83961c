//! Leaving a list from the link in a message, without signing in: `GET /api/v1/unsubscribe/{token}` says what
//! the link is for and never changes anything (mail clients prefetch links); `POST` unsubscribes, either from
//! the SPA's page (JSON: this list or everything) or as a mailbox provider's RFC 8058 one-click
//! (`List-Unsubscribe=One-Click`, form-encoded, no cookies); `POST …/undo` resubscribes with a new token.
//!
//! These routes are exempt from the CSRF check ([`crate::auth::csrf`]) by design: the one-click POST comes from
//! a mailbox provider with no cookies and no custom header, and the token in the path is the only authority
//! they act on, so a forged request can do nothing a holder of the link could not.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use pishkhan_core::FieldError;
use pishkhan_core::Problem;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::store::{self, By, List, Subscription};
use super::token;
use crate::AppState;
use crate::auth::secret::HmacKey;
use crate::outbox::messages::{masked, masked_mobile};
use crate::problem::ApiError;

pub const REPLACED: &str = "/problems/unsubscribe-link-replaced";
pub const TRANSACTIONAL: &str = "/problems/transactional-list";

/// What an unsubscribe link is for.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    pub list: List,
    /// The list's Persian name.
    pub list_name: String,
    /// The address, masked: `m***@example.com` or `0912***6789`.
    pub address: String,
    pub subscribed: bool,
    /// Whether this list may be left (a transactional list only where the shop allows).
    pub can_unsubscribe: bool,
}

/// What the SPA's page asks.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnsubscribeRequest {
    #[serde(default)]
    pub scope: Scope,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Only the link's list.
    #[default]
    List,
    /// Every list of the same subscriber that may be left.
    Everything,
}

/// What an unsubscribe did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Unsubscribed {
    #[serde(flatten)]
    pub link: LinkView,
    /// The lists this request took the subscriber off (empty: they were off already).
    pub unsubscribed: Vec<List>,
}

/// What an undo did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Resubscribed {
    #[serde(flatten)]
    pub link: LinkView,
    /// The link's new token: the one used is replaced (`/problems/unsubscribe-link-replaced` from now on).
    pub token: String,
}

/// What a subscription's link shows.
pub fn view(sub: &Subscription, transactional_opt_out: bool) -> LinkView {
    let address = if sub.list.is_sms() { masked_mobile(&sub.address) } else { masked(&sub.address) };
    LinkView {
        list: sub.list,
        list_name: sub.list.name_fa().to_owned(),
        address,
        subscribed: sub.subscribed(),
        can_unsubscribe: may_leave(sub.list, transactional_opt_out),
    }
}

fn may_leave(list: List, transactional_opt_out: bool) -> bool {
    list != List::SmsOrderStatus || transactional_opt_out
}

/// The subscription a token names: a 404 if tampered, unknown or erased; a 410 if replaced by a resubscription.
fn resolve(conn: &Connection, key: &HmacKey, token: &str) -> Result<Subscription, ApiError> {
    let unknown = || ApiError::not_found("This unsubscribe link is not valid; nothing was changed.");
    let (id, generation) = token::verify(key, token).ok_or_else(unknown)?;
    let sub = store::by_id(conn, id)?.filter(|s| s.token_generation >= generation).ok_or_else(unknown)?;
    if generation < sub.token_generation {
        return Err(ApiError::kind(
            410,
            REPLACED,
            "This unsubscribe link was replaced",
            "You subscribed again after this link was sent, so it no longer works and nothing was changed; use \
             the link in a newer message, or your profile.",
        ));
    }
    Ok(sub)
}

/// What the link is for. Changes nothing: a mail client's prefetch may open it.
#[utoipa::path(
    get,
    path = "/api/v1/unsubscribe/{token}",
    tag = "newsletter",
    params(("token" = String, Path, description = "The token from the message's link")),
    responses(
        (status = 200, description = "The list and the masked address the link is for", body = LinkView),
        (status = 404, description = "`/problems/not-found`: a tampered, unknown or erased token", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`/problems/unsubscribe-link-replaced`: the subscriber subscribed again after this link was sent", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn show(State(state): State<AppState>, Path(token): Path<String>) -> Result<Json<LinkView>, ApiError> {
    let (key, opt_out) = (state.hmac_key().clone(), state.transactional_opt_out());
    let sub = state.db().run(move |conn| resolve(conn, &key, &token)).await?;
    Ok(Json(view(&sub, opt_out)))
}

/// How a POST asks: the page's JSON, or a mailbox provider's one-click form.
fn parse(headers: &HeaderMap, body: &Bytes) -> Result<(Scope, By), ApiError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => {
            let one_click = form_urlencoded::parse(body).any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click");
            if !one_click {
                return Err(ApiError::field("List-Unsubscribe", "one_click", "Send List-Unsubscribe=One-Click."));
            }
            Ok((Scope::List, By::OneClick))
        }
        "application/json" => {
            let request: UnsubscribeRequest = if body.is_empty() {
                UnsubscribeRequest::default()
            } else {
                serde_json::from_slice(body).map_err(|e| {
                    ApiError::bad_request(
                        "Malformed body",
                        e.to_string(),
                        FieldError::new(
                            "scope",
                            "malformed",
                            "Send {\"scope\": \"list\"} or {\"scope\": \"everything\"}.",
                        ),
                    )
                })?
            };
            Ok((request.scope, By::Link))
        }
        _ => Err(ApiError::with_status(
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "/problems/unsupported-media-type",
            "Send application/json, or application/x-www-form-urlencoded with List-Unsubscribe=One-Click.",
        )),
    }
}

/// Unsubscribes from the link's list, or (`scope: everything`) from every list of the subscriber that may be left.
/// Also the RFC 8058 one-click POST: form body `List-Unsubscribe=One-Click`, sent by a mailbox provider without
/// cookies or a CSRF header. **This route is exempt from the CSRF check by design**: the token is its only
/// authority. It answers 200, never a redirect. Unsubscribing twice changes nothing and says so.
#[utoipa::path(
    post,
    path = "/api/v1/unsubscribe/{token}",
    tag = "newsletter",
    params(("token" = String, Path, description = "The token from the message's link")),
    request_body(description = "`application/json` (`UnsubscribeRequest`) from the page, or `application/x-www-form-urlencoded` `List-Unsubscribe=One-Click` (RFC 8058)",
        content(
            (UnsubscribeRequest = "application/json"),
            (String = "application/x-www-form-urlencoded", example = "List-Unsubscribe=One-Click"),
        )),
    responses(
        (status = 200, description = "Unsubscribed (`unsubscribed` lists what this request changed)", body = Unsubscribed),
        (status = 400, description = "`/problems/malformed-body`", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "`/problems/transactional-list`: order-status SMS cannot be turned off in this shop", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`/problems/not-found`: a tampered, unknown or erased token; nothing changed", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`/problems/unsubscribe-link-replaced`: the subscriber subscribed again after this link was sent; nothing changed", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "Neither JSON nor a form", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A form without `List-Unsubscribe=One-Click`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn unsubscribe(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<Unsubscribed>, ApiError> {
    let (scope, by) = parse(&headers, &body)?;
    let (key, opt_out) = (state.hmac_key().clone(), state.transactional_opt_out());
    let (sub, unsubscribed) = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let sub = resolve(&tx, &key, &token)?;
            if scope == Scope::List && !may_leave(sub.list, opt_out) {
                return Err(ApiError::kind(
                    403,
                    TRANSACTIONAL,
                    "This list cannot be left",
                    "Order-status SMS are part of ordering in this shop and cannot be turned off.",
                ));
            }
            let mut unsubscribed = Vec::new();
            // a member with no row is on the default-on order-status list: leaving everything makes its row
            if let (Scope::Everything, Some(user_id), true) = (scope, sub.user_id, opt_out)
                && store::member(&tx, user_id, List::SmsOrderStatus)?.is_none()
                && store::set_member(&tx, user_id, List::SmsOrderStatus, false, by)?
            {
                unsubscribed.push(List::SmsOrderStatus);
            }
            let targets = match scope {
                Scope::List => vec![sub.clone()],
                Scope::Everything => store::siblings(&tx, &sub)?,
            };
            for target in targets.iter().filter(|t| may_leave(t.list, opt_out)) {
                if store::set_status(&tx, target, false, by)? {
                    unsubscribed.push(target.list);
                }
            }
            let sub = store::by_id(&tx, sub.id)?.unwrap_or(sub);
            tx.commit()?;
            Ok((sub, unsubscribed))
        })
        .await?;
    Ok(Json(Unsubscribed { link: view(&sub, opt_out), unsubscribed }))
}

/// Undoes leaving the link's list: subscribes again and answers a new token; the one used is replaced.
#[utoipa::path(
    post,
    path = "/api/v1/unsubscribe/{token}/undo",
    tag = "newsletter",
    params(("token" = String, Path, description = "The token from the message's link")),
    responses(
        (status = 200, description = "Subscribed again (or still subscribed), with the link's current token", body = Resubscribed),
        (status = 404, description = "`/problems/not-found`: a tampered, unknown or erased token", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "`/problems/unsubscribe-link-replaced`", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn undo(State(state): State<AppState>, Path(token): Path<String>) -> Result<Json<Resubscribed>, ApiError> {
    let (key, opt_out) = (state.hmac_key().clone(), state.transactional_opt_out());
    let sub = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let sub = resolve(&tx, &key, &token)?;
            store::set_status(&tx, &sub, true, By::Link)?;
            let sub = store::by_id(&tx, sub.id)?.unwrap_or(sub);
            tx.commit()?;
            Ok(sub)
        })
        .await?;
    let token = token::sign(state.hmac_key(), sub.id, sub.token_generation);
    Ok(Json(Resubscribed { link: view(&sub, opt_out), token }))
}
