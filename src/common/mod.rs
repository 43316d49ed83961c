//! Pieces every feature uses: the failed-request notice with its retry, and loading skeletons.

mod load_error;
mod quantity;
mod skeleton;

pub use load_error::LoadError;
pub use quantity::QuantityInput;
pub use skeleton::{SkeletonGrid, SkeletonLines};
