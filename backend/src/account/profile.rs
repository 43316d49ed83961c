//! `GET`/`PUT /api/v1/me` (the profile) and `PUT /api/v1/me/password`, with their OpenAPI descriptions.

use axum::Json;
use axum::extract::State;
use pishkhan_core::Problem;
use pishkhan_core::account::{Me, PasswordChange, ProfileUpdate};
use rusqlite::{TransactionBehavior, params};

use crate::AppState;
use crate::auth::rate_limit::{self, PASSWORD_CHANGE_FAILURES};
use crate::auth::{CurrentUser, password, users};
use crate::orders::clock;
use crate::problem::{ApiError, CsrfRejected, JsonBody, JsonBodyProblems, SignInRequired};

/// The signed-in shopper's profile.
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "account",
    security(("session" = [])),
    responses(
        (status = 200, description = "The profile", body = Me),
        (status = 401, description = "`/problems/sign-in-required`: no live session", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn get_me(State(state): State<AppState>, user: CurrentUser) -> Result<Json<Me>, ApiError> {
    Ok(Json(state.db().run(move |conn| Ok(users::me(conn, user.user_id)?)).await?))
}

/// Updates the profile's own fields: names, national code, birth date (Gregorian `YYYY-MM-DD`, not in the
/// future), and whether to receive the newsletter and promotional SMS. Empty text clears a field.
#[utoipa::path(
    put,
    path = "/api/v1/me",
    tag = "account",
    security(("session" = [])),
    request_body(content = ProfileUpdate, content_type = "application/json"),
    responses(
        (status = 200, description = "The updated profile", body = Me),
        (status = 403, description = "`/problems/csrf`: send `X-Requested-With: pishkhan`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, each named (`first_name`, `last_name`, `national_code`, `birth_date`)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems, SignInRequired,
    )
)]
pub async fn update_me(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(update): JsonBody<ProfileUpdate>,
) -> Result<Json<Me>, ApiError> {
    let p = update.validate(&clock::today()).map_err(ApiError::invalid)?;
    let me = state
        .db()
        .run(move |conn| {
            conn.execute(
                "UPDATE users SET first_name = ?1, last_name = ?2, national_code = ?3, birth_date = ?4,
                    newsletter = ?5, sms_promotions = ?6 WHERE id = ?7",
                params![
                    p.first_name,
                    p.last_name,
                    p.national_code,
                    p.birth_date,
                    p.newsletter,
                    p.sms_promotions,
                    user.user_id
                ],
            )?;
            Ok(users::me(conn, user.user_id)?)
        })
        .await?;
    Ok(Json(me))
}

/// Sets the password (for signing in by password beside codes) or changes it. When one is set,
/// `current_password` must match; five wrong ones in fifteen minutes lock changing it for the rest of that
/// window (an attempt counts as wrong until it succeeds, so parallel guesses cannot pass the limit). Every
/// other session of the account is ended.
#[utoipa::path(
    put,
    path = "/api/v1/me/password",
    tag = "account",
    security(("session" = [])),
    request_body(content = PasswordChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The password is set; the profile (`has_password` true)", body = Me),
        (status = 422, description = "`new_password` is weak (`weak_password`), or `current_password` does not match (`wrong_password`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "`/problems/too-many-requests`: too many wrong current passwords", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        JsonBodyProblems, SignInRequired, CsrfRejected,
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<Json<Me>, ApiError> {
    let new_password = change.validate().map_err(ApiError::invalid)?;
    let user_id = user.user_id;
    let (now, secret) = (clock::now_unix(), state.hmac_key().clone());
    let (current, attempts) = state
        .db()
        .run(move |conn| {
            // check and count the attempt in one immediate transaction: a parallel attempt sees this one
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let Some(current) = users::password_hash(&tx, user_id)? else {
                return Ok((None, Vec::new())); // none set yet: nothing to guess
            };
            let key = user_id.to_string();
            let checks = [("password_change", key.as_str(), &PASSWORD_CHANGE_FAILURES[..])];
            let attempts = rate_limit::attempt(&tx, &secret, &checks, now, |seconds| {
                format!("Too many wrong passwords; try again in {seconds} seconds.")
            })?;
            tx.commit()?;
            Ok((Some(current), attempts))
        })
        .await?;
    if let Some(current) = current
        && !password::verify(change.current_password, Some(current)).await?
    {
        return Err(ApiError::field("current_password", "wrong_password", "The current password is not right"));
    }
    let phc = password::hash(new_password).await?;
    let token = crate::auth::secret::sha256_hex(&user.token);
    let me = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            rate_limit::forget(&tx, &attempts)?; // it was right
            tx.execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![phc, user_id])?;
            tx.execute("DELETE FROM sessions WHERE user_id = ?1 AND id_hash <> ?2", params![user_id, token])?;
            let me = users::me(&tx, user_id)?;
            tx.commit()?;
            Ok(me)
        })
        .await?;
    Ok(Json(me))
}
