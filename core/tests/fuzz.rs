//! Fuzzing core's validators and the listing-query parser with arbitrary strings and bytes: none may
//! panic, whatever they accept is in its normal form (validating it again changes nothing), and whatever
//! they refuse is refused with one of the codes the field documents.

use pishkhan_core::account::{AddressInput, ProfileUpdate};
use pishkhan_core::cart::CartItem;
use pishkhan_core::catalog::{MAX_PAGE, MAX_PER_PAGE, MAX_QUERY_CHARS, ProductQuery};
use pishkhan_core::checkout::validate::{self as v, Invalid};
use pishkhan_core::checkout::{Address, Contact, InvoiceIdentity, OrderRequest, Recipient};
use pishkhan_core::digits::{ascii_digit, to_ascii_digits, to_persian_digits};
use pishkhan_core::{Toman, search};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;

const CASES: u32 = 256;
/// Contact names are at most this many characters (checkout's `NAME_MAX`).
const NAME_MAX: usize = 60;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    }
}

/// Bidirectional-text controls and other invisible characters that slip into pasted form fields.
const INVISIBLE: &str = "\u{200B}\u{200C}\u{200D}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{061C}\u{FEFF}\u{00A0}";

/// Strings a form field may receive: arbitrary Unicode, arbitrary bytes read lossily, digit soup in every
/// script with separators, control and bidi characters, near-valid values, and overlong ones.
fn text() -> BoxedStrategy<String> {
    let soup = proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('0', '9'),
            2 => proptest::char::range('۰', '۹'),
            1 => proptest::char::range('٠', '٩'),
            2 => proptest::sample::select(vec!['+', ' ', '-', '_', '.', '(', ')', '@', '/', '\t', '\n']),
            1 => proptest::sample::select(INVISIBLE.chars().collect::<Vec<_>>()),
            1 => proptest::char::range('\u{0}', '\u{1F}'),
            1 => proptest::char::range('a', 'z'),
            1 => proptest::sample::select(vec!['İ', 'Ⱥ', 'ẞ', 'ی', 'ك', 'ي', 'ﷺ']),
            1 => any::<char>(),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect::<String>());
    let near_valid = (
        proptest::sample::select(vec![
            "09121234567",
            "+989121234567",
            "00989121234567",
            "۰۹۱۲۱۲۳۴۵۶۷",
            "1318983761",
            "0067749828",
            "10380284790",
            "411111111111",
            "123456",
            "sara@example.ir",
            "2000-01-31",
            "سارا",
        ]),
        proptest::sample::select(vec!["", " ", "\u{202E}", "\u{200C}", "\u{0}", "-", "۰", "@", "İ"]),
        any::<bool>(),
    )
        .prop_map(|(value, extra, before)| if before { format!("{extra}{value}") } else { format!("{value}{extra}") });
    let overlong = (any::<char>(), proptest::sample::select(vec!['a', 'İ', 'Ⱥ', '۱', ' ']), 0usize..400, 40usize..2000)
        .prop_map(|(first, filler, at, len)| {
            let mut s: String = std::iter::repeat_n(filler, len).collect();
            s.insert(at.min(len) * filler.len_utf8(), first);
            s
        });
    let bytes = proptest::collection::vec(any::<u8>(), 0..64).prop_map(|b| String::from_utf8_lossy(&b).into_owned());
    prop_oneof![
        2 => any::<String>(),
        1 => "\\PC{0,30}",
        3 => soup,
        2 => near_valid,
        1 => overlong,
        1 => bytes,
        // ten and eleven digits: postal codes, national codes and IDs with random checksums
        1 => "[1-9]{5}[0-9]{5,6}",
        // an email near the 254-byte limit with characters that grow when lower-cased
        1 => (proptest::sample::select(vec!['a', 'İ', 'Ⱥ']), 230usize..254).prop_map(|(c, n)| {
            let local: String = std::iter::repeat_n(c, n).collect();
            let local: String = local.char_indices().take_while(|(i, c)| i + c.len_utf8() <= n - 8).map(|(_, c)| c).collect();
            format!("{local}@ex.ir")
        }),
    ]
    .boxed()
}

