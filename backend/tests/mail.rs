//! Real email: the backend sends over SMTP to maildev on loopback, and the tests read what it received, headers
//! included. The confirmation link is absolute and transactional mail carries no `List-Unsubscribe`; a newsletter
//! issue carries `List-Unsubscribe` (one-click https URL and mailto) and `List-Unsubscribe-Post`, is
//! multipart/alternative with the visible link in both bodies; and the one-click POST taken from the received
//! header unsubscribes without cookies and answers 200 with no redirect. Without maildev these tests fail.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::TestApp;
use common::admin::ADMIN_TOKEN;
use common::auth::MOBILE;
use common::maildev::{Maildev, header as mail_header};
use pishkhan_backend::outbox::smtp::{SmtpConfig, SmtpSender};
use serde_json::json;

const PUBLIC: &str = "https://shop.example";

fn mail_app(maildev: &Maildev) -> TestApp {
    let config = SmtpConfig::parse(&maildev.smtp_url(), None).unwrap();
    let smtp = SmtpSender::new(&config, "پیشخوان <shop@shop.example>").unwrap();
    TestApp::build(move |state| {
        state
            .with_public_url(PUBLIC)
            .unwrap()
            .with_unsubscribe_mailto("unsubscribe@shop.example")
            .unwrap()
            .with_admin_token(ADMIN_TOKEN.as_bytes())
            .unwrap()
            .with_smtp(smtp)
    })
}

#[tokio::test]
async fn the_email_confirmation_link_is_absolute_and_transactional_mail_has_no_list_headers() {
    let maildev = Maildev::start();
    let app = mail_app(&maildev);
    let session = app.sign_in(MOBILE).await;
    app.prove(&session).await;
    let asked =
        app.as_user(Method::POST, "/api/v1/me/email", &session, Some(json!({ "email": "sara@example.ir" }))).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    let emails_in_outbox: i64 =
        app.sql().query_row("SELECT COUNT(*) FROM outbox WHERE channel = 'email'", [], |r| r.get(0)).unwrap();
    assert_eq!(emails_in_outbox, 0, "email goes by SMTP (the outbox keeps the SMS codes only)");

    maildev.wait_for(1);
    let received = maildev.to("sara@example.ir");
    assert_eq!(received.len(), 1, "{received:?}");
    let mail = &received[0];
    let text = mail["text"].as_str().unwrap();
    let prefix = format!("{PUBLIC}/account/confirm-email?token=");
    let link = text.lines().find(|l| l.trim().starts_with(&prefix)).unwrap_or_else(|| panic!("{text}")).trim();
    assert_eq!(mail["subject"], "تأیید ایمیل در پیشخوان");
    assert!(mail_header(mail, "from").unwrap().contains("shop@shop.example"));
    assert_eq!(mail_header(mail, "List-Unsubscribe"), None, "transactional");
    assert_eq!(mail_header(mail, "List-Unsubscribe-Post"), None, "transactional");
    assert!(mail_header(mail, "content-type").unwrap().starts_with("text/plain"));

    // the link from the received mail works
    let secret = link.trim_start_matches(&prefix);
    let confirmed = app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.text());
}

#[tokio::test]
async fn a_newsletter_carries_its_own_one_click_link_and_the_post_from_its_header_unsubscribes() {
    let maildev = Maildev::start();
    let app = mail_app(&maildev);
    let mina = app.guest("newsletter", "mina@example.com", "subscribed");
    let reza = app.guest("newsletter", "reza@example.com", "subscribed");
    app.guest("newsletter", "left@example.com", "unsubscribed");
    app.guest("newsletter", "pending@example.com", "pending");

    let progress = app
        .send_issue(&json!({ "list": "newsletter", "subject": "تخفیف بهاره", "text": "سلام\n\nتا جمعه همهٔ کتاب‌ها ۲۰٪ ارزان‌ترند." }))
        .await;
    assert_eq!(
        (progress["total"].as_i64(), progress["sent"].as_i64(), progress["failed"].as_i64()),
        (Some(2), Some(2), Some(0))
    );

    let messages = maildev.wait_for(2);
    assert_eq!(messages.len(), 2, "only the confirmed subscribers: {messages:?}");
    let mut tokens = Vec::new();
    for mail in &messages {
        assert_eq!(mail["subject"], "تخفیف بهاره");
        let list_unsubscribe = mail_header(mail, "List-Unsubscribe").expect("List-Unsubscribe");
        let prefix = format!("<{PUBLIC}/api/v1/unsubscribe/");
        let rest = list_unsubscribe.strip_prefix(&prefix).unwrap_or_else(|| panic!("{list_unsubscribe}"));
        let (token, mailto) = rest.split_once('>').unwrap();
        assert_eq!(mailto, ", <mailto:unsubscribe@shop.example>");
        assert_eq!(mail_header(mail, "List-Unsubscribe-Post").as_deref(), Some("List-Unsubscribe=One-Click"));
        assert!(mail_header(mail, "content-type").unwrap().starts_with("multipart/alternative"));
        let page = format!("{PUBLIC}/unsubscribe/{token}");
        let (text, html) = (mail["text"].as_str().unwrap(), mail["html"].as_str().unwrap());
        assert!(text.contains("۲۰٪ ارزان‌ترند") && text.contains(&page), "{text}");
        assert!(html.contains(&format!("href=\"{page}\"")), "{html}");
        assert!(!text.contains("@example.com") && !html.contains("@example.com"), "the address is not in the link");
        tokens.push(token.to_owned());
    }
    assert_ne!(tokens[0], tokens[1], "each message has its own token");

    // a mailbox provider's one-click POST to the URL in mina's header: a form, no cookie, no CSRF header
    let mail = &maildev.to("mina@example.com")[0];
    let url = mail_header(mail, "List-Unsubscribe").unwrap();
    let url = url.trim_start_matches('<').split('>').next().unwrap().to_owned();
    let path = url.strip_prefix(PUBLIC).unwrap();
    let post = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(mail_header(mail, "List-Unsubscribe-Post").unwrap()))
        .unwrap();
    let answer = app.send(post).await;
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer.headers.get(header::LOCATION).is_none(), "no redirect");
    assert_eq!(answer.json()["unsubscribed"], json!(["newsletter"]));
    assert_eq!(
        (app.subscription_status(mina), app.subscription_status(reza)),
        ("unsubscribed".into(), "subscribed".into())
    );
    let by: String = app
        .sql()
        .query_row("SELECT by_whom FROM subscription_events WHERE subscription_id = ?1 ORDER BY id DESC", [mina], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(by, "one_click");

    // the next issue goes to reza only
    let progress = app.send_issue(&json!({ "list": "newsletter", "subject": "دوباره", "text": "خبر تازه" })).await;
    assert_eq!((progress["total"].as_i64(), progress["sent"].as_i64()), (Some(1), Some(1)));
    maildev.wait_for(3);
    assert_eq!(maildev.to("mina@example.com").len(), 1);
    assert_eq!(maildev.to("reza@example.com").len(), 2);
}
