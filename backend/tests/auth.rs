//! Signing in: codes (sign-up is the same), expiry and the try limit, rate limits (per number and address,
//! per number, per address and per IPv6 /64; failed checks per address), strangers asking for or guessing
//! someone's code, sessions (fixation, sign-out, expiry), the cookie's attributes, CSRF, and passwords
//! (failures per login and address, a high cap per login, code sign-in never locked).

mod common;

use std::net::{IpAddr, Ipv6Addr};

use axum::http::{Method, header};
use common::TestApp;
use common::auth::{
    CODE, HOST_SESSION, ME, MOBILE, PASSWORD, SESSION, SIGN_OUT, VERIFY, as_user, from_addr, from_ip, session_cookie,
    six_digits,
};
use common::json_request;
use serde_json::json;

const OWNER: [u8; 4] = [198, 51, 100, 1];
const STRANGER: [u8; 4] = [203, 0, 113, 7];

/// A six-digit code that is not `code`.
fn wrong(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}

/// As if every rate-limit event happened a minute and a second earlier.
fn a_minute_passes(app: &TestApp) {
    app.sql().execute("UPDATE rate_events SET at = at - 61", []).unwrap();
}

#[tokio::test]
async fn a_code_signs_up_then_signs_in() {
    let app = TestApp::new();
    let sent = app.request_code("+98 912 123 4567").await;
    assert_eq!(sent.status, 202, "{}", sent.text());
    assert_eq!(sent.json(), json!({ "expires_in_seconds": 300, "resend_in_seconds": 60 }));
    let sms = app.last_sms(MOBILE);
    assert!(sms.starts_with("کد ورود شما به پیشخوان: "), "{sms}");
    assert!(six_digits(&sms).is_some(), "{sms}");

    let signed = app.verify(MOBILE, &app.last_code(MOBILE)).await;
    assert_eq!(signed.status, 200, "{}", signed.text());
    let me = signed.json();
    assert_eq!((me["mobile"].as_str(), me["has_password"].as_bool()), (Some(MOBILE), Some(false)));
    let cookie = signed.header(header::SET_COOKIE).to_owned();
    let token = session_cookie(&signed).unwrap();
    assert_eq!(token.len(), 64);
    assert_eq!(cookie, format!("{SESSION}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000"), "plain http");
    let stored: String = app.sql().query_row("SELECT id_hash FROM sessions", [], |r| r.get(0)).unwrap();
    assert_ne!(stored, token, "only a hash of the token is stored");
    assert_eq!(app.get_as(ME, &token).await.json()["mobile"], MOBILE);

    // the same number again: the same account, and the same answer to the code request
    app.forget_rate_limits();
    let again = app.request_code(MOBILE).await;
    assert_eq!((again.status.as_u16(), again.json()), (202, sent.json()));
    app.verify(MOBILE, &app.last_code(MOBILE)).await;
    assert_eq!(app.count("users"), 1);
}

#[tokio::test]
async fn bad_requests_name_their_fields() {
    let app = TestApp::new();
    assert_eq!(app.request_code("0912").await.assert_problem(422), ["mobile"]);
    let bad = app.post_json(VERIFY, &json!({ "mobile": "x", "code": "12" }).to_string()).await;
    assert_eq!(bad.assert_problem(422), ["mobile", "code"]);
    // no code was ever sent
    let none = app.verify(MOBILE, "123456").await;
    assert_eq!(none.assert_problem(422), ["code"]);
    assert_eq!(none.json()["errors"][0]["code"], "expired_code");
}

#[tokio::test]
async fn a_number_without_an_operator_prefix_gets_the_mobile_error() {
    let app = TestApp::new();
    let clear = app.request_code("0912").await.json()["errors"][0].clone();
    // the shape of a mobile number, but no operator issues 0999 or 0924
    for number in ["09991234567", "+98 924 123 4567"] {
        let refused = app.request_code(number).await;
        assert_eq!(refused.assert_problem(422), ["mobile"]);
        assert_eq!(refused.json()["errors"][0], clear, "the same code and message as any bad number");
    }
    assert_eq!(clear["code"], "invalid_mobile");
    assert_eq!((app.count("one_time_codes"), app.count("rate_events")), (0, 0), "nothing sent, nothing counted");
}

