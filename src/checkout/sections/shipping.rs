//! Shipping methods for the destination, with the backend's prices and delivery times.

use leptos::prelude::*;
use pishkhan_core::checkout::{Review, ShippingMethod};

use crate::{
    checkout::draft::DraftStore,
    common::form::{FormErrors, field_id},
    i18n::{Locale, Msg, number, price, use_i18n},
};

fn method_label(method: &ShippingMethod, locale: Locale) -> String {
    let name = if locale == Locale::Fa { &method.name_fa } else { &method.name_en };
    let days = Msg::ShippingDays
        .text(locale)
        .replace("{min}", &number(method.min_days.into(), locale))
        .replace("{max}", &number(method.max_days.into(), locale));
    format!("{name} — {} — {days}", price(method.price, locale))
}

#[component]
pub fn ShippingSection(store: DraftStore, errors: FormErrors, review: Signal<Option<Review>>) -> impl IntoView {
    let i18n = use_i18n();
    let draft = store.draft;
    let chosen = Signal::derive(move || draft.with(|d| d.shipping_method.clone()));
    let error = move || errors.for_field("shipping_method");
    view! {
        <fieldset class="form-section" id=field_id("shipping_method") tabindex="-1">
            <legend>{move || i18n.t(Msg::ShippingSection)}</legend>
            {move || match review.get() {
                None => view! { <p class="form-hint">{move || i18n.t(Msg::ChooseProvinceFirst)}</p> }.into_any(),
                Some(review) => view! {
                    <div class="choices choices--stacked">
                        {review
                            .shipping_methods
                            .into_iter()
                            .map(|method| {
                                let id = method.id.clone();
                                let checked = id.clone();
                                view! {
                                    <label class="choice">
                                        <input
                                            type="radio"
                                            name="shipping"
                                            prop:checked=move || chosen.get() == checked
                                            on:change=move |_| {
                                                errors.edited("shipping_method");
                                                let id = id.clone();
                                                draft.update(|d| d.shipping_method = id);
                                            }
                                        />
                                        {move || method_label(&method, i18n.locale())}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </div>
                }
                    .into_any(),
            }}
            <p class="field__error">{move || error().map(|m| i18n.t(m))}</p>
        </fieldset>
    }
}
