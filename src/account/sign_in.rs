//! Signing in: a one-time code sent by SMS (which also signs a new number up), or a password.

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::account::{CodeRequest, CodeSignIn, PasswordSignIn};

use super::feedback::{form_errors, on_outcome, report};
use crate::{
    api::{self, ApiError},
    common::form::TextField,
    i18n::{Msg, fill_ltr, number, use_i18n},
    session::Session,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Code,
    Password,
}

#[component]
pub fn SignInView() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let way = RwSignal::new(Way::Code);
    let tab = move |value: Way, label: Msg| {
        view! {
            <button
                type="button"
                class="tab"
                aria-pressed=move || (way.get() == value).to_string()
                on:click=move |_| way.set(value)
            >
                {move || i18n.t(label)}
            </button>
        }
    };
    view! {
        <section class="account-sign-in" aria-labelledby="sign-in-heading">
            <p class="form-message" role="status">{move || session.notice.get().map(|m| i18n.t(m))}</p>
            <h1 id="sign-in-heading">{move || i18n.t(Msg::SignInTitle)}</h1>
            <p>{move || i18n.t(Msg::SignInIntro)}</p>
            <div class="tabs">{tab(Way::Code, Msg::ByCode)} {tab(Way::Password, Msg::ByPassword)}</div>
            {move || match way.get() {
                Way::Code => view! { <CodeSignInForm /> }.into_any(),
                Way::Password => view! { <PasswordSignInForm /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn CodeSignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let mobile = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let sent_to = RwSignal::new(None::<(String, u32)>);
    let message = RwSignal::new(None::<Msg>);
    let mobile_errors = form_errors(move || CodeRequest { mobile: mobile.get() }.validate().err().unwrap_or_default());
    let code_errors =
        form_errors(move || CodeSignIn { mobile: mobile.get(), code: code.get() }.validate().err().unwrap_or_default());

    let send = Action::new_local(move |mobile: &String| {
        let mobile = mobile.clone();
        async move { api::account::request_code(&mobile).await.map(|sent| (mobile, sent.expires_in_seconds)) }
    });
    let verify = Action::new_local(move |request: &CodeSignIn| {
        let request = request.clone();
        async move {
            let me = api::account::verify_code(&request).await?;
            session.signed_in(me).await;
            Ok::<_, ApiError>(())
        }
    });
    on_outcome(send, mobile_errors, message, move |sent| sent_to.set(Some(sent)));
    Effect::new(move |_| {
        if let Some(Err(error)) = verify.value().get() {
            report(error, code_errors, message);
        }
    });

    let submit_mobile = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        mobile_errors.submitted.set(true);
        if let Ok(normalised) = (CodeRequest { mobile: mobile.get_untracked() }).validate() {
            send.dispatch(normalised);
        }
    };
    let submit_code = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        code_errors.submitted.set(true);
        let request = CodeSignIn { mobile: mobile.get_untracked(), code: code.get_untracked() };
        if request.validate().is_ok() {
            verify.dispatch(request);
        }
    };

    view! {
        {move || match sent_to.get() {
            None => view! {
                <form class="account-form" novalidate on:submit=submit_mobile>
                    <TextField path="mobile" label=Msg::Mobile value=mobile.into() on_input=Callback::new(move |v| mobile.set(v)) errors=mobile_errors kind="tel" input_mode="tel" autocomplete="tel" />
                    <button type="submit" class="button button--primary" disabled=move || send.pending().get()>{move || i18n.t(Msg::SendCode)}</button>
                </form>
            }
                .into_any(),
            Some((to, seconds)) => {
                let minutes = (seconds / 60).max(1);
                view! {
                    <form class="account-form" novalidate on:submit=submit_code>
                        <p role="status">
                            {move || {
                                let text = i18n.t(Msg::CodeSentTo).replace("{n}", &number(minutes.into(), i18n.locale()));
                                fill_ltr(&text, "{mobile}", to.clone())
                            }}
                        </p>
                        <TextField path="code" label=Msg::OneTimeCode value=code.into() on_input=Callback::new(move |v| code.set(v)) errors=code_errors input_mode="numeric" autocomplete="one-time-code" />
                        <button type="submit" class="button button--primary" disabled=move || verify.pending().get()>{move || i18n.t(Msg::Verify)}</button>
                        <button type="button" class="button button--quiet" on:click=move |_| { sent_to.set(None); code.set(String::new()); }>{move || i18n.t(Msg::ChangeNumber)}</button>
                    </form>
                }
                    .into_any()
            }
        }}
        <p class="form-message" role="alert">{move || message.get().map(|m| i18n.t(m))}</p>
    }
}

#[component]
fn PasswordSignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let login = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Msg>);
    let errors = form_errors(move || {
        PasswordSignIn { login: login.get(), password: password.get() }.validate().err().unwrap_or_default()
    });
    let sign_in = Action::new_local(move |request: &PasswordSignIn| {
        let request = request.clone();
        async move {
            let me = api::account::password_sign_in(&request).await?;
            session.signed_in(me).await;
            Ok::<_, ApiError>(())
        }
    });
    Effect::new(move |_| {
        if let Some(Err(error)) = sign_in.value().get() {
            report(error, errors, message);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        errors.submitted.set(true);
        let request = PasswordSignIn { login: login.get_untracked(), password: password.get_untracked() };
        if request.validate().is_ok() {
            sign_in.dispatch(request);
        }
    };
    view! {
        <form class="account-form" novalidate on:submit=submit>
            <TextField path="login" label=Msg::LoginField value=login.into() on_input=Callback::new(move |v| login.set(v)) errors autocomplete="username" />
            <TextField path="password" label=Msg::Password value=password.into() on_input=Callback::new(move |v| password.set(v)) errors kind="password" autocomplete="current-password" />
            <button type="submit" class="button button--primary" disabled=move || sign_in.pending().get()>{move || i18n.t(Msg::SignInLink)}</button>
        </form>
        <p class="form-message" role="alert">{move || message.get().map(|m| i18n.t(m))}</p>
    }
}
