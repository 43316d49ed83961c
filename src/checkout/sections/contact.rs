//! The buyer's name and contact details.

use leptos::prelude::*;

use crate::{
    checkout::draft::DraftStore,
    common::form::{FormErrors, TextField},
    i18n::{Msg, use_i18n},
};

#[component]
pub fn ContactSection(store: DraftStore, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let (first, set_first) = store.lens.bind(|d| &d.contact.first_name, |d| &mut d.contact.first_name);
    let (last, set_last) = store.lens.bind(|d| &d.contact.last_name, |d| &mut d.contact.last_name);
    let (mobile, set_mobile) = store.lens.bind(|d| &d.contact.mobile, |d| &mut d.contact.mobile);
    let (email, set_email) = store.lens.bind(|d| &d.contact.email, |d| &mut d.contact.email);
    view! {
        <fieldset class="form-section">
            <legend>{move || i18n.t(Msg::ContactSection)}</legend>
            <div class="form-grid">
                <TextField path="contact.first_name" label=Msg::FirstName value=first on_input=set_first errors autocomplete="given-name" />
                <TextField path="contact.last_name" label=Msg::LastName value=last on_input=set_last errors autocomplete="family-name" />
                <TextField path="contact.mobile" label=Msg::Mobile value=mobile on_input=set_mobile errors kind="tel" input_mode="tel" autocomplete="tel" />
                <TextField path="contact.email" label=Msg::EmailOptional value=email on_input=set_email errors kind="email" autocomplete="email" />
            </div>
        </fieldset>
    }
}
