//! Problem+json responses (RFC 9457) and a JSON body extractor whose rejections are problems too.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::{FieldError, Problem};
use serde::de::DeserializeOwned;
use utoipa::IntoResponses;

/// An error answer: a [`Problem`] sent as `application/problem+json` with its status (and, for a 429 or a
/// busy database's 503, a `Retry-After` header).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub problem: Problem,
    /// Seconds, sent as `Retry-After`.
    pub retry_after: Option<u64>,
}

impl From<Problem> for ApiError {
    fn from(problem: Problem) -> Self {
        Self { problem, retry_after: None }
    }
}

impl ApiError {
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::from(Problem::new(404, "/problems/not-found", "Not found").with_detail(detail))
    }

    /// 429: too many requests; try again after `seconds`.
    pub fn too_many(seconds: u64, detail: impl Into<String>) -> Self {
        let problem = Problem::new(429, "/problems/too-many-requests", "Too many requests").with_detail(detail);
        Self { problem, retry_after: Some(seconds.max(1)) }
    }

    /// 401, 403 or 409 with a problem type of its own and a fixed title.
    pub fn kind(status: u16, kind: &str, title: &str, detail: impl Into<String>) -> Self {
        Self::from(Problem::new(status, kind, title).with_detail(detail))
    }

    /// 422 naming one field.
    pub fn field(field: &str, code: &str, message: &str) -> Self {
        Self::invalid(vec![FieldError::new(field, code, message)])
    }
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Self::from(Problem::invalid(errors))
    }

    pub fn bad_request(title: &str, detail: impl Into<String>, error: FieldError) -> Self {
        let mut problem = Problem::new(400, "/problems/malformed-body", title).with_detail(detail);
        problem.errors.push(error);
        Self::from(problem)
    }

    pub fn with_status(status: StatusCode, kind: &str, detail: impl Into<String>) -> Self {
        let title = status.canonical_reason().unwrap_or("Error");
        Self::from(Problem::new(status.as_u16(), kind, title).with_detail(detail))
    }

    /// A 500 that says nothing about the cause; the cause is logged by whoever builds it.
    pub fn internal() -> Self {
        Self::from(
            Problem::new(500, "/problems/internal", "Internal server error")
                .with_detail("Something went wrong on our side; please try again."),
        )
    }
}

/// `Ok` when there are no field errors, else the 422 naming them.
pub fn invalid_if_any(errors: Vec<FieldError>) -> Result<(), ApiError> {
    if errors.is_empty() { Ok(()) } else { Err(ApiError::invalid(errors)) }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(self.problem)).into_response();
        response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(Problem::MEDIA_TYPE));
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// The problem type of a 503 answered when the database stayed locked by another writer for longer than
/// the connection's busy timeout: nothing was written, and the same request may be sent again.
pub const DATABASE_BUSY: &str = "/problems/database-busy";

/// Seconds a client is asked to wait (`Retry-After`) before retrying a request the busy database refused.
pub const BUSY_RETRY_AFTER: u64 = 1;

impl ApiError {
    /// 503 with `Retry-After`: the database is locked by another writer (`SQLITE_BUSY`, `SQLITE_LOCKED`).
    pub fn database_busy() -> Self {
        let problem = Problem::new(503, DATABASE_BUSY, "The shop is busy")
            .with_detail("The database is busy with other changes; nothing was changed. Please try again in a moment.");
        Self { problem, retry_after: Some(BUSY_RETRY_AFTER) }
    }
}

/// Whether a database error means another connection holds the lock (a transient condition, not a fault).
pub fn is_busy(error: &rusqlite::Error) -> bool {
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked};
    matches!(error.sqlite_error_code(), Some(DatabaseBusy | DatabaseLocked))
}

impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        if is_busy(&error) {
            eprintln!("warning: database busy: {error}");
            return Self::database_busy();
        }
        eprintln!("error: database: {error}");
        Self::internal()
    }
}

/// Fallback for unknown routes.
pub async fn not_found() -> ApiError {
    ApiError::not_found("There is no such resource.")
}