#[tokio::test]
async fn a_code_expires() {
    let app = TestApp::new();
    app.request_code(MOBILE).await;
    let code = app.last_code(MOBILE);
    app.expire_codes();
    let late = app.verify(MOBILE, &code).await;
    late.assert_problem(422);
    assert_eq!(late.json()["errors"][0]["code"], "expired_code");
    assert_eq!(app.count("sessions"), 0);
}

#[tokio::test]
async fn five_wrong_tries_kill_the_code_and_a_code_works_once() {
    let app = TestApp::new();
    app.request_code(MOBILE).await;
    let code = app.last_code(MOBILE);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        let answer = app.verify(MOBILE, wrong).await;
        answer.assert_problem(422);
        assert_eq!(answer.json()["errors"][0]["code"], "invalid_code");
    }
    let dead = app.verify(MOBILE, &code).await;
    assert_eq!(dead.json()["errors"][0]["code"], "expired_code", "even the right code fails now");

    app.forget_rate_limits();
    app.request_code(MOBILE).await;
    let code = app.last_code(MOBILE);
    assert_eq!(app.verify(MOBILE, &code).await.status, 200);
    assert_eq!(app.verify(MOBILE, &code).await.json()["errors"][0]["code"], "expired_code", "used");
}

#[tokio::test]
async fn a_new_code_replaces_the_old_one() {
    let app = TestApp::new();
    app.request_code(MOBILE).await;
    let first = app.last_code(MOBILE);
    app.forget_rate_limits();
    app.request_code(MOBILE).await;
    let second = app.last_code(MOBILE);
    if first != second {
        assert_eq!(app.verify(MOBILE, &first).await.status, 422);
    }
    assert_eq!(app.verify(MOBILE, &second).await.status, 200);
}

#[tokio::test]
async fn codes_are_rate_limited_per_number() {
    let app = TestApp::new();
    assert_eq!(app.request_code(MOBILE).await.status, 202);
    let soon = app.request_code(MOBILE).await;
    soon.assert_problem(429);
    assert_eq!(soon.json()["type"], "/problems/too-many-requests");
    let retry: u64 = soon.header(header::RETRY_AFTER).parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(app.request_code("09351112233").await.status, 202, "another number is not held up");

    // five an hour: move the earlier requests back past the minute each time
    for _ in 0..4 {
        app.sql().execute("UPDATE rate_events SET at = at - 61", []).unwrap();
        assert_eq!(app.request_code(MOBILE).await.status, 202);
    }
    app.sql().execute("UPDATE rate_events SET at = at - 61", []).unwrap();
    let hourly = app.request_code(MOBILE).await;
    hourly.assert_problem(429);
    let retry: u64 = hourly.header(header::RETRY_AFTER).parse().unwrap();
    assert!(retry > 60 && retry <= 3600, "{retry}");
    let codes: i64 =
        app.sql().query_row("SELECT COUNT(*) FROM outbox WHERE recipient = ?1", [MOBILE], |r| r.get(0)).unwrap();
    assert_eq!(codes, 5);
    let keys: Vec<String> = app
        .sql()
        .prepare("SELECT key FROM rate_events")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(keys.iter().all(|k| k.len() == 64 && !k.contains("0912")), "keys are hashed: {keys:?}");
}

#[tokio::test]
async fn codes_are_rate_limited_per_client_address() {
    let app = TestApp::new();
    let ask = |n: u32, ip: [u8; 4]| {
        let body = json!({ "mobile": format!("0912{n:07}") }).to_string();
        from_ip(json_request(CODE, &body, &[]), ip)
    };
    for n in 0..20 {
        assert_eq!(app.send(ask(n, [203, 0, 113, 7])).await.status, 202, "request {n}");
    }
    let blocked = app.send(ask(20, [203, 0, 113, 7])).await;
    blocked.assert_problem(429);
    assert!(blocked.header(header::RETRY_AFTER).parse::<u64>().unwrap() > 0);
    assert_eq!(app.send(ask(21, [198, 51, 100, 1])).await.status, 202, "another address is not held up");
}

