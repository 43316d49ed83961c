//! The profile: reading and editing it, the password, and changing the official email and mobile number.

mod common;

use axum::http::Method;
use common::TestApp;
use common::auth::as_user;
use common::auth::{ME, MOBILE, PASSWORD, session_cookie};
use serde_json::json;

const NEW_MOBILE: &str = "09351112233";

fn profile() -> serde_json::Value {
    json!({
        "first_name": " سارا ", "last_name": "احمدی", "national_code": "۰۰۶۷۷۴۹۸۲۸",
        "birth_date": "1991-08-03", "newsletter": true, "sms_promotions": false
    })
}

#[tokio::test]
async fn the_profile_is_read_and_edited() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let me = app.get_as(ME, &token).await.json();
    assert_eq!(
        me,
        json!({
            "first_name": "", "last_name": "", "mobile": MOBILE, "email": "", "pending_email": "",
            "national_code": "", "birth_date": "", "newsletter": false, "sms_promotions": false, "has_password": false
        })
    );
    let updated = app.as_user(Method::PUT, ME, &token, Some(profile())).await;
    assert_eq!(updated.status, 200, "{}", updated.text());
    let me = updated.json();
    assert_eq!((me["first_name"].as_str(), me["national_code"].as_str()), (Some("سارا"), Some("0067749828")));
    assert_eq!((me["birth_date"].as_str(), me["newsletter"].as_bool()), (Some("1991-08-03"), Some(true)));
    assert_eq!(app.get_as(ME, &token).await.json(), me);

    let mut bad = profile();
    bad["national_code"] = json!("123");
    bad["birth_date"] = json!("2999-01-01");
    let invalid = app.as_user(Method::PUT, ME, &token, Some(bad)).await;
    assert_eq!(invalid.assert_problem(422), ["national_code", "birth_date"]);
    app.send(common::json_request(ME, &profile().to_string(), &[])).await.assert_problem(405);
}

#[tokio::test]
async fn changing_a_password_needs_the_current_one() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let weak = app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(json!({ "new_password": "short" }))).await;
    assert_eq!(weak.assert_problem(422), ["new_password"]);
    let set =
        app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(json!({ "new_password": "firstpass123" }))).await;
    assert_eq!(set.status, 200);

    let other = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "firstpass123" }).to_string()).await;
    let other = session_cookie(&other).unwrap();
    let change = json!({ "current_password": "nope-nope-1", "new_password": "secondpass123" });
    let wrong = app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(change)).await;
    assert_eq!(wrong.assert_problem(422), ["current_password"]);
    assert_eq!(wrong.json()["errors"][0]["code"], "wrong_password");
    let change = json!({ "current_password": "firstpass123", "new_password": "secondpass123" });
    assert_eq!(app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(change)).await.status, 200);
    app.get_as(ME, &other).await.assert_problem(401);
    assert_eq!(app.get_as(ME, &token).await.status, 200, "this session stays");
    let signed = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "secondpass123" }).to_string()).await;
    assert_eq!(signed.status, 200);
}

#[tokio::test]
async fn a_new_email_becomes_official_from_its_link() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let asked =
        app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": "Sara@Example.ir" }))).await;
    assert_eq!(asked.status, 202, "{}", asked.text());
    assert_eq!(
        (asked.json()["pending_email"].as_str(), asked.json()["email"].as_str()),
        (Some("sara@example.ir"), Some(""))
    );
    let (to, body): (String, String) = app
        .sql()
        .query_row("SELECT recipient, body FROM outbox WHERE channel = 'email'", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(to, "sara@example.ir");
    let link =
        body.lines().find(|l| l.starts_with("/account/confirm-email?token=")).unwrap_or_else(|| panic!("{body}"));
    let secret = link.trim_start_matches("/account/confirm-email?token=");
    assert_eq!(secret.len(), 64);
    let stored: String = app.sql().query_row("SELECT email_token_hash FROM users", [], |r| r.get(0)).unwrap();
    assert_ne!(stored, secret);

    // opened on another device: no session needed
    let confirmed = app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.text());
    assert!(confirmed.body.is_empty(), "the link holder is not shown the profile: {}", confirmed.text());
    let me = app.get_as(ME, &token).await.json();
    assert_eq!((me["email"].as_str(), me["pending_email"].as_str()), (Some("sara@example.ir"), Some("")));
    let again = app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await;
    assert_eq!(again.assert_problem(422), ["token"]);

    // the email is a login now, and no other account may take it
    app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(json!({ "new_password": "goodpass123" }))).await;
    let by_email =
        app.post_json(PASSWORD, &json!({ "login": "SARA@example.ir", "password": "goodpass123" }).to_string()).await;
    assert_eq!(by_email.status, 200, "{}", by_email.text());
    app.forget_rate_limits();
    let other = app.sign_in(NEW_MOBILE).await;
    let taken =
        app.as_user(Method::POST, "/api/v1/me/email", &other, Some(json!({ "email": "sara@example.ir" }))).await;
    taken.assert_problem(409);
}

#[tokio::test]
async fn an_email_link_expires() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": "a@b.ir" }))).await;
    let body: String =
        app.sql().query_row("SELECT body FROM outbox WHERE channel = 'email'", [], |r| r.get(0)).unwrap();
    let secret = body.split("token=").nth(1).unwrap().lines().next().unwrap().to_owned();
    app.sql().execute("UPDATE users SET email_token_expires_at = 1", []).unwrap();
    let late = app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await;
    assert_eq!(late.assert_problem(422), ["token"]);
}

