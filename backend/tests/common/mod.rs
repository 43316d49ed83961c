//! Test harness: a fresh app on its own temporary SQLite file, driven with `oneshot` (no socket). Its
//! messages go to the development outbox table, where the helpers read the codes and links sent (the
//! production default, which stores no text, is [`TestApp::production`]).
#![allow(dead_code)]

pub mod admin;
pub mod auth;
pub mod maildev;
pub mod orders;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use pishkhan_backend::outbox::DevOutbox;
use pishkhan_backend::{AppState, app};
use serde_json::Value;
use tower::ServiceExt;

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A unique, empty temporary directory.
pub fn temp_dir(label: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("pishkhan-{label}-{}-{n}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct TestApp {
    pub router: Router,
    pub dir: PathBuf,
    pub db_path: PathBuf,
}

/// The app's temporary directory (its database) goes with it, so test runs leave nothing behind.
impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl TestApp {
    pub fn new() -> Self {
        Self::build(|state| state)
    }

    /// An app in development mode (serves `GET /api/v1/dev/orders`, `/api/v1/dev/consent-receipts` and
    /// `/api/v1/dev/outbox`).
    pub fn dev() -> Self {
        Self::build(|state| state.with_dev_mode(true))
    }

    /// An app that also serves `static_dir` as the storefront.
    pub fn with_static(static_dir: &Path) -> Self {
        let dir = static_dir.to_owned();
        Self::build(move |state| state.with_static_dir(dir).unwrap())
    }

    /// An app on a fresh database, configured by `configure`, its messages stored in the outbox table.
    pub fn build(configure: impl FnOnce(AppState) -> AppState) -> Self {
        Self::production(|state| configure(readable(state)))
    }

    /// An app on a fresh database, configured by `configure`, with the sender the binary has outside
    /// development mode (no text stored) unless `configure` gives one.
    pub fn production(configure: impl FnOnce(AppState) -> AppState) -> Self {
        let dir = temp_dir("db");
        let db_path = dir.join("shop.sqlite3");
        let state = configure(AppState::open(&db_path).unwrap());
        Self { router: app(state), dir, db_path }
    }

    /// Restarts the server on the same database file: a new state, as a new process would open it.
    pub fn restart(&mut self, configure: impl FnOnce(AppState) -> AppState) {
        self.router = app(configure(readable(AppState::open(&self.db_path).unwrap())));
    }

    /// A second connection to the test database, to check what the API does not expose.
    pub fn sql(&self) -> rusqlite::Connection {
        rusqlite::Connection::open(&self.db_path).unwrap()
    }

    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        TestResponse::read(self.router.clone().oneshot(request).await.unwrap()).await
    }

    pub async fn get(&self, uri: &str) -> TestResponse {
        self.send(Request::get(uri).body(Body::empty()).unwrap()).await
    }

    pub async fn post_json(&self, uri: &str, body: &str) -> TestResponse {
        let request = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .unwrap();
        self.send(request).await
    }

    /// `POST` a JSON body with extra headers.
    pub async fn post_json_with(&self, uri: &str, body: &str, headers: &[(&str, &str)]) -> TestResponse {
        self.send(json_request(uri, body, headers)).await
    }

    /// Sends every request at once, each on its own task through a clone of the router (one shared
    /// state); answers come back in the requests' order.
    pub async fn send_concurrently(&self, requests: Vec<Request<Body>>) -> Vec<TestResponse> {
        let tasks: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let router = self.router.clone();
                tokio::spawn(async move { TestResponse::read(router.oneshot(request).await.unwrap()).await })
            })
            .collect();
        let mut responses = Vec::new();
        for task in tasks {
            responses.push(task.await.unwrap());
        }
        responses
    }

    /// `GET` that must answer 200 with JSON.
    pub async fn get_ok(&self, uri: &str) -> Value {
        let response = self.get(uri).await;
        assert_eq!(response.status, StatusCode::OK, "{uri}: {}", response.text());
        response.json()
    }

    /// Every product matching `query` (e.g. `q=..&sort=..`), walking all pages.
    pub async fn all_products(&self, query: &str) -> Vec<Value> {
        let mut items = Vec::new();
        for page in 1.. {
            let body = self.get_ok(&format!("/api/v1/products?{query}&per_page=100&page={page}")).await;
            let batch = body["items"].as_array().unwrap().clone();
            if batch.is_empty() {
                break;
            }
            items.extend(batch);
        }
        items
    }

    /// The ids of every product matching a search, in listing order.
    pub async fn search_ids(&self, q: &str) -> Vec<u64> {
        ids(&self.all_products(&format!("q={}", encode(q))).await)
    }
}

