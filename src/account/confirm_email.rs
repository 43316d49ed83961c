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
    let result = LocalResource::new(move || {
        let token = token.get();
        async move { api::account::confirm_email(&EmailConfirm { token }).await }
    });
    view! {
        <section class="notice">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let ok = match result.await {
                        Ok(me) => {
                            if session.me.get_untracked().is_some() {
                                session.me.set(Some(me));
                            }
                            true
                        }
                        Err(_) => false,
                    };
                    view! {
                        <h1>{move || i18n.t(if ok { Msg::EmailConfirmed } else { Msg::EmailConfirmFailed })}</h1>
                        <a class="button" href="/account">{move || i18n.t(Msg::AccountTitle)}</a>
                    }
                })}
            </Suspense>
        </section>
    }
}
