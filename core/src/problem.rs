//! RFC 9457 problem details, with the per-field errors every form needs.

use serde::{Deserialize, Serialize};

/// One invalid input: which field, a stable machine code the UI translates, and an English message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as sent: a query parameter, or a JSON path such as `lines[2].quantity`.
    pub field: String,
    /// Stable code, e.g. `required`, `out_of_range`, `unknown_value`, `invalid_number`.
    pub code: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self { field: field.into(), code: code.to_owned(), message: message.into() }
    }
}

/// An `application/problem+json` body (RFC 9457).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub const MEDIA_TYPE: &'static str = "application/problem+json";

    pub fn new(status: u16, kind: &str, title: impl Into<String>) -> Self {
        Self { kind: kind.to_owned(), title: title.into(), status, detail: None, errors: Vec::new() }
    }

    /// 422 with the given field errors.
    pub fn invalid(errors: Vec<FieldError>) -> Self {
        Self { errors, ..Self::new(422, "/problems/validation", "The request has invalid fields") }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}
