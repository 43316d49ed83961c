//! Development mode only: `GET /api/v1/dev/outbox` (JSON, oldest first) and `GET /dev/outbox` (a page) list
//! every message the [`DevOutbox`](super::DevOutbox) stored, so a developer or a browser test can read the
//! codes and links sent. Not routed (a 404 problem) outside development mode, and not in the OpenAPI document.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use super::store::{self, OutboxMessage};
use crate::AppState;
use crate::headers::hash_source;
use crate::problem::ApiError;

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/dev/outbox", get(list_messages)).route("/dev/outbox", get(page))
}

async fn messages(state: &AppState) -> Result<Vec<OutboxMessage>, ApiError> {
    state.db().run(|conn| Ok(store::all(conn)?)).await
}

/// Every stored message, oldest first.
pub async fn list_messages(State(state): State<AppState>) -> Result<Json<Vec<OutboxMessage>>, ApiError> {
    Ok(Json(messages(&state).await?))
}

/// The same list as a simple Persian page, newest first.
pub async fn page(State(state): State<AppState>) -> Result<Response, ApiError> {
    let mut items = String::new();
    for m in messages(&state).await?.iter().rev() {
        let subject = if m.subject.is_empty() { String::new() } else { format!("<h2>{}</h2>", escape(&m.subject)) };
        items.push_str(&format!(
            "<li><p><b>{}</b> → <bdi>{}</bdi> <time>{}</time></p>{subject}<pre>{}</pre></li>\n",
            escape(&m.channel),
            escape(&m.recipient),
            escape(&m.created_at),
            escape(&m.body)
        ));
    }
    if items.is_empty() {
        items.push_str("<li>هنوز پیامی فرستاده نشده است.</li>");
    }
    let html = format!(
        "<!doctype html>\n<html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width\"><title>صندوق پیام‌ها (توسعه)</title>\
         <style>{STYLE}</style></head>\
         <body><h1>صندوق پیام‌های فرستاده‌شده</h1><ol reversed>\n{items}</ol></body></html>\n"
    );
    // its one inline style, by hash; nothing else may load
    let policy = format!("default-src 'none'; style-src {}; frame-ancestors 'none'", hash_source(STYLE));
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&policy).map_err(|_| ApiError::internal())?),
    ];
    Ok((headers, html).into_response())
}

const STYLE: &str = "body{font-family:sans-serif;margin:1rem}li{margin-block-end:1rem}pre{white-space:pre-wrap}";

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    crate::markup::escape(text, "&#39;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup() {
        assert_eq!(super::escape(r#"<b a="1">&'"#), "&lt;b a=&quot;1&quot;&gt;&amp;&#39;");
    }
}
