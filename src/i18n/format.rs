//! Numbers and prices formatted by the browser's `Intl.NumberFormat` for the active locale.

use std::cell::RefCell;

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use pishkhan_core::Toman;
use wasm_bindgen::JsValue;

use super::{Locale, Msg};

thread_local! {
    /// One `Intl.NumberFormat` per locale, made on first use: a listing formats dozens of prices.
    static NUMBER_FORMATS: RefCell<[Option<Function>; 2]> = const { RefCell::new([None, None]) };
}

fn number_format(locale: Locale) -> Function {
    NUMBER_FORMATS.with(|cache| {
        cache.borrow_mut()[locale as usize]
            .get_or_insert_with(|| {
                let locales = Array::of1(&JsValue::from_str(locale.intl_tag()));
                Intl::NumberFormat::new(&locales, &Object::new()).format()
            })
            .clone()
    })
}

/// `n` with the locale's digits and grouping, e.g. `۱۲٬۵۰۰` in Persian.
pub fn number(n: i64, locale: Locale) -> String {
    number_format(locale)
        .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| Toman(n).grouped())
}

/// A price in Toman, e.g. `۱٬۲۵۰٬۰۰۰ تومان`.
pub fn price(amount: Toman, locale: Locale) -> String {
    format!("{} {}", number(amount.0, locale), Msg::Toman.text(locale))
}

fn persian_calendar_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::Fa => "fa-IR-u-ca-persian",
        Locale::En => "en-US-u-ca-persian",
    }
}

fn format_date(date: &Date, locale: Locale, options: &[(&str, &str)]) -> Option<String> {
    let object = Object::new();
    for (key, value) in options {
        let _ = Reflect::set(&object, &(*key).into(), &(*value).into());
    }
    let tag = Array::of1(&JsValue::from_str(persian_calendar_tag(locale)));
    Intl::DateTimeFormat::new(&tag, &object).format().call1(&JsValue::NULL, date).ok()?.as_string()
}

/// The name of a month of the Persian calendar (1 = Farvardin), as `Intl` spells it.
pub fn persian_month_name(month: u32, locale: Locale) -> String {
    let g = pishkhan_core::account::jalali::JalaliDate { year: 1403, month, day: 15 }.to_gregorian();
    let date = Date::new_with_year_month_day(g.year as u32, g.month as i32 - 1, g.day as i32);
    format_date(&date, locale, &[("month", "long")]).unwrap_or_else(|| month.to_string())
}

/// A moment (RFC 3339) as a date and time in the Persian calendar, e.g. `۱ آذر ۱۴۰۵، ۱۰:۳۰`.
pub fn date_time(rfc3339: &str, locale: Locale) -> String {
    format_date(&Date::new(&JsValue::from_str(rfc3339)), locale, &[("dateStyle", "long"), ("timeStyle", "short")])
        .unwrap_or_else(|| rfc3339.to_owned())
}
