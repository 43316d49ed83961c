//! Opening the link from a confirmation email makes the new email the official one.

use leptos::prelude::*;
use pishkhan_core::account::EmailConfirm;

use super::session::Session;
use crate::{
    api,
    i18n::{Msg, use_i18n},
};

#[component]
pub fn ConfirmEmailView(#[prop(into)] token: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let confirm = Action::new_local(move |token: &String| {
        let token = token.clone();
        async move {
            let confirmed = api::account::confirm_email(&EmailConfirm { token }).await;
            let ok = confirmed.is_ok();
            if ok
                && session.me.get_untracked().is_some()
                && let Ok(me) = api::account::me().await
            {
                session.me.set(Some(me));
            }
            ok
        }
    });
    // The token is single-use: sent once when the view opens, never again on a re-render, and kept
    // out of the address bar and history from now on.
    let token = token.get_untracked();
    let sent = !token.is_empty();
    if sent {
        confirm.dispatch(token);
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("/account/confirm-email"));
        }
    }
    let outcome = move || if sent { confirm.value().get() } else { Some(false) };
    view! {
        <section class="notice">
            {move || outcome().map(|ok| view! {
                <h1>{move || i18n.t(if ok { Msg::EmailConfirmed } else { Msg::EmailConfirmFailed })}</h1>
                <a class="button" href="/account">{move || i18n.t(Msg::AccountTitle)}</a>
            })}
        </section>
    }
}
