//! A consent receipt: the anonymous record of one choice, change or withdrawal, posted to the
//! backend's append-only ledger.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Method, Purpose};
use crate::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReceiptAction {
    Given,
    Changed,
    Withdrawn,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsentReceipt {
    pub consent_id: String,
    pub revision: String,
    pub action: ReceiptAction,
    pub method: Method,
    pub purposes: BTreeMap<Purpose, bool>,
    pub services: BTreeMap<String, bool>,
    /// Fingerprint of the banner or settings text the shopper was shown.
    pub shown_text_hash: String,
}

fn is_token(s: &str, max: usize) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

impl ConsentReceipt {
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if !is_token(&self.consent_id, 64) {
            errors.push(FieldError::new("consent_id", "invalid_format", "1 to 64 letters, digits or dashes"));
        }
        if self.revision.trim().is_empty() || self.revision.len() > 40 {
            errors.push(FieldError::new("revision", "invalid_format", "1 to 40 characters"));
        }
        if self.purposes.contains_key(&Purpose::Necessary) {
            errors.push(FieldError::new("purposes", "unknown_value", "necessary is not a choice"));
        }
        if self.services.len() > 100 || self.services.keys().any(|k| !is_token(k, 40)) {
            errors.push(FieldError::new("services", "invalid_format", "at most 100 service ids"));
        }
        if !(self.shown_text_hash.len() == 16 && self.shown_text_hash.bytes().all(|b| b.is_ascii_hexdigit())) {
            errors.push(FieldError::new("shown_text_hash", "invalid_format", "16 hexadecimal digits"));
        }
        errors
    }
}