#[tokio::test]
async fn a_new_mobile_is_confirmed_by_a_code_sent_to_it() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.forget_rate_limits();
    let same = app.as_user(Method::POST, "/api/v1/me/mobile", &token, Some(json!({ "new_mobile": MOBILE }))).await;
    assert_eq!(same.assert_problem(422), ["new_mobile"]);
    let sent =
        app.as_user(Method::POST, "/api/v1/me/mobile", &token, Some(json!({ "new_mobile": "0935 111 2233" }))).await;
    assert_eq!(sent.status, 202, "{}", sent.text());
    assert_eq!(sent.json()["expires_in_seconds"], 300);
    let code = app.last_code(NEW_MOBILE);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let bad = app.as_user(Method::POST, "/api/v1/me/mobile/verify", &token, Some(json!({ "code": wrong }))).await;
    assert_eq!(bad.json()["errors"][0]["code"], "invalid_code");
    let done = app.as_user(Method::POST, "/api/v1/me/mobile/verify", &token, Some(json!({ "code": code }))).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["mobile"], NEW_MOBILE);
    let notice = app.last_sms(MOBILE);
    assert!(notice.contains("2233") && notice.contains("تغییر کرد"), "{notice}");

    // the old number is free again; a number in use cannot be taken
    app.forget_rate_limits();
    let other = app.sign_in(MOBILE).await;
    assert_ne!(app.get_as(ME, &other).await.json()["mobile"], NEW_MOBILE);
    let taken = app.as_user(Method::POST, "/api/v1/me/mobile", &other, Some(json!({ "new_mobile": NEW_MOBILE }))).await;
    taken.assert_problem(409);
    assert_eq!(taken.json()["type"], "/problems/mobile-taken");
}

#[tokio::test]
async fn mobile_codes_are_rate_limited_like_sign_in_codes() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let ask = || app.as_user(Method::POST, "/api/v1/me/mobile", &token, Some(json!({ "new_mobile": NEW_MOBILE })));
    assert_eq!(ask().await.status, 202);
    let limited = ask().await;
    limited.assert_problem(429);
    assert!(!limited.header(axum::http::header::RETRY_AFTER).is_empty());
}

#[tokio::test]
async fn asking_for_a_taken_mobile_counts_against_the_code_limits() {
    let app = TestApp::new();
    app.sign_in(NEW_MOBILE).await;
    let token = app.sign_in(MOBILE).await;
    app.forget_rate_limits();
    let ask = || app.as_user(Method::POST, "/api/v1/me/mobile", &token, Some(json!({ "new_mobile": NEW_MOBILE })));
    ask().await.assert_problem(409);
    // the limit is checked first, so whether a number has an account cannot be probed faster than codes
    let limited = ask().await;
    limited.assert_problem(429);
    assert!(!limited.header(axum::http::header::RETRY_AFTER).is_empty());
    let sent: i64 =
        app.sql().query_row("SELECT COUNT(*) FROM outbox WHERE recipient = ?1", [NEW_MOBILE], |r| r.get(0)).unwrap();
    assert_eq!(sent, 1, "only the sign-in code; none for the taken number");
}

#[tokio::test]
async fn email_changes_are_limited_per_account_before_the_taken_check() {
    let app = TestApp::new();
    let owner = app.sign_in(NEW_MOBILE).await;
    app.as_user(Method::POST, "/api/v1/me/email", &owner, Some(json!({ "email": "taken@example.ir" }))).await;
    let secret: String = app
        .sql()
        .query_row("SELECT body FROM outbox WHERE channel = 'email'", [], |r| r.get(0))
        .map(|body: String| body.split("token=").nth(1).unwrap().lines().next().unwrap().to_owned())
        .unwrap();
    let confirmed = app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.text());

    let token = app.sign_in(MOBILE).await;
    let ask = |email: &str| app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": email })));
    ask("taken@example.ir").await.assert_problem(409);
    for n in 1..5 {
        assert_eq!(ask(&format!("me{n}@example.ir")).await.status, 202);
    }
    let limited = ask("taken@example.ir").await;
    limited.assert_problem(429);
    let retry: u64 = limited.header(axum::http::header::RETRY_AFTER).parse().unwrap();
    assert!(retry > 0 && retry <= 3600, "{retry}");
    assert_eq!(
        app.as_user(Method::POST, "/api/v1/me/email", &owner, Some(json!({ "email": "new@example.ir" }))).await.status,
        202,
        "another account is not held up"
    );
}

#[tokio::test]
async fn parallel_wrong_current_passwords_stop_at_the_limit() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let set =
        app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(json!({ "new_password": "firstpass123" }))).await;
    assert_eq!(set.status, 200);
    let wrong = json!({ "current_password": "nope-nope-1", "new_password": "secondpass123" });
    let requests = (0..9).map(|_| as_user(Method::PUT, "/api/v1/me/password", &token, Some(&wrong))).collect();
    let statuses: Vec<u16> = app.send_concurrently(requests).await.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 422).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 4, "{statuses:?}");
    let right = json!({ "current_password": "firstpass123", "new_password": "secondpass123" });
    let locked = app.as_user(Method::PUT, "/api/v1/me/password", &token, Some(right)).await;
    locked.assert_problem(429);
    assert!(!locked.header(axum::http::header::RETRY_AFTER).is_empty());
}
