//! Form plumbing for checkout and account forms: which errors show where, and the labelled, accessible field widgets.
//! Errors come from the same core validation the backend runs, plus the backend's own field errors.

use std::collections::BTreeSet;

use leptos::prelude::*;
use pishkhan_core::{FieldError, checkout::validate::Invalid};

use crate::i18n::{Msg, use_i18n};

/// The DOM id of a field, from its path in the order request (`address.postal_code` → `field-address-postal_code`).
pub fn field_id(path: &str) -> String {
    format!("field-{}", path.replace('.', "-"))
}

pub fn error_msg(code: &str) -> Msg {
    match code {
        "expired_code" => return Msg::ErrExpiredCode,
        "wrong_password" => return Msg::ErrWrongPassword,
        _ => {}
    }
    match Invalid::from_code(code) {
        Some(Invalid::Required) => Msg::ErrRequired,
        Some(Invalid::TooLong) => Msg::ErrTooLong,
        Some(Invalid::Hidden) => Msg::ErrHidden,
        Some(Invalid::Mobile) => Msg::ErrMobile,
        Some(Invalid::PostalCode) => Msg::ErrPostalCode,
        Some(Invalid::NationalCode) => Msg::ErrNationalCode,
        Some(Invalid::LegalNationalId) => Msg::ErrLegalNationalId,
        Some(Invalid::EconomicCode) => Msg::ErrEconomicCode,
        Some(Invalid::RegistrationNumber) => Msg::ErrRegistrationNumber,
        Some(Invalid::Email) => Msg::ErrEmail,
        Some(Invalid::UnknownValue) => Msg::ErrUnknownValue,
        Some(Invalid::Code) => Msg::ErrCode,
        Some(Invalid::WeakPassword) => Msg::ErrWeakPassword,
        Some(Invalid::Date) => Msg::ErrDate,
        None => Msg::ErrOther,
    }
}

/// Which errors are shown: the shopper's own mistakes once a field was left (or on submit), and the
/// backend's until the field is edited.
#[derive(Debug, Clone, Copy)]
pub struct FormErrors {
    client: Memo<Vec<FieldError>>,
    pub server: RwSignal<Vec<FieldError>>,
    touched: RwSignal<BTreeSet<String>>,
    pub submitted: RwSignal<bool>,
}

impl FormErrors {
    pub fn new(client: Memo<Vec<FieldError>>) -> Self {
        Self {
            client,
            server: RwSignal::new(Vec::new()),
            touched: RwSignal::new(BTreeSet::new()),
            submitted: RwSignal::new(false),
        }
    }

    pub fn touch(&self, path: &str) {
        if !self.touched.with_untracked(|t| t.contains(path)) {
            self.touched.update(|t| {
                t.insert(path.to_owned());
            });
        }
    }

    pub fn edited(&self, path: &str) {
        if self.server.with_untracked(|s| s.iter().any(|e| e.field == path)) {
            self.server.update(|s| s.retain(|e| e.field != path));
        }
    }

    /// The error shown for a field, if any.
    pub fn for_field(&self, path: &str) -> Option<Msg> {
        let server = self.server.with(|s| s.iter().find(|e| e.field == path).map(|e| error_msg(&e.code)));
        server.or_else(|| {
            let visible = self.submitted.get() || self.touched.with(|t| t.contains(path));
            visible.then(|| self.client.with(|c| c.iter().find(|e| e.field == path).map(|e| error_msg(&e.code))))?
        })
    }

    /// Every shown error, client and server, one per field, in form order.
    pub fn summary(&self) -> Vec<(String, Msg)> {
        let mut seen = BTreeSet::new();
        let server = self.server.get();
        let client = if self.submitted.get() { self.client.get() } else { Vec::new() };
        server
            .iter()
            .chain(client.iter())
            .filter(|e| seen.insert(e.field.clone()))
            .map(|e| (e.field.clone(), error_msg(&e.code)))
            .collect()
    }

