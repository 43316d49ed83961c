//! The account's orders: a list, and each order as its invoice.

use leptos::prelude::*;

use crate::{
    api,
    common::{LoadError, OrderInvoice, SkeletonLines},
    i18n::{Msg, date_time, price, use_i18n},
    links::Link,
    routes::Place,
};

#[component]
pub fn OrdersList() -> impl IntoView {
    let i18n = use_i18n();
    let orders = LocalResource::new(api::account::my_orders);
    view! {
        <section aria-labelledby="orders-heading">
            <h2 id="orders-heading">{move || i18n.t(Msg::MyOrders)}</h2>
            <Transition fallback=|| view! { <SkeletonLines /> }>
                {move || Suspend::new(async move {
                    match orders.await {
                        Ok(list) if list.is_empty() => view! { <p>{move || i18n.t(Msg::NoOrders)}</p> }.into_any(),
                        Ok(list) => {
                            let locale = i18n.locale();
                            view! {
                                <table class="invoice__lines">
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t(Msg::OrderNumber)}</th>
                                            <th scope="col">{i18n.t(Msg::OrderDate)}</th>
                                            <th scope="col">{i18n.t(Msg::Status)}</th>
                                            <th scope="col">{i18n.t(Msg::Payable)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list.into_iter().map(|o| {
                                            let status = Msg::order_status(o.status);
                                            view! {
                                                <tr>
                                                    <td><Link to=Place::AccountOrder(o.number.clone())><bdi dir="ltr">{o.number.clone()}</bdi></Link></td>
                                                    <td>{date_time(&o.placed_at, locale)}</td>
                                                    <td>{i18n.t(status)}</td>
                                                    <td>{price(o.total, locale)}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <LoadError error on_retry=move || orders.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn OrderDetail(#[prop(into)] number: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let order = LocalResource::new(move || {
        let number = number.get();
        async move { api::account::my_order(&number).await }
    });
    view! {
        <section aria-labelledby="order-heading" class="invoice">
            <h2 id="order-heading">{move || i18n.t(Msg::OrderDetails)}</h2>
            <Transition fallback=|| view! { <SkeletonLines /> }>
                {move || Suspend::new(async move {
                    match order.await {
                        Ok(o) => view! {
                            <OrderInvoice order=o />
                            <button type="button" class="button no-print" on:click=move |_| { let _ = window().print(); }>
                                {move || i18n.t(Msg::PrintInvoice)}
                            </button>
                        }
                            .into_any(),
                        Err(error) => view! { <LoadError error on_retry=move || order.refetch() /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
