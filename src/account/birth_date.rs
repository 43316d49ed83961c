//! A date picker in the Persian calendar (day, month, year selects) that reads and writes the
//! Gregorian `YYYY-MM-DD` the backend keeps.

use leptos::prelude::*;
use pishkhan_core::account::jalali::{GregorianDate, JalaliDate};

use crate::i18n::{Locale, Msg, number, persian_month_name, use_i18n};

/// How an option's value reads in a locale.
type Label = fn(u32, Locale) -> String;

/// Today in the browser's time zone.
pub(super) fn today() -> GregorianDate {
    let now = js_sys::Date::new_0();
    GregorianDate { year: now.get_full_year() as i32, month: now.get_month() + 1, day: now.get_date() }
}

#[component]
pub fn PersianDatePicker(
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = GregorianDate::parse_iso(&value.get_untracked()).map(GregorianDate::to_jalali);
    let year = RwSignal::new(initial.map(|d| d.year));
    let month = RwSignal::new(initial.map(|d| d.month));
    let day = RwSignal::new(initial.map(|d| d.day));
    let emit = move || {
        let picked = match (year.get_untracked(), month.get_untracked(), day.get_untracked()) {
            (Some(year), Some(month), Some(day)) => {
                let date = JalaliDate { year, month, day };
                if date.is_valid() { date.to_gregorian().iso() } else { "invalid".to_owned() }
            }
            (None, None, None) => String::new(),
            _ => "incomplete".to_owned(),
        };
        on_change.run(picked);
    };
    let top = today().to_jalali().year;
    // Option texts are functions of the locale, so the language switch reaches them.
    let select = move |label: Msg,
                       id: &'static str,
                       options: Vec<(u32, Label)>,
                       current: Signal<Option<u32>>,
                       set: Callback<Option<u32>>| {
        view! {
            <div class="field">
                <label class="field__label" for=id>{move || i18n.t(label)}</label>
                <select
                    id=id
                    on:change:target=move |ev| {
                        set.run(ev.target().value().parse().ok());
                        emit();
                    }
                >
                    <option value="" selected=move || current.get().is_none()>"—"</option>
                    {options
                        .into_iter()
                        .map(|(v, text)| {
                            view! { <option value=v.to_string() selected=move || current.get() == Some(v)>{move || text(v, i18n.locale())}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let numeral: Label = |n, locale| number(n.into(), locale);
    let days = (1..=31).map(|d| (d, numeral)).collect();
    let months = (1..=12).map(|m| (m, persian_month_name as Label)).collect();
    let years = (0..=120).map(|back| ((top - back) as u32, numeral)).collect();
    view! {
        <fieldset class="date-picker" id="field-birth_date" tabindex="-1">
            <legend>{move || i18n.t(Msg::BirthDate)}</legend>
            <div class="date-picker__parts">
                {select(Msg::Day, "birth-day", days, day.into(), Callback::new(move |v| day.set(v)))}
                {select(Msg::Month, "birth-month", months, month.into(), Callback::new(move |v| month.set(v)))}
                {select(
                    Msg::Year,
                    "birth-year",
                    years,
                    Signal::derive(move || year.get().map(|y| y as u32)),
                    Callback::new(move |v: Option<u32>| year.set(v.map(|y| y as i32))),
                )}
            </div>
        </fieldset>
    }
}
