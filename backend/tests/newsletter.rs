//! Lists and subscribers: the profile's flags are the subscription rows, every change is an event in "my
//! data", and the account's deletion erases them; unsubscribe links (signed tokens, replaced on resubscribing,
//! the RFC 8058 one-click POST without cookies or the CSRF header, a GET that never changes anything).

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use common::auth::{ME, MOBILE, SESSION};
use common::{TestApp, TestResponse};
use pishkhan_backend::auth::secret::HmacKey;
use pishkhan_backend::newsletter::token;
use serde_json::{Value, json};

const KEY: [u8; 32] = [7; 32];

fn keyed(opt_out: bool) -> TestApp {
    TestApp::build(move |state| state.with_secret(HmacKey::new(&KEY).unwrap()).with_transactional_opt_out(opt_out))
}

/// The token a message to subscription `list` of the (only) member would carry now.
fn token_for(app: &TestApp, list: &str) -> String {
    let (id, generation): (i64, i64) = app
        .sql()
        .query_row("SELECT id, token_generation FROM subscriptions WHERE list = ?1", [list], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    token::sign(&HmacKey::new(&KEY).unwrap(), id, generation)
}

fn unsubscribe_url(token: &str) -> String {
    format!("/api/v1/unsubscribe/{token}")
}

/// A mailbox provider's RFC 8058 POST: a form body, no cookie, no CSRF header.
fn one_click(token: &str) -> Request<Body> {
    Request::post(unsubscribe_url(token))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=One-Click"))
        .unwrap()
}

async fn page_post(app: &TestApp, token: &str, scope: &str) -> TestResponse {
    app.post_json(&unsubscribe_url(token), &json!({ "scope": scope }).to_string()).await
}

/// A member (signed in) on the newsletter and promotional SMS; their session token.
async fn member(app: &TestApp) -> String {
    let token = app.sign_in(MOBILE).await;
    let me = app.as_user(Method::PUT, ME, &token, Some(profile(true, true))).await;
    assert_eq!(me.status, 200, "{}", me.text());
    app.sql().execute("UPDATE users SET email = 'mina@example.com'", []).unwrap();
    token
}

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

#[tokio::test]
async fn a_get_shows_the_link_masked_and_never_unsubscribes() {
    let app = keyed(false);
    let session = member(&app).await;
    let token = token_for(&app, "newsletter");
    for _ in 0..3 {
        let shown = app.get(&unsubscribe_url(&token)).await;
        assert_eq!(shown.status, 200, "{}", shown.text());
        assert_eq!(
            shown.json(),
            json!({ "list": "newsletter", "list_name": "خبرنامهٔ ایمیلی", "address": "m***@example.com",
                "subscribed": true, "can_unsubscribe": true })
        );
    }
    let sms = app.get(&unsubscribe_url(&token_for(&app, "sms_promotions"))).await.json();
    assert_eq!(sms["address"], "0912***4567");
    assert!(!sms.to_string().contains("mina") && !sms.to_string().contains(MOBILE));
    assert_eq!(app.get_as(ME, &session).await.json()["newsletter"], true, "a prefetch changes nothing");
}

#[tokio::test]
async fn the_one_click_post_unsubscribes_without_cookies_and_answers_200() {
    let app = keyed(false);
    let session = member(&app).await;
    let token = token_for(&app, "newsletter");
    let done = app.send(one_click(&token)).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert!(done.headers.get(header::LOCATION).is_none(), "no redirect");
    assert_eq!(
        (done.json()["subscribed"].as_bool(), done.json()["unsubscribed"].clone()),
        (Some(false), json!(["newsletter"]))
    );
    let me = app.get_as(ME, &session).await.json();
    assert_eq!(
        (me["newsletter"].as_bool(), me["sms_promotions"].as_bool()),
        (Some(false), Some(true)),
        "only this list"
    );

    // again: nothing more to do, and it says so
    let again = app.send(one_click(&token)).await;
    assert_eq!((again.status.as_u16(), again.json()["unsubscribed"].clone()), (200, json!([])));

    let data = app.get_as("/api/v1/me/export", &session).await.json();
    let last = data["preferences"]["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["list"].as_str(), last["action"].as_str(), last["by"].as_str()),
        (Some("newsletter"), Some("unsubscribe"), Some("one_click"))
    );
}

#[tokio::test]
async fn the_unsubscribe_routes_are_exempt_from_the_csrf_check() {
    let app = keyed(false);
    let session = member(&app).await;
    // a browser that holds the shop's session sends it along; the one-click POST still works, without the header
    let mut request = one_click(&token_for(&app, "sms_promotions"));
    request.headers_mut().insert(header::COOKIE, format!("{SESSION}={session}").parse().unwrap());
    request.headers_mut().insert(header::ORIGIN, "https://mail.example".parse().unwrap());
    let done = app.send(request).await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(app.get_as(ME, &session).await.json()["sms_promotions"], false);
}

#[tokio::test]
async fn a_form_without_one_click_or_another_body_type_changes_nothing() {
    let app = keyed(false);
    let session = member(&app).await;
    let token = token_for(&app, "newsletter");
    let form = Request::post(unsubscribe_url(&token))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("List-Unsubscribe=Yes"))
        .unwrap();
    app.send(form).await.assert_problem(422);
    let text = Request::post(unsubscribe_url(&token))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("x"))
        .unwrap();
    app.send(text).await.assert_problem(415);
    assert_eq!(app.get_as(ME, &session).await.json()["newsletter"], true);
}