    pub fn has_client_errors(&self) -> bool {
        self.client.with_untracked(|c| !c.is_empty())
    }
}

/// What a field's control needs to be labelled and tied to its error message.
#[derive(Debug, Clone)]
struct FieldAria {
    id: String,
    invalid: Signal<String>,
    described_by: Signal<Option<String>>,
}

/// The frame every field shares: label, the control, and the error below it (announced through
/// `aria-describedby` and `aria-invalid` on the control).
fn field_frame(
    path: &'static str,
    id: Option<&'static str>,
    label: Msg,
    errors: FormErrors,
    control: impl FnOnce(FieldAria) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.map_or_else(|| field_id(path), ToOwned::to_owned);
    let error_id = format!("{id}-error");
    let error = move || errors.for_field(path);
    let described = error_id.clone();
    let aria = FieldAria {
        id: id.clone(),
        invalid: Signal::derive(move || error().is_some().to_string()),
        described_by: Signal::derive(move || error().map(|_| described.clone())),
    };
    view! {
        <div class="field" class:field--invalid=move || error().is_some()>
            <label class="field__label" for=id>{move || i18n.t(label)}</label>
            {control(aria)}
            <p class="field__error" id=error_id>{move || error().map(|m| i18n.t(m))}</p>
        </div>
    }
}

/// A labelled text input (or text area) bound to one field, with its error below it. `id` replaces the
/// one made from `path`, for a field whose name another form on the page uses too.
#[component]
pub fn TextField(
    path: &'static str,
    #[prop(optional)] id: Option<&'static str>,
    label: Msg,
    value: Signal<String>,
    on_input: Callback<String>,
    errors: FormErrors,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] input_mode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let input = move |v: String| {
        errors.edited(path);
        on_input.run(v);
    };
    field_frame(path, id, label, errors, move |aria| {
        if multiline {
            view! {
                <textarea
                    id=aria.id
                    rows="2"
                    aria-invalid=aria.invalid
                    aria-describedby=aria.described_by
                    prop:value=value
                    on:input:target=move |ev| input(ev.target().value())
                    on:blur=move |_| errors.touch(path)
                ></textarea>
            }
            .into_any()
        } else {
            view! {
                <input
                    id=aria.id
                    type=kind
                    inputmode=input_mode
                    autocomplete=autocomplete
                    aria-invalid=aria.invalid
                    aria-describedby=aria.described_by
                    prop:value=value
                    on:input:target=move |ev| input(ev.target().value())
                    on:blur=move |_| errors.touch(path)
                />
            }
            .into_any()
        }
    })
}

/// A labelled select bound to one field; `options` are (value, label) pairs.
#[component]
pub fn SelectField(
    path: &'static str,
    label: Msg,
    value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    errors: FormErrors,
) -> impl IntoView {
    let i18n = use_i18n();
    field_frame(path, None, label, errors, move |aria| {
        view! {
            <select
                id=aria.id
                aria-invalid=aria.invalid
                aria-describedby=aria.described_by
                prop:value=value
                on:change:target=move |ev| {
                    errors.edited(path);
                    errors.touch(path);
                    on_change.run(ev.target().value());
                }
            >
                <option value="">{move || i18n.t(Msg::ChooseOne)}</option>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
        }
        .into_any()
    })
}

/// The list of errors at the top of the form after a submit, each a link to its field, announced
/// to screen readers.
#[component]
pub fn ErrorSummary(errors: FormErrors, #[prop(into)] labels: Callback<String, Msg>) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || errors.summary();
    view! {
        <div class="error-summary" role="alert" tabindex="-1" id="checkout-errors" hidden=move || items().is_empty()>
            <p><strong>{move || i18n.t(Msg::FixTheseFields)}</strong></p>
            <ul>
                {move || {
                    items()
                        .into_iter()
                        .map(|(field, msg)| {
                            let href = format!("#{}", field_id(&field));
                            let label = labels.run(field);
                            view! { <li><a href=href>{i18n.t(label)} ": " {i18n.t(msg)}</a></li> }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
