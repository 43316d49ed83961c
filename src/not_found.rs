//! The page for addresses the shop does not have.

use leptos::prelude::*;

use crate::{
    i18n::{Msg, use_i18n},
    links::Link,
    routes::Place,
};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundBody)}</p>
            <Link to=Place::Home class="button">{move || i18n.t(Msg::BackToShop)}</Link>
        </section>
    }
}
