//! Loads the products a quote needs, in one query.

use std::collections::HashMap;

use pishkhan_core::Toman;
use pishkhan_core::cart::StockedProduct;
use rusqlite::{Connection, params_from_iter};

use crate::images::image_url;

/// The stocked products among `ids`, by id; unknown ids are simply absent.
pub fn stocked_products(conn: &Connection, ids: &[u32]) -> rusqlite::Result<HashMap<u32, StockedProduct>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let placeholders = vec!["?"; ids.len()].join(", ");
    let sql = format!("SELECT id, slug, title, price, stock FROM products WHERE id IN ({placeholders})");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(ids), |row| {
        let id: u32 = row.get(0)?;
        let product = StockedProduct {
            slug: row.get(1)?,
            title: row.get(2)?,
            image_url: image_url(id),
            unit_price: Toman(row.get(3)?),
            stock: row.get(4)?,
        };
        Ok((id, product))
    })?;
    rows.collect()
}
