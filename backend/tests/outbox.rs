//! Outgoing messages. In development mode the outbox stores every SMS and email (pruned to a day and the newest
//! thousand), listed as JSON and a Persian page; outside it no message text is stored anywhere, only that a
//! message was due (channel, kind, a keyed hash of the recipient, time), and nothing is listed.

mod common;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use axum::http::{Method, header};
use common::TestApp;
use common::auth::{MOBILE, session_cookie, six_digits};
use pishkhan_backend::auth::secret::{HmacKey, sha256_hex};
use pishkhan_backend::clock;
use pishkhan_backend::outbox::log::recipient_hash;
use pishkhan_backend::outbox::store::KEEP_MESSAGES;
use pishkhan_backend::outbox::{Kind, Message, MessageSender, SendError};
use rusqlite::types::ValueRef;
use serde_json::json;

/// Sees every message on its way to the sender the state would use anyway.
struct Tap {
    inner: Arc<dyn MessageSender>,
    seen: Arc<Mutex<Vec<Message>>>,
}

impl MessageSender for Tap {
    fn send(&self, message: &Message) -> Result<(), SendError> {
        self.seen.lock().unwrap().push(message.clone());
        self.inner.send(message)
    }
}

/// An app with the production default sender, and what it was asked to send.
fn tapped_production() -> (TestApp, Arc<Mutex<Vec<Message>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let tap = Arc::clone(&seen);
    let app = TestApp::production(move |state| {
        let inner = state.sender();
        state.with_sender(Arc::new(Tap { inner, seen: tap }))
    });
    (app, seen)
}

fn last_text(seen: &Mutex<Vec<Message>>) -> String {
    seen.lock().unwrap().last().expect("a message").text().body.clone()
}

/// Every text and blob value in the database.
fn stored_values(app: &TestApp) -> HashSet<String> {
    let sql = app.sql();
    let tables: Vec<String> = sql
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut values = HashSet::new();
    for table in tables {
        let mut stmt = sql.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..columns {
                match row.get_ref(i).unwrap() {
                    ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
                        values.insert(String::from_utf8_lossy(bytes).into_owned());
                    }
                    _ => {}
                }
            }
        }
    }
    values
}

