//! The catalog feature: the product listing with search, category, sort and pages, and the product page.

mod filters;
mod listing;
mod pagination;
mod product_card;
mod product_details;

pub use listing::CatalogView;
pub use product_card::ProductCard;
pub use product_details::ProductView;
