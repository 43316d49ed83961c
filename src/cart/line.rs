//! One priced cart line: product, quantity stepper, removal, line total and any notice about it.

use leptos::prelude::*;
use pishkhan_core::cart::{LineStatus, QuoteLine};

use super::CartStore;
use crate::{
    common::QuantityInput,
    i18n::{Locale, Msg, number, price, use_i18n},
    links::Link,
    routes::Place,
};

fn notice(line: &QuoteLine, locale: Locale) -> Option<String> {
    let text = match line.status {
        LineStatus::Ok => return None,
        LineStatus::PriceChanged => {
            let product = line.product.as_ref()?;
            let old = product.previous_unit_price?;
            Msg::PriceChanged
                .text(locale)
                .replace("{old}", &price(old, locale))
                .replace("{new}", &price(product.unit_price, locale))
        }
        LineStatus::LimitedStock => {
            Msg::LimitedStock.text(locale).replace("{n}", &number(line.available_quantity.into(), locale))
        }
        LineStatus::OutOfStock => Msg::OutOfStockLine.text(locale).to_owned(),
        LineStatus::Unavailable => Msg::Unavailable.text(locale).to_owned(),
    };
    Some(text)
}

/// One line; `line` follows the latest quote (`None` for a moment while the line is removed).
#[component]
pub fn CartLine(line: Signal<Option<QuoteLine>>) -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let Some(first) = line.get_untracked() else { return ().into_any() };
    let id = first.product_id;
    let quantity = Signal::derive(move || cart.items().iter().find(|i| i.product_id == id).map_or(0, |i| i.quantity));
    let title = first.product.as_ref().map(|p| p.title.clone());
    let labelled = move |msg: Msg| {
        let title = title.clone();
        Signal::derive(move || {
            let name = title.clone().unwrap_or_else(|| i18n.t(Msg::Unavailable).to_owned());
            format!("{} — {name}", i18n.t(msg))
        })
    };
    let quantity_label = labelled(Msg::Quantity);
    let remove_label = labelled(Msg::Remove);
    let status = Memo::new(move |_| line.with(|l| l.as_ref().map_or(LineStatus::Unavailable, |l| l.status)));
    let available = Memo::new(move |_| status.get() != LineStatus::Unavailable);
    let line_notice = move || line.with(|l| l.as_ref().and_then(|l| notice(l, i18n.locale())));
    let line_total = move || line.with(|l| l.as_ref().map(|l| l.line_total).unwrap_or_default());
    view! {
        <article class="cart-line" class:cart-line--problem=move || status.get() != LineStatus::Ok data-product-id=id>
            {first.product.map(|p| {
                let unit_price = move || line.with(|l| l.as_ref().and_then(|l| l.product.as_ref()).map(|p| p.unit_price).unwrap_or_default());
                view! {
                    <img class="cart-line__image" src=p.image_url alt="" width="75" height="100" />
                    <div class="cart-line__facts">
                        <h2 class="cart-line__title"><Link to=Place::Product(p.slug)>{p.title}</Link></h2>
                        <p>{move || i18n.t(Msg::UnitPrice)} ": " {move || price(unit_price(), i18n.locale())}</p>
                    </div>
                }
            })}
            {move || line_notice().map(|text| view! { <p class="cart-line__notice" role="note">{text}</p> })}
            <div class="cart-line__actions">
                {move || available.get().then(|| view! {
                    <QuantityInput value=quantity on_change=move |n| cart.set_quantity(id, n) label=quantity_label />
                })}
                <button type="button" class="button button--quiet" aria-label=remove_label on:click=move |_| cart.remove(id)>
                    {move || i18n.t(Msg::Remove)}
                </button>
                <strong class="cart-line__total">{move || price(line_total(), i18n.locale())}</strong>
            </div>
        </article>
    }
    .into_any()
}
