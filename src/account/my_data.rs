//! "My data": download everything the shop holds about me, and delete my account (confirmed by a
//! code sent to my mobile).

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::account::CodeVerify;
use wasm_bindgen::JsCast;

use super::feedback::{form_errors, on_outcome};
use crate::{
    api,
    common::{error_message, form::TextField},
    i18n::{Msg, use_i18n},
    session::Session,
};

/// Saves JSON as a file through a `blob:` URL: nothing leaves the browser, nothing goes in a URL.
fn download_json(value: &serde_json::Value, filename: &str) {
    let Ok(text) = serde_json::to_string_pretty(value) else { return };
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(link) =
        document().create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        link.set_href(&url);
        link.set_download(filename);
        link.click();
    }
    // Revoked once the browser has surely started the download.
    set_timeout(move || drop(web_sys::Url::revoke_object_url(&url)), std::time::Duration::from_secs(30));
}

#[component]
pub fn MyData() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let message = RwSignal::new(None::<Msg>);
    let export = Action::new_local(|_: &()| api::account::export_my_data());
    Effect::new(move |_| match export.value().get() {
        Some(Ok(data)) => download_json(&data, "pishkhan-my-data.json"),
        Some(Err(error)) => message.set(Some(error_message(&error))),
        None => {}
    });

    let code = RwSignal::new(String::new());
    let code_sent = RwSignal::new(false);
    let errors = form_errors(move || CodeVerify { code: code.get() }.validate().err().unwrap_or_default());
    let request = Action::new_local(|_: &()| api::account::request_deletion());
    let confirm = Action::new_local(move |code: &CodeVerify| {
        let code = code.clone();
        async move { api::account::confirm_deletion(&code).await }
    });
    on_outcome(request, errors, message, move |_| code_sent.set(true));
    // A lost answer's retry finds the account gone: the session has ended, and the sign-in form says so.
    on_outcome(confirm, errors, message, move |()| {
        session.notice.set(Some(Msg::AccountDeleted));
        session.forget();
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.submitted.set(true);
        let verify = CodeVerify { code: code.get_untracked() };
        if verify.validate().is_ok() {
            confirm.dispatch(verify);
        }
    };
    view! {
        <section class="form-section" aria-labelledby="export-heading">
            <h2 id="export-heading">{move || i18n.t(Msg::MyData)}</h2>
            <p>{move || i18n.t(Msg::ExportIntro)}</p>
            <button type="button" class="button button--primary" on:click=move |_| { message.set(None); export.dispatch(()); }>{move || i18n.t(Msg::ExportData)}</button>
        </section>
        <section class="form-section" aria-labelledby="delete-heading">
            <h2 id="delete-heading">{move || i18n.t(Msg::DeleteAccount)}</h2>
            <p>{move || i18n.t(Msg::DeleteIntro)}</p>
            <Show
                when=move || code_sent.get()
                fallback=move || view! {
                    <button type="button" class="button" on:click=move |_| { message.set(None); request.dispatch(()); }>{move || i18n.t(Msg::RequestDeletion)}</button>
                }
            >
                <form class="account-form" novalidate on:submit=submit>
                    <TextField path="code" label=Msg::OneTimeCode value=code.into() on_input=Callback::new(move |v| code.set(v)) errors input_mode="numeric" autocomplete="one-time-code" />
                    <button type="submit" class="button">{move || i18n.t(Msg::ConfirmDeletion)}</button>
                </form>
            </Show>
        </section>
        <p class="form-message" role="alert">{move || message.get().map(|m| i18n.t(m))}</p>
    }
}
