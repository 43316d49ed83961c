//! Address book SQL. At most one address of an account is the default; the first one saved becomes it, and
//! when the default is deleted the oldest remaining one takes over.

use pishkhan_core::account::{AddressInput, SavedAddress};
use pishkhan_core::checkout::{Address, Recipient};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::orders::store;

/// How many addresses one account may keep.
pub const MAX_ADDRESSES: i64 = 50;

const COLUMNS: &str = "id, label, recipient_first_name, recipient_last_name, recipient_mobile, province, city,
    street, plate, unit, postal_code, notes, is_default";

fn row(row: &Row<'_>) -> rusqlite::Result<SavedAddress> {
    let first_name: Option<String> = row.get(2)?;
    let recipient = match first_name {
        Some(first_name) => Recipient::SomeoneElse { first_name, last_name: row.get(3)?, mobile: row.get(4)? },
        None => Recipient::Buyer,
    };
    Ok(SavedAddress {
        id: row.get(0)?,
        label: row.get(1)?,
        recipient,
        address: store::address(row, 5)?,
        is_default: row.get(12)?,
    })
}

/// The account's addresses, the default first, then oldest first.
pub fn list(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<SavedAddress>> {
    let sql = format!("SELECT {COLUMNS} FROM addresses WHERE user_id = ?1 ORDER BY is_default DESC, id");
    let mut stmt = conn.prepare(&sql)?;
    stmt.query_map([user_id], row)?.collect()
}

pub fn get(conn: &Connection, user_id: i64, id: u32) -> rusqlite::Result<Option<SavedAddress>> {
    let sql = format!("SELECT {COLUMNS} FROM addresses WHERE user_id = ?1 AND id = ?2");
    conn.query_row(&sql, params![user_id, id], row).optional()
}

pub fn count(conn: &Connection, user_id: i64) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COUNT(*) FROM addresses WHERE user_id = ?1", [user_id], |r| r.get(0))
}

fn recipient_columns(recipient: &Recipient) -> (Option<&str>, Option<&str>, Option<&str>) {
    match recipient {
        Recipient::Buyer => (None, None, None),
        Recipient::SomeoneElse { first_name, last_name, mobile } => {
            (Some(first_name.as_str()), Some(last_name.as_str()), Some(mobile.as_str()))
        }
    }
}

/// Saves a (validated) address; the first one, or one marked default, becomes the default. Returns its id.
pub fn insert(conn: &Connection, user_id: i64, input: &AddressInput) -> rusqlite::Result<u32> {
    let is_default = input.is_default || count(conn, user_id)? == 0;
    if is_default {
        conn.execute("UPDATE addresses SET is_default = 0 WHERE user_id = ?1", [user_id])?;
    }
    let (first, last, mobile) = recipient_columns(&input.recipient);
    let a = &input.address;
    conn.execute(
        "INSERT INTO addresses (user_id, label, recipient_first_name, recipient_last_name, recipient_mobile,
            province, city, street, plate, unit, postal_code, notes, is_default)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            user_id,
            input.label,
            first,
            last,
            mobile,
            a.province,
            a.city,
            a.street,
            a.plate,
            a.unit,
            a.postal_code,
            a.notes,
            is_default
        ],
    )?;
    Ok(u32::try_from(conn.last_insert_rowid()).unwrap_or(u32::MAX))
}

/// The address first saved with idempotency `key`, and the hash of that request.
pub fn by_key(conn: &Connection, user_id: i64, key: &str) -> rusqlite::Result<Option<(u32, String)>> {
    conn.query_row(
        "SELECT id, request_hash FROM addresses WHERE user_id = ?1 AND idempotency_key = ?2",
        params![user_id, key],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

/// Remembers that address `id` was saved with idempotency `key` and a request hashing to `hash`.
pub fn remember_key(conn: &Connection, id: u32, key: &str, hash: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE addresses SET idempotency_key = ?2, request_hash = ?3 WHERE id = ?1", params![id, key, hash])?;
    Ok(())
}

/// Replaces an address; false when the account has no such address. Marking it default clears the others;
/// unmarking the default leaves the account without one.
pub fn update(conn: &Connection, user_id: i64, id: u32, input: &AddressInput) -> rusqlite::Result<bool> {
    if get(conn, user_id, id)?.is_none() {
        return Ok(false);
    }
    if input.is_default {
        conn.execute("UPDATE addresses SET is_default = 0 WHERE user_id = ?1", [user_id])?;
    }
    let (first, last, mobile) = recipient_columns(&input.recipient);
    let a = &input.address;
    conn.execute(
        "UPDATE addresses SET label = ?3, recipient_first_name = ?4, recipient_last_name = ?5, recipient_mobile = ?6,
            province = ?7, city = ?8, street = ?9, plate = ?10, unit = ?11, postal_code = ?12, notes = ?13,
            is_default = ?14
         WHERE user_id = ?1 AND id = ?2",
        params![
            user_id,
            id,
            input.label,
            first,
            last,
            mobile,
            a.province,
            a.city,
            a.street,
            a.plate,
            a.unit,
            a.postal_code,
            a.notes,
            input.is_default
        ],
    )?;
    Ok(true)
}

/// Deletes an address; false when the account has no such address.
pub fn delete(conn: &Connection, user_id: i64, id: u32) -> rusqlite::Result<bool> {
    let Some(deleted) = get(conn, user_id, id)? else {
        return Ok(false);
    };
    conn.execute("DELETE FROM addresses WHERE user_id = ?1 AND id = ?2", params![user_id, id])?;
    if deleted.is_default {
        conn.execute(
            "UPDATE addresses SET is_default = 1
             WHERE id = (SELECT id FROM addresses WHERE user_id = ?1 ORDER BY id LIMIT 1)",
            [user_id],
        )?;
    }
    Ok(true)
}

/// Whether the account already keeps this very recipient and address (so saving it again is skipped).
pub fn contains(conn: &Connection, user_id: i64, recipient: &Recipient, address: &Address) -> rusqlite::Result<bool> {
    Ok(list(conn, user_id)?.iter().any(|saved| &saved.recipient == recipient && &saved.address == address))
}
