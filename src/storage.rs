//! Browser storage helpers: JSON in localStorage (survives restarts) or sessionStorage (this tab only).
//! Callers decide what goes where; nothing personal may go to localStorage. What a tab keeps about
//! the shopper is forgotten here when their session ends: the sessionStorage keys that hold it are
//! listed here (they outlast a reload), and features register what they keep in page memory.

use std::{cell::RefCell, collections::BTreeMap};

use serde::{Serialize, de::DeserializeOwned};

/// The checkout form as typed so far, in sessionStorage. Its key is listed here because it outlasts a
/// reload: ending a session forgets it even if checkout has not been opened since.
pub const CHECKOUT_DRAFT_KEY: &str = "pishkhan.checkout-draft.v1";

/// The sessionStorage keys that hold personal data of the shopper in this tab.
const TAB_DATA_KEYS: [&str; 1] = [CHECKOUT_DRAFT_KEY];

thread_local! {
    /// How to forget personal data a feature keeps in page memory, by name, registered once it holds some.
    static IN_MEMORY: RefCell<BTreeMap<&'static str, fn()>> = const { RefCell::new(BTreeMap::new()) };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Local,
    Session,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match store {
        Store::Local => window.local_storage().ok().flatten(),
        Store::Session => window.session_storage().ok().flatten(),
    }
}

/// The value under `key`, or `None` when absent, unreadable or of another shape.
pub fn read<T: DeserializeOwned>(store: Store, key: &str) -> Option<T> {
    let raw = storage(store)?.get_item(key).ok()??;
    serde_json::from_str(&raw).ok()
}

/// Stores `value` under `key`; storage that is full or blocked is ignored (the app keeps working in memory).
pub fn write<T: Serialize>(store: Store, key: &str, value: &T) {
    if let (Some(s), Ok(raw)) = (storage(store), serde_json::to_string(value)) {
        let _ = s.set_item(key, &raw);
    }
}

pub fn read_text(store: Store, key: &str) -> Option<String> {
    storage(store)?.get_item(key).ok()?
}

pub fn write_text(store: Store, key: &str, value: &str) {
    if let Some(s) = storage(store) {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(store: Store, key: &str) {
    if let Some(s) = storage(store) {
        let _ = s.remove_item(key);
    }
}

/// Registers how to forget personal data kept in page memory under `name` (again is harmless): call it
/// when the data is first kept, so it is forgotten with the rest of the tab's data.
pub fn forget_with_tab_data(name: &'static str, forget: fn()) {
    IN_MEMORY.with(|m| m.borrow_mut().insert(name, forget));
}

/// Forgets what this tab keeps about the shopper (at sign-out, account deletion or an ended session),
/// so the next person at this browser sees none of it.
pub fn forget_tab_data() {
    for key in TAB_DATA_KEYS {
        remove(Store::Session, key);
    }
    let forgetters: Vec<fn()> = IN_MEMORY.with(|m| m.borrow().values().copied().collect());
    for forget in forgetters {
        forget();
    }
}
