//! Abuse of order placement: placing is limited per session and per client address (429 with
//! Retry-After; replays and refusals count nothing), unpaid orders expire and give their stock back
//! (lazily when placing, paying or reading the account's orders, and by the periodic sweep), paying an
//! expired order is a 409, and an Idempotency-Key belongs to the caller that first sent it.

mod common;

use axum::http::StatusCode;
use common::auth::from_ip;
use common::orders::{
    POST_PRICE, REVIEW, Stocked, as_guest, guest, guest_set_cookie, order_body, order_request, order_request_as,
    payment_request, with,
};
use common::{TestApp, TestResponse};
use pishkhan_backend::clock;
use pishkhan_backend::orders::expiry;
use serde_json::{Value, json};

const OFFICE: [u8; 4] = [185, 2, 3, 4];
const HOME: [u8; 4] = [5, 6, 7, 8];

/// One unit of `p` by express post.
fn one_of(p: Stocked) -> Value {
    order_body(json!([{ "product_id": p.id, "quantity": 1 }]), p.price + POST_PRICE)
}

fn assert_limited(response: &TestResponse) {
    response.assert_problem(429);
    assert_eq!(response.json()["type"], "/problems/too-many-requests");
    let wait: u64 = response.header(axum::http::header::RETRY_AFTER).parse().expect("a Retry-After in seconds");
    assert!((1..=3600).contains(&wait), "{wait}");
}

// ------------------------------------------------------------------------------------ placement limits

#[tokio::test]
async fn a_session_places_twenty_orders_an_hour_and_its_retries_and_refusals_count_nothing() {
    let app = TestApp::new();
    let p = app.stocked(1, 10_000, 1_000);
    let body = one_of(p);
    let (a, b) = (guest('a'), guest('b'));
    // each from its own address, so only the session limit can bite
    let from = |i: u8| [10, 0, 1, i];
    for i in 0..25 {
        let refused = with(&body, "/expected_total", json!(1));
        let response = app.send(from_ip(as_guest(order_request(&format!("x-{i}"), &refused), &a), from(i))).await;
        response.assert_problem(409);
    }
    for i in 0..20 {
        let key = format!("a-{i}");
        let response = app.send(from_ip(as_guest(order_request(&key, &body), &a), from(i))).await;
        assert_eq!(response.status, StatusCode::CREATED, "order {i}: {}", response.text());
        let replay = app.send(from_ip(as_guest(order_request(&key, &body), &a), from(i))).await;
        assert_eq!(replay.status, StatusCode::OK, "a retry is not an order: {}", replay.text());
    }
    let limited = app.send(from_ip(as_guest(order_request("a-20", &body), &a), from(20))).await;
    assert_limited(&limited);
    assert!(limited.json()["detail"].as_str().unwrap().contains("Too many orders"));
    assert_eq!((app.count("orders"), app.stock(p.id)), (20, 980), "the refused order took nothing");
    let replay = app.send(from_ip(as_guest(order_request("a-3", &body), &a), from(3))).await;
    assert_eq!(replay.status, StatusCode::OK, "a retry of an earlier order still gets it");

    let other = app.send(from_ip(as_guest(order_request("b-0", &body), &b), from(21))).await;
    assert_eq!(other.status, StatusCode::CREATED, "another shopper is not limited: {}", other.text());
    app.sql().execute("UPDATE rate_events SET at = at - 3600", []).unwrap();
    let later = app.send(from_ip(as_guest(order_request("a-20", &body), &a), from(20))).await;
    assert_eq!(later.status, StatusCode::CREATED, "an hour later: {}", later.text());
}

#[tokio::test]
async fn an_account_is_one_session_wherever_it_signs_in_from() {
    let app = TestApp::new();
    let token = app.sign_in(common::auth::MOBILE).await;
    let p = app.stocked(1, 10_000, 1_000);
    for i in 0..20 {
        let response = app.send(from_ip(order_request_as(&format!("u-{i}"), &one_of(p), &token), [10, 0, 2, i])).await;
        assert_eq!(response.status, StatusCode::CREATED, "{}", response.text());
    }
    assert_limited(&app.send(from_ip(order_request_as("u-20", &one_of(p), &token), [10, 0, 2, 20])).await);
}

