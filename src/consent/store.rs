//! The consent gate's state: the shop's configuration, the shopper's current record, and what the
//! banner and settings show. Every decision goes through [`ConsentStore::decide`].

use leptos::{prelude::*, task::spawn_local};
use pishkhan_core::consent::{
    Choices, ConsentConfig, ConsentReceipt, ConsentRecord, Method, Purpose, ReceiptAction, Status, grants, is_crawler,
    status, withdrawn_services,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use super::{cookie, loader, track::set_analytics_allowed};
use crate::{
    api::{self, ApiError},
    common::random_id,
    storage::{self, Store},
};

/// The receipt not yet recorded by the shop (this tab only; it names no person): sent again at the
/// next start, e.g. after the reload that follows a withdrawal, or from the failure notice.
const PENDING_RECEIPT: &str = "pishkhan.consent-receipt-pending.v1";

/// What the banner shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Banner {
    Hidden,
    /// First visit, new policy, new services or an expired choice.
    Ask,
    /// The browser sent Global Privacy Control and everything optional was turned off.
    GpcApplied,
}

#[derive(Debug, Clone, Copy)]
pub struct ConsentStore {
    pub config: RwSignal<Option<ConsentConfig>>,
    pub record: RwSignal<Option<ConsentRecord>>,
    pub banner: RwSignal<Banner>,
    pub settings_open: RwSignal<bool>,
    /// The last receipt could not be recorded: why (the notice offers a retry).
    pub receipt_failed: RwSignal<Option<ApiError>>,
    /// Whether the gate has started: read the configuration and the shopper's choice, and applied it.
    started: StoredValue<bool>,
}

pub(super) fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn navigator_flag(name: &str) -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w.navigator(), &JsValue::from_str(name)).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

pub(super) fn crawler() -> bool {
    web_sys::window().and_then(|w| w.navigator().user_agent().ok()).is_some_and(|ua| is_crawler(&ua))
}

pub(super) async fn load_config() -> Option<ConsentConfig> {
    let text = api::consent_config().await.ok()?;
    match ConsentConfig::parse(&text) {
        Ok(config) => Some(config),
        Err(problems) => {
            // Fail closed: with a broken configuration no tracker can load.
            web_sys::console::error_1(
                &format!("consent.json is invalid; no tracker will load:\n{}", problems.join("\n")).into(),
            );
            None
        }
    }
}

/// Loads every granted service's scripts and tells vendors and our `track` what is allowed.
pub(super) fn apply(config: &ConsentConfig, record: &ConsentRecord) {
    set_analytics_allowed(record.choices.allows_purpose(Purpose::Analytics) && !crawler());
    if config.uses_google_consent_mode() {
        loader::google_consent_update(&record.choices);
    }
    for grant in grants(config, &Status::Decided(record.clone()), crawler()) {
        loader::load(&grant, config);
    }
}

/// A receipt to record, with the idempotency key that makes sending it again safe.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct PendingReceipt {
    key: String,
    receipt: ConsentReceipt,
}

fn receipt(record: &ConsentRecord, action: ReceiptAction, shown_text_hash: String) -> PendingReceipt {
    let receipt = ConsentReceipt {
        consent_id: record.id.clone(),
        revision: record.revision.clone(),
        action,
        method: record.method,
        purposes: record.choices.purposes.clone(),
        services: record.choices.services.clone(),
        shown_text_hash,
    };
    PendingReceipt { key: random_id(), receipt }
}

impl ConsentStore {
    /// The gate, started at once.
    pub fn provide() -> Self {
        let store = Self::provide_idle();
        store.wake();
        store
    }

    /// The gate, not started until [`Self::wake`]: until then it reads no configuration, loads no tracker,
    /// asks nothing, and our own events are dropped, whatever the shopper agreed to before.
    pub fn provide_idle() -> Self {
        let store = Self {
            config: RwSignal::new(None),
            record: RwSignal::new(None),
            banner: RwSignal::new(Banner::Hidden),
            settings_open: RwSignal::new(false),
            receipt_failed: RwSignal::new(None),
            started: StoredValue::new(false),
        };
        provide_context(store);
        store
    }

    /// Starts the gate, once: the shopper's recorded choice is applied (its trackers load), or asked for.
    pub fn wake(self) {
        if !self.started.get_value() {
            self.started.set_value(true);
            spawn_local(async move { self.start().await });
        }
    }

