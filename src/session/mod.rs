//! Who is signed in: app-wide state, like the cart. The session itself is an httpOnly cookie the
//! backend sets; the storefront only keeps the profile it was shown. Signing in merges the guest
//! cart into the account's cart, and a signed-in cart is saved to the account so it follows the
//! shopper to another browser. Ending a session forgets what the tab kept (`storage::forget_tab_data`).

mod cart_sync;

use leptos::{prelude::*, task::spawn_local};
use pishkhan_core::account::Me;

use cart_sync::CartSync;
pub use cart_sync::CartSyncNotice;

use crate::{
    api::{self, ApiError},
    cart::CartStore,
    i18n::Msg,
    storage,
};

#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub me: RwSignal<Option<Me>>,
    /// Whether the backend has been asked who is signed in yet.
    pub known: RwSignal<bool>,
    /// A message for the signed-out view, e.g. that the account was deleted.
    pub notice: RwSignal<Option<Msg>>,
    /// Why the backend could not say who is signed in (offline, a failure): the account area offers
    /// a retry rather than a sign-in form that may not be needed.
    pub check_failed: RwSignal<Option<ApiError>>,
    /// The account's copy of the cart.
    pub cart_sync: CartSync,
    cart: CartStore,
}

impl Session {
    pub fn provide() -> Self {
        let cart = CartStore::use_store();
        let session = Self {
            me: RwSignal::new(None),
            known: RwSignal::new(false),
            notice: RwSignal::new(None),
            check_failed: RwSignal::new(None),
            cart_sync: CartSync::new(cart),
            cart,
        };
        session.cart_sync.on_session_ended(Callback::new(move |()| session.ended()));
        provide_context(session);
        session.check();
        session
    }

    /// Asks the backend who is signed in (at start, and again on the shopper's retry).
    pub fn check(&self) {
        let session = *self;
        session.known.set(false);
        session.check_failed.set(None);
        spawn_local(async move {
            match api::account::me().await {
                Ok(me) => {
                    // Already signed in: the account's cart is the one to show, nothing is merged.
                    session.me.set(Some(me));
                    session.cart_sync.attach(false).await;
                }
                // The stored cart is an account's whose session has ended since.
                Err(ApiError::Unauthorized(_)) if CartSync::holds_account_cart() => session.ended(),
                Err(ApiError::Unauthorized(_)) => {}
                Err(error) => session.check_failed.set(Some(error)),
            }
            session.known.set(true);
        });
    }

    pub fn use_session() -> Self {
        expect_context::<Self>()
    }

    /// After a successful sign-in: remember the profile and bring the guest cart into the account's.
    pub async fn signed_in(&self, me: Me) {
        self.me.set(Some(me));
        self.cart_sync.attach(true).await;
    }

    /// Ends the session on the server and forgets the account's cart in this browser.
    pub async fn sign_out(&self) -> Result<(), ApiError> {
        api::account::sign_out().await?;
        self.forget();
        Ok(())
    }

    /// The server says the session is over (expired, or ended elsewhere): forget it here exactly as
    /// signing out does, and tell the shopper why the sign-in form is back.
    pub fn ended(&self) {
        self.notice.set(Some(Msg::SessionEnded));
        self.forget();
    }

    /// Forgets the signed-in state locally (after sign-out, account deletion or an ended session):
    /// the account's cart, and what this tab kept about the shopper (the checkout draft and last
    /// order), so the next person at this browser sees nothing of the account.
    pub fn forget(&self) {
        self.cart_sync.detach();
        self.me.set(None);
        self.cart.clear();
        storage::forget_tab_data();
    }
}
