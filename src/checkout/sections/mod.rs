//! The checkout form's sections, each a fieldset bound to part of the draft.

mod address;
mod contact;
mod invoice;
mod recipient;
mod review;
mod saved_addresses;
mod shipping;

pub use address::{AddressFields, DELIVERY_ADDRESS};
pub use contact::ContactSection;
pub use invoice::InvoiceSection;
pub use recipient::RecipientSection;
pub use review::ReviewSection;
pub use saved_addresses::{SaveAddressChoice, SavedAddressPicker};
pub use shipping::ShippingSection;
