//! The profile form: names, national code, birth date (Persian calendar), newsletter and SMS choices.

use leptos::{ev::SubmitEvent, prelude::*};
use pishkhan_core::account::{Me, ProfileUpdate};

use super::{
    birth_date::{PersianDatePicker, today},
    feedback::{form_errors, on_outcome},
};
use crate::{
    api,
    common::form::TextField,
    i18n::{Msg, use_i18n},
    session::Session,
};

#[component]
pub fn ProfileForm(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let form = RwSignal::new(ProfileUpdate {
        first_name: me.first_name,
        last_name: me.last_name,
        national_code: me.national_code,
        birth_date: me.birth_date,
        newsletter: me.newsletter,
        sms_promotions: me.sms_promotions,
    });
    let message = RwSignal::new(None::<Msg>);
    let errors = form_errors(move || form.with(|f| f.validate(&today().iso()).err().unwrap_or_default()));
    let save = Action::new_local(move |update: &ProfileUpdate| {
        let update = update.clone();
        async move { api::account::update_profile(&update).await }
    });
    on_outcome(save, errors, message, move |me| {
        session.me.set(Some(me));
        message.set(Some(Msg::Saved));
    });
    let text = move |get: fn(&ProfileUpdate) -> &String, set: fn(&mut ProfileUpdate) -> &mut String| {
        (Signal::derive(move || form.with(|f| get(f).clone())), Callback::new(move |v| form.update(|f| *set(f) = v)))
    };
    let (first, set_first) = text(|f| &f.first_name, |f| &mut f.first_name);
    let (last, set_last) = text(|f| &f.last_name, |f| &mut f.last_name);
    let (code, set_code) = text(|f| &f.national_code, |f| &mut f.national_code);
    let birth = Signal::derive(move || form.with(|f| f.birth_date.clone()));
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        errors.submitted.set(true);
        if let Ok(update) = form.with_untracked(|f| f.validate(&today().iso())) {
            save.dispatch(update);
        }
    };
    let check = move |label: Msg, get: fn(&ProfileUpdate) -> bool, set: fn(&mut ProfileUpdate, bool)| {
        view! {
            <label class="choice">
                <input
                    type="checkbox"
                    prop:checked=move || form.with(get)
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        form.update(|f| set(f, on));
                    }
                />
                {move || i18n.t(label)}
            </label>
        }
    };
    view! {
        <form class="form-section account-form" novalidate on:submit=submit aria-labelledby="profile-heading">
            <h2 id="profile-heading">{move || i18n.t(Msg::ProfileSection)}</h2>
            <div class="form-grid">
                <TextField path="first_name" label=Msg::FirstName value=first on_input=set_first errors autocomplete="given-name" />
                <TextField path="last_name" label=Msg::LastName value=last on_input=set_last errors autocomplete="family-name" />
                <TextField path="national_code" label=Msg::NationalCode value=code on_input=set_code errors input_mode="numeric" />
            </div>
            <PersianDatePicker value=birth on_change=move |v: String| form.update(|f| f.birth_date = v) />
            <p class="field__error">{move || errors.for_field("birth_date").map(|m| i18n.t(m))}</p>
            {check(Msg::Newsletter, |f| f.newsletter, |f, on| f.newsletter = on)}
            {check(Msg::SmsPromotions, |f| f.sms_promotions, |f, on| f.sms_promotions = on)}
            <button type="submit" class="button button--primary" disabled=move || save.pending().get()>{move || i18n.t(Msg::Save)}</button>
            <p class="form-message" role="status">{move || message.get().map(|m| i18n.t(m))}</p>
        </form>
    }
}
