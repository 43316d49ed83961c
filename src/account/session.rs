//! Who is signed in. The session itself is an httpOnly cookie the backend sets; the storefront only
//! keeps the profile it was shown. Signing in merges the guest cart into the account's cart, and a
//! signed-in cart is saved to the account so it follows the shopper to another browser.

use leptos::{prelude::*, task::spawn_local};
use pishkhan_core::{account::Me, cart::Cart};

use crate::{
    api::{self, ApiError},
    cart::CartStore,
};

#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// Whether the backend has been asked who is signed in yet.
    pub known: RwSignal<bool>,
    /// A message for the signed-out view, e.g. that the account was deleted.
    pub notice: RwSignal<Option<crate::i18n::Msg>>,
}

impl Session {
    pub fn provide() -> Self {
        let session = Self { me: RwSignal::new(None), known: RwSignal::new(false), notice: RwSignal::new(None) };
        provide_context(session);
        let cart = CartStore::use_store();
        spawn_local(async move {
            if let Ok(me) = api::account::me().await {
                session.signed_in(me, cart).await;
            }
            session.known.set(true);
        });
        // Every change of a signed-in cart is saved to the account (profile edits do not count).
        let signed_in = Memo::new(move |_| session.me.with(Option::is_some));
        Effect::new(move |previous: Option<()>| {
            let items = cart.items();
            let signed_in = signed_in.get();
            if previous.is_some() && signed_in {
                spawn_local(async move {
                    let _ = api::account::save_account_cart(&items).await;
                });
            }
        });
        session
    }

    pub fn use_session() -> Self {
        expect_context::<Self>()
    }

    /// After a successful sign-in: remember the profile and bring the guest cart into the account's.
    pub async fn signed_in(&self, me: Me, cart: CartStore) {
        let guest = cart.snapshot();
        if let Ok(items) = api::account::account_cart().await {
            let merged = Cart::from_items(items).merged(&guest);
            cart.replace(merged.clone());
            let _ = api::account::save_account_cart(merged.items()).await;
        }
        self.me.set(Some(me));
    }

    /// Ends the session on the server and forgets the account's cart in this browser.
    pub async fn sign_out(&self, cart: CartStore) -> Result<(), ApiError> {
        api::account::sign_out().await?;
        self.forget(cart);
        Ok(())
    }

    /// Forgets the signed-in state locally (after sign-out or account deletion): the account's cart,
    /// and the checkout draft and last order this tab kept, so the next person at this browser sees
    /// nothing of the account.
    pub fn forget(&self, cart: CartStore) {
        self.me.set(None);
        cart.clear();
        crate::checkout::forget_tab_data();
    }
}
