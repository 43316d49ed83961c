//! Lists and subscribers: the profile's flags are the subscription rows, every change is an event in "my
//! data", and the account's deletion erases them.

mod common;

use axum::http::Method;
use common::TestApp;
use common::auth::{ME, MOBILE};
use serde_json::{Value, json};

fn profile(newsletter: bool, sms_promotions: bool) -> Value {
    json!({ "first_name": "سارا", "last_name": "", "national_code": "", "birth_date": "",
        "newsletter": newsletter, "sms_promotions": sms_promotions })
}

/// `(list, status)` of every subscription row, in order.
fn rows(app: &TestApp) -> Vec<(String, String)> {
    let sql = app.sql();
    let mut stmt = sql.prepare("SELECT list, status FROM subscriptions ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().collect::<Result<_, _>>().unwrap()
}

#[tokio::test]
async fn the_profile_and_the_subscription_records_agree() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    assert!(rows(&app).is_empty());
    let me = app.as_user(Method::PUT, ME, &token, Some(profile(true, false))).await.json();
    assert_eq!((me["newsletter"].as_bool(), me["sms_promotions"].as_bool()), (Some(true), Some(false)));
    assert_eq!(rows(&app), [("newsletter".into(), "subscribed".into())]);

    // a change to the row (as an unsubscribe link makes) is what the profile shows
    app.sql().execute("UPDATE subscriptions SET status = 'unsubscribed'", []).unwrap();
    assert_eq!(app.get_as(ME, &token).await.json()["newsletter"], false);

    let me = app.as_user(Method::PUT, ME, &token, Some(profile(true, true))).await.json();
    assert_eq!((me["newsletter"].as_bool(), me["sms_promotions"].as_bool()), (Some(true), Some(true)));
    assert_eq!(
        rows(&app),
        [("newsletter".into(), "subscribed".into()), ("sms_promotions".into(), "subscribed".into())]
    );
}

#[tokio::test]
async fn every_change_is_an_event_in_my_data_and_goes_with_the_account() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.as_user(Method::PUT, ME, &token, Some(profile(true, false))).await;
    app.as_user(Method::PUT, ME, &token, Some(profile(true, false))).await; // no change, no event
    app.as_user(Method::PUT, ME, &token, Some(profile(false, true))).await;
    app.as_user(Method::PUT, ME, &token, Some(profile(true, true))).await;

    let data = app.get_as("/api/v1/me/export", &token).await.json();
    let events: Vec<(String, String, String)> = data["preferences"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            assert!(e["at"].as_str().unwrap().ends_with('Z'), "{e}");
            (e["list"].as_str().unwrap().into(), e["action"].as_str().unwrap().into(), e["by"].as_str().unwrap().into())
        })
        .collect();
    let event = |l: &str, a: &str| (l.to_owned(), a.to_owned(), "profile".to_owned());
    assert_eq!(
        events,
        [
            event("newsletter", "subscribe"),
            event("newsletter", "unsubscribe"),
            event("sms_promotions", "subscribe"),
            event("newsletter", "resubscribe"),
        ]
    );
    assert_eq!(
        (data["preferences"]["newsletter"].as_bool(), data["preferences"]["sms_promotions"].as_bool()),
        (Some(true), Some(true))
    );

    delete_account(&app, &token).await;
    assert_eq!(app.count("subscriptions"), 0);
    assert_eq!(app.count("subscription_events"), 0);
}

async fn delete_account(app: &TestApp, token: &str) {
    app.forget_rate_limits();
    let asked = app.as_user(Method::POST, "/api/v1/me/deletion", token, None).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    let code = app.last_code(MOBILE);
    let done = app.as_user(Method::POST, "/api/v1/me/deletion/confirm", token, Some(json!({ "code": code }))).await;
    assert_eq!(done.status, 204, "{}", done.text());
}
