//! An address as one line of text, in the shopper's language: for the invoice and the address book.

use pishkhan_core::checkout::{Address, regions};

use crate::i18n::{Locale, Msg};

pub fn address_text(address: &Address, locale: Locale) -> String {
    let province = regions::province(&address.province)
        .map(|p| if locale == Locale::Fa { p.name_fa } else { p.name_en })
        .unwrap_or_default();
    let mut parts = vec![province.to_owned(), address.city.clone(), address.street.clone()];
    parts.push(format!("{} {}", Msg::Plate.text(locale), address.plate));
    if !address.unit.is_empty() {
        parts.push(format!("{} {}", Msg::Unit.text(locale), address.unit));
    }
    parts.push(format!("{}: {}", Msg::PostalCode.text(locale), address.postal_code));
    parts.join("، ")
}
