//! The account area. Router-free: the router says which section to show; signed out, it shows
//! sign-in instead.

use leptos::{prelude::*, task::spawn_local};

use super::{
    addresses::AddressBook,
    contacts::{EmailChangeForm, MobileChangeForm, PasswordForm},
    my_data::MyData,
    orders::{OrderDetail, OrdersList},
    profile::ProfileForm,
    proof::{Proof, ProofPanel},
    sign_in::SignInView,
};
use crate::{
    common::{LoadError, SkeletonLines},
    i18n::{Msg, use_i18n},
    links::Link,
    routes::Place,
    session::Session,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountSection {
    Profile,
    Addresses,
    Orders,
    Order(String),
    Data,
}

#[component]
fn AccountNav() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let link =
        move |to: Place, label: Msg| view! { <Link to class="button button--quiet">{move || i18n.t(label)}</Link> };
    let failed = RwSignal::new(false);
    let sign_out = move |_| {
        failed.set(false);
        spawn_local(async move { failed.set(session.sign_out().await.is_err()) });
    };
    view! {
        <nav class="account-nav" aria-label=move || i18n.t(Msg::AccountTitle)>
            {link(Place::Account, Msg::ProfileSection)}
            {link(Place::AccountAddresses, Msg::AddressBook)}
            {link(Place::AccountOrders, Msg::MyOrders)}
            {link(Place::AccountData, Msg::MyData)}
            <button type="button" class="button" on:click=sign_out>{move || i18n.t(Msg::SignOut)}</button>
        </nav>
        <Show when=move || failed.get()>
            <p class="load-error" role="alert">{move || i18n.t(Msg::SignOutFailed)}</p>
        </Show>
    }
}

#[component]
pub fn AccountView(#[prop(into)] section: Signal<AccountSection>) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    // Re-render on signing in or out, not on every profile change (forms keep their messages).
    let signed_in = Memo::new(move |_| session.me.with(Option::is_some));
    move || {
        if !session.known.get() {
            return view! { <SkeletonLines lines=4 /> }.into_any();
        }
        if let Some(error) = session.check_failed.get() {
            return view! { <LoadError error on_retry=move || session.check() /> }.into_any();
        }
        if !signed_in.get() {
            return view! { <SignInView /> }.into_any();
        }
        let Some(me) = session.me.get_untracked() else { return view! { <SignInView /> }.into_any() };
        let content = match section.get() {
            AccountSection::Profile => {
                // one proof state for the panel and the three forms it unlocks
                Proof::provide();
                view! {
                    <ProfileForm me=me.clone() />
                    <ProofPanel />
                    <section class="form-section" aria-labelledby="contacts-heading">
                        <h2 id="contacts-heading">{move || i18n.t(Msg::ContactsSection)}</h2>
                        <MobileChangeForm />
                        <EmailChangeForm />
                    </section>
                    <section class="form-section" aria-labelledby="password-heading">
                        <h2 id="password-heading">{move || i18n.t(Msg::PasswordSection)}</h2>
                        <PasswordForm />
                    </section>
                }
                .into_any()
            }
            AccountSection::Addresses => view! { <AddressBook /> }.into_any(),
            AccountSection::Orders => view! { <OrdersList /> }.into_any(),
            AccountSection::Order(number) => view! { <OrderDetail number=number /> }.into_any(),
            AccountSection::Data => view! { <MyData /> }.into_any(),
        };
        view! {
            <section class="account" aria-labelledby="account-heading">
                <h1 id="account-heading">{move || i18n.t(Msg::AccountTitle)}</h1>
                <AccountNav />
                {content}
            </section>
        }
        .into_any()
    }
}
