//! Opting out of promotional SMS by replying: `POST /api/v1/sms/inbound` is what the SMS provider's webhook
//! calls with each inbound reply (`{"from": …, "text": …}`). It is signed with a secret shared with the provider
//! (`--sms-webhook-secret-file`): the header `X-Pishkhan-Signature` holds the lowercase hex HMAC-SHA256 of the
//! exact body, compared in constant time. Without a configured secret the route answers 404, as if absent.
//! A stop word (`لغو`, `لغو ۱۱`, `۱۱`, `STOP`, …) takes the number off promotional SMS, as an event by `sms`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use pishkhan_core::Problem;
use pishkhan_core::checkout::validate;
use pishkhan_core::digits::to_ascii_digits;
use serde::{Deserialize, Serialize};

use super::store::{self, By, List};
use crate::AppState;
use crate::auth::secret::constant_time_eq;
use crate::problem::ApiError;

pub const SIGNATURE_HEADER: &str = "x-pishkhan-signature";
pub const BAD_SIGNATURE: &str = "/problems/bad-signature";

/// An inbound SMS as the provider reports it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InboundSms {
    /// The sender's number, in any common form (`09…`, `+989…`, `989…`, Persian digits).
    pub from: String,
    pub text: String,
}

/// What the reply did.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InboundHandled {
    /// The text is a stop word.
    pub stop: bool,
    /// The number was taken off promotional SMS by it (false: not a member's, or off already).
    pub unsubscribed: bool,
}

/// Whether `text` asks to stop promotional SMS: `لغو` or `STOP` (alone or with the shop's code `11`), or the
/// code alone, in any digits, case and spacing.
pub fn is_stop(text: &str) -> bool {
    let ascii = to_ascii_digits(text).to_uppercase();
    let words: Vec<&str> = ascii.split_whitespace().collect();
    let stop_word = |w: &str| matches!(w, "لغو" | "STOP" | "UNSUBSCRIBE" | "انصراف" | "CANCEL");
    match words.as_slice() {
        [one] => stop_word(one) || *one == "11" || one.strip_prefix("لغو").is_some_and(|n| n == "11"),
        [word, code] => stop_word(word) && *code == "11",
        _ => false,
    }
}

/// Handles an inbound SMS from the provider; see the module notes. **Not for browsers**: signed, not CSRF-guarded.
#[utoipa::path(
    post,
    path = "/api/v1/sms/inbound",
    tag = "newsletter",
    request_body(content = InboundSms, content_type = "application/json"),
    params(("X-Pishkhan-Signature" = String, Header, description = "Lowercase hex HMAC-SHA256 of the body under the shared webhook secret")),
    responses(
        (status = 200, description = "Handled", body = InboundHandled),
        (status = 400, description = "`/problems/malformed-body`", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "`/problems/bad-signature`: the signature is missing or wrong; nothing changed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No webhook secret is configured", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn inbound(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<InboundHandled>, ApiError> {
    let Some(secret) = state.sms_webhook_secret() else {
        return Err(ApiError::not_found("No such route."));
    };
    let given = headers.get(SIGNATURE_HEADER).map(|v| v.as_bytes()).unwrap_or_default();
    let text = std::str::from_utf8(&body).ok();
    let expected = text.map(|t| secret.hash_hex(t)).unwrap_or_default();
    if text.is_none() || !constant_time_eq(expected.as_bytes(), given) {
        return Err(ApiError::kind(
            401,
            BAD_SIGNATURE,
            "Bad signature",
            "The X-Pishkhan-Signature header is missing or wrong.",
        ));
    }
    let sms: InboundSms = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            "Malformed body",
            e.to_string(),
            pishkhan_core::FieldError::new("text", "malformed", "Send {\"from\", \"text\"}."),
        )
    })?;
    let stop = is_stop(&sms.text);
    let mobile = validate::mobile(&sms.from).ok();
    let unsubscribed = match (stop, mobile) {
        (true, Some(mobile)) => {
            state
                .db()
                .run(move |conn| {
                    let tx = conn.transaction()?;
                    let user: Option<i64> = rusqlite::OptionalExtension::optional(tx.query_row(
                        "SELECT id FROM users WHERE mobile = ?1 AND deleted_at IS NULL",
                        [&mobile],
                        |r| r.get(0),
                    ))?;
                    let changed = match user {
                        Some(user_id) => store::set_member(&tx, user_id, List::SmsPromotions, false, By::Sms)?,
                        None => false,
                    };
                    tx.commit()?;
                    Ok(changed)
                })
                .await?
        }
        _ => false,
    };
    Ok(Json(InboundHandled { stop, unsubscribed }))
}

#[cfg(test)]
mod tests {
    use super::is_stop;

    #[test]
    fn stop_words() {
        for yes in ["لغو ۱۱", "لغو", "STOP", "stop", "11", "۱۱", " لغو  11 ", "لغو۱۱", "Stop 11", "انصراف"]
        {
            assert!(is_stop(yes), "{yes}");
        }
        for no in ["سلام", "لغو سفارش", "12", "please stop sending", "", "111"] {
            assert!(!is_stop(no), "{no}");
        }
    }
}
