//! The checkout feature: the form (kept as a draft in this tab), validation shared with the
//! backend, review, idempotent order placement and payment, and the printable confirmation.

mod confirmation;
pub(crate) mod draft;
mod embedded;
mod page;
pub(crate) mod sections;

pub use confirmation::ConfirmationView;
pub use embedded::{EmbeddedCheckout, embedded_host};
pub use page::CheckoutView;