/// Fallback for a known path asked with a method it does not support.
pub async fn method_not_allowed() -> ApiError {
    ApiError::with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        "/problems/method-not-allowed",
        "This resource does not support that method.",
    )
}

/// A JSON request body. Unlike [`axum::Json`], every rejection is a problem: malformed JSON is a 400
/// naming the field `body`; a wrong type or a missing field is a 422 naming the field's JSON path.
#[derive(Debug, Clone)]
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if !is_json(&req) {
            return Err(ApiError::with_status(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "/problems/unsupported-media-type",
                "Send the body as application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            ApiError::with_status(rejection.status(), "/problems/unreadable-body", rejection.body_text())
        })?;
        decode(&bytes).map(JsonBody)
    }
}

fn is_json(req: &Request) -> bool {
    let Some(value) = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|error| body_error(&error.path().to_string(), error.inner()))?;
    // trailing characters after the value are a syntax error too
    deserializer.end().map_err(|error| body_error(".", &error))?;
    Ok(value)
}

fn body_error(path: &str, error: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    match error.classify() {
        Category::Data => {
            let message = error.to_string();
            let (field, code) = data_field(path, &message);
            let detail = format!("The body has an invalid field: {field}.");
            ApiError::from(
                Problem::invalid(vec![FieldError::new(field, code, strip_position(&message))]).with_detail(detail),
            )
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::bad_request(
            "Malformed JSON body",
            "The body is not valid JSON.",
            FieldError::new("body", "invalid_json", error.to_string()),
        ),
    }
}

/// The field a data error is about, and its code: a missing field is named by its own path. A map key that
/// failed to parse (a `?` segment, e.g. `purposes.?`) is named by its map.
fn data_field(path: &str, message: &str) -> (String, &'static str) {
    let path = match path.trim_end_matches(".?") {
        "?" => ".",
        path => path,
    };
    let at = |suffix: &str| match path {
        "." | "" => suffix.to_owned(),
        _ => format!("{path}.{suffix}"),
    };
    if let Some(name) = message.strip_prefix("missing field `").and_then(|rest| rest.split('`').next()) {
        return (at(name), "required");
    }
    let field = if path == "." || path.is_empty() { "body".to_owned() } else { path.to_owned() };
    (field, "invalid_type")
}

fn strip_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

// Problem responses many operations document alike, for `responses(...)` in `#[utoipa::path]`.

/// 400 and 415: what [`JsonBody`] rejects before a handler runs.
#[derive(IntoResponses)]
pub enum JsonBodyProblems {
    #[response(status = 400, description = "The body is not valid JSON", content_type = "application/problem+json")]
    Malformed(Problem),
    #[response(
        status = 415,
        description = "The body is not sent as application/json",
        content_type = "application/problem+json"
    )]
    NotJson(Problem),
}

/// 401: the route needs a live session ([`CurrentUser`](crate::auth::CurrentUser)).
#[derive(IntoResponses)]
#[response(status = 401, description = "`/problems/sign-in-required`", content_type = "application/problem+json")]
pub struct SignInRequired(pub Problem);

/// 429: too many of these requests for now; `Retry-After` says when to try again.
#[derive(IntoResponses)]
#[response(
    status = 429,
    description = "`/problems/too-many-requests`",
    content_type = "application/problem+json",
    headers(("Retry-After" = u64, description = "Seconds to wait"))
)]
pub struct TooManyRequests(pub Problem);

/// 503: the SMS or email could not be handed to the shop's provider; nothing was changed.
#[derive(IntoResponses)]
#[response(status = 503, description = "`/problems/message-not-sent`", content_type = "application/problem+json")]
pub struct MessageNotSent(pub Problem);

/// 403: an unsafe request with the session cookie failed the CSRF check ([`crate::auth::csrf`]).
#[derive(IntoResponses)]
#[response(status = 403, description = "`/problems/csrf`", content_type = "application/problem+json")]
pub struct CsrfRejected(pub Problem);
