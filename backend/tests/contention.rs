//! Placing orders while a second SQLite connection (another process, an admin tool, a migration) writes to
//! the same file. The backend's connection waits up to its busy timeout (5 s) for the write lock that
//! `BEGIN IMMEDIATE` takes; a writer that lets go in time only delays the order, and one that holds on
//! longer gets a 503 `/problems/database-busy` with `Retry-After`, with nothing written, so a retry with the
//! same `Idempotency-Key` places the order once. Stock set from outside is what placement checks, under
//! the same lock, so it never goes negative.

mod common;

use std::time::{Duration, Instant};

use common::orders::{POST_PRICE, order_request};
use common::{TestApp, TestResponse};
use pishkhan_backend::AppState;
use pishkhan_backend::orders::store;
use rusqlite::Connection;
use serde_json::{Value, json};
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// The backend connection's `PRAGMA busy_timeout`, in milliseconds (see `Db::prepare`).
const BACKEND_BUSY_TIMEOUT_MS: i64 = 5_000;
const PRICE: i64 = 100_000;

/// An app whose state the test keeps a handle on, to read the backend connection's own settings.
fn app_and_state() -> (TestApp, AppState) {
    let mut kept = None;
    let app = TestApp::build(|state| {
        kept = Some(state.clone());
        state
    });
    (app, kept.unwrap())
}

/// The second connection: its own handle on the test's SQLite file, patient when the backend writes.
fn second_connection(app: &TestApp) -> Connection {
    let conn = app.sql();
    conn.busy_timeout(Duration::from_secs(30)).unwrap();
    conn
}

fn body(product_id: i64, quantity: i64) -> Value {
    common::orders::order_body(
        json!([{ "product_id": product_id, "quantity": quantity }]),
        PRICE * quantity + POST_PRICE,
    )
}

fn stock(conn: &Connection, id: i64) -> i64 {
    conn.query_row("SELECT stock FROM products WHERE id = ?1", [id], |r| r.get(0)).unwrap()
}

fn count(conn: &Connection, table: &str) -> i64 {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// Places an order on its own task, so the test can go on holding the lock meanwhile.
fn place_in_background(app: &TestApp, key: &str, body: &Value) -> JoinHandle<TestResponse> {
    let (router, request) = (app.router.clone(), order_request(key, body));
    tokio::spawn(async move { TestResponse::read(router.oneshot(request).await.unwrap()).await })
}

/// Waits without blocking the runtime (the backend's `tokio` has no timer feature).
async fn pause(duration: Duration) {
    tokio::task::spawn_blocking(move || std::thread::sleep(duration)).await.unwrap();
}

#[tokio::test]
async fn the_backend_waits_five_seconds_for_the_write_lock() {
    let (_app, state) = app_and_state();
    let timeout: i64 = state.db().with_blocking(|c| c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))).unwrap();
    assert_eq!(timeout, BACKEND_BUSY_TIMEOUT_MS);
    let journal: String = state.db().with_blocking(|c| c.query_row("PRAGMA journal_mode", [], |r| r.get(0))).unwrap();
    assert_eq!(journal, "wal", "readers on other connections do not block the backend's writes, nor it theirs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placement_waits_while_another_connection_holds_the_write_lock() {
    let app = TestApp::new();
    let product = app.stocked(1, PRICE, 5);
    let other = second_connection(&app);
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    // a change the placement can only see if it reads stock after the other writer commits
    other.execute("UPDATE products SET stock = 3 WHERE id = ?1", [product.id]).unwrap();

    let started = Instant::now();
    let placing = place_in_background(&app, "wait-1", &body(product.id, 2));
    pause(Duration::from_millis(700)).await;
    assert!(!placing.is_finished(), "placement must wait for the write lock, not bypass it");
    other.execute_batch("COMMIT").unwrap();

    let response = placing.await.unwrap();
    assert_eq!(response.status, 201, "{}", response.text());
    assert!(started.elapsed() >= Duration::from_millis(700), "answered before the lock was let go");
    assert_eq!(stock(&other, product.id), 1, "3 set by the other connection, minus the 2 ordered");
    assert_eq!((count(&other, "orders"), count(&other, "order_lines")), (1, 1));
}

