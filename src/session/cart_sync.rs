//! Keeps a signed-in shopper's cart and the account's cart on the server the same, without ever
//! losing a change: the guest cart is merged only at a real sign-in; nothing is uploaded until the
//! account's cart has been read; one save is in flight at a time and only the newest change waits
//! behind it; a failed load or save is shown with a retry.

use leptos::{prelude::*, task::spawn_local};
use pishkhan_core::cart::{Cart, CartItem};

use crate::{
    api::{self, ApiError},
    cart::CartStore,
    common::LoadError,
    i18n::Msg,
    storage::{Store, read, remove, write},
};

/// Set while a change of a signed-in cart has not been confirmed by the server, so a reload (or a
/// browser closed mid-save) uploads this browser's cart instead of replacing it. Holds no data.
const UNSAVED_KEY: &str = "pishkhan.cart-unsaved.v1";
/// Set while the stored cart is an account's, so that finding no session at start means the session
/// ended elsewhere and the account's cart must not stay behind. Holds no data.
const ACCOUNT_CART_KEY: &str = "pishkhan.cart-is-account.v1";

/// Where the account's cart stands, for the notice that explains a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncState {
    /// Signed out, or the account's cart matches this browser's.
    Idle,
    Loading,
    Saving,
    /// The account's cart could not be read; nothing is uploaded until a retry reads it.
    LoadFailed(ApiError),
    /// The newest change did not reach the account; it is kept here and sent again on retry.
    SaveFailed(ApiError),
}

#[derive(Debug, Clone, Copy)]
pub struct CartSync {
    cart: CartStore,
    pub state: RwSignal<SyncState>,
    /// What the server holds, once read; `None` while signed out or before the first read.
    server: StoredValue<Option<Vec<CartItem>>>,
    in_flight: StoredValue<bool>,
    /// The newest change that arrived while a save was in flight.
    waiting: StoredValue<Option<Vec<CartItem>>>,
    /// Whether the last attach merged the guest cart (a retry of a failed load does the same).
    merge: StoredValue<bool>,
    /// Told when the server says the session ended.
    on_session_ended: StoredValue<Option<Callback<()>>>,
    /// The stored cart as this page found it: a cart that differs when the account's is read was
    /// changed here meanwhile (while the read was slow or failed), and is kept.
    found: StoredValue<Vec<CartItem>>,
}

impl CartSync {
    /// Starts watching the cart: every change while attached is saved to the account.
    pub fn new(cart: CartStore) -> Self {
        let sync = Self {
            cart,
            state: RwSignal::new(SyncState::Idle),
            server: StoredValue::new(None),
            in_flight: StoredValue::new(false),
            waiting: StoredValue::new(None),
            merge: StoredValue::new(false),
            on_session_ended: StoredValue::new(None),
            found: StoredValue::new(cart.items_untracked()),
        };
        Effect::new(move |_| {
            let items = cart.items();
            if sync.server.with_value(|server| server.as_ref().is_some_and(|s| s != &items)) {
                sync.save(items);
            }
        });
        sync
    }

    pub fn on_session_ended(&self, callback: Callback<()>) {
        self.on_session_ended.set_value(Some(callback));
    }

    /// Reads the account's cart. At a sign-in (`merge_guest`) the guest cart is merged into it;
    /// when the app starts with a session, the account's cart replaces the stored copy, unless this
    /// browser holds a change the server never confirmed (a save that failed or never finished, or
    /// a change made while the read was under way or had failed): that cart is then uploaded.
    pub async fn attach(&self, merge_guest: bool) {
        self.merge.set_value(merge_guest);
        self.server.set_value(None);
        self.state.set(SyncState::Loading);
        let account = match api::account::account_cart().await {
            Ok(items) => items,
            Err(error) => return self.failed(error, SyncState::LoadFailed),
        };
        let local = self.cart.snapshot();
        let unsaved = read::<bool>(Store::Local, UNSAVED_KEY).unwrap_or(false)
            || self.found.with_value(|found| found.as_slice() != local.items());
        let next = if merge_guest {
            Cart::from_items(account.clone()).merged(&local)
        } else if unsaved {
            local
        } else {
            Cart::from_items(account.clone())
        };
        self.state.set(SyncState::Idle);
        write(Store::Local, ACCOUNT_CART_KEY, &true);
        // Attached from here: replacing the cart saves it if it differs from the server's.
        self.server.set_value(Some(account));
        self.cart.replace(next);
    }

    /// Stops saving (signed out): later changes stay in this browser only.
    pub fn detach(&self) {
        self.server.set_value(None);
        self.waiting.set_value(None);
        remove(Store::Local, UNSAVED_KEY);
        remove(Store::Local, ACCOUNT_CART_KEY);
        self.state.set(SyncState::Idle);
    }

    /// Whether the stored cart was an account's when this browser last ran.
    pub fn holds_account_cart() -> bool {
        read::<bool>(Store::Local, ACCOUNT_CART_KEY).unwrap_or(false)
    }

    /// Tries again whatever failed: the read of the account's cart, or the newest save.
    pub fn retry(&self) {
        let this = *self;
        match self.state.get_untracked() {
            SyncState::LoadFailed(_) => spawn_local(async move { this.attach(this.merge.get_value()).await }),
            SyncState::SaveFailed(_) => self.save(self.cart.items_untracked()),
            _ => {}
        }
    }

    fn save(&self, items: Vec<CartItem>) {
        write(Store::Local, UNSAVED_KEY, &true);
        if self.in_flight.get_value() {
            self.waiting.set_value(Some(items));
            return;
        }
        self.in_flight.set_value(true);
        self.state.set(SyncState::Saving);
        let this = *self;
        spawn_local(async move {
            let mut items = items;
            loop {
                let result = api::account::save_account_cart(&items).await;
                // Signed out meanwhile: nothing more to do.
                if this.server.with_value(Option::is_none) {
                    this.in_flight.set_value(false);
                    return;
                }
                // A newer change supersedes this one, whether it was saved or not.
                if let Some(next) = this.waiting.try_update_value(Option::take).flatten() {
                    items = next;
                    continue;
                }
                this.in_flight.set_value(false);
                match result {
                    Ok(saved) => {
                        this.server.set_value(Some(saved));
                        remove(Store::Local, UNSAVED_KEY);
                        this.state.set(SyncState::Idle);
                    }
                    Err(error) => this.failed(error, SyncState::SaveFailed),
                }
                return;
            }
        });
    }

    fn failed(&self, error: ApiError, state: fn(ApiError) -> SyncState) {
        if error.is_session_ended() {
            if let Some(ended) = self.on_session_ended.get_value() {
                ended.run(());
            }
            return;
        }
        self.state.set(state(error));
    }
}

/// Says when the account's cart could not be read or saved, with a retry; silent otherwise.
#[component]
pub fn CartSyncNotice() -> impl IntoView {
    let sync = super::Session::use_session().cart_sync;
    move || {
        let (error, kept) = match sync.state.get() {
            SyncState::LoadFailed(error) => (error, Msg::CartLoadFailed),
            SyncState::SaveFailed(error) => (error, Msg::CartSaveFailed),
            _ => return None,
        };
        Some(view! { <LoadError error on_retry=move || sync.retry() reassurance=kept /> })
    }
}
