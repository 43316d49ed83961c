//! Subscriptions and their events in SQLite. A member's preference in the profile *is* their subscription
//! row; every change to a row is a dated [`Action`] by someone ([`By`]) in `subscription_events`.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::clock;

/// The lists a shopper can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum List {
    /// The email newsletter.
    Newsletter,
    /// Promotional SMS.
    SmsPromotions,
    /// Order-status SMS: transactional, on unless turned off (only where the shop's configuration allows).
    SmsOrderStatus,
}

/// A list column, as the tables' CHECK constraints allow it.
impl rusqlite::types::FromSql for List {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        List::parse(value.as_str()?).ok_or(rusqlite::types::FromSqlError::InvalidType)
    }
}

impl List {
    pub const ALL: [List; 3] = [List::Newsletter, List::SmsPromotions, List::SmsOrderStatus];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newsletter => "newsletter",
            Self::SmsPromotions => "sms_promotions",
            Self::SmsOrderStatus => "sms_order_status",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|list| list.as_str() == text)
    }

    /// The list's Persian name, as the unsubscribe page shows it.
    pub fn name_fa(self) -> &'static str {
        match self {
            Self::Newsletter => "خبرنامهٔ ایمیلی",
            Self::SmsPromotions => "پیامک‌های تبلیغاتی",
            Self::SmsOrderStatus => "پیامک‌های وضعیت سفارش",
        }
    }

    /// Whether the list's address is a mobile number (else an email).
    pub fn is_sms(self) -> bool {
        !matches!(self, Self::Newsletter)
    }

    /// Whether a member without a row is on it (transactional lists are).
    fn on_by_default(self) -> bool {
        matches!(self, Self::SmsOrderStatus)
    }
}

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Subscribe,
    Confirm,
    Unsubscribe,
    Resubscribe,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subscribe => "subscribe",
            Self::Confirm => "confirm",
            Self::Unsubscribe => "unsubscribe",
            Self::Resubscribe => "resubscribe",
        }
    }
}

/// Who or what made the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// The member, in the profile.
    Profile,
    /// A guest, with the newsletter form on the site.
    Form,
    /// The unsubscribe page (or the confirmation link).
    Link,
    /// A mailbox provider's RFC 8058 one-click POST.
    OneClick,
    /// The shop.
    Shop,
    /// A reply to an SMS (`لغو ۱۱`, `STOP`).
    Sms,
}

impl By {
    fn as_str(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Form => "form",
            Self::Link => "link",
            Self::OneClick => "one_click",
            Self::Shop => "shop",
            Self::Sms => "sms",
        }
    }
}

/// One subscription row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: i64,
    pub list: List,
    pub user_id: Option<i64>,
    /// A guest's own address, or the member's email (newsletter) or mobile (SMS lists) now.
    pub address: String,
    pub status: String,
    pub token_generation: i64,
}

impl Subscription {
    pub fn subscribed(&self) -> bool {
        self.status == "subscribed"
    }
}

pub(crate) const SELECT: &str = "SELECT s.id, s.list, s.user_id,
        COALESCE(s.address, CASE WHEN s.list = 'newsletter' THEN COALESCE(u.email, '') ELSE u.mobile END),
        s.status, s.token_generation
     FROM subscriptions s LEFT JOIN users u ON u.id = s.user_id";

pub(crate) fn row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Subscription> {
    Ok(Subscription {
        id: row.get(0)?,
        list: row.get(1)?,
        user_id: row.get(2)?,
        address: row.get(3)?,
        status: row.get(4)?,
        token_generation: row.get(5)?,
    })
}

pub fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<Subscription>> {
    conn.query_row(&format!("{SELECT} WHERE s.id = ?1"), [id], row).optional()
}

pub fn member(conn: &Connection, user_id: i64, list: List) -> rusqlite::Result<Option<Subscription>> {
    conn.query_row(&format!("{SELECT} WHERE s.user_id = ?1 AND s.list = ?2"), params![user_id, list.as_str()], row)
        .optional()
}

/// Whether the member is on `list` (the profile's flags).
pub fn member_is_on(conn: &Connection, user_id: i64, list: List) -> rusqlite::Result<bool> {
    Ok(member(conn, user_id, list)?.map_or(list.on_by_default(), |s| s.subscribed()))
}

/// Every subscription of the same subscriber as `of` (the same account, or the same guest address).
pub fn siblings(conn: &Connection, of: &Subscription) -> rusqlite::Result<Vec<Subscription>> {
    let (sql, key) = match of.user_id {
        Some(user_id) => (format!("{SELECT} WHERE s.user_id = ?1 ORDER BY s.id"), user_id.to_string()),
        None => (format!("{SELECT} WHERE s.address = ?1 ORDER BY s.id"), of.address.clone()),
    };
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([key], row)?.collect()
}

pub fn record(conn: &Connection, subscription_id: i64, action: Action, by: By) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO subscription_events (subscription_id, action, by_whom, at) VALUES (?1, ?2, ?3, ?4)",
        params![subscription_id, action.as_str(), by.as_str(), clock::now_rfc3339()],
    )?;
    Ok(())
}

/// Sets the row's status and records the change; a resubscription also moves its tokens to a new generation,
/// so links sent before no longer work. Returns whether anything changed.
pub fn set_status(conn: &Connection, sub: &Subscription, on: bool, by: By) -> rusqlite::Result<bool> {
    if sub.subscribed() == on {
        return Ok(false);
    }
    let (status, action) = if on { ("subscribed", Action::Resubscribe) } else { ("unsubscribed", Action::Unsubscribe) };
    conn.execute(
        "UPDATE subscriptions SET status = ?1, updated_at = ?2,
            token_generation = token_generation + ?3 WHERE id = ?4",
        params![status, clock::now_rfc3339(), i64::from(on), sub.id],
    )?;
    record(conn, sub.id, action, by)?;
    Ok(true)
}

/// Puts the member on or off `list`, making the row the first time (for a list that is off by default only when
/// turned on). Returns whether anything changed.
pub fn set_member(conn: &Connection, user_id: i64, list: List, on: bool, by: By) -> rusqlite::Result<bool> {
    if let Some(sub) = member(conn, user_id, list)? {
        return set_status(conn, &sub, on, by);
    }
    if on == list.on_by_default() {
        return Ok(false);
    }
    let status = if on { "subscribed" } else { "unsubscribed" };
    conn.execute(
        "INSERT INTO subscriptions (list, user_id, status, updated_at) VALUES (?1, ?2, ?3, ?4)",
        params![list.as_str(), user_id, status, clock::now_rfc3339()],
    )?;
    let action = if on { Action::Subscribe } else { Action::Unsubscribe };
    record(conn, conn.last_insert_rowid(), action, by)?;
    Ok(true)
}

/// One event as "my data" shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub list: List,
    pub action: String,
    pub by: String,
    pub at: String,
}

/// Every event of the member's subscriptions, oldest first.
pub fn member_events(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<Event>> {
    let mut stmt = conn.prepare(
        "SELECT s.list, e.action, e.by_whom, e.at FROM subscription_events e
         JOIN subscriptions s ON s.id = e.subscription_id WHERE s.user_id = ?1 ORDER BY e.id",
    )?;
    stmt.query_map([user_id], |r| Ok(Event { list: r.get(0)?, action: r.get(1)?, by: r.get(2)?, at: r.get(3)? }))?
        .collect()
}

/// Forgets the member's subscriptions and their events (with the account).
pub fn forget_member(conn: &Connection, user_id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM subscriptions WHERE user_id = ?1", [user_id])?;
    Ok(())
}
