//! Checkout: the order a shopper submits, its validation (one rule for the SPA as the shopper types and
//! for the backend on submit), and what the backend answers.

mod order;
pub mod regions;
mod request;
pub mod validate;

pub use order::{
    Order, OrderLine, OrderStatus, PaymentOutcome, Review, ReviewLine, ShippingMethod, ShippingQuoteRequest,
};
pub use request::{Address, Contact, InvoiceIdentity, OrderRequest, Recipient};
