//! Unsubscribe tokens: `<subscription id>.<generation>.<MAC>`, the MAC being the first 32 hex digits of
//! HMAC-SHA256 under the server's key ([`AppState::hmac_key`](crate::AppState::hmac_key)) of the id and the
//! generation. A token names the subscriber and the list without showing the email or mobile, can be made again
//! for every message sent, and is revoked by moving the subscription to a new generation (resubscribing does),
//! so a link sent before a resubscription is known as replaced, never revived. Changing the server's key revokes
//! every token.

use crate::auth::secret::{HmacKey, constant_time_eq};

const MAC_LEN: usize = 32;

fn mac(key: &HmacKey, id: i64, generation: i64) -> String {
    let mut mac = key.hash_hex(&format!("unsubscribe\n{id}\n{generation}"));
    mac.truncate(MAC_LEN);
    mac
}

/// The token of subscription `id` at `generation`.
pub fn sign(key: &HmacKey, id: i64, generation: i64) -> String {
    format!("{id}.{generation}.{}", mac(key, id, generation))
}

/// The `(subscription id, generation)` a token names, if it was signed by `key` (else it is tampered or foreign).
pub fn verify(key: &HmacKey, token: &str) -> Option<(i64, i64)> {
    let mut parts = token.split('.');
    let (id, generation, given) = (parts.next()?, parts.next()?, parts.next()?);
    let canonical = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0');
    if parts.next().is_some() || !canonical(id) || !canonical(generation) {
        return None;
    }
    let (id, generation) = (id.parse().ok()?, generation.parse().ok()?);
    constant_time_eq(mac(key, id, generation).as_bytes(), given.as_bytes()).then_some((id, generation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_tokens_verify_and_changed_ones_do_not() {
        let key = HmacKey::new(&[7; 32]).unwrap();
        let token = sign(&key, 12, 3);
        assert_eq!(verify(&key, &token), Some((12, 3)));
        let mac = token.rsplit('.').next().unwrap();
        for tampered in [
            format!("13.3.{mac}"),
            format!("12.4.{mac}"),
            format!("012.3.{mac}"),
            format!("{token}0"),
            format!("{token}.1"),
            "12.3".into(),
            String::new(),
        ] {
            assert_eq!(verify(&key, &tampered), None, "{tampered}");
        }
        assert_eq!(verify(&HmacKey::new(&[8; 32]).unwrap(), &token), None, "another server's key");
    }
}
