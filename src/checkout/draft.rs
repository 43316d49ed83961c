//! The checkout form's draft: every field the shopper typed, kept in sessionStorage so a reload in
//! the same tab loses nothing, and cleared once the order is placed. Fields for choices the shopper
//! switched away from (e.g. a recipient, then "I receive it") are kept too, so switching back restores them.

use leptos::prelude::*;
use pishkhan_core::{
    Toman,
    account::SavedAddress,
    cart::CartItem,
    checkout::{Address, Contact, InvoiceIdentity, OrderRequest},
};
use serde::{Deserialize, Serialize};

use crate::{
    common::{Attempt, Lens, address::RecipientFields},
    storage::{CHECKOUT_DRAFT_KEY, Store, read, remove, write},
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceKind {
    #[default]
    None,
    Individual,
    LegalEntity,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InvoiceFields {
    pub full_name: String,
    pub national_code: String,
    pub company_name: String,
    pub economic_code: String,
    pub national_id: String,
    pub registration_number: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Draft {
    pub contact: Contact,
    pub someone_else: bool,
    pub recipient: RecipientFields,
    pub address: Address,
    pub invoice: InvoiceKind,
    pub invoice_fields: InvoiceFields,
    pub separate_invoice_address: bool,
    pub invoice_address: Address,
    pub shipping_method: String,
    /// Signed-in buyers may keep this delivery address (and its recipient) in their address book.
    pub save_address: bool,
    /// The last placement attempt: a retry of the same order reuses its key.
    pub attempt: Option<Attempt>,
}

impl Draft {
    /// Fills the delivery address and recipient from a saved address.
    pub fn apply_saved_address(&mut self, saved: &SavedAddress) {
        self.address = saved.address.clone();
        self.someone_else = self.recipient.apply(&saved.recipient);
    }

    /// The order request this draft describes, for these cart items and the reviewed total.
    pub fn to_request(&self, items: Vec<CartItem>, expected_total: Toman) -> OrderRequest {
        let recipient = self.recipient.recipient(self.someone_else);
        let f = &self.invoice_fields;
        let invoice = match self.invoice {
            InvoiceKind::None => InvoiceIdentity::None,
            InvoiceKind::Individual => {
                InvoiceIdentity::Individual { full_name: f.full_name.clone(), national_code: f.national_code.clone() }
            }
            InvoiceKind::LegalEntity => InvoiceIdentity::LegalEntity {
                company_name: f.company_name.clone(),
                economic_code: f.economic_code.clone(),
                national_id: f.national_id.clone(),
                registration_number: f.registration_number.clone(),
                invoice_address: self.separate_invoice_address.then(|| self.invoice_address.clone()),
            },
        };
        OrderRequest {
            items,
            contact: self.contact.clone(),
            recipient,
            address: self.address.clone(),
            invoice,
            shipping_method: self.shipping_method.clone(),
            expected_total,
            save_address: self.save_address,
        }
    }
}

/// The draft as shared state, written through to sessionStorage on every change; `lens` binds the
/// form's sections to their parts of it.
#[derive(Clone, Copy)]
pub struct DraftStore {
    pub draft: RwSignal<Draft>,
    pub lens: Lens<Draft>,
}

impl DraftStore {
    pub fn load() -> Self {
        let draft = RwSignal::new(read::<Draft>(Store::Session, CHECKOUT_DRAFT_KEY).unwrap_or_default());
        Effect::new(move |_| {
            draft.with(|d| {
                if *d == Draft::default() {
                    remove(Store::Session, CHECKOUT_DRAFT_KEY)
                } else {
                    write(Store::Session, CHECKOUT_DRAFT_KEY, d)
                }
            })
        });
        Self { draft, lens: draft.into() }
    }

    /// Forgets the draft (after the order is placed); an empty draft is not stored.
    pub fn clear(&self) {
        self.draft.set(Draft::default());
    }
}
