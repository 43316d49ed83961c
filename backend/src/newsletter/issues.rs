//! The shop sends an issue to a list: `POST /api/v1/admin/newsletter/issues` (the admin token,
//! [`crate::auth::admin`]) records it with one delivery row per subscriber confirmed on the list now, answers
//! 202 with its id, and a background task sends it in batches of [`BATCH`], [`POOL_SIZE`] messages at a time
//! (one pooled SMTP connection each); `GET …/issues/{id}` reports its progress. Each message carries its own
//! unsubscribe token: a newsletter email its `List-Unsubscribe` headers and a visible link in its text and HTML,
//! a promotional SMS its opt-out link and `لغو ۱۱`.
//!
//! A subscriber who left the list before their turn is skipped. A failed send stays pending and is tried again
//! after the others, up to [`MAX_ATTEMPTS`] times, then counts as failed: nothing is dropped without being
//! counted. Unfinished issues are taken up again when the server starts ([`resume`]).

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::{FieldError, Problem};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use super::UNSUBSCRIBE_PREFIX;
use super::store::{self, List, Subscription};
use super::token;
use crate::AppState;
use crate::auth::admin::Admin;
use crate::clock;
use crate::outbox::smtp::POOL_SIZE;
use crate::outbox::{ListUnsubscribe, Message, messages};
use crate::problem::{ApiError, JsonBody, JsonBodyProblems, invalid_if_any};

/// Deliveries taken from the database at a time.
pub const BATCH: usize = 200;
/// Tries per message before it counts as failed.
pub const MAX_ATTEMPTS: i64 = 3;
/// The wait after a batch with a failure, times the attempt (a relay that refuses for a moment gets a moment).
const RETRY_DELAY: Duration = Duration::from_millis(200);
/// The storefront's unsubscribe page (the token follows).
pub const UNSUBSCRIBE_PAGE: &str = "/unsubscribe/";

const SUBJECT_MAX: usize = 200;
const TEXT_MAX: usize = 100_000;
const HTML_MAX: usize = 200_000;
const SMS_MAX: usize = 480;
/// The largest request body: the text and HTML at their largest, in UTF-8.
pub const BODY_LIMIT: usize = 4 * (TEXT_MAX + HTML_MAX);

/// An issue to send.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewIssue {
    /// `newsletter` (email) or `sms_promotions` (SMS); order-status SMS are not marketing and cannot be sent here.
    pub list: List,
    /// The email's subject (required for the newsletter, ignored for SMS).
    #[serde(default)]
    pub subject: String,
    /// The plain-text body (an SMS's text, at most 480 characters); the unsubscribe link is added.
    pub text: String,
    /// The email's HTML body; without one it is made from `text`. The unsubscribe link is added.
    #[serde(default)]
    pub html: Option<String>,
}

/// An issue and how far its sending got.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IssueProgress {
    pub id: i64,
    pub list: List,
    pub subject: String,
    /// Subscribers confirmed on the list when it was sent.
    pub total: i64,
    pub sent: i64,
    /// Not sent after every try.
    pub failed: i64,
    /// Left the list (or erased, or with no address) before their turn.
    pub skipped: i64,
    /// Still to send (or to try again).
    pub pending: i64,
    pub done: bool,
    /// RFC 3339 UTC.
    pub created_at: String,
    pub finished_at: Option<String>,
}

