//! The address book: `GET`/`POST /api/v1/me/addresses`, `PUT`/`DELETE /api/v1/me/addresses/{id}`, with their
//! OpenAPI descriptions. Another account's address id is a 404, as an unknown one is.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use pishkhan_core::Problem;
use pishkhan_core::account::{AddressInput, SavedAddress};

use super::address_store::{self as store, MAX_ADDRESSES};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::orders::idempotency::{self, IdempotencyKey, REPLAYED_HEADER};
use crate::problem::{ApiError, CsrfRejected, JsonBody, JsonBodyProblems, SignInRequired};

fn no_such_address() -> ApiError {
    ApiError::not_found("You have no address with this id.")
}

/// The saved addresses, the default first.
#[utoipa::path(
    get,
    path = "/api/v1/me/addresses",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The address book, the default first, then oldest first", body = Vec<SavedAddress>),
        SignInRequired,
    )
)]
pub async fn list(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Vec<SavedAddress>>, ApiError> {
    Ok(Json(state.db().run(move |conn| Ok(store::list(conn, user.user_id)?)).await?))
}

/// Saves an address (validated as at checkout). The first address, or one sent with `is_default`, becomes
/// the default; at most one is. Sent with an `Idempotency-Key`, it is safe to retry: the same key and
/// address again answer the address saved the first time (as it is now), not a second copy.
#[utoipa::path(
    post,
    path = "/api/v1/me/addresses",
    tag = "account",
    security(("session" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "1–100 visible ASCII characters, unique per address to save: a retry with the same key and address does not save it twice")),
    request_body(content = AddressInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The address saved earlier with this `Idempotency-Key` (header `Idempotent-Replayed: true`)", body = SavedAddress),
        (status = 201, description = "The saved address", body = SavedAddress),
        (status = 409, description = "`/problems/address-book-full`: 50 addresses are kept already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named (`label`, `recipient.…`, `address.…`); a malformed `Idempotency-Key`, or one already used for a different address (code `idempotency_key_reused`), names the field `Idempotency-Key`", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    key: Option<IdempotencyKey>,
    JsonBody(input): JsonBody<AddressInput>,
) -> Result<Response, ApiError> {
    let input = input.validate().map_err(ApiError::invalid)?;
    let hash = idempotency::request_hash(&input);
    let (replayed, saved) = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            if let Some(IdempotencyKey(key)) = &key
                && let Some((id, first_hash)) = store::by_key(&tx, user.user_id, key)?
            {
                if first_hash != hash {
                    return Err(idempotency::reused());
                }
                return Ok((true, store::get(&tx, user.user_id, id)?.ok_or_else(ApiError::internal)?));
            }
            if store::count(&tx, user.user_id)? >= MAX_ADDRESSES {
                return Err(ApiError::kind(
                    409,
                    "/problems/address-book-full",
                    "Address book full",
                    "Delete an address before saving another.",
                ));
            }
            let id = store::insert(&tx, user.user_id, &input)?;
            if let Some(IdempotencyKey(key)) = &key {
                store::remember_key(&tx, id, key, &hash)?;
            }
            let saved = store::get(&tx, user.user_id, id)?.ok_or_else(ApiError::internal)?;
            tx.commit()?;
            Ok((false, saved))
        })
        .await?;
    Ok(if replayed {
        (StatusCode::OK, [(REPLAYED_HEADER, HeaderValue::from_static("true"))], Json(saved)).into_response()
    } else {
        (StatusCode::CREATED, Json(saved)).into_response()
    })
}

/// Replaces a saved address. Sending `is_default` makes it the default (and no other).
#[utoipa::path(
    put,
    path = "/api/v1/me/addresses/{id}",
    tag = "account",
    security(("session" = [])),
    params(("id" = u32, Path, description = "The address's id")),
    request_body(content = AddressInput, content_type = "application/json"),
    responses(
        (status = 200, description = "The saved address", body = SavedAddress),
        (status = 404, description = "You have no address with this id", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<u32>,
    JsonBody(input): JsonBody<AddressInput>,
) -> Result<Json<SavedAddress>, ApiError> {
    let input = input.validate().map_err(ApiError::invalid)?;
    let saved = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            if !store::update(&tx, user.user_id, id, &input)? {
                return Err(no_such_address());
            }
            let saved = store::get(&tx, user.user_id, id)?.ok_or_else(no_such_address)?;
            tx.commit()?;
            Ok(saved)
        })
        .await?;
    Ok(Json(saved))
}

/// Deletes a saved address. If it was the default, the oldest remaining one becomes the default.
#[utoipa::path(
    delete,
    path = "/api/v1/me/addresses/{id}",
    tag = "account",
    security(("session" = [])),
    params(("id" = u32, Path, description = "The address's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "You have no address with this id", body = Problem, content_type = "application/problem+json"),
        SignInRequired, CsrfRejected,
    )
)]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<u32>,
) -> Result<StatusCode, ApiError> {
    let deleted = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            let deleted = store::delete(&tx, user.user_id, id)?;
            tx.commit()?;
            Ok(deleted)
        })
        .await?;
    if deleted { Ok(StatusCode::NO_CONTENT) } else { Err(no_such_address()) }
}