fn is_hash(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Proves `token`'s session with a code, read from the texts the shop's sender was handed.
async fn prove(app: &TestApp, seen: &Mutex<Vec<Message>>, token: &str) {
    assert_eq!(app.as_user(Method::POST, "/api/v1/me/proof-code", token, None).await.status, 202);
    let code = six_digits(&last_text(seen)).unwrap();
    let proven = app.as_user(Method::POST, "/api/v1/me/proof", token, Some(json!({ "code": code }))).await;
    assert_eq!(proven.status, 200, "{}", proven.text());
}

#[tokio::test]
async fn outside_development_mode_no_code_or_link_is_stored() {
    let (app, seen) = tapped_production();
    let before = stored_values(&app);
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    let sms = last_text(&seen);
    let code = six_digits(&sms).unwrap();
    let signed = app.verify(MOBILE, &code).await;
    assert_eq!(signed.status, 200, "the code sent works: {}", signed.text());
    let token = session_cookie(&signed).unwrap();
    prove(&app, &seen, &token).await;
    let asked =
        app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": "sara@example.ir" }))).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    let email = last_text(&seen);
    let link_token = email.split("token=").nth(1).unwrap().lines().next().unwrap().to_owned();

    assert_eq!(app.count("outbox"), 0, "no text in the outbox");
    let stored: Vec<String> = stored_values(&app).difference(&before).cloned().collect();
    for value in &stored {
        assert!(!value.contains(&link_token) && !value.contains(&sms) && !value.contains(&email), "{value}");
        assert!(is_hash(value) || !value.contains(&code), "the code {code} is stored in {value:?}");
    }

    // only that the three messages were due
    let key = HmacKey::stored(&app.sql()).unwrap();
    let log: Vec<(String, String, String, i64)> = app
        .sql()
        .prepare("SELECT channel, kind, recipient_hash, sent_at FROM message_log ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let kinds: Vec<(&str, &str)> = log.iter().map(|(c, k, _, _)| (c.as_str(), k.as_str())).collect();
    assert_eq!(kinds, [("sms", "sign_in_code"), ("sms", "proof_code"), ("email", "email_confirmation")]);
    assert_eq!(log[0].2, recipient_hash(&key, MOBILE));
    assert_eq!(log[2].2, recipient_hash(&key, "sara@example.ir"));
    assert!(log.iter().all(|(_, _, hash, _)| hash != &sha256_hex(MOBILE) && hash != &sha256_hex("sara@example.ir")));
    assert!(log.iter().all(|(_, _, _, at)| (clock::now_unix() - at).abs() < 3600));
}

#[tokio::test]
async fn a_deleted_account_leaves_only_its_deletion_notice_in_the_message_log() {
    let (app, seen) = tapped_production();
    app.request_code(MOBILE).await;
    let signed = app.verify(MOBILE, &six_digits(&last_text(&seen)).unwrap()).await;
    let token = session_cookie(&signed).unwrap();
    prove(&app, &seen, &token).await;
    app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": "sara@example.ir" }))).await;
    app.forget_rate_limits();
    assert_eq!(app.as_user(Method::POST, "/api/v1/me/deletion", &token, None).await.status, 202);
    assert_eq!(app.count("message_log"), 4);
    let code = six_digits(&last_text(&seen)).unwrap();
    let deleted = app.as_user(Method::POST, "/api/v1/me/deletion/confirm", &token, Some(json!({ "code": code }))).await;
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert_eq!(seen.lock().unwrap().last().unwrap().kind(), Kind::AccountDeleted);
    let kinds: Vec<String> = app
        .sql()
        .prepare("SELECT kind FROM message_log")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(kinds, ["account_deleted"], "what was sent to the account before is forgotten with it");
}

#[tokio::test]
async fn the_outbox_is_listed_in_development_mode() {
    // the development default, without the harness's own outbox
    let app = TestApp::production(|state| state.with_dev_mode(true));
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    let messages = app.get_ok("/api/v1/dev/outbox").await;
    let messages = messages.as_array().unwrap();
    assert_eq!(messages.len(), 1);
    let sms = &messages[0];
    assert_eq!(
        (sms["channel"].as_str(), sms["recipient"].as_str(), sms["subject"].as_str()),
        (Some("sms"), Some(MOBILE), Some(""))
    );
    assert!(sms["body"].as_str().unwrap().contains(&app.last_code(MOBILE)));
    assert!(sms["id"].is_i64() && sms["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(app.count("message_log"), 0);

    app.sql()
        .execute(
            "INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES ('email', 'a@b.ir', '<s>', '<script>x</script>', 'now')",
            [],
        )
        .unwrap();
    let page = app.get("/dev/outbox").await;
    assert_eq!(page.status, 200);
    assert!(page.content_type().starts_with("text/html"));
    let html = page.text();
    assert!(html.contains(r#"<html lang="fa" dir="rtl">"#), "{html}");
    assert!(html.contains(&app.last_code(MOBILE)));
    assert!(html.contains("&lt;script&gt;x&lt;/script&gt;") && !html.contains("<script>"), "escaped");
    let listed = app.get_ok("/api/v1/dev/outbox").await;
    assert_eq!(listed[1]["channel"], "email", "oldest first");
}

#[tokio::test]
async fn the_development_outbox_keeps_a_day_and_the_newest_thousand() {
    let app = TestApp::production(|state| state.with_dev_mode(true));
    let now = clock::now_unix();
    {
        let mut sql = app.sql();
        let tx = sql.transaction().unwrap();
        let insert =
            "INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES ('sms', ?1, '', 'x', ?2)";
        tx.execute(insert, ["09350000000".to_owned(), clock::rfc3339(now - 25 * 3600)]).unwrap();
        for n in 1..=KEEP_MESSAGES {
            tx.execute(insert, [format!("0935{n:07}"), clock::rfc3339(now - 60)]).unwrap();
        }
        tx.commit().unwrap();
    }
    assert_eq!(app.count("outbox"), KEEP_MESSAGES + 1);
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    assert_eq!(app.count("outbox"), KEEP_MESSAGES);
    let listed = app.get_ok("/api/v1/dev/outbox").await;
    let recipients: Vec<&str> = listed.as_array().unwrap().iter().map(|m| m["recipient"].as_str().unwrap()).collect();
    assert_eq!(recipients[0], "09350000002", "the day-old message and the oldest beyond the thousand are gone");
    assert_eq!(recipients.last(), Some(&MOBILE));
}

#[tokio::test]
async fn the_outbox_is_hidden_outside_development_mode() {
    let app = TestApp::production(|state| state);
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    assert_eq!((app.count("outbox"), app.count("message_log")), (0, 1), "only that a message was due");
    for uri in ["/api/v1/dev/outbox", "/dev/outbox"] {
        let hidden = app.get(uri).await;
        hidden.assert_problem(404);
        assert!(hidden.header(header::CONTENT_TYPE).contains("problem"));
    }
    let dir = common::temp_dir("outbox-static");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>پیشخوان</title>").unwrap();
    let site = TestApp::with_static(&dir);
    site.get("/dev/outbox").await.assert_problem(404);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_shop_plugs_in_its_own_sender() {
    #[derive(Default)]
    struct Recorder(Mutex<Vec<(String, Kind)>>);
    impl MessageSender for Recorder {
        fn send(&self, message: &Message) -> Result<(), SendError> {
            match message {
                Message::Sms { to, text } => {
                    self.0.lock().unwrap().push((to.clone(), text.kind));
                    Ok(())
                }
                Message::Email { .. } => Err(SendError("no email provider".into())),
            }
        }
    }
    let recorder = Arc::new(Recorder::default());
    let sender = Arc::clone(&recorder);
    let app = TestApp::production(move |state| state.with_sender(sender).with_dev_mode(true));
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    assert_eq!(recorder.0.lock().unwrap()[0], (MOBILE.to_owned(), Kind::SignInCode));
    assert_eq!((app.count("outbox"), app.count("message_log")), (0, 0), "the shop's transport, and nothing kept");
}