fn validate(issue: &NewIssue) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let chars = |s: &str| s.chars().count();
    match issue.list {
        List::Newsletter => {
            let subject = issue.subject.trim();
            if subject.is_empty() || chars(subject) > SUBJECT_MAX || subject.contains(['\r', '\n']) {
                errors.push(FieldError::new("subject", "invalid", "Give a subject of one line, up to 200 characters."));
            }
            if issue.text.trim().is_empty() || chars(&issue.text) > TEXT_MAX {
                errors.push(FieldError::new("text", "invalid", "Give a text of up to 100000 characters."));
            }
            if issue.html.as_deref().is_some_and(|h| h.trim().is_empty() || chars(h) > HTML_MAX) {
                errors.push(FieldError::new("html", "invalid", "Give HTML of up to 200000 characters, or none."));
            }
        }
        List::SmsPromotions => {
            if issue.text.trim().is_empty() || chars(&issue.text) > SMS_MAX {
                errors.push(FieldError::new("text", "invalid", "Give an SMS text of up to 480 characters."));
            }
            if issue.html.is_some() {
                errors.push(FieldError::new("html", "not_for_sms", "An SMS has no HTML body."));
            }
        }
        List::SmsOrderStatus => errors.push(FieldError::new(
            "list",
            "transactional",
            "Order-status SMS are transactional; send issues to newsletter or sms_promotions.",
        )),
    }
    invalid_if_any(errors)
}

fn progress(conn: &Connection, id: i64) -> rusqlite::Result<Option<IssueProgress>> {
    let issue = conn
        .query_row(
            "SELECT list, subject, total, created_at, finished_at FROM newsletter_issues WHERE id = ?1",
            [id],
            |r| Ok((r.get::<_, List>(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get::<_, Option<String>>(4)?)),
        )
        .optional()?;
    let Some((list, subject, total, created_at, finished_at)) = issue else {
        return Ok(None);
    };
    let count = |status: &str| -> rusqlite::Result<i64> {
        conn.query_row(
            "SELECT COUNT(*) FROM newsletter_deliveries WHERE issue_id = ?1 AND status = ?2",
            params![id, status],
            |r| r.get(0),
        )
    };
    let (sent, failed, pending) = (count("sent")?, count("failed")?, count("pending")?);
    // deliveries of erased subscribers are gone with them: they count as skipped
    let skipped = total - sent - failed - pending;
    let done = finished_at.is_some();
    Ok(Some(IssueProgress { id, list, subject, total, sent, failed, skipped, pending, done, created_at, finished_at }))
}

/// Sends an issue to the subscribers confirmed on its list now, in the background; see the module notes.
#[utoipa::path(
    post,
    path = "/api/v1/admin/newsletter/issues",
    tag = "admin",
    security(("admin" = [])),
    request_body(content = NewIssue, content_type = "application/json"),
    responses(
        (status = 202, description = "Recorded; sending has begun. `Location` is its progress", body = IssueProgress,
            headers(("Location" = String, description = "/api/v1/admin/newsletter/issues/{id}"))),
        (status = 401, description = "`/problems/unauthorized`: no or a wrong admin token (`WWW-Authenticate: Bearer`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No admin token is configured: the admin routes are absent", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Fields `list` (`transactional`), `subject`, `text`, `html`", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems,
    )
)]
pub async fn create(
    _: Admin,
    State(state): State<AppState>,
    JsonBody(issue): JsonBody<NewIssue>,
) -> Result<Response, ApiError> {
    validate(&issue)?;
    let subject = if issue.list == List::Newsletter { issue.subject.trim().to_owned() } else { String::new() };
    let id = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            tx.execute(
                "INSERT INTO newsletter_issues (list, subject, text, html, total, created_at)
                 VALUES (?1, ?2, ?3, ?4, 0, ?5)",
                params![issue.list.as_str(), subject, issue.text, issue.html, clock::now_rfc3339()],
            )?;
            let id = tx.last_insert_rowid();
            let total = tx.execute(
                "INSERT INTO newsletter_deliveries (issue_id, subscription_id)
                 SELECT ?1, id FROM subscriptions WHERE list = ?2 AND status = 'subscribed'",
                params![id, issue.list.as_str()],
            )?;
            tx.execute("UPDATE newsletter_issues SET total = ?1 WHERE id = ?2", params![total as i64, id])?;
            tx.commit()?;
            Ok(id)
        })
        .await?;
    tokio::spawn(deliver(state.clone(), id));
    let progress = state.db().run(move |conn| progress(conn, id)?.ok_or_else(ApiError::internal)).await?;
    let location =
        HeaderValue::from_str(&format!("/api/v1/admin/newsletter/issues/{id}")).map_err(|_| ApiError::internal())?;
    Ok((StatusCode::ACCEPTED, [(header::LOCATION, location)], Json(progress)).into_response())
}

