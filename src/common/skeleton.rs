//! Placeholders of the same size as the content they stand for, so nothing shifts when it arrives.

use leptos::prelude::*;

use crate::i18n::{Msg, use_i18n};

/// A grid of product-card placeholders.
#[component]
pub fn SkeletonGrid(#[prop(default = 8)] cards: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="product-grid" aria-busy="true">
            <span class="visually-hidden" role="status">{move || i18n.t(Msg::Loading)}</span>
            {(0..cards)
                .map(|_| {
                    view! {
                        <div class="product-card skeleton" aria-hidden="true">
                            <div class="product-card__image skeleton__block"></div>
                            <div class="skeleton__line"></div>
                            <div class="skeleton__line skeleton__line--short"></div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// A few lines of text placeholder.
#[component]
pub fn SkeletonLines(#[prop(default = 3)] lines: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" aria-busy="true">
            <span class="visually-hidden" role="status">{move || i18n.t(Msg::Loading)}</span>
            {(0..lines).map(|_| view! { <div class="skeleton__line" aria-hidden="true"></div> }).collect_view()}
        </div>
    }
}
