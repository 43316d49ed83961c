//! Where a link goes and what following it does. Views name a [`Place`]; the build provides the rest:
//! the full-page storefront from its router, the widget with switches of its own views (it never
//! touches the host page's address or history).

use leptos::{ev::MouseEvent, prelude::*};

use crate::routes::Place;

/// The navigation of the build in use, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct Links {
    href: Callback<Place, String>,
    go: Callback<Place>,
    replace_address: Callback<Place>,
}

impl Links {
    /// `href`: the address a place's link shows (and opens in a new tab); `go`: what following it does;
    /// `replace_address`: shows the place's address instead of the current one, with no new history entry
    /// and no re-render (a page whose address carried a one-time secret).
    pub fn provide(
        href: impl Fn(&Place) -> String + Send + Sync + 'static,
        go: impl Fn(Place) + Send + Sync + 'static,
        replace_address: impl Fn(Place) + Send + Sync + 'static,
    ) -> Self {
        let links = Self {
            href: Callback::new(move |place: Place| href(&place)),
            go: Callback::new(go),
            replace_address: Callback::new(replace_address),
        };
        provide_context(links);
        links
    }

    pub fn use_links() -> Self {
        expect_context::<Self>()
    }

    pub fn href(&self, place: &Place) -> String {
        self.href.run(place.clone())
    }

    pub fn go(&self, place: Place) {
        self.go.run(place);
    }

    pub fn replace_address(&self, place: Place) {
        self.replace_address.run(place);
    }
}

/// A link to a place. A plain click goes there the build's way; a click with a modifier key (new tab,
/// new window) or another button is left to the browser, which opens the shown address.
#[component]
pub fn Link(to: Place, #[prop(optional)] class: &'static str, children: Children) -> impl IntoView {
    let links = Links::use_links();
    let href = links.href(&to);
    let follow = move |ev: MouseEvent| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        ev.prevent_default();
        links.go(to.clone());
    };
    view! { <a class=class href=href on:click=follow>{children()}</a> }
}
