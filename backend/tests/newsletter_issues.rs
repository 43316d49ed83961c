//! The shop sends an issue with its admin token, through the router: absent without a configured token, 401
//! without the right one; validated; sent to each subscriber confirmed on the list (each with its own token,
//! those who left skipped), an SMS with its opt-out link and `لغو ۱۱`; a failed send is tried again and, if it
//! keeps failing, counted as failed, never lost silently.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, header};
use common::TestApp;
use common::admin::{ADMIN_TOKEN, ISSUES};
use pishkhan_backend::newsletter::issues::MAX_ATTEMPTS;
use pishkhan_backend::outbox::{DevOutbox, Message, MessageSender, SendError};
use serde_json::json;

fn admin_app() -> TestApp {
    TestApp::build(|state| {
        state.with_public_url("https://shop.example").unwrap().with_admin_token(ADMIN_TOKEN.as_bytes()).unwrap()
    })
}

/// `(recipient, body)` of every message in the outbox, oldest first.
fn outbox(app: &TestApp) -> Vec<(String, String)> {
    let sql = app.sql();
    let mut stmt = sql.prepare("SELECT recipient, body FROM outbox ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

fn issue() -> serde_json::Value {
    json!({ "list": "newsletter", "subject": "تازه‌ها", "text": "کتاب‌های تازه رسید." })
}

#[tokio::test]
async fn without_a_configured_token_the_admin_routes_are_absent() {
    let app = TestApp::new();
    app.post_issue(&issue()).await.assert_problem(404);
    app.issue_progress(1).await.assert_problem(404);
}

#[tokio::test]
async fn only_the_configured_bearer_token_may_send() {
    let app = admin_app();
    app.guest("newsletter", "mina@example.com", "subscribed");
    for bearer in [None, Some("wrong-token-0123456789abcdef-0123456789abc"), Some("")] {
        let refused = app.post_issue_as(&issue(), bearer).await;
        refused.assert_problem(401);
        assert_eq!(refused.header(header::WWW_AUTHENTICATE), "Bearer");
    }
    let basic = Request::post(ISSUES)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Basic {ADMIN_TOKEN}"))
        .body(Body::from(issue().to_string()))
        .unwrap();
    app.send(basic).await.assert_problem(401);
    let progress = Request::get(format!("{ISSUES}/1")).body(Body::empty()).unwrap();
    app.send(progress).await.assert_problem(401);
    assert_eq!(app.count("newsletter_issues"), 0);
    assert!(outbox(&app).is_empty(), "nothing was sent");
}

#[tokio::test]
async fn an_issue_is_validated() {
    let app = admin_app();
    let cases = [
        (json!({ "list": "sms_order_status", "text": "x" }), "list"),
        (json!({ "list": "newsletter", "subject": "", "text": "x" }), "subject"),
        (json!({ "list": "newsletter", "subject": "a\nb", "text": "x" }), "subject"),
        (json!({ "list": "newsletter", "subject": "s", "text": " " }), "text"),
        (json!({ "list": "sms_promotions", "text": "x".repeat(481) }), "text"),
        (json!({ "list": "sms_promotions", "text": "x", "html": "<p>x</p>" }), "html"),
    ];
    for (body, field) in cases {
        assert_eq!(app.post_issue(&body).await.assert_problem(422), [field], "{body}");
    }
    app.post_issue(&json!({ "list": "newsletter", "subject": "s", "text": "x", "extra": 1 })).await.assert_problem(422);
    app.issue_progress(99).await.assert_problem(404);
}

#[tokio::test]
async fn an_issue_goes_to_each_confirmed_subscriber_with_its_own_unsubscribe_link() {
    let app = admin_app();
    let addresses = ["a@example.com", "b@example.com", "c@example.com"];
    for address in addresses {
        app.guest("newsletter", address, "subscribed");
    }
    app.guest("newsletter", "left@example.com", "unsubscribed");
    app.guest("newsletter", "pending@example.com", "pending");
    app.guest("sms_promotions", "09121112233", "subscribed");

    let progress = app.send_issue(&issue()).await;
    assert_eq!(
        (&progress["total"], &progress["sent"], &progress["failed"], &progress["skipped"], &progress["pending"]),
        (&json!(3), &json!(3), &json!(0), &json!(0), &json!(0))
    );
    assert!(progress["finished_at"].is_string());
    let sent = outbox(&app);
    let mut recipients: Vec<&str> = sent.iter().map(|(to, _)| to.as_str()).collect();
    recipients.sort_unstable();
    assert_eq!(recipients, addresses, "the confirmed subscribers, each once (sent in parallel, in any order)");
    let links: HashSet<String> = sent
        .iter()
        .map(|(_, body)| {
            let start = body.find("https://shop.example/unsubscribe/").unwrap_or_else(|| panic!("{body}"));
            body[start..].split_whitespace().next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(links.len(), 3, "each message has its own token");
    for link in &links {
        let token = link.rsplit('/').next().unwrap();
        let view = app.get(&format!("/api/v1/unsubscribe/{token}")).await;
        assert_eq!((view.status.as_u16(), view.json()["subscribed"].as_bool()), (200, Some(true)), "{link}");
    }

    // promotional SMS: the short opt-out link and «لغو ۱۱»
    let progress = app.send_issue(&json!({ "list": "sms_promotions", "text": "حراج آخر هفته" })).await;
    assert_eq!((&progress["total"], &progress["sent"]), (&json!(1), &json!(1)));
    let (to, body) = outbox(&app).pop().unwrap();
    assert_eq!(to, "09121112233");
    assert!(
        body.starts_with("حراج آخر هفته\nلغو: https://shop.example/unsubscribe/") && body.ends_with("\nلغو ۱۱"),
        "{body}"
    );
}

/// Fails every message to `always`, and the first to `once`; the rest go to the development outbox.
struct Flaky {
    outbox: DevOutbox,
    always: &'static str,
    once: &'static str,
    tried: Mutex<Vec<String>>,
}

impl MessageSender for Flaky {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        let mut tried = self.tried.lock().unwrap();
        let first = !tried.iter().any(|t| t == message.to());
        tried.push(message.to().to_owned());
        if message.to() == self.always || (message.to() == self.once && first) {
            return Err(SendError("550 mailbox unavailable".into()));
        }
        self.outbox.send(message)
    }
}

#[tokio::test]
async fn a_failed_send_is_tried_again_and_one_that_keeps_failing_is_counted() {
    let flaky: Arc<Mutex<Option<Arc<Flaky>>>> = Arc::default();
    let keep = Arc::clone(&flaky);
    let app = TestApp::production(move |state| {
        let sender = Arc::new(Flaky {
            outbox: DevOutbox::new(state.db().clone()),
            always: "bounces@example.com",
            once: "slow@example.com",
            tried: Mutex::default(),
        });
        *keep.lock().unwrap() = Some(Arc::clone(&sender));
        state.with_admin_token(ADMIN_TOKEN.as_bytes()).unwrap().with_sender(sender)
    });
    for address in ["ok@example.com", "bounces@example.com", "slow@example.com"] {
        app.guest("newsletter", address, "subscribed");
    }
    let progress = app.send_issue(&issue()).await;
    assert_eq!(
        (&progress["total"], &progress["sent"], &progress["failed"], &progress["done"]),
        (&json!(3), &json!(2), &json!(1), &json!(true))
    );
    let mut recipients: Vec<String> = outbox(&app).into_iter().map(|(to, _)| to).collect();
    recipients.sort_unstable();
    assert_eq!(recipients, ["ok@example.com", "slow@example.com"], "the second try of slow@ went");
    let tried = flaky.lock().unwrap().as_ref().unwrap().tried.lock().unwrap().clone();
    let bounces = tried.iter().filter(|t| *t == "bounces@example.com").count() as i64;
    assert_eq!(bounces, MAX_ATTEMPTS, "tried {MAX_ATTEMPTS} times, then counted as failed");
    assert_eq!(tried.iter().filter(|t| *t == "ok@example.com").count(), 1, "nobody is sent an issue twice");
}

#[tokio::test]
async fn a_subscriber_who_leaves_before_their_turn_is_skipped_and_an_interrupted_issue_resumes() {
    let mut app = admin_app();
    let stays = app.guest("newsletter", "stays@example.com", "subscribed");
    let leaves = app.guest("newsletter", "leaves@example.com", "subscribed");
    // an issue recorded by a server that stopped before sending it
    let sql = app.sql();
    sql.execute(
        "INSERT INTO newsletter_issues (list, subject, text, total, created_at)
         VALUES ('newsletter', 'پیش از توقف', 'متن', 2, '2025-01-01T00:00:00Z')",
        [],
    )
    .unwrap();
    let id = sql.last_insert_rowid();
    for sub in [stays, leaves] {
        sql.execute("INSERT INTO newsletter_deliveries (issue_id, subscription_id) VALUES (?1, ?2)", [id, sub])
            .unwrap();
    }
    sql.execute("UPDATE subscriptions SET status = 'unsubscribed' WHERE id = ?1", [leaves]).unwrap();

    let mut resumed = None;
    app.restart(|state| {
        let state =
            state.with_public_url("https://shop.example").unwrap().with_admin_token(ADMIN_TOKEN.as_bytes()).unwrap();
        resumed = Some(pishkhan_backend::newsletter::issues::resume(&state).unwrap());
        state
    });
    assert_eq!(resumed, Some(1));
    let mut progress = app.issue_progress(id).await.json();
    for _ in 0..3000 {
        if progress["done"] == true {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        progress = app.issue_progress(id).await.json();
    }
    assert_eq!((&progress["sent"], &progress["skipped"], &progress["done"]), (&json!(1), &json!(1), &json!(true)));
    let recipients: Vec<String> = outbox(&app).into_iter().map(|(to, _)| to).collect();
    assert_eq!(recipients, ["stays@example.com"]);
}
