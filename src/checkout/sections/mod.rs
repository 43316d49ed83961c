//! The checkout form's sections, each a fieldset bound to part of the draft. The address and
//! recipient fields are shared with the address book (`common::address`).

mod contact;
mod invoice;
mod review;
mod saved_addresses;
mod shipping;

pub use contact::ContactSection;
pub use invoice::InvoiceSection;
pub use review::ReviewSection;
pub use saved_addresses::{SaveAddressChoice, SavedAddressPicker};
pub use shipping::ShippingSection;
