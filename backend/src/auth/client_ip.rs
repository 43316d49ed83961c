//! The client's address, for rate limits only (never stored: the limiter keeps its HMAC).
//!
//! With `--trust-proxy`, the last `X-Forwarded-For` entry: the one the trusted proxy appended (every
//! earlier entry is whatever the client sent, so it cannot be trusted); otherwise the socket's peer address
//! (axum's `ConnectInfo`, which tests may insert into a request's extensions); else `unknown`.
//!
//! An IPv6 client is keyed by its /64 (`2001:db8:1:2::/64`): one subscriber usually holds a whole /64 and
//! may pick any address in it, so per-address limits would otherwise not limit it. An IPv4 address mapped
//! into IPv6 (`::ffff:192.0.2.1`) counts as the IPv4 address.

use std::net::{IpAddr, Ipv6Addr, SocketAddr};

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
                return Ok(Self(key(last)));
            }
        }
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(addr)| ip_key(addr.ip()));
        Ok(Self(peer.unwrap_or_else(|| UNKNOWN.to_owned())))
    }
}

/// The limit key of a forwarded entry: an address (bare, or with a port), else the entry as sent.
fn key(entry: &str) -> String {
    let parsed = entry.parse::<IpAddr>().ok().or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()));
    parsed.map_or_else(|| entry.to_owned(), ip_key)
}

/// An IPv4 address as itself; an IPv6 address as its /64.
fn ip_key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => format!("{}/64", Ipv6Addr::from(u128::from(v6) & !u128::from(u64::MAX))),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_are_keyed_by_their_64() {
        assert_eq!(key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_eq!(key("[2001:db8:1:3::1]:443"), "2001:db8:1:3::/64");
        assert_eq!(key("::1"), "::/64");
        assert_eq!(key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(key("203.0.113.9"), "203.0.113.9");
        assert_eq!(key("203.0.113.9:5000"), "203.0.113.9");
        assert_eq!(key("not-an-address"), "not-an-address");
    }
}