    pub fn use_store() -> Self {
        expect_context::<Self>()
    }

    /// Sends `receipt` to the shop's ledger, keeping it (with its idempotency key) as pending until
    /// it is recorded. A failure must not block the shopper (the choice is in force either way); it
    /// is shown, with a retry.
    async fn send_receipt(self, pending: PendingReceipt) {
        storage::write(Store::Session, PENDING_RECEIPT, &pending);
        match api::consent_receipt(&pending.receipt, &pending.key).await {
            Ok(_) => {
                storage::remove(Store::Session, PENDING_RECEIPT);
                self.receipt_failed.set(None);
            }
            Err(error) => self.receipt_failed.set(Some(error)),
        }
    }

    /// Sends the pending receipt, if any (at start, and from the failure notice's retry).
    pub fn send_pending_receipt(self) {
        if let Some(pending) = storage::read::<PendingReceipt>(Store::Session, PENDING_RECEIPT) {
            spawn_local(async move { self.send_receipt(pending).await });
        }
    }

    async fn start(self) {
        self.send_pending_receipt();
        let Some(config) = load_config().await else { return };
        if config.uses_google_consent_mode() {
            loader::google_consent_default();
        }
        let crawler = crawler();
        match status(&config, cookie::read_record(), now_ms()) {
            Status::Decided(record) => {
                apply(&config, &record);
                self.record.set(Some(record));
            }
            Status::Ask if crawler => {}
            Status::Ask if navigator_flag("globalPrivacyControl") => {
                let record =
                    ConsentRecord::new(&config, random_id(), &Choices::reject_all(&config), Method::Gpc, now_ms());
                cookie::write_record(&record, config.retention_days);
                self.record.set(Some(record.clone()));
                self.banner.set(Banner::GpcApplied);
                self.send_receipt(receipt(&record, ReceiptAction::Given, pishkhan_core::consent::fingerprint("gpc")))
                    .await;
            }
            Status::Ask => self.banner.set(Banner::Ask),
        }
        self.config.set(Some(config));
    }

    /// The choice the settings dialog starts from: the current one, or everything off.
    pub fn current_choices(&self) -> Option<Choices> {
        let config = self.config.get_untracked()?;
        Some(self.record.get_untracked().map(|r| r.choices).unwrap_or_else(|| Choices::reject_all(&config)))
    }

    /// Records a choice: cookie, receipt, trackers loaded — or, when something was withdrawn, every
    /// cookie and storage key no necessary service declares deleted, vendors told, and the page
    /// reloaded so no vendor code keeps running.
    pub fn decide(&self, choices: Choices, method: Method, shown_text: &str) {
        let Some(config) = self.config.get_untracked() else { return };
        let previous = self.record.get_untracked();
        let record = match &previous {
            Some(old) => old.changed(&config, &choices, method, now_ms()),
            None => ConsentRecord::new(&config, random_id(), &choices, method, now_ms()),
        };
        let before = previous.as_ref().map(|r| r.choices.clone()).unwrap_or_else(|| Choices::reject_all(&config));
        let withdrawn: Vec<_> = withdrawn_services(&config, &before, &record.choices).into_iter().cloned().collect();
        let action = match (&previous, withdrawn.is_empty()) {
            (None, _) => ReceiptAction::Given,
            (Some(_), false) => ReceiptAction::Withdrawn,
            (Some(_), true) => ReceiptAction::Changed,
        };
        cookie::write_record(&record, config.retention_days);
        self.banner.set(Banner::Hidden);
        self.settings_open.set(false);
        let receipt = receipt(&record, action, pishkhan_core::consent::fingerprint(shown_text));
        let this = *self;
        if withdrawn.is_empty() {
            apply(&config, &record);
            self.record.set(Some(record));
            spawn_local(async move { this.send_receipt(receipt).await });
        } else {
            set_analytics_allowed(record.choices.allows_purpose(Purpose::Analytics));
            let necessary: Vec<_> = config.services.iter().filter(|s| s.purpose == Purpose::Necessary).collect();
            cookie::clear_undeclared(&necessary);
            if config.uses_google_consent_mode() {
                loader::google_consent_update(&record.choices);
            }
            spawn_local(async move {
                // recorded or not, the page reloads: a receipt still pending is sent after it
                this.send_receipt(receipt).await;
                if let Some(window) = web_sys::window() {
                    let _ = window.location().reload();
                }
            });
        }
    }
}