/// How far an issue's sending got.
#[utoipa::path(
    get,
    path = "/api/v1/admin/newsletter/issues/{id}",
    tag = "admin",
    security(("admin" = [])),
    params(("id" = i64, Path, description = "The id `POST /api/v1/admin/newsletter/issues` answered")),
    responses(
        (status = 200, description = "Its progress (`done` once every delivery was sent, failed or skipped)", body = IssueProgress),
        (status = 401, description = "`/problems/unauthorized`: no or a wrong admin token (`WWW-Authenticate: Bearer`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such issue, or no admin token is configured", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn show(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<IssueProgress>, ApiError> {
    let found = state.db().run(move |conn| Ok(progress(conn, id)?)).await?;
    found.map(Json).ok_or_else(|| ApiError::not_found("No such issue."))
}

/// What a subscriber is sent of an issue, with their own token.
pub fn message_for(state: &AppState, issue: &Issue, sub: &Subscription) -> Message {
    let token = token::sign(state.hmac_key(), sub.id, sub.token_generation);
    let page = state.link(&format!("{UNSUBSCRIBE_PAGE}{token}"));
    match issue.list {
        List::Newsletter => Message::Email {
            to: sub.address.clone(),
            subject: issue.subject.clone(),
            body: messages::newsletter_issue(&issue.text, &page),
            html: Some(messages::newsletter_html(issue.html.as_deref(), &issue.text, &page)),
            unsubscribe: Some(ListUnsubscribe {
                one_click: state.link(&format!("{UNSUBSCRIBE_PREFIX}{token}")),
                mailto: state.unsubscribe_mailto().map(ToOwned::to_owned),
            }),
        },
        List::SmsPromotions | List::SmsOrderStatus => {
            Message::Sms { to: sub.address.clone(), text: messages::sms_promotion(&issue.text, &page) }
        }
    }
}

/// A stored issue, as its deliveries need it.
#[derive(Debug, Clone)]
pub struct Issue {
    pub list: List,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
}

fn load(conn: &Connection, id: i64) -> rusqlite::Result<Option<Issue>> {
    conn.query_row("SELECT list, subject, text, html FROM newsletter_issues WHERE id = ?1", [id], |r| {
        Ok(Issue { list: r.get(0)?, subject: r.get(1)?, text: r.get(2)?, html: r.get(3)? })
    })
    .optional()
}

/// The next pending deliveries, fewest tries first: the subscription as it is now.
fn next_batch(conn: &Connection, id: i64) -> rusqlite::Result<Vec<Subscription>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{} JOIN newsletter_deliveries d ON d.subscription_id = s.id
         WHERE d.issue_id = ?1 AND d.status = 'pending' ORDER BY d.attempts, s.id LIMIT ?2",
        store::SELECT
    ))?;
    stmt.query_map(params![id, BATCH as i64], store::row)?.collect()
}

/// Sends issue `id`'s pending deliveries until none is left, then marks it finished. Errors are logged.
pub async fn deliver(state: AppState, id: i64) {
    if let Err(error) = deliver_all(&state, id).await {
        eprintln!("error: sending newsletter issue {id} stopped: {}", error.problem.title);
    }
}

