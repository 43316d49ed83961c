//! Component tests in a real browser (wasm-bindgen-test in headless Chromium): mount a component,
//! use it as a shopper would, check what it shows and reports.
#![cfg(target_arch = "wasm32")]

use leptos::{mount::mount_to, prelude::*};
use pishkhan::{
    api::ApiError,
    common::{LoadError, QuantityInput},
    i18n::I18n,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

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