#[tokio::test]
async fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
    let ask = |n: u32, forwarded: &[&str]| {
        let body = json!({ "mobile": format!("0935{n:07}") }).to_string();
        let headers: Vec<_> = forwarded.iter().map(|value| ("X-Forwarded-For", *value)).collect();
        from_ip(json_request(CODE, &body, &headers), [10, 0, 0, 1])
    };
    // the proxy appends the address it saw; whatever the client put before it is its own invention
    let trusting = TestApp::build(|state| state.with_trust_proxy(true));
    for n in 0..20 {
        let forged = format!("198.51.100.{n}, 203.0.113.9");
        assert_eq!(trusting.send(ask(n, &[&forged])).await.status, 202);
    }
    assert_eq!(
        trusting.send(ask(20, &["192.0.2.1, 203.0.113.9"])).await.status,
        429,
        "a forged first entry does not escape"
    );
    assert_eq!(trusting.send(ask(21, &["203.0.113.9"],)).await.status, 429);
    assert_eq!(trusting.send(ask(22, &["192.0.2.1", "203.0.113.9"])).await.status, 429, "the last header line counts");
    assert_eq!(trusting.send(ask(23, &["203.0.113.9, 198.51.100.4"])).await.status, 202, "each client its own limit");

    let direct = TestApp::new();
    for n in 0..20 {
        assert_eq!(direct.send(ask(n, &[&format!("203.0.113.{n}")])).await.status, 202);
    }
    assert_eq!(direct.send(ask(20, &["198.51.100.4"])).await.status, 429, "a forged header does not escape the limit");
}

#[tokio::test]
async fn signing_in_replaces_the_session_sent_with_it() {
    let app = TestApp::new();
    let old = app.sign_in(MOBILE).await;
    app.forget_rate_limits();
    app.request_code(MOBILE).await;
    let body = json!({ "mobile": MOBILE, "code": app.last_code(MOBILE) });
    let signed = app.send(as_user(Method::POST, VERIFY, &old, Some(&body))).await;
    assert_eq!(signed.status, 200, "{}", signed.text());
    let new = session_cookie(&signed).unwrap();
    assert_ne!(new, old);
    app.get_as(ME, &old).await.assert_problem(401);
    assert_eq!(app.get_as(ME, &new).await.status, 200);
    assert_eq!(app.count("sessions"), 1);
}

#[tokio::test]
async fn sessions_need_a_live_cookie() {
    let app = TestApp::new();
    let missing = app.get(ME).await;
    missing.assert_problem(401);
    assert_eq!(missing.json()["type"], "/problems/sign-in-required");
    app.get_as(ME, "not-a-session").await.assert_problem(401);
    let token = app.sign_in(MOBILE).await;
    app.sql().execute("UPDATE sessions SET expires_at = 1", []).unwrap();
    app.get_as(ME, &token).await.assert_problem(401);
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let out = app.as_user(Method::POST, SIGN_OUT, &token, None).await;
    assert_eq!(out.status, 204);
    assert_eq!(out.header(header::SET_COOKIE), format!("{SESSION}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"));
    assert_eq!(app.count("sessions"), 0);
    app.get_as(ME, &token).await.assert_problem(401);
    assert_eq!(app.post_json(SIGN_OUT, "").await.status, 204, "signing out twice is fine");
}

