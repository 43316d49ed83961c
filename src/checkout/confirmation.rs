//! The order confirmation, printable as a plain invoice. The placed order (names, address, payment
//! token) is kept in this page's memory only, never in browser storage: a reload shows where to
//! find it instead (the SMS, or the account's orders). An unpaid order offers to pay again, until the
//! shop answers that it expired unpaid: then it says so, and that a new order is needed.

use std::cell::RefCell;

use leptos::prelude::*;
use pishkhan_core::checkout::{Order, OrderStatus};

use crate::{
    api,
    common::{LoadError, OrderInvoice},
    i18n::{Msg, use_i18n},
    links::Link,
    routes::Place,
    storage,
};

thread_local! {
    static LAST_ORDER: RefCell<Option<Order>> = const { RefCell::new(None) };
}

/// Keeps the placed order for the confirmation; it is forgotten with the tab's data when the session ends.
pub fn save_last_order(order: &Order) {
    LAST_ORDER.with(|last| *last.borrow_mut() = Some(order.clone()));
    storage::forget_with_tab_data("checkout.last-order", forget_last_order);
}

/// The number of the order this page placed last, if it placed one.
pub fn last_order_number() -> Option<String> {
    LAST_ORDER.with(|last| last.borrow().as_ref().map(|o| o.number.clone()))
}

fn forget_last_order() {
    LAST_ORDER.with(|last| last.borrow_mut().take());
}

#[component]
pub fn ConfirmationView() -> impl IntoView {
    let i18n = use_i18n();
    let order = RwSignal::new(LAST_ORDER.with(|last| last.borrow().clone()));
    let pay = Action::new_local(move |order: &Order| {
        let order = order.clone();
        async move { api::pay(&order.number, &order.payment_token).await }
    });
    Effect::new(move |_| {
        let status = match pay.value().get() {
            Some(Ok(outcome)) => outcome.status,
            Some(Err(error)) if error.is_order_expired() => OrderStatus::Expired,
            _ => return,
        };
        order.update(|o| {
            if let Some(o) = o {
                o.status = status;
                save_last_order(o);
            }
        });
    });
    move || match order.get() {
        None => view! {
            <section class="notice">
                <h1>{move || i18n.t(Msg::NoOrderToShow)}</h1>
                <Link to=Place::Home class="button">{move || i18n.t(Msg::BackToShop)}</Link>
            </section>
        }
        .into_any(),
        Some(o) if o.status == OrderStatus::Expired => view! {
            <article class="invoice" aria-labelledby="confirmation-heading">
                <h1 id="confirmation-heading">{i18n.t(Msg::OrderPlaced)}</h1>
                <OrderInvoice order=o />
                <p class="notice-inline" role="alert">{i18n.t(Msg::PaymentExpired)}</p>
                <Link to=Place::Home class="button button--primary no-print">{i18n.t(Msg::BackToShop)}</Link>
            </article>
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
