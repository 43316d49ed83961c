//! The notice shown when a request fails: what happened, in the shopper's language, and a retry.

use leptos::prelude::*;

use crate::{
    api::ApiError,
    i18n::{Msg, use_i18n},
};

pub fn message(error: &ApiError) -> Msg {
    match error {
        ApiError::Network => Msg::ErrorNetwork,
        ApiError::Server(_) => Msg::ErrorServer,
        ApiError::TooManyRequests(_) => Msg::ErrorTooMany,
        ApiError::ProofRequired => Msg::ProofNeeded,
        ApiError::NotFound
        | ApiError::Invalid(_)
        | ApiError::Conflict(_)
        | ApiError::Gone(_)
        | ApiError::Unauthorized(_)
        | ApiError::Unexpected => Msg::ErrorUnexpected,
    }
}

/// `role="alert"` so screen readers announce it; `reassurance` says what was kept (e.g. the cart).
#[component]
pub fn LoadError(
    error: ApiError,
    #[prop(into)] on_retry: Callback<()>,
    #[prop(optional)] reassurance: Option<Msg>,
) -> impl IntoView {
    let i18n = use_i18n();
    let msg = message(&error);
    view! {
        <div class="load-error" role="alert">
            <p>{move || i18n.t(msg)}</p>
            {reassurance.map(|m| view! { <p class="load-error__kept">{move || i18n.t(m)}</p> })}
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {move || i18n.t(Msg::Retry)}
            </button>
        </div>
    }
}
