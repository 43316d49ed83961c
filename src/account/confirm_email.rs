//! Opening the link from a confirmation email makes the new email the official one.

use leptos::prelude::*;
use pishkhan_core::account::EmailConfirm;

use crate::{
    api::{self, ApiError},
    common::LoadError,
    i18n::{Msg, use_i18n},
    links::{Link, Links},
    routes::Place,
    session::Session,
};

/// Sends the token; a signed-in storefront then reads the profile again. A token refused after a
/// lost answer may have been spent by that very request: a signed-in shopper whose pending email
/// is now the official one is told it worked.
async fn confirm(session: Session, token: String, pending: String) -> Result<(), ApiError> {
    let result = api::account::confirm_email(&EmailConfirm { token }).await;
    if session.me.get_untracked().is_none() || !(result.is_ok() || matches!(result, Err(ApiError::Invalid(_)))) {
        return result;
    }
    match api::account::me().await {
        Ok(me) => {
            let spent_by_us = result.is_err() && !pending.is_empty() && me.email == pending;
            session.me.set(Some(me));
            if spent_by_us { Ok(()) } else { result }
        }
        Err(_) => result,
    }
}

#[component]
pub fn ConfirmEmailView(#[prop(into)] token: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let confirm =
        Action::new_local(move |(token, pending): &(String, String)| confirm(session, token.clone(), pending.clone()));
    // The token is single-use: sent once, when the backend has said who is signed in (so the pending
    // email is known), again only from the retry after a failure that is not about the link; never on
    // a re-render. It is kept out of the address bar and history from now on.
    let token = token.get_untracked();
    let sent = !token.is_empty();
    if sent {
        Links::use_links().replace_address(Place::ConfirmEmail);
    }
    let pending =
        move || session.me.with_untracked(|m| m.as_ref().map(|m| m.pending_email.clone()).unwrap_or_default());
    let dispatched = StoredValue::new(false);
    Effect::new({
        let token = token.clone();
        move |_| {
            if sent && session.known.get() && !dispatched.get_value() {
                dispatched.set_value(true);
                confirm.dispatch((token.clone(), pending()));
            }
        }
    });
    let token = StoredValue::new(token);
    let outcome = move || if sent { confirm.value().get() } else { Some(Err(ApiError::NotFound)) };
    let heading = move |msg: Msg| {
        view! {
            <h1>{move || i18n.t(msg)}</h1>
            <Link to=Place::Account class="button">{move || i18n.t(Msg::AccountTitle)}</Link>
        }
    };
    view! {
        <section class="notice">
            {move || outcome().map(|result| match result {
                Ok(()) => heading(Msg::EmailConfirmed).into_any(),
                Err(ApiError::Invalid(_) | ApiError::NotFound) => heading(Msg::EmailConfirmFailed).into_any(),
                Err(ApiError::Conflict(problem)) if problem.kind.ends_with("-taken") => heading(Msg::AlreadyTaken).into_any(),
                Err(error) => view! { <LoadError error on_retry=move || { confirm.dispatch((token.get_value(), pending())); } /> }.into_any(),
            })}
        </section>
    }
}
