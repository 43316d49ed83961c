//! Browser storage helpers: JSON in localStorage (survives restarts) or sessionStorage (this tab only).
//! Callers decide what goes where; nothing personal may go to localStorage.

use serde::{Serialize, de::DeserializeOwned};

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
