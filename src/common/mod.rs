//! Pieces every feature uses: the failed-request notice with its retry, loading skeletons, and the
//! idempotency key of a write that is safe to retry; form plumbing, with a lens to bind a form piece
//! to part of some state; and what more than one feature shows of an order: the address and
//! recipient fields, and the placed order as an invoice.

pub mod address;
mod attempt;
pub mod form;
mod lens;
mod load_error;
mod order_invoice;
mod quantity;
mod random_id;
mod skeleton;

pub use attempt::Attempt;
pub use lens::Lens;
pub use load_error::{LoadError, message as error_message};
pub use order_invoice::OrderInvoice;
pub use quantity::QuantityInput;
pub use random_id::random_id;
pub use skeleton::{SkeletonGrid, SkeletonLines};
