//! What the shopper submits at checkout, and its validation into a normalised order request.
//! Text fields are plain strings (empty means "not given") so a form draft and the request are one type.

use serde::{Deserialize, Serialize};

use super::{
    regions,
    validate::{self as v, Invalid},
};
use crate::{FieldError, Toman, cart::CartItem};

pub const NAME_MAX: usize = 60;
pub const STREET_MAX: usize = 200;
pub const SHORT_MAX: usize = 12;
pub const NOTES_MAX: usize = 300;

/// The buyer: who we contact about the order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    pub first_name: String,
    pub last_name: String,
    pub mobile: String,
    #[serde(default)]
    pub email: String,
}

/// Who receives the parcel. Someone else's details belong to this order only.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Recipient {
    #[default]
    Buyer,
    SomeoneElse {
        first_name: String,
        last_name: String,
        mobile: String,
    },
}

/// A postal address in Iran.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    /// A province slug from the regions list.
    pub province: String,
    /// A city of that province, as listed.
    pub city: String,
    pub street: String,
    pub plate: String,
    #[serde(default)]
    pub unit: String,
    pub postal_code: String,
    #[serde(default)]
    pub notes: String,
}

/// The identity an official invoice is issued to.
// A wire type made once per order; boxing the address would only complicate its users.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InvoiceIdentity {
    #[default]
    None,
    Individual {
        full_name: String,
        national_code: String,
    },
    LegalEntity {
        company_name: String,
        economic_code: String,
        national_id: String,
        registration_number: String,
        /// A different address for the invoice; absent means the delivery address.
        #[serde(default)]
        invoice_address: Option<Address>,
    },
}

/// `POST /orders` body.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderRequest {
    pub items: Vec<CartItem>,
    pub contact: Contact,
    pub recipient: Recipient,
    pub address: Address,
    pub invoice: InvoiceIdentity,
    pub shipping_method: String,
    /// The total the shopper reviewed; if the backend's total differs, the order is not placed.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub expected_total: Toman,
    /// Whether to keep this address in the buyer's address book (signed-in buyers only).
    #[serde(default)]
    pub save_address: bool,
}

/// Collects field errors under a path prefix while normalising values.
struct Check<'a> {
    prefix: &'a str,
    errors: &'a mut Vec<FieldError>,
}

impl Check<'_> {
    fn take<T: Default>(&mut self, field: &str, result: Result<T, Invalid>) -> T {
        result.unwrap_or_else(|invalid| {
            let path = if self.prefix.is_empty() { field.to_owned() } else { format!("{}.{field}", self.prefix) };
            self.errors.push(FieldError::new(path, invalid.code(), invalid.english()));
            T::default()
        })
    }

    fn nested<'b>(&'b mut self, prefix: &'b str) -> Check<'b> {
        Check { prefix, errors: self.errors }
    }
}

fn or_empty(r: Result<Option<String>, Invalid>) -> Result<String, Invalid> {
    r.map(Option::unwrap_or_default)
}

impl Contact {
    fn checked(&self, c: &mut Check<'_>) -> Self {
        Self {
            first_name: c.take("first_name", v::text(&self.first_name, NAME_MAX)),
            last_name: c.take("last_name", v::text(&self.last_name, NAME_MAX)),
            mobile: c.take("mobile", v::mobile(&self.mobile)),
            email: c.take("email", or_empty(v::optional_email(&self.email))),
        }
    }
}

impl Recipient {
    fn checked(&self, c: &mut Check<'_>) -> Self {
        match self {
            Self::Buyer => Self::Buyer,
            Self::SomeoneElse { first_name, last_name, mobile } => Self::SomeoneElse {
                first_name: c.take("first_name", v::text(first_name, NAME_MAX)),
                last_name: c.take("last_name", v::text(last_name, NAME_MAX)),
                mobile: c.take("mobile", v::mobile(mobile)),
            },
        }
    }
}

impl Address {
    fn checked(&self, c: &mut Check<'_>) -> Self {
        let province = c.take(
            "province",
            regions::province(&self.province).map(|p| p.slug.to_owned()).ok_or(if self.province.is_empty() {
                Invalid::Required
            } else {
                Invalid::UnknownValue
            }),
        );
        let city = if self.city.trim().is_empty() {
            Err(Invalid::Required)
        } else if province.is_empty() || regions::has_city(&province, self.city.trim()) {
            Ok(self.city.trim().to_owned())
        } else {
            Err(Invalid::UnknownValue)
        };
        Self {
            city: c.take("city", city),
            province,
            street: c.take("street", v::text(&self.street, STREET_MAX)),
            plate: c.take("plate", v::text(&crate::digits::to_ascii_digits(&self.plate), SHORT_MAX)),
            unit: c.take("unit", or_empty(v::optional_text(&crate::digits::to_ascii_digits(&self.unit), SHORT_MAX))),
            postal_code: c.take("postal_code", v::postal_code(&self.postal_code)),
            notes: c.take("notes", or_empty(v::optional_text(&self.notes, NOTES_MAX))),
        }
    }
}

