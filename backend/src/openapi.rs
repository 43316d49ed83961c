//! The OpenAPI 3.1 document this backend implements, generated from the handlers and core's types.

use std::sync::LazyLock;

use axum::response::IntoResponse;
use pishkhan_core::{FieldError, Problem};
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Object, Ref, RefOr, ResponseBuilder, Type};
use utoipa::{Modify, OpenApi};

use crate::{account, auth, cart, catalog, checkout, consent, health, images, newsletter, orders};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Pishkhan reference backend",
        description = "The REST contract the Pishkhan storefront speaks. Every error is `application/problem+json` (RFC 9457).\n\n\
Signing in (by a code sent by SMS, or a password) sets the session cookie: over https `__Host-pishkhan_session` (`HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000; Secure`), on plain http (development) `pishkhan_session` without `Secure`. \
A session ends 30 days after sign-in, after 7 days without a request, on signing out, or when the account's password, email or mobile number is changed from another session. \
**Proof:** changing the password, the email or the mobile number needs a session that proved it is the owner in the last ten minutes (`POST /api/v1/me/proof`, with the current password or a code texted by `POST /api/v1/me/proof-code`); otherwise the answer is 403 `/problems/proof-required`. \
**CSRF:** every POST, PUT, PATCH or DELETE that carries the session cookie must also send the header `X-Requested-With: pishkhan`, and, if it sends `Origin`, one whose host and port are the request's `Host`; otherwise the answer is 403 `/problems/csrf`. \
The unsubscribe routes (`/api/v1/unsubscribe/{token}…`) are exempt by design: a mailbox provider's RFC 8058 one-click POST sends no cookie and no custom header, and the token is their only authority.",
    ),
    paths(
        health::health,
        document,
        catalog::handlers::list_categories,
        catalog::handlers::list_products,
        catalog::handlers::get_product,
        cart::handlers::quote_cart,
        checkout::handlers::review,
        orders::handlers::place_order,
        orders::handlers::pay_order,
        consent::handlers::record_receipt,
        images::product_cover,
        auth::handlers::request_code,
        auth::handlers::verify_code,
        auth::handlers::password_sign_in,
        auth::handlers::sign_out,
        account::email::confirm_email,
        account::profile::get_me,
        account::profile::update_me,
        account::proof::status,
        account::proof::send_proof_code,
        account::proof::prove,
        account::profile::change_password,
        account::email::change_email,
        account::mobile::change_mobile,
        account::mobile::verify_mobile,
        account::addresses::list,
        account::addresses::create,
        account::addresses::update,
        account::addresses::delete,
        account::orders::list,
        account::orders::get,
        account::cart::get,
        account::cart::put,
        account::export::export,
        account::deletion::request,
        account::deletion::confirm,
        newsletter::unsubscribe::show,
        newsletter::unsubscribe::unsubscribe,
        newsletter::unsubscribe::undo,
        newsletter::subscribe::subscribe,
        newsletter::subscribe::confirm,
        newsletter::sms::inbound,
        newsletter::issues::create,
        newsletter::issues::show,
    ),
    components(schemas(Problem, FieldError)),
    modifiers(&ServerErrors, &SessionCookie),
    tags(
        (name = "catalog", description = "Categories and products"),
        (name = "cart", description = "Pricing a cart"),
        (name = "checkout", description = "Shipping methods and the priced review before placing an order"),
        (name = "orders", description = "Placing an order (with an Idempotency-Key) and paying it"),
        (name = "consent", description = "The append-only ledger of anonymous consent receipts"),
        (name = "images", description = "Generated product covers"),
        (name = "auth", description = "Signing in by SMS code or password, signing out, confirming an email"),
        (name = "account", description = "The signed-in shopper's profile, contacts, address book, orders, cart, data export and deletion"),
        (name = "newsletter", description = "Lists and subscribers: unsubscribe links (RFC 8058 one-click), double opt-in, SMS opt-out"),
        (name = "admin", description = "The shop's own tools, with its admin token (`--admin-token-file`): sending newsletter issues"),
        (name = "meta", description = "Health and this document"),
    )
)]
pub struct ApiDoc;

static DOCUMENT: LazyLock<String> =
    LazyLock::new(|| ApiDoc::openapi().to_json().unwrap_or_else(|_| String::from("{}")));

/// This OpenAPI document.
#[utoipa::path(
    get,
    path = "/api/v1/openapi.json",
    tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document of this API", body = Object))
)]
pub async fn document() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], DOCUMENT.as_str())
}

/// The document as a value, for tests and tools.
pub fn document_json() -> serde_json::Value {
    serde_json::from_str(&DOCUMENT).unwrap_or_default()
}

/// Adds the `500` problem response every operation can give, and the `503` of a busy database.
struct ServerErrors;

impl Modify for ServerErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.patch];
            for operation in operations.into_iter().flatten() {
                add_server_error(operation);
                add_database_busy(operation);
            }
        }
    }
}

/// The `session` security scheme: the session cookie, by its https name (its plain-http name is in the
/// description).
struct SessionCookie;

impl Modify for SessionCookie {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let key = ApiKeyValue::with_description(
            auth::cookies::SESSION_COOKIE,
            "The session token, set by signing in (`pishkhan_session` on plain http). Unsafe methods with it also need \
             `X-Requested-With: pishkhan`.",
        );
        components.add_security_scheme("session", SecurityScheme::ApiKey(ApiKey::Cookie(key)));
        let admin = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "The shop's admin token, from the file `--admin-token-file` names; without one the admin routes answer 404",
            ))
            .build();
        components.add_security_scheme("admin", SecurityScheme::Http(admin));
    }
}

fn add_server_error(operation: &mut Operation) {
    let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
    let response = ResponseBuilder::new()
        .description("An unexpected server error; the body names no internals")
        .content(Problem::MEDIA_TYPE, content)
        .build();
    operation.responses.responses.insert("500".to_owned(), RefOr::T(response));
}

const BUSY_DESCRIPTION: &str = "`/problems/database-busy`: another writer held the database longer than the server waits \
for it; nothing was changed, so the same request (with the same `Idempotency-Key`, if any) may be sent again after \
`Retry-After` seconds";

/// Documents the 503 [`ApiError::database_busy`](crate::problem::ApiError::database_busy) answers, beside any
/// 503 the operation gives already.
fn add_database_busy(operation: &mut Operation) {
    let retry_after = HeaderBuilder::new()
        .schema(Object::with_type(Type::Integer))
        .description(Some("Seconds to wait (sent with `/problems/database-busy`)"))
        .build();
    match operation.responses.responses.get_mut("503") {
        Some(RefOr::T(response)) => {
            response.description = format!("{}; or {BUSY_DESCRIPTION}", response.description);
            response.headers.insert("Retry-After".to_owned(), retry_after);
        }
        _ => {
            let content = ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build();
            let response = ResponseBuilder::new()
                .description(BUSY_DESCRIPTION)
                .content(Problem::MEDIA_TYPE, content)
                .header("Retry-After", retry_after)
                .build();
            operation.responses.responses.insert("503".to_owned(), RefOr::T(response));
        }
    }
}
