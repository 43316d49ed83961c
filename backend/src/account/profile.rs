//! `GET`/`PUT /api/v1/me` (the profile) and `PUT /api/v1/me/password`, with their OpenAPI descriptions.

use axum::Json;
use axum::extract::State;
use pishkhan_core::Problem;
use pishkhan_core::account::{Me, PasswordChange, ProfileUpdate};
use rusqlite::params;

use super::proof;
use crate::AppState;
use crate::auth::{CurrentUser, password, session, users};
use crate::clock;
use crate::newsletter::store::{self, By, List};
use crate::outbox::{Message, messages};
use crate::problem::{ApiError, JsonBody, JsonBodyProblems, SignInRequired};

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
            let tx = conn.transaction()?;
            tx.execute(
                "UPDATE users SET first_name = ?1, last_name = ?2, national_code = ?3, birth_date = ?4 WHERE id = ?5",
                params![p.first_name, p.last_name, p.national_code, p.birth_date, user.user_id],
            )?;
            // the flags are the member's subscription rows; each change is an event by `profile`
            store::set_member(&tx, user.user_id, List::Newsletter, p.newsletter, By::Profile)?;
            store::set_member(&tx, user.user_id, List::SmsPromotions, p.sms_promotions, By::Profile)?;
            let me = users::me(&tx, user.user_id)?;
            tx.commit()?;
            Ok(me)
        })
        .await?;
    Ok(Json(me))
}

/// Sets the password (for signing in by password beside codes) or changes it. The session must have proven
/// itself in the last ten minutes (`POST /api/v1/me/proof`). Every other session of the account ends, and the
/// mobile number is told by SMS.
#[utoipa::path(
    put,
    path = "/api/v1/me/password",
    tag = "account",
    security(("session" = [])),
    request_body(content = PasswordChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The password is set; the profile (`has_password` true)", body = Me),
        (status = 403, description = "`/problems/proof-required`: prove it is the owner first (`POST /api/v1/me/proof`); or `/problems/csrf`", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`new_password` is weak (`weak_password`)", body = Problem, content_type = "application/problem+json"),
        JsonBodyProblems, SignInRequired,
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    user: CurrentUser,
    JsonBody(change): JsonBody<PasswordChange>,
) -> Result<Json<Me>, ApiError> {
    let new_password = change.validate().map_err(ApiError::invalid)?;
    // checked before the (costly) hash, so an unproven session cannot make the server hash; and again with the change
    let (check, now) = (user.clone(), clock::now_unix());
    state.db().run(move |conn| proof::require(conn, &check, now)).await?;
    let phc = password::hash(new_password).await?;
    let (user_id, session) = (user.user_id, user.session_hash());
    let (me, first) = state
        .db()
        .run(move |conn| {
            let tx = conn.transaction()?;
            proof::require(&tx, &user, clock::now_unix())?;
            let first = users::password_hash(&tx, user_id)?.is_none();
            tx.execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![phc, user_id])?;
            session::end_others(&tx, user_id, Some(&session))?;
            let me = users::me(&tx, user_id)?;
            tx.commit()?;
            Ok((me, first))
        })
        .await?;
    let notice = Message::Sms { to: me.mobile.clone(), text: messages::password_changed(first) };
    super::tell_owner(&state, notice).await;
    Ok(Json(me))
}
