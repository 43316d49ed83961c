//! Numbered schema migrations, tracked with `PRAGMA user_version`.

use rusqlite::Connection;

/// Migration `n` (1-based) brings the schema from version `n - 1` to `n`. Append only.
const MIGRATIONS: &[&str] = &[
    // 1: the catalog
    "CREATE TABLE categories (
        id       INTEGER PRIMARY KEY,
        slug     TEXT NOT NULL UNIQUE,
        name_fa  TEXT NOT NULL,
        name_en  TEXT NOT NULL,
        position INTEGER NOT NULL,
        hue      INTEGER NOT NULL
    );
    CREATE TABLE products (
        id          INTEGER PRIMARY KEY,
        slug        TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL UNIQUE,
        byline      TEXT NOT NULL,
        category_id INTEGER NOT NULL REFERENCES categories(id),
        price       INTEGER NOT NULL CHECK (price >= 0),
        stock       INTEGER NOT NULL CHECK (stock >= 0),
        popularity  INTEGER NOT NULL CHECK (popularity >= 0),
        created_at  INTEGER NOT NULL,
        description TEXT NOT NULL,
        search_text TEXT NOT NULL
    );
    CREATE INDEX products_category ON products(category_id);
    CREATE INDEX products_created ON products(created_at DESC, id DESC);
    CREATE INDEX products_price ON products(price, id);
    CREATE INDEX products_popularity ON products(popularity DESC, id);",
];

/// The schema version this build expects.
pub const LATEST: usize = MIGRATIONS.len();

/// Applies every migration newer than the database's `user_version`, each in its own transaction.
pub fn run(conn: &mut Connection) -> rusqlite::Result<()> {
    let current: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if current > LATEST {
        eprintln!("warning: the database schema (version {current}) is newer than this build's ({LATEST})");
    }
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index + 1)?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        run(&mut conn).unwrap();
        run(&mut conn).unwrap();
        let version: usize = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, LATEST);
    }
}
