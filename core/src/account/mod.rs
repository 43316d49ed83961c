//! Accounts: signing in by one-time code or password, the profile and its validation, the address
//! book, and the Persian calendar used to pick a birth date.

mod addresses;
mod auth;
pub mod jalali;
mod profile;

pub use addresses::{AddressInput, SavedAddress};
pub use auth::{
    CodeRequest, CodeSent, CodeSignIn, CodeVerify, EmailChange, EmailConfirm, MobileChange, PasswordChange,
    PasswordSignIn, Proof, ProofRequest, ProofStatus,
};
pub use profile::{Me, OrderSummary, ProfileUpdate};
