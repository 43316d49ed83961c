//! The product page's content: cover, facts, description, and adding to the cart.

use leptos::prelude::*;
use pishkhan_core::{catalog::Product, consent::AnalyticsEvent};

use crate::{
    api::{self, ApiError},
    cart::CartStore,
    common::{LoadError, QuantityInput, SkeletonLines},
    consent::track,
    i18n::{Msg, number, price, use_i18n},
    links::Link,
    routes::Place,
};

#[component]
pub fn ProductView(#[prop(into)] slug: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let product = LocalResource::new(move || {
        let slug = slug.get();
        async move { api::product(&slug).await }
    });
    view! {
        <Transition fallback=|| view! { <div class="product"><div class="product__image skeleton__block"></div><SkeletonLines lines=4 /></div> }>
            {move || Suspend::new(async move {
                match product.await {
                    Ok(p) => view! { <ProductDetails product=p /> }.into_any(),
                    Err(ApiError::NotFound) => view! {
                        <div class="notice">
                            <h1>{move || i18n.t(Msg::ProductNotFound)}</h1>
                            <Link to=Place::Home>{move || i18n.t(Msg::BackToShop)}</Link>
                        </div>
                    }
                        .into_any(),
                    Err(error) => view! { <LoadError error on_retry=move || product.refetch() /> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ProductDetails(product: Product) -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let quantity = RwSignal::new(1u32);
    let added = RwSignal::new(false);
    let Product { summary, description, stock } = product;
    let (id, amount) = (summary.id, summary.price);
    let stock_note = move || match stock {
        0 => i18n.t(Msg::OutOfStock).to_owned(),
        1..=5 => i18n.t(Msg::LowStock).replace("{n}", &number(stock.into(), i18n.locale())),
        _ => i18n.t(Msg::InStock).to_owned(),
    };
    let title = summary.title.clone();
    let quantity_label = Signal::derive(move || format!("{} — {}", i18n.t(Msg::Quantity), title));
    let add = move |_| {
        cart.add(id, quantity.get_untracked(), amount);
        track(AnalyticsEvent::AddedToCart { product_id: id, quantity: quantity.get_untracked() });
        added.set(true);
    };
    view! {
        <article class="product">
            <img class="product__image" src=summary.image_url alt="" width="300" height="400" />
            <div class="product__facts">
                <h1>{summary.title}</h1>
                <p class="product__byline">{summary.byline}</p>
                <p class="product__price">{move || price(amount, i18n.locale())}</p>
                <p class="badge" class:badge--muted=stock == 0>{stock_note}</p>
                {(stock > 0).then(|| view! {
                    <div class="product__buy">
                        <QuantityInput value=quantity on_change=move |n| { quantity.set(n); added.set(false); } label=quantity_label />
                        <button type="button" class="button button--primary" on:click=add>{move || i18n.t(Msg::AddToCart)}</button>
                    </div>
                })}
                <p class="product__added" role="status">
                    <Show when=move || added.get()>
                        {move || i18n.t(Msg::AddedToCart)} " " <Link to=Place::Cart>{move || i18n.t(Msg::ViewCart)}</Link>
                    </Show>
                </p>
                <div class="product__description">
                    {description.split("\n\n").map(|para| view! { <p>{para.to_owned()}</p> }).collect_view()}
                </div>
            </div>
        </article>
    }
}
