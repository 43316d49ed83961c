//! The consent receipts ledger in SQLite: append a receipt, read them back. The table's triggers refuse
//! every UPDATE and DELETE, so what is recorded stays as it was recorded.

use pishkhan_core::consent::ConsentReceipt;
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A receipt as recorded: the receipt's own fields, its row id and when the server recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredReceipt {
    pub receipt_id: i64,
    /// RFC 3339 UTC, e.g. `2026-11-02T08:30:00Z`.
    pub recorded_at: String,
    #[serde(flatten)]
    pub receipt: ConsentReceipt,
}

/// An idempotency key a receipt was sent with, and the hash of that request.
#[derive(Debug, Clone, Copy)]
pub struct Keyed<'a> {
    pub key: &'a str,
    pub request_hash: &'a str,
}

/// Appends a (validated) receipt, with the key it was sent with if any; returns its row id.
pub fn insert(
    conn: &Connection,
    receipt: &ConsentReceipt,
    recorded_at: &str,
    keyed: Option<Keyed<'_>>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO consent_receipts
            (consent_id, revision, action, method, purposes, services, shown_text_hash, recorded_at,
             idempotency_key, request_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            receipt.consent_id,
            receipt.revision,
            to_json(&receipt.action)?.trim_matches('"'),
            to_json(&receipt.method)?.trim_matches('"'),
            to_json(&receipt.purposes)?,
            to_json(&receipt.services)?,
            receipt.shown_text_hash,
            recorded_at,
            keyed.map(|k| k.key),
            keyed.map(|k| k.request_hash),
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The receipt of `consent_id` first sent with idempotency `key`: its id, when it was recorded, and the
/// hash of that request.
pub fn by_key(conn: &Connection, consent_id: &str, key: &str) -> rusqlite::Result<Option<(i64, String, String)>> {
    conn.query_row(
        "SELECT id, recorded_at, request_hash FROM consent_receipts WHERE consent_id = ?1 AND idempotency_key = ?2",
        params![consent_id, key],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )
    .optional()
}

const COLUMNS: &str = "id, recorded_at, consent_id, revision, action, method, purposes, services, shown_text_hash";

/// Every receipt, oldest first.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<StoredReceipt>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM consent_receipts ORDER BY id"))?;
    stmt.query_map([], receipt_row)?.collect()
}

/// Every receipt recorded under any of these consent ids, oldest first: what a shopper's "my data" export
/// shows of their consent history (the storefront knows a shopper's consent ids; the server links them to
/// nothing else).
pub fn receipts_for_consent_ids(conn: &Connection, consent_ids: &[String]) -> rusqlite::Result<Vec<StoredReceipt>> {
    if consent_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = to_json(consent_ids)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM consent_receipts
         WHERE consent_id IN (SELECT value FROM json_each(?1))
         ORDER BY id"
    ))?;
    stmt.query_map([ids], receipt_row)?.collect()
}

fn receipt_row(row: &Row<'_>) -> rusqlite::Result<StoredReceipt> {
    Ok(StoredReceipt {
        receipt_id: row.get(0)?,
        recorded_at: row.get(1)?,
        receipt: ConsentReceipt {
            consent_id: row.get(2)?,
            revision: row.get(3)?,
            action: from_json(row, 4, true)?,
            method: from_json(row, 5, true)?,
            purposes: from_json(row, 6, false)?,
            services: from_json(row, 7, false)?,
            shown_text_hash: row.get(8)?,
        },
    })
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> rusqlite::Result<String> {
    serde_json::to_string(value).map_err(|error| rusqlite::Error::ToSqlConversionFailure(Box::new(error)))
}

/// Column `index` as JSON: an enum is stored as its bare name (`quoted`), maps as JSON text.
fn from_json<T: DeserializeOwned>(row: &Row<'_>, index: usize, quoted: bool) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    let result = if quoted { serde_json::from_value(text.into()) } else { serde_json::from_str(&text) };
    result.map_err(|error| rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(error)))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use pishkhan_core::consent::{Method, Purpose, ReceiptAction};

    use super::*;
    use crate::db::Db;

    fn receipt(consent_id: &str, action: ReceiptAction) -> ConsentReceipt {
        ConsentReceipt {
            consent_id: consent_id.into(),
            revision: "2026-11-01".into(),
            action,
            method: Method::Settings,
            purposes: BTreeMap::from([(Purpose::Analytics, true), (Purpose::SessionRecording, false)]),
            services: BTreeMap::from([("google-analytics".into(), true), ("smartlook".into(), false)]),
            shown_text_hash: "0123456789abcdef".into(),
        }
    }

    #[test]
    fn receipts_are_found_by_consent_id_oldest_first() {
        let db = Db::open_in_memory().unwrap();
        let stored = db
            .with_blocking(|conn| {
                insert(conn, &receipt("a", ReceiptAction::Given), "2026-11-02T08:00:00Z", None)?;
                insert(conn, &receipt("b", ReceiptAction::Given), "2026-11-02T08:01:00Z", None)?;
                insert(conn, &receipt("a", ReceiptAction::Withdrawn), "2026-11-02T08:02:00Z", None)?;
                insert(conn, &receipt("c", ReceiptAction::Given), "2026-11-02T08:03:00Z", None)?;
                receipts_for_consent_ids(conn, &["a".into(), "c".into(), "nobody".into()])
            })
            .unwrap();
        let found: Vec<_> =
            stored.iter().map(|s| (s.receipt_id, s.receipt.action, s.receipt.consent_id.as_str())).collect();
        assert_eq!(
            found,
            [(1, ReceiptAction::Given, "a"), (3, ReceiptAction::Withdrawn, "a"), (4, ReceiptAction::Given, "c")]
        );
        assert_eq!(stored[0].receipt, receipt("a", ReceiptAction::Given), "every field reads back as written");
        assert_eq!(stored[1].recorded_at, "2026-11-02T08:02:00Z");
        assert!(db.with_blocking(|conn| receipts_for_consent_ids(conn, &[])).unwrap().is_empty());
        assert_eq!(db.with_blocking(|conn| all(conn)).unwrap().len(), 4);
    }

    #[test]
    fn the_ledger_refuses_changes() {
        let db = Db::open_in_memory().unwrap();
        db.with_blocking(|conn| insert(conn, &receipt("a", ReceiptAction::Given), "2026-11-02T08:00:00Z", None))
            .unwrap();
        for sql in ["UPDATE consent_receipts SET revision = 'x'", "DELETE FROM consent_receipts"] {
            let error = db.with_blocking(|conn| conn.execute(sql, [])).unwrap_err();
            assert!(error.to_string().contains("consent receipts are append-only"), "{sql}: {error}");
        }
    }
}