#[tokio::test]
async fn over_https_the_session_cookie_is_host_prefixed_and_only_that_name_counts() {
    let app = TestApp::new();
    app.request_code(MOBILE).await;
    let body = json!({ "mobile": MOBILE, "code": app.last_code(MOBILE) }).to_string();
    let signed = app.send(json_request(VERIFY, &body, &[("X-Forwarded-Proto", "https")])).await;
    let token = session_cookie(&signed).unwrap();
    assert_eq!(
        signed.header(header::SET_COOKIE),
        format!("{HOST_SESSION}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000; Secure"),
        "the __Host- rules: Secure, Path=/, no Domain"
    );
    let over_https = |cookie: String, method: Method, uri: &str| {
        let request = axum::http::Request::builder()
            .method(method)
            .uri(uri)
            .header("X-Forwarded-Proto", "https")
            .header(header::COOKIE, cookie);
        request.body(axum::body::Body::empty()).unwrap()
    };
    let me = app.send(over_https(format!("{HOST_SESSION}={token}"), Method::GET, ME)).await;
    assert_eq!(me.status, 200, "{}", me.text());
    // a plain-http name (which any http page or sibling host could plant) means nothing over https
    app.send(over_https(format!("{SESSION}={token}"), Method::GET, ME)).await.assert_problem(401);
    let plain_http = axum::http::Request::get(ME).header(header::COOKIE, format!("{HOST_SESSION}={token}"));
    app.send(plain_http.body(axum::body::Body::empty()).unwrap()).await.assert_problem(401);
    let forged = app.send(over_https(format!("{HOST_SESSION}={token}"), Method::POST, SIGN_OUT)).await;
    assert_eq!(forged.json()["type"], "/problems/csrf", "CSRF protection sees the prefixed name");
    let mut out = over_https(format!("{HOST_SESSION}={token}"), Method::POST, SIGN_OUT);
    out.headers_mut().insert("X-Requested-With", "pishkhan".parse().unwrap());
    let out = app.send(out).await;
    assert_eq!(out.status, 204);
    assert_eq!(
        out.header(header::SET_COOKIE),
        format!("{HOST_SESSION}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0; Secure")
    );
    assert_eq!(app.count("sessions"), 0);

    let always = TestApp::build(|state| state.with_secure_cookies(true));
    always.request_code(MOBILE).await;
    let signed = always.verify(MOBILE, &always.last_code(MOBILE)).await;
    let set = signed.header(header::SET_COOKIE);
    assert!(set.starts_with(&format!("{HOST_SESSION}=")) && set.ends_with("; Secure"), "{set}");
}

#[tokio::test]
async fn a_session_unused_for_a_week_ends() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let last_seen = || -> i64 { app.sql().query_row("SELECT last_seen FROM sessions", [], |r| r.get(0)).unwrap() };
    let backdate = |seconds: i64| {
        app.sql().execute("UPDATE sessions SET last_seen = last_seen - ?1", [seconds]).unwrap();
    };
    // seen a moment ago: not written again, to spare a write per request
    backdate(30);
    let before = last_seen();
    assert_eq!(app.get_as(ME, &token).await.status, 200);
    assert_eq!(last_seen(), before);
    // unused for almost a week: still live, and the request counts as use
    backdate(7 * 24 * 3600 - 120);
    assert_eq!(app.get_as(ME, &token).await.status, 200);
    assert!(last_seen() > before, "the request is remembered");
    // unused for a week and a second: ended, though its 30 days have not passed
    backdate(7 * 24 * 3600 + 1);
    let ended = app.get_as(ME, &token).await;
    ended.assert_problem(401);
    assert_eq!(ended.json()["type"], "/problems/sign-in-required");
}

