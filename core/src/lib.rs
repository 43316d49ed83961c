//! Pishkhan's domain: types and rules shared by the storefront (wasm) and the reference backend (native).
//!
//! Nothing here depends on the web or on a database, so every rule is tested natively and fast.

pub mod account;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod consent;
pub mod digits;
pub mod money;
pub mod problem;
pub mod retry;
pub mod search;

pub use money::Toman;
pub use problem::{FieldError, Problem};
pub use search::fold as fold_for_search;
