//! Order SQL: reserving stock, writing an order with its lines, recipient and invoice identity, paying
//! it or letting it expire unpaid (its stock back on sale), and reading it back as the [`Order`] the API
//! answers (so what is returned is what is stored).

use pishkhan_core::Toman;
use pishkhan_core::account::OrderSummary;
use pishkhan_core::checkout::{
    Address, Contact, InvoiceIdentity, Order, OrderLine, OrderStatus, Recipient, ShippingMethod,
};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::random;
use crate::checkout::pricing::Totals;

/// Takes `quantity` units of a product if that many are in stock; false (and nothing taken) otherwise.
pub fn reserve(conn: &Connection, product_id: u32, quantity: u32) -> rusqlite::Result<bool> {
    let changed = conn.execute(
        "UPDATE products SET stock = stock - ?1 WHERE id = ?2 AND stock >= ?1",
        params![quantity, product_id],
    )?;
    Ok(changed == 1)
}

/// The order placed earlier with an idempotency key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    pub id: i64,
    pub request_hash: String,
    /// Who placed it, as [`NewOrder::idempotency_caller`].
    pub caller: Option<String>,
}

/// The order placed with `key`, if any.
pub fn find_by_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<Keyed>> {
    conn.query_row("SELECT id, request_hash, idempotency_caller FROM orders WHERE idempotency_key = ?1", [key], |row| {
        Ok(Keyed { id: row.get(0)?, request_hash: row.get(1)?, caller: row.get(2)? })
    })
    .optional()
}

/// Everything a new order is made of; the number, token and time are chosen on insert.
#[derive(Debug)]
pub struct NewOrder<'a> {
    /// The signed-in buyer's account, if any.
    pub user_id: Option<i64>,
    pub idempotency_key: &'a str,
    /// The key scoped to whoever sent it (see `orders::caller`); `None` for a caller with no identity.
    pub idempotency_caller: Option<&'a str>,
    pub request_hash: &'a str,
    pub placed_at: &'a str,
    /// Unix seconds: unpaid by then, the order expires and its stock goes back on sale.
    pub pay_by: i64,
    pub contact: &'a Contact,
    pub recipient: &'a Recipient,
    pub address: &'a Address,
    pub invoice: &'a InvoiceIdentity,
    pub shipping_method: &'a ShippingMethod,
    pub lines: &'a [OrderLine],
    pub totals: Totals,
}

/// Inserts the order and its rows (call inside a transaction); returns its row id.
pub fn insert(conn: &Connection, order: &NewOrder<'_>) -> rusqlite::Result<i64> {
    let number = unused_number(conn)?;
    let (c, a, m, t) = (order.contact, order.address, order.shipping_method, order.totals);
    conn.execute(
        "INSERT INTO orders (number, status, placed_at, contact_first_name, contact_last_name, contact_mobile,
            contact_email, address_province, address_city, address_street, address_plate, address_unit,
            address_postal_code, address_notes, shipping_method_id, shipping_name_fa, shipping_name_en,
            shipping_price, shipping_min_days, shipping_max_days, subtotal, shipping, discount, total,
            payment_token, idempotency_key, request_hash, user_id, idempotency_caller, pay_by)
         VALUES (?1, 'awaiting_payment', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)",
        params![
            number,
            order.placed_at,
            c.first_name,
            c.last_name,
            c.mobile,
            c.email,
            a.province,
            a.city,
            a.street,
            a.plate,
            a.unit,
            a.postal_code,
            a.notes,
            m.id,
            m.name_fa,
            m.name_en,
            m.price.0,
            m.min_days,
            m.max_days,
            t.subtotal.0,
            t.shipping.0,
            t.discount.0,
            t.total.0,
            random::payment_token(),
            order.idempotency_key,
            order.request_hash,
            order.user_id,
            order.idempotency_caller,
            order.pay_by,
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut line_stmt = conn.prepare_cached(
        "INSERT INTO order_lines (order_id, position, product_id, title, unit_price, quantity, line_total)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, line) in order.lines.iter().enumerate() {
        line_stmt.execute(params![
            id,
            position as i64,
            line.product_id,
            line.title,
            line.unit_price.0,
            line.quantity,
            line.line_total.0
        ])?;
    }
    if let Recipient::SomeoneElse { first_name, last_name, mobile } = order.recipient {
        conn.execute(
            "INSERT INTO order_recipients (order_id, first_name, last_name, mobile) VALUES (?1, ?2, ?3, ?4)",
            params![id, first_name, last_name, mobile],
        )?;
    }
    insert_invoice(conn, id, order.invoice)?;
    Ok(id)
}

fn unused_number(conn: &Connection) -> rusqlite::Result<String> {
    loop {
        let number = random::order_number();
        let taken = conn.query_row("SELECT 1 FROM orders WHERE number = ?1", [&number], |_| Ok(())).optional()?;
        if taken.is_none() {
            return Ok(number);
        }
    }
}

fn insert_invoice(conn: &Connection, order_id: i64, invoice: &InvoiceIdentity) -> rusqlite::Result<()> {
    let sql = "INSERT INTO invoice_identities (order_id, kind, full_name, national_code, company_name, economic_code,
            national_id, registration_number, address_province, address_city, address_street, address_plate,
            address_unit, address_postal_code, address_notes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
    match invoice {
        InvoiceIdentity::None => Ok(()),
        InvoiceIdentity::Individual { full_name, national_code } => {
            let none: Option<&str> = None;
            conn.execute(
                sql,
                params![
                    order_id,
                    "individual",
                    full_name,
                    national_code,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none,
                    none
                ],
            )
            .map(drop)
        }
        InvoiceIdentity::LegalEntity {
            company_name,
            economic_code,
            national_id,
            registration_number,
            invoice_address,
        } => {
            let a = invoice_address.as_ref();
            let none: Option<&str> = None;
            conn.execute(
                sql,
                params![
                    order_id,
                    "legal_entity",
                    none,
                    none,
                    company_name,
                    economic_code,
                    national_id,
                    registration_number,
                    a.map(|a| &a.province),
                    a.map(|a| &a.city),
                    a.map(|a| &a.street),
                    a.map(|a| &a.plate),
                    a.map(|a| &a.unit),
                    a.map(|a| &a.postal_code),
                    a.map(|a| &a.notes),
                ],
            )
            .map(drop)
        }
    }
}

/// What paying an order came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Payment {
    /// Paid now, or already.
    Paid,
    /// It expired unpaid; its stock is back on sale, so it cannot be paid any more.
    Expired,
    /// No order has this number and payment token.
    NoSuchOrder,
}

