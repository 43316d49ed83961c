//! The account part of the backend contract: sign-in, profile, address book, orders, cart, my data.

use gloo_net::http::{Request, RequestBuilder};
use pishkhan_core::{
    account::{
        AddressInput, CodeRequest, CodeSent, CodeSignIn, CodeVerify, EmailChange, EmailConfirm, Me, MobileChange,
        OrderSummary, PasswordChange, PasswordSignIn, ProfileUpdate, ProofRequest, ProofStatus, SavedAddress,
    },
    cart::CartItem,
    checkout::Order,
};

use pishkhan_core::retry::Repeat;

use super::{ApiError, fetch, fetch_empty, get, url};

pub async fn request_code(mobile: &str) -> Result<CodeSent, ApiError> {
    let body = CodeRequest { mobile: mobile.to_owned() };
    fetch(Repeat::Once, || Request::post(&url("/auth/code")), |b| b.json(&body)).await
}

pub async fn verify_code(request: &CodeSignIn) -> Result<Me, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/auth/code/verify")), |b| b.json(request)).await
}

pub async fn password_sign_in(request: &PasswordSignIn) -> Result<Me, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/auth/password")), |b| b.json(request)).await
}

pub async fn sign_out() -> Result<(), ApiError> {
    fetch_empty(Repeat::Once, || Request::post(&url("/auth/sign-out")), RequestBuilder::build).await
}

pub async fn me() -> Result<Me, ApiError> {
    get(&url("/me")).await
}

pub async fn update_profile(update: &ProfileUpdate) -> Result<Me, ApiError> {
    fetch(Repeat::Once, || Request::put(&url("/me")), |b| b.json(update)).await
}

/// For how long this session may still change the password, email and mobile without proving itself again.
pub async fn proof_status() -> Result<ProofStatus, ApiError> {
    get(&url("/me/proof")).await
}

/// Texts a code to the account's current mobile number, to prove it is the owner with.
pub async fn send_proof_code() -> Result<CodeSent, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/me/proof-code")), RequestBuilder::build).await
}

/// Proves it is the owner (the current password, or the texted code); the answer says for how long.
pub async fn prove(request: &ProofRequest) -> Result<ProofStatus, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/me/proof")), |b| b.json(request)).await
}

/// Sets or changes the password (once proven); the answer is the profile (`has_password` true).
pub async fn change_password(change: &PasswordChange) -> Result<Me, ApiError> {
    fetch(Repeat::Once, || Request::put(&url("/me/password")), |b| b.json(change)).await
}

/// Asks for a new official email; the answer is the profile with the email pending.
pub async fn change_email(change: &EmailChange) -> Result<Me, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/me/email")), |b| b.json(change)).await
}

/// Confirms an email from its link; the answer carries nothing (the link may be opened anywhere).
pub async fn confirm_email(confirm: &EmailConfirm) -> Result<(), ApiError> {
    fetch_empty(Repeat::Once, || Request::post(&url("/auth/email/confirm")), |b| b.json(confirm)).await
}

pub async fn change_mobile(change: &MobileChange) -> Result<CodeSent, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/me/mobile")), |b| b.json(change)).await
}

pub async fn verify_mobile(code: &CodeVerify) -> Result<Me, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/me/mobile/verify")), |b| b.json(code)).await
}

pub async fn addresses() -> Result<Vec<SavedAddress>, ApiError> {
    get(&url("/me/addresses")).await
}

/// Saves a new address (`id` none) or replaces a saved one. Both are safe to retry like a read: a
/// replacement is the same whole address again, and a new one carries `idempotency_key`, so a lost
/// answer's retry does not save it twice.
pub async fn save_address(
    id: Option<u32>,
    input: &AddressInput,
    idempotency_key: &str,
) -> Result<SavedAddress, ApiError> {
    match id {
        Some(id) => fetch(Repeat::Safe, || Request::put(&url(&format!("/me/addresses/{id}"))), |b| b.json(input)).await,
        None => {
            let builder = || Request::post(&url("/me/addresses")).header("Idempotency-Key", idempotency_key);
            fetch(Repeat::Safe, builder, |b| b.json(input)).await
        }
    }
}

pub async fn delete_address(id: u32) -> Result<(), ApiError> {
    fetch_empty(Repeat::Once, || Request::delete(&url(&format!("/me/addresses/{id}"))), RequestBuilder::build).await
}

pub async fn my_orders() -> Result<Vec<OrderSummary>, ApiError> {
    get(&url("/me/orders")).await
}

pub async fn my_order(number: &str) -> Result<Order, ApiError> {
    let number = String::from(js_sys::encode_uri_component(number));
    get(&url(&format!("/me/orders/{number}"))).await
}

pub async fn account_cart() -> Result<Vec<CartItem>, ApiError> {
    get(&url("/me/cart")).await
}

pub async fn save_account_cart(items: &[CartItem]) -> Result<Vec<CartItem>, ApiError> {
    fetch(Repeat::Once, || Request::put(&url("/me/cart")), |b| b.json(&items)).await
}

/// Everything the shop holds about the signed-in shopper, as the JSON text the backend sends.
pub async fn export_my_data() -> Result<serde_json::Value, ApiError> {
    get(&url("/me/export")).await
}

pub async fn request_deletion() -> Result<CodeSent, ApiError> {
    fetch(Repeat::Once, || Request::post(&url("/me/deletion")), RequestBuilder::build).await
}

pub async fn confirm_deletion(code: &CodeVerify) -> Result<(), ApiError> {
    fetch_empty(Repeat::Once, || Request::post(&url("/me/deletion/confirm")), |b| b.json(code)).await
}
