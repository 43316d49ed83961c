//! For a signed-in buyer: fill the delivery address from the address book, prefill the contact from
//! the profile, and offer to save a new address. A guest sees none of this.

use leptos::prelude::*;
use pishkhan_core::{account::SavedAddress, checkout::Contact};

use crate::{
    api,
    checkout::draft::DraftStore,
    i18n::{Msg, use_i18n},
    session::Session,
};

fn apply(store: DraftStore, saved: &SavedAddress) {
    store.draft.update(|d| d.apply_saved_address(saved));
}

#[component]
pub fn SavedAddressPicker(store: DraftStore) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let signed_in = move || session.me.with(Option::is_some);
    let addresses = LocalResource::new(move || {
        let signed_in = signed_in();
        async move { if signed_in { api::account::addresses().await.unwrap_or_default() } else { Vec::new() } }
    });
    // An empty contact is filled from the profile once; the default address fills an empty address.
    Effect::new(move |_| {
        let Some(me) = session.me.get() else { return };
        store.draft.update(|d| {
            if d.contact == Contact::default() {
                d.contact =
                    Contact { first_name: me.first_name, last_name: me.last_name, mobile: me.mobile, email: me.email };
            }
        });
    });
    Effect::new(move |_| {
        let list = addresses.get().unwrap_or_default();
        if let Some(default) = list.iter().find(|a| a.is_default)
            && store.draft.with_untracked(|d| d.address.province.is_empty() && d.address.street.is_empty())
        {
            apply(store, default);
        }
    });
    move || {
        let list = addresses.get().unwrap_or_default();
        (!list.is_empty()).then(|| {
            let options = list.clone();
            view! {
                <div class="field">
                    <label class="field__label" for="saved-address">{move || i18n.t(Msg::UseSavedAddress)}</label>
                    <select
                        id="saved-address"
                        on:change:target=move |ev| {
                            let id: Option<u32> = ev.target().value().parse().ok();
                            if let Some(saved) = id.and_then(|id| list.iter().find(|a| a.id == id)) {
                                apply(store, saved);
                            }
                        }
                    >
                        <option value="">{move || i18n.t(Msg::ChooseOne)}</option>
                        {options.into_iter().map(|a| view! { <option value=a.id.to_string()>{a.label}</option> }).collect_view()}
                    </select>
                </div>
            }
        })
    }
}

#[component]
pub fn SaveAddressChoice(store: DraftStore) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    view! {
        <Show when=move || session.me.with(Option::is_some)>
            <label class="choice">
                <input
                    type="checkbox"
                    prop:checked=move || store.draft.with(|d| d.save_address)
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        store.draft.update(|d| d.save_address = on);
                    }
                />
                {move || i18n.t(Msg::SaveThisAddress)}
            </label>
        </Show>
    }
}