/// Pays the order with this number and token (again is fine). Call inside the transaction that first let
/// overdue orders expire ([`expire_overdue`]), so an order is either paid in time or expired, never both.
pub fn pay(conn: &Connection, number: &str, token: &str, paid_at: &str) -> rusqlite::Result<Payment> {
    let status: Option<String> = conn
        .query_row(
            "SELECT status FROM orders WHERE number = ?1 AND payment_token = ?2",
            params![number, token],
            |row| row.get(0),
        )
        .optional()?;
    match status.as_deref().map(OrderStatus::parse) {
        None => Ok(Payment::NoSuchOrder),
        Some(Some(OrderStatus::Expired)) => Ok(Payment::Expired),
        Some(_) => {
            conn.execute(
                "UPDATE orders SET status = 'paid', paid_at = COALESCE(paid_at, ?3)
                 WHERE number = ?1 AND payment_token = ?2",
                params![number, token, paid_at],
            )?;
            Ok(Payment::Paid)
        }
    }
}

/// Expires every order still unpaid at `now` (Unix seconds) past its `pay_by`, putting its units back in
/// stock; returns how many expired. Call inside a transaction, so the stock and the statuses change together.
pub fn expire_overdue(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    const OVERDUE: &str = "SELECT id FROM orders WHERE status = 'awaiting_payment' AND pay_by <= ?1";
    // a product no longer in the catalog (after a reseed) has nothing to give back to
    conn.execute(
        &format!(
            "UPDATE products SET stock = stock + (
                SELECT SUM(quantity) FROM order_lines WHERE product_id = products.id AND order_id IN ({OVERDUE}))
             WHERE id IN (SELECT product_id FROM order_lines WHERE order_id IN ({OVERDUE}))"
        ),
        [now],
    )?;
    conn.execute("UPDATE orders SET status = 'expired' WHERE status = 'awaiting_payment' AND pay_by <= ?1", [now])
}

const ORDER_COLUMNS: &str = "id, number, status, placed_at, contact_first_name, contact_last_name, contact_mobile,
    contact_email, address_province, address_city, address_street, address_plate, address_unit, address_postal_code,
    address_notes, shipping_method_id, shipping_name_fa, shipping_name_en, shipping_price, shipping_min_days,
    shipping_max_days, subtotal, shipping, discount, total, payment_token";

/// The order with row id `id`, with its lines, recipient and invoice identity.
pub fn load(conn: &Connection, id: i64) -> rusqlite::Result<Order> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?1");
    let order = conn.query_row(&sql, [id], order_row)?;
    complete(conn, id, order)
}

/// Every order, oldest first.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Order>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders ORDER BY id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, order_row(row)?)))?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|(id, order)| complete(conn, id, order)).collect()
}

/// An account's orders, newest first.
pub fn for_user(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<Order>> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = ?1 ORDER BY id DESC");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([user_id], |row| Ok((row.get::<_, i64>(0)?, order_row(row)?)))?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter().map(|(id, order)| complete(conn, id, order)).collect()
}