#[tokio::test]
async fn a_lock_held_past_the_busy_timeout_is_a_503_to_retry_and_writes_nothing() {
    let app = TestApp::new();
    let product = app.stocked(1, PRICE, 5);
    let other = second_connection(&app);
    other.execute_batch("BEGIN IMMEDIATE").unwrap();

    let started = Instant::now();
    let refused = app.place("busy-1", &body(product.id, 1)).await;
    let waited = started.elapsed();
    refused.assert_problem(503);
    assert_eq!(refused.json()["type"], "/problems/database-busy", "{}", refused.text());
    assert_eq!(refused.header(axum::http::header::RETRY_AFTER), "1");
    assert!(!refused.text().contains("locked"), "no internals in the answer: {}", refused.text());
    let timeout = Duration::from_millis(BACKEND_BUSY_TIMEOUT_MS as u64);
    assert!(waited >= timeout - Duration::from_millis(500), "gave up after {waited:?}, before the busy timeout");
    assert!(waited < timeout * 3, "waited {waited:?}");
    other.execute_batch("ROLLBACK").unwrap();

    assert_eq!(stock(&other, product.id), 5, "nothing was reserved");
    assert_eq!(count(&other, "orders"), 0, "nothing was written");
    let retried = app.place("busy-1", &body(product.id, 1)).await;
    assert_eq!(retried.status, 201, "{}", retried.text());
    let replayed = app.place("busy-1", &body(product.id, 1)).await;
    assert_eq!(replayed.status, 200, "{}", replayed.text());
    assert_eq!(stock(&other, product.id), 4, "one order, stock taken once");
    assert_eq!(count(&other, "orders"), 1);

    let doc = app.get_ok("/api/v1/openapi.json").await;
    let documented = &doc["paths"]["/api/v1/orders"]["post"]["responses"]["503"];
    assert!(documented["description"].as_str().unwrap().contains("/problems/database-busy"), "{documented}");
    assert!(documented["headers"]["Retry-After"].is_object(), "{documented}");
}

#[tokio::test]
async fn stock_set_by_another_connection_is_what_placement_checks() {
    let app = TestApp::new();
    let product = app.stocked(1, PRICE, 5);
    let other = second_connection(&app);
    other.execute("UPDATE products SET stock = 1 WHERE id = ?1", [product.id]).unwrap();

    let first = app.place("one-1", &body(product.id, 1)).await;
    let second = app.place("one-2", &body(product.id, 1)).await;
    assert_eq!(first.status, 201, "{}", first.text());
    second.assert_problem(409);
    assert_eq!(second.json()["type"], "/problems/order-changed");
    assert_eq!(stock(&other, product.id), 0);

    // two at once, after the other connection restocks one unit
    other.execute("UPDATE products SET stock = 1 WHERE id = ?1", [product.id]).unwrap();
    let both = app
        .send_concurrently(vec![
            order_request("two-1", &body(product.id, 1)),
            order_request("two-2", &body(product.id, 1)),
        ])
        .await;
    let mut statuses: Vec<u16> = both.iter().map(|r| r.status.as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{:?}", both.iter().map(TestResponse::text).collect::<Vec<_>>());
    assert_eq!(stock(&other, product.id), 0);
    assert_eq!(count(&other, "orders"), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn placements_queued_behind_another_writer_see_the_stock_it_commits() {
    let app = TestApp::new();
    let product = app.stocked(1, PRICE, 5);
    let other = second_connection(&app);
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other.execute("UPDATE products SET stock = 1 WHERE id = ?1", [product.id]).unwrap();

    let first = place_in_background(&app, "queued-1", &body(product.id, 1));
    let second = place_in_background(&app, "queued-2", &body(product.id, 1));
    pause(Duration::from_millis(500)).await;
    assert!(!first.is_finished() && !second.is_finished(), "both wait for the other writer");
    other.execute_batch("COMMIT").unwrap();

    let answers = [first.await.unwrap(), second.await.unwrap()];
    let mut statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{:?}", answers.iter().map(TestResponse::text).collect::<Vec<_>>());
    for answer in answers.iter().filter(|a| a.status == 409) {
        answer.assert_problem(409);
    }
    assert_eq!(stock(&other, product.id), 0, "one unit, one order; never below zero");
    let lowest: i64 = other.query_row("SELECT MIN(stock) FROM products", [], |r| r.get(0)).unwrap();
    assert!(lowest >= 0);
    assert_eq!(count(&other, "orders"), 1);
}

/// The guard itself, on the backend's connection: `reserve` takes units only while the stock the other
/// connection left covers them. (Placement checks stock before reserving, in the same immediate
/// transaction; this is what holds if that check were ever skipped.)
#[tokio::test]
async fn the_stock_guard_takes_only_what_another_connection_left() {
    let (app, state) = app_and_state();
    let product = app.stocked(1, PRICE, 5);
    let other = second_connection(&app);
    let id = u32::try_from(product.id).unwrap();
    other.execute("UPDATE products SET stock = 1 WHERE id = ?1", [product.id]).unwrap();
    let reserve = |quantity| state.db().with_blocking(|conn| store::reserve(conn, id, quantity)).unwrap();
    assert!(!reserve(2), "two units asked, one left");
    assert_eq!(stock(&other, product.id), 1, "a refused reservation takes nothing");
    assert!(reserve(1));
    assert!(!reserve(1), "none left");
    assert_eq!(stock(&other, product.id), 0);

    // restocked from outside inside a transaction of its own: the guard sees the committed value
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    other.execute("UPDATE products SET stock = 2 WHERE id = ?1", [product.id]).unwrap();
    other.execute_batch("COMMIT").unwrap();
    assert!(reserve(2));
    assert!(!reserve(1));
    assert_eq!(stock(&other, product.id), 0);
}
