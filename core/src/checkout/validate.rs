//! Iranian field validators. Checksums and mobile operator prefixes come from `rust-persian-tools`; this
//! module adds digit normalisation (Persian, Arabic and Latin digits are all accepted) and the rules the crate
//! lacks.

use rust_persian_tools::legal_id::verify_iranian_legal_id;
use rust_persian_tools::national_id::verify_iranian_national_id;
use rust_persian_tools::phone_number::operators::get_phone_details;
use rust_persian_tools::phone_number::phone_number_normalizer;

use crate::digits::to_ascii_digits;

/// Why a field is invalid; `code()` is the stable code sent in problem details.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooLong,
    /// Control characters, or bidi embeddings, overrides and isolates that can make text read
    /// differently from what it holds (U+202A–U+202E, U+2066–U+2069).
    Hidden,
    Mobile,
    PostalCode,
    NationalCode,
    LegalNationalId,
    EconomicCode,
    RegistrationNumber,
    Email,
    UnknownValue,
    Code,
    WeakPassword,
    Date,
}

impl Invalid {
    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong => "too_long",
            Self::Hidden => "hidden_characters",
            Self::Mobile => "invalid_mobile",
            Self::PostalCode => "invalid_postal_code",
            Self::NationalCode => "invalid_national_code",
            Self::LegalNationalId => "invalid_legal_national_id",
            Self::EconomicCode => "invalid_economic_code",
            Self::RegistrationNumber => "invalid_registration_number",
            Self::Email => "invalid_email",
            Self::UnknownValue => "unknown_value",
            Self::Code => "invalid_code",
            Self::WeakPassword => "weak_password",
            Self::Date => "invalid_date",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Self::Required => "This field is required",
            Self::TooLong => "This is too long",
            Self::Hidden => "Remove the invisible control or direction characters",
            Self::Mobile => "Enter an Iranian mobile number such as 0912 345 6789",
            Self::PostalCode => "Enter the 10-digit postal code",
            Self::NationalCode => "This national code is not valid",
            Self::LegalNationalId => "This national ID of a legal entity is not valid",
            Self::EconomicCode => "Enter the 11- or 12-digit economic code",
            Self::RegistrationNumber => "Enter the registration number in digits",
            Self::Email => "Enter an email address such as name@example.com",
            Self::UnknownValue => "Choose one of the listed options",
            Self::Code => "Enter the 6-digit code",
            Self::WeakPassword => "Use at least 8 characters, with letters and digits",
            Self::Date => "Enter a real date in the past",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        ALL.into_iter().find(|i| i.code() == code)
    }
}

const ALL: [Invalid; 14] = [
    Invalid::Required,
    Invalid::TooLong,
    Invalid::Hidden,
    Invalid::Mobile,
    Invalid::PostalCode,
    Invalid::NationalCode,
    Invalid::LegalNationalId,
    Invalid::EconomicCode,
    Invalid::RegistrationNumber,
    Invalid::Email,
    Invalid::UnknownValue,
    Invalid::Code,
    Invalid::WeakPassword,
    Invalid::Date,
];

/// ASCII digits only, with spaces, dashes and similar separators removed; `None` if anything else remains.
fn digits_only(input: &str) -> Option<String> {
    let cleaned: String = to_ascii_digits(input)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '(' | ')' | '\u{200C}'))
        .collect();
    cleaned.chars().all(|c| c.is_ascii_digit()).then_some(cleaned)
}

/// Whether `c` hides what text says: a control character (but a line break), or a bidi embedding,
/// override or isolate. Persian's zero-width non-joiner and the LRM/RLM marks are ordinary text.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trimmed text, required, at most `max` characters, with nothing hidden in it.
pub fn text(input: &str, max: usize) -> Result<String, Invalid> {
    let value = input.trim();
    if value.is_empty() {
        Err(Invalid::Required)
    } else if value.chars().count() > max {
        Err(Invalid::TooLong)
    } else if value.chars().any(is_hidden) {
        Err(Invalid::Hidden)
    } else {
        Ok(value.to_owned())
    }
}

/// Optional text: empty becomes `None`.
pub fn optional_text(input: &str, max: usize) -> Result<Option<String>, Invalid> {
    if input.trim().is_empty() { Ok(None) } else { text(input, max).map(Some) }
}

