//! Random order numbers and payment tokens, from the operating system's generator.

/// `PK-` and eight random digits, e.g. `PK-48213907`. The caller makes sure it is unused.
pub fn order_number() -> String {
    let value = u64::from_le_bytes(bytes::<8>()) % 100_000_000;
    format!("PK-{value:08}")
}

/// 128 random bits as 32 lowercase hex characters.
pub fn payment_token() -> String {
    bytes::<16>().iter().map(|b| format!("{b:02x}")).collect()
}

fn bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    // without an OS random source no order can be made safely; this is a start-up class failure
    getrandom::fill(&mut buf).expect("the operating system's random number generator is unavailable");
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let number = order_number();
        assert_eq!(number.len(), 11);
        assert!(number.starts_with("PK-") && number[3..].bytes().all(|b| b.is_ascii_digit()), "{number}");
        let token = payment_token();
        assert_eq!(token.len(), 32);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{token}");
        assert_ne!(payment_token(), token);
    }
}
