//! Placing an order, all in one `BEGIN IMMEDIATE` transaction: replay or refuse a reused key,
//! price the lines, check the shopper's total, reserve stock and write the order.

use pishkhan_core::Problem;
use pishkhan_core::account::AddressInput;
use pishkhan_core::cart::LineStatus;
use pishkhan_core::checkout::{Order, validate::Invalid};
use pishkhan_core::checkout::{OrderLine, OrderRequest, ShippingMethod};
use pishkhan_core::{FieldError, Toman};
use rusqlite::{Connection, TransactionBehavior};

use super::{clock, idempotency, store};
use crate::account::address_store;
use crate::checkout::{pricing, queries};
use crate::problem::ApiError;

/// The problem type of a 409: the order differs from what the shopper reviewed.
pub const ORDER_CHANGED: &str = "/problems/order-changed";

/// What placing answered: a new order, or the one placed earlier with the same key and request.
#[derive(Debug)]
pub enum Placed {
    Created(Order),
    Replayed(Order),
}

/// A validated order request, ready to place.
#[derive(Debug)]
pub struct Submission {
    pub key: String,
    /// Normalised by `OrderRequest::validate`.
    pub request: OrderRequest,
    pub method: ShippingMethod,
    pub hash: String,
    /// The signed-in buyer's account: the order is theirs, and `save_address` is honoured.
    pub user_id: Option<i64>,
}

/// Validates `request` (every field error at once, items as in a cart quote, the shipping method for the
/// province) into a submission.
pub fn check(key: String, request: &OrderRequest) -> Result<Submission, ApiError> {
    let mut errors = Vec::new();
    let normalised = request.validate().map_err(|e| errors.extend(e)).ok();
    errors.extend(queries::validate_items(&request.items));
    let method = normalised
        .as_ref()
        .and_then(|r| pricing::methods_for(&r.address.province).into_iter().find(|m| m.id == r.shipping_method));
    if normalised.is_some() && method.is_none() {
        let invalid = Invalid::UnknownValue;
        errors.push(FieldError::new("shipping_method", invalid.code(), "This method does not deliver to the province"));
    }
    match (normalised, method) {
        (Some(request), Some(method)) if errors.is_empty() => {
            Ok(Submission { key, hash: idempotency::request_hash(&request), request, method, user_id: None })
        }
        _ => Err(ApiError::invalid(errors)),
    }
}

/// Places the submission atomically; on any error nothing is written and no stock is taken.
pub fn place(conn: &mut Connection, submission: &Submission) -> Result<Placed, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some((id, hash)) = store::find_by_key(&tx, &submission.key)? {
        return if hash == submission.hash {
            Ok(Placed::Replayed(store::load(&tx, id)?))
        } else {
            Err(idempotency::reused())
        };
    }
    let request = &submission.request;
    let priced = queries::priced_lines(&tx, &request.items)?;
    if priced.iter().any(|line| line.status != LineStatus::Ok) {
        return Err(changed("An item is sold out, short of stock or no longer sold."));
    }
    let lines: Vec<OrderLine> = priced
        .into_iter()
        .filter_map(|line| {
            let product = line.product?;
            Some(OrderLine {
                product_id: line.product_id,
                title: product.title,
                unit_price: product.unit_price,
                quantity: line.requested_quantity,
                line_total: line.line_total,
            })
        })
        .collect();
    let subtotal: Toman = lines.iter().map(|line| line.line_total).sum();
    let totals = pricing::totals(subtotal, Some(&submission.method));
    if totals.total != request.expected_total {
        return Err(changed(&format!(
            "The total is now {} Toman, not the {} Toman reviewed.",
            totals.total.grouped(),
            request.expected_total.grouped()
        )));
    }
    for line in &lines {
        if !store::reserve(&tx, line.product_id, line.quantity)? {
            return Err(changed("An item is short of stock."));
        }
    }
    let placed_at = clock::now_rfc3339();
    let id = store::insert(
        &tx,
        &store::NewOrder {
            user_id: submission.user_id,
            idempotency_key: &submission.key,
            request_hash: &submission.hash,
            placed_at: &placed_at,
            contact: &request.contact,
            recipient: &request.recipient,
            address: &request.address,
            invoice: &request.invoice,
            shipping_method: &submission.method,
            lines: &lines,
            totals,
        },
    )?;
    let order = store::load(&tx, id)?;
    if let Some(user_id) = submission.user_id.filter(|_| request.save_address) {
        save_address(&tx, user_id, &order)?;
    }
    tx.commit()?;
    Ok(Placed::Created(order))
}

/// Keeps the order's delivery address (with its recipient, when someone else receives it) in the buyer's
/// address book, unless it is there already: only because the buyer asked (`save_address`).
fn save_address(conn: &Connection, user_id: i64, order: &Order) -> rusqlite::Result<()> {
    if address_store::contains(conn, user_id, &order.recipient, &order.address)?
        || address_store::count(conn, user_id)? >= address_store::MAX_ADDRESSES
    {
        return Ok(());
    }
    let city: String = order.address.city.chars().take(30).collect();
    let input = AddressInput {
        label: format!("نشانی {city}"),
        recipient: order.recipient.clone(),
        address: order.address.clone(),
        is_default: false,
    };
    address_store::insert(conn, user_id, &input).map(drop)
}

/// 409: prices or stock changed since the review; no order was made and nothing was reserved.
fn changed(detail: &str) -> ApiError {
    ApiError::from(
        Problem::new(
            409,
            ORDER_CHANGED,
            "Prices or stock changed since you reviewed the order; please review it again",
        )
        .with_detail(format!("{detail} No order was placed and nothing was reserved.")),
    )
}
