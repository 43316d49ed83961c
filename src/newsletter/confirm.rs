//! Opening the link of a newsletter sign-up's confirmation mail subscribes the address (double opt-in).

use leptos::prelude::*;
use pishkhan_core::account::EmailConfirm;

use crate::{
    api::{self, ApiError},
    common::LoadError,
    i18n::{Msg, use_i18n},
    links::{Link, Links},
    routes::Place,
};

#[component]
pub fn NewsletterConfirmView(#[prop(into)] token: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let confirm = Action::new_local(move |token: &String| {
        let request = EmailConfirm { token: token.clone() };
        async move { api::newsletter::confirm(&request).await.map(|_| ()) }
    });
    // Sent once, on opening (the link is the shopper's yes), and again only from the retry after a failure
    // that is not about the link. The token is single-use and is kept out of the address bar and history.
    let token = StoredValue::new(token.get_untracked());
    let sent = !token.with_value(String::is_empty);
    if sent {
        Links::use_links().replace_address(Place::NewsletterConfirm);
        confirm.dispatch(token.get_value());
    }
    let outcome = move || if sent { confirm.value().get() } else { Some(Err(ApiError::NotFound)) };
    view! {
        <section class="notice">
            {move || outcome().map(|result| match result {
                Ok(()) => view! {
                    <h1>{move || i18n.t(Msg::NewsletterConfirmed)}</h1>
                    <p>{move || i18n.t(Msg::NewsletterConfirmedHint)}</p>
                    <Link to=Place::Home class="button">{move || i18n.t(Msg::ContinueShopping)}</Link>
                }.into_any(),
                Err(ApiError::Invalid(_) | ApiError::NotFound) => view! {
                    <h1>{move || i18n.t(Msg::NewsletterConfirmFailed)}</h1>
                    <Link to=Place::Home class="button">{move || i18n.t(Msg::ContinueShopping)}</Link>
                }.into_any(),
                Err(error) => view! { <LoadError error on_retry=move || { confirm.dispatch(token.get_value()); } /> }.into_any(),
            })}
        </section>
    }
}
