//! The client's IP address, for rate limits only (never stored: the limiter keeps its SHA-256).
//!
//! With `--trust-proxy`, the last `X-Forwarded-For` entry: the one the trusted proxy appended (every
//! earlier entry is whatever the client sent, so it cannot be trusted); otherwise the socket's peer address
//! (axum's `ConnectInfo`, which tests may insert into a request's extensions); else `unknown`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;
use crate::problem::ApiError;

/// The address of a request that came with none (no connect info, no trusted `X-Forwarded-For`).
pub const UNKNOWN: &str = "unknown";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        if state.trust_proxy() {
            // several header lines are one list: the proxy's entry ends the last line
            let forwarded = parts.headers.get_all("x-forwarded-for").iter().next_back().and_then(|v| v.to_str().ok());
            if let Some(last) = forwarded.and_then(|v| v.rsplit(',').next()).map(str::trim).filter(|v| !v.is_empty()) {
                return Ok(Self(last.to_owned()));
            }
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| addr.ip().to_string());
        Ok(Self(peer.unwrap_or_else(|| UNKNOWN.to_owned())))
    }
}
