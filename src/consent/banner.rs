//! The first layer: accept all, reject all and settings, of equal weight. Fixed to the bottom of the
//! viewport so it never moves the page; closing it rejects.

use leptos::prelude::*;
use pishkhan_core::consent::{Choices, Method};

use super::store::{Banner, ConsentStore};
use crate::i18n::{Msg, use_i18n};

#[component]
pub fn ConsentBanner() -> impl IntoView {
    let i18n = use_i18n();
    let store = ConsentStore::use_store();
    let text =
        move || i18n.t(if store.banner.get() == Banner::GpcApplied { Msg::ConsentGpcText } else { Msg::ConsentText });
    let decide = move |accept: bool| {
        let Some(config) = store.config.get_untracked() else { return };
        let choices = if accept { Choices::accept_all(&config) } else { Choices::reject_all(&config) };
        store.decide(choices, Method::Banner, text());
    };
    let open_settings = move |_| store.settings_open.set(true);
    view! {
        <Show when=move || store.banner.get() != Banner::Hidden>
            <section class="consent-banner" aria-labelledby="consent-banner-title">
                <h2 id="consent-banner-title" class="consent-banner__title">{move || i18n.t(Msg::ConsentRegion)}</h2>
                <p class="consent-banner__text">{text}</p>
                <div class="consent-banner__actions">
                    <Show
                        when=move || store.banner.get() == Banner::Ask
                        fallback=move || view! {
                            <button type="button" class="button" on:click=move |_| store.banner.set(Banner::Hidden)>
                                {move || i18n.t(Msg::GotIt)}
                            </button>
                        }
                    >
                        <button type="button" class="button" on:click=move |_| decide(true)>{move || i18n.t(Msg::AcceptAll)}</button>
                        <button type="button" class="button" on:click=move |_| decide(false)>{move || i18n.t(Msg::RejectAll)}</button>
                    </Show>
                    <button type="button" class="button" on:click=open_settings>{move || i18n.t(Msg::ConsentSettings)}</button>
                </div>
                <Show when=move || store.banner.get() == Banner::Ask>
                    <button
                        type="button"
                        class="consent-banner__close"
                        aria-label=move || i18n.t(Msg::ConsentClose)
                        on:click=move |_| decide(false)
                    >
                        "×"
                    </button>
                </Show>
            </section>
        </Show>
    }
}
