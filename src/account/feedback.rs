//! How account forms show what went wrong: field errors at their fields, anything else as one message.

use leptos::prelude::*;
use pishkhan_core::FieldError;

use super::proof::Proof;
use crate::{
    api::ApiError,
    common::{error_message, form::FormErrors},
    i18n::Msg,
    session::Session,
};

/// A form's state: its errors (client rules, then the backend's), and a failure message.
pub fn form_errors(client: impl Fn() -> Vec<FieldError> + Send + Sync + 'static) -> FormErrors {
    FormErrors::new(Memo::new(move |_| client()))
}

/// What to show for a failed request: field errors go to their fields; the rest is one message. An
/// ended session signs the shopper out here too, so the sign-in form appears; a change refused for want
/// of proof brings back the "confirm it's you" panel.
pub fn report(error: ApiError, errors: FormErrors, message: RwSignal<Option<Msg>>) {
    match error {
        ApiError::Invalid(problem) => errors.server.set(problem.errors),
        error if error.is_session_ended() => {
            if let Some(session) = use_context::<Session>() {
                session.ended();
            }
        }
        ApiError::ProofRequired => {
            // the panel comes back above the forms; what was typed here stays
            if let Some(proof) = Proof::use_proof() {
                proof.needed();
            }
            message.set(Some(Msg::ProofNeeded));
        }
        ApiError::Unauthorized(_) => message.set(Some(Msg::WrongCredentials)),
        ApiError::Conflict(problem) if problem.kind.ends_with("-taken") => message.set(Some(Msg::AlreadyTaken)),
        other => message.set(Some(error_message(&other))),
    }
}

/// Runs `on_ok` with an action's success, or reports its failure on the form.
pub fn on_outcome<I: 'static, T: Clone + Send + Sync + 'static>(
    action: Action<I, Result<T, ApiError>>,
    errors: FormErrors,
    message: RwSignal<Option<Msg>>,
    on_ok: impl Fn(T) + 'static,
) {
    Effect::new(move |_| match action.value().get() {
        Some(Ok(value)) => on_ok(value),
        Some(Err(error)) => report(error, errors, message),
        None => {}
    });
}