fn all_ascii_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn digit(s: &str, i: usize) -> u32 {
    u32::from(s.as_bytes()[i] - b'0')
}

/// The same validator answers for a value in any digit script.
fn script_blind(validator: fn(&str) -> Result<String, Invalid>, s: &str) -> Result<(), TestCaseError> {
    let answer = validator(s);
    prop_assert_eq!(validator(&to_ascii_digits(s)), answer.clone(), "ASCII digits of {:?}", s);
    prop_assert_eq!(validator(&to_persian_digits(s)), answer, "Persian digits of {:?}", s);
    Ok(())
}

/// What a validator accepts, it accepts again unchanged.
fn idempotent<T: PartialEq + std::fmt::Debug + Clone>(
    validator: impl Fn(&str) -> Result<T, Invalid>,
    s: &str,
    as_str: impl Fn(&T) -> String,
) -> Result<(), TestCaseError> {
    if let Ok(once) = validator(s) {
        prop_assert_eq!(validator(&as_str(&once)), Ok(once.clone()), "validating {:?} again", s);
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mobile(s in text()) {
        match v::mobile(&s) {
            Ok(m) => {
                prop_assert!(m.len() == 11 && m.starts_with("09") && all_ascii_digits(&m), "{:?} -> {:?}", s, m);
                let digits: String = to_ascii_digits(&s).chars().filter(char::is_ascii_digit).collect();
                prop_assert!(digits.ends_with(&m[1..]), "{:?} -> {:?} is not the number typed", s, m);
            }
            Err(Invalid::Required) => prop_assert!(s.trim().is_empty(), "{:?}", s),
            Err(e) => prop_assert_eq!(e, Invalid::Mobile, "{:?}", s),
        }
        idempotent(v::mobile, &s, String::clone)?;
        script_blind(v::mobile, &s)?;
    }

    #[test]
    fn postal_code(s in text()) {
        match v::postal_code(&s) {
            Ok(c) => {
                let b = c.as_bytes();
                prop_assert!(b.len() == 10 && all_ascii_digits(&c), "{:?} -> {:?}", s, c);
                prop_assert!(!c.contains('2') && !c[..5].contains('0') && b[4] != b'5', "{:?}", c);
                prop_assert!(!(b[0] == b[1] && b[1] == b[2] && b[2] == b[3]), "{:?}", c);
            }
            Err(e) => prop_assert!(matches!(e, Invalid::Required | Invalid::PostalCode), "{:?}: {:?}", s, e),
        }
        idempotent(v::postal_code, &s, String::clone)?;
        script_blind(v::postal_code, &s)?;
    }

    #[test]
    fn national_code(s in text()) {
        match v::national_code(&s) {
            Ok(c) => {
                prop_assert!(c.len() == 10 && all_ascii_digits(&c), "{:?} -> {:?}", s, c);
                let sum = (0..9).map(|i| digit(&c, i) * (10 - i as u32)).sum::<u32>() % 11;
                prop_assert_eq!(digit(&c, 9), if sum < 2 { sum } else { 11 - sum }, "checksum of {:?}", c);
            }
            Err(e) => prop_assert!(matches!(e, Invalid::Required | Invalid::NationalCode), "{:?}: {:?}", s, e),
        }
        idempotent(v::national_code, &s, String::clone)?;
        script_blind(v::national_code, &s)?;
    }

    #[test]
    fn legal_national_id_and_economic_code(s in text()) {
        match v::legal_national_id(&s) {
            Ok(c) => {
                prop_assert!(c.len() == 11 && all_ascii_digits(&c), "{:?} -> {:?}", s, c);
                const Z: [u32; 5] = [29, 27, 23, 19, 17];
                let sum = (0..10).map(|i| (digit(&c, 9) + 2 + digit(&c, i)) * Z[i % 5]).sum::<u32>() % 11;
                prop_assert_eq!(digit(&c, 10), sum % 10, "checksum of {:?}", c);
            }
            Err(e) => prop_assert!(matches!(e, Invalid::Required | Invalid::LegalNationalId), "{:?}: {:?}", s, e),
        }
        match v::economic_code(&s) {
            Ok(c) if c.len() == 11 => prop_assert_eq!(v::legal_national_id(&c), Ok(c.clone())),
            Ok(c) => prop_assert!(c.len() == 12 && all_ascii_digits(&c) && c.bytes().any(|b| b != b'0'), "{:?}", c),
            Err(e) => prop_assert!(matches!(e, Invalid::Required | Invalid::EconomicCode), "{:?}: {:?}", s, e),
        }
        for validator in [v::legal_national_id, v::economic_code] {
            idempotent(validator, &s, String::clone)?;
            script_blind(validator, &s)?;
        }
    }

    #[test]
    fn registration_number_and_one_time_code(s in text()) {
        match v::registration_number(&s) {
            Ok(c) => prop_assert!((1..=10).contains(&c.len()) && all_ascii_digits(&c) && c.bytes().any(|b| b != b'0')),
            Err(e) => prop_assert!(matches!(e, Invalid::Required | Invalid::RegistrationNumber), "{:?}: {:?}", s, e),
        }
        match v::one_time_code(&s) {
            Ok(c) => prop_assert!(c.len() == 6 && all_ascii_digits(&c), "{:?}", c),
            Err(e) => prop_assert!(matches!(e, Invalid::Required | Invalid::Code), "{:?}: {:?}", s, e),
        }
        for validator in [v::registration_number, v::one_time_code] {
            idempotent(validator, &s, String::clone)?;
            script_blind(validator, &s)?;
        }
    }

    #[test]
    fn email(s in text()) {
        match v::optional_email(&s) {
            Ok(None) => {
                prop_assert!(s.trim().is_empty());
                prop_assert_eq!(v::email(&s), Err(Invalid::Required));
            }
            Ok(Some(e)) => {
                prop_assert!(e.len() <= 254, "{} bytes: {:?}", e.len(), e);
                prop_assert_eq!(e.to_lowercase(), e.clone());
                prop_assert!(!e.contains(char::is_whitespace) && e.matches('@').count() == 1, "{:?}", e);
                let (local, domain) = e.split_once('@').unwrap();
                prop_assert!(!local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
                prop_assert_eq!(v::email(&s), Ok(e.clone()));
            }
            Err(e) => prop_assert_eq!(e, Invalid::Email, "{:?}", s),
        }
        idempotent(v::email, &s, String::clone)?;
    }

    #[test]
    fn names_and_free_text(s in text(), max in 1usize..300) {
        let trimmed = s.trim();
        match v::text(&s, max) {
            Ok(t) => {
                prop_assert_eq!(t.as_str(), trimmed);
                prop_assert!(!t.is_empty() && t.chars().count() <= max);
                prop_assert!(!t.chars().any(v::is_hidden), "{:?} hides characters", t);
                // whatever the exact rule, these never reach a name on an invoice or an SMS
                prop_assert!(!t.contains(['\u{0}', '\u{1B}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}']), "{:?}", t);
            }
            Err(Invalid::Required) => prop_assert!(trimmed.is_empty()),
            Err(Invalid::TooLong) => prop_assert!(trimmed.chars().count() > max),
            Err(e) => {
                prop_assert_eq!(e, Invalid::Hidden);
                prop_assert!(trimmed.chars().count() <= max && trimmed.chars().any(v::is_hidden), "{:?}", s);
            }
        }
        prop_assert_eq!(v::optional_text(&s, max), if s.trim().is_empty() { Ok(None) } else { v::text(&s, max).map(Some) });
        idempotent(|s| v::text(s, max), &s, String::clone)?;
        // a name field: every contact name is `text(_, NAME_MAX)`
        let mut request = valid_request();
        request.contact.first_name = s.clone();
        let named = request.validate().map(|r| r.contact.first_name).map_err(|errors| {
            errors.into_iter().map(|e| e.field).collect::<Vec<_>>()
        });
        match v::text(&s, NAME_MAX) {
            Ok(t) => prop_assert_eq!(named, Ok(t)),
            Err(_) => prop_assert_eq!(named, Err(vec!["contact.first_name".to_owned()])),
        }
    }

    #[test]
    fn new_password(s in text()) {
        match v::new_password(&s) {
            Ok(p) => {
                prop_assert_eq!(p.as_str(), s.as_str(), "a password is kept exactly as typed");
                prop_assert!((8..=128).contains(&p.chars().count()));
                prop_assert!(p.chars().any(char::is_alphabetic) && to_ascii_digits(&p).chars().any(|c| c.is_ascii_digit()));
            }
            Err(Invalid::Required) => prop_assert!(s.is_empty()),
            Err(e) => prop_assert_eq!(e, Invalid::WeakPassword),
        }
    }

    #[test]
    fn digit_normalisation(s in text()) {
        let ascii = to_ascii_digits(&s);
        let persian = to_persian_digits(&s);
        prop_assert_eq!(ascii.chars().count(), s.chars().count());
        prop_assert_eq!(persian.chars().count(), s.chars().count());
        prop_assert!(!ascii.chars().any(|c| ('۰'..='۹').contains(&c) || ('٠'..='٩').contains(&c)), "{:?}", ascii);
        prop_assert!(!persian.chars().any(|c| c.is_ascii_digit()), "{:?}", persian);
        prop_assert_eq!(to_ascii_digits(&ascii), ascii.clone());
        prop_assert_eq!(to_ascii_digits(&persian), ascii.clone());
        for (c, a) in s.chars().zip(ascii.chars()) {
            match ascii_digit(c) {
                Some(d) => {
                    prop_assert!(d.is_ascii_digit() && a == d, "{:?} -> {:?}", c, d);
                    let base = match c { '0'..='9' => '0', '۰'..='۹' => '۰', _ => '٠' };
                    prop_assert_eq!(d as u32 - '0' as u32, c as u32 - base as u32);
                }
                None => prop_assert_eq!(a, c),
            }
        }
    }

    #[test]
    fn search_folding(s in text()) {
        let folded = search::fold(&s);
        prop_assert_eq!(search::fold(&folded), folded.clone());
        prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "), "{:?}", folded);
        for term in search::terms(&s) {
            prop_assert!(!term.is_empty() && !term.contains(' '), "{:?}", term);
            prop_assert!(folded.contains(&term));
        }
    }

    #[test]
    fn birth_dates(s in prop_oneof![text(), "[0-9+-]{8,12}", "(19|20)[0-9]{2}-[01+][0-9]-[0-3+][0-9]"]) {
        let update = ProfileUpdate { birth_date: s.clone(), ..ProfileUpdate::default() };
        match update.validate("2026-11-22") {
            Ok(ok) => {
                let date = &ok.birth_date;
                prop_assert!(date.is_empty() || (date.len() == 10 && date.as_str() <= "2026-11-22" && date.as_str() >= "1906-11-22"), "{:?} -> {:?}", s, date);
                prop_assert_eq!(ok.validate("2026-11-22"), Ok(ok.clone()));
            }
            Err(errors) => prop_assert!(errors.iter().all(|e| e.field == "birth_date" && e.code == "invalid_date"), "{:?}", errors),
        }
    }
}

fn pair() -> impl Strategy<Value = (String, String)> {
    let key = prop_oneof![
        4 => proptest::sample::select(vec!["q", "category", "sort", "page", "per_page"]).prop_map(str::to_owned),
        1 => text(),
    ];
    let value = prop_oneof![
        3 => text(),
        2 => proptest::sample::select(vec!["newest", "price_asc", "price_desc", "popular", "Popular", " newest"]).prop_map(str::to_owned),
        2 => "[a-z0-9-]{0,70}",
        2 => "[ ]?[+-]?[0-9۰-۹٠-٩]{0,25}[ ]?",
        2 => proptest::sample::select(vec![
            "0", "1", "24", "100", "101", "۱۰۱", "10000", "10001", "١٠٠٠١", "-1", "+5", " 7 ", "00100",
            "4294967296", "18446744073709551617", "1e3", "0x10", "٣.٥",
        ])
        .prop_map(str::to_owned),
        1 => any::<u64>().prop_map(|n| n.to_string()),
    ];
    (key, value)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn listing_query(pairs in proptest::collection::vec(pair(), 0..8)) {
        let borrowed = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        let check = |q: &ProductQuery| -> Result<(), TestCaseError> {
            prop_assert!((1..=MAX_PAGE).contains(&q.page) && (1..=MAX_PER_PAGE).contains(&q.per_page), "{:?}", q);
            if let Some(text) = &q.q {
                prop_assert!(!text.is_empty() && text.trim() == text && text.chars().count() <= MAX_QUERY_CHARS, "{:?}", q);
            }
            if let Some(slug) = &q.category {
                prop_assert!((1..=60).contains(&slug.len()) && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{:?}", q);
            }
            let _ = q.offset();
            let again: Vec<_> = q.to_pairs();
            prop_assert_eq!(ProductQuery::parse(again.iter().map(|(k, v)| (*k, v.as_str()))), Ok(q.clone()), "round trip of {:?}", q);
            Ok(())
        };
        match ProductQuery::parse(borrowed()) {
            Ok(q) => {
                check(&q)?;
                prop_assert_eq!(ProductQuery::parse_lenient(borrowed()), q);
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(["q", "category", "sort", "page", "per_page"].contains(&e.field.as_str()), "{:?}", e);
                    prop_assert!(pairs.iter().any(|(k, v)| *k == e.field && !v.trim().is_empty()), "{:?} names a field not sent", e);
                }
                let lenient = ProductQuery::parse_lenient(borrowed());
                check(&lenient)?;
                // the lenient parse is the strict parse of the pairs whose field had no error
                let kept: Vec<_> = borrowed().filter(|(k, _)| errors.iter().all(|e| e.field != *k)).collect();
                prop_assert_eq!(ProductQuery::parse(kept), Ok(lenient));
            }
        }
    }
}

/// A valid checkout request, for fuzzing one field at a time.
fn valid_request() -> OrderRequest {
    OrderRequest {
        items: vec![CartItem { product_id: 1, quantity: 2 }],
        contact: Contact {
            first_name: "سارا".into(),
            last_name: "احمدی".into(),
            mobile: "09121234567".into(),
            email: String::new(),
        },
        recipient: Recipient::Buyer,
        address: Address {
            province: "fars".into(),
            city: "شیراز".into(),
            street: "خیابان زند".into(),
            plate: "۱۴".into(),
            unit: String::new(),
            postal_code: "7134897651".into(),
            notes: String::new(),
        },
        invoice: InvoiceIdentity::None,
        shipping_method: "post".into(),
        expected_total: Toman(100_000),
        save_address: false,
    }
}

/// A field: mostly a valid value (so the other fields' checks are reached), otherwise anything.
fn field(valid: &'static str) -> BoxedStrategy<String> {
    prop_oneof![2 => Just(valid.to_owned()), 1 => text()].boxed()
}

fn address() -> BoxedStrategy<Address> {
    (
        prop_oneof![3 => Just("fars".to_owned()), 1 => Just("tehran".to_owned()), 1 => text()],
        prop_oneof![2 => Just("شیراز".to_owned()), 1 => Just(" شیراز ".to_owned()), 1 => text()],
        field("خیابان زند"),
        field("۱۴"),
        field(""),
        field("۷۱۳۴۸۹۷۶۵۱"),
        field(""),
    )
        .prop_map(|(province, city, street, plate, unit, postal_code, notes)| Address {
            province,
            city,
            street,
            plate,
            unit,
            postal_code,
            notes,
        })
        .boxed()
}

fn order_request() -> BoxedStrategy<OrderRequest> {
    let contact = (field("سارا"), field("احمدی"), field("+98 912 123 4567"), field(""))
        .prop_map(|(first_name, last_name, mobile, email)| Contact { first_name, last_name, mobile, email });
    let recipient = prop_oneof![
        Just(Recipient::Buyer),
        (field("مریم"), field("کریمی"), field("۰۹۳۵۱۱۱۲۲۳۳"))
            .prop_map(|(first_name, last_name, mobile)| Recipient::SomeoneElse { first_name, last_name, mobile }),
    ];
    let invoice = prop_oneof![
        Just(InvoiceIdentity::None),
        (field("سارا احمدی"), field("۰۰۶۷۷۴۹۸۲۸"))
            .prop_map(|(full_name, national_code)| InvoiceIdentity::Individual { full_name, national_code }),
        (
            field("شرکت نمونه"),
            field("10380284790"),
            field("10380284790"),
            field("12345"),
            proptest::option::of(address())
        )
            .prop_map(|(company_name, economic_code, national_id, registration_number, invoice_address)| {
                InvoiceIdentity::LegalEntity {
                    company_name,
                    economic_code,
                    national_id,
                    registration_number,
                    invoice_address,
                }
            }),
    ];
    (
        contact,
        recipient,
        address(),
        invoice,
        field("post"),
        proptest::collection::vec((any::<u32>(), any::<u32>()), 0..3),
    )
        .prop_map(|(contact, recipient, address, invoice, shipping_method, items)| OrderRequest {
            items: items.into_iter().map(|(product_id, quantity)| CartItem { product_id, quantity }).collect(),
            contact,
            recipient,
            address,
            invoice,
            shipping_method,
            ..valid_request()
        })
        .boxed()
}

proptest! {
    #![proptest_config(config())]

    /// A whole checkout request: validating what validation returned changes nothing, and every error
    /// names a field of the request.
    #[test]
    fn checkout_requests_normalise_once(request in order_request()) {
        match request.validate() {
            Ok(normalised) => prop_assert_eq!(normalised.validate(), Ok(normalised.clone())),
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                for e in errors {
                    let top = e.field.split('.').next().unwrap_or_default();
                    prop_assert!(["items", "contact", "recipient", "address", "invoice", "shipping_method"].contains(&top), "{:?}", e);
                    prop_assert!(Invalid::from_code(&e.code).is_some(), "{:?}", e);
                }
            }
        }
    }

    #[test]
    fn saved_addresses_normalise_once(label in field("خانه"), address in address(), someone in any::<bool>()) {
        let recipient = if someone {
            Recipient::SomeoneElse { first_name: label.clone(), last_name: "کریمی".into(), mobile: "09351112233".into() }
        } else {
            Recipient::Buyer
        };
        let input = AddressInput { label, recipient, address, is_default: false };
        if let Ok(valid) = input.validate() {
            prop_assert_eq!(valid.validate(), Ok(valid.clone()));
        }
    }

    #[test]
    fn profiles_normalise_once(first in field("سارا"), last in field(""), code in field("۰۰۶۷۷۴۹۸۲۸"), birth in field("1991-08-03")) {
        let update = ProfileUpdate { first_name: first, last_name: last, national_code: code, birth_date: birth, ..ProfileUpdate::default() };
        if let Ok(valid) = update.validate("2026-11-22") {
            prop_assert_eq!(valid.validate("2026-11-22"), Ok(valid.clone()));
        }
    }
}
