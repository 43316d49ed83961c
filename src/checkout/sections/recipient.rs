//! Who receives the parcel: the buyer, or someone else whose details stay with this order only.

use leptos::prelude::*;

use crate::{
    checkout::draft::DraftStore,
    common::form::{FormErrors, TextField},
    i18n::{Msg, use_i18n},
};

#[component]
pub fn RecipientSection(store: DraftStore, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let draft = store.draft;
    let someone_else = Signal::derive(move || draft.with(|d| d.someone_else));
    let choose = move |other: bool| draft.update(|d| d.someone_else = other);
    let (first, set_first) = store.bind(|d| &d.recipient.first_name, |d| &mut d.recipient.first_name);
    let (last, set_last) = store.bind(|d| &d.recipient.last_name, |d| &mut d.recipient.last_name);
    let (mobile, set_mobile) = store.bind(|d| &d.recipient.mobile, |d| &mut d.recipient.mobile);
    view! {
        <fieldset class="form-section">
            <legend>{move || i18n.t(Msg::RecipientSection)}</legend>
            <div class="choices">
                <label class="choice">
                    <input type="radio" name="recipient" prop:checked=move || !someone_else.get() on:change=move |_| choose(false) />
                    {move || i18n.t(Msg::RecipientBuyer)}
                </label>
                <label class="choice">
                    <input type="radio" name="recipient" prop:checked=someone_else on:change=move |_| choose(true) />
                    {move || i18n.t(Msg::RecipientOther)}
                </label>
            </div>
            <Show when=move || someone_else.get()>
                <p class="form-hint">{move || i18n.t(Msg::RecipientHint)}</p>
                <div class="form-grid">
                    <TextField path="recipient.first_name" label=Msg::RecipientFirstName value=first on_input=set_first errors />
                    <TextField path="recipient.last_name" label=Msg::RecipientLastName value=last on_input=set_last errors />
                    <TextField path="recipient.mobile" label=Msg::RecipientMobile value=mobile on_input=set_mobile errors kind="tel" input_mode="tel" />
                </div>
            </Show>
        </fieldset>
    }
}
