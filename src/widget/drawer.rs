//! The cart drawer: a modal dialog (focus kept inside, Escape closes, focus goes back to what opened
//! it) with the cart, and at checkout the shop's own checkout page framed from the shop's origin. The
//! frame gets the cart (ids and quantities) and gives back only "placed" and "close".

use leptos::{html, prelude::*};

use super::{WidgetState, host::HostEvent};
use crate::{
    cart::{CartStore, CartView},
    embed::{self, FromCheckout, HOST_PARAM, LANG_PARAM, ToCheckout},
    i18n::{Msg, use_i18n},
    routes::{self, Place},
};

/// What the drawer shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Drawer {
    Closed,
    Cart,
    Checkout,
}

/// What Tab can reach inside the drawer, in order (the edges that wrap focus around are left out).
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), \
    textarea:not([disabled]), iframe, [tabindex]:not([tabindex='-1']):not(.drawer__edge)";

/// Moves focus to the drawer's first (or last) focusable element: the edges at both ends send focus
/// that would leave the modal drawer (to the browser's own controls, or out of the checkout frame)
/// around to its other end.
fn wrap_focus(dialog: &web_sys::HtmlDialogElement, to_first: bool) {
    use wasm_bindgen::JsCast;
    let Ok(found) = dialog.query_selector_all(FOCUSABLE) else { return };
    let index = if to_first { 0 } else { found.length().saturating_sub(1) };
    if let Some(element) = found.item(index).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// The embedded checkout's address: the shop's page, told the host's origin and our language.
fn checkout_url(shop_origin: &str, locale: &str) -> String {
    let host = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    let encode = |s: &str| String::from(js_sys::encode_uri_component(s));
    format!("{shop_origin}{}?{HOST_PARAM}={}&{LANG_PARAM}={locale}", routes::EMBEDDED_CHECKOUT, encode(&host))
}

#[component]
pub fn CartDrawer() -> impl IntoView {
    let i18n = use_i18n();
    let state = WidgetState::use_state();
    let cart = CartStore::use_store();
    let dialog = NodeRef::<html::Dialog>::new();
    // the drawer's links: the cart and checkout are its own views, the shop's pages open in a new tab
    state.provide_links(move |place| match place {
        Place::Home => state.drawer.set(Drawer::Closed),
        Place::Cart => state.drawer.set(Drawer::Cart),
        Place::Checkout => state.drawer.set(Drawer::Checkout),
        other => state.open_at_shop(&other),
    });
    Effect::new(move |_| {
        let Some(dialog) = dialog.get() else { return };
        match (state.drawer.get(), dialog.open()) {
            (Drawer::Closed, true) => dialog.close(),
            (Drawer::Cart | Drawer::Checkout, false) => {
                let _ = dialog.show_modal();
            }
            _ => {}
        }
    });
    let frame = NodeRef::<html::Iframe>::new();
    let shop = state.shop_origin;
    embed::listen::<FromCheckout>(
        shop.to_owned(),
        move || frame.get_untracked().and_then(|f| embed::frame_window(&f)),
        {
            move |message| match message {
                FromCheckout::Ready => {
                    if let Some(target) = frame.get_untracked().and_then(|f| embed::frame_window(&f)) {
                        embed::post(&target, shop, &ToCheckout::Cart { items: cart.items_untracked() });
                    }
                }
                FromCheckout::Placed { number } => {
                    cart.clear();
                    HostEvent::OrderPlaced { number }.dispatch();
                }
                FromCheckout::Close => state.drawer.set(Drawer::Closed),
            }
        },
    );
    let wrap = move |to_first: bool| {
        if let Some(dialog) = dialog.get_untracked() {
            wrap_focus(&dialog, to_first);
        }
    };
    let title = move || i18n.t(if state.drawer.get() == Drawer::Checkout { Msg::CheckoutTitle } else { Msg::CartLink });
    let src = checkout_url(shop, i18n.locale_untracked().code());
    view! {
        <dialog
            class="drawer"
            node_ref=dialog
            aria-labelledby="drawer-title"
            on:close=move |_| state.drawer.set(Drawer::Closed)
        >
            <span class="drawer__edge" tabindex="0" on:focus=move |_| wrap(false)></span>
            <div class="drawer__head">
                <h2 id="drawer-title" class="drawer__title">{title}</h2>
                <button type="button" class="button button--quiet" on:click=move |_| state.drawer.set(Drawer::Closed)>
                    {move || i18n.t(Msg::WidgetClose)}
                </button>
            </div>
            {move || match state.drawer.get() {
                Drawer::Closed => ().into_any(),
                Drawer::Cart => view! { <CartView /> }.into_any(),
                Drawer::Checkout => view! {
                    <button type="button" class="link-button" on:click=move |_| state.drawer.set(Drawer::Cart)>
                        {move || i18n.t(Msg::WidgetBack)}
                    </button>
                    <iframe class="drawer__frame" node_ref=frame src=src.clone() title=move || i18n.t(Msg::WidgetCheckoutFrame)></iframe>
                }
                .into_any(),
            }}
            <span class="drawer__edge" tabindex="0" on:focus=move |_| wrap(true)></span>
        </dialog>
    }
}