#[tokio::test]
async fn signed_in_changes_need_the_csrf_header_and_a_matching_origin() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let cookie = format!("{SESSION}={token}");
    let profile = json!({ "first_name": "سارا", "last_name": "", "national_code": "", "birth_date": "", "newsletter": true, "sms_promotions": false }).to_string();
    let put = |headers: &[(&str, &str)]| {
        let mut request = json_request(ME, &profile, headers);
        *request.method_mut() = Method::PUT;
        request
    };
    let no_header = app.send(put(&[("Cookie", &cookie)])).await;
    no_header.assert_problem(403);
    assert_eq!(no_header.json()["type"], "/problems/csrf");
    let foreign = app
        .send(put(&[
            ("Cookie", &cookie),
            ("X-Requested-With", "pishkhan"),
            ("Origin", "https://evil.example"),
            ("Host", "shop.example"),
        ]))
        .await;
    foreign.assert_problem(403);
    assert_eq!(app.get_as(ME, &token).await.json()["first_name"], "", "nothing changed");

    let same_origin = app
        .send(put(&[
            ("Cookie", &cookie),
            ("X-Requested-With", "pishkhan"),
            ("Origin", "http://127.0.0.1:8080"),
            ("Host", "127.0.0.1:8080"),
        ]))
        .await;
    assert_eq!(same_origin.status, 200, "{}", same_origin.text());
    assert_eq!(app.send(put(&[("Cookie", &cookie), ("X-Requested-With", "pishkhan")])).await.status, 200);
    // safe methods and requests without the session cookie are not checked
    assert_eq!(
        app.send(axum::http::Request::get(ME).header("Cookie", &cookie).body(axum::body::Body::empty()).unwrap())
            .await
            .status,
        200
    );
    assert_eq!(app.request_code("09351112233").await.status, 202);
}

#[tokio::test]
async fn passwords_sign_in_with_one_answer_for_every_failure() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    let set = app.set_password(&token, "کتابخوان۱۴۰۳").await;
    assert_eq!(set.status, 200, "{}", set.text());
    assert_eq!(set.json()["has_password"], true);
    let stored: String = app.sql().query_row("SELECT password_hash FROM users", [], |r| r.get(0)).unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");

    let signed =
        app.post_json(PASSWORD, &json!({ "login": "0912 123 4567", "password": "کتابخوان۱۴۰۳" }).to_string()).await;
    assert_eq!(signed.status, 200, "{}", signed.text());
    let new = session_cookie(&signed).unwrap();
    assert_eq!(app.get_as(ME, &new).await.json()["mobile"], MOBILE);

    let wrong = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "wrong-password1" }).to_string()).await;
    wrong.assert_problem(401);
    let unknown =
        app.post_json(PASSWORD, &json!({ "login": "09350000000", "password": "wrong-password1" }).to_string()).await;
    unknown.assert_problem(401);
    assert_eq!(wrong.json(), unknown.json(), "which part was wrong is not said");
    assert!(session_cookie(&wrong).is_none());
}

#[tokio::test]
async fn five_failed_passwords_lock_the_login() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.set_password(&token, "goodpass123").await;
    for _ in 0..5 {
        let wrong = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "badpass123" }).to_string()).await;
        wrong.assert_problem(401);
    }
    let locked = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "goodpass123" }).to_string()).await;
    locked.assert_problem(429);
    assert!(locked.header(header::RETRY_AFTER).parse::<u64>().unwrap() <= 900);
}

#[tokio::test]
async fn parallel_wrong_passwords_stop_at_the_limit() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.set_password(&token, "goodpass123").await;
    let wrong = json!({ "login": MOBILE, "password": "badpass123" }).to_string();
    let answers = app.send_concurrently((0..12).map(|_| json_request(PASSWORD, &wrong, &[])).collect()).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 401).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|&&s| s == 429).count(), 7, "{statuses:?}");
    let locked = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "goodpass123" }).to_string()).await;
    locked.assert_problem(429);
}

#[tokio::test]
async fn a_right_password_does_not_count_as_a_failure() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.set_password(&token, "goodpass123").await;
    for _ in 0..4 {
        let wrong = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "badpass123" }).to_string()).await;
        wrong.assert_problem(401);
    }
    // each attempt counts as a failure until it succeeds; then it is forgotten
    for _ in 0..3 {
        let right = app.post_json(PASSWORD, &json!({ "login": MOBILE, "password": "goodpass123" }).to_string()).await;
        assert_eq!(right.status, 200, "{}", right.text());
    }
}

