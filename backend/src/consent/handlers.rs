//! The consent handlers: recording a receipt (`POST /api/v1/consent/receipts`, with its OpenAPI description)
//! and serving the shop's validated configuration (`GET /consent.json`).

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::consent::ConsentReceipt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ledger;
use crate::AppState;
use crate::auth::client_ip::ClientIp;
use crate::auth::rate_limit::{self, RECEIPTS_PER_CONSENT_ID, RECEIPTS_PER_IP};
use crate::clock;
use crate::orders::idempotency::{self, IdempotencyKey, REPLAYED_HEADER};
use crate::problem::{ApiError, JsonBody, JsonBodyProblems, invalid_if_any};

/// What recording a receipt answers.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ReceiptRecorded {
    /// The receipt's number in the ledger.
    #[schema(minimum = 1, example = 42)]
    pub receipt_id: i64,
    /// When the server recorded it, RFC 3339 UTC.
    #[schema(example = "2026-11-02T08:30:00Z")]
    pub recorded_at: String,
}

/// Records a consent receipt: the anonymous record of a shopper's choice, change or withdrawal, kept in an
/// append-only ledger so the shop can show what was agreed to and when. Nothing else is stored with it:
/// no IP address, no user agent, no account.
///
/// Limits: ten receipts an hour per consent id, and two hundred an hour per client address (an IPv6 client
/// is one /64); only recorded receipts count.
///
/// Sent with an `Idempotency-Key` (unique per receipt of a consent id), it is safe to retry: the same key
/// and receipt again answer the receipt recorded the first time, and the ledger holds it once.
#[utoipa::path(
    post,
    path = "/api/v1/consent/receipts",
    tag = "consent",
    params(("Idempotency-Key" = Option<String>, Header, description = "1–100 visible ASCII characters, unique per receipt of a consent id: a retry with the same key and receipt is not recorded twice")),
    request_body(content = ConsentReceipt, description = "The choice as the shopper made it", content_type = "application/json"),
    responses(
        (status = 200, description = "The receipt recorded earlier with this `Idempotency-Key` (header `Idempotent-Replayed: true`)", body = ReceiptRecorded),
        (status = 201, description = "The receipt is recorded", body = ReceiptRecorded),
        (status = 422, description = "Invalid fields, each named: `consent_id`, `revision`, `purposes` (`necessary` is not a choice), `services`, `shown_text_hash`, or a missing or mistyped field; a malformed `Idempotency-Key`, or one already used for a different receipt (code `idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many receipts for this consent id or from this address", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems,
    )
)]
pub async fn record_receipt(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    key: Option<IdempotencyKey>,
    JsonBody(receipt): JsonBody<ConsentReceipt>,
) -> Result<Response, ApiError> {
    invalid_if_any(receipt.validate())?;
    let (now, secret) = (clock::now_unix(), state.hmac_key().clone());
    let hash = idempotency::request_hash(&receipt);
    let (replayed, recorded) = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            if let Some(IdempotencyKey(key)) = &key
                && let Some((receipt_id, recorded_at, first_hash)) = ledger::by_key(&tx, &receipt.consent_id, key)?
            {
                return if first_hash == hash {
                    Ok((true, ReceiptRecorded { receipt_id, recorded_at }))
                } else {
                    Err(idempotency::reused())
                };
            }
            let checks = [
                ("receipt_consent_id", receipt.consent_id.as_str(), &RECEIPTS_PER_CONSENT_ID[..]),
                ("receipt_ip", &ip, &RECEIPTS_PER_IP),
            ];
            rate_limit::attempt(&tx, &secret, &checks, now, |seconds| {
                format!("Too many consent receipts were sent; try again in {seconds} seconds.")
            })?;
            let recorded_at = clock::rfc3339(now);
            let keyed = key.as_ref().map(|IdempotencyKey(key)| ledger::Keyed { key, request_hash: &hash });
            let receipt_id = ledger::insert(&tx, &receipt, &recorded_at, keyed)?;
            tx.commit()?;
            Ok((false, ReceiptRecorded { receipt_id, recorded_at }))
        })
        .await?;
    Ok(if replayed {
        (StatusCode::OK, [(REPLAYED_HEADER, HeaderValue::from_static("true"))], Json(recorded)).into_response()
    } else {
        (StatusCode::CREATED, Json(recorded)).into_response()
    })
}

/// The shop's consent configuration as last validated, revalidated by the browser on every use
/// (`Cache-Control: no-cache`) so an edit takes effect at once. A 404 problem when none is configured.
pub async fn consent_json(State(state): State<AppState>) -> Result<Response, ApiError> {
    let Some(file) = state.consent().cloned() else {
        return Err(ApiError::not_found("This shop configures no consent services."));
    };
    let body = tokio::task::spawn_blocking(move || file.current()).await.map_err(|error| {
        eprintln!("error: reading the consent configuration failed: {error}");
        ApiError::internal()
    })?;
    let headers = [
        (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
    ];
    Ok((headers, body).into_response())
}
