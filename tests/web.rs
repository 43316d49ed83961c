//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): mount a component,
//! use it as a shopper would, check what it shows and reports.
#![cfg(target_arch = "wasm32")]

use leptos::{mount::mount_to, prelude::*};
use pishkhan::{
    api::ApiError,
    app::App,
    cart::{CartStore, CartView},
    catalog::CatalogView,
    common::{LoadError, QuantityInput},
    config::Config,
    i18n::I18n,
    links::Links,
    routes::{self, Place},
};
use pishkhan_core::catalog::ProductQuery;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement, RequestCredentials};

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> HtmlElement {
    let document = document();
    let root = document.create_element("div").unwrap().unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn button(root: &HtmlElement, label: &str) -> HtmlButtonElement {
    let selector = format!("button[aria-label='{label}']");
    root.query_selector(&selector).unwrap().expect(&selector).unchecked_into()
}

/// Waits one macrotask, so effects and the reactive scheduler have run.
async fn settle() {
    next_tick().await.expect("a timer tick");
}

fn next_tick() -> wasm_bindgen_futures::JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise)
}

#[wasm_bindgen_test]
async fn quantity_stepper_accepts_persian_digits_and_clamps() {
    let root = fresh_root();
    let value = RwSignal::new(1u32);
    let _handle = mount_to(root.clone(), move || {
        I18n::provide();
        view! { <QuantityInput value on_change=move |n| value.set(n) label="تعداد" /> }
    });
    let input: HtmlInputElement = root.query_selector("input").unwrap().unwrap().unchecked_into();
    settle().await;
    assert_eq!(input.value(), "۱");

    button(&root, "یکی بیشتر").click();
    settle().await;
    assert_eq!(value.get_untracked(), 2);
    assert_eq!(input.value(), "۲");

    input.set_value("۱۲۰");
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(value.get_untracked(), 99, "clamped to the line maximum");

    input.set_value("abc");
    input.dispatch_event(&web_sys::Event::new("change").unwrap()).unwrap();
    settle().await;
    assert_eq!(value.get_untracked(), 99, "garbage keeps the quantity");
    assert_eq!(input.value(), "۹۹");
}

#[wasm_bindgen_test]
async fn load_error_explains_and_retries() {
    let root = fresh_root();
    let retries = RwSignal::new(0);
    let _handle = mount_to(root.clone(), move || {
        I18n::provide();
        view! { <LoadError error=ApiError::Network on_retry=move || retries.update(|n| *n += 1) /> }
    });
    settle().await;
    let alert = root.query_selector("[role=alert]").unwrap().expect("an alert");
    assert!(alert.text_content().unwrap().contains("ارتباط با فروشگاه برقرار نشد"));
    let retry: HtmlButtonElement = root.query_selector("button").unwrap().unwrap().unchecked_into();
    retry.click();
    retry.click();
    assert_eq!(retries.get_untracked(), 2);
}

#[wasm_bindgen_test]
fn config_defaults_without_element_or_values() {
    let (config, problems) = Config::parse(None);
    assert_eq!(config, Config::default());
    assert!(problems.is_empty());
    assert_eq!((config.api_base.as_str(), config.credentials), ("/api/v1", RequestCredentials::SameOrigin));
    assert_eq!(config.request_timeout_ms, 15_000);
    let (config, problems) = Config::parse(Some("{}"));
    assert_eq!((config, problems.len()), (Config::default(), 0));
}

