//! The page for addresses the shop does not have.

use leptos::prelude::*;

use crate::{
    i18n::{Msg, use_i18n},
    routes,
};

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="notice">
            <h1>{move || i18n.t(Msg::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Msg::NotFoundBody)}</p>
            <a class="button" href=routes::HOME>{move || i18n.t(Msg::BackToShop)}</a>
        </section>
    }
}
