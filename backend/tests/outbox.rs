//! The development outbox: every SMS and email is stored, and listed (JSON and a Persian page) only in
//! development mode.

mod common;

use axum::http::header;
use common::TestApp;
use common::auth::MOBILE;

#[tokio::test]
async fn the_outbox_is_listed_in_development_mode() {
    let app = TestApp::dev();
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
async fn the_outbox_is_hidden_outside_development_mode() {
    let app = TestApp::new();
    app.request_code(MOBILE).await;
    assert_eq!(app.count("outbox"), 1, "messages are stored all the same");
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
    use std::sync::{Arc, Mutex};

    use pishkhan_backend::outbox::{MessageSender, SendError};

    #[derive(Default)]
    struct Recorder(Mutex<Vec<(String, String)>>);
    impl MessageSender for Recorder {
        fn send_sms(&self, to: &str, text: &str) -> Result<(), SendError> {
            self.0.lock().unwrap().push((to.to_owned(), text.to_owned()));
            Ok(())
        }
        fn send_email(&self, _to: &str, _subject: &str, _body: &str) -> Result<(), SendError> {
            Err(SendError("no email provider".into()))
        }
    }
    let recorder = Arc::new(Recorder::default());
    let sender = Arc::clone(&recorder);
    let app = TestApp::build(move |state| state.with_sender(sender));
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    assert_eq!(recorder.0.lock().unwrap()[0].0, MOBILE);
    assert_eq!(app.count("outbox"), 0);
}
