//! The address book: saved addresses, each with an optional recipient other than the account holder,
//! one of them the default. The form uses the same recipient and address fields as checkout, and the
//! same rules.

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::{
    account::{AddressInput, SavedAddress},
    checkout::Recipient,
};

use super::feedback::{form_errors, on_outcome};
use crate::{
    api::{self, ApiError},
    common::{
        Attempt, LoadError, SkeletonLines,
        address::{AddressFields, DELIVERY_ADDRESS, RecipientFields, RecipientSection, address_text},
        form::TextField,
    },
    i18n::{Msg, person, use_i18n},
};

#[component]
fn AddressForm(
    saved: Option<SavedAddress>,
    #[prop(into)] on_saved: Callback<()>,
    #[prop(into)] on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = saved.as_ref().map(|s| s.id);
    let mut fields = RecipientFields::default();
    let someone_else = RwSignal::new(saved.as_ref().is_some_and(|s| fields.apply(&s.recipient)));
    let recipient = RwSignal::new(fields);
    let address = RwSignal::new(saved.as_ref().map(|s| s.address.clone()).unwrap_or_default());
    let label = RwSignal::new(saved.as_ref().map(|s| s.label.clone()).unwrap_or_default());
    let is_default = RwSignal::new(saved.as_ref().is_some_and(|s| s.is_default));
    let input = move || AddressInput {
        label: label.get(),
        recipient: recipient.with(|r| r.recipient(someone_else.get())),
        address: address.get(),
        is_default: is_default.get(),
    };
    let errors = form_errors(move || input().validate().err().unwrap_or_default());
    let message = RwSignal::new(None::<Msg>);
    // The same address saved again (a retry) reuses its key; a changed one gets a new key.
    let attempt = StoredValue::new(None::<Attempt>);
    let save = Action::new_local(move |input: &AddressInput| {
        let input = input.clone();
        let next = Attempt::for_request(attempt.read_value().as_ref(), &input);
        attempt.set_value(Some(next.clone()));
        async move { api::account::save_address(id, &input, &next.key).await }
    });
    on_outcome(save, errors, message, move |_| on_saved.run(()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        errors.submitted.set(true);
        if let Ok(valid) = input().validate() {
            save.dispatch(valid);
        }
    };
    view! {
        <form class="account-form form-section" novalidate on:submit=submit>
            <TextField path="label" label=Msg::AddressLabel value=label.into() on_input=Callback::new(move |v| label.set(v)) errors />
            <RecipientSection someone_else recipient errors />
            <fieldset class="form-section">
                <legend>{move || i18n.t(Msg::AddressSection)}</legend>
                <AddressFields address errors paths=&DELIVERY_ADDRESS />
            </fieldset>
            <label class="choice">
                <input type="checkbox" prop:checked=is_default on:change:target=move |ev| is_default.set(ev.target().checked()) />
                {move || i18n.t(Msg::MakeDefault)}
            </label>
            <div class="cart__actions">
                <button type="submit" class="button button--primary" disabled=move || save.pending().get()>{move || i18n.t(Msg::Save)}</button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>{move || i18n.t(Msg::Cancel)}</button>
            </div>
            <p class="form-message" role="alert">{move || message.get().map(|m| i18n.t(m))}</p>
        </form>
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Editing {
    Nothing,
    New,
    Existing(SavedAddress),
}

#[component]
pub fn AddressBook() -> impl IntoView {
    let i18n = use_i18n();
    let addresses = LocalResource::new(api::account::addresses);
    let editing = RwSignal::new(Editing::Nothing);
    let done = move |_| {
        editing.set(Editing::Nothing);
        addresses.refetch();
    };
    // The failed delete keeps its address id: the action's input is cleared once it settles.
    let remove_failed = RwSignal::new(None::<(u32, ApiError)>);
    let remove = Action::new_local(move |id: &u32| {
        let id = *id;
        async move {
            // Already gone (e.g. a lost answer to an earlier try) is what the shopper asked for.
            let result = match api::account::delete_address(id).await {
                Err(ApiError::NotFound) => Ok(()),
                other => other,
            };
            match &result {
                Ok(()) => {
                    remove_failed.set(None);
                    addresses.refetch();
                }
                Err(error) => remove_failed.set(Some((id, error.clone()))),
            }
            result
        }
    });
    let card = move |saved: SavedAddress| {
        let locale = i18n.locale();
        let recipient = match &saved.recipient {
            Recipient::Buyer => None,
            Recipient::SomeoneElse { first_name, last_name, mobile } => Some(person(first_name, last_name, mobile)),
        };
        let (id, for_edit) = (saved.id, saved.clone());
        let delete_label = format!("{} — {}", Msg::DeleteAddress.text(locale), saved.label);
        let edit_label = format!("{} — {}", Msg::EditAddress.text(locale), saved.label);
        view! {
            <li class="saved-address">
                <h3>{saved.label.clone()} {saved.is_default.then(|| view! { " " <span class="badge">{i18n.t(Msg::DefaultAddress)}</span> })}</h3>
                {recipient.map(|r| view! { <p>{i18n.t(Msg::Recipient)} ": " {r}</p> })}
                <p>{address_text(&saved.address, locale)}</p>
                <div class="cart__actions">
                    <button type="button" class="button" aria-label=edit_label on:click=move |_| editing.set(Editing::Existing(for_edit.clone()))>{i18n.t(Msg::EditAddress)}</button>
                    <button type="button" class="button button--quiet" aria-label=delete_label on:click=move |_| {
                        if window().confirm_with_message(Msg::ConfirmDeleteAddress.text(i18n.locale())).unwrap_or(false) {
                            remove.dispatch(id);
                        }
                    }>{i18n.t(Msg::DeleteAddress)}</button>
                </div>
            </li>
        }
    };
    view! {
        <section aria-labelledby="addresses-heading">
            <h2 id="addresses-heading">{move || i18n.t(Msg::AddressBook)}</h2>
            {move || match editing.get() {
                Editing::Nothing => view! {
                    <button type="button" class="button button--primary" on:click=move |_| editing.set(Editing::New)>{move || i18n.t(Msg::AddAddress)}</button>
                }
                    .into_any(),
                Editing::New => view! { <AddressForm saved=None on_saved=done on_cancel=move |_| editing.set(Editing::Nothing) /> }.into_any(),
                Editing::Existing(saved) => view! { <AddressForm saved=Some(saved) on_saved=done on_cancel=move |_| editing.set(Editing::Nothing) /> }.into_any(),
            }}
            {move || remove_failed.get().map(|(id, error)| {
                view! { <LoadError error on_retry=move || { remove.dispatch(id); } /> }
            })}
            <Transition fallback=|| view! { <SkeletonLines /> }>
                {move || Suspend::new(async move {
                    match addresses.await {
                        Ok(list) if list.is_empty() => view! { <p>{move || i18n.t(Msg::NoAddresses)}</p> }.into_any(),
                        Ok(list) => view! { <ul class="saved-addresses">{list.into_iter().map(card).collect_view()}</ul> }.into_any(),
                        Err(error) => view! { <LoadError error on_retry=move || addresses.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
