//! The deterministic seed catalog (no network, no randomness): categories, books and devices,
//! with prices, stock, popularity and dates derived from a fixed hash of each product's position.

mod books;
pub mod categories;
mod devices;
mod markup;

use pishkhan_core::search::fold;
use rusqlite::{Connection, Transaction, params};

use categories::{CATEGORIES, SeedCategory};

/// A product before stock, popularity and date are assigned.
#[derive(Debug, Clone)]
pub struct Draft {
    pub category: &'static str,
    pub title: String,
    pub byline: String,
    pub description: String,
    pub price: i64,
}

/// 2023-03-21 00:00 UTC (Nowruz 1402): the oldest product's date.
const EPOCH: i64 = 1_679_356_800;
const TWO_YEARS: u64 = 730 * 86_400;

/// SplitMix64 of a position and a salt: the seed's only source of variety.
pub(crate) fn mix(position: u64, salt: u64) -> u64 {
    let mut z = position.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(salt.wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Every seeded product, books first; the books with markup in their text last.
pub fn drafts() -> Vec<Draft> {
    let mut all = books::drafts();
    all.extend(devices::drafts());
    all.extend(markup::drafts());
    all
}

/// Seeds the catalog if it has no categories yet.
pub fn seed_if_empty(conn: &mut Connection) -> rusqlite::Result<()> {
    let count: i64 = conn.query_row("SELECT COUNT(*) FROM categories", [], |row| row.get(0))?;
    if count > 0 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    insert_all(&tx)?;
    tx.commit()
}

/// Deletes the catalog and seeds it again.
pub fn reseed(conn: &mut Connection) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch("DELETE FROM products; DELETE FROM categories;")?;
    insert_all(&tx)?;
    tx.commit()
}

fn insert_all(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    for (position, category) in CATEGORIES.iter().enumerate() {
        tx.execute(
            "INSERT INTO categories (id, slug, name_fa, name_en, position, hue) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                position as i64 + 1,
                category.slug,
                category.name_fa,
                category.name_en,
                position as i64,
                category.hue
            ],
        )?;
    }
    let mut per_category = [0usize; CATEGORIES.len()];
    for (index, draft) in drafts().into_iter().enumerate() {
        let Some(cat_index) = CATEGORIES.iter().position(|c| c.slug == draft.category) else {
            continue;
        };
        per_category[cat_index] += 1;
        let slug = format!("{}-{:03}", draft.category, per_category[cat_index]);
        insert_product(tx, index, cat_index, &slug, &draft)?;
    }
    Ok(())
}

fn insert_product(tx: &Transaction<'_>, index: usize, cat_index: usize, slug: &str, d: &Draft) -> rusqlite::Result<()> {
    let category: &SeedCategory = &CATEGORIES[cat_index];
    let search_text = fold(&format!("{} {} {} {}", d.title, d.byline, category.name_fa, category.name_en));
    tx.execute(
        "INSERT INTO products (id, slug, title, byline, category_id, price, stock, popularity, created_at, description, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            index as i64 + 1,
            slug,
            d.title,
            d.byline,
            cat_index as i64 + 1,
            d.price,
            stock(index),
            mix(index as u64, 21) % 5_000,
            created_at(index),
            d.description,
            search_text,
        ],
    )?;
    Ok(())
}

/// Most products are in stock; every 11th is sold out and every 7th (otherwise) has only 1–3 left.
fn stock(index: usize) -> u32 {
    if index % 11 == 4 {
        0
    } else if index % 7 == 2 {
        1 + (mix(index as u64, 22) % 3) as u32
    } else {
        4 + (mix(index as u64, 23) % 57) as u32
    }
}

fn created_at(index: usize) -> i64 {
    EPOCH + (mix(index as u64, 24) % TWO_YEARS) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn titles_are_unique_and_prices_in_range() {
        let all = drafts();
        assert!(all.len() >= 200, "only {} products", all.len());
        let titles: HashSet<_> = all.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles.len(), all.len());
        for d in &all {
            assert_eq!(d.price % 1_000, 0, "{}", d.title);
            assert!(categories::find(d.category).is_some(), "{}", d.category);
            let range = if ["novel", "poetry", "history", "children", "psychology"].contains(&d.category) {
                80_000..=900_000
            } else {
                1_500_000..=90_000_000
            };
            assert!(range.contains(&d.price), "{} costs {}", d.title, d.price);
        }
    }

    #[test]
    fn seed_text_uses_persian_letters() {
        for d in drafts() {
            let text = format!("{}{}{}", d.title, d.byline, d.description);
            assert!(!text.contains(['\u{064A}', '\u{0643}']), "Arabic letter in {}", d.title);
        }
    }
}
