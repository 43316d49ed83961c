//! A real SMTP server for the mail tests: maildev (from the project's npm devDependencies, installed by the
//! set-up's `npm ci`) on free loopback ports, stopped with its handle. What it received is read from its REST
//! API (`GET /api/email`), headers included. A test that needs it and cannot start it fails, saying why.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub struct Maildev {
    child: Child,
    /// Its `TMPDIR`, where it writes each received message's source.
    dir: PathBuf,
    pub smtp_port: u16,
    pub web_port: u16,
}

impl Drop for Maildev {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// maildev's command-line entry point in the repository's `node_modules`.
fn entry_point() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../node_modules/maildev/dist/bin/maildev.js")
}

/// A plain HTTP/1.0 GET on loopback (no client library needed): the status and the body.
fn http_get(port: u16, path: &str) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n")?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, body.to_owned()))
}

impl Maildev {
    /// Starts maildev on free loopback ports and waits until its API answers; panics (the test fails) with
    /// what to do if it cannot.
    pub fn start() -> Self {
        let entry = entry_point();
        assert!(
            entry.is_file(),
            "maildev is not installed ({} is missing): run `npm ci` in the repository (scripts/setup.sh does); \
             the mail tests need a real SMTP server",
            entry.display()
        );
        let (smtp_port, web_port) = (free_port(), free_port());
        let dir = super::temp_dir("maildev");
        let child = Command::new("node")
            .env("TMPDIR", &dir)
            .arg(&entry)
            .args(["--ip", "127.0.0.1", "--web-ip", "127.0.0.1", "--silent"])
            .args(["--smtp", &smtp_port.to_string(), "--web", &web_port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start maildev with node (is Node.js 20 installed?): {e}"));
        let mut maildev = Self { child, dir, smtp_port, web_port };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = maildev.child.try_wait() {
                panic!("maildev exited with {status} before answering");
            }
            let smtp_up = TcpStream::connect(("127.0.0.1", smtp_port)).is_ok();
            if smtp_up && matches!(http_get(web_port, "/api/email"), Ok((200, _))) {
                return maildev;
            }
            assert!(Instant::now() < deadline, "maildev did not answer on 127.0.0.1:{web_port} within 30 s");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The URL the backend sends to.
    pub fn smtp_url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.smtp_port)
    }

    /// Every message received, oldest first, as maildev describes it (`subject`, `text`, `html`, `to`, ...), plus
    /// `raw_headers`: every header of the message as it arrived (`[name, unfolded value]`, from its source).
    pub fn messages(&self) -> Vec<Value> {
        let (status, body) = http_get(self.web_port, "/api/email").expect("maildev's API");
        assert_eq!(status, 200, "{body}");
        let mut messages: Vec<Value> = serde_json::from_str(&body).expect("maildev's /api/email is JSON");
        for message in &mut messages {
            let id = message["id"].as_str().expect("an id").to_owned();
            let (status, source) = http_get(self.web_port, &format!("/api/email/{id}/source")).expect("the source");
            assert_eq!(status, 200, "{source}");
            message["raw_headers"] = Value::from(raw_headers(&source));
        }
        messages
    }

    /// The messages received for `to`.
    pub fn to(&self, to: &str) -> Vec<Value> {
        self.messages()
            .into_iter()
            .filter(|m| m["to"].as_array().is_some_and(|list| list.iter().any(|a| a["address"] == to)))
            .collect()
    }

    /// Waits (bounded) until `count` messages have arrived: SMTP delivery and maildev's parsing are not
    /// instant. Not a timing assertion: only an upper bound on waiting.
    pub fn wait_for(&self, count: usize) -> Vec<Value> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let messages = self.messages();
            if messages.len() >= count || Instant::now() > deadline {
                return messages;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The top-level headers of a message's source, each `[name, value]` with its folding undone.
fn raw_headers(source: &str) -> Vec<Vec<String>> {
    let head = source.split("\r\n\r\n").next().unwrap_or("");
    let mut headers: Vec<Vec<String>> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(last) = headers.last_mut() {
                last[1] = format!("{} {}", last[1], line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push(vec![name.trim().to_owned(), value.trim().to_owned()]);
        }
    }
    headers
}

/// A header of a received message as it arrived (its name in any case), unfolded; `None` if absent.
pub fn header(message: &Value, name: &str) -> Option<String> {
    message["raw_headers"].as_array()?.iter().find_map(|pair| {
        let pair = pair.as_array()?;
        let found = pair.first()?.as_str()?.eq_ignore_ascii_case(name);
        found.then(|| pair.get(1)?.as_str().map(ToOwned::to_owned)).flatten()
    })
}
