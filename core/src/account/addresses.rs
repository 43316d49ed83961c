//! The address book: saved addresses, each optionally with a recipient other than the account holder.

use serde::{Deserialize, Serialize};

use crate::{
    FieldError,
    checkout::{Address, OrderRequest, Recipient},
};

/// A saved address as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedAddress {
    pub id: u32,
    /// The shopper's name for it, e.g. «خانه» or «دفتر».
    pub label: String,
    pub recipient: Recipient,
    pub address: Address,
    pub is_default: bool,
}

/// `POST /me/addresses` and `PUT /me/addresses/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddressInput {
    pub label: String,
    pub recipient: Recipient,
    pub address: Address,
    #[serde(default)]
    pub is_default: bool,
}

impl AddressInput {
    /// Validated with the same rules as checkout (fields named `recipient.…` and `address.…`).
    pub fn validate(&self) -> Result<Self, Vec<FieldError>> {
        let probe = OrderRequest {
            items: vec![crate::cart::CartItem { product_id: 1, quantity: 1 }],
            contact: crate::checkout::Contact {
                first_name: "-".into(),
                last_name: "-".into(),
                mobile: "09120000000".into(),
                email: String::new(),
            },
            recipient: self.recipient.clone(),
            address: self.address.clone(),
            shipping_method: "-".into(),
            ..OrderRequest::default()
        };
        let label = self.label.trim();
        let mut errors = Vec::new();
        if label.is_empty() {
            errors.push(FieldError::new("label", "required", "Name this address"));
        } else if label.chars().count() > 40 {
            errors.push(FieldError::new("label", "too_long", "At most 40 characters"));
        }
        match probe.validate() {
            Ok(valid) if errors.is_empty() => Ok(Self {
                label: label.to_owned(),
                recipient: valid.recipient,
                address: valid.address,
                is_default: self.is_default,
            }),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_rules_are_the_checkout_rules() {
        let input = AddressInput {
            label: "خانه".into(),
            recipient: Recipient::SomeoneElse {
                first_name: "مریم".into(),
                last_name: "کریمی".into(),
                mobile: "۰۹۳۵۱۱۱۲۲۳۳".into(),
            },
            address: Address {
                province: "fars".into(),
                city: "شیراز".into(),
                street: "زند".into(),
                plate: "۱۴".into(),
                postal_code: "۷۱۳۴۸۹۷۶۵۱".into(),
                ..Address::default()
            },
            is_default: true,
        };
        let ok = input.validate().unwrap();
        assert_eq!(ok.address.postal_code, "7134897651");
        let bad = AddressInput { label: String::new(), address: Address::default(), ..input };
        let fields: Vec<_> = bad.validate().unwrap_err().into_iter().map(|e| e.field).collect();
        assert!(
            fields.contains(&"label".to_owned()) && fields.contains(&"address.postal_code".to_owned()),
            "{fields:?}"
        );
    }
}
