//! Catalog types and the product-listing query with its validation (one rule for the SPA and the backend).

use serde::{Deserialize, Serialize};

use crate::{FieldError, Toman, digits::to_ascii_digits};

pub const DEFAULT_PER_PAGE: u32 = 24;
pub const MAX_PER_PAGE: u32 = 100;
pub const MAX_PAGE: u32 = 10_000;
pub const MAX_QUERY_CHARS: usize = 100;

/// A product category with its Persian and English names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Category {
    pub slug: String,
    pub name_fa: String,
    pub name_en: String,
    pub product_count: u32,
}

/// What a product listing shows of a product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    pub id: u32,
    pub slug: String,
    pub title: String,
    /// Author for a book, brand for a device.
    pub byline: String,
    /// The category's slug.
    pub category: String,
    pub price: Toman,
    pub in_stock: bool,
    /// Path of the product's cover image on the backend's own host.
    pub image_url: String,
}

/// A product page: the summary's fields (flattened in JSON) plus description and stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Product {
    #[serde(flatten)]
    pub summary: ProductSummary,
    /// Paragraphs separated by a blank line.
    pub description: String,
    pub stock: u32,
}

/// One page of a product listing and how many products match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductPage {
    pub items: Vec<ProductSummary>,
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
}

impl ProductPage {
    pub fn page_count(&self) -> u32 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SortOrder {
    #[default]
    Newest,
    PriceAsc,
    PriceDesc,
    Popular,
}

impl SortOrder {
    pub const ALL: [SortOrder; 4] = [Self::Newest, Self::PriceAsc, Self::PriceDesc, Self::Popular];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Newest => "newest",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::Popular => "popular",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// A validated product-listing query: `q`, `category`, `sort`, `page`, `per_page`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProductQuery {
    pub q: Option<String>,
    pub category: Option<String>,
    pub sort: SortOrder,
    pub page: u32,
    pub per_page: u32,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.len() <= 60 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn parse_bounded(field: &str, raw: &str, min: u32, max: u32, errors: &mut Vec<FieldError>) -> Option<u32> {
    match to_ascii_digits(raw.trim()).parse::<u64>() {
        Ok(n) if (u64::from(min)..=u64::from(max)).contains(&n) => Some(n as u32),
        Ok(_) => {
            errors.push(FieldError::new(field, "out_of_range", format!("must be between {min} and {max}")));
            None
        }
        Err(_) => {
            errors.push(FieldError::new(field, "invalid_number", "must be a whole number"));
            None
        }
    }
}

impl ProductQuery {
    pub fn new() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE, ..Self::default() }
    }

    /// Validates query-string pairs. Empty values count as absent; unknown keys are ignored.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, Vec<FieldError>> {
        let mut query = Self::new();
        let mut errors = Vec::new();
        for (key, value) in pairs {
            if value.trim().is_empty() {
                continue;
            }
            match key {
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        errors.push(FieldError::new("q", "too_long", format!("at most {MAX_QUERY_CHARS} characters")));
                    } else {
                        query.q = Some(value.trim().to_owned());
                    }
                }
                "category" => {
                    if is_slug(value) {
                        query.category = Some(value.to_owned());
                    } else {
                        errors.push(FieldError::new("category", "invalid_format", "must be a category slug"));
                    }
                }
                "sort" => match SortOrder::parse(value) {
                    Some(sort) => query.sort = sort,
                    None => errors.push(FieldError::new(
                        "sort",
                        "unknown_value",
                        "must be one of newest, price_asc, price_desc, popular",
                    )),
                },
                "page" => {
                    if let Some(n) = parse_bounded("page", value, 1, MAX_PAGE, &mut errors) {
                        query.page = n;
                    }
                }
                "per_page" => {
                    if let Some(n) = parse_bounded("per_page", value, 1, MAX_PER_PAGE, &mut errors) {
                        query.per_page = n;
                    }
                }
                _ => {}
            }
        }
        if errors.is_empty() { Ok(query) } else { Err(errors) }
    }

    /// Like [`parse`](Self::parse), but drops invalid fields instead of failing: for URLs typed or
    /// edited by hand, where a bad `page` should not cost the shopper their search.
    pub fn parse_lenient<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let pairs: Vec<_> = pairs.into_iter().collect();
        match Self::parse(pairs.iter().copied()) {
            Ok(query) => query,
            Err(errors) => Self::parse(pairs.into_iter().filter(|(k, _)| errors.iter().all(|e| e.field != *k)))
                .unwrap_or_else(|_| Self::new()),
        }
    }

    /// The query as key/value pairs, leaving out defaults, in a stable order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(q) = &self.q {
            pairs.push(("q", q.clone()));
        }
        if let Some(c) = &self.category {
            pairs.push(("category", c.clone()));
        }
        if self.sort != SortOrder::default() {
            pairs.push(("sort", self.sort.as_str().to_owned()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        pairs
    }

    /// Zero-based offset of the first item on this page.
    pub fn offset(&self) -> u32 {
        (self.page.max(1) - 1).saturating_mul(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<ProductQuery, Vec<FieldError>> {
        ProductQuery::parse(pairs.iter().copied())
    }

    #[test]
    fn defaults() {
        let q = parse(&[]).unwrap();
        assert_eq!(q, ProductQuery::new());
        assert_eq!(q.offset(), 0);
        assert!(q.to_pairs().is_empty());
    }

    #[test]
    fn accepts_persian_digits_in_numbers() {
        let q = parse(&[("page", "۳"), ("per_page", "١٠")]).unwrap();
        assert_eq!((q.page, q.per_page, q.offset()), (3, 10, 20));
    }

    #[test]
    fn reports_every_bad_field() {
        let errors =
            parse(&[("sort", "cheapest"), ("page", "0"), ("per_page", "x"), ("category", "رمان")]).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            vec![
                ("sort", "unknown_value"),
                ("page", "out_of_range"),
                ("per_page", "invalid_number"),
                ("category", "invalid_format")
            ]
        );
    }

    #[test]
    fn lenient_parse_keeps_the_good_fields() {
        let q = ProductQuery::parse_lenient([("q", "حافظ"), ("page", "-3"), ("sort", "popular")]);
        assert_eq!((q.q.as_deref(), q.page, q.sort), (Some("حافظ"), 1, SortOrder::Popular));
    }

    #[test]
    fn page_count_rounds_up() {
        let page = ProductPage { items: vec![], total: 49, page: 1, per_page: 24 };
        assert_eq!(page.page_count(), 3);
        assert_eq!(ProductPage { total: 0, ..page }.page_count(), 1);
    }

    proptest! {
        #[test]
        fn pairs_round_trip(
            q in proptest::option::of("[a-zا-ی ]{1,20}"),
            category in proptest::option::of("[a-z][a-z0-9-]{0,20}"),
            sort in 0usize..4,
            page in 1u32..=MAX_PAGE,
            per_page in 1u32..=MAX_PER_PAGE,
        ) {
            let query = ProductQuery {
                q: q.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()),
                category,
                sort: SortOrder::ALL[sort],
                page,
                per_page,
            };
            let pairs = query.to_pairs();
            let parsed = ProductQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
            prop_assert_eq!(parsed, query);
        }
    }
}
