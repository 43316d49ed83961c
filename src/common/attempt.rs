//! One attempt at a write that is safe to retry: its idempotency key and the request it was made for.

use serde::{Deserialize, Serialize};

use super::random_id;

/// A retry of the same request reuses the key, so the backend answers with what it already did; a
/// changed request gets a new key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub key: String,
    pub request: String,
}

impl Attempt {
    /// The attempt for sending `request`: `last` if it was made for the same request, else a new key.
    pub fn for_request(last: Option<&Attempt>, request: &impl Serialize) -> Attempt {
        let fingerprint = serde_json::to_string(request).unwrap_or_default();
        match last {
            Some(last) if last.request == fingerprint => last.clone(),
            _ => Attempt { key: random_id(), request: fingerprint },
        }
    }
}
