//! The profile: reading and editing it, the password, and changing the official email and mobile number.

mod common;

use axum::http::Method;
use common::TestApp;
use common::auth::{ME, MOBILE, MY_PASSWORD, PASSWORD, PROOF, PROOF_CODE, as_user, session_cookie, six_digits};
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

/// Asserts the 403 a change gets from a session that has not proven itself recently.
fn assert_proof_required(response: &common::TestResponse) {
    assert_eq!(response.assert_problem(403), ["proof"], "{}", response.text());
    assert_eq!(response.json()["type"], "/problems/proof-required");
}

async fn proof_left(app: &TestApp, token: &str) -> i64 {
    app.get_as(PROOF, token).await.json()["expires_in_seconds"].as_i64().unwrap()
}

async fn change_password(app: &TestApp, token: &str, password: &str) -> common::TestResponse {
    app.as_user(Method::PUT, MY_PASSWORD, token, Some(json!({ "new_password": password }))).await
}

async fn confirm_email(app: &TestApp, secret: &str) -> common::TestResponse {
    app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await
}

#[tokio::test]
async fn a_first_password_needs_a_code_to_the_current_mobile() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let weak = change_password(&app, &token, "short").await;
    assert_eq!(weak.assert_problem(422), ["new_password"]);
    // a session alone (stolen, or left signed in) cannot give the account a password
    assert_proof_required(&change_password(&app, &token, "firstpass123").await);
    let unset: bool = app.sql().query_row("SELECT password_hash IS NULL FROM users", [], |r| r.get(0)).unwrap();
    assert!(unset, "no password was set");
    assert_eq!(proof_left(&app, &token).await, 0);

    // there is no password to prove it with; the proof must name what it proves with
    let prove = |body: serde_json::Value| app.as_user(Method::POST, PROOF, &token, Some(body));
    let none = prove(json!({ "current_password": "firstpass123" })).await;
    assert_eq!(none.assert_problem(422), ["current_password"]);
    assert_eq!(none.json()["errors"][0]["code"], "wrong_password");
    assert_eq!(prove(json!({})).await.assert_problem(422), ["current_password", "code"]);
    assert_eq!(prove(json!({ "code": "12" })).await.assert_problem(422), ["code"]);
    let unsent = prove(json!({ "code": "123456" })).await;
    assert_eq!(unsent.json()["errors"][0]["code"], "expired_code");

    let sent = app.as_user(Method::POST, PROOF_CODE, &token, None).await;
    assert_eq!(sent.status, 202, "{}", sent.text());
    assert!(app.last_sms(MOBILE).contains("کد تأیید هویت"), "{}", app.last_sms(MOBILE));
    let code = app.last_code(MOBILE);
    let wrong = prove(json!({ "code": if code == "000000" { "111111" } else { "000000" } })).await;
    assert_eq!(wrong.json()["errors"][0]["code"], "invalid_code");
    let proven = prove(json!({ "code": code })).await;
    assert_eq!((proven.status.as_u16(), proven.json()), (200, json!({ "expires_in_seconds": 600 })));
    assert!(proof_left(&app, &token).await > 590);

    let done = change_password(&app, &token, "firstpass123").await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["has_password"], true);
    let notice = app.last_sms(MOBILE);
    assert!(notice.contains("رمز عبور گذاشته شد") && six_digits(&notice).is_none(), "{notice}");

    // ten minutes on, the proof is spent
    app.sql().execute("UPDATE sessions SET proven_at = proven_at - 600", []).unwrap();
    assert_eq!(proof_left(&app, &token).await, 0);
    assert_proof_required(&change_password(&app, &token, "secondpass123").await);
}

