//! The order confirmation: number, date (Persian calendar), recipient, address, invoice identity and
//! totals, printable as a plain invoice. The placed order is kept in this tab's sessionStorage only.

use leptos::prelude::*;
use pishkhan_core::checkout::{Address, InvoiceIdentity, Order, OrderStatus, Recipient, regions};

use crate::{
    api,
    common::LoadError,
    i18n::{Locale, Msg, date_time, number, price, use_i18n},
    storage::{Store, read, write},
};

const LAST_ORDER_KEY: &str = "pishkhan.last-order.v1";

pub fn save_last_order(order: &Order) {
    write(Store::Session, LAST_ORDER_KEY, order);
}

fn address_text(address: &Address, locale: Locale) -> String {
    let province = regions::province(&address.province)
        .map(|p| if locale == Locale::Fa { p.name_fa } else { p.name_en })
        .unwrap_or_default();
    let mut parts = vec![province.to_owned(), address.city.clone(), address.street.clone()];
    parts.push(format!("{} {}", Msg::Plate.text(locale), address.plate));
    if !address.unit.is_empty() {
        parts.push(format!(
            "{} {}",
            Msg::UnitOptional.text(locale).split(" (").next().unwrap_or_default(),
            address.unit
        ));
    }
    parts.push(format!("{}: {}", Msg::PostalCode.text(locale), address.postal_code));
    parts.join("، ")
}

fn recipient_text(order: &Order) -> String {
    match &order.recipient {
        Recipient::Buyer => {
            format!("{} {} — {}", order.contact.first_name, order.contact.last_name, order.contact.mobile)
        }
        Recipient::SomeoneElse { first_name, last_name, mobile } => format!("{first_name} {last_name} — {mobile}"),
    }
}

fn invoice_text(invoice: &InvoiceIdentity, locale: Locale) -> String {
    match invoice {
        InvoiceIdentity::None => Msg::NoInvoice.text(locale).to_owned(),
        InvoiceIdentity::Individual { full_name, national_code } => {
            format!("{full_name} — {}: {national_code}", Msg::NationalCode.text(locale))
        }
        InvoiceIdentity::LegalEntity {
            company_name,
            economic_code,
            national_id,
            registration_number,
            invoice_address,
        } => {
            let mut text = format!(
                "{company_name} — {}: {economic_code} — {}: {national_id} — {}: {registration_number}",
                Msg::EconomicCode.text(locale),
                Msg::LegalNationalId.text(locale),
                Msg::RegistrationNumber.text(locale),
            );
            if let Some(address) = invoice_address {
                text.push_str(&format!(
                    " — {}: {}",
                    Msg::InvoiceAddressSection.text(locale),
                    address_text(address, locale)
                ));
            }
            text
        }
    }
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
            let locale = i18n.locale();
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
                        {i18n.t(Msg::PlaceOrder)}
                    </button>
                }
            });
            view! {
                <article class="invoice" aria-labelledby="confirmation-heading">
                    <h1 id="confirmation-heading">{i18n.t(Msg::OrderPlaced)}</h1>
                    <dl class="invoice__facts">
                        <div><dt>{i18n.t(Msg::OrderNumber)}</dt><dd data-testid="order-number">{o.number.clone()}</dd></div>
                        <div><dt>{i18n.t(Msg::OrderDate)}</dt><dd>{date_time(&o.placed_at, locale)}</dd></div>
                        <div><dt>{i18n.t(Msg::Status)}</dt><dd data-testid="order-status">{i18n.t(if paid { Msg::OrderStatusPaid } else { Msg::OrderStatusAwaiting })}</dd></div>
                        <div><dt>{i18n.t(Msg::Recipient)}</dt><dd data-testid="order-recipient">{recipient_text(&o)}</dd></div>
                        <div><dt>{i18n.t(Msg::Address)}</dt><dd data-testid="order-address">{address_text(&o.address, locale)}</dd></div>
                        <div><dt>{i18n.t(Msg::Invoice)}</dt><dd data-testid="order-invoice">{invoice_text(&o.invoice, locale)}</dd></div>
                    </dl>
                    <table class="invoice__lines">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(Msg::CartLines)}</th>
                                <th scope="col">{i18n.t(Msg::Quantity)}</th>
                                <th scope="col">{i18n.t(Msg::UnitPrice)}</th>
                                <th scope="col">{i18n.t(Msg::Subtotal)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {o.lines.iter().map(|l| view! {
                                <tr>
                                    <td>{l.title.clone()}</td>
                                    <td>{number(l.quantity.into(), locale)}</td>
                                    <td>{price(l.unit_price, locale)}</td>
                                    <td>{price(l.line_total, locale)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <dl class="review__totals">
                        <div class="review__row"><dt>{i18n.t(Msg::ItemsTotal)}</dt><dd>{price(o.subtotal, locale)}</dd></div>
                        <div class="review__row"><dt>{i18n.t(Msg::ShippingCost)}</dt><dd>{price(o.shipping, locale)}</dd></div>
                        {(o.discount.0 > 0).then(|| view! { <div class="review__row"><dt>{i18n.t(Msg::Discount)}</dt><dd>{price(o.discount, locale)}</dd></div> })}
                        <div class="review__row review__row--total"><dt>{i18n.t(Msg::Payable)}</dt><dd data-testid="order-total">{price(o.total, locale)}</dd></div>
                    </dl>
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
