//! Consent on a page that embeds the widget. The host page owns the conversation with the shopper
//! (its banner, its records); the widget asks nothing, keeps nothing, and loads no tracker until the
//! host passes the shopper's choice, by `Pishkhan.setConsent({analytics: true})` or the script tag's
//! `data-consent="analytics"`. Then only the shop's services of the granted purposes load.

use std::cell::Cell;

use leptos::task::spawn_local;
use pishkhan_core::consent::{Choices, ConsentRecord, Method, Purpose};
use wasm_bindgen::JsValue;

use super::{
    loader,
    store::{apply, load_config, now_ms},
};
use crate::common::random_id;

/// The purposes a host page granted; anything it did not name, or named wrongly, stays off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostChoice {
    pub granted: Vec<Purpose>,
    /// Names that are no optional purpose, for a console message.
    pub unknown: Vec<String>,
}

thread_local! {
    static GOOGLE_DEFAULT_SET: Cell<bool> = const { Cell::new(false) };
}

fn purpose(name: &str) -> Option<Purpose> {
    serde_json::from_value::<Purpose>(serde_json::Value::from(name)).ok().filter(|p| Purpose::OPTIONAL.contains(p))
}

impl HostChoice {
    /// From `data-consent`: purpose names separated by spaces or commas (`"analytics marketing"`).
    pub fn from_attribute(text: &str) -> Self {
        let mut choice = Self::default();
        for name in text.split([' ', ',']).map(str::trim).filter(|n| !n.is_empty()) {
            match purpose(name) {
                Some(p) if !choice.granted.contains(&p) => choice.granted.push(p),
                Some(_) => {}
                None => choice.unknown.push(name.to_owned()),
            }
        }
        choice
    }

    /// From `setConsent`'s object: `{ analytics: true, marketing: false }`; only `true` grants.
    pub fn from_object(value: &JsValue) -> Self {
        let mut choice = Self::default();
        let Ok(json) = js_sys::JSON::stringify(value).map(String::from) else { return choice };
        let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(&json) else {
            choice.unknown.push(json);
            return choice;
        };
        for (name, on) in map {
            match (purpose(&name), on) {
                (Some(p), serde_json::Value::Bool(true)) => choice.granted.push(p),
                (Some(_), serde_json::Value::Bool(false)) => {}
                _ => choice.unknown.push(name),
            }
        }
        choice
    }
}

/// Puts the host's choice in force: the granted purposes' services load (once each), our own events
/// flow only with analytics granted, and vendors with a consent interface are told.
pub fn apply_host_choice(choice: HostChoice) {
    if !choice.unknown.is_empty() {
        web_sys::console::error_1(
            &format!(
                "pishkhan: setConsent/data-consent: not a purpose: {}; the purposes are analytics, marketing, session_recording",
                choice.unknown.join(", ")
            )
            .into(),
        );
    }
    spawn_local(async move {
        let Some(config) = load_config().await else { return };
        if config.uses_google_consent_mode() && !GOOGLE_DEFAULT_SET.with(|set| set.replace(true)) {
            loader::google_consent_default();
        }
        let mut choices = Choices::reject_all(&config);
        for purpose in choice.granted {
            choices.set_purpose(&config, purpose, true);
        }
        apply(&config, &ConsentRecord::new(&config, random_id(), &choices, Method::Host, now_ms()));
    });
}
