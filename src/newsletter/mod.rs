//! The newsletter, for guests and from every message: the sign-up form (double opt-in: the address is
//! subscribed only from the link mailed to it), the page that link opens, and the unsubscribe page of the link
//! in every message, which needs no sign-in. Members turn lists on and off in their profile too.

mod confirm;
mod sign_up;
mod unsubscribe;

pub use confirm::NewsletterConfirmView;
pub use sign_up::NewsletterSignUp;
pub use unsubscribe::UnsubscribeView;
