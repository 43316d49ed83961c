//! The order review: every line, the shipping cost, any discount and the total to pay.

use leptos::prelude::*;
use pishkhan_core::{cart::LineStatus, checkout::Review};

use crate::{
    i18n::{Msg, number, price, use_i18n},
    links::Link,
    routes::Place,
};

#[component]
pub fn ReviewSection(review: Review) -> impl IntoView {
    let i18n = use_i18n();
    let Review { lines, subtotal, shipping, discount, total, ready, .. } = review;
    let row = move |label: Msg, amount: pishkhan_core::Toman, testid: &'static str| {
        view! {
            <div class="review__row">
                <dt>{move || i18n.t(label)}</dt>
                <dd data-testid=testid>{move || price(amount, i18n.locale())}</dd>
            </div>
        }
    };
    view! {
        <ul class="review__lines">
            {lines
                .into_iter()
                .map(|line| {
                    let title = line.product.as_ref().map(|p| p.title.clone()).unwrap_or_default();
                    let problem = line.status != LineStatus::Ok;
                    let (qty, total) = (line.available_quantity, line.line_total);
                    view! {
                        <li class="review__line" class:review__line--problem=problem>
                            <span><bdi>{title}</bdi> " × " {move || number(qty.into(), i18n.locale())}</span>
                            <span>{move || price(total, i18n.locale())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <dl class="review__totals">
            {row(Msg::ItemsTotal, subtotal, "review-subtotal")}
            {row(Msg::ShippingCost, shipping, "review-shipping")}
            {(discount.0 > 0).then(|| row(Msg::Discount, discount, "review-discount"))}
            <div class="review__row review__row--total">
                <dt>{move || i18n.t(Msg::Payable)}</dt>
                <dd data-testid="review-total">{move || price(total, i18n.locale())}</dd>
            </div>
        </dl>
        {(!ready).then(|| view! {
            <p class="notice-inline" role="alert">
                {move || i18n.t(Msg::CartNeedsReview)} " " <Link to=Place::Cart>{move || i18n.t(Msg::ReviewCart)}</Link>
            </p>
        })}
    }
}
