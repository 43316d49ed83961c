//! The frame around every page: header with search, cart badge and language switch; footer.

mod footer;
mod header;

pub use footer::Footer;
pub use header::Header;