#[tokio::test]
async fn a_tampered_or_unknown_token_is_a_404_and_changes_nothing() {
    let app = keyed(false);
    let session = member(&app).await;
    let token = token_for(&app, "newsletter");
    let (id, rest) = token.split_once('.').unwrap();
    let other_id: i64 = id.parse::<i64>().unwrap() + 1; // the sms_promotions row, with this row's MAC
    let mut flipped = token.clone().into_bytes();
    let last = flipped.last_mut().unwrap();
    *last = if *last == b'0' { b'1' } else { b'0' };
    let foreign = token::sign(&HmacKey::new(&[9; 32]).unwrap(), id.parse().unwrap(), 1);
    for bad in [
        format!("{other_id}.{rest}"),
        String::from_utf8(flipped).unwrap(),
        foreign,
        "nonsense".into(),
        token::sign(&HmacKey::new(&KEY).unwrap(), 999, 1),
    ] {
        app.get(&unsubscribe_url(&bad)).await.assert_problem(404);
        app.send(one_click(&bad)).await.assert_problem(404);
        page_post(&app, &bad, "everything").await.assert_problem(404);
        app.post_json(&format!("{}/undo", unsubscribe_url(&bad)), "").await.assert_problem(404);
    }
    let me = app.get_as(ME, &session).await.json();
    assert_eq!((me["newsletter"].as_bool(), me["sms_promotions"].as_bool()), (Some(true), Some(true)));
    assert_eq!(app.count("subscription_events"), 2, "only the two subscribes");
}

