//! The full-page build: the router reads the URL and hands plain data and callbacks to the features.
//! Framed by the widget at `/embed/checkout`, it is the embedded checkout instead, with no router.

use leptos::prelude::*;
use leptos_router::{
    NavigateOptions,
    components::{Route, Router, Routes},
    hooks::{use_location, use_navigate, use_params_map, use_query_map},
    path,
};
use pishkhan_core::catalog::ProductQuery;

use crate::{
    account::{AccountSection, AccountView, ConfirmEmailView},
    cart::{CartStore, CartView},
    catalog::{CatalogView, ProductView},
    checkout::{CheckoutView, ConfirmationView, EmbeddedCheckout, embedded_host},
    config::{self, Config},
    consent::{ConsentBanner, ConsentReceiptNotice, ConsentSettings, ConsentStore, track_page_view},
    embed::LANG_PARAM,
    i18n::{I18n, Locale},
    layout::{Footer, Header},
    links::Links,
    newsletter::{NewsletterConfirmView, UnsubscribeView},
    not_found::NotFound,
    routes::{self, Place},
    session::{CartSyncNotice, Session},
};

const QUERY_KEYS: [&str; 5] = ["q", "category", "sort", "page", "per_page"];

/// The listing query in the URL; invalid parts of a hand-edited URL are dropped, not fatal.
fn use_url_query() -> Memo<ProductQuery> {
    let map = use_query_map();
    Memo::new(move |_| {
        map.with(|m| {
            let pairs: Vec<(&str, String)> = QUERY_KEYS.iter().filter_map(|k| m.get(k).map(|v| (*k, v))).collect();
            ProductQuery::parse_lenient(pairs.iter().map(|(k, v)| (*k, v.as_str())))
        })
    })
}

/// The route's `:name` segment, empty when absent.
fn path_param(name: &'static str) -> Signal<String> {
    let params = use_params_map();
    Signal::derive(move || params.with(|p| p.get(name).unwrap_or_default()))
}

/// The URL's `?name=` value, empty when absent.
fn query_param(name: &'static str) -> Signal<String> {
    let query = use_query_map();
    Signal::derive(move || query.with(|q| q.get(name).unwrap_or_default()))
}

fn go_to(url: String) {
    use_navigate()(&url, NavigateOptions::default());
}

/// Removes index.html's shell (the header and skeleton painted before the app loaded); called while the
/// app mounts, so no frame shows both or neither.
fn remove_shell() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
}

#[component]
pub fn App() -> impl IntoView {
    remove_shell();
    if let Some(host) = embedded_host() {
        return view! { <Embedded host /> }.into_any();
    }
    I18n::provide();
    CartStore::provide();
    // Started by the first page that may be tracked (see `Frame`): the pages a message's link opens never
    // start it, so on them no tracker loads whatever the shopper agreed to.
    ConsentStore::provide_idle();
    Session::provide();
    view! {
        <Router>
            <Frame />
        </Router>
    }
    .into_any()
}

/// The embedded checkout: a guest's, whatever cookies the browser would send from the frame (sign-in
/// stays on the shop's own site), in the widget's language, with no consent gate: it loads no tracker.
#[component]
fn Embedded(host: String) -> impl IntoView {
    config::set(Config { credentials: web_sys::RequestCredentials::Omit, ..config::get_from_page() });
    let lang = web_sys::Url::new(&window().location().href().unwrap_or_default())
        .ok()
        .and_then(|url| url.search_params().get(LANG_PARAM))
        .and_then(|tag| Locale::from_tag(&tag))
        .unwrap_or_default();
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", lang.code());
        let _ = root.set_attribute("dir", lang.dir());
    }
    I18n::provide_fixed(lang);
    CartStore::provide_unsaved();
    Session::provide();
    view! { <EmbeddedCheckout host /> }
}

