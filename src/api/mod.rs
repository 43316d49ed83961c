//! The backend client: the one place that knows the REST contract's URLs. Features call these
//! functions with domain types and get domain types or an [`ApiError`] back.

pub mod account;
mod deadline;
mod error;
pub mod newsletter;

pub use error::ApiError;

use deadline::Deadline;
use gloo_net::http::{Request, RequestBuilder, Response};
use pishkhan_core::{
    Problem,
    cart::{CartQuote, QuoteRequest},
    catalog::{Category, Product, ProductPage, ProductQuery},
    checkout::{Order, OrderRequest, PaymentOutcome, Review, ShippingQuoteRequest},
    consent::ConsentReceipt,
    retry::{Outcome, Repeat, RetryPolicy},
};
use serde::de::DeserializeOwned;

use crate::config;

/// The URL of a path of the REST contract (`/products`), under the configured base.
fn url(path: &str) -> String {
    format!("{}{path}", config::get().api_base)
}

/// The URL of one of the shop's own files (`/consent.json`), at the origin of the API's base.
fn shop_file(path: &str) -> String {
    format!("{}{path}", config::get().shop_origin())
}

/// Sends a request with a time limit, trying again as [`RetryPolicy`] allows, and reads the
/// contract's answer: the body on success, the problem details on failure. A timeout, like a dropped
/// connection, is [`ApiError::Network`]; an answer that does not decode breaks the contract:
/// [`ApiError::Unexpected`], logged to the console.
async fn fetch<T: DeserializeOwned>(
    repeat: Repeat,
    builder: impl Fn() -> RequestBuilder,
    finish: impl Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<T, ApiError> {
    let (response, deadline) = send_with_retries(repeat, builder, finish).await?;
    let result = if response.ok() { decode(response).await } else { Err(failure(response).await) };
    drop(deadline);
    result
}

/// A read: always safe to try again.
async fn get<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    fetch(Repeat::Safe, || Request::get(url), RequestBuilder::build).await
}

/// Like [`fetch`], for answers without a body (202, 204).
async fn fetch_empty(
    repeat: Repeat,
    builder: impl Fn() -> RequestBuilder,
    finish: impl Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<(), ApiError> {
    let (response, deadline) = send_with_retries(repeat, builder, finish).await?;
    let result = match response.status() {
        202 | 204 => Ok(()),
        // A success with a body where the contract promises none: not the answer we asked for.
        200..=299 => Err(mismatch(&response, "a body where none was promised")),
        _ => Err(failure(response).await),
    };
    drop(deadline);
    result
}

/// Tries until an answer ends it: success, an error a retry cannot change, or the policy's last
/// try. The final answer comes back with its deadline still running, so its body is read under it.
async fn send_with_retries(
    repeat: Repeat,
    builder: impl Fn() -> RequestBuilder,
    finish: impl Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
) -> Result<(Response, Option<Deadline>), ApiError> {
    let mut tries = 0;
    loop {
        tries += 1;
        let deadline = Deadline::start(config::request_timeout_ms());
        let result = send(builder(), &finish, deadline.as_ref()).await;
        let outcome = match &result {
            Ok(response) if response.ok() => None,
            Ok(response) => Some(Outcome::Status { status: response.status(), retry_after: retry_after(response) }),
            Err(ApiError::Network) => Some(Outcome::NoAnswer),
            Err(_) => None,
        };
        match outcome.and_then(|outcome| RetryPolicy::DEFAULT.retry_after(repeat, outcome, tries)) {
            Some(wait_ms) => sleep(wait_ms).await,
            None => return result.map(|response| (response, deadline)),
        }
    }
}

/// Sends with the time limit, the configured credentials mode (a widget on another origin sends the
/// shop's cookies only with `include`) and the header that marks the request as the storefront's own
/// (the backend refuses state changes of a signed-in session without it: cross-site request protection).
async fn send(
    builder: RequestBuilder,
    finish: impl Fn(RequestBuilder) -> Result<Request, gloo_net::Error>,
    deadline: Option<&Deadline>,
) -> Result<Response, ApiError> {
    let builder = builder
        .header("X-Requested-With", "pishkhan")
        .credentials(config::get().credentials)
        .abort_signal(deadline.map(Deadline::signal).as_ref());
    let request = finish(builder).map_err(|_| ApiError::Unexpected)?;
    request.send().await.map_err(|_| ApiError::Network)
}

fn retry_after(response: &Response) -> Option<u32> {
    response.headers().get("retry-after").and_then(|s| s.trim().parse().ok())
}

async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The body of a successful answer. A body that stops arriving (dropped, or past the deadline) is a
/// network failure; one that arrives but is not the contract's shape is a contract mismatch.
async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    let text = response.text().await.map_err(|_| ApiError::Network)?;
    serde_json::from_str(&text).map_err(|error| mismatch(&response, &error.to_string()))
}