impl InvoiceIdentity {
    fn checked(&self, c: &mut Check<'_>) -> Self {
        match self {
            Self::None => Self::None,
            Self::Individual { full_name, national_code } => Self::Individual {
                full_name: c.take("full_name", v::text(full_name, NAME_MAX * 2)),
                national_code: c.take("national_code", v::national_code(national_code)),
            },
            Self::LegalEntity { company_name, economic_code, national_id, registration_number, invoice_address } => {
                Self::LegalEntity {
                    company_name: c.take("company_name", v::text(company_name, NAME_MAX * 2)),
                    economic_code: c.take("economic_code", v::economic_code(economic_code)),
                    national_id: c.take("national_id", v::legal_national_id(national_id)),
                    registration_number: c.take("registration_number", v::registration_number(registration_number)),
                    invoice_address: invoice_address
                        .as_ref()
                        .map(|a| a.checked(&mut c.nested("invoice.invoice_address"))),
                }
            }
        }
    }
}

impl OrderRequest {
    /// The request with every field normalised (digits, mobile form, trimmed text), or every field error.
    pub fn validate(&self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut root = Check { prefix: "", errors: &mut errors };
        if self.items.is_empty() {
            root.take::<()>("items", Err(Invalid::Required));
        }
        let shipping_method = root.take("shipping_method", v::text(&self.shipping_method, 40));
        let normalised = Self {
            items: self.items.clone(),
            contact: self.contact.checked(&mut root.nested("contact")),
            recipient: self.recipient.checked(&mut root.nested("recipient")),
            address: self.address.checked(&mut root.nested("address")),
            invoice: self.invoice.checked(&mut root.nested("invoice")),
            shipping_method,
            expected_total: self.expected_total,
            save_address: self.save_address,
        };
        if errors.is_empty() { Ok(normalised) } else { Err(errors) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn valid_request() -> OrderRequest {
        OrderRequest {
            items: vec![CartItem { product_id: 1, quantity: 2 }],
            contact: Contact {
                first_name: "سارا".into(),
                last_name: "احمدی".into(),
                mobile: "+98 912 123 4567".into(),
                email: String::new(),
            },
            recipient: Recipient::Buyer,
            address: Address {
                province: "fars".into(),
                city: "شیراز".into(),
                street: "خیابان زند، کوچه ۱۲".into(),
                plate: "۱۴".into(),
                unit: String::new(),
                postal_code: "۷۱۳۴۸۹۷۶۵۱".into(),
                notes: String::new(),
            },
            invoice: InvoiceIdentity::None,
            shipping_method: "post".into(),
            expected_total: Toman(100_000),
            save_address: false,
        }
    }

    fn fields(request: &OrderRequest) -> Vec<String> {
        request.validate().err().unwrap_or_default().into_iter().map(|e| format!("{}:{}", e.field, e.code)).collect()
    }

    #[test]
    fn a_valid_request_is_normalised() {
        let ok = valid_request().validate().unwrap();
        assert_eq!(ok.contact.mobile, "09121234567");
        assert_eq!(ok.address.postal_code, "7134897651");
        assert_eq!(ok.address.plate, "14");
    }

    #[test]
    fn every_bad_field_is_named() {
        let mut r = valid_request();
        r.contact.mobile = "123".into();
        r.address.city = "تبریز".into();
        r.address.postal_code = "۱۲۳".into();
        r.recipient =
            Recipient::SomeoneElse { first_name: String::new(), last_name: "رضایی".into(), mobile: "0912".into() };
        r.invoice = InvoiceIdentity::Individual {
            full_name: "سارا احمدی".into(), national_code: "۱۱۱۱۱۱۱۱۱۱".into()
        };
        assert_eq!(
            fields(&r),
            vec![
                "contact.mobile:invalid_mobile",
                "recipient.first_name:required",
                "recipient.mobile:invalid_mobile",
                "address.city:unknown_value",
                "address.postal_code:invalid_postal_code",
                "invoice.national_code:invalid_national_code",
            ]
        );
    }

    #[test]
    fn legal_entity_with_its_own_invoice_address() {
        let mut r = valid_request();
        r.invoice = InvoiceIdentity::LegalEntity {
            company_name: "شرکت نمونه".into(),
            economic_code: "10380284790".into(),
            national_id: "10380284791".into(),
            registration_number: "".into(),
            invoice_address: Some(Address { province: "nowhere".into(), ..Address::default() }),
        };
        let f = fields(&r);
        assert!(f.contains(&"invoice.national_id:invalid_legal_national_id".to_owned()), "{f:?}");
        assert!(f.contains(&"invoice.registration_number:required".to_owned()), "{f:?}");
        assert!(f.contains(&"invoice.invoice_address.province:unknown_value".to_owned()), "{f:?}");
        assert!(f.contains(&"invoice.invoice_address.postal_code:required".to_owned()), "{f:?}");
    }

    #[test]
    fn json_shape_is_tagged() {
        let json = serde_json::to_value(valid_request()).unwrap();
        assert_eq!(json["recipient"]["kind"], "buyer");
        assert_eq!(json["invoice"]["kind"], "none");
    }
}
