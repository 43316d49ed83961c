//! A guest's newsletter sign-up: an email field, and "check your inbox" once the backend has mailed the
//! confirmation link. What was typed stays when the request fails.

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::account::EmailChange;

use crate::{
    api::{self, ApiError},
    common::{
        error_message,
        form::{FormErrors, TextField},
    },
    i18n::{Msg, number, use_i18n},
};

#[component]
pub fn NewsletterSignUp() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    // the mail's hours once sent; else what went wrong (not about a field)
    let message = RwSignal::new(None::<Result<u32, Msg>>);
    let errors =
        FormErrors::new(Memo::new(move |_| EmailChange { email: email.get() }.validate().err().unwrap_or_default()));
    let subscribe = Action::new_local(move |signup: &EmailChange| {
        let signup = signup.clone();
        async move { api::newsletter::subscribe(&signup).await }
    });
    Effect::new(move |_| match subscribe.value().get() {
        Some(Ok(signup)) => {
            email.set(String::new());
            errors.submitted.set(false);
            message.set(Some(Ok(signup.confirm_within_hours)));
        }
        Some(Err(ApiError::Invalid(problem))) => errors.server.set(problem.errors),
        Some(Err(error)) => message.set(Some(Err(error_message(&error)))),
        None => {}
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        errors.submitted.set(true);
        let request = EmailChange { email: email.get_untracked() };
        if request.validate().is_ok() {
            subscribe.dispatch(request);
        }
    };
    view! {
        <form class="newsletter-signup" novalidate aria-labelledby="newsletter-signup-title" on:submit=submit>
            <h2 id="newsletter-signup-title">{move || i18n.t(Msg::NewsletterTitle)}</h2>
            <p>{move || i18n.t(Msg::NewsletterIntro)}</p>
            <TextField path="email" id="newsletter-email" label=Msg::NewsletterEmail value=email.into() on_input=Callback::new(move |v| email.set(v)) errors kind="email" autocomplete="email" />
            <button type="submit" class="button" disabled=move || subscribe.pending().get()>{move || i18n.t(Msg::NewsletterSubscribe)}</button>
            <p class="form-message" role="status">
                {move || message.get().map(|m| match m {
                    Ok(hours) => i18n.t(Msg::NewsletterCheckInbox).replace("{n}", &number(hours.into(), i18n.locale())),
                    Err(msg) => i18n.t(msg).to_owned(),
                })}
            </p>
        </form>
    }
}
