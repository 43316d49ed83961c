//! Numbers and prices formatted by the browser's `Intl.NumberFormat` for the active locale.

use js_sys::{Array, Date, Intl, Object, Reflect};
use pishkhan_core::Toman;
use wasm_bindgen::JsValue;

use super::{Locale, Msg};

/// `n` with the locale's digits and grouping, e.g. `۱۲٬۵۰۰` in Persian.
pub fn number(n: i64, locale: Locale) -> String {
    let locales = Array::of1(&JsValue::from_str(locale.intl_tag()));
    let format = Intl::NumberFormat::new(&locales, &Object::new()).format();
    format
        .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| Toman(n).grouped())
}

/// A price in Toman, e.g. `۱٬۲۵۰٬۰۰۰ تومان`.
pub fn price(amount: Toman, locale: Locale) -> String {
    format!("{} {}", number(amount.0, locale), Msg::Toman.text(locale))
}

/// A moment (RFC 3339) as a date and time in the Persian calendar, e.g. `۱ آذر ۱۴۰۵، ۱۰:۳۰`.
pub fn date_time(rfc3339: &str, locale: Locale) -> String {
    let tag = match locale {
        Locale::Fa => "fa-IR-u-ca-persian",
        Locale::En => "en-US-u-ca-persian",
    };
    let options = Object::new();
    let _ = Reflect::set(&options, &"dateStyle".into(), &"long".into());
    let _ = Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let format = Intl::DateTimeFormat::new(&Array::of1(&JsValue::from_str(tag)), &options).format();
    format
        .call1(&JsValue::NULL, &Date::new(&JsValue::from_str(rfc3339)))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| rfc3339.to_owned())
}