#[wasm_bindgen_test]
fn config_reads_api_base_and_credentials_for_a_widget() {
    let text =
        r#"{"api_base": "https://shop.example:8443/api/v1/", "credentials": "include", "request_timeout_ms": 8000}"#;
    let (config, problems) = Config::parse(Some(text));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config.api_base, "https://shop.example:8443/api/v1", "trailing slash dropped");
    assert_eq!(config.credentials, RequestCredentials::Include);
    assert_eq!(config.request_timeout_ms, 8000);
    assert_eq!(config.shop_origin(), "https://shop.example:8443");

    let (config, problems) = Config::parse(Some(r#"{"api_base": "/shop/api", "credentials": "same-origin"}"#));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!((config.api_base.as_str(), config.shop_origin()), ("/shop/api", ""));
    assert_eq!(Config::parse(Some(r#"{"api_base": "https://shop.example"}"#)).0.shop_origin(), "https://shop.example");
}

#[wasm_bindgen_test]
fn config_refuses_unsafe_or_unknown_values_and_says_so() {
    for base in [
        "http://shop.example/api",
        "//evil.example/api",
        "api/v1",
        "javascript:alert(1)",
        "https://user@evil.example/api",
        "https:///api",
        "/api?x=1",
        "/api v1",
        "/\\evil.example",
        "",
    ] {
        let text = serde_json::json!({ "api_base": base }).to_string();
        let (config, problems) = Config::parse(Some(&text));
        assert_eq!(config.api_base, "/api/v1", "{base:?} falls back to the default");
        assert_eq!(problems.len(), 1, "{base:?} is reported");
    }
    let (config, problems) = Config::parse(Some(r#"{"credentials": "omit", "request_timeout_ms": 10}"#));
    assert_eq!((config.credentials, config.request_timeout_ms), (RequestCredentials::SameOrigin, 15_000));
    assert_eq!(problems.len(), 2, "{problems:?}");
    let (config, problems) = Config::parse(Some("not json"));
    assert_eq!((config, problems.len()), (Config::default(), 1));
}

#[wasm_bindgen_test]
fn route_builders_encode_their_parts() {
    assert_eq!(routes::product("چای سبز"), "/product/%DA%86%D8%A7%DB%8C%20%D8%B3%D8%A8%D8%B2");
    assert_eq!(routes::account_order("PK-1/2"), "/account/orders/PK-1%2F2");
    assert_eq!(routes::catalog(&ProductQuery::new()), routes::HOME);
    let query = ProductQuery { q: Some("a&b".into()), page: 2, ..ProductQuery::new() };
    assert_eq!(routes::catalog(&query), "/?q=a%26b&page=2");
    assert_eq!(routes::unsubscribe("12.3.ab/c"), "/unsubscribe/12.3.ab%2Fc");
    // the pages a message's link opens, and nothing else, are untracked
    for path in
        ["/unsubscribe", "/unsubscribe/", "/unsubscribe/12.3.ab", "/newsletter/confirm", "/account/confirm-email"]
    {
        assert!(routes::untracked(path) && routes::route_name(path).is_none(), "{path}");
    }
    for path in ["/unsubscribed", "/", "/account", "/newsletter"] {
        assert!(!routes::untracked(path) && routes::route_name(path).is_some(), "{path}");
    }
}

/// Every path routes.rs builds is one the app's router shows a page for (not the not-found page).
#[wasm_bindgen_test]
async fn the_router_matches_every_built_path() {
    let history = window().history().unwrap();
    let start = window().location().href().unwrap();
    let not_found = "صفحه پیدا نشد";
    let shows = |path: &str| {
        history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path)).unwrap();
        let root = fresh_root();
        let handle = mount_to(root.clone(), App);
        (root, handle)
    };
    let (root, handle) = shows("/no-such-page");
    settle().await;
    assert!(root.text_content().unwrap().contains(not_found), "the control shows the not-found page");
    drop(handle);
    root.remove();
    let paths = [
        routes::HOME.to_owned(),
        routes::catalog(&ProductQuery { page: 2, ..ProductQuery::new() }),
        routes::product("tea"),
        routes::CART.to_owned(),
        routes::CHECKOUT.to_owned(),
        routes::CONFIRMATION.to_owned(),
        routes::ACCOUNT.to_owned(),
        routes::ACCOUNT_ADDRESSES.to_owned(),
        routes::ACCOUNT_ORDERS.to_owned(),
        routes::account_order("PK-1"),
        routes::ACCOUNT_DATA.to_owned(),
        routes::CONFIRM_EMAIL.to_owned(),
        format!("{}?token=abc", routes::NEWSLETTER_CONFIRM),
        routes::unsubscribe("1.1.abc"),
        routes::UNSUBSCRIBE.to_owned(),
    ];
    for path in paths {
        let (root, handle) = shows(&path);
        settle().await;
        assert!(!root.text_content().unwrap().contains(not_found), "{path} has a page");
        // Page views name the route by the path alone, as the router's location gives it.
        let pathname = path.split('?').next().unwrap_or_default();
        match routes::route_name(pathname) {
            // a page a message's link opens counts nothing (and loads no tracker)
            None => assert!(routes::untracked(pathname), "{path} is named"),
            Some(route) => assert_ne!(route, pishkhan_core::consent::RouteName::NotFound, "{path} is named"),
        }
        drop(handle);
        root.remove();
    }
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&start)).unwrap();
}

#[wasm_bindgen_test]
async fn catalog_and_cart_views_mount_without_a_router_and_follow_the_links_they_are_given() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().remove_item("pishkhan.cart.v1").unwrap();
    let history = web_sys::window().unwrap().history().unwrap();
    let (length, address) = (history.length().unwrap(), web_sys::window().unwrap().location().href().unwrap());
    let root = fresh_root();
    let went = RwSignal::new(Vec::<Place>::new());
    let _handle = mount_to(root.clone(), move || {
        CartStore::provide();
        Links::provide(
            |place| format!("https://shop.example{}", place.path()),
            move |place| went.update(|w| w.push(place)),
            |_| {},
        );
        view! {
            <CartView />
            <CatalogView query=ProductQuery::new() on_query=|_| {} page_href=|page: u32| format!("?page={page}") />
        }
    });
    settle().await;
    let link: HtmlElement = root.query_selector("a.button").unwrap().expect("the empty cart's link").unchecked_into();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://shop.example/"),
        "the link shows the shop's address"
    );
    link.click();
    assert_eq!(went.get_untracked(), vec![Place::Home], "following it is the context's");
    assert_eq!(history.length().unwrap(), length, "no history entry");
    assert_eq!(web_sys::window().unwrap().location().href().unwrap(), address, "the address is unchanged");
}

