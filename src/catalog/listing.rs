//! The product listing. Router-free: it gets the query and reports a new one through a callback.

use leptos::prelude::*;
use pishkhan_core::catalog::ProductQuery;

use super::{
    filters::{CatalogFilters, Categories},
    pagination::Pagination,
    product_card::ProductCard,
};
use crate::{
    api,
    common::{LoadError, SkeletonGrid},
    i18n::{Msg, fill_auto, number, use_i18n},
};

#[component]
pub fn CatalogView(
    #[prop(into)] query: Signal<ProductQuery>,
    /// Called with the query the shopper asked for (a new filter, sort or page).
    #[prop(into)]
    on_query: Callback<ProductQuery>,
    /// The link to a page of the current listing.
    #[prop(into)]
    page_href: Callback<u32, String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let products = LocalResource::new(move || {
        let query = query.get();
        async move { api::products(&query).await }
    });
    // Categories rarely change and a failure there must not block the listing: the current choice
    // is kept, and a notice offers a retry — only once the listing itself loaded, since a listing
    // that failed says so already and its retry asks for both again.
    let categories: Categories = LocalResource::new(api::categories);
    let categories_failed = move || categories.get().and_then(Result::err);
    let listing_loaded = move || products.with(|p| p.as_ref().is_some_and(Result::is_ok));
    let retry_all = move || {
        products.refetch();
        if categories_failed().is_some() {
            categories.refetch();
        }
    };
    let heading = move || match query.with(|q| q.q.clone()) {
        Some(q) => fill_auto(i18n.t(Msg::SearchResultsFor), "{q}", q),
        None => i18n.t(Msg::AllProducts).into_any(),
    };

    view! {
        <section class="catalog" aria-labelledby="catalog-heading">
            <h1 id="catalog-heading">{heading}</h1>
            <CatalogFilters query on_query categories />
            {move || listing_loaded().then(categories_failed).flatten().map(|error| view! {
                <LoadError error on_retry=move || categories.refetch() reassurance=Msg::CategoriesUnavailable />
            })}
            <Transition fallback=|| view! { <SkeletonGrid /> }>
                {move || Suspend::new(async move {
                    match products.await {
                        Ok(page) => {
                            let total = page.total;
                            let count = move || i18n.t(Msg::ResultCount).replace("{n}", &number(total.into(), i18n.locale()));
                            let pages = page.page_count();
                            let current = page.page;
                            let empty = page.items.is_empty();
                            view! {
                                <p class="catalog__count" role="status">{count}</p>
                                {empty.then(|| view! { <p class="catalog__empty">{move || i18n.t(Msg::NoResults)}</p> })}
                                <ul class="product-grid" aria-labelledby="catalog-heading">
                                    {page.items.into_iter().map(|p| view! { <li><ProductCard product=p /></li> }).collect_view()}
                                </ul>
                                <Pagination current pages href=page_href />
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error on_retry=retry_all /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
