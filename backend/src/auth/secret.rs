//! Random secrets (session tokens, email tokens, one-time codes) and the SHA-256 under which they are stored.

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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
}
