//! The notice shown when the shop could not record a consent receipt: the choice is in force in
//! this browser either way; the retry sends the pending receipt again.

use leptos::prelude::*;

use super::ConsentStore;
use crate::{common::LoadError, i18n::Msg};

#[component]
pub fn ConsentReceiptNotice() -> impl IntoView {
    let store = ConsentStore::use_store();
    move || {
        store.receipt_failed.get().map(|error| {
            view! { <LoadError error on_retry=move || store.send_pending_receipt() reassurance=Msg::ConsentReceiptFailed /> }
        })
    }
}
