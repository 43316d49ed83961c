//! Pishkhan storefront.