#[tokio::test]
async fn an_address_places_sixty_orders_an_hour_whatever_its_cookies() {
    let app = TestApp::new();
    let p = app.stocked(1, 10_000, 1_000);
    let body = one_of(p);
    for i in 0..60 {
        // a script that drops its cookies: no session, no guest cookie
        let response = app.send(from_ip(order_request(&format!("s-{i}"), &body), OFFICE)).await;
        assert_eq!(response.status, StatusCode::CREATED, "order {i}: {}", response.text());
    }
    assert_limited(&app.send(from_ip(order_request("s-60", &body), OFFICE)).await);
    assert_limited(&app.send(from_ip(as_guest(order_request("s-61", &body), &guest('c')), OFFICE)).await);
    assert_eq!((app.count("orders"), app.stock(p.id)), (60, 940));
    let elsewhere = app.send(from_ip(order_request("h-0", &body), HOME)).await;
    assert_eq!(elsewhere.status, StatusCode::CREATED, "another address is not limited: {}", elsewhere.text());
    let stored: i64 =
        app.sql().query_row("SELECT COUNT(*) FROM rate_events WHERE key = '185.2.3.4'", [], |r| r.get(0)).unwrap();
    assert_eq!(stored, 0, "the limiter keeps no address");
}

// -------------------------------------------------------------------------------------- unpaid orders

#[tokio::test]
async fn an_order_unpaid_past_its_window_expires_gives_its_stock_back_and_cannot_be_paid() {
    let app = TestApp::dev();
    let p = app.stocked(1, 100_000, 10);
    let body = order_body(json!([{ "product_id": p.id, "quantity": 3 }]), 300_000 + POST_PRICE);
    let order = app.place("late", &body).await.json();
    let number = order["number"].as_str().unwrap();
    assert_eq!(app.stock(p.id), 7);

    app.lapse(number);
    let late = app.pay(&order).await;
    late.assert_problem(409);
    let problem = late.json();
    assert_eq!(problem["type"], "/problems/order-expired");
    assert!(problem["detail"].as_str().unwrap().contains("new order"), "{problem}");
    assert_eq!((app.status_of(number), app.stock(p.id)), ("expired".into(), 10), "its 3 units are back");
    assert_eq!(app.get_ok("/api/v1/dev/orders").await[0]["status"], "expired");
    let replay = app.place("late", &body).await;
    assert_eq!((replay.status, &replay.json()["status"]), (StatusCode::OK, &json!("expired")));
    app.pay(&order).await.assert_problem(409);
    assert_eq!(app.stock(p.id), 10, "expiring twice gives nothing back twice");
    // the right number with a wrong token still says nothing about the order
    app.send(payment_request(number, "0123456789abcdef0123456789abcdef")).await.assert_problem(404);
}

#[tokio::test]
async fn an_order_paid_in_time_stays_paid() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let order = app.place("on-time", &one_of(p)).await.json();
    assert_eq!(app.pay(&order).await.status, StatusCode::OK);
    let number = order["number"].as_str().unwrap();
    app.lapse(number);
    assert_eq!(app.pay(&order).await.json()["status"], "paid", "paying again after the window is fine");
    let swept = expiry::sweep(&mut app.sql(), clock::now_unix()).unwrap();
    assert_eq!((swept, app.status_of(number), app.stock(p.id)), (0, "paid".into(), 9));
}

