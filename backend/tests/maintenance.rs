//! Scheduled upkeep: what has expired (sessions, one-time codes, rate-limit events, outbox messages and
//! message-log entries) is deleted, what still lives is kept, and the binary does it by itself.

mod common;

use std::time::{Duration, Instant};

use common::auth::{ME, MOBILE};
use common::{TestApp, db_arg, serve_backend, temp_dir};
use pishkhan_backend::AppState;
use pishkhan_backend::auth::{rate_limit, session};
use pishkhan_backend::clock;
use pishkhan_backend::maintenance::{Cleaned, cleanup};
use pishkhan_backend::outbox::log;
use rusqlite::{Connection, params};

const OTHER: &str = "09351112233";
const WAITING: &str = "09351114455";
const LAPSED: &str = "09351116677";
const IDLE: &str = "09351118899";

/// Rows that had their time: an outbox message two days old, a message-log entry eight days old and a
/// rate-limit event older than any window.
fn add_old_rows(sql: &Connection, now: i64) {
    sql.execute(
        "INSERT INTO outbox (channel, recipient, subject, body, created_at) VALUES ('sms', ?1, '', 'old', ?2)",
        params![OTHER, clock::rfc3339(now - 2 * 24 * 3600)],
    )
    .unwrap();
    sql.execute(
        "INSERT INTO message_log (channel, kind, recipient_hash, sent_at) VALUES ('sms', 'sign_in_code', 'h', ?1)",
        [now - log::KEEP - 1],
    )
    .unwrap();
    sql.execute("INSERT INTO rate_events (bucket, key, at) VALUES ('code_ip', 'k', ?1)", [now - rate_limit::KEEP - 1])
        .unwrap();
}

#[tokio::test]
async fn cleanup_deletes_what_has_expired_and_keeps_what_lives() {
    let app = TestApp::new();
    let live = app.sign_in(MOBILE).await;
    let ended = app.sign_in(OTHER).await;
    let idle = app.sign_in(IDLE).await;
    app.forget_rate_limits();
    assert_eq!(app.request_code(WAITING).await.status, 202);
    assert_eq!(app.request_code(LAPSED).await.status, 202);
    let now = clock::now_unix();
    let sql = app.sql();
    // OTHER's session ran out a second ago; LAPSED's code expired unused
    sql.execute(
        "UPDATE sessions SET expires_at = ?1 WHERE user_id = (SELECT id FROM users WHERE mobile = ?2)",
        params![now - 1, OTHER],
    )
    .unwrap();
    // IDLE's session has not been used for as long as a session may idle
    sql.execute(
        "UPDATE sessions SET last_seen = ?1 WHERE user_id = (SELECT id FROM users WHERE mobile = ?2)",
        params![now - session::IDLE_TIMEOUT, IDLE],
    )
    .unwrap();
    sql.execute("UPDATE one_time_codes SET expires_at = ?1 WHERE target = ?2", params![now, LAPSED]).unwrap();
    sql.execute(
        "INSERT INTO message_log (channel, kind, recipient_hash, sent_at) VALUES ('sms', 'sign_in_code', 'h', ?1)",
        [now - 60],
    )
    .unwrap();
    add_old_rows(&sql, now);
    let (outbox, rate_events) = (app.count("outbox"), app.count("rate_events"));

    let cleaned = cleanup(&mut app.sql(), now).unwrap();
    assert_eq!(
        cleaned,
        // the ended session and the idle one; the three used sign-in codes and the lapsed one
        Cleaned { sessions: 2, codes: 4, rate_events: 1, outbox: 1, message_log: 1, unconfirmed_subscriptions: 0 }
    );
    assert_eq!(app.count("sessions"), 1);
    let codes: Vec<String> = sql
        .prepare("SELECT target FROM one_time_codes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(codes, [WAITING], "only the live code is left");
    assert_eq!(app.count("rate_events"), rate_events - 1);
    assert_eq!(app.count("outbox"), outbox - 1);
    assert_eq!(app.count("message_log"), 1);
    assert_eq!(app.get_as(ME, &live).await.status, 200, "the live session still works");
    assert_eq!(app.get_as(ME, &ended).await.status, 401);
    assert_eq!(app.get_as(ME, &idle).await.status, 401);
    assert_eq!(app.verify(WAITING, &app.last_code(WAITING)).await.status, 200, "and the live code");
    assert_eq!(cleanup(&mut app.sql(), now).unwrap(), Cleaned { codes: 1, ..Cleaned::default() }, "now used");

    // a month on, every session has ended and every rate-limit event is forgotten
    let later = cleanup(&mut app.sql(), now + 31 * 24 * 3600).unwrap();
    assert_eq!((later.sessions, app.count("sessions"), app.count("rate_events")), (2, 0, 0), "live's and WAITING's");
    assert_eq!((app.count("outbox"), app.count("message_log")), (0, 0));
}

#[test]
fn the_server_cleans_up_by_itself() {
    let dir = temp_dir("maintenance");
    let db = db_arg(&dir);
    let now = clock::now_unix();
    {
        let state = AppState::open(std::path::Path::new(&db)).unwrap();
        state
            .db()
            .with_blocking(|sql| {
                add_old_rows(sql, now);
                sql.execute("INSERT INTO users (mobile, created_at) VALUES (?1, '2025-01-01T00:00:00Z')", [MOBILE])?;
                sql.execute(
                    "INSERT INTO sessions (id_hash, user_id, created_at, last_seen, expires_at) VALUES ('s', 1, 1, 1, 2)",
                    [],
                )
            })
            .unwrap();
    }
    let served = serve_backend(&["--db", &db, "--addr", "127.0.0.1:0"]);
    let sql = Connection::open(&db).unwrap();
    let left = || -> i64 {
        sql.query_row(
            "SELECT (SELECT COUNT(*) FROM outbox) + (SELECT COUNT(*) FROM message_log)
                + (SELECT COUNT(*) FROM rate_events) + (SELECT COUNT(*) FROM sessions)",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let started = Instant::now();
    while left() > 0 {
        assert!(started.elapsed() < Duration::from_secs(30), "the expired rows are still there");
        std::thread::sleep(Duration::from_millis(50));
    }
    served.stop();
    let _ = std::fs::remove_dir_all(dir);
}