/// An answer that breaks the contract: logged for the shop's developers, unexpected for the shopper.
fn mismatch(response: &Response, what: &str) -> ApiError {
    let url = response.url();
    web_sys::console::error_1(&format!("pishkhan: the answer of {url} does not match the contract: {what}").into());
    ApiError::Unexpected
}

async fn failure(response: Response) -> ApiError {
    let status = response.status();
    if status == 429 {
        let after = retry_after(&response).unwrap_or(60);
        return ApiError::TooManyRequests(after);
    }
    let problem = response.json::<Problem>().await.ok();
    ApiError::from_status(status, problem)
}

/// The shop's consent configuration (`/consent.json` at the shop's origin) as text, for the consent
/// gate to validate: it fails closed on anything it cannot read.
pub async fn consent_config() -> Result<String, ApiError> {
    let (response, deadline) =
        send_with_retries(Repeat::Safe, || Request::get(&shop_file("/consent.json")), RequestBuilder::build).await?;
    let result =
        if response.ok() { response.text().await.map_err(|_| ApiError::Network) } else { Err(failure(response).await) };
    drop(deadline);
    result
}

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    get(&url("/categories")).await
}

/// A product cover's address as the page must ask for it: the backend answers root-relative paths,
/// which on a host page of the widget would name the host's origin, not the shop's.
fn at_shop(image_url: &mut String) {
    if image_url.starts_with('/') && !image_url.starts_with("//") {
        *image_url = shop_file(image_url);
    }
}

pub async fn products(query: &ProductQuery) -> Result<ProductPage, ApiError> {
    let pairs = query.to_pairs();
    let builder = || Request::get(&url("/products")).query(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    let mut page: ProductPage = fetch(Repeat::Safe, builder, RequestBuilder::build).await?;
    page.items.iter_mut().for_each(|p| at_shop(&mut p.image_url));
    Ok(page)
}

pub async fn product(slug: &str) -> Result<Product, ApiError> {
    let slug = String::from(js_sys::encode_uri_component(slug));
    let mut product: Product = get(&url(&format!("/products/{slug}"))).await?;
    at_shop(&mut product.summary.image_url);
    Ok(product)
}

pub async fn quote(request: &QuoteRequest) -> Result<CartQuote, ApiError> {
    let mut quote: CartQuote =
        fetch(Repeat::Safe, || Request::post(&url("/cart/quote")), |builder| builder.json(request)).await?;
    quote.lines.iter_mut().filter_map(|l| l.product.as_mut()).for_each(|p| at_shop(&mut p.image_url));
    Ok(quote)
}

pub async fn review(request: &ShippingQuoteRequest) -> Result<Review, ApiError> {
    fetch(Repeat::Safe, || Request::post(&url("/checkout/review")), |builder| builder.json(request)).await
}

/// Places an order. Retrying with the same `idempotency_key` never makes a second order, so a lost
/// answer is retried like a read.
pub async fn place_order(request: &OrderRequest, idempotency_key: &str) -> Result<Order, ApiError> {
    let builder = || Request::post(&url("/orders")).header("Idempotency-Key", idempotency_key);
    fetch(Repeat::Safe, builder, |builder| builder.json(request)).await
}

/// Pays a placed order. The reference backend completes it at once; a gateway may answer a redirect.
pub async fn pay(order_number: &str, payment_token: &str) -> Result<PaymentOutcome, ApiError> {
    let number = String::from(js_sys::encode_uri_component(order_number));
    let body = serde_json::json!({ "payment_token": payment_token });
    fetch(Repeat::Safe, || Request::post(&url(&format!("/orders/{number}/payment"))), |builder| builder.json(&body))
        .await
}

/// Posts an anonymous consent receipt to the backend's ledger. Retrying with the same
/// `idempotency_key` never records it twice, so a lost answer is retried like a read.
pub async fn consent_receipt(receipt: &ConsentReceipt, idempotency_key: &str) -> Result<serde_json::Value, ApiError> {
    let builder = || Request::post(&url("/consent/receipts")).header("Idempotency-Key", idempotency_key);
    fetch(Repeat::Safe, builder, |builder| builder.json(receipt)).await
}