#[tokio::test]
async fn the_sweep_expires_only_overdue_unpaid_orders_and_their_owner_sees_it() {
    let app = TestApp::new();
    let token = app.sign_in(common::auth::MOBILE).await;
    let (a, b) = (app.stocked(1, 100_000, 10), app.stocked(2, 50_000, 10));
    let two = order_body(
        json!([{ "product_id": a.id, "quantity": 2 }, { "product_id": b.id, "quantity": 1 }]),
        250_000 + POST_PRICE,
    );
    let overdue = app.send(order_request_as("mine-1", &two, &token)).await.json();
    let also_overdue = app.place("guest-1", &one_of(a)).await.json();
    let in_time = app.send(order_request_as("mine-2", &one_of(b), &token)).await.json();
    assert_eq!((app.stock(a.id), app.stock(b.id)), (7, 8));
    app.lapse(overdue["number"].as_str().unwrap());
    app.lapse(also_overdue["number"].as_str().unwrap());

    // what `serve` runs every minute, on its own connection
    let swept = expiry::sweep(&mut app.sql(), clock::now_unix()).unwrap();
    assert_eq!(swept, 2);
    assert_eq!((app.stock(a.id), app.stock(b.id)), (10, 9), "all units of both overdue orders are back");
    assert_eq!(expiry::sweep(&mut app.sql(), clock::now_unix()).unwrap(), 0);

    let mine = app.get_as("/api/v1/me/orders", &token).await.json();
    let statuses: Vec<_> =
        mine.as_array().unwrap().iter().map(|o| (o["number"].clone(), o["status"].clone())).collect();
    assert_eq!(
        statuses,
        [(in_time["number"].clone(), json!("awaiting_payment")), (overdue["number"].clone(), json!("expired"))]
    );
    let one = app.get_as(&format!("/api/v1/me/orders/{}", overdue["number"].as_str().unwrap()), &token).await.json();
    assert_eq!(one["status"], "expired");
    assert_eq!(
        app.send(payment_request(in_time["number"].as_str().unwrap(), in_time["payment_token"].as_str().unwrap()))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn the_account_sees_an_order_expired_without_waiting_for_the_sweep() {
    let app = TestApp::new();
    let token = app.sign_in(common::auth::MOBILE).await;
    let p = app.stocked(1, 100_000, 1);
    let order = app.send(order_request_as("mine", &one_of(p), &token)).await.json();
    let number = order["number"].as_str().unwrap();
    app.lapse(number);
    assert_eq!(app.get_as("/api/v1/me/orders", &token).await.json()[0]["status"], "expired");
    assert_eq!(app.get_as(&format!("/api/v1/me/orders/{number}"), &token).await.json()["status"], "expired");
    assert_eq!((app.status_of(number), app.stock(p.id)), ("expired".into(), 1), "really released, not only shown");
}

#[tokio::test]
async fn stock_an_overdue_order_held_is_sold_to_the_next_shopper_at_once() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 1);
    let first = app.place("first", &one_of(p)).await.json();
    app.place("second", &one_of(p)).await.assert_problem(409);
    app.lapse(first["number"].as_str().unwrap());
    let second = app.place("second", &one_of(p)).await;
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text());
    assert_eq!((app.status_of(first["number"].as_str().unwrap()), app.stock(p.id)), ("expired".into(), 0));
}

