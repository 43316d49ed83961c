//! The cart page: lines priced by the backend, with notices for changed prices and stock, and a total.
//! When pricing fails the cart is untouched and a retry is offered.

use leptos::prelude::*;
use pishkhan_core::cart::CartQuote;

use super::{CartStore, line::CartLine, state::note_quoted_prices};
use crate::{
    api::{self, ApiError},
    common::LoadError,
    i18n::{Msg, price, use_i18n},
    links::Link,
    routes::Place,
};

#[component]
pub fn CartView() -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let quote = LocalResource::new(move || {
        let request = cart.quote_request();
        async move { api::quote(&request).await }
    });
    // The last good quote stays on screen while a new one loads, and its lines keep their DOM
    // (keyed by product), so the −/+ button a shopper is pressing keeps focus.
    let shown = RwSignal::new(None::<CartQuote>);
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| match quote.get() {
        Some(Ok(q)) => {
            note_quoted_prices(&q);
            failure.set(None);
            shown.set(Some(q));
        }
        Some(Err(error)) => failure.set(Some(error)),
        None => {}
    });
    view! {
        <section class="cart" aria-labelledby="cart-heading">
            <h1 id="cart-heading">{move || i18n.t(Msg::CartTitle)}</h1>
            <Show when=move || { cart.unit_count() > 0 } fallback=EmptyCart>
                {move || failure.get().map(|error| view! {
                    <LoadError error on_retry=move || quote.refetch() reassurance=Msg::CartKept />
                })}
                <Show
                    when=move || shown.with(Option::is_some)
                    fallback=move || failure.with(Option::is_none).then(|| view! { <CartSkeleton lines=cart.items_untracked().len() /> })
                >
                    <QuotedCart quote=shown />
                </Show>
            </Show>
        </section>
    }
}

/// The cart while its prices load: a placeholder of a line's size for each line, then the total and the
/// buttons, so nothing below moves when the quote arrives.
#[component]
fn CartSkeleton(lines: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div aria-busy="true">
            <span class="visually-hidden" role="status">{move || i18n.t(Msg::Loading)}</span>
            <ul class="cart__lines" aria-hidden="true">
                {(0..lines)
                    .map(|_| {
                        view! {
                            <li class="cart-line skeleton">
                                <div class="cart-line__image skeleton__block"></div>
                                <div>
                                    <div class="skeleton__line"></div>
                                    <div class="skeleton__line skeleton__line--short"></div>
                                </div>
                                <div class="cart-line__actions skeleton__control"></div>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <p class="cart__total" aria-hidden="true"><span>{move || i18n.t(Msg::Subtotal)}</span></p>
            <div class="cart__actions skeleton__control" aria-hidden="true"></div>
        </div>
    }
}

/// What an empty cart shows, on the cart page and at checkout.
#[component]
pub fn EmptyCart() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{move || i18n.t(Msg::CartEmpty)}</p>
        <Link to=Place::Home class="button">{move || i18n.t(Msg::ContinueShopping)}</Link>
    }
}

#[component]
fn QuotedCart(quote: RwSignal<Option<CartQuote>>) -> impl IntoView {
    let i18n = use_i18n();
    let ids = move || {
        quote.with(|q| q.as_ref().map(|q| q.lines.iter().map(|l| l.product_id).collect::<Vec<_>>()).unwrap_or_default())
    };
    let line = move |id: u32| {
        Signal::derive(move || {
            quote.with(|q| q.as_ref().and_then(|q| q.lines.iter().find(|l| l.product_id == id).cloned()))
        })
    };
    let subtotal = move || quote.with(|q| q.as_ref().map(|q| q.subtotal).unwrap_or_default());
    view! {
        <ul class="cart__lines" aria-label=move || i18n.t(Msg::CartLines)>
            <For each=ids key=|id| *id let:id>
                <li><CartLine line=line(id) /></li>
            </For>
        </ul>
        <p class="cart__total">
            <span>{move || i18n.t(Msg::Subtotal)}</span>
            " "
            <strong data-testid="cart-subtotal">{move || price(subtotal(), i18n.locale())}</strong>
        </p>
        <div class="cart__actions">
            <Link to=Place::Checkout class="button button--primary">{move || i18n.t(Msg::Checkout)}</Link>
            <Link to=Place::Home class="button">{move || i18n.t(Msg::ContinueShopping)}</Link>
        </div>
    }
}