/// A mobile number in any common form (+98, 0098, 98, 09…, 9…) normalised to `09xxxxxxxxx`, whose first
/// three digits after the `0` are an operator prefix the crate knows (912, 935, 990, …): `0999…` has the
/// shape of a mobile number but no operator.
pub fn mobile(input: &str) -> Result<String, Invalid> {
    let raw = to_ascii_digits(input.trim());
    let (plus, rest) = match raw.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", raw.as_str()),
    };
    let digits = digits_only(rest).filter(|d| !d.is_empty()).ok_or(if raw.is_empty() {
        Invalid::Required
    } else {
        Invalid::Mobile
    })?;
    let normalised = phone_number_normalizer(format!("{plus}{digits}"), "0").map_err(|_| Invalid::Mobile)?;
    let valid = normalised.len() == 11 && normalised.starts_with("09") && get_phone_details(&normalised).is_ok();
    valid.then_some(normalised).ok_or(Invalid::Mobile)
}

/// A 10-digit Iranian postal code: no digit 2, no 0 in the first five, fifth digit not 5, and the
/// first four digits not all the same (the national post's published format).
pub fn postal_code(input: &str) -> Result<String, Invalid> {
    let code = digits_only(input).ok_or(Invalid::PostalCode)?;
    if code.is_empty() {
        return Err(Invalid::Required);
    }
    let b = code.as_bytes();
    let valid = b.len() == 10
        && !b.contains(&b'2')
        && !b[..5].contains(&b'0')
        && b[4] != b'5'
        && !(b[0] == b[1] && b[1] == b[2] && b[2] == b[3]);
    valid.then_some(code).ok_or(Invalid::PostalCode)
}

/// A person's 10-digit national code (کد ملی), checksum verified.
pub fn national_code(input: &str) -> Result<String, Invalid> {
    let code = digits_only(input).ok_or(Invalid::NationalCode)?;
    if code.is_empty() {
        return Err(Invalid::Required);
    }
    (code.len() == 10 && verify_iranian_national_id(&code).is_ok()).then_some(code).ok_or(Invalid::NationalCode)
}

/// A legal entity's 11-digit national ID (شناسه ملی), checksum verified.
pub fn legal_national_id(input: &str) -> Result<String, Invalid> {
    let code = digits_only(input).ok_or(Invalid::LegalNationalId)?;
    if code.is_empty() {
        return Err(Invalid::Required);
    }
    verify_iranian_legal_id(&code).map(|()| code).map_err(|_| Invalid::LegalNationalId)
}

/// An economic code (کد اقتصادی): the 12-digit code of the old scheme, or, since the reform, the
/// entity's 11-digit national ID (checksum verified).
pub fn economic_code(input: &str) -> Result<String, Invalid> {
    let code = digits_only(input).ok_or(Invalid::EconomicCode)?;
    match code.len() {
        0 => Err(Invalid::Required),
        11 if verify_iranian_legal_id(&code).is_ok() => Ok(code),
        12 if code.bytes().any(|b| b != b'0') => Ok(code),
        _ => Err(Invalid::EconomicCode),
    }
}

/// A company registration number (شماره ثبت): 1 to 10 digits.
pub fn registration_number(input: &str) -> Result<String, Invalid> {
    let code = digits_only(input).ok_or(Invalid::RegistrationNumber)?;
    match code.len() {
        0 => Err(Invalid::Required),
        1..=10 if code.bytes().any(|b| b != b'0') => Ok(code),
        _ => Err(Invalid::RegistrationNumber),
    }
}

/// A 6-digit one-time code, in any digit script.
pub fn one_time_code(input: &str) -> Result<String, Invalid> {
    let code = digits_only(input).ok_or(Invalid::Code)?;
    match code.len() {
        0 => Err(Invalid::Required),
        6 => Ok(code),
        _ => Err(Invalid::Code),
    }
}

/// A new password: 8 to 128 characters with at least one letter and one digit (any script).
pub fn new_password(input: &str) -> Result<String, Invalid> {
    let count = input.chars().count();
    let letters = input.chars().any(char::is_alphabetic);
    let digits = to_ascii_digits(input).chars().any(|c| c.is_ascii_digit());
    match count {
        0 => Err(Invalid::Required),
        8..=128 if letters && digits => Ok(input.to_owned()),
        _ => Err(Invalid::WeakPassword),
    }
}

/// A required email address.
pub fn email(input: &str) -> Result<String, Invalid> {
    optional_email(input)?.ok_or(Invalid::Required)
}