#[tokio::test]
async fn undo_issues_a_new_token_and_the_old_one_says_it_was_replaced() {
    let app = keyed(false);
    let session = member(&app).await;
    let old = token_for(&app, "newsletter");
    assert_eq!(page_post(&app, &old, "list").await.status, 200);
    let undone = app.post_json(&format!("{}/undo", unsubscribe_url(&old)), "").await;
    assert_eq!(undone.status, 200, "{}", undone.text());
    let new = undone.json()["token"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(new, token_for(&app, "newsletter"));
    assert_eq!(app.get_as(ME, &session).await.json()["newsletter"], true);

    // the old link is revoked: every use says so and changes nothing
    app.get(&unsubscribe_url(&old)).await.assert_problem(410);
    app.send(one_click(&old)).await.assert_problem(410);
    app.post_json(&format!("{}/undo", unsubscribe_url(&old)), "").await.assert_problem(410);
    assert_eq!(app.get_as(ME, &session).await.json()["newsletter"], true, "the replayed link did nothing");
    assert_eq!(app.send(one_click(&new)).await.status, 200, "the new one works");

    // resubscribing in the profile replaces the link too
    app.as_user(Method::PUT, ME, &session, Some(profile(true, true))).await;
    app.get(&unsubscribe_url(&new)).await.assert_problem(410);
}

#[tokio::test]
async fn everything_leaves_every_list_but_a_transactional_one_unless_allowed() {
    let app = keyed(false);
    let session = member(&app).await;
    let done = page_post(&app, &token_for(&app, "newsletter"), "everything").await;
    assert_eq!(done.status, 200, "{}", done.text());
    assert_eq!(done.json()["unsubscribed"], json!(["newsletter", "sms_promotions"]));
    let me = app.get_as(ME, &session).await.json();
    assert_eq!((me["newsletter"].as_bool(), me["sms_promotions"].as_bool()), (Some(false), Some(false)));
    let kept: i64 = app
        .sql()
        .query_row("SELECT COUNT(*) FROM subscriptions WHERE list = 'sms_order_status'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 0, "order-status SMS stay on");

    let allowed = keyed(true);
    member(&allowed).await;
    let done = page_post(&allowed, &token_for(&allowed, "newsletter"), "everything").await;
    assert_eq!(done.json()["unsubscribed"], json!(["sms_order_status", "newsletter", "sms_promotions"]));
    let order_status = page_post(&allowed, &token_for(&allowed, "sms_order_status"), "list").await;
    assert_eq!((order_status.status.as_u16(), order_status.json()["can_unsubscribe"].as_bool()), (200, Some(true)));

    // where the shop does not allow it, its own link refuses
    app.sql().execute("INSERT INTO subscriptions (list, user_id, status, updated_at) SELECT 'sms_order_status', id, 'subscribed', 'x' FROM users", []).unwrap();
    let refused = page_post(&app, &token_for(&app, "sms_order_status"), "list").await;
    assert_eq!(refused.assert_problem(403), Vec::<String>::new());
    assert_eq!(app.get(&unsubscribe_url(&token_for(&app, "sms_order_status"))).await.json()["can_unsubscribe"], false);
}

#[tokio::test]
async fn an_erased_account_s_links_are_unknown() {
    let app = keyed(false);
    let session = member(&app).await;
    let token = token_for(&app, "newsletter");
    delete_account(&app, &session).await;
    app.get(&unsubscribe_url(&token)).await.assert_problem(404);
}

const SUBSCRIBE: &str = "/api/v1/newsletter/subscribe";
const CONFIRM: &str = "/api/v1/newsletter/confirm";
const GUEST: &str = "Mina.Guest@Example.com";

/// The bodies of the mails sent to `to`, oldest first.
fn mails(app: &TestApp, to: &str) -> Vec<String> {
    let sql = app.sql();
    let mut stmt = sql.prepare("SELECT body FROM outbox WHERE recipient = ?1 ORDER BY id").unwrap();
    stmt.query_map([to], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

fn link_token(mail: &str) -> String {
    let start =
        mail.find("/newsletter/confirm?token=").expect("a confirmation link") + "/newsletter/confirm?token=".len();
    mail[start..].split_whitespace().next().unwrap().to_owned()
}

async fn sign_up(app: &TestApp, email: &str) -> TestResponse {
    app.post_json(SUBSCRIBE, &json!({ "email": email }).to_string()).await
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

#[tokio::test]
async fn a_guest_is_subscribed_only_from_the_mailed_link() {
    let app = keyed(false);
    let asked = sign_up(&app, GUEST).await;
    assert_eq!(
        (asked.status.as_u16(), asked.json()["confirm_within_hours"].as_u64()),
        (202, Some(48)),
        "{}",
        asked.text()
    );
    let sent = mails(&app, "mina.guest@example.com");
    assert_eq!(sent.len(), 1, "the confirmation, and nothing else");
    assert_eq!(rows(&app), [("newsletter".into(), "pending".into())]);

    let confirmed = app.post_json(CONFIRM, &json!({ "token": link_token(&sent[0]) }).to_string()).await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text());
    let body = confirmed.json();
    assert_eq!((body["address"].as_str(), body["subscribed"].as_bool()), (Some("m***@example.com"), Some(true)));
    assert_eq!(rows(&app), [("newsletter".into(), "subscribed".into())]);
    let again = app.post_json(CONFIRM, &json!({ "token": link_token(&sent[0]) }).to_string()).await;
    assert_eq!(again.assert_problem(422), ["token"], "the link works once");

    // subscribed already: the same answer, and no mail
    assert_eq!(sign_up(&app, GUEST).await.status, 202);
    assert_eq!(mails(&app, "mina.guest@example.com").len(), 1);

    // the link in the newsletter unsubscribes; signing up again needs a new confirmation and replaces the link
    let token = body["token"].as_str().unwrap().to_owned();
    assert_eq!(app.send(one_click(&token)).await.json()["unsubscribed"], json!(["newsletter"]));
    sign_up(&app, GUEST).await;
    assert_eq!(rows(&app), [("newsletter".into(), "pending".into())]);
    let second = mails(&app, "mina.guest@example.com").pop().unwrap();
    let confirmed = app.post_json(CONFIRM, &json!({ "token": link_token(&second) }).to_string()).await.json();
    app.get(&unsubscribe_url(&token)).await.assert_problem(410);
    assert_eq!(app.get(&unsubscribe_url(confirmed["token"].as_str().unwrap())).await.json()["subscribed"], true);
    let actions: Vec<String> = app
        .sql()
        .prepare("SELECT action || ':' || by_whom FROM subscription_events ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(actions, ["subscribe:form", "confirm:link", "unsubscribe:one_click", "subscribe:form", "confirm:link"]);
}

#[tokio::test]
async fn sign_ups_are_validated_and_rate_limited() {
    let app = keyed(false);
    assert_eq!(sign_up(&app, "not an email").await.assert_problem(422), ["email"]);
    for _ in 0..3 {
        assert_eq!(sign_up(&app, GUEST).await.status, 202);
    }
    let limited = sign_up(&app, GUEST).await;
    limited.assert_problem(429);
    assert!(!limited.header(header::RETRY_AFTER).is_empty());
    assert_eq!(mails(&app, "mina.guest@example.com").len(), 3);
    assert_eq!(sign_up(&app, "other@example.com").await.status, 202, "another address is not limited by it");
}

#[tokio::test]
async fn an_unconfirmed_address_is_forgotten_after_its_time() {
    use pishkhan_backend::maintenance::cleanup;
    let app = TestApp::build(|state| state.with_newsletter_confirm_hours(2));
    assert_eq!(sign_up(&app, GUEST).await.json()["confirm_within_hours"], 2);
    let link = link_token(&mails(&app, "mina.guest@example.com")[0]);
    let start = now();
    assert_eq!(cleanup(&mut app.sql(), start + 3600).unwrap().unconfirmed_subscriptions, 0, "still in time");
    assert_eq!(app.count("subscriptions"), 1);
    assert_eq!(cleanup(&mut app.sql(), start + 2 * 3600 + 60).unwrap().unconfirmed_subscriptions, 1);
    assert_eq!(app.count("subscriptions"), 0);
    assert_eq!(app.count("subscription_events"), 0);
    let late = app.post_json(CONFIRM, &json!({ "token": link }).to_string()).await;
    assert_eq!(late.assert_problem(422), ["token"]);

    // a confirmed one stays
    sign_up(&app, "other@example.com").await;
    let link = link_token(&mails(&app, "other@example.com")[0]);
    assert_eq!(app.post_json(CONFIRM, &json!({ "token": link }).to_string()).await.status, 200);
    assert_eq!(cleanup(&mut app.sql(), now() + 30 * 24 * 3600).unwrap().unconfirmed_subscriptions, 0);
    assert_eq!(rows(&app), [("newsletter".into(), "subscribed".into())]);
}

const INBOUND: &str = "/api/v1/sms/inbound";
const WEBHOOK_KEY: [u8; 32] = [5; 32];

fn signed_inbound(body: &str, signature: Option<String>) -> Request<Body> {
    let mut request = Request::post(INBOUND).header(header::CONTENT_TYPE, "application/json");
    if let Some(signature) = signature {
        request = request.header("X-Pishkhan-Signature", signature);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

fn sign_body(body: &str) -> String {
    HmacKey::new(&WEBHOOK_KEY).unwrap().hash_hex(body)
}

#[tokio::test]
async fn a_signed_stop_reply_ends_promotional_sms_and_a_bad_signature_changes_nothing() {
    let app = TestApp::build(|state| {
        state.with_secret(HmacKey::new(&KEY).unwrap()).with_sms_webhook_secret(HmacKey::new(&WEBHOOK_KEY).unwrap())
    });
    let session = member(&app).await;
    let body = json!({ "from": "+989121234567", "text": "لغو ۱۱" }).to_string();

    let missing = app.send(signed_inbound(&body, None)).await;
    missing.assert_problem(401);
    let wrong = app.send(signed_inbound(&body, Some(sign_body("another body")))).await;
    wrong.assert_problem(401);
    let other_key = HmacKey::new(&KEY).unwrap().hash_hex(&body);
    app.send(signed_inbound(&body, Some(other_key))).await.assert_problem(401);
    assert_eq!(app.get_as(ME, &session).await.json()["sms_promotions"], true, "nothing changed");

    let not_stop = json!({ "from": MOBILE, "text": "سلام" }).to_string();
    let handled = app.send(signed_inbound(&not_stop, Some(sign_body(&not_stop)))).await;
    assert_eq!(handled.json(), json!({ "stop": false, "unsubscribed": false }));

    let handled = app.send(signed_inbound(&body, Some(sign_body(&body)))).await;
    assert_eq!(handled.status, 200, "{}", handled.text());
    assert_eq!(handled.json(), json!({ "stop": true, "unsubscribed": true }));
    let me = app.get_as(ME, &session).await.json();
    assert_eq!((me["sms_promotions"].as_bool(), me["newsletter"].as_bool()), (Some(false), Some(true)));
    let data = app.get_as("/api/v1/me/export", &session).await.json();
    let last = data["preferences"]["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["list"].as_str(), last["action"].as_str(), last["by"].as_str()),
        (Some("sms_promotions"), Some("unsubscribe"), Some("sms"))
    );

    let again = app.send(signed_inbound(&body, Some(sign_body(&body)))).await;
    assert_eq!(again.json(), json!({ "stop": true, "unsubscribed": false }), "off already");
    let stranger = json!({ "from": "09351112233", "text": "STOP" }).to_string();
    let handled = app.send(signed_inbound(&stranger, Some(sign_body(&stranger)))).await;
    assert_eq!(handled.json(), json!({ "stop": true, "unsubscribed": false }));
}

#[tokio::test]
async fn without_a_webhook_secret_the_route_is_absent() {
    let app = keyed(false);
    let body = json!({ "from": MOBILE, "text": "STOP" }).to_string();
    app.send(signed_inbound(&body, Some(sign_body(&body)))).await.assert_problem(404);
}

#[tokio::test]
async fn links_are_revoked_by_resubscribing_in_the_profile_and_by_a_new_server_secret() {
    let mut app = keyed(false);
    let session = member(&app).await;
    let old = token_for(&app, "newsletter");
    // off and on again in the profile: the link sent before is replaced, says so, and changes nothing
    for on in [false, true] {
        let me = app.as_user(Method::PUT, ME, &session, Some(profile(on, true))).await;
        assert_eq!(me.status, 200, "{}", me.text());
    }
    app.send(one_click(&old)).await.assert_problem(410);
    page_post(&app, &old, "everything").await.assert_problem(410);
    assert_eq!(
        rows(&app),
        [("newsletter".into(), "subscribed".into()), ("sms_promotions".into(), "subscribed".into())]
    );
    let current = token_for(&app, "newsletter");
    assert_eq!(app.get(&unsubscribe_url(&current)).await.status, 200);

    // the shop changes its secret: every link sent is unknown, and nothing changes
    app.restart(|state| state.with_secret(HmacKey::new(&[42; 32]).unwrap()));
    app.get(&unsubscribe_url(&current)).await.assert_problem(404);
    app.send(one_click(&current)).await.assert_problem(404);
    assert_eq!(
        rows(&app),
        [("newsletter".into(), "subscribed".into()), ("sms_promotions".into(), "subscribed".into())]
    );
}
