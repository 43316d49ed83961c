//! A placed order shown as a plain invoice: number, date (Persian calendar), status, recipient,
//! address, invoice identity, lines and totals. Used by checkout's confirmation and the account's orders.

use leptos::prelude::*;
use pishkhan_core::checkout::{InvoiceIdentity, Order, Recipient};

use crate::{
    common::address::address_text,
    i18n::{Locale, Msg, date_time, number, person, price, use_i18n},
};

fn recipient(order: &Order) -> AnyView {
    match &order.recipient {
        Recipient::Buyer => person(&order.contact.first_name, &order.contact.last_name, &order.contact.mobile),
        Recipient::SomeoneElse { first_name, last_name, mobile } => person(first_name, last_name, mobile),
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
pub fn OrderInvoice(order: Order) -> impl IntoView {
    let i18n = use_i18n();
    // Rebuilt when the shopper switches language.
    move || {
        let locale = i18n.locale();
        let order = order.clone();
        view! {
                        <dl class="invoice__facts">
                <div><dt>{i18n.t(Msg::OrderNumber)}</dt><dd data-testid="order-number"><bdi dir="ltr">{order.number.clone()}</bdi></dd></div>
                <div><dt>{i18n.t(Msg::OrderDate)}</dt><dd>{date_time(&order.placed_at, locale)}</dd></div>
                <div><dt>{i18n.t(Msg::Status)}</dt><dd data-testid="order-status">{i18n.t(Msg::order_status(order.status))}</dd></div>
                <div><dt>{i18n.t(Msg::Recipient)}</dt><dd data-testid="order-recipient">{recipient(&order)}</dd></div>
                <div><dt>{i18n.t(Msg::Address)}</dt><dd data-testid="order-address">{address_text(&order.address, locale)}</dd></div>
                <div><dt>{i18n.t(Msg::Invoice)}</dt><dd data-testid="order-invoice">{invoice_text(&order.invoice, locale)}</dd></div>
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
                    {order.lines.iter().map(|l| view! {
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
                <div class="review__row"><dt>{i18n.t(Msg::ItemsTotal)}</dt><dd>{price(order.subtotal, locale)}</dd></div>
                <div class="review__row"><dt>{i18n.t(Msg::ShippingCost)}</dt><dd>{price(order.shipping, locale)}</dd></div>
                {(order.discount.0 > 0).then(|| view! { <div class="review__row"><dt>{i18n.t(Msg::Discount)}</dt><dd>{price(order.discount, locale)}</dd></div> })}
                <div class="review__row review__row--total"><dt>{i18n.t(Msg::Payable)}</dt><dd data-testid="order-total">{price(order.total, locale)}</dd></div>
            </dl>
        }
    }
}