#[tokio::test]
async fn password_failures_are_limited_per_client_address() {
    let app = TestApp::new();
    let attempt = |login: &str, ip: [u8; 4]| {
        let body = json!({ "login": login, "password": "badpass123" }).to_string();
        from_ip(json_request(PASSWORD, &body, &[]), ip)
    };
    app.send(attempt("09350000001", [203, 0, 113, 7])).await.assert_problem(401);
    // as twenty-nine more failures from this address (for this one login) would
    app.sql()
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 29)
             INSERT INTO rate_events (bucket, key, at) SELECT bucket, key, at FROM rate_events, n",
            [],
        )
        .unwrap();
    let blocked = app.send(attempt("09350000002", [203, 0, 113, 7])).await;
    blocked.assert_problem(429);
    assert!(blocked.header(header::RETRY_AFTER).parse::<u64>().unwrap() <= 900);
    app.send(attempt("09350000002", [198, 51, 100, 1])).await.assert_problem(401);
}

#[tokio::test]
async fn asking_from_another_address_leaves_the_owners_code_live() {
    let app = TestApp::new();
    assert_eq!(app.request_code_from(MOBILE, OWNER).await.status, 202);
    let mine = app.last_code(MOBILE);
    let stranger = app.request_code_from(MOBILE, STRANGER).await;
    assert_eq!(stranger.status, 202, "the stranger's request is counted on its own: {}", stranger.text());
    let theirs = app.last_code(MOBILE);
    app.request_code_from(MOBILE, STRANGER).await.assert_problem(429);
    app.request_code_from(MOBILE, OWNER).await.assert_problem(429);

    let signed = app.verify_from(MOBILE, &mine, OWNER).await;
    assert_eq!(signed.status, 200, "the owner's code was not cancelled: {}", signed.text());
    let spent = app.verify_from(MOBILE, &theirs, STRANGER).await;
    assert_eq!(spent.json()["errors"][0]["code"], "expired_code", "signing in uses up every live code");

    // whichever SMS the owner types works, from whichever address
    a_minute_passes(&app);
    app.request_code_from(MOBILE, OWNER).await;
    app.request_code_from(MOBILE, STRANGER).await;
    assert_eq!(app.verify_from(MOBILE, &app.last_code(MOBILE), OWNER).await.status, 200);
}

#[tokio::test]
async fn a_stranger_cannot_use_up_the_owners_quota_but_a_number_has_a_cap() {
    let app = TestApp::new();
    for n in 0..5 {
        assert_eq!(app.request_code_from(MOBILE, STRANGER).await.status, 202, "request {n}");
        a_minute_passes(&app);
    }
    app.request_code_from(MOBILE, STRANGER).await.assert_problem(429);
    assert_eq!(app.request_code_from(MOBILE, OWNER).await.status, 202, "the owner's quota is the owner's");
    let mine = app.last_code(MOBILE);

    // ten an hour for a number from every address together
    for n in 2..=5 {
        assert_eq!(app.request_code_from(MOBILE, [192, 0, 2, n]).await.status, 202);
    }
    let capped = app.request_code_from(MOBILE, [192, 0, 2, 6]).await;
    capped.assert_problem(429);
    let retry: u64 = capped.header(header::RETRY_AFTER).parse().unwrap();
    assert!(retry > 60 && retry <= 3600, "{retry}");
    a_minute_passes(&app);
    app.request_code_from(MOBILE, OWNER).await.assert_problem(429);
    assert_eq!(app.request_code_from("09351112233", OWNER).await.status, 202, "other numbers are not held up");
    assert_eq!(
        app.verify_from(MOBILE, &mine, OWNER).await.status,
        200,
        "the others' codes cancelled none of the owner's"
    );
}