/// Header, routes and footer; inside the router so it can read and change the URL.
/// The routes' `path!()` literals are the paths of `routes.rs` (the macro takes literals only);
/// a browser test checks that every path `routes.rs` builds has its page here.
#[component]
fn Frame() -> impl IntoView {
    let query = use_url_query();
    let navigate = use_navigate();
    let path = use_location().pathname;
    let go = navigate.clone();
    Links::provide(
        Place::path,
        move |place: Place| go(&place.path(), NavigateOptions::default()),
        // the address only: the router's location stays, so the page is not rendered again
        |place: Place| {
            if let Ok(history) = window().history() {
                let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&place.path()));
            }
        },
    );
    // Once per page; the landing page is counted when the shopper agrees, and never before. The pages a
    // message's link opens (unsubscribing, confirming a sign-up: `routes::untracked`) count nothing and
    // start no consent gate, so no tracker loads there even for a shopper who accepted everything; going on
    // to another page starts it.
    let consent = ConsentStore::use_store();
    Effect::new(move |_| {
        if let Some(route) = routes::route_name(&path.get()) {
            consent.wake();
            track_page_view(route);
        }
    });
    let on_search = move |q: String| {
        let query = ProductQuery { q: (!q.is_empty()).then_some(q), ..ProductQuery::new() };
        navigate(&routes::catalog(&query), NavigateOptions::default());
    };
    view! {
        <Header search=Signal::derive(move || query.with(|q| q.q.clone().unwrap_or_default())) on_search />
        <main id="main" tabindex="-1">
            <CartSyncNotice />
            <ConsentReceiptNotice />
            <Routes fallback=NotFound>
                <Route path=path!("/") view=CatalogPage />
                <Route path=path!("/product/:slug") view=ProductPage />
                <Route path=path!("/cart") view=CartView />
                <Route path=path!("/checkout") view=CheckoutPage />
                <Route path=path!("/checkout/confirmation") view=ConfirmationView />
                <Route path=path!("/account") view=|| view! { <AccountView section=AccountSection::Profile /> } />
                <Route path=path!("/account/addresses") view=|| view! { <AccountView section=AccountSection::Addresses /> } />
                <Route path=path!("/account/orders") view=|| view! { <AccountView section=AccountSection::Orders /> } />
                <Route path=path!("/account/orders/:number") view=AccountOrderPage />
                <Route path=path!("/account/data") view=|| view! { <AccountView section=AccountSection::Data /> } />
                <Route path=path!("/account/confirm-email") view=ConfirmEmailPage />
                <Route path=path!("/newsletter/confirm") view=NewsletterConfirmPage />
                <Route path=path!("/unsubscribe") view=|| view! { <UnsubscribeView token=String::new() /> } />
                <Route path=path!("/unsubscribe/:token") view=UnsubscribePage />
            </Routes>
        </main>
        <Footer />
        <ConsentBanner />
        <ConsentSettings />
    }
}

#[component]
fn CatalogPage() -> impl IntoView {
    let query = use_url_query();
    let page_href = move |page: u32| routes::catalog(&ProductQuery { page, ..query.get_untracked() });
    view! { <CatalogView query on_query=move |q: ProductQuery| go_to(routes::catalog(&q)) page_href /> }
}

#[component]
fn ProductPage() -> impl IntoView {
    view! { <ProductView slug=path_param("slug") /> }
}

#[component]
fn CheckoutPage() -> impl IntoView {
    view! { <CheckoutView on_placed=move || go_to(routes::CONFIRMATION.to_owned()) /> }
}

#[component]
fn AccountOrderPage() -> impl IntoView {
    let number = path_param("number");
    let section = Signal::derive(move || AccountSection::Order(number.get()));
    view! { <AccountView section /> }
}

#[component]
fn ConfirmEmailPage() -> impl IntoView {
    let token = query_param("token");
    view! { <ConfirmEmailView token /> }
}

#[component]
fn NewsletterConfirmPage() -> impl IntoView {
    let token = query_param("token");
    view! { <NewsletterConfirmView token /> }
}

#[component]
fn UnsubscribePage() -> impl IntoView {
    let token = path_param("token");
    view! { <UnsubscribeView token /> }
}
