//! The account feature: sign-in by code or password, profile, official contacts, address book,
//! orders, my data and deletion. Who is signed in is app-wide state (`crate::session`); nothing about
//! the shopper is kept in localStorage.

mod addresses;
mod birth_date;
mod confirm_email;
mod contacts;
mod feedback;
mod my_data;
mod orders;
mod page;
mod profile;
mod proof;
mod sign_in;

pub use confirm_email::ConfirmEmailView;
pub use page::{AccountSection, AccountView};
