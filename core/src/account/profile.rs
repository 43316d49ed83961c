//! The signed-in shopper's profile, what may be edited in it, and order summaries.

use serde::{Deserialize, Serialize};

use super::jalali::GregorianDate;
use crate::{
    FieldError, Toman,
    checkout::{
        OrderStatus,
        validate::{self as v, Invalid},
    },
};

/// `GET /me`: the account as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub first_name: String,
    pub last_name: String,
    /// The official mobile number, `09…`.
    pub mobile: String,
    /// The official (confirmed) email; empty if none.
    pub email: String,
    /// An email waiting for its confirmation link to be opened; empty if none.
    pub pending_email: String,
    pub national_code: String,
    /// `YYYY-MM-DD` (Gregorian, shown in the Persian calendar); empty if not given.
    pub birth_date: String,
    pub newsletter: bool,
    pub sms_promotions: bool,
    pub has_password: bool,
}

/// `PUT /me`: the profile fields a shopper edits directly.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileUpdate {
    pub first_name: String,
    pub last_name: String,
    pub national_code: String,
    pub birth_date: String,
    pub newsletter: bool,
    pub sms_promotions: bool,
}

/// A birth date: a real `YYYY-MM-DD` between 120 years ago and `today`.
fn birth_date(input: &str, today: &str) -> Result<String, Invalid> {
    if input.trim().is_empty() {
        return Ok(String::new());
    }
    let date = GregorianDate::parse_iso(input.trim()).ok_or(Invalid::Date)?;
    let today = GregorianDate::parse_iso(today).ok_or(Invalid::Date)?;
    let oldest = GregorianDate { year: today.year - 120, ..today };
    (date <= today && date >= oldest).then(|| date.iso()).ok_or(Invalid::Date)
}

impl ProfileUpdate {
    /// Normalised, or every field error. `today` is `YYYY-MM-DD`.
    pub fn validate(&self, today: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut take = |name: &str, result: Result<String, Invalid>| {
            result.unwrap_or_else(|invalid| {
                errors.push(FieldError::new(name, invalid.code(), invalid.english()));
                String::new()
            })
        };
        let optional_code = |s: &str| if s.trim().is_empty() { Ok(String::new()) } else { v::national_code(s) };
        let updated = Self {
            first_name: take("first_name", v::optional_text(&self.first_name, 60).map(Option::unwrap_or_default)),
            last_name: take("last_name", v::optional_text(&self.last_name, 60).map(Option::unwrap_or_default)),
            national_code: take("national_code", optional_code(&self.national_code)),
            birth_date: take("birth_date", birth_date(&self.birth_date, today)),
            newsletter: self.newsletter,
            sms_promotions: self.sms_promotions,
        };
        if errors.is_empty() { Ok(updated) } else { Err(errors) }
    }
}

/// `GET /me/orders`: one line per order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderSummary {
    pub number: String,
    pub status: OrderStatus,
    pub placed_at: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub total: Toman,
    pub item_count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_validation() {
        let update = ProfileUpdate {
            first_name: " سارا ".into(),
            national_code: "۰۰۶۷۷۴۹۸۲۸".into(),
            birth_date: "1991-08-03".into(),
            ..ProfileUpdate::default()
        };
        let ok = update.validate("2026-11-22").unwrap();
        assert_eq!((ok.first_name.as_str(), ok.national_code.as_str()), ("سارا", "0067749828"));
        let bad =
            ProfileUpdate { national_code: "123".into(), birth_date: "2030-01-01".into(), ..ProfileUpdate::default() };
        let fields: Vec<_> = bad.validate("2026-11-22").unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["national_code", "birth_date"]);
    }
}
