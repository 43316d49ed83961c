//! An Iranian postal address: province, then a city from that province's list, street, plate,
//! unit, postal code and notes. Used for the delivery address and for a separate invoice address.

use leptos::prelude::*;
use pishkhan_core::checkout::{Address, regions};

use crate::{
    checkout::draft::{Draft, DraftStore},
    common::form::{FormErrors, SelectField, TextField},
    i18n::{Locale, Msg, use_i18n},
};

fn province_options(locale: Locale) -> Vec<(String, String)> {
    regions::PROVINCES
        .iter()
        .map(|p| (p.slug.to_owned(), if locale == Locale::Fa { p.name_fa } else { p.name_en }.to_owned()))
        .collect()
}

fn city_options(province: &str) -> Vec<(String, String)> {
    regions::province(province)
        .map_or_else(Vec::new, |p| p.cities.iter().map(|c| ((*c).to_owned(), (*c).to_owned())).collect())
}

/// Each field's path in the order request, for one address.
#[derive(Debug)]
pub struct AddressPaths {
    province: &'static str,
    city: &'static str,
    street: &'static str,
    plate: &'static str,
    unit: &'static str,
    postal_code: &'static str,
    notes: &'static str,
}

macro_rules! address_paths {
    ($prefix:literal) => {
        AddressPaths {
            province: concat!($prefix, ".province"),
            city: concat!($prefix, ".city"),
            street: concat!($prefix, ".street"),
            plate: concat!($prefix, ".plate"),
            unit: concat!($prefix, ".unit"),
            postal_code: concat!($prefix, ".postal_code"),
            notes: concat!($prefix, ".notes"),
        }
    };
}

pub const DELIVERY_ADDRESS: AddressPaths = address_paths!("address");
pub const INVOICE_ADDRESS: AddressPaths = address_paths!("invoice.invoice_address");

/// `paths` name the fields in the order request; `get`/`set` reach the same address in the draft.
#[component]
pub fn AddressFields(
    store: DraftStore,
    errors: FormErrors,
    paths: &'static AddressPaths,
    get: fn(&Draft) -> &Address,
    set: fn(&mut Draft) -> &mut Address,
    #[prop(default = true)] with_notes: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let draft = store.draft;
    let province = Signal::derive(move || draft.with(|d| get(d).province.clone()));
    let set_province = Callback::new(move |slug: String| {
        draft.update(|d| {
            let address = set(d);
            if address.province != slug {
                address.city.clear();
            }
            address.province = slug;
        })
    });
    let (city, set_city) = store.bind(move |d| &get(d).city, move |d| &mut set(d).city);
    let (street, set_street) = store.bind(move |d| &get(d).street, move |d| &mut set(d).street);
    let (plate, set_plate) = store.bind(move |d| &get(d).plate, move |d| &mut set(d).plate);
    let (unit, set_unit) = store.bind(move |d| &get(d).unit, move |d| &mut set(d).unit);
    let (postal, set_postal) = store.bind(move |d| &get(d).postal_code, move |d| &mut set(d).postal_code);
    let (notes, set_notes) = store.bind(move |d| &get(d).notes, move |d| &mut set(d).notes);
    view! {
        <div class="form-grid">
            <SelectField
                path=paths.province
                label=Msg::Province
                value=province
                on_change=set_province
                options=Signal::derive(move || province_options(i18n.locale()))
                errors
            />
            <SelectField
                path=paths.city
                label=Msg::City
                value=city
                on_change=set_city
                options=Signal::derive(move || city_options(&province.get()))
                errors
            />
            <div class="form-grid__wide">
                <TextField path=paths.street label=Msg::Street value=street on_input=set_street errors autocomplete="street-address" />
            </div>
            <TextField path=paths.plate label=Msg::Plate value=plate on_input=set_plate errors />
            <TextField path=paths.unit label=Msg::UnitOptional value=unit on_input=set_unit errors />
            <TextField path=paths.postal_code label=Msg::PostalCode value=postal on_input=set_postal errors input_mode="numeric" autocomplete="postal-code" />
            {with_notes.then(|| view! {
                <div class="form-grid__wide">
                    <TextField path=paths.notes label=Msg::DeliveryNotes value=notes on_input=set_notes errors multiline=true />
                </div>
            })}
        </div>
    }
}
