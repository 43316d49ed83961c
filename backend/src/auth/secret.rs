//! Random secrets (session tokens, email tokens, one-time codes) and the SHA-256 under which they are stored;
//! and the server's [`HmacKey`], under which rate-limit keys, one-time codes and the addresses that asked for
//! them are stored as HMAC-SHA256, so a copy of the database alone cannot be matched against phone numbers,
//! addresses or the million possible codes.

use std::fmt;
use std::sync::Arc;

use hmac::{Hmac, Mac};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// `N` random bytes from the operating system.
pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // without an OS random source no secret can be made safely; this is a start-up class failure
    getrandom::fill(&mut buf).expect("the operating system's random number generator is unavailable");
    buf
}

/// 32 random bytes as 64 lowercase hex characters: a session or email token.
pub fn token() -> String {
    hex(&bytes::<32>())
}

/// Six random digits, uniformly distributed (ASCII, so any phone shows them).
pub fn six_digit_code() -> String {
    loop {
        let value = u32::from_le_bytes(bytes::<4>());
        // reject the top sliver so every code is equally likely
        if value < u32::MAX - u32::MAX % 1_000_000 {
            return format!("{:06}", value % 1_000_000);
        }
    }
}

/// SHA-256 of `text` as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// Whether `a` and `b` are equal, in time that depends only on their lengths (for comparing MACs).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The server's secret for keyed hashes. Cheap to clone; its `Debug` never shows it.
#[derive(Clone)]
pub struct HmacKey(Arc<[u8]>);

/// Where the generated key is kept when the configuration gives none.
const SETTING: &str = "hmac_key";

impl HmacKey {
    /// The fewest bytes a configured secret may have.
    pub const MIN_LEN: usize = 32;

    /// A key from configured secret bytes; `None` if shorter than [`Self::MIN_LEN`].
    pub fn new(secret: &[u8]) -> Option<Self> {
        (secret.len() >= Self::MIN_LEN).then(|| Self(secret.into()))
    }

    /// The key kept in the database's `settings`, made (32 random bytes) and kept there the first time, so a
    /// restart keeps every rate limit.
    pub fn stored(conn: &Connection) -> rusqlite::Result<Self> {
        let found: Option<Vec<u8>> =
            conn.query_row("SELECT value FROM settings WHERE name = ?1", [SETTING], |row| row.get(0)).optional()?;
        if let Some(secret) = found.and_then(|bytes| Self::new(&bytes)) {
            return Ok(secret);
        }
        let secret = bytes::<32>();
        conn.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)", params![SETTING, &secret[..]])?;
        Ok(Self(secret[..].into()))
    }

    /// HMAC-SHA256 of `text` under this key, as lowercase hex.
    pub fn hash_hex(&self, text: &str) -> String {
        // HMAC takes a key of any length; this cannot fail
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC accepts any key length");
        mac.update(text.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HmacKey(<secret>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let t = token();
        assert_eq!(t.len(), 64);
        assert_ne!(t, token());
        let code = six_digit_code();
        assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        assert_eq!(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn hmac_matches_rfc_4231_and_hides_its_key() {
        // RFC 4231 test case 2 has a 4-byte key, below what configuration accepts, so build it directly
        let key = HmacKey(b"Jefe"[..].into());
        assert_eq!(
            key.hash_hex("what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(HmacKey::new(&[7; 31]).is_none());
        let long = HmacKey::new(&[7; 32]).unwrap();
        assert_eq!(format!("{long:?}"), "HmacKey(<secret>)");
    }

    #[test]
    fn the_generated_key_is_kept() {
        let db = crate::db::Db::open_in_memory().unwrap();
        let (first, again) = db.with_blocking(|conn| Ok((HmacKey::stored(conn)?, HmacKey::stored(conn)?))).unwrap();
        assert_eq!(first.hash_hex("x"), again.hash_hex("x"));
        assert_ne!(first.hash_hex("x"), sha256_hex("x"));
    }
}
