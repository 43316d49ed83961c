//! Digit normalisation: Persian (۰–۹) and Arabic-Indic (٠–٩) digits become ASCII digits.

/// The ASCII digit for a Persian, Arabic-Indic or ASCII digit character.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        _ => None,
    }
}

/// Replaces every Persian and Arabic-Indic digit with its ASCII digit; other characters are kept.
pub fn to_ascii_digits(input: &str) -> String {
    input.chars().map(|c| ascii_digit(c).unwrap_or(c)).collect()
}

/// Replaces every ASCII digit with its Persian digit, for display.
pub fn to_persian_digits(input: &str) -> String {
    input
        .chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(0x06F0 + (c as u32 - '0' as u32)).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn converts_each_script() {
        assert_eq!(to_ascii_digits("۰۹۱۲"), "0912");
        assert_eq!(to_ascii_digits("٠٩١٢"), "0912");
        assert_eq!(to_ascii_digits("abc 42"), "abc 42");
        assert_eq!(to_persian_digits("1403/05"), "۱۴۰۳/۰۵");
    }

    proptest! {
        #[test]
        fn ascii_round_trip(n in any::<u64>()) {
            let s = n.to_string();
            prop_assert_eq!(to_ascii_digits(&to_persian_digits(&s)), s);
        }

        #[test]
        fn normalising_is_idempotent(s in "\\PC*") {
            let once = to_ascii_digits(&s);
            prop_assert_eq!(to_ascii_digits(&once), once.clone());
        }
    }
}