/// `state` with its messages stored in the development outbox table, for the tests to read.
fn readable(state: AppState) -> AppState {
    let outbox = DevOutbox::new(state.db().clone());
    state.with_sender(Arc::new(outbox))
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl TestResponse {
    pub async fn read(response: axum::response::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        TestResponse { status, headers, body }
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: header::HeaderName) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    pub fn content_type(&self) -> &str {
        self.header(header::CONTENT_TYPE)
    }

    /// Asserts a problem+json answer with this status, and returns the fields its `errors` name.
    pub fn assert_problem(&self, status: u16) -> Vec<String> {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert_eq!(self.content_type(), "application/problem+json", "{}", self.text());
        let body = self.json();
        assert_eq!(body["status"], status);
        assert!(body["title"].is_string() && body["type"].is_string());
        body["errors"]
            .as_array()
            .map(|errors| errors.iter().map(|e| e["field"].as_str().unwrap().to_owned()).collect())
            .unwrap_or_default()
    }
}

/// The real binary with `args`, and none of its settings from this environment.
fn backend_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pishkhan-backend"));
    command.args(args);
    for name in
        ["PISHKHAN_STATIC", "PISHKHAN_CONSENT", "PISHKHAN_DB", "PISHKHAN_ADDR", "PISHKHAN_SECRET_FILE", "PISHKHAN_DEV"]
    {
        command.env_remove(name);
    }
    command
}

/// Runs the real binary; it must exit by itself (with an error) within the timeout. Answers whether it
/// succeeded, and what it wrote to stderr.
pub fn run_backend(args: &[&str]) -> (bool, String) {
    let mut child = backend_command(args).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the backend started serving instead of refusing");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// The real binary, serving until dropped (then stopped).
pub struct Served {
    child: Child,
    /// What it printed on stdout up to its `listening on` line.
    pub stdout: Vec<String>,
}

impl Served {
    /// Stops the binary and returns what it wrote to stderr.
    pub fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut stderr = String::new();
        if let Some(mut pipe) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
        }
        let _ = self.child.wait();
        stderr
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the real binary and waits (at most 30 s) for it to say it is listening; panics with its stderr if
/// it exits instead.
pub fn serve_backend(args: &[&str]) -> Served {
    let mut child = backend_command(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        // read to the end, so the binary never writes to a closed pipe
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut served = Served { child, stdout: Vec::new() };
    loop {
        match received.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => {
                let listening = line.starts_with("listening on ");
                served.stdout.push(line);
                if listening {
                    return served;
                }
            }
            Err(_) => {
                let stdout = served.stdout.join("\n");
                panic!("the backend did not start serving: {stdout}\n{}", served.stop());
            }
        }
    }
}

/// The `--db` argument for a database file in `dir`.
pub fn db_arg(dir: &Path) -> String {
    dir.join("shop.sqlite3").display().to_string()
}

/// A `POST` of a JSON body with extra headers.
pub fn json_request(uri: &str, body: &str, headers: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::builder().method(Method::POST).uri(uri).header(header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.body(Body::from(body.to_owned())).unwrap()
}

/// Percent-encodes a query value (everything but unreserved ASCII).
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub fn ids(items: &[Value]) -> Vec<u64> {
    items.iter().map(|item| item["id"].as_u64().unwrap()).collect()
}
