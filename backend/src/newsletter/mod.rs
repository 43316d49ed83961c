//! Lists and subscribers: the email newsletter, promotional SMS and order-status SMS ([`store::List`]). A
//! member's profile flags are their subscription rows; guests subscribe to the newsletter by email with double
//! opt-in; every change is a dated event, in "my data" and erased with the account.

pub mod store;