#[tokio::test]
async fn a_password_change_ends_every_other_session_and_a_stolen_one_cannot_make_it() {
    let app = TestApp::new();
    let owner = app.sign_in(MOBILE).await;
    assert_eq!(app.set_password(&owner, "firstpass123").await.status, 200);
    let signed = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "firstpass123" }).to_string()).await;
    let stolen = session_cookie(&signed).unwrap();

    // the other session has not proven itself: the owner's proof is the owner's session's alone
    assert_proof_required(&change_password(&app, &stolen, "thiefpass123").await);
    let guess = app.prove_with_password(&stolen, "guessed-wrong1").await;
    assert_eq!(guess.assert_problem(422), ["current_password"]);
    assert_eq!(guess.json()["errors"][0]["code"], "wrong_password");
    for uri in ["/api/v1/me/email", "/api/v1/me/mobile"] {
        let body = json!({ "email": "thief@example.ir", "new_mobile": NEW_MOBILE });
        assert_proof_required(&app.as_user(Method::POST, uri, &stolen, Some(body)).await);
    }

    let proven = app.prove_with_password(&owner, "firstpass123").await;
    assert_eq!(proven.status, 200, "{}", proven.text());
    let done = change_password(&app, &owner, "secondpass123").await;
    assert_eq!(done.status, 200, "{}", done.text());
    app.get_as(ME, &stolen).await.assert_problem(401);
    assert_eq!(app.get_as(ME, &owner).await.status, 200, "this session stays");
    assert_eq!(app.count("sessions"), 1);
    assert!(app.last_sms(MOBILE).contains("رمز عبور حساب پیشخوان شما تغییر کرد"), "{}", app.last_sms(MOBILE));
    let signed = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "secondpass123" }).to_string()).await;
    assert_eq!(signed.status, 200);
}

#[tokio::test]
async fn a_new_email_becomes_official_from_its_link() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let ask = || app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": "Sara@Example.ir" })));
    assert_proof_required(&ask().await);
    assert_eq!(
        app.sql().query_row("SELECT COUNT(*) FROM outbox WHERE channel = 'email'", [], |r| r.get::<_, i64>(0)).unwrap(),
        0
    );
    app.prove(&token).await;
    let asked = ask().await;
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
    // absolute, on the public base URL (the default one here), so a mail client can open it
    let prefix = "http://127.0.0.1:8080/account/confirm-email?token=";
    let link = body.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("{body}"));
    let secret = link.trim_start_matches(prefix);
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
    // there was no official email: the mobile number is told
    let notice = app.last_sms(MOBILE);
    assert!(notice.contains("s***@example.ir") && !notice.contains("sara@"), "{notice}");

    // the email is a login now, and no other account may take it
    app.as_user(Method::PUT, MY_PASSWORD, &token, Some(json!({ "new_password": "goodpass123" }))).await;
    let by_email =
        app.post_json(PASSWORD, &json!({ "login": "SARA@example.ir", "password": "goodpass123" }).to_string()).await;
    assert_eq!(by_email.status, 200, "{}", by_email.text());
    app.forget_rate_limits();
    let other = app.sign_in(NEW_MOBILE).await;
    app.prove(&other).await;
    let taken =
        app.as_user(Method::POST, "/api/v1/me/email", &other, Some(json!({ "email": "sara@example.ir" }))).await;
    taken.assert_problem(409);
}

#[tokio::test]
async fn a_confirmed_email_ends_every_session_but_the_asking_one_and_tells_the_old_address() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.prove(&token).await;
    let link = |app: &TestApp, to: &str| -> String {
        let body: String = app
            .sql()
            .query_row("SELECT body FROM outbox WHERE recipient = ?1 ORDER BY id DESC LIMIT 1", [to], |r| r.get(0))
            .unwrap();
        body.split("token=").nth(1).unwrap().lines().next().unwrap().to_owned()
    };
    let change = |email: &str| app.as_user(Method::POST, "/api/v1/me/email", &token, Some(json!({ "email": email })));
    assert_eq!(change("old@example.ir").await.status, 202);
    assert_eq!(confirm_email(&app, &link(&app, "old@example.ir")).await.status, 204);

    app.forget_rate_limits();
    let other = app.sign_in(MOBILE).await;
    assert_eq!(change("new@example.ir").await.status, 202);
    assert_eq!(app.get_as(ME, &other).await.status, 200, "asking changes nothing yet");
    assert_eq!(confirm_email(&app, &link(&app, "new@example.ir")).await.status, 204);
    app.get_as(ME, &other).await.assert_problem(401);
    assert_eq!(app.get_as(ME, &token).await.json()["email"], "new@example.ir", "the asking session stays");
    let (subject, body): (String, String) = app
        .sql()
        .query_row(
            "SELECT subject, body FROM outbox WHERE recipient = 'old@example.ir' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(subject, "ایمیل حساب پیشخوان شما تغییر کرد");
    assert!(body.contains("n***@example.ir") && !body.contains("token"), "{body}");
}

