//! The raw query string as decoded pairs (percent-decoding, `+` as space), validated by core's rules.

use pishkhan_core::FieldError;
use pishkhan_core::catalog::ProductQuery;

/// Decodes `a=1&b=x+y` into pairs; invalid UTF-8 is replaced rather than refused.
pub fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|raw| form_urlencoded::parse(raw.as_bytes()).into_owned().collect()).unwrap_or_default()
}

/// The listing query from the raw query string, or every field error in it.
pub fn product_query(raw: Option<&str>) -> Result<ProductQuery, Vec<FieldError>> {
    let pairs = pairs(raw);
    ProductQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pishkhan_core::catalog::SortOrder;

    #[test]
    fn decodes_percent_and_plus() {
        let q = product_query(Some("q=%DA%A9%D8%AA%D8%A7%D8%A8+%DB%B2&sort=price_asc&page=2")).unwrap();
        assert_eq!(q.q.as_deref(), Some("کتاب ۲"));
        assert_eq!((q.sort, q.page), (SortOrder::PriceAsc, 2));
    }

    #[test]
    fn reports_errors() {
        let errors = product_query(Some("per_page=1000&page=abc")).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["per_page", "page"]);
    }
}
