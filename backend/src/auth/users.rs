//! Account SQL: finding or creating an account by mobile number, finding one by login, and reading the
//! profile ([`Me`]) its owner sees.

use pishkhan_core::account::Me;
use rusqlite::{Connection, OptionalExtension, params};

use crate::clock;
use crate::newsletter::store::{self, List};

/// The live account with this mobile number, or a new one (signing in is signing up).
pub fn find_or_create(conn: &Connection, mobile: &str) -> rusqlite::Result<i64> {
    let found = conn
        .query_row("SELECT id FROM users WHERE mobile = ?1 AND deleted_at IS NULL", [mobile], |row| row.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    conn.execute("INSERT INTO users (mobile, created_at) VALUES (?1, ?2)", params![mobile, clock::now_rfc3339()])?;
    Ok(conn.last_insert_rowid())
}

/// The live account whose mobile number or official email is `login`, with its password hash, if any.
pub fn by_login(conn: &Connection, login: &str) -> rusqlite::Result<Option<(i64, Option<String>)>> {
    conn.query_row(
        "SELECT id, password_hash FROM users WHERE (mobile = ?1 OR email = ?1) AND deleted_at IS NULL",
        [login],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

/// The live account with this mobile number, if any.
pub fn by_mobile(conn: &Connection, mobile: &str) -> rusqlite::Result<Option<i64>> {
    conn.query_row("SELECT id FROM users WHERE mobile = ?1 AND deleted_at IS NULL", [mobile], |row| row.get(0))
        .optional()
}

pub fn mobile_of(conn: &Connection, user_id: i64) -> rusqlite::Result<String> {
    conn.query_row("SELECT mobile FROM users WHERE id = ?1", [user_id], |row| row.get(0))
}

pub fn password_hash(conn: &Connection, user_id: i64) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT password_hash FROM users WHERE id = ?1", [user_id], |row| row.get(0))
}

/// The profile as its owner sees it.
pub fn me(conn: &Connection, user_id: i64) -> rusqlite::Result<Me> {
    conn.query_row(
        "SELECT first_name, last_name, mobile, COALESCE(email, ''), COALESCE(pending_email, ''), national_code,
                birth_date, password_hash IS NOT NULL
         FROM users WHERE id = ?1",
        [user_id],
        |row| {
            Ok(Me {
                first_name: row.get(0)?,
                last_name: row.get(1)?,
                mobile: row.get(2)?,
                email: row.get(3)?,
                pending_email: row.get(4)?,
                national_code: row.get(5)?,
                birth_date: row.get(6)?,
                newsletter: false,
                sms_promotions: false,
                has_password: row.get(7)?,
            })
        },
    )
    .and_then(|me| {
        Ok(Me {
            newsletter: store::member_is_on(conn, user_id, List::Newsletter)?,
            sms_promotions: store::member_is_on(conn, user_id, List::SmsPromotions)?,
            ..me
        })
    })
}
