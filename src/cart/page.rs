//! The cart page: lines priced by the backend, with notices for changed prices and stock, and a total.
//! When pricing fails the cart is untouched and a retry is offered.

use leptos::prelude::*;
use pishkhan_core::cart::CartQuote;

use super::{CartStore, line::CartLine, state::note_quoted_prices};
use crate::{
    api,
    common::{LoadError, SkeletonLines},
    i18n::{Msg, price, use_i18n},
    routes,
};

#[component]
pub fn CartView() -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let quote = LocalResource::new(move || {
        let request = cart.quote_request();
        async move { api::quote(&request).await }
    });
    view! {
        <section class="cart" aria-labelledby="cart-heading">
            <h1 id="cart-heading">{move || i18n.t(Msg::CartTitle)}</h1>
            <Show
                when=move || { cart.unit_count() > 0 }
                fallback=EmptyCart
            >
                <Transition fallback=|| view! { <SkeletonLines lines=4 /> }>
                    {move || Suspend::new(async move {
                        match quote.await {
                            Ok(q) => {
                                note_quoted_prices(&q);
                                view! { <QuotedCart quote=q /> }.into_any()
                            }
                            Err(error) => view! {
                                <LoadError error on_retry=move || quote.refetch() reassurance=Msg::CartKept />
                            }
                                .into_any(),
                        }
                    })}
                </Transition>
            </Show>
        </section>
    }
}

/// What an empty cart shows, on the cart page and at checkout.
#[component]
pub fn EmptyCart() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{move || i18n.t(Msg::CartEmpty)}</p>
        <a class="button" href="/">{move || i18n.t(Msg::ContinueShopping)}</a>
    }
}

#[component]
fn QuotedCart(quote: CartQuote) -> impl IntoView {
    let i18n = use_i18n();
    let subtotal = quote.subtotal;
    view! {
        <ul class="cart__lines" aria-label=move || i18n.t(Msg::CartLines)>
            {quote.lines.into_iter().map(|line| view! { <li><CartLine line /></li> }).collect_view()}
        </ul>
        <p class="cart__total">
            <span>{move || i18n.t(Msg::Subtotal)}</span>
            " "
            <strong data-testid="cart-subtotal">{move || price(subtotal, i18n.locale())}</strong>
        </p>
        <div class="cart__actions">
            <a class="button button--primary" href=routes::CHECKOUT>{move || i18n.t(Msg::Checkout)}</a>
            <a class="button" href="/">{move || i18n.t(Msg::ContinueShopping)}</a>
        </div>
    }
}
