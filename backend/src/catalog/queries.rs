//! Catalog SQL: category counts, the filtered and sorted listing, one product by slug.

use pishkhan_core::Toman;
use pishkhan_core::catalog::{Category, Product, ProductPage, ProductQuery, ProductSummary, SortOrder};
use pishkhan_core::search::terms;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

use crate::images::image_url;

const SUMMARY_COLUMNS: &str = "p.id, p.slug, p.title, p.byline, c.slug, p.price, p.stock";
const FROM: &str = "FROM products p JOIN categories c ON c.id = p.category_id";

/// Every category with its product count, in display order.
pub fn categories(conn: &Connection) -> rusqlite::Result<Vec<Category>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.slug, c.name_fa, c.name_en, COUNT(p.id)
         FROM categories c LEFT JOIN products p ON p.category_id = c.id
         GROUP BY c.id ORDER BY c.position, c.id",
    )?;
    stmt.query_map([], |row| {
        Ok(Category { slug: row.get(0)?, name_fa: row.get(1)?, name_en: row.get(2)?, product_count: row.get(3)? })
    })?
    .collect()
}

/// One page of the listing. Every search term must occur in the product's folded search text;
/// an unknown category simply matches nothing.
pub fn product_page(conn: &Connection, query: &ProductQuery) -> rusqlite::Result<ProductPage> {
    let (filter, mut params) = filter(query);
    let total: u32 =
        conn.query_row(&format!("SELECT COUNT(*) {FROM}{filter}"), params_from_iter(&params), |row| row.get(0))?;
    let sql = format!("SELECT {SUMMARY_COLUMNS} {FROM}{filter} ORDER BY {} LIMIT ? OFFSET ?", order_by(query.sort));
    params.push(Value::Integer(query.per_page.into()));
    params.push(Value::Integer(query.offset().into()));
    let mut stmt = conn.prepare_cached(&sql)?;
    let items = stmt.query_map(params_from_iter(&params), summary)?.collect::<rusqlite::Result<_>>()?;
    Ok(ProductPage { items, total, page: query.page, per_page: query.per_page })
}

/// The `WHERE` clause (with a leading space, or empty) and its parameters.
fn filter(query: &ProductQuery) -> (String, Vec<Value>) {
    let mut clauses = Vec::new();
    let mut params = Vec::new();
    if let Some(category) = &query.category {
        clauses.push("c.slug = ?");
        params.push(Value::Text(category.clone()));
    }
    for term in query.q.as_deref().map(terms).unwrap_or_default() {
        // instr() needs no escaping of LIKE wildcards
        clauses.push("instr(p.search_text, ?) > 0");
        params.push(Value::Text(term));
    }
    if clauses.is_empty() { (String::new(), params) } else { (format!(" WHERE {}", clauses.join(" AND ")), params) }
}

fn order_by(sort: SortOrder) -> &'static str {
    match sort {
        SortOrder::Newest => "p.created_at DESC, p.id DESC",
        SortOrder::PriceAsc => "p.price ASC, p.id ASC",
        SortOrder::PriceDesc => "p.price DESC, p.id ASC",
        SortOrder::Popular => "p.popularity DESC, p.id ASC",
    }
}

fn summary(row: &Row<'_>) -> rusqlite::Result<ProductSummary> {
    let id: u32 = row.get(0)?;
    let stock: u32 = row.get(6)?;
    Ok(ProductSummary {
        id,
        slug: row.get(1)?,
        title: row.get(2)?,
        byline: row.get(3)?,
        category: row.get(4)?,
        price: Toman(row.get(5)?),
        in_stock: stock > 0,
        image_url: image_url(id),
    })
}

/// The product with this slug, if any.
pub fn product_by_slug(conn: &Connection, slug: &str) -> rusqlite::Result<Option<Product>> {
    let sql = format!("SELECT {SUMMARY_COLUMNS}, p.description {FROM} WHERE p.slug = ?1");
    conn.query_row(&sql, [slug], |row| {
        Ok(Product { summary: summary(row)?, description: row.get(7)?, stock: row.get(6)? })
    })
    .optional()
}