#[tokio::test]
async fn a_strangers_wrong_guesses_cannot_kill_the_owners_code() {
    let app = TestApp::new();
    app.request_code_from(MOBILE, OWNER).await;
    let code = app.last_code(MOBILE);
    for _ in 0..5 {
        let guess = app.verify_from(MOBILE, wrong(&code), STRANGER).await;
        assert_eq!(guess.json()["errors"][0]["code"], "invalid_code");
    }
    // others have spent their five tries on it: even the right code is refused to them now
    let dead = app.verify_from(MOBILE, &code, [192, 0, 2, 1]).await;
    assert_eq!(dead.json()["errors"][0]["code"], "expired_code");
    let signed = app.verify_from(MOBILE, &code, OWNER).await;
    assert_eq!(signed.status, 200, "{}", signed.text());
}

#[tokio::test]
async fn failed_code_checks_are_limited_per_client_address() {
    let app = TestApp::new();
    app.request_code_from(MOBILE, OWNER).await;
    let code = app.last_code(MOBILE);
    // thirty numbers, no code for any of them: each check fails
    for n in 0..30 {
        let answer = app.verify_from(&format!("0935{n:07}"), "123456", STRANGER).await;
        assert_eq!(answer.status, 422, "check {n}");
    }
    let blocked = app.verify_from(MOBILE, &code, STRANGER).await;
    blocked.assert_problem(429);
    assert_eq!(blocked.json()["type"], "/problems/too-many-requests");
    assert!(blocked.header(header::RETRY_AFTER).parse::<u64>().unwrap() <= 900);
    let signed = app.verify_from(MOBILE, &code, OWNER).await;
    assert_eq!(signed.status, 200, "another address is not held up, and the blocked check cost no try");
}

#[tokio::test]
async fn ipv6_clients_are_limited_by_their_64() {
    let app = TestApp::new();
    let ask = |n: u32, ip: Ipv6Addr| {
        let body = json!({ "mobile": format!("0912{n:07}") }).to_string();
        from_addr(json_request(CODE, &body, &[]), IpAddr::V6(ip))
    };
    let in_one_64 = |n: u32| Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0, 0, (n >> 16) as u16, n as u16 + 1);
    for n in 0..20 {
        assert_eq!(app.send(ask(n, in_one_64(n))).await.status, 202, "request {n}");
    }
    let blocked = app.send(ask(20, Ipv6Addr::new(0x2001, 0xdb8, 1, 2, 0xffff, 0xffff, 0xffff, 0xffff))).await;
    blocked.assert_problem(429);
    let next_64 = Ipv6Addr::new(0x2001, 0xdb8, 1, 3, 0, 0, 0, 1);
    assert_eq!(app.send(ask(21, next_64)).await.status, 202, "the neighbouring /64 is another client");
}

#[tokio::test]
async fn a_strangers_failed_passwords_do_not_lock_the_owner_and_code_sign_in_always_works() {
    let app = TestApp::new();
    let token = app.sign_in(MOBILE).await;
    app.set_password(&token, "goodpass123").await;
    app.forget_rate_limits();
    let attempt = |password: &str, ip: [u8; 4]| {
        let body = json!({ "login": MOBILE, "password": password }).to_string();
        from_ip(json_request(PASSWORD, &body, &[]), ip)
    };
    for _ in 0..5 {
        app.send(attempt("badpass123", STRANGER)).await.assert_problem(401);
    }
    app.send(attempt("goodpass123", STRANGER)).await.assert_problem(429);
    let owner = app.send(attempt("goodpass123", OWNER)).await;
    assert_eq!(owner.status, 200, "failures from elsewhere do not lock the owner: {}", owner.text());

    // as if twenty addresses had each failed five times: the login's own high cap is reached
    app.sql()
        .execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
             INSERT INTO rate_events (bucket, key, at) SELECT bucket, key, at FROM rate_events, n",
            [],
        )
        .unwrap();
    let locked = app.send(attempt("goodpass123", OWNER)).await;
    locked.assert_problem(429);
    assert!(locked.json()["detail"].as_str().unwrap().contains("sign in by code"));
    assert_eq!(app.request_code_from(MOBILE, OWNER).await.status, 202);
    let signed = app.verify_from(MOBILE, &app.last_code(MOBILE), OWNER).await;
    assert_eq!(signed.status, 200, "a password lockout never blocks signing in by code: {}", signed.text());
}
