//! Category and sort choices for the listing; each change starts again from page one.

use leptos::prelude::*;
use pishkhan_core::catalog::{Category, ProductQuery, SortOrder};

use crate::{
    api::ApiError,
    i18n::{Locale, Msg, use_i18n},
};

/// The shop's categories, as the listing loads them.
pub type Categories = LocalResource<Result<Vec<Category>, ApiError>>;

fn sort_label(sort: SortOrder) -> Msg {
    match sort {
        SortOrder::Newest => Msg::SortNewest,
        SortOrder::PriceAsc => Msg::SortPriceAsc,
        SortOrder::PriceDesc => Msg::SortPriceDesc,
        SortOrder::Popular => Msg::SortPopular,
    }
}

fn category_name(category: &Category, locale: Locale) -> String {
    match locale {
        Locale::Fa => category.name_fa.clone(),
        Locale::En => category.name_en.clone(),
    }
}

#[component]
pub fn CatalogFilters(
    query: Signal<ProductQuery>,
    on_query: Callback<ProductQuery>,
    /// Without them (a failure is the listing's to report) the select offers "all categories" only.
    categories: Categories,
) -> impl IntoView {
    let i18n = use_i18n();
    let selected_category = move || query.with(|q| q.category.clone().unwrap_or_default());

    let change = move |edit: &dyn Fn(&mut ProductQuery)| {
        let mut next = query.get_untracked();
        edit(&mut next);
        next.page = 1;
        on_query.run(next);
    };

    view! {
        <div class="filters">
            <label class="field">
                <span class="field__label">{move || i18n.t(Msg::Category)}</span>
                <select
                    prop:value=selected_category
                    on:change:target=move |ev| {
                        let value = ev.target().value();
                        change(&|q| q.category = (!value.is_empty()).then(|| value.clone()));
                    }
                >
                    <option value="">{move || i18n.t(Msg::AllCategories)}</option>
                    {move || {
                        let current = selected_category();
                        categories
                            .get()
                            .and_then(Result::ok)
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| {
                                let is_current = c.slug == current;
                                view! {
                                    <option value=c.slug.clone() selected=is_current>
                                        {category_name(&c, i18n.locale())}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{move || i18n.t(Msg::SortBy)}</span>
                <select
                    prop:value=move || query.with(|q| q.sort.as_str())
                    on:change:target=move |ev| {
                        let value = ev.target().value();
                        change(&|q| q.sort = SortOrder::parse(&value).unwrap_or_default());
                    }
                >
                    {SortOrder::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=move || query.with(|q| q.sort == s)>
                                    {move || i18n.t(sort_label(s))}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        </div>
    }
}
