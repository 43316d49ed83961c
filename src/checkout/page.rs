//! The checkout page: contact, recipient, address, invoice identity, shipping, review, place order.
//! Router-free: it reports a placed order through `on_placed`.

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::{
    Toman,
    checkout::{OrderRequest, ShippingQuoteRequest},
    consent::AnalyticsEvent,
};

use super::{
    confirmation::save_last_order,
    draft::DraftStore,
    sections::{ContactSection, InvoiceSection, ReviewSection, SaveAddressChoice, SavedAddressPicker, ShippingSection},
};
use crate::{
    api::{self, ApiError},
    cart::{CartStore, EmptyCart},
    common::{
        Attempt, LoadError, SkeletonLines,
        address::{AddressFields, DELIVERY_ADDRESS, RecipientSection},
        form::{ErrorSummary, FormErrors, field_id},
    },
    consent::track,
    i18n::{Msg, use_i18n},
};

/// The label of a field in the error summary, from its path in the order request.
fn label_for(path: String) -> Msg {
    let field = path.rsplit('.').next().unwrap_or_default();
    let in_recipient = path.starts_with("recipient.");
    match field {
        "first_name" if in_recipient => Msg::RecipientFirstName,
        "last_name" if in_recipient => Msg::RecipientLastName,
        "mobile" if in_recipient => Msg::RecipientMobile,
        "first_name" => Msg::FirstName,
        "last_name" => Msg::LastName,
        "mobile" => Msg::Mobile,
        "email" => Msg::EmailOptional,
        "province" => Msg::Province,
        "city" => Msg::City,
        "street" => Msg::Street,
        "plate" => Msg::Plate,
        "unit" => Msg::UnitOptional,
        "postal_code" => Msg::PostalCode,
        "notes" => Msg::DeliveryNotes,
        "full_name" => Msg::FullName,
        "national_code" => Msg::NationalCode,
        "company_name" => Msg::CompanyName,
        "economic_code" => Msg::EconomicCode,
        "national_id" => Msg::LegalNationalId,
        "registration_number" => Msg::RegistrationNumber,
        "shipping_method" => Msg::ShippingSection,
        _ => Msg::CartTitle,
    }
}

fn focus(id: &str) {
    let id = id.to_owned();
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    });
}

