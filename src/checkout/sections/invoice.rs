//! Official-invoice identity: none, an individual (name + national code), or a legal entity
//! (company name, economic code, national ID, registration number, optionally another address).

use leptos::prelude::*;

use crate::{
    checkout::draft::{DraftStore, InvoiceKind},
    common::{
        address::{AddressFields, AddressPaths, address_paths},
        form::{FormErrors, TextField},
    },
    i18n::{Msg, use_i18n},
};

/// The separate invoice address's paths in the order request.
const INVOICE_ADDRESS: AddressPaths = address_paths!("invoice.invoice_address");

#[component]
pub fn InvoiceSection(store: DraftStore, errors: FormErrors) -> impl IntoView {
    let i18n = use_i18n();
    let draft = store.draft;
    let kind = Signal::derive(move || draft.with(|d| d.invoice));
    let separate = Signal::derive(move || draft.with(|d| d.separate_invoice_address));
    let (full_name, set_full_name) =
        store.lens.bind(|d| &d.invoice_fields.full_name, |d| &mut d.invoice_fields.full_name);
    let (national_code, set_national_code) =
        store.lens.bind(|d| &d.invoice_fields.national_code, |d| &mut d.invoice_fields.national_code);
    let (company, set_company) =
        store.lens.bind(|d| &d.invoice_fields.company_name, |d| &mut d.invoice_fields.company_name);
    let (economic, set_economic) =
        store.lens.bind(|d| &d.invoice_fields.economic_code, |d| &mut d.invoice_fields.economic_code);
    let (national_id, set_national_id) =
        store.lens.bind(|d| &d.invoice_fields.national_id, |d| &mut d.invoice_fields.national_id);
    let (registration, set_registration) =
        store.lens.bind(|d| &d.invoice_fields.registration_number, |d| &mut d.invoice_fields.registration_number);
    let invoice_address = store.lens.at(|d| &d.invoice_address, |d| &mut d.invoice_address);
    let choice = move |value: InvoiceKind, label: Msg| {
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="invoice"
                    prop:checked=move || kind.get() == value
                    on:change=move |_| draft.update(|d| d.invoice = value)
                />
                {move || i18n.t(label)}
            </label>
        }
    };
    view! {
        <fieldset class="form-section">
            <legend>{move || i18n.t(Msg::InvoiceSection)}</legend>
            <div class="choices">
                {choice(InvoiceKind::None, Msg::InvoiceNone)}
                {choice(InvoiceKind::Individual, Msg::InvoiceIndividual)}
                {choice(InvoiceKind::LegalEntity, Msg::InvoiceLegal)}
            </div>
            <Show when=move || kind.get() == InvoiceKind::Individual>
                <div class="form-grid">
                    <TextField path="invoice.full_name" label=Msg::FullName value=full_name on_input=set_full_name errors autocomplete="name" />
                    <TextField path="invoice.national_code" label=Msg::NationalCode value=national_code on_input=set_national_code errors input_mode="numeric" />
                </div>
            </Show>
            <Show when=move || kind.get() == InvoiceKind::LegalEntity>
                <div class="form-grid">
                    <TextField path="invoice.company_name" label=Msg::CompanyName value=company on_input=set_company errors autocomplete="organization" />
                    <TextField path="invoice.economic_code" label=Msg::EconomicCode value=economic on_input=set_economic errors input_mode="numeric" />
                    <TextField path="invoice.national_id" label=Msg::LegalNationalId value=national_id on_input=set_national_id errors input_mode="numeric" />
                    <TextField path="invoice.registration_number" label=Msg::RegistrationNumber value=registration on_input=set_registration errors input_mode="numeric" />
                </div>
                <label class="choice">
                    <input
                        type="checkbox"
                        prop:checked=separate
                        on:change:target=move |ev| {
                            let checked = ev.target().checked();
                            draft.update(|d| d.separate_invoice_address = checked)
                        }
                    />
                    {move || i18n.t(Msg::SeparateInvoiceAddress)}
                </label>
                <Show when=move || separate.get()>
                    <fieldset class="form-section form-section--nested">
                        <legend>{move || i18n.t(Msg::InvoiceAddressSection)}</legend>
                        <AddressFields address=invoice_address errors paths=&INVOICE_ADDRESS with_notes=false />
                    </fieldset>
                </Show>
            </Show>
        </fieldset>
    }
}
