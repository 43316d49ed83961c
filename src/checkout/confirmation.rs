//! The order confirmation, printable as a plain invoice. The placed order is kept in this tab's
//! sessionStorage only.

use leptos::prelude::*;
use pishkhan_core::checkout::{Order, OrderStatus};

use super::invoice::OrderInvoice;

use crate::{
    api,
    common::LoadError,
    i18n::{Msg, use_i18n},
    storage::{Store, read, remove, write},
};

const LAST_ORDER_KEY: &str = "pishkhan.last-order.v1";

pub fn save_last_order(order: &Order) {
    write(Store::Session, LAST_ORDER_KEY, order);
}

pub fn forget_last_order() {
    remove(Store::Session, LAST_ORDER_KEY);
}

#[component]
pub fn ConfirmationView() -> impl IntoView {
    let i18n = use_i18n();
    let order = RwSignal::new(read::<Order>(Store::Session, LAST_ORDER_KEY));
    let pay = Action::new_local(move |order: &Order| {
        let order = order.clone();
        async move { api::pay(&order.number, &order.payment_token).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(outcome)) = pay.value().get() {
            order.update(|o| {
                if let Some(o) = o {
                    o.status = outcome.status;
                    save_last_order(o);
                }
            });
        }
    });
    move || match order.get() {
        None => view! {
            <section class="notice">
                <h1>{move || i18n.t(Msg::NoOrderToShow)}</h1>
                <a class="button" href="/">{move || i18n.t(Msg::BackToShop)}</a>
            </section>
        }
        .into_any(),
        Some(o) => {
            let paid = o.status == OrderStatus::Paid;
            let unpaid = (!paid).then(|| {
                let unpaid_order = StoredValue::new(o.clone());
                let retry = move || {
                    pay.dispatch(unpaid_order.get_value());
                };
                view! {
                    <p class="notice-inline">{i18n.t(Msg::PaymentFailed)}</p>
                    {move || pay.value().get().and_then(Result::err).map(|error| view! { <LoadError error on_retry=retry /> })}
                    <button type="button" class="button button--primary no-print" on:click=move |_| retry()>
                        {i18n.t(Msg::RetryPayment)}
                    </button>
                }
            });
            view! {
                <article class="invoice" aria-labelledby="confirmation-heading">
                    <h1 id="confirmation-heading">{i18n.t(Msg::OrderPlaced)}</h1>
                    <OrderInvoice order=o.clone() />
                    {unpaid}
                    <button type="button" class="button no-print" on:click=move |_| { let _ = window().print(); }>
                        {i18n.t(Msg::PrintInvoice)}
                    </button>
                </article>
            }
            .into_any()
        }
    }
}
