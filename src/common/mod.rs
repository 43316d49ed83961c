//! Pieces every feature uses: the failed-request notice with its retry, loading skeletons, and the
//! idempotency key of a write that is safe to retry.

mod attempt;
pub mod form;
mod load_error;
mod quantity;
mod random_id;
mod skeleton;

pub use attempt::Attempt;
pub use load_error::{LoadError, message as error_message};
pub use quantity::QuantityInput;
pub use random_id::random_id;
pub use skeleton::{SkeletonGrid, SkeletonLines};
