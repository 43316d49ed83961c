//! Placing an order, all in one `BEGIN IMMEDIATE` transaction: let overdue unpaid orders expire (their stock
//! back on sale), replay or refuse a reused key, apply the placement limits, price the lines, check the
//! shopper's total, reserve stock and write the order with the time by which it must be paid.
//!
//! **Idempotency keys belong to their caller** ([`Caller`]): the signed-in account, else the guest cookie.
//! A key already used by another caller is refused exactly as a key reused for a different order is (422
//! `idempotency_key_reused`), whatever the body: the other caller learns neither the order nor whether its
//! guess of the body was right. Refusing is safer than treating the key as a fresh one: when one shopper's
//! identity changes between a lost answer and its retry (the session ended, the guest cookie was cleared), a
//! refusal costs a new key, a fresh key would cost a second order holding stock. Keys sent with no session
//! and no guest cookie are shared by every such caller, as before; the storefront always has a guest cookie
//! by then (the checkout review sets it).
//!
//! **Placement limits** count orders actually placed: a replay, an invalid request and a 409 count nothing,
//! so the storefront's own retries never use them up. A real shop needs two:
//! - per session ([`rate_limit::ORDERS_PER_SESSION`], 20 an hour): a shopper places one or two; someone
//!   sending gifts to the family, or an office buyer splitting deliveries between sites, a handful more.
//! - per client address ([`rate_limit::ORDERS_PER_IP`], 60 an hour): a script drops its cookies, so this is
//!   the limit that stops it. It is three times the session one because many shoppers share an address: an
//!   office behind NAT and, above all, Iranian mobile networks, which put many subscribers behind one
//!   carrier-grade NAT address. With unpaid orders expiring (default 30 minutes), one address can hold at
//!   most the stock of the orders it placed in the last window, not the catalogue for good.
//!
//! A request with no known address (a router served without connect info, as in tests; `serve` always has
//! one) is not limited by address: one shared bucket would let any one client lock every shopper out.

use pishkhan_core::Problem;
use pishkhan_core::account::AddressInput;
use pishkhan_core::cart::LineStatus;
use pishkhan_core::checkout::{Order, validate::Invalid};
use pishkhan_core::checkout::{OrderLine, OrderRequest, ShippingMethod};
use pishkhan_core::{FieldError, Toman};
use rusqlite::{Connection, TransactionBehavior};

use super::caller::Caller;
use super::{idempotency, store};
use crate::account::address_store;
use crate::auth::rate_limit;
use crate::auth::secret::HmacKey;
use crate::checkout::{pricing, queries};
use crate::clock;
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
    /// Who is placing it; a signed-in buyer's order is theirs, and `save_address` is honoured.
    pub caller: Caller,
    /// The client's IP address, for the placement limit (`None` when unknown).
    pub client_ip: Option<String>,
    /// Seconds the buyer has to pay before the order expires.
    pub pay_within: i64,
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
            let hash = idempotency::request_hash(&request);
            Ok(Submission { key, hash, request, method, caller: Caller::Anonymous, client_ip: None, pay_within: 0 })
        }
        _ => Err(ApiError::invalid(errors)),
    }
}

/// Places the submission atomically at `now` (Unix seconds); on any error nothing is written and no stock
/// is taken.
pub fn place(conn: &mut Connection, secret: &HmacKey, submission: &Submission, now: i64) -> Result<Placed, ApiError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // stock that overdue orders held is back on sale for this one (and a replay shows its order as it is now)
    store::expire_overdue(&tx, now)?;
    let scope = submission.caller.scope(&submission.key);
    if let Some(earlier) = store::find_by_key(&tx, &submission.key)? {
        return if earlier.caller == scope && earlier.request_hash == submission.hash {
            Ok(Placed::Replayed(store::load(&tx, earlier.id)?))
        } else {
            Err(idempotency::reused())
        };
    }
    let limits = placement_limits(submission);
    let checks: Vec<rate_limit::Check<'_>> =
        limits.iter().map(|(bucket, key, limits)| (*bucket, key.as_str(), *limits)).collect();
    for (bucket, key, limits) in &checks {
        if let Some(seconds) = rate_limit::wait(&tx, secret, bucket, key, limits, now)? {
            return Err(ApiError::too_many(
                seconds,
                format!("Too many orders were placed from here; try again in {seconds} seconds."),
            ));
        }
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
    let placed_at = clock::rfc3339(now);
    let user_id = submission.caller.user_id();
    let id = store::insert(
        &tx,
        &store::NewOrder {
            user_id,
            idempotency_key: &submission.key,
            idempotency_caller: scope.as_deref(),
            request_hash: &submission.hash,
            placed_at: &placed_at,
            pay_by: now + submission.pay_within,
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
    if let Some(user_id) = user_id.filter(|_| request.save_address) {
        save_address(&tx, user_id, &order)?;
    }
    for (bucket, key, _) in &checks {
        rate_limit::record(&tx, secret, bucket, key, now)?;
    }
    tx.commit()?;
    Ok(Placed::Created(order))
}

/// The placement limits that apply: per session when the caller has one, per address when it is known.
fn placement_limits(submission: &Submission) -> Vec<(&'static str, String, &'static [rate_limit::Limit])> {
    let session = submission.caller.identity().map(|id| ("orders_session", id, &rate_limit::ORDERS_PER_SESSION[..]));
    let address = submission.client_ip.clone().map(|ip| ("orders_ip", ip, &rate_limit::ORDERS_PER_IP[..]));
    session.into_iter().chain(address).collect()
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
