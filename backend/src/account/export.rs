//! "My data": `GET /api/v1/me/export`, everything the shop keeps about the account as one JSON download.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::account::{Me, SavedAddress};
use pishkhan_core::checkout::Order;
use serde::Serialize;

use super::address_store;
use crate::AppState;
use crate::auth::{CurrentUser, users};
use crate::clock;
use crate::consent::{StoredReceipt, receipts_for_consent_ids};
use crate::newsletter;
use crate::orders::store;
use crate::problem::{ApiError, SignInRequired};

pub const FILE_NAME: &str = "pishkhan-my-data.json";

/// The export's contents.
#[derive(Debug, Serialize)]
pub struct MyData {
    pub exported_at: String,
    pub profile: Me,
    pub addresses: Vec<SavedAddress>,
    /// Every order placed while signed in, newest first, in full.
    pub orders: Vec<Order>,
    pub preferences: Preferences,
    /// Product reviews written (none yet: the reference backend has no reviews).
    pub reviews: Vec<serde_json::Value>,
    /// The consent receipts recorded under the consent ids seen with this account.
    pub consent_receipts: Vec<StoredReceipt>,
}

#[derive(Debug, Serialize)]
pub struct Preferences {
    pub newsletter: bool,
    pub sms_promotions: bool,
    /// Every change to the account's subscriptions (subscribe, confirm, unsubscribe, resubscribe), dated, with
    /// who made it (`profile`, `link`, `one_click`, `shop`, `sms`), oldest first.
    pub events: Vec<newsletter::store::Event>,
}

/// Downloads everything kept about the account: profile, addresses, orders, preferences, reviews and the
/// consent receipts recorded under the consent ids seen with it.
#[utoipa::path(
    get,
    path = "/api/v1/me/export",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "A JSON attachment `pishkhan-my-data.json` with `exported_at`, `profile`, `addresses`, `orders`, `preferences` (with every subscription event), `reviews` and `consent_receipts`", body = Object,
            headers(("Content-Disposition" = String, description = "`attachment; filename=\"pishkhan-my-data.json\"`"))),
        SignInRequired,
    )
)]
pub async fn export(State(state): State<AppState>, user: CurrentUser) -> Result<Response, ApiError> {
    let data = state
        .db()
        .run(move |conn| {
            let user_id = user.user_id;
            let profile = users::me(conn, user_id)?;
            let mut stmt =
                conn.prepare("SELECT consent_id FROM user_consent_ids WHERE user_id = ?1 ORDER BY linked_at")?;
            let consent_ids = stmt.query_map([user_id], |row| row.get(0))?.collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(MyData {
                exported_at: clock::now_rfc3339(),
                preferences: Preferences {
                    newsletter: profile.newsletter,
                    sms_promotions: profile.sms_promotions,
                    events: newsletter::store::member_events(conn, user_id)?,
                },
                profile,
                addresses: address_store::list(conn, user_id)?,
                orders: store::for_user(conn, user_id)?,
                reviews: Vec::new(),
                consent_receipts: receipts_for_consent_ids(conn, &consent_ids)?,
            })
        })
        .await?;
    let disposition = HeaderValue::from_static("attachment; filename=\"pishkhan-my-data.json\"");
    Ok(([(header::CONTENT_DISPOSITION, disposition)], Json(data)).into_response())
}
