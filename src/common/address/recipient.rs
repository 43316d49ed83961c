//! Who receives the parcel: the buyer, or someone else whose details stay with this order (or this
//! saved address) only.

use leptos::prelude::*;
use pishkhan_core::checkout::Recipient;
use serde::{Deserialize, Serialize};

use crate::{
    common::{
        Lens,
        form::{FormErrors, TextField},
    },
    i18n::{Msg, use_i18n},
};

/// The fields for a recipient other than the buyer, as typed; kept while the buyer is chosen
/// instead, so switching back restores them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RecipientFields {
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
}

impl RecipientFields {
    /// The recipient these fields describe: the buyer, or (`someone_else`) the person typed here.
    pub fn recipient(&self, someone_else: bool) -> Recipient {
        if someone_else {
            Recipient::SomeoneElse {
                first_name: self.first_name.clone(),
                last_name: self.last_name.clone(),
                mobile: self.mobile.clone(),
            }
        } else {
            Recipient::Buyer
        }
    }

    /// Takes a saved recipient and answers whether it is someone else: their details fill the
    /// fields; the buyer leaves the fields as they were.
    pub fn apply(&mut self, recipient: &Recipient) -> bool {
        match recipient {
            Recipient::Buyer => false,
            Recipient::SomeoneElse { first_name, last_name, mobile } => {
                *self = Self { first_name: first_name.clone(), last_name: last_name.clone(), mobile: mobile.clone() };
                true
            }
        }
    }
}

/// The choice between the buyer and someone else (`someone_else`), and that person's `recipient` fields.
#[component]
pub fn RecipientSection(
    #[prop(into)] someone_else: Lens<bool>,
    #[prop(into)] recipient: Lens<RecipientFields>,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    let other = Signal::derive(move || someone_else.with(|other| *other));
    let choose = move |other: bool| someone_else.update(|v| *v = other);
    let (first, set_first) = recipient.bind(|r| &r.first_name, |r| &mut r.first_name);
    let (last, set_last) = recipient.bind(|r| &r.last_name, |r| &mut r.last_name);
    let (mobile, set_mobile) = recipient.bind(|r| &r.mobile, |r| &mut r.mobile);
    view! {
        <fieldset class="form-section">
            <legend>{move || i18n.t(Msg::RecipientSection)}</legend>
            <div class="choices">
                <label class="choice">
                    <input type="radio" name="recipient" prop:checked=move || !other.get() on:change=move |_| choose(false) />
                    {move || i18n.t(Msg::RecipientBuyer)}
                </label>
                <label class="choice">
                    <input type="radio" name="recipient" prop:checked=other on:change=move |_| choose(true) />
                    {move || i18n.t(Msg::RecipientOther)}
                </label>
            </div>
            <Show when=move || other.get()>
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
