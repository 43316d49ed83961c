//! Links to the previous and next page of a listing; real links, so they can be opened and shared.

use leptos::prelude::*;

use crate::i18n::{Msg, number, use_i18n};

#[component]
pub fn Pagination(current: u32, pages: u32, href: Callback<u32, String>) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || {
        let locale = i18n.locale();
        i18n.t(Msg::PageOf)
            .replace("{n}", &number(current.into(), locale))
            .replace("{total}", &number(pages.into(), locale))
    };
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=move || i18n.t(Msg::Pagination)>
                {(current > 1).then(|| view! { <a class="button" rel="prev" href=href.run(current - 1)>{move || i18n.t(Msg::PreviousPage)}</a> })}
                <span aria-current="page">{label}</span>
                {(current < pages).then(|| view! { <a class="button" rel="next" href=href.run(current + 1)>{move || i18n.t(Msg::NextPage)}</a> })}
            </nav>
        }
    })
}
