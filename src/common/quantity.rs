//! A quantity stepper: −/+ buttons around a text field that accepts Persian, Arabic and Latin digits.

use leptos::prelude::*;
use pishkhan_core::{cart::MAX_LINE_QUANTITY, digits::to_ascii_digits};

use crate::i18n::{Msg, number, use_i18n};

/// `label` names the field for screen readers (e.g. "quantity of <title>").
#[component]
pub fn QuantityInput(
    #[prop(into)] value: Signal<u32>,
    #[prop(into)] on_change: Callback<u32>,
    #[prop(into)] label: Signal<String>,
    #[prop(default = 1)] min: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let set = move |n: u32| on_change.run(n.clamp(min, MAX_LINE_QUANTITY));
    let shown = move || number(value.get().into(), i18n.locale());
    view! {
        <div class="quantity">
            <button
                type="button"
                class="quantity__step"
                aria-label=move || i18n.t(Msg::Decrease)
                disabled=move || { value.get() <= min }
                on:click=move |_| set(value.get_untracked().saturating_sub(1))
            >
                "−"
            </button>
            <input
                class="quantity__input"
                type="text"
                inputmode="numeric"
                aria-label=label
                prop:value=shown
                on:change:target=move |ev| {
                    let target = ev.target();
                    match to_ascii_digits(target.value().trim()).parse::<u32>() {
                        Ok(n) => set(n),
                        Err(_) => target.set_value(&shown()),
                    }
                }
            />
            <button
                type="button"
                class="quantity__step"
                aria-label=move || i18n.t(Msg::Increase)
                disabled=move || { value.get() >= MAX_LINE_QUANTITY }
                on:click=move |_| set(value.get_untracked() + 1)
            >
                "+"
            </button>
        </div>
    }
}
