//! The postal address and the recipient as checkout and the account's address book both edit and
//! show them: the form fields, bound to whatever state holds the values, and an address as one line.

mod fields;
mod recipient;
mod text;

pub(crate) use fields::address_paths;
pub use fields::{AddressFields, AddressPaths, DELIVERY_ADDRESS};
pub use recipient::{RecipientFields, RecipientSection};
pub use text::address_text;
