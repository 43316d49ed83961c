//! The footer, with the newsletter sign-up and the "privacy settings" link that reopens the consent settings on every page.

use leptos::prelude::*;

use crate::{
    consent::ConsentStore,
    i18n::{Msg, use_i18n},
    newsletter::NewsletterSignUp,
};

#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let consent = ConsentStore::use_store();
    view! {
        <footer class="site-footer">
            <NewsletterSignUp />
            <p>{move || i18n.t(Msg::FooterNote)}</p>
            <button type="button" class="link-button" on:click=move |_| consent.settings_open.set(true)>
                {move || i18n.t(Msg::PrivacySettings)}
            </button>
        </footer>
    }
}
