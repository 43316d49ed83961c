//! The newsletter part of the backend contract: a guest's sign-up and its confirmation (double opt-in), and
//! the unsubscribe link of every message: what it is for (a read that never changes anything), leaving this
//! list or everything, and undoing it.

use gloo_net::http::Request;
use pishkhan_core::{
    account::{EmailChange, EmailConfirm},
    retry::Repeat,
};
use serde::{Deserialize, Serialize};

use super::{ApiError, fetch, get, url};

/// What an unsubscribe link is for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LinkView {
    /// `newsletter`, `sms_promotions` or `sms_order_status` (a list this storefront does not know yet is
    /// shown by `list_name`).
    pub list: String,
    /// The list's Persian name, from the backend.
    pub list_name: String,
    /// The address, masked by the backend: `m***@example.com` or `0912***6789`.
    pub address: String,
    pub subscribed: bool,
    /// Whether the list may be left (an order-status list only where the shop allows).
    pub can_unsubscribe: bool,
}

/// What an unsubscribe did: the link's state now, and the lists this request took the subscriber off
/// (empty: they were off already).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Unsubscribed {
    #[serde(flatten)]
    pub link: LinkView,
    pub unsubscribed: Vec<String>,
}

/// The link's state with its current token: subscribing again (undo, or confirming a sign-up) replaces the
/// token the link had.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WithToken {
    #[serde(flatten)]
    pub link: LinkView,
    pub token: String,
}

/// What a sign-up answers, whatever the address's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct SignUp {
    /// Hours the mailed confirmation link works.
    pub confirm_within_hours: u32,
}

/// Which lists an unsubscribe leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Only the link's list.
    List,
    /// Every list of the same subscriber that may be left.
    Everything,
}

fn link_url(token: &str, rest: &str) -> String {
    url(&format!("/unsubscribe/{}{rest}", String::from(js_sys::encode_uri_component(token))))
}

/// Mails a confirmation link to the address; nothing else is sent before it is opened.
pub async fn subscribe(signup: &EmailChange) -> Result<SignUp, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/newsletter/subscribe")), |b| b.json(signup)).await
}

/// Confirms a sign-up with the token of its mailed link (once: a used token is refused).
pub async fn confirm(confirm: &EmailConfirm) -> Result<WithToken, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/newsletter/confirm")), |b| b.json(confirm)).await
}

/// What the link is for. Changes nothing.
pub async fn link(token: &str) -> Result<LinkView, ApiError> {
    get(&link_url(token, "")).await
}

/// Leaves the link's list, or everything. Doing it twice changes nothing, so a lost answer is retried.
pub async fn unsubscribe(token: &str, scope: Scope) -> Result<Unsubscribed, ApiError> {
    let body = serde_json::json!({ "scope": scope });
    fetch(Repeat::Safe, || Request::post(&link_url(token, "")), |b| b.json(&body)).await
}

/// Joins the link's list again; the answer's token replaces the one used. Not retried on its own: a lost
/// answer's retry with the old token would be refused as replaced.
pub async fn undo(token: &str) -> Result<WithToken, ApiError> {
    fetch(Repeat::Once, || Request::post(&link_url(token, "/undo")), |b| b.json(&serde_json::json!({}))).await
}
