//! The widget build: the shop inside any other site's page, from one script tag. Each placeholder
//! (`data-pishkhan="product" | "collection" | "cart"`) gets its own shadow root; all of them share one
//! cart (ids and quantities in the host's localStorage), one drawer and one reactive root. There is no
//! router: the host's address and history are never touched. The one step where a shopper types
//! personal data, checkout, runs framed from the shop's own origin.

mod drawer;
mod host;
mod placeholders;
mod shadow;

use std::cell::OnceCell;

use leptos::{mount::mount_to, prelude::*};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};

pub use drawer::{CartDrawer, Drawer};
pub use host::{HostEvent, cart_events};
pub use placeholders::{MAX_LIMIT, Placeholder, PlaceholderView};

use crate::{
    cart::CartStore,
    config::{self, Config},
    consent::{HostChoice, apply_host_choice},
    i18n::{I18n, Locale},
    links::Links,
    routes::Place,
};

/// What every view of the widget shares.
#[derive(Debug, Clone, Copy)]
pub struct WidgetState {
    pub drawer: RwSignal<Drawer>,
    /// Where the shop's own pages are: the script's origin.
    pub shop_origin: &'static str,
}

impl WidgetState {
    pub fn provide(shop_origin: &'static str) -> Self {
        let state = Self { drawer: RwSignal::new(Drawer::Closed), shop_origin };
        provide_context(state);
        state
    }

    pub fn use_state() -> Self {
        expect_context::<Self>()
    }

    /// The address of a place on the shop's own site.
    pub fn shop_url(&self, place: &Place) -> String {
        format!("{}{}", self.shop_origin, place.path())
    }

    /// Opens a page of the shop's own site in a new tab (the host page stays as it is).
    pub fn open_at_shop(&self, place: &Place) {
        if let Some(window) = web_sys::window() {
            let _ = window.open_with_url_and_target_and_features(&self.shop_url(place), "_blank", "noopener");
        }
    }

    /// Links for the views below: each shows its shop address, and `go` decides what following it does.
    pub fn provide_links(self, go: impl Fn(Place) + Send + Sync + 'static) {
        Links::provide(move |place| self.shop_url(place), go, |_| {});
    }
}

thread_local! {
    static STATE: OnceCell<WidgetState> = const { OnceCell::new() };
}

/// The script tag that loaded the widget, for its `data-` settings.
fn script_element(document: &web_sys::Document, script_url: &str) -> Option<web_sys::Element> {
    let scripts = document.scripts();
    (0..scripts.length())
        .filter_map(|i| scripts.item(i))
        .find(|script| script.dyn_ref::<web_sys::HtmlScriptElement>().is_some_and(|s| s.src() == script_url))
}

fn console_error(message: &str) {
    web_sys::console::error_1(&format!("pishkhan: {message}").into());
}

/// Starts the widget on the page's placeholders. `script_url` is the loader's own address
/// (`import.meta.url`): the shop is at its origin.
#[wasm_bindgen]
pub fn start(script_url: String) {
    // a failure says what it was in the host page's console, instead of an anonymous wasm trap
    std::panic::set_hook(Box::new(|info| console_error(&info.to_string())));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let script = script_element(&document, &script_url);
    let data = |name: &str| script.as_ref().and_then(|s| s.get_attribute(name));
    let (config, problems) = Config::for_widget(&script_url, data("data-api").as_deref());
    problems.iter().for_each(|p| console_error(p));
    let Some(config) = config else { return };
    let shop_origin: &'static str =
        Box::leak(web_sys::Url::new(&script_url).map(|u| u.origin()).unwrap_or_default().into_boxed_str());
    config::set(config);
    let page_lang = document.document_element().and_then(|e| e.get_attribute("lang"));
    let locale = data("data-lang").or(page_lang).and_then(|tag| Locale::from_tag(&tag)).unwrap_or_default();

    let root = Owner::new();
    root.with(|| {
        I18n::provide_fixed(locale);
        let cart = CartStore::provide();
        let state = WidgetState::provide(shop_origin);
        STATE.with(|s| {
            let _ = s.set(state);
        });

        let placeholders = document.query_selector_all("[data-pishkhan]").ok();
        let mut drawer_host = None;
        for element in (0..placeholders.as_ref().map_or(0, |p| p.length()))
            .filter_map(|i| placeholders.as_ref()?.item(i)?.dyn_into::<web_sys::Element>().ok())
        {
            let kind = element.get_attribute("data-pishkhan").unwrap_or_default();
            let placeholder = match Placeholder::parse(&kind, |name| element.get_attribute(name)) {
                Ok(placeholder) => placeholder,
                Err(problem) => {
                    console_error(&problem);
                    continue;
                }
            };
            let Some(container) = shadow::container(&element, locale) else { continue };
            if placeholder == Placeholder::Cart && drawer_host.is_none() {
                drawer_host = Some(container.clone());
            }
            mount_to(container, move || view! { <PlaceholderView placeholder /> }).forget();
        }
        // The drawer lives in the first cart button's shadow root; a page without one gets an
        // element of the widget's own at the end of its body.
        let drawer_host = drawer_host.or_else(|| {
            let element = document.create_element("pishkhan-drawer").ok()?;
            document.body()?.append_child(&element).ok()?;
            shadow::container(&element, locale)
        });
        if let Some(container) = drawer_host {
            let drawer = document.create_element("div").ok().and_then(|d| d.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(drawer) = drawer {
                let _ = container.append_child(&drawer);
                mount_to(drawer, CartDrawer).forget();
            }
        }
        // (after mounting, which starts the executor effects run on) the host hears of every change of the cart, never of who the shopper is
        let before = StoredValue::new(cart.items_untracked());
        Effect::new(move |_| {
            let after = cart.items();
            for event in cart_events(&before.get_value(), &after) {
                event.dispatch();
            }
            before.set_value(after);
        });
    });
    if let Some(text) = data("data-consent") {
        root.with(|| apply_host_choice(HostChoice::from_attribute(&text)));
    }
    // the widget lives as long as the page
    std::mem::forget(root);
}

/// `Pishkhan.open(what)`: `"cart"` opens the drawer.
#[wasm_bindgen]
pub fn open(what: String) {
    match (what.as_str(), STATE.with(|s| s.get().copied())) {
        ("cart", Some(state)) => state.drawer.set(Drawer::Cart),
        (_, None) => console_error("Pishkhan.open: the widget has not started"),
        (other, _) => console_error(&format!("Pishkhan.open({other:?}): the only part to open is \"cart\"")),
    }
}

/// `Pishkhan.setConsent({ analytics: true })`: the shopper's choice as the host page asked for it.
#[wasm_bindgen]
pub fn set_consent(choice: JsValue) {
    apply_host_choice(HostChoice::from_object(&choice));
}