#[tokio::test]
async fn an_email_link_expires() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.prove(&token).await;
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
    let unproven =
        app.as_user(Method::POST, "/api/v1/me/mobile", &token, Some(json!({ "new_mobile": NEW_MOBILE }))).await;
    assert_proof_required(&unproven);
    app.prove(&token).await;
    app.forget_rate_limits();
    let other = app.sign_in(MOBILE).await;
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
    app.get_as(ME, &other).await.assert_problem(401);
    assert_eq!(app.count("sessions"), 1, "only the session that made the change stays");

    // the old number is free again; a number in use cannot be taken
    app.forget_rate_limits();
    let other = app.sign_in(MOBILE).await;
    assert_ne!(app.get_as(ME, &other).await.json()["mobile"], NEW_MOBILE);
    app.prove(&other).await;
    let taken = app.as_user(Method::POST, "/api/v1/me/mobile", &other, Some(json!({ "new_mobile": NEW_MOBILE }))).await;
    taken.assert_problem(409);
    assert_eq!(taken.json()["type"], "/problems/mobile-taken");
}

#[tokio::test]
async fn mobile_codes_are_rate_limited_like_sign_in_codes() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.prove(&token).await;
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
    app.prove(&token).await;
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
    app.prove(&owner).await;
    app.as_user(Method::POST, "/api/v1/me/email", &owner, Some(json!({ "email": "taken@example.ir" }))).await;
    let secret: String = app
        .sql()
        .query_row("SELECT body FROM outbox WHERE channel = 'email'", [], |r| r.get(0))
        .map(|body: String| body.split("token=").nth(1).unwrap().lines().next().unwrap().to_owned())
        .unwrap();
    let confirmed = app.post_json("/api/v1/auth/email/confirm", &json!({ "token": secret }).to_string()).await;
    assert_eq!(confirmed.status, 204, "{}", confirmed.text());

    let token = app.sign_in(MOBILE).await;
    app.prove(&token).await;
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
async fn wrong_current_passwords_count_against_the_password_change_limit() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    assert_eq!(app.set_password(&token, "firstpass123").await.status, 200);
    let wrong = json!({ "current_password": "nope-nope-1" });
    let requests = (0..9).map(|_| as_user(Method::POST, PROOF, &token, Some(&wrong))).collect();
    let statuses: Vec<u16> = app.send_concurrently(requests).await.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 422).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 4, "{statuses:?}");
    let locked = app.prove_with_password(&token, "firstpass123").await;
    locked.assert_problem(429);
    assert!(!locked.header(axum::http::header::RETRY_AFTER).is_empty());
    assert!(locked.json()["detail"].as_str().unwrap().contains("by code"));
    // a right password is not a failure: after the window, it proves and is forgotten
    app.sql().execute("UPDATE rate_events SET at = at - 900 WHERE bucket = 'password_change'", []).unwrap();
    for _ in 0..6 {
        assert_eq!(app.prove_with_password(&token, "firstpass123").await.status, 200);
    }
    // proving by code is never locked by wrong passwords
    for _ in 0..5 {
        app.prove_with_password(&token, "nope-nope-1").await.assert_problem(422);
    }
    app.forget_rate_limits();
    app.prove(&token).await;
}
