//! Checkout in its embedded mode: the page the widget frames from the shop's origin, so that a
//! shopper on another site types their name, address and identity here, never into the host page.
//! The same checkout and confirmation, without header, footer, consent banner or any tracker; the
//! cart comes from the widget, and only "placed" (its number) and "close" go back to it.

use leptos::prelude::*;
use pishkhan_core::cart::Cart;

use super::{CheckoutView, ConfirmationView, confirmation::last_order_number};
use crate::{
    cart::CartStore,
    common::SkeletonLines,
    embed::{self, FromCheckout, HOST_PARAM, ToCheckout},
    i18n::{Msg, use_i18n},
    links::{Link, Links},
    routes::{self, Place},
};

/// The host page's origin when this page is the embedded checkout, framed: `?host=` names it, and
/// the browser delivers our messages only if the frame's parent really is at that origin.
pub fn embedded_host() -> Option<String> {
    let location = window().location();
    if location.pathname().ok()?.trim_end_matches('/') != routes::EMBEDDED_CHECKOUT {
        return None;
    }
    let url = web_sys::Url::new(&location.href().ok()?).ok()?;
    embed::parent_window()?;
    embed::valid_origin(&url.search_params().get(HOST_PARAM)?)
}

#[component]
pub fn EmbeddedCheckout(host: String) -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let received = RwSignal::new(false);
    let placed = RwSignal::new(false);
    let tell = {
        let host = host.clone();
        move |message: FromCheckout| {
            if let Some(parent) = embed::parent_window() {
                embed::post(&parent, &host, &message);
            }
        }
    };
    embed::listen::<ToCheckout>(host.clone(), embed::parent_window, move |message| match message {
        ToCheckout::Cart { items } => {
            cart.replace(Cart::from_items(items));
            received.set(true);
        }
    });
    // Back to the shop and the cart are the widget's, around this frame; anything else (the shop's
    // own pages) opens in a new tab of the shop's site.
    let close = tell.clone();
    Links::provide(
        Place::path,
        move |place| match place {
            Place::Home | Place::Cart => close(FromCheckout::Close),
            other => {
                let _ = window().open_with_url_and_target_and_features(&other.path(), "_blank", "noopener");
            }
        },
        |_| {},
    );
    let escape = tell.clone();
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" {
            escape(FromCheckout::Close);
        }
    });
    on_cleanup(move || keys.remove());
    tell(FromCheckout::Ready);

    let on_placed = move || {
        if let Some(number) = last_order_number() {
            tell(FromCheckout::Placed { number });
        }
        placed.set(true);
    };
    view! {
        <main id="main" class="embedded" tabindex="-1">
            // signing in is the shop site's, in its own tab: this frame stays a guest's
            <p class="form-hint"><Link to=Place::Account>{move || i18n.t(Msg::EmbeddedSignIn)}</Link></p>
            {move || match (received.get(), placed.get()) {
                (false, _) => view! { <SkeletonLines lines=6 /> }.into_any(),
                (true, false) => view! { <CheckoutView on_placed=on_placed.clone() /> }.into_any(),
                (true, true) => view! { <ConfirmationView /> }.into_any(),
            }}
        </main>
    }
}
