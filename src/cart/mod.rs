//! The cart feature: the shopper's cart kept in the browser, and the cart page priced by the backend.

mod line;
mod page;
mod state;

pub use page::{CartView, EmptyCart};
pub use state::CartStore;
