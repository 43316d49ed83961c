//! "Confirm it's you": before the mobile number, the email or the password can change, the session proves
//! the owner is at the keyboard (the backend's step-up proof: the current password, or a code texted to the
//! current mobile), and may then make those changes for a few minutes. One panel serves the three forms; a
//! form whose change the backend refuses for want of proof says so and brings the panel back, keeping what
//! the shopper typed.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use pishkhan_core::account::{ProofRequest, ProofStatus};

use super::feedback::{form_errors, on_outcome};
use crate::{
    api,
    common::form::TextField,
    i18n::{Msg, number, use_i18n},
    session::Session,
};

/// Whether this session may change the mobile, email and password now, as far as the page knows.
#[derive(Debug, Clone, Copy)]
pub struct Proof {
    pub proven: RwSignal<bool>,
    /// Minutes the last proof lasts, for the panel's text.
    minutes: RwSignal<u32>,
    /// When (`Date.now()`, ms) the last proof runs out.
    until_ms: RwSignal<f64>,
}

impl Proof {
    /// Provides the state and asks the backend whether the session proved itself recently (if that read
    /// fails, the panel simply offers to prove it).
    pub fn provide() -> Self {
        let proof = Self { proven: RwSignal::new(false), minutes: RwSignal::new(0), until_ms: RwSignal::new(0.0) };
        provide_context(proof);
        spawn_local(async move {
            if let Ok(status) = api::account::proof_status().await {
                proof.set(status);
            }
        });
        proof
    }

    pub fn use_proof() -> Option<Self> {
        use_context::<Self>()
    }

    /// The backend's answer: proven for `expires_in_seconds`, after which the panel comes back by itself.
    fn set(&self, status: ProofStatus) {
        let seconds = status.expires_in_seconds;
        self.proven.set(seconds > 0);
        if seconds == 0 {
            return;
        }
        self.minutes.set(seconds.div_ceil(60));
        let until = js_sys::Date::now() + f64::from(seconds) * 1000.0;
        self.until_ms.set(until);
        let proof = *self;
        set_timeout(
            move || {
                // a later proof moved the end further; this timer is not the last one
                if js_sys::Date::now() >= proof.until_ms.get_untracked() {
                    proof.proven.set(false);
                }
            },
            std::time::Duration::from_secs(seconds.into()),
        );
    }

    /// The backend refused a change for want of proof.
    pub fn needed(&self) {
        self.proven.set(false);
    }
}

#[component]
pub fn ProofPanel() -> impl IntoView {
    let i18n = use_i18n();
    let session = Session::use_session();
    let proof = expect_context::<Proof>();
    let has_password = move || session.me.with(|m| m.as_ref().is_some_and(|m| m.has_password));
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let code_minutes = RwSignal::new(None::<u32>);
    let message = RwSignal::new(None::<Msg>);
    let by_password = move || ProofRequest { current_password: password.get(), code: String::new() };
    let by_code = move || ProofRequest { current_password: String::new(), code: code.get() };
    let password_errors = form_errors(move || by_password().validate().err().unwrap_or_default());
    let code_errors = form_errors(move || by_code().validate().err().unwrap_or_default());

    let send = Action::new_local(|_: &()| api::account::send_proof_code());
    let prove = Action::new_local(move |request: &ProofRequest| {
        let request = request.clone();
        async move { api::account::prove(&request).await }
    });
    let prove_by_code = Action::new_local(move |request: &ProofRequest| {
        let request = request.clone();
        async move { api::account::prove(&request).await }
    });
    on_outcome(send, code_errors, message, move |sent| code_minutes.set(Some((sent.expires_in_seconds / 60).max(1))));
    let proven = move |status: ProofStatus| {
        password.set(String::new());
        code.set(String::new());
        code_minutes.set(None);
        message.set(None);
        proof.set(status);
    };
    on_outcome(prove, password_errors, message, proven);
    on_outcome(prove_by_code, code_errors, message, proven);

    let submit_password = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        password_errors.submitted.set(true);
        let request = ProofRequest { current_password: password.get_untracked(), code: String::new() };
        if request.validate().is_ok() {
            prove.dispatch(request);
        }
    };
    let submit_code = move |ev: SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        code_errors.submitted.set(true);
        let request = ProofRequest { current_password: String::new(), code: code.get_untracked() };
        if request.validate().is_ok() {
            prove_by_code.dispatch(request);
        }
    };
    let send_code = move |_| {
        message.set(None);
        send.dispatch(());
    };
    let filled = move |msg: Msg, minutes: u32| i18n.t(msg).replace("{n}", &number(minutes.into(), i18n.locale()));

    view! {
        <section class="form-section" aria-labelledby="proof-heading">
            <h2 id="proof-heading">{move || i18n.t(Msg::ProofTitle)}</h2>
            <Show
                when=move || proof.proven.get()
                fallback=move || view! {
                    <p>{move || i18n.t(if has_password() { Msg::ProofIntro } else { Msg::ProofIntroByCode })}</p>
                    {move || has_password().then(|| view! {
                        <form class="account-form" novalidate on:submit=submit_password>
                            <TextField path="current_password" label=Msg::CurrentPassword value=password.into() on_input=Callback::new(move |v| password.set(v)) errors=password_errors kind="password" autocomplete="current-password" />
                            <button type="submit" class="button" disabled=move || prove.pending().get()>{move || i18n.t(Msg::ProveWithPassword)}</button>
                        </form>
                    })}
                    <form class="account-form" novalidate on:submit=submit_code>
                        {move || match code_minutes.get() {
                            None => view! {
                                <button type="button" class="button" on:click=send_code disabled=move || send.pending().get()>{move || i18n.t(Msg::SendProofCode)}</button>
                            }
                                .into_any(),
                            Some(minutes) => view! {
                                <p role="status">{move || filled(Msg::ProofCodeSent, minutes)}</p>
                                <TextField path="code" id="field-proof-code" label=Msg::ProofCode value=code.into() on_input=Callback::new(move |v| code.set(v)) errors=code_errors input_mode="numeric" autocomplete="one-time-code" />
                                <button type="submit" class="button" disabled=move || prove_by_code.pending().get()>{move || i18n.t(Msg::ProveWithCode)}</button>
                                <button type="button" class="button button--quiet" on:click=send_code disabled=move || send.pending().get()>{move || i18n.t(Msg::ResendProofCode)}</button>
                            }
                                .into_any(),
                        }}
                    </form>
                }
            >
                <p role="status">{move || filled(Msg::Proven, proof.minutes.get())}</p>
            </Show>
            <p class="form-message" role="status">{move || message.get().map(|m| i18n.t(m))}</p>
        </section>
    }
}
