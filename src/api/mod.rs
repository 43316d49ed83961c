//! The backend client: the one place that knows the REST contract's URLs. Features call these
//! functions with domain types and get domain types or an [`ApiError`] back.

pub mod account;
mod deadline;
mod error;

pub use error::ApiError;

use deadline::{Deadline, REQUEST_TIMEOUT_MS};
use gloo_net::http::{Request, RequestBuilder, Response};
use pishkhan_core::{
    Problem,
    cart::{CartQuote, QuoteRequest},
    catalog::{Category, Product, ProductPage, ProductQuery},
    checkout::{Order, OrderRequest, PaymentOutcome, Review, ShippingQuoteRequest},
    consent::ConsentReceipt,
};
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

/// Sends a request with a time limit and reads the contract's answer: the body on success, the
/// problem details on failure. A timeout, like a dropped connection, is [`ApiError::Network`]; an
/// answer that does not decode breaks the contract: [`ApiError::Unexpected`], logged to the console.
async fn fetch<T: DeserializeOwned>(
    builder: RequestBuilder,
    finish: impl FnOnce(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<T, ApiError> {
    let deadline = Deadline::start(REQUEST_TIMEOUT_MS);
    let response = send(builder, finish, deadline.as_ref()).await?;
    let result = if response.ok() {
        decode(response).await
    } else {
        Err(failure(response).await)
    };
    drop(deadline);
    result
}

/// Like [`fetch`], for answers without a body (202, 204).
async fn fetch_empty(
    builder: RequestBuilder,
    finish: impl FnOnce(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<(), ApiError> {
    let deadline = Deadline::start(REQUEST_TIMEOUT_MS);
    let response = send(builder, finish, deadline.as_ref()).await?;
    let result = if response.ok() { Ok(()) } else { Err(failure(response).await) };
    drop(deadline);
    result
}

/// Sends with the time limit and the header that marks the request as the storefront's own (the
/// backend refuses state changes of a signed-in session without it: cross-site request protection).
async fn send(
    builder: RequestBuilder,
    finish: impl FnOnce(RequestBuilder) -> Result<Request, gloo_net::Error>,
    deadline: Option<&Deadline>,
) -> Result<Response, ApiError> {
    let builder = builder.header("X-Requested-With", "pishkhan").abort_signal(deadline.map(Deadline::signal).as_ref());
    let request = finish(builder).map_err(|_| ApiError::Unexpected)?;
    request.send().await.map_err(|_| ApiError::Network)
}

/// The body of a successful answer. A body that stops arriving (dropped, or past the deadline) is a
/// network failure; one that arrives but is not the contract's shape is a contract mismatch.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    serde_json::from_str(&text).map_err(|error| {
        let url = response.url();
        web_sys::console::error_1(&format!("pishkhan: the answer of {url} does not match the contract: {error}").into());
        ApiError::Unexpected
    })
}

async fn failure(response: Response) -> ApiError {
    let status = response.status();
    if status == 429 {
        let after = response.headers().get("retry-after").and_then(|s| s.parse().ok()).unwrap_or(60);
        return ApiError::TooManyRequests(after);
    }
    let problem = response.json::<Problem>().await.ok();
    ApiError::from_status(status, problem)
}

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    fetch(Request::get(&format!("{BASE}/categories")), RequestBuilder::build).await
}

pub async fn products(query: &ProductQuery) -> Result<ProductPage, ApiError> {
    let pairs = query.to_pairs();
    let builder = Request::get(&format!("{BASE}/products")).query(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    fetch(builder, RequestBuilder::build).await
}

pub async fn product(slug: &str) -> Result<Product, ApiError> {
    let slug = String::from(js_sys::encode_uri_component(slug));
    fetch(Request::get(&format!("{BASE}/products/{slug}")), RequestBuilder::build).await
}

pub async fn quote(request: &QuoteRequest) -> Result<CartQuote, ApiError> {
    fetch(Request::post(&format!("{BASE}/cart/quote")), |builder| builder.json(request)).await
}

pub async fn review(request: &ShippingQuoteRequest) -> Result<Review, ApiError> {
    fetch(Request::post(&format!("{BASE}/checkout/review")), |builder| builder.json(request)).await
}

/// Places an order. Retrying with the same `idempotency_key` never makes a second order.
pub async fn place_order(request: &OrderRequest, idempotency_key: &str) -> Result<Order, ApiError> {
    let builder = Request::post(&format!("{BASE}/orders")).header("Idempotency-Key", idempotency_key);
    fetch(builder, |builder| builder.json(request)).await
}

/// Pays a placed order. The reference backend completes it at once; a gateway may answer a redirect.
pub async fn pay(order_number: &str, payment_token: &str) -> Result<PaymentOutcome, ApiError> {
    let number = String::from(js_sys::encode_uri_component(order_number));
    let body = serde_json::json!({ "payment_token": payment_token });
    fetch(Request::post(&format!("{BASE}/orders/{number}/payment")), |builder| builder.json(&body)).await
}

/// Posts an anonymous consent receipt to the backend's ledger.
pub async fn consent_receipt(receipt: &ConsentReceipt) -> Result<serde_json::Value, ApiError> {
    fetch(Request::post(&format!("{BASE}/consent/receipts")), |builder| builder.json(receipt)).await
}
