//! Development mode cannot leak into production: the binary refuses `--dev` unless it listens on a loopback
//! address, and says why; outside development mode it warns that no SMS or email transport is configured.

mod common;

use common::{db_arg, run_backend, serve_backend, temp_dir};

const NO_TRANSPORT: &str = "no SMS or email transport is configured";

#[test]
fn development_mode_is_refused_on_an_address_other_machines_reach() {
    let dir = temp_dir("dev-mode");
    let db = db_arg(&dir);
    let (ok, stderr) = run_backend(&["--db", &db, "--addr", "0.0.0.0:0", "--dev"]);
    assert!(!ok, "{stderr}");
    assert!(stderr.contains("development mode") && stderr.contains("only on a loopback address"), "{stderr}");
    assert!(stderr.contains("not on 0.0.0.0:"), "the address is named: {stderr}");
    assert!(!dir.join("shop.sqlite3").exists(), "refused before the database is touched");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn development_mode_serves_on_loopback_and_production_warns_of_no_transport() {
    let dir = temp_dir("dev-mode");
    let db = db_arg(&dir);
    let dev = serve_backend(&["--db", &db, "--addr", "127.0.0.1:0", "--dev"]);
    assert!(dev.stdout.last().unwrap().starts_with("listening on http://127.0.0.1:"), "{:?}", dev.stdout);
    let stderr = dev.stop();
    assert!(stderr.contains("warning: development mode") && !stderr.contains(NO_TRANSPORT), "{stderr}");

    let production = serve_backend(&["--db", &db, "--addr", "127.0.0.1:0"]);
    let stderr = production.stop();
    assert!(stderr.contains(&format!("warning: {NO_TRANSPORT}")) && !stderr.contains("development mode"), "{stderr}");
    assert!(stderr.contains("never their text"), "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}
