//! The views a host page places: a product, a collection (a category or a search, with a limit) and
//! a cart button. Each has its own shadow root; all share one cart and one drawer.

use leptos::prelude::*;
use pishkhan_core::catalog::ProductQuery;

use super::{WidgetState, drawer::Drawer};
use crate::{
    api,
    cart::CartStore,
    catalog::{ProductCard, ProductView},
    common::{LoadError, SkeletonGrid},
    i18n::{Msg, number, use_i18n},
    routes::Place,
};

/// The most products a collection shows.
pub const MAX_LIMIT: u32 = 24;
const DEFAULT_LIMIT: u32 = 4;

/// A placeholder as the host page wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placeholder {
    /// `data-pishkhan="product" data-product="SLUG"`
    Product { slug: String },
    /// `data-pishkhan="collection"`, with `data-category`, `data-q` and `data-limit` (1 to 24, default 4).
    Collection { query: ProductQuery },
    /// `data-pishkhan="cart"`
    Cart,
}

impl Placeholder {
    /// Reads a placeholder from its attribute values (`attribute("data-product")` and so on);
    /// `Err` says what is wrong, for the console.
    pub fn parse(kind: &str, attribute: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        match kind {
            "product" => match attribute("data-product").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()) {
                Some(slug) => Ok(Self::Product { slug }),
                None => Err("data-pishkhan=\"product\" needs data-product=\"SLUG\"".to_owned()),
            },
            "collection" => {
                let limit = match attribute("data-limit") {
                    None => DEFAULT_LIMIT,
                    Some(text) => match text.trim().parse::<u32>() {
                        Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                        _ => return Err(format!("data-limit {text:?} is not a number from 1 to {MAX_LIMIT}")),
                    },
                };
                let pairs: Vec<(&str, String)> = [("category", "data-category"), ("q", "data-q")]
                    .into_iter()
                    .filter_map(|(key, name)| attribute(name).map(|v| (key, v)))
                    .collect();
                let mut query = ProductQuery::parse(pairs.iter().map(|(k, v)| (*k, v.as_str())))
                    .map_err(|errors| format!("data-category / data-q: {errors:?}"))?;
                query.per_page = limit;
                Ok(Self::Collection { query })
            }
            "cart" => Ok(Self::Cart),
            other => Err(format!("data-pishkhan={other:?} is none of product, collection, cart")),
        }
    }
}

/// The view of one placeholder. Its links: a product from a collection opens in place (with a way
/// back), the cart and checkout open the drawer, the shop's other pages open in a new tab.
#[component]
pub fn PlaceholderView(placeholder: Placeholder) -> impl IntoView {
    let state = WidgetState::use_state();
    let shown = RwSignal::new(None::<String>);
    state.provide_links(move |place| match place {
        Place::Product(slug) => shown.set(Some(slug)),
        Place::Home => shown.set(None),
        Place::Cart => state.drawer.set(Drawer::Cart),
        Place::Checkout => state.drawer.set(Drawer::Checkout),
        other => state.open_at_shop(&other),
    });
    match placeholder {
        Placeholder::Product { slug } => view! { <ProductView slug /> }.into_any(),
        Placeholder::Collection { query } => view! { <Collection query shown /> }.into_any(),
        Placeholder::Cart => view! { <CartButton /> }.into_any(),
    }
}

#[component]
fn Collection(query: ProductQuery, shown: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let page = LocalResource::new(move || {
        let query = query.clone();
        async move { api::products(&query).await }
    });
    move || {
        match shown.get() {
        Some(slug) => view! {
            <button type="button" class="link-button" on:click=move |_| shown.set(None)>{move || i18n.t(Msg::WidgetBack)}</button>
            <ProductView slug />
        }
        .into_any(),
        None => view! {
            <Transition fallback=|| view! { <SkeletonGrid cards=4 /> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(page) => view! {
                            <ul class="product-grid">
                                {page.items.into_iter().map(|product| view! { <li><ProductCard product /></li> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <LoadError error on_retry=move || page.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        }
        .into_any(),
    }
    }
}

#[component]
fn CartButton() -> impl IntoView {
    let i18n = use_i18n();
    let state = WidgetState::use_state();
    let cart = CartStore::use_store();
    let units = move || cart.unit_count();
    view! {
        <button type="button" class="cart-link" aria-haspopup="dialog" on:click=move |_| state.drawer.set(Drawer::Cart)>
            {move || i18n.t(Msg::CartLink)}
            <span class="cart-link__badge" aria-hidden="true" hidden=move || units() == 0>
                {move || number(units().into(), i18n.locale())}
            </span>
            <span class="visually-hidden">
                {move || i18n.t(Msg::CartUnits).replace("{n}", &number(units().into(), i18n.locale()))}
            </span>
        </button>
    }
}
