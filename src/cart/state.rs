//! The cart's state: product ids and quantities in localStorage (survives reload and restart), plus the
//! unit prices the shopper last saw in sessionStorage, so the cart can say when a price changed.

use std::collections::BTreeMap;

use leptos::prelude::*;
use pishkhan_core::{
    Toman,
    cart::{Cart, CartItem, CartQuote, QuoteItem, QuoteRequest},
};

use crate::storage::{Store, read, write};

const CART_KEY: &str = "pishkhan.cart.v1";
const SEEN_PRICES_KEY: &str = "pishkhan.seen-prices.v1";

type SeenPrices = BTreeMap<u32, i64>;

/// The shared cart. Every change is written through to localStorage at once.
#[derive(Debug, Clone, Copy)]
pub struct CartStore {
    cart: RwSignal<Cart>,
    /// Written through to localStorage; not in the embedded checkout, whose cart is the widget's
    /// and must never replace the one the shopper keeps on the shop's own site.
    saved: bool,
}

impl CartStore {
    /// Loads the stored cart (repairing it if it was edited by hand) and provides it as context.
    pub fn provide() -> Self {
        let stored: Vec<CartItem> = read(Store::Local, CART_KEY).unwrap_or_default();
        let store = Self { cart: RwSignal::new(Cart::from_items(stored)), saved: true };
        provide_context(store);
        store
    }

    /// An empty cart kept in this page's memory only (the embedded checkout's).
    pub fn provide_unsaved() -> Self {
        let store = Self { cart: RwSignal::new(Cart::default()), saved: false };
        provide_context(store);
        store
    }

    pub fn use_store() -> Self {
        expect_context::<Self>()
    }

    fn change(&self, f: impl FnOnce(&mut Cart)) {
        self.cart.update(f);
        if self.saved {
            self.cart.with_untracked(|cart| write(Store::Local, CART_KEY, cart));
        }
    }

    /// Adds units, remembering the price the shopper saw on the product page.
    pub fn add(&self, product_id: u32, quantity: u32, seen_price: Toman) {
        note_seen_price(product_id, seen_price);
        self.change(|cart| {
            cart.add(product_id, quantity);
        });
    }

    pub fn set_quantity(&self, product_id: u32, quantity: u32) {
        self.change(|cart| {
            cart.set_quantity(product_id, quantity);
        });
    }

    pub fn remove(&self, product_id: u32) {
        self.change(|cart| cart.remove(product_id));
    }

    /// The cart as it is now (untracked).
    pub fn snapshot(&self) -> Cart {
        self.cart.get_untracked()
    }

    /// Replaces the cart, e.g. with the account's cart merged at sign-in.
    pub fn replace(&self, cart: Cart) {
        self.change(|current| *current = cart);
    }

    /// Empties the cart (after an order is placed).
    pub fn clear(&self) {
        self.change(|cart| *cart = Cart::default());
    }

    pub fn items(&self) -> Vec<CartItem> {
        self.cart.with(|c| c.items().to_vec())
    }

    pub fn items_untracked(&self) -> Vec<CartItem> {
        self.cart.with_untracked(|c| c.items().to_vec())
    }

    pub fn unit_count(&self) -> u32 {
        self.cart.with(Cart::unit_count)
    }

    /// The request that prices this cart, carrying the prices the shopper saw.
    pub fn quote_request(&self) -> QuoteRequest {
        let seen: SeenPrices = read(Store::Session, SEEN_PRICES_KEY).unwrap_or_default();
        QuoteRequest {
            items: self
                .items()
                .into_iter()
                .map(|i| QuoteItem {
                    product_id: i.product_id,
                    quantity: i.quantity,
                    seen_unit_price: seen.get(&i.product_id).copied().map(Toman),
                })
                .collect(),
        }
    }
}

fn note_seen_price(product_id: u32, price: Toman) {
    let mut seen: SeenPrices = read(Store::Session, SEEN_PRICES_KEY).unwrap_or_default();
    seen.insert(product_id, price.0);
    write(Store::Session, SEEN_PRICES_KEY, &seen);
}

/// After a quote has been shown, its prices are the ones the shopper has seen.
pub fn note_quoted_prices(quote: &CartQuote) {
    let mut seen: SeenPrices = read(Store::Session, SEEN_PRICES_KEY).unwrap_or_default();
    for line in &quote.lines {
        if let Some(product) = &line.product {
            seen.insert(line.product_id, product.unit_price.0);
        }
    }
    write(Store::Session, SEEN_PRICES_KEY, &seen);
}
