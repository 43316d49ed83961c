//! Prices checkout lines against the catalog, through the cart's product query.

use pishkhan_core::FieldError;
use pishkhan_core::cart::{CartItem, QuoteItem, QuoteLine, QuoteRequest, price_line};
use rusqlite::Connection;

use crate::cart::queries::stocked_products;

/// The cart rules for checkout items: at most 100 lines, quantities 1..=99, no product twice.
pub fn validate_items(items: &[CartItem]) -> Vec<FieldError> {
    as_quote(items).validate()
}

/// Each item priced like a cart-quote line with no price seen before, in the items' order.
pub fn priced_lines(conn: &Connection, items: &[CartItem]) -> rusqlite::Result<Vec<QuoteLine>> {
    let ids: Vec<u32> = items.iter().map(|item| item.product_id).collect();
    let mut products = stocked_products(conn, &ids)?;
    Ok(as_quote(items).items.iter().map(|item| price_line(item, products.remove(&item.product_id))).collect())
}

fn as_quote(items: &[CartItem]) -> QuoteRequest {
    let items = items
        .iter()
        .map(|item| QuoteItem { product_id: item.product_id, quantity: item.quantity, seen_unit_price: None })
        .collect();
    QuoteRequest { items }
}
