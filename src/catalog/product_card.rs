//! One product in a listing: cover, title, byline, price and stock.

use leptos::prelude::*;
use pishkhan_core::catalog::ProductSummary;

use crate::{
    i18n::{Msg, price, use_i18n},
    links::Link,
    routes::Place,
};

#[component]
pub fn ProductCard(product: ProductSummary) -> impl IntoView {
    let i18n = use_i18n();
    let amount = product.price;
    view! {
        <article class="product-card">
            <Link to=Place::Product(product.slug) class="product-card__link">
                <img class="product-card__image" src=product.image_url alt="" width="300" height="400" loading="lazy" />
                <h2 class="product-card__title">{product.title}</h2>
            </Link>
            <p class="product-card__byline">{product.byline}</p>
            <p class="product-card__price">{move || price(amount, i18n.locale())}</p>
            {(!product.in_stock).then(|| view! { <p class="badge badge--muted">{move || i18n.t(Msg::OutOfStock)}</p> })}
        </article>
    }
}
