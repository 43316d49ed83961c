//! Each placeholder's own shadow root, styled by one constructed stylesheet that every root shares
//! (a `<style>` of its own where the browser cannot adopt one). Host styles stop at the root, and
//! ours never leave it.

use std::cell::OnceCell;

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Element, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::i18n::Locale;

/// The components' rules (shared with the full page) and the widget's own: reset, drawer, placeholders.
const CSS: &str = concat!(include_str!("../../style/components.css"), include_str!("../../style/widget.css"));

thread_local! {
    static SHEET: OnceCell<Option<CssStyleSheet>> = const { OnceCell::new() };
}

fn shared_sheet() -> Option<CssStyleSheet> {
    SHEET.with(|sheet| {
        sheet
            .get_or_init(|| {
                let sheet = CssStyleSheet::new().ok()?;
                sheet.replace_sync(CSS).ok()?;
                Some(sheet)
            })
            .clone()
    })
}

fn style(root: &ShadowRoot) {
    if let Some(sheet) = shared_sheet()
        && Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &Array::of1(&sheet)).unwrap_or(false)
    {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(element) = document.create_element("style") {
        element.set_text_content(Some(CSS));
        let _ = root.append_child(&element);
    }
}

/// Opens `host`'s shadow root, styles it, and returns the element to mount views in, in `locale`'s
/// language and direction. `None` if `host` already has a shadow root (mounted before, or the host's
/// own) or cannot have one.
pub fn container(host: &Element, locale: Locale) -> Option<HtmlElement> {
    if host.shadow_root().is_some() {
        return None;
    }
    let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok()?;
    style(&root);
    let document = web_sys::window()?.document()?;
    let container = document.create_element("div").ok()?.unchecked_into::<HtmlElement>();
    container.set_class_name("pishkhan");
    let _ = container.set_attribute("lang", locale.code());
    let _ = container.set_attribute("dir", locale.dir());
    root.append_child(&container).ok()?;
    Some(container)
}
