//! The embedded checkout's conversation, by `postMessage`, between the widget on a host page and the
//! checkout page it frames from the shop's origin. Only the cart (ids and quantities) goes in; only
//! "placed" (the order number) and "close" come out. Each side posts to the other's exact origin and
//! accepts a message only from the other's exact origin and window.

use leptos::prelude::*;
use pishkhan_core::cart::CartItem;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use wasm_bindgen::{JsCast, JsValue};

/// The query parameter that tells the framed checkout its host page's origin.
pub const HOST_PARAM: &str = "host";
/// The query parameter that tells the framed checkout the widget's language.
pub const LANG_PARAM: &str = "lang";

/// From the widget to the checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "pishkhan", rename_all = "snake_case")]
pub enum ToCheckout {
    Cart { items: Vec<CartItem> },
}

/// From the checkout to the widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "pishkhan", rename_all = "snake_case")]
pub enum FromCheckout {
    /// Listening: send the cart.
    Ready,
    Placed {
        number: String,
    },
    Close,
}

/// `text` if it is exactly an origin (`https://host[:port]`, or `http://` on any host for a shop's
/// own development set-up), as the browser writes `MessageEvent.origin`.
pub fn valid_origin(text: &str) -> Option<String> {
    let url = web_sys::Url::new(text).ok()?;
    let origin = url.origin();
    (matches!(url.protocol().as_str(), "https:" | "http:") && origin == text.trim_end_matches('/')).then_some(origin)
}

/// Posts `message` to `target`, delivered only if `target` is still showing a page of `origin`.
pub fn post(target: &web_sys::Window, origin: &str, message: &impl Serialize) {
    if let Ok(json) = serde_json::to_string(message) {
        let _ = target.post_message(&JsValue::from_str(&json), origin);
    }
}

/// Calls `on` with every message of type `T` that comes from `origin` and from the window `source()`
/// returns at that moment, for as long as the current reactive owner lives. Anything else is ignored.
pub fn listen<T: DeserializeOwned + 'static>(
    origin: String,
    source: impl Fn() -> Option<web_sys::Window> + 'static,
    on: impl Fn(T) + 'static,
) {
    let handle = window_event_listener(leptos::ev::message, move |event: web_sys::MessageEvent| {
        let from_source = match (event.source(), source()) {
            (Some(sent_by), Some(expected)) => JsValue::from(sent_by) == JsValue::from(expected),
            _ => false,
        };
        if event.origin() != origin || !from_source {
            return;
        }
        if let Some(message) = event.data().as_string().and_then(|text| serde_json::from_str::<T>(&text).ok()) {
            on(message);
        }
    });
    on_cleanup(move || handle.remove());
}

/// The window this page is framed in, if it is framed.
pub fn parent_window() -> Option<web_sys::Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok().flatten()?;
    (JsValue::from(parent.clone()) != JsValue::from(window)).then_some(parent)
}

/// A frame's window, once it has one.
pub fn frame_window(frame: &web_sys::HtmlIFrameElement) -> Option<web_sys::Window> {
    frame.content_window().map(|w| w.unchecked_into())
}