/// An optional email address: one `@`, a dot in the domain, no spaces, at most 254 bytes; lower-cased.
pub fn optional_email(input: &str) -> Result<Option<String>, Invalid> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    // the limit is on what is kept: lower-casing can lengthen text (`İ` is 2 bytes, `i̇` 3)
    let value = trimmed.to_lowercase();
    let valid = value.len() <= 254
        && !value.contains(char::is_whitespace)
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    valid.then_some(Some(value)).ok_or(Invalid::Email)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn mobiles_in_every_form() {
        for input in [
            "09121234567",
            "+989121234567",
            "00989121234567",
            "989121234567",
            "9121234567",
            "۰۹۱۲ ۱۲۳ ۴۵۶۷",
            "٠٩١٢-١٢٣-٤٥٦٧",
        ] {
            assert_eq!(mobile(input), Ok("09121234567".to_owned()), "{input}");
        }
        for input in ["0912123456", "02112345678", "0912abc4567", "+1 202 555 0100"] {
            assert_eq!(mobile(input), Err(Invalid::Mobile), "{input}");
        }
        assert_eq!(mobile("  "), Err(Invalid::Required));
    }

    #[test]
    fn a_mobile_needs_an_operator_prefix() {
        // the crate's normaliser takes these (ten digits after the 0, starting with 9), but no operator
        // issues 999, 924, 940 or 906
        for input in ["09991234567", "+98 924 123 4567", "۰۹۴۰۱۲۳۴۵۶۷", "9061234567"] {
            let digits: String = to_ascii_digits(input).chars().filter(char::is_ascii_digit).collect();
            assert!(phone_number_normalizer(&digits, "0").is_ok(), "{input} has a mobile number's shape");
            assert_eq!(mobile(input), Err(Invalid::Mobile), "{input}");
        }
        for input in ["09351112233", "09901234567", "09981234567", "09411234567", "09201234567"] {
            assert_eq!(mobile(input), Ok(input.to_owned()));
        }
    }

    #[test]
    fn postal_codes() {
        assert_eq!(postal_code("۱۳۱۸۹۸۳۷۶۱"), Ok("1318983761".to_owned()));
        assert_eq!(postal_code("13189-83761"), Ok("1318983761".to_owned()));
        for bad in ["123456789", "1318983762", "0318983761", "1111183761", "1318583761", "13189837611"] {
            assert_eq!(postal_code(bad), Err(Invalid::PostalCode), "{bad}");
        }
    }

    #[test]
    fn national_codes() {
        assert_eq!(national_code("۰۰۶۷۷۴۹۸۲۸"), Ok("0067749828".to_owned()));
        assert_eq!(national_code("0200203241"), Ok("0200203241".to_owned()));
        assert_eq!(national_code("1111111111"), Err(Invalid::NationalCode));
        assert_eq!(national_code("67749828"), Err(Invalid::NationalCode), "ten digits are required on forms");
        assert_eq!(national_code(""), Err(Invalid::Required));
    }

    #[test]
    fn legal_ids_and_economic_codes() {
        assert_eq!(legal_national_id("۱۰۳۸۰۲۸۴۷۹۰"), Ok("10380284790".to_owned()));
        assert_eq!(legal_national_id("11111111111"), Err(Invalid::LegalNationalId));
        assert_eq!(economic_code("10380284790"), Ok("10380284790".to_owned()));
        assert_eq!(economic_code("411111111111"), Ok("411111111111".to_owned()));
        assert_eq!(economic_code("10380284791"), Err(Invalid::EconomicCode));
        assert_eq!(registration_number("۱۲۳۴۵"), Ok("12345".to_owned()));
        assert_eq!(registration_number("12345678901"), Err(Invalid::RegistrationNumber));
    }

    #[test]
    fn emails() {
        assert_eq!(optional_email(" Sara@Example.ir "), Ok(Some("sara@example.ir".to_owned())));
        assert_eq!(optional_email(""), Ok(None));
        for bad in ["sara", "sara@", "@example.ir", "sara@example", "sa ra@example.ir"] {
            assert_eq!(optional_email(bad), Err(Invalid::Email), "{bad}");
        }
    }

    /// Found by fuzzing (core/tests/fuzz.rs): 244 bytes of `İ` lower-case to 366 bytes, which passed the
    /// 254-byte limit checked before lower-casing, and then failed validation when read back.
    #[test]
    fn the_length_limit_is_on_the_lower_cased_email() {
        let long = format!("{}@ex.ir", "İ".repeat(122));
        assert!(long.len() <= 254 && long.to_lowercase().len() > 254);
        assert_eq!(email(&long), Err(Invalid::Email));
        let fits = format!("{}@ex.ir", "İ".repeat(80));
        let kept = email(&fits).unwrap();
        assert!(kept.len() <= 254);
        assert_eq!(email(&kept), Ok(kept.clone()));
    }

    #[test]
    fn hidden_characters_are_refused_and_persian_marks_kept() {
        for hidden in
            ["a\u{0000}b", "خیابان\u{202E}زند", "x\u{2066}y\u{2069}", "bell\u{0007}", "tab\there", "c1\u{0085}x"]
        {
            assert_eq!(text(hidden, 100), Err(Invalid::Hidden), "{hidden:?}");
        }
        for fine in ["می\u{200C}خواهم", "\u{200F}Ahmadi\u{200E}", "خط یک\nخط دو", "<script>alert(1)</script>"]
        {
            assert_eq!(text(fine, 100).as_deref(), Ok(fine), "{fine:?}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for invalid in ALL {
            assert_eq!(Invalid::from_code(invalid.code()), Some(invalid));
        }
    }

    /// A valid national code built from nine digits and its checksum.
    fn with_checksum(nine: [u8; 9]) -> String {
        let sum: u32 = nine.iter().enumerate().map(|(i, d)| u32::from(*d) * (10 - i as u32)).sum::<u32>() % 11;
        let check = if sum < 2 { sum } else { 11 - sum };
        nine.iter().map(|d| char::from(b'0' + d)).chain([char::from_digit(check, 10).unwrap()]).collect()
    }

    fn change_digit(code: &str, pos: usize, delta: u8) -> String {
        let mut bytes = code.as_bytes().to_vec();
        bytes[pos] = b'0' + (bytes[pos] - b'0' + delta) % 10;
        String::from_utf8(bytes).unwrap()
    }

    fn digit(code: &str, i: usize) -> u32 {
        u32::from(code.as_bytes()[i] - b'0')
    }

    fn national_remainder(code: &str) -> u32 {
        (0..9).map(|i| digit(code, i) * (10 - i as u32)).sum::<u32>() % 11
    }

    fn legal_remainder(code: &str) -> u32 {
        const Z: [u32; 5] = [29, 27, 23, 19, 17];
        (0..10).map(|i| (digit(code, 9) + 2 + digit(code, i)) * Z[i % 5]).sum::<u32>() % 11
    }

    fn persian(s: &str) -> String {
        crate::digits::to_persian_digits(s)
    }

    proptest! {
        #[test]
        fn valid_national_codes_pass_in_any_digits(nine in proptest::array::uniform9(0u8..10)) {
            let code = with_checksum(nine);
            prop_assume!(national_code(&code).is_ok());
            prop_assert_eq!(national_code(&persian(&code)), Ok(code.clone()));
        }

        // Both checksums fold two remainders onto one check digit (national code: 1 and 10 give 1;
        // legal ID: 0 and 10 give 0), so a changed digit that moves the remainder between such a pair
        // still passes in every implementation. Every other single-digit change must be rejected.
        #[test]
        fn one_changed_digit_breaks_a_national_code(nine in proptest::array::uniform9(0u8..10), pos in 0usize..10, delta in 1u8..10) {
            let code = with_checksum(nine);
            prop_assume!(national_code(&code).is_ok());
            let changed = change_digit(&code, pos, delta);
            let fold = |r: u32| if r < 2 { r } else { 11 - r } % 10;
            prop_assume!(pos == 9 || fold(national_remainder(&code)) != fold(national_remainder(&changed)));
            prop_assert!(national_code(&changed).is_err(), "{}", changed);
        }

        #[test]
        fn one_changed_digit_breaks_a_legal_id(pos in 0usize..11, delta in 1u8..10) {
            let code = "10380284790";
            let changed = change_digit(code, pos, delta);
            let fold = |r: u32| r % 10;
            prop_assume!(pos == 10 || fold(legal_remainder(code)) != fold(legal_remainder(&changed)));
            prop_assert!(legal_national_id(&changed).is_err(), "{}", changed);
        }

        #[test]
        fn normalisation_is_idempotent(input in "[+0-9۰-۹٠-٩ -]{0,16}") {
            for validator in [mobile, postal_code, national_code, legal_national_id, economic_code, registration_number] {
                if let Ok(once) = validator(&input) {
                    prop_assert_eq!(validator(&once), Ok(once.clone()));
                }
            }
        }

        #[test]
        fn mobile_prefixes_agree(
            operator in proptest::sample::select(rust_persian_tools::phone_number::operators::prefixes()),
            line in "[0-9]{7}",
        ) {
            let rest = format!("{operator}{line}");
            let expected = format!("0{rest}");
            for prefix in ["0", "+98", "0098", "98", ""] {
                prop_assert_eq!(mobile(&format!("{prefix}{rest}")), Ok(expected.clone()));
            }
        }

        #[test]
        fn only_operator_prefixes_make_a_mobile(operator in 900u32..1000, line in "[0-9]{7}") {
            let known = rust_persian_tools::phone_number::operators::prefixes().contains(&operator.to_string().as_str());
            prop_assert_eq!(mobile(&format!("0{operator}{line}")).is_ok(), known);
        }
    }
}
