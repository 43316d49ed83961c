//! Our own analytics events: one `track` function, which drops every event unless the shopper
//! agreed to analytics. The event type cannot carry personal data (see `core::consent::AnalyticsEvent`).

use std::cell::Cell;

use js_sys::{Array, Reflect};
use pishkhan_core::consent::{AnalyticsEvent, RouteName};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    static ANALYTICS_ALLOWED: Cell<bool> = const { Cell::new(false) };
    /// The page shown while analytics was not (yet) allowed: counted once if the shopper agrees.
    static UNCOUNTED_PAGE: Cell<Option<RouteName>> = const { Cell::new(None) };
}

pub(super) fn set_analytics_allowed(allowed: bool) {
    ANALYTICS_ALLOWED.with(|a| a.set(allowed));
    if let Some(route) = allowed.then(|| UNCOUNTED_PAGE.with(Cell::take)).flatten() {
        track(AnalyticsEvent::PageView { route });
    }
}

/// Counts a page view: now if analytics is allowed, else once the shopper agrees (if they do while
/// still on this page). A later change of consent never counts the same view again.
pub fn track_page_view(route: RouteName) {
    if ANALYTICS_ALLOWED.with(Cell::get) {
        track(AnalyticsEvent::PageView { route });
    } else {
        UNCOUNTED_PAGE.with(|page| page.set(Some(route)));
    }
}

/// Sends an event to `window.dataLayer`, where the analytics services configured by the shop read
/// it — or drops it without analytics consent.
pub fn track(event: AnalyticsEvent) {
    if !ANALYTICS_ALLOWED.with(Cell::get) {
        return;
    }
    let (Some(window), Ok(json)) = (web_sys::window(), serde_json::to_string(&event)) else { return };
    let Ok(value) = js_sys::JSON::parse(&json) else { return };
    let layer = Reflect::get(&window, &"dataLayer".into()).ok().filter(Array::is_array).unwrap_or_else(|| {
        let layer: JsValue = Array::new().into();
        let _ = Reflect::set(&window, &"dataLayer".into(), &layer);
        layer
    });
    layer.unchecked_into::<Array>().push(&value);
}