#[tokio::test]
async fn the_payment_window_is_the_shops_to_set() {
    let deadline = |app: &TestApp| -> i64 {
        app.sql()
            .query_row("SELECT pay_by - CAST(strftime('%s', placed_at) AS INTEGER) FROM orders", [], |r| r.get(0))
            .unwrap()
    };
    let default = TestApp::new();
    let p = default.stocked(1, 100_000, 10);
    assert_eq!(default.place("k", &one_of(p)).await.status, StatusCode::CREATED);
    assert_eq!(deadline(&default), 30 * 60);
    let patient = TestApp::build(|state| state.with_unpaid_order_minutes(45));
    let p = patient.stocked(1, 100_000, 10);
    assert_eq!(patient.place("k", &one_of(p)).await.status, StatusCode::CREATED);
    assert_eq!(deadline(&patient), 45 * 60);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paying_and_sweeping_at_once_never_both_pay_and_release_an_order() {
    let app = TestApp::new();
    let p = app.stocked(1, 10_000, 100);
    let mut orders = Vec::new();
    for i in 0..12 {
        orders.push(app.place(&format!("race-{i}"), &one_of(p)).await.json());
    }
    let overdue: Vec<bool> = (0..12).map(|i| i % 2 == 0).collect();
    for (order, late) in orders.iter().zip(&overdue) {
        if *late {
            app.lapse(order["number"].as_str().unwrap());
        }
    }
    let path = app.db_path.clone();
    let sweeper = tokio::task::spawn_blocking(move || {
        let mut conn = rusqlite::Connection::open(path).unwrap();
        conn.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
        (0..12).map(|_| expiry::sweep(&mut conn, clock::now_unix()).unwrap()).sum::<usize>()
    });
    let payments = orders
        .iter()
        .map(|o| payment_request(o["number"].as_str().unwrap(), o["payment_token"].as_str().unwrap()))
        .collect();
    let answers = app.send_concurrently(payments).await;
    let swept = sweeper.await.unwrap();
    for ((answer, order), late) in answers.iter().zip(&orders).zip(&overdue) {
        let number = order["number"].as_str().unwrap();
        let (status, stored) = (answer.status.as_u16(), app.status_of(number));
        if *late {
            assert_eq!((status, stored.as_str()), (409, "expired"), "{number}: {}", answer.text());
        } else {
            assert_eq!((status, stored.as_str()), (200, "paid"), "{number}: {}", answer.text());
        }
    }
    assert!(swept <= 6, "{swept}");
    assert_eq!(app.stock(p.id), 100 - 6, "exactly the six paid orders hold stock");
}

// ------------------------------------------------------------------------------ keys belong to the caller

#[tokio::test]
async fn a_guests_key_replayed_by_anyone_else_is_refused_and_reveals_nothing() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let body = one_of(p);
    let (a, b) = (guest('a'), guest('b'));
    let first = app.send(as_guest(order_request("shared-key", &body), &a)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let order = first.json();
    let token = app.sign_in(common::auth::MOBILE).await;
    let others = [
        ("another guest", as_guest(order_request("shared-key", &body), &b)),
        ("no cookie at all", order_request("shared-key", &body)),
        ("a signed-in shopper", order_request_as("shared-key", &body, &token)),
    ];
    for (who, request) in others {
        let refused = app.send(request).await;
        assert_eq!(refused.assert_problem(422), ["Idempotency-Key"], "{who}");
        assert_eq!(refused.json()["errors"][0]["code"], "idempotency_key_reused", "{who}");
        let text = refused.text();
        assert!(!text.contains(order["number"].as_str().unwrap()), "{who}: {text}");
        assert!(!text.contains(order["payment_token"].as_str().unwrap()), "{who}: {text}");
    }
    let again = app.send(as_guest(order_request("shared-key", &body), &a)).await;
    assert_eq!((again.status, again.json()), (StatusCode::OK, order), "the guest's own retry is replayed");
    assert_eq!((app.count("orders"), app.stock(p.id)), (1, 9));
}

#[tokio::test]
async fn an_accounts_key_is_the_accounts_own() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let body = one_of(p);
    let sara = app.sign_in(common::auth::MOBILE).await;
    let reza = app.sign_in("09351112233").await;
    let first = app.send(order_request_as("k-1", &body, &sara)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text());
    let stolen = app.send(order_request_as("k-1", &body, &reza)).await;
    assert_eq!(stolen.assert_problem(422), ["Idempotency-Key"]);
    assert!(!stolen.text().contains(first.json()["payment_token"].as_str().unwrap()));
    app.send(as_guest(order_request("k-1", &body), &guest('a'))).await.assert_problem(422);
    let again = app.send(order_request_as("k-1", &body, &sara)).await;
    assert_eq!((again.status, again.json()), (StatusCode::OK, first.json()));
    assert_eq!(app.get_as("/api/v1/me/orders", &reza).await.json(), json!([]));
}

#[tokio::test]
async fn the_review_and_the_first_order_give_a_guest_their_cookie_once() {
    let app = TestApp::new();
    let p = app.stocked(1, 100_000, 10);
    let review = json!({ "items": [{ "product_id": p.id, "quantity": 1 }], "province": "fars" });
    let reviewed = app.review(review.clone()).await;
    assert_eq!(reviewed.status, StatusCode::OK);
    let cookie = guest_set_cookie(&reviewed).expect("a guest cookie");
    let token = cookie.strip_prefix("pishkhan_guest=").unwrap().split(';').next().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    assert_eq!(&cookie[15 + 64..], "; HttpOnly; SameSite=Lax; Path=/api/v1; Max-Age=86400");

    let request = as_guest(common::json_request(REVIEW, &review.to_string(), &[]), &token);
    assert_eq!(guest_set_cookie(&app.send(request).await), None, "not again while the shopper has one");
    let placed = app.send(as_guest(order_request("g-1", &one_of(p)), &token)).await;
    assert_eq!((placed.status, guest_set_cookie(&placed)), (StatusCode::CREATED, None));
    let cookieless = app.place("g-2", &one_of(p)).await;
    assert!(guest_set_cookie(&cookieless).is_some(), "an order placed without one sets one");
    let session = app.sign_in(common::auth::MOBILE).await;
    let signed_in = app.send(order_request_as("g-3", &one_of(p), &session)).await;
    assert_eq!((signed_in.status, guest_set_cookie(&signed_in)), (StatusCode::CREATED, None));
    let stored: i64 = app
        .sql()
        .query_row("SELECT COUNT(*) FROM orders WHERE idempotency_caller LIKE ?1", [format!("%{token}%")], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, 0, "the server keeps no guest token");
}
