//! The official contacts: changing the mobile number (confirmed by a code sent to the new number),
//! the email (official once its link is opened), and the password. Each needs the session to have
//! proven it is the owner first ([`super::proof`]); a refusal for want of proof keeps what was typed.

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::account::{CodeVerify, EmailChange, MobileChange, PasswordChange};

use super::feedback::{form_errors, on_outcome};
use crate::{
    api,
    common::form::TextField,
    i18n::{Msg, fill_ltr, use_i18n},
    session::Session,
};

#[component]
pub fn MobileChangeForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let new_mobile = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let code_sent = RwSignal::new(false);
    let message = RwSignal::new(None::<Msg>);
    let errors =
        form_errors(move || MobileChange { new_mobile: new_mobile.get() }.validate().err().unwrap_or_default());
    let code_errors = form_errors(move || CodeVerify { code: code.get() }.validate().err().unwrap_or_default());
    let start = Action::new_local(move |change: &MobileChange| {
        let change = change.clone();
        async move { api::account::change_mobile(&change).await }
    });
    let verify = Action::new_local(move |code: &CodeVerify| {
        let code = code.clone();
        async move { api::account::verify_mobile(&code).await }
    });
    on_outcome(start, errors, message, move |_| code_sent.set(true));
    on_outcome(verify, code_errors, message, move |me| {
        session.me.set(Some(me));
        code_sent.set(false);
        new_mobile.set(String::new());
        code.set(String::new());
        message.set(Some(Msg::MobileChanged));
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        if code_sent.get_untracked() {
            code_errors.submitted.set(true);
            let request = CodeVerify { code: code.get_untracked() };
            if request.validate().is_ok() {
                verify.dispatch(request);
            }
        } else {
            errors.submitted.set(true);
            let request = MobileChange { new_mobile: new_mobile.get_untracked() };
            if request.validate().is_ok() {
                start.dispatch(request);
            }
        }
    };
    let current = move || session.me.with(|m| m.as_ref().map(|m| m.mobile.clone()).unwrap_or_default());
    view! {
        <form class="account-form" novalidate on:submit=submit>
            <p>{move || fill_ltr(i18n.t(Msg::CurrentMobile), "{mobile}", current())}</p>
            <TextField path="new_mobile" label=Msg::NewMobile value=new_mobile.into() on_input=Callback::new(move |v| new_mobile.set(v)) errors kind="tel" input_mode="tel" />
            <Show when=move || code_sent.get()>
                <TextField path="code" label=Msg::OneTimeCode value=code.into() on_input=Callback::new(move |v| code.set(v)) errors=code_errors input_mode="numeric" autocomplete="one-time-code" />
            </Show>
            <button type="submit" class="button">
                {move || i18n.t(if code_sent.get() { Msg::Verify } else { Msg::ChangeMobile })}
            </button>
            <p class="form-message" role="status">{move || message.get().map(|m| i18n.t(m))}</p>
        </form>
    }
}

#[component]
pub fn EmailChangeForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let email = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Msg>);
    let errors = form_errors(move || EmailChange { email: email.get() }.validate().err().unwrap_or_default());
    let change = Action::new_local(move |change: &EmailChange| {
        let change = change.clone();
        async move { api::account::change_email(&change).await }
    });
    on_outcome(change, errors, message, move |me| {
        session.me.set(Some(me));
        email.set(String::new());
        message.set(Some(Msg::EmailLinkSent));
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        errors.submitted.set(true);
        let request = EmailChange { email: email.get_untracked() };
        if request.validate().is_ok() {
            change.dispatch(request);
        }
    };
    let official = move || session.me.with(|m| m.as_ref().map(|m| m.email.clone()).unwrap_or_default());
    let pending = move || session.me.with(|m| m.as_ref().map(|m| m.pending_email.clone()).unwrap_or_default());
    view! {
        <form class="account-form" novalidate on:submit=submit>
            <p>
                {move || {
                    let official = official();
                    if official.is_empty() { i18n.t(Msg::NoEmail).into_any() } else { fill_ltr(i18n.t(Msg::CurrentEmail), "{email}", official) }
                }}
            </p>
            {move || {
                let pending = pending();
                (!pending.is_empty()).then(|| view! { <p class="form-hint">{fill_ltr(i18n.t(Msg::PendingEmail), "{email}", pending)}</p> })
            }}
            <TextField path="email" label=Msg::NewEmail value=email.into() on_input=Callback::new(move |v| email.set(v)) errors kind="email" autocomplete="email" />
            <button type="submit" class="button">{move || i18n.t(Msg::ChangeEmail)}</button>
            <p class="form-message" role="status">{move || message.get().map(|m| i18n.t(m))}</p>
        </form>
    }
}

#[component]
pub fn PasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let new = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Msg>);
    let request = move || PasswordChange { new_password: new.get() };
    let errors = form_errors(move || request().validate().err().unwrap_or_default());
    let save = Action::new_local(move |change: &PasswordChange| {
        let change = change.clone();
        async move { api::account::change_password(&change).await }
    });
    on_outcome(save, errors, message, move |me| {
        new.set(String::new());
        session.me.set(Some(me));
        message.set(Some(Msg::PasswordSaved));
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        errors.submitted.set(true);
        let change = request();
        if change.validate().is_ok() {
            save.dispatch(change);
        }
    };
    view! {
        <form class="account-form" novalidate on:submit=submit>
            <TextField path="new_password" label=Msg::NewPassword value=new.into() on_input=Callback::new(move |v| new.set(v)) errors kind="password" autocomplete="new-password" />
            <button type="submit" class="button">{move || i18n.t(Msg::SetPassword)}</button>
            <p class="form-message" role="status">{move || message.get().map(|m| i18n.t(m))}</p>
        </form>
    }
}