#[wasm_bindgen_test]
fn the_widget_finds_the_shop_at_its_script_origin_or_at_data_api() {
    let (config, problems) = Config::for_widget("https://shop.example:8443/widget/pishkhan.js", None);
    let config = config.expect("an https script is a shop's");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config.api_base, "https://shop.example:8443/api/v1");
    assert_eq!(config.shop_origin(), "https://shop.example:8443");
    assert_eq!(config.credentials, RequestCredentials::SameOrigin, "no cookie of the shop from a host page");

    let (config, problems) =
        Config::for_widget("http://127.0.0.1:8080/widget/pishkhan.js", Some("https://api.shop.example/v1/"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(config.unwrap().api_base, "https://api.shop.example/v1");

    let (config, problems) = Config::for_widget("https://shop.example/widget/pishkhan.js", Some("/api"));
    assert_eq!(config.unwrap().api_base, "https://shop.example/api/v1", "a relative data-api would name the host");
    assert_eq!(problems.len(), 1);

    for script in ["http://shop.example/widget/pishkhan.js", "data:text/javascript,1", "blob:https://x/1"] {
        let (config, problems) = Config::for_widget(script, None);
        assert!(config.is_none() && problems.len() == 1, "{script:?} is refused");
    }
    let loopback = Config::parse(Some(r#"{"api_base": "http://127.0.0.1:8080/api/v1"}"#)).0;
    assert_eq!(loopback.shop_origin(), "http://127.0.0.1:8080", "plain http on a loopback host only");
}

#[wasm_bindgen_test]
fn a_host_page_grants_only_the_purposes_it_names() {
    use pishkhan::consent::HostChoice;
    use pishkhan_core::consent::Purpose;
    let choice = HostChoice::from_attribute(" analytics,marketing analytics necessary tracking ");
    assert_eq!(choice.granted, vec![Purpose::Analytics, Purpose::Marketing], "once each, optional purposes only");
    assert_eq!(choice.unknown, vec!["necessary".to_owned(), "tracking".to_owned()]);

    let object =
        js_sys::JSON::parse(r#"{"analytics": true, "marketing": false, "session_recording": "yes", "ads": true}"#)
            .unwrap();
    let choice = HostChoice::from_object(&object);
    assert_eq!(choice.granted, vec![Purpose::Analytics], "only true grants");
    assert_eq!(choice.unknown, vec!["ads".to_owned(), "session_recording".to_owned()]);
    assert_eq!(HostChoice::from_object(&wasm_bindgen::JsValue::from_str("all")).granted, Vec::<Purpose>::new());
}
