//! The backend client: the one place that knows the REST contract's URLs. Features call these
//! functions with domain types and get domain types or an [`ApiError`] back.

mod error;

pub use error::ApiError;

use gloo_net::http::{Request, Response};
use pishkhan_core::{
    Problem,
    cart::{CartQuote, QuoteRequest},
    catalog::{Category, Product, ProductPage, ProductQuery},
};
use serde::de::DeserializeOwned;

const BASE: &str = "/api/v1";

async fn read<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
    let response = response.map_err(|_| ApiError::Network)?;
    if response.ok() {
        return response.json::<T>().await.map_err(|_| ApiError::Unexpected);
    }
    let status = response.status();
    let problem = response.json::<Problem>().await.ok();
    Err(ApiError::from_status(status, problem))
}

pub async fn categories() -> Result<Vec<Category>, ApiError> {
    read(Request::get(&format!("{BASE}/categories")).send().await).await
}

pub async fn products(query: &ProductQuery) -> Result<ProductPage, ApiError> {
    let pairs = query.to_pairs();
    let request = Request::get(&format!("{BASE}/products")).query(pairs.iter().map(|(k, v)| (*k, v.as_str())));
    read(request.send().await).await
}

pub async fn product(slug: &str) -> Result<Product, ApiError> {
    let slug = String::from(js_sys::encode_uri_component(slug));
    read(Request::get(&format!("{BASE}/products/{slug}")).send().await).await
}

pub async fn quote(request: &QuoteRequest) -> Result<CartQuote, ApiError> {
    let request = Request::post(&format!("{BASE}/cart/quote")).json(request).map_err(|_| ApiError::Unexpected)?;
    read(request.send().await).await
}
