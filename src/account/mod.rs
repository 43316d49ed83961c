//! The account feature: sign-in by code or password, profile, official contacts, address book,
//! orders, my data and deletion. The session is the backend's httpOnly cookie; nothing about the
//! shopper is kept in localStorage.

mod addresses;
mod birth_date;
mod cart_sync;
mod confirm_email;
mod contacts;
mod feedback;
mod my_data;
mod orders;
mod page;
mod profile;
mod proof;
mod session;
mod sign_in;

pub use cart_sync::CartSyncNotice;
pub use confirm_email::ConfirmEmailView;
pub use page::{AccountSection, AccountView};
pub use session::Session;
