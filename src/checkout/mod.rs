//! The checkout feature: the form (kept as a draft in this tab), validation shared with the
//! backend, review, idempotent order placement and payment, and the printable confirmation.

mod confirmation;
pub(crate) mod draft;
mod embedded;
mod invoice;
mod page;
pub(crate) mod sections;

pub use confirmation::ConfirmationView;
pub use embedded::{EmbeddedCheckout, embedded_host};
pub use invoice::{OrderInvoice, address_text};
pub use page::CheckoutView;

/// Removes what checkout keeps in this tab (the draft and the last order), e.g. at sign-out.
pub fn forget_tab_data() {
    draft::forget();
    confirmation::forget_last_order();
}