#[component]
pub fn CheckoutView(#[prop(into)] on_placed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let store = DraftStore::load();
    let draft = store.draft;
    let someone_else = store.lens.at(|d| &d.someone_else, |d| &mut d.someone_else);
    let recipient = store.lens.at(|d| &d.recipient, |d| &mut d.recipient);
    let address = store.lens.at(|d| &d.address, |d| &mut d.address);

    let client_errors = Memo::new(move |_| {
        let items = cart.items();
        draft.with(|d| d.to_request(items, Toman::ZERO).validate().err().unwrap_or_default())
    });
    let errors = FormErrors::new(client_errors);

    let destination = Memo::new(move |_| draft.with(|d| (d.address.province.clone(), d.shipping_method.clone())));
    let review = LocalResource::new(move || {
        let items = cart.items();
        let (province, method) = destination.get();
        async move {
            if province.is_empty() || items.is_empty() {
                return Ok(None);
            }
            let shipping_method = (!method.is_empty()).then_some(method);
            api::review(&ShippingQuoteRequest { items, province, shipping_method }).await.map(Some)
        }
    });
    let last_review = Signal::derive(move || review.get().and_then(Result::ok).flatten());
    // The backend picks a method when none (or an unavailable one) is chosen; adopt it.
    Effect::new(move |_| {
        if let Some(chosen) = last_review.get().and_then(|r| r.shipping_method)
            && draft.with_untracked(|d| d.shipping_method != chosen)
        {
            draft.update(|d| d.shipping_method = chosen);
        }
    });

    let place = Action::new_local(move |(request, key): &(OrderRequest, String)| {
        let (request, key) = (request.clone(), key.clone());
        async move {
            let order = api::place_order(&request, &key).await?;
            let payment = api::pay(&order.number, &order.payment_token).await;
            Ok::<_, ApiError>((order, payment))
        }
    });
    let failure = RwSignal::new(None::<ApiError>);
    let order_changed = RwSignal::new(false);

    Effect::new(move |_| {
        let Some(result) = place.value().get() else { return };
        match result {
            Ok((mut order, payment)) => {
                if let Ok(outcome) = &payment {
                    order.status = outcome.status;
                }
                track(AnalyticsEvent::OrderPlaced { item_count: order.lines.iter().map(|l| l.quantity).sum() });
                save_last_order(&order);
                store.clear();
                cart.clear();
                let origin = window().location().origin().unwrap_or_default();
                match payment.as_ref().ok().and_then(|p| p.redirect_url.as_ref().map(|url| (p, url))) {
                    Some((outcome, url)) => match outcome.safe_redirect(&origin) {
                        Some(gateway) => {
                            let _ = window().location().assign(gateway);
                        }
                        // The order stands, awaiting payment; the confirmation says so.
                        None => {
                            web_sys::console::error_1(
                                &format!(
                                    "pishkhan: not following the payment redirect {url:?}: only https or this shop"
                                )
                                .into(),
                            );
                            on_placed.run(());
                        }
                    },
                    None => on_placed.run(()),
                }
            }
            Err(ApiError::Invalid(problem)) => {
                errors.server.set(problem.errors);
                errors.submitted.set(true);
                focus("checkout-errors");
            }
            Err(ApiError::Conflict(_)) => {
                order_changed.set(true);
                review.refetch();
                focus("review-heading");
            }
            Err(other) => failure.set(Some(other)),
        }
    });

    let attempt = move || {
        if place.pending().get_untracked() {
            return;
        }
        errors.submitted.set(true);
        order_changed.set(false);
        failure.set(None);
        if errors.has_client_errors() {
            focus("checkout-errors");
            return;
        }
        let Some(reviewed) = last_review.get_untracked() else {
            focus(&field_id("shipping_method"));
            return;
        };
        if !reviewed.ready {
            focus("review-heading");
            return;
        }
        let request = draft.with_untracked(|d| d.to_request(cart.items_untracked(), reviewed.total));
        let attempt = draft.with_untracked(|d| Attempt::for_request(d.attempt.as_ref(), &request));
        if draft.with_untracked(|d| d.attempt.as_ref() != Some(&attempt)) {
            draft.update(|d| d.attempt = Some(attempt.clone()));
        }
        place.dispatch((request, attempt.key));
    };
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        attempt();
    };

    view! {
        <section class="checkout" aria-labelledby="checkout-heading">
            <h1 id="checkout-heading">{move || i18n.t(Msg::CheckoutTitle)}</h1>
            <Show
                when=move || { cart.unit_count() > 0 }
                fallback=EmptyCart
            >
                <form class="checkout__form" novalidate on:submit=submit>
                    <ErrorSummary errors labels=label_for />
                    <ContactSection store errors />
                    <RecipientSection someone_else recipient errors />
                    <fieldset class="form-section">
                        <legend>{move || i18n.t(Msg::AddressSection)}</legend>
                        <SavedAddressPicker store />
                        <AddressFields address errors paths=&DELIVERY_ADDRESS />
                        <SaveAddressChoice store />
                    </fieldset>
                    <InvoiceSection store errors />
                    <ShippingSection store errors review=last_review />
                    <section class="form-section review" aria-labelledby="review-heading">
                        <h2 id="review-heading" tabindex="-1">{move || i18n.t(Msg::ReviewSection)}</h2>
                        <Show when=move || order_changed.get()>
                            <p class="notice-inline" role="alert">{move || i18n.t(Msg::OrderChanged)}</p>
                        </Show>
                        <Transition fallback=|| view! { <SkeletonLines lines=3 /> }>
                            {move || Suspend::new(async move {
                                match review.await {
                                    Ok(Some(r)) => view! { <ReviewSection review=r /> }.into_any(),
                                    Ok(None) => view! { <p class="form-hint">{move || i18n.t(Msg::ChooseProvinceFirst)}</p> }.into_any(),
                                    Err(error) => view! {
                                        <LoadError error on_retry=move || review.refetch() reassurance=Msg::FormKept />
                                    }
                                        .into_any(),
                                }
                            })}
                        </Transition>
                    </section>
                    {move || failure.get().map(|error| view! { <LoadError error on_retry=move || attempt() reassurance=Msg::FormKept /> })}
                    <button type="submit" class="button button--primary checkout__place" disabled=move || place.pending().get()>
                        {move || i18n.t(if place.pending().get() { Msg::PlacingOrder } else { Msg::PlaceOrder })}
                    </button>
                </form>
            </Show>
        </section>
    }
}