async fn deliver_all(state: &AppState, id: i64) -> Result<(), ApiError> {
    let Some(issue) = state.db().run(move |conn| Ok(load(conn, id)?)).await? else {
        return Ok(());
    };
    loop {
        let batch = state.db().run(move |conn| Ok(next_batch(conn, id)?)).await?;
        if batch.is_empty() {
            break;
        }
        let (due, skipped): (Vec<Subscription>, Vec<Subscription>) =
            batch.into_iter().partition(|s| s.subscribed() && !s.address.is_empty());
        let messages: Vec<(i64, Message)> = due.iter().map(|s| (s.id, message_for(state, &issue, s))).collect();
        let results = send_all(state, messages).await;
        let failures = results.iter().filter(|(_, r)| r.is_err()).count();
        if let Some((_, Err(first))) = results.iter().find(|(_, r)| r.is_err()) {
            eprintln!(
                "warning: newsletter issue {id}: {failures} messages of a batch not sent (tried again later): {first}"
            );
        }
        let skipped: Vec<i64> = skipped.iter().map(|s| s.id).collect();
        let attempts = state
            .db()
            .run(move |conn| {
                let tx = conn.transaction()?;
                let mut worst = 0;
                for sub in skipped {
                    tx.execute(
                        "UPDATE newsletter_deliveries SET status = 'skipped' WHERE issue_id = ?1 AND subscription_id = ?2",
                        params![id, sub],
                    )?;
                }
                for (sub, result) in results {
                    let attempts: i64 = tx.query_row(
                        "UPDATE newsletter_deliveries SET attempts = attempts + 1,
                            status = CASE WHEN ?3 THEN 'sent' WHEN attempts + 1 >= ?4 THEN 'failed' ELSE 'pending' END
                         WHERE issue_id = ?1 AND subscription_id = ?2 RETURNING attempts",
                        params![id, sub, result.is_ok(), MAX_ATTEMPTS],
                        |r| r.get(0),
                    )?;
                    if result.is_err() {
                        worst = worst.max(attempts);
                    }
                }
                tx.commit()?;
                Ok(worst)
            })
            .await?;
        if attempts > 0 {
            tokio::time::sleep(RETRY_DELAY * u32::try_from(attempts).unwrap_or(1)).await;
        }
    }
    state
        .db()
        .run(move |conn| {
            conn.execute(
                "UPDATE newsletter_issues SET finished_at = ?1 WHERE id = ?2 AND finished_at IS NULL",
                params![clock::now_rfc3339(), id],
            )?;
            Ok(())
        })
        .await
}

/// Sends `messages` on [`POOL_SIZE`] blocking threads at once; each result with its subscription id.
async fn send_all(state: &AppState, messages: Vec<(i64, Message)>) -> Vec<(i64, Result<(), String>)> {
    let chunk = messages.len().div_ceil(POOL_SIZE as usize).max(1);
    let mut chunks = Vec::new();
    let mut rest = messages;
    while !rest.is_empty() {
        let tail = rest.split_off(chunk.min(rest.len()));
        chunks.push(std::mem::replace(&mut rest, tail));
    }
    let workers: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let sender = state.sender();
            let ids: Vec<i64> = chunk.iter().map(|(id, _)| *id).collect();
            let task = tokio::task::spawn_blocking(move || {
                chunk.into_iter().map(|(id, m)| (id, sender.send(&m).map_err(|e| e.0))).collect::<Vec<_>>()
            });
            (ids, task)
        })
        .collect();
    let mut results = Vec::new();
    for (ids, task) in workers {
        match task.await {
            Ok(done) => results.extend(done),
            // a worker that panicked: its messages are tried again
            Err(error) => results.extend(ids.into_iter().map(|id| (id, Err(error.to_string())))),
        }
    }
    results
}

/// Takes up every unfinished issue (after a restart), in the background.
pub fn resume(state: &AppState) -> rusqlite::Result<usize> {
    let ids: Vec<i64> = state.db().with_blocking(|conn| {
        let mut stmt = conn.prepare("SELECT id FROM newsletter_issues WHERE finished_at IS NULL ORDER BY id")?;
        stmt.query_map([], |r| r.get(0))?.collect()
    })?;
    for &id in &ids {
        tokio::spawn(deliver(state.clone(), id));
    }
    Ok(ids.len())
}
