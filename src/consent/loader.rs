//! The one place a tracker's script is added to the page. It demands a [`Grant`], which only the
//! consent state in `core` can produce for a service whose purpose the shopper agreed to.

use std::{cell::RefCell, collections::BTreeSet};

use js_sys::{Array, Function, Object, Reflect};
use pishkhan_core::consent::{Choices, ConsentConfig, Grant, Purpose};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};

thread_local! {
    static LOADED: RefCell<BTreeSet<String>> = const { RefCell::new(BTreeSet::new()) };
}

/// Adds the granted service's scripts once per page.
pub fn load(grant: &Grant, config: &ConsentConfig) {
    let Some(service) = config.service(grant.service_id()) else { return };
    let first_time = LOADED.with(|l| l.borrow_mut().insert(service.id.clone()));
    if !first_time {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(head) = document.head() else { return };
    for source in &service.scripts {
        if let Ok(script) = document.create_element("script") {
            let _ = script.set_attribute("src", &source.src);
            // the browser runs it only if it is exactly the reviewed file (a cross-origin check needs CORS)
            if let Some(integrity) = &source.integrity {
                let _ = script.set_attribute("integrity", integrity);
                let _ = script.set_attribute("crossorigin", "anonymous");
            }
            let _ = script.set_attribute("async", "");
            let _ = script.set_attribute("data-consent-service", &service.id);
            let _ = head.append_child(&script);
        }
    }
}

fn gtag(args: &[JsValue]) {
    let Some(window) = web_sys::window() else { return };
    if let Ok(f) = Reflect::get(&window, &"gtag".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.apply(&JsValue::NULL, &args.iter().collect::<Array>());
    }
}

const GOOGLE_CONSENT_TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

fn consent_object(granted: impl Fn(&str) -> bool) -> Object {
    let object = Object::new();
    for kind in GOOGLE_CONSENT_TYPES {
        let value = if granted(kind) { "granted" } else { "denied" };
        let _ = Reflect::set(&object, &kind.into(), &value.into());
    }
    object
}

// Google's tag reads commands from `dataLayer` only as `arguments` objects, which only a JavaScript
// function makes. wasm-bindgen ships this as a module file from the shop's own host, so the
// Content-Security-Policy needs no `eval` for it.
#[wasm_bindgen(inline_js = "export function define_gtag() {
    window.dataLayer = window.dataLayer || [];
    window.gtag = window.gtag || function gtag() { window.dataLayer.push(arguments); };
}")]
extern "C" {
    fn define_gtag();
}

/// Google Consent Mode v2: defines `gtag` and sets every type to denied. Runs before any Google tag.
pub fn google_consent_default() {
    define_gtag();
    gtag(&["consent".into(), "default".into(), consent_object(|_| false).into()]);
}

/// Tells Google Consent Mode what the shopper chose.
pub fn google_consent_update(choices: &Choices) {
    let analytics = choices.allows_purpose(Purpose::Analytics);
    let marketing = choices.allows_purpose(Purpose::Marketing);
    let object = consent_object(|kind| match kind {
        "analytics_storage" => analytics,
        "ad_storage" | "ad_user_data" | "ad_personalization" => marketing,
        _ => false,
    });
    gtag(&["consent".into(), "update".into(), object.into()]);
}
