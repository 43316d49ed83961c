//! Sending newsletter issues as the shop: its admin token, the admin requests, and subscribers made directly.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};
use serde_json::Value;

use super::{TestApp, TestResponse, json_request};

/// The admin token the tests configure (`--admin-token-file` holds such a line).
pub const ADMIN_TOKEN: &str = "test-admin-token-0123456789abcdef-0123456789";
pub const ISSUES: &str = "/api/v1/admin/newsletter/issues";

impl TestApp {
    /// `POST /api/v1/admin/newsletter/issues` with `body`, authorised by `bearer` (if any).
    pub async fn post_issue_as(&self, body: &Value, bearer: Option<&str>) -> TestResponse {
        let auth = bearer.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
        self.send(json_request(ISSUES, &body.to_string(), &headers)).await
    }

    pub async fn post_issue(&self, body: &Value) -> TestResponse {
        self.post_issue_as(body, Some(ADMIN_TOKEN)).await
    }

    pub async fn issue_progress(&self, id: i64) -> TestResponse {
        let request = Request::get(format!("{ISSUES}/{id}"))
            .header(header::AUTHORIZATION, format!("Bearer {ADMIN_TOKEN}"))
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }

    /// Sends `body` as an issue and waits (bounded) until its sending is done; its last progress.
    pub async fn send_issue(&self, body: &Value) -> Value {
        let created = self.post_issue(body).await;
        assert_eq!(created.status, 202, "{}", created.text());
        let id = created.json()["id"].as_i64().unwrap();
        assert_eq!(created.header(header::LOCATION), format!("{ISSUES}/{id}"));
        for _ in 0..3000 {
            let progress = self.issue_progress(id).await;
            assert_eq!(progress.status, 200, "{}", progress.text());
            if progress.json()["done"] == true {
                return progress.json();
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("issue {id} was not sent: {}", self.issue_progress(id).await.text());
    }

    /// A guest on `list` with `status` (made directly, as if signed up and confirmed); its subscription id.
    pub fn guest(&self, list: &str, address: &str, status: &str) -> i64 {
        let sql = self.sql();
        sql.execute(
            "INSERT INTO subscriptions (list, address, status, updated_at) VALUES (?1, ?2, ?3, '2025-01-01T00:00:00Z')",
            [list, address, status],
        )
        .unwrap();
        sql.last_insert_rowid()
    }

    /// The status of subscription `id`.
    pub fn subscription_status(&self, id: i64) -> String {
        self.sql().query_row("SELECT status FROM subscriptions WHERE id = ?1", [id], |r| r.get(0)).unwrap()
    }
}
