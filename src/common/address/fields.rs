//! An Iranian postal address: province, then a city from that province's list, street, plate,
//! unit, postal code and notes. Used for a delivery address (checkout, the address book) and for
//! checkout's separate invoice address.

use leptos::prelude::*;
use pishkhan_core::checkout::{Address, regions};

use crate::{
    common::{
        Lens,
        form::{FormErrors, SelectField, TextField},
    },
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

/// Each field's path in the request, for one address; `address_paths!("prefix")` builds them.
#[derive(Debug)]
pub struct AddressPaths {
    pub province: &'static str,
    pub city: &'static str,
    pub street: &'static str,
    pub plate: &'static str,
    pub unit: &'static str,
    pub postal_code: &'static str,
    pub notes: &'static str,
}

macro_rules! address_paths {
    ($prefix:literal) => {
        $crate::common::address::AddressPaths {
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

pub(crate) use address_paths;

/// The delivery address's paths, in an order request and in an address-book entry alike.
pub const DELIVERY_ADDRESS: AddressPaths = address_paths!("address");

/// `paths` name the fields in the request; `address` is the address they edit.
#[component]
pub fn AddressFields(
    #[prop(into)] address: Lens<Address>,
    errors: FormErrors,
    paths: &'static AddressPaths,
    #[prop(default = true)] with_notes: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let province = Signal::derive(move || address.with(|a| a.province.clone()));
    // Another province's cities do not apply: choosing a province clears the city.
    let set_province = Callback::new(move |slug: String| {
        address.update(|a| {
            if a.province != slug {
                a.city.clear();
            }
            a.province = slug;
        })
    });
    let (city, set_city) = address.bind(|a| &a.city, |a| &mut a.city);
    let (street, set_street) = address.bind(|a| &a.street, |a| &mut a.street);
    let (plate, set_plate) = address.bind(|a| &a.plate, |a| &mut a.plate);
    let (unit, set_unit) = address.bind(|a| &a.unit, |a| &mut a.unit);
    let (postal, set_postal) = address.bind(|a| &a.postal_code, |a| &mut a.postal_code);
    let (notes, set_notes) = address.bind(|a| &a.notes, |a| &mut a.notes);
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
