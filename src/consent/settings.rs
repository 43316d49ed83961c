//! The settings dialog: every purpose and service with what it stores, nothing pre-ticked. A modal
//! `<dialog>`: focus moves in and is kept there, Escape closes it, focus returns to where it was.

use leptos::{ev::KeyboardEvent, html, prelude::*};
use pishkhan_core::consent::{Choices, ConsentConfig, Method, Purpose, Service};
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::store::ConsentStore;
use crate::i18n::{Locale, Msg, use_i18n};

fn purpose_texts(purpose: Purpose) -> (Msg, Msg) {
    match purpose {
        Purpose::Necessary => (Msg::PurposeNecessary, Msg::PurposeNecessaryText),
        Purpose::Analytics => (Msg::PurposeAnalytics, Msg::PurposeAnalyticsText),
        Purpose::Marketing => (Msg::PurposeMarketing, Msg::PurposeMarketingText),
        Purpose::SessionRecording => (Msg::PurposeSessionRecording, Msg::PurposeSessionRecordingText),
    }
}

fn stores_text(service: &Service, locale: Locale) -> String {
    let items: Vec<&str> = service.cookies.iter().chain(&service.storage_keys).map(String::as_str).collect();
    let list = if items.is_empty() { Msg::NothingStored.text(locale).to_owned() } else { items.join("، ") };
    format!("{} {list}", Msg::Stores.text(locale))
}

fn focusables(dialog: &web_sys::HtmlDialogElement) -> Vec<HtmlElement> {
    let Ok(nodes) = dialog.query_selector_all("button:not([disabled]), input:not([disabled]), a[href]") else {
        return Vec::new();
    };
    (0..nodes.length()).filter_map(|i| nodes.item(i)?.dyn_into::<HtmlElement>().ok()).collect()
}

/// Keeps Tab and Shift+Tab inside the dialog.
fn trap_focus(dialog: &web_sys::HtmlDialogElement, ev: &KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(dialog);
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let active = document().active_element();
    let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>());
    if ev.shift_key() && at(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && at(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

#[component]
fn ServiceRow(service: Service, config: ConsentConfig, pending: RwSignal<Choices>) -> impl IntoView {
    let i18n = use_i18n();
    let id = service.id.clone();
    let necessary = service.purpose == Purpose::Necessary;
    let checked = {
        let service = service.clone();
        move || necessary || pending.with(|c| c.allows(&service))
    };
    let toggle = move |on: bool| pending.update(|c| c.set_service(&config, &id, on));
    let input_id = format!("consent-service-{}", service.id);
    let stores = service.clone();
    view! {
        <li class="consent-service">
            <input
                type="checkbox"
                id=input_id.clone()
                prop:checked=checked
                disabled=necessary
                on:change:target=move |ev| toggle(ev.target().checked())
            />
            <label for=input_id><strong>{service.name.clone()}</strong></label>
            <p>{move || if i18n.locale() == Locale::Fa { service.description_fa.clone() } else { service.description_en.clone() }}</p>
            <p class="consent-service__stores">{move || stores_text(&stores, i18n.locale())}</p>
        </li>
    }
}

#[component]
fn PurposeGroup(purpose: Purpose, config: ConsentConfig, pending: RwSignal<Choices>) -> impl IntoView {
    let i18n = use_i18n();
    let (label, text) = purpose_texts(purpose);
    let necessary = purpose == Purpose::Necessary;
    let services: Vec<Service> = config.services.iter().filter(|s| s.purpose == purpose).cloned().collect();
    let input_id = format!("consent-purpose-{purpose:?}").to_lowercase();
    let text_id = format!("{input_id}-text");
    view! {
        <section class="consent-purpose">
            <div class="consent-purpose__head">
                <input
                    type="checkbox"
                    id=input_id.clone()
                    aria-describedby=text_id.clone()
                    prop:checked=move || necessary || pending.with(|c| c.allows_purpose(purpose))
                    disabled=necessary
                    on:change:target={
                        let config = config.clone();
                        move |ev| {
                            let on = ev.target().checked();
                            pending.update(|c| c.set_purpose(&config, purpose, on));
                        }
                    }
                />
                <label for=input_id><strong>{move || i18n.t(label)}</strong></label>
            </div>
            <p id=text_id>{move || i18n.t(text)}</p>
            <ul class="consent-purpose__services">
                {services.into_iter().map(|service| view! { <ServiceRow service config=config.clone() pending /> }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn ConsentSettings() -> impl IntoView {
    let i18n = use_i18n();
    let store = ConsentStore::use_store();
    let dialog = NodeRef::<html::Dialog>::new();
    let pending = RwSignal::new(Choices::default());
    let opener = StoredValue::new_local(None::<HtmlElement>);

    Effect::new(move |_| {
        let open = store.settings_open.get();
        let Some(el) = dialog.get() else { return };
        if open && !el.open() {
            if let Some(choices) = store.current_choices() {
                pending.set(choices);
            }
            opener.set_value(document().active_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()));
            let _ = el.show_modal();
        } else if !open && el.open() {
            el.close();
        }
    });
    let on_close = move |_| {
        store.settings_open.set(false);
        if let Some(el) = opener.get_value() {
            let _ = el.focus();
        }
    };
    let shown_text = move || i18n.t(Msg::PrivacySettingsIntro).to_owned();
    let save = move |choices: Choices| store.decide(choices, Method::Settings, &shown_text());
    let uniform = move |accept: bool| {
        if let Some(config) = store.config.get_untracked() {
            save(if accept { Choices::accept_all(&config) } else { Choices::reject_all(&config) });
        }
    };

    view! {
        <dialog
            class="consent-settings"
            node_ref=dialog
            aria-labelledby="consent-settings-title"
            on:close=on_close
            on:keydown=move |ev| {
                if let Some(el) = dialog.get_untracked() {
                    trap_focus(&el, &ev);
                }
            }
        >
            <div class="consent-settings__head">
                <h2 id="consent-settings-title">{move || i18n.t(Msg::PrivacySettings)}</h2>
                <button
                    type="button"
                    class="consent-settings__close"
                    aria-label=move || i18n.t(Msg::CloseSettings)
                    on:click=move |_| store.settings_open.set(false)
                >
                    "×"
                </button>
            </div>
            <p>{move || i18n.t(Msg::PrivacySettingsIntro)}</p>
            {move || {
                store.config.get().map(|config| {
                    let purposes: Vec<Purpose> = std::iter::once(Purpose::Necessary).chain(config.purposes_in_use()).collect();
                    purposes
                        .into_iter()
                        .map(|purpose| view! { <PurposeGroup purpose config=config.clone() pending /> })
                        .collect_view()
                })
            }}
            <div class="consent-settings__actions">
                <button type="button" class="button" on:click=move |_| save(pending.get_untracked())>{move || i18n.t(Msg::SaveChoices)}</button>
                <button type="button" class="button" on:click=move |_| uniform(true)>{move || i18n.t(Msg::AcceptAll)}</button>
                <button type="button" class="button" on:click=move |_| uniform(false)>{move || i18n.t(Msg::RejectAll)}</button>
            </div>
        </dialog>
    }
}
