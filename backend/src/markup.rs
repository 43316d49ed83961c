//! Escaping text for markup: the SVG covers and the development outbox page.

/// Escapes `&`, `<`, `>`, `"` and `'` for element content and attribute values, writing `'` as
/// `apostrophe` (`&apos;` in XML, `&#39;` in HTML).
pub fn escape(text: &str, apostrophe: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str(apostrophe),
            c => out.push(c),
        }
    }
    out
}