/// An account's order with this number, if it is theirs.
pub fn for_user_by_number(conn: &Connection, user_id: i64, number: &str) -> rusqlite::Result<Option<Order>> {
    let id: Option<i64> = conn
        .query_row("SELECT id FROM orders WHERE user_id = ?1 AND number = ?2", params![user_id, number], |r| r.get(0))
        .optional()?;
    id.map(|id| load(conn, id)).transpose()
}

/// One line per order of an account, newest first; `item_count` is the number of units.
pub fn summaries(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<OrderSummary>> {
    let mut stmt = conn.prepare(
        "SELECT o.number, o.status, o.placed_at, o.total,
                (SELECT COALESCE(SUM(quantity), 0) FROM order_lines WHERE order_id = o.id)
         FROM orders o WHERE o.user_id = ?1 ORDER BY o.id DESC",
    )?;
    stmt.query_map([user_id], |row| {
        Ok(OrderSummary {
            number: row.get(0)?,
            status: status(row, 1)?,
            placed_at: row.get(2)?,
            total: Toman(row.get(3)?),
            item_count: row.get(4)?,
        })
    })?
    .collect()
}

/// The `orders` row alone; lines, recipient and invoice are filled in by [`complete`].
fn order_row(row: &Row<'_>) -> rusqlite::Result<Order> {
    Ok(Order {
        number: row.get(1)?,
        status: status(row, 2)?,
        placed_at: row.get(3)?,
        lines: Vec::new(),
        contact: Contact { first_name: row.get(4)?, last_name: row.get(5)?, mobile: row.get(6)?, email: row.get(7)? },
        recipient: Recipient::Buyer,
        address: address(row, 8)?,
        invoice: InvoiceIdentity::None,
        shipping_method: ShippingMethod {
            id: row.get(15)?,
            name_fa: row.get(16)?,
            name_en: row.get(17)?,
            price: Toman(row.get(18)?),
            min_days: row.get(19)?,
            max_days: row.get(20)?,
        },
        subtotal: Toman(row.get(21)?),
        shipping: Toman(row.get(22)?),
        discount: Toman(row.get(23)?),
        total: Toman(row.get(24)?),
        payment_token: row.get(25)?,
    })
}

/// The order status in column `index`.
fn status(row: &Row<'_>, index: usize) -> rusqlite::Result<OrderStatus> {
    let name: String = row.get(index)?;
    OrderStatus::parse(&name).ok_or_else(|| {
        let error = format!("unknown order status {name:?}");
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, error.into())
    })
}

/// Seven address columns from `start`: province, city, street, plate, unit, postal code, notes.
pub fn address(row: &Row<'_>, start: usize) -> rusqlite::Result<Address> {
    Ok(Address {
        province: row.get(start)?,
        city: row.get(start + 1)?,
        street: row.get(start + 2)?,
        plate: row.get(start + 3)?,
        unit: row.get(start + 4)?,
        postal_code: row.get(start + 5)?,
        notes: row.get(start + 6)?,
    })
}

fn complete(conn: &Connection, id: i64, mut order: Order) -> rusqlite::Result<Order> {
    let mut stmt = conn.prepare_cached(
        "SELECT product_id, title, unit_price, quantity, line_total FROM order_lines WHERE order_id = ?1 ORDER BY position",
    )?;
    order.lines = stmt
        .query_map([id], |row| {
            Ok(OrderLine {
                product_id: row.get(0)?,
                title: row.get(1)?,
                unit_price: Toman(row.get(2)?),
                quantity: row.get(3)?,
                line_total: Toman(row.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    order.recipient = conn
        .query_row("SELECT first_name, last_name, mobile FROM order_recipients WHERE order_id = ?1", [id], |row| {
            Ok(Recipient::SomeoneElse { first_name: row.get(0)?, last_name: row.get(1)?, mobile: row.get(2)? })
        })
        .optional()?
        .unwrap_or(Recipient::Buyer);
    order.invoice = conn
        .query_row(
            "SELECT kind, full_name, national_code, company_name, economic_code, national_id, registration_number,
                address_province, address_city, address_street, address_plate, address_unit, address_postal_code,
                address_notes
             FROM invoice_identities WHERE order_id = ?1",
            [id],
            invoice_row,
        )
        .optional()?
        .unwrap_or(InvoiceIdentity::None);
    Ok(order)
}

fn invoice_row(row: &Row<'_>) -> rusqlite::Result<InvoiceIdentity> {
    let kind: String = row.get(0)?;
    let text = |i: usize| row.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
    if kind == "individual" {
        return Ok(InvoiceIdentity::Individual { full_name: text(1)?, national_code: text(2)? });
    }
    let has_address = row.get::<_, Option<String>>(7)?.is_some();
    Ok(InvoiceIdentity::LegalEntity {
        company_name: text(3)?,
        economic_code: text(4)?,
        national_id: text(5)?,
        registration_number: text(6)?,
        invoice_address: if has_address { Some(address(row, 7)?) } else { None },
    })
}
