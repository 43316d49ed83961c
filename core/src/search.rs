//! Persian-aware text folding for catalog search: Arabic ي/ك/ى match Persian ی/ک, every digit
//! script matches the others, diacritics and tatweel are ignored, ZWNJ counts as a space.

use crate::digits::ascii_digit;

/// Folds one character to its search form; `None` drops it.
fn fold_char(c: char) -> Option<char> {
    if let Some(d) = ascii_digit(c) {
        return Some(d);
    }
    match c {
        '\u{064A}' | '\u{0649}' | '\u{06D2}' => Some('ی'),
        '\u{0643}' => Some('ک'),
        '\u{0623}' | '\u{0625}' | '\u{0671}' => Some('ا'),
        '\u{0624}' => Some('و'),
        '\u{0629}' | '\u{06C0}' => Some('ه'),
        // harakat, superscript alef and tatweel carry no meaning for search
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => None,
        '\u{200C}' | '\u{200D}' | '\u{00A0}' => Some(' '),
        _ => Some(c),
    }
}

/// The search form of a text: folded, lower-cased, with runs of white space collapsed.
pub fn fold(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.chars().filter_map(fold_char).flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The words of a query, folded; a product matches when its folded text contains every one.
pub fn terms(query: &str) -> Vec<String> {
    fold(query).split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn arabic_letters_match_persian() {
        assert_eq!(fold("كتاب علي"), fold("کتاب علی"));
        assert_eq!(fold("ديوان"), "دیوان");
    }

    #[test]
    fn digits_of_every_script_match() {
        assert_eq!(fold("گوشی ۱۲۸ گیگ"), "گوشی 128 گیگ");
        assert_eq!(fold("٢٠٢٤"), "2024");
    }

    #[test]
    fn zwnj_diacritics_and_case_fold() {
        assert_eq!(fold("می\u{200C}خواهم"), "می خواهم");
        assert_eq!(fold("كِتـــاب"), "کتاب");
        assert_eq!(fold("  Galaxy   S24 "), "galaxy s24");
    }

    #[test]
    fn terms_split_words() {
        assert_eq!(terms(" هري  پاتر "), vec!["هری", "پاتر"]);
        assert!(terms("   ").is_empty());
    }

    proptest! {
        #[test]
        fn folding_is_idempotent(s in "\\PC*") {
            let once = fold(&s);
            prop_assert_eq!(fold(&once), once.clone());
        }

        #[test]
        fn folded_text_has_no_arabic_variants(s in "[ا-یيكى۰-۹٠-٩ a-zA-Z0-9]*") {
            let f = fold(&s);
            prop_assert!(!f.contains(['ي', 'ك', 'ى']));
            prop_assert!(!f.chars().any(|c| ('۰'..='۹').contains(&c)));
        }
    }
}
