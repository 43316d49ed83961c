//! The server's secret: rate-limit keys, one-time codes and the addresses that asked for them are stored as
//! HMAC-SHA256 under it, never as a bare SHA-256 that a list of numbers or addresses could be matched
//! against; without `--secret-file` it is made once and kept in the database, so a restart keeps the limits.

mod common;

use common::auth::MOBILE;
use common::{TestApp, db_arg, run_backend, temp_dir};
use pishkhan_backend::auth::secret::{HmacKey, sha256_hex};

const STRANGER: [u8; 4] = [203, 0, 113, 7];

fn column(app: &TestApp, sql: &str) -> Vec<String> {
    app.sql().prepare(sql).unwrap().query_map([], |r| r.get(0)).unwrap().collect::<Result<_, _>>().unwrap()
}

#[tokio::test]
async fn keys_and_codes_are_keyed_hashes_kept_across_a_restart() {
    let mut app = TestApp::new();
    assert_eq!(app.request_code_from(MOBILE, STRANGER).await.status, 202);
    let keys = column(&app, "SELECT key FROM rate_events ORDER BY rowid");
    assert_eq!(keys.len(), 3, "per number and address, per number, per address");
    let plain = [MOBILE, "203.0.113.7", "sign_in:09121234567", "sign_in:09121234567 203.0.113.7"];
    for value in plain {
        assert!(!keys.contains(&sha256_hex(value)), "{value} is stored as a bare SHA-256: {keys:?}");
    }
    let code = app.last_code(MOBILE);
    let (code_hash, requester): (String, String) = app
        .sql()
        .query_row("SELECT code_hash, requester FROM one_time_codes", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_ne!(code_hash, sha256_hex(&format!("sign_in:{MOBILE}:{code}")), "a code is not a bare SHA-256");
    assert!(requester.len() == 64 && requester != sha256_hex("203.0.113.7"), "{requester}");
    assert_eq!(app.count("settings"), 1, "the generated key is kept");

    app.restart(|state| state);
    app.request_code_from(MOBILE, STRANGER).await.assert_problem(429);
    assert_eq!(app.verify_from(MOBILE, &code, STRANGER).await.status, 200, "the code survives the restart too");

    // under another secret the same keys are stored as other hashes
    app.forget_rate_limits();
    app.restart(|state| state.with_secret(HmacKey::new(b"a configured secret of 32 bytes!").unwrap()));
    assert_eq!(app.request_code_from(MOBILE, STRANGER).await.status, 202);
    let other = column(&app, "SELECT key FROM rate_events ORDER BY rowid");
    assert_eq!(other.len(), 3);
    assert!(other.iter().all(|key| !keys.contains(key)), "{keys:?} {other:?}");
}

#[test]
fn the_binary_refuses_a_short_or_unreadable_secret_file_without_showing_it() {
    let dir = temp_dir("secret");
    let db = db_arg(&dir);
    let short = dir.join("short-secret");
    std::fs::write(&short, "a-short-secret-value\n").unwrap();
    let short_arg = short.display().to_string();
    let (ok, stderr) = run_backend(&["--db", &db, "--addr", "127.0.0.1:0", "--secret-file", &short_arg]);
    assert!(!ok, "{stderr}");
    assert!(stderr.contains(&format!("{short_arg}: the secret must be at least 32 bytes")), "{stderr}");
    assert!(!stderr.contains("a-short-secret-value"), "the secret is never shown: {stderr}");

    let missing = dir.join("nowhere").display().to_string();
    let (ok, stderr) = run_backend(&["--db", &db, "--addr", "127.0.0.1:0", "--secret-file", &missing]);
    assert!(!ok && stderr.contains(&format!("{missing}: cannot read the secret file")), "{stderr}");
    assert!(!dir.join("shop.sqlite3").exists(), "a bad secret is refused before the database is touched");

    // a long enough secret is taken (the start then stops at the missing consent file)
    let long = dir.join("secret");
    std::fs::write(&long, "  c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC1zZWNyZXQ=\n").unwrap();
    let long_arg = long.display().to_string();
    let args = ["--db", &db, "--addr", "127.0.0.1:0", "--secret-file", &long_arg, "--consent", &missing];
    let (ok, stderr) = run_backend(&args);
    assert!(!ok && stderr.contains("does not exist"), "{stderr}");
    assert!(!stderr.contains("the secret must") && !stderr.contains("secret file"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}
