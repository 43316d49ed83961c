//! The shopper's choice, kept in one first-party cookie, and what it allows. [`Grant`] has no public
//! constructor: [`grants`] is the only way to get one, so nothing can load a tracker without consent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ConsentConfig, Purpose, Service};

/// The first-party cookie that holds the choice.
pub const COOKIE_NAME: &str = "pishkhan_consent";

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// How a choice was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Banner,
    Settings,
    /// The browser's Global Privacy Control signal, before the shopper chose anything.
    Gpc,
    /// The page that embeds the widget asked the shopper, and passed on their choice.
    Host,
}

/// Yes or no per optional purpose, and per service.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Choices {
    pub purposes: BTreeMap<Purpose, bool>,
    pub services: BTreeMap<String, bool>,
}

impl Choices {
    /// Every optional purpose and service off: the default, and what "reject all" and GPC mean.
    pub fn reject_all(config: &ConsentConfig) -> Self {
        Self::uniform(config, false)
    }

    pub fn accept_all(config: &ConsentConfig) -> Self {
        Self::uniform(config, true)
    }

    fn uniform(config: &ConsentConfig, on: bool) -> Self {
        Self {
            purposes: config.purposes_in_use().into_iter().map(|p| (p, on)).collect(),
            services: config
                .services
                .iter()
                .filter(|s| s.purpose != Purpose::Necessary)
                .map(|s| (s.id.clone(), on))
                .collect(),
        }
    }

    /// Turns a purpose on or off together with every service in it.
    pub fn set_purpose(&mut self, config: &ConsentConfig, purpose: Purpose, on: bool) {
        self.purposes.insert(purpose, on);
        for service in config.services.iter().filter(|s| s.purpose == purpose) {
            self.services.insert(service.id.clone(), on);
        }
    }

    /// Turns one service on or off. Turning a service on whose purpose is off turns the purpose on
    /// for that service alone (the purpose's other services stay off).
    pub fn set_service(&mut self, config: &ConsentConfig, service_id: &str, on: bool) {
        let Some(service) = config.service(service_id) else { return };
        if on && !self.allows_purpose(service.purpose) {
            for other in config.services.iter().filter(|s| s.purpose == service.purpose) {
                self.services.insert(other.id.clone(), false);
            }
            self.purposes.insert(service.purpose, true);
        }
        self.services.insert(service_id.to_owned(), on);
    }

    /// Whether a service may run: necessary ones always; others only when both their purpose and
    /// the service itself are allowed (a service not mentioned follows its purpose).
    pub fn allows(&self, service: &Service) -> bool {
        if service.purpose == Purpose::Necessary {
            return true;
        }
        let purpose = self.purposes.get(&service.purpose).copied().unwrap_or(false);
        purpose && self.services.get(&service.id).copied().unwrap_or(true)
    }

    pub fn allows_purpose(&self, purpose: Purpose) -> bool {
        purpose == Purpose::Necessary || self.purposes.get(&purpose).copied().unwrap_or(false)
    }

    /// The same choice over exactly this configuration's purposes and services.
    pub fn normalised(&self, config: &ConsentConfig) -> Self {
        let mut out = Self::reject_all(config);
        for (purpose, on) in &mut out.purposes {
            *on = self.purposes.get(purpose).copied().unwrap_or(false);
        }
        for (id, on) in &mut out.services {
            *on = config.service(id).is_some_and(|s| self.allows(s));
        }
        out
    }
}

/// What the consent cookie holds: no personal data, only the choice and when and how it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    /// A random id, so the backend's receipts for this browser can be told apart.
    pub id: String,
    pub revision: String,
    /// [`ConsentConfig::services_fingerprint`] when the choice was made.
    pub services_fingerprint: String,
    pub choices: Choices,
    pub method: Method,
    /// Milliseconds since the epoch.
    pub given_at: u64,
    pub updated_at: u64,
}

impl ConsentRecord {
    pub fn new(config: &ConsentConfig, id: String, choices: &Choices, method: Method, now_ms: u64) -> Self {
        Self {
            id,
            revision: config.revision.clone(),
            services_fingerprint: config.services_fingerprint(),
            choices: choices.normalised(config),
            method,
            given_at: now_ms,
            updated_at: now_ms,
        }
    }

    /// This record with a new choice, keeping its id and first date.
    pub fn changed(&self, config: &ConsentConfig, choices: &Choices, method: Method, now_ms: u64) -> Self {
        Self { given_at: self.given_at, ..Self::new(config, self.id.clone(), choices, method, now_ms) }
    }
}

/// Whether the shopper must be asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// No choice, or one made under another policy revision or other services, or expired.
    Ask,
    Decided(ConsentRecord),
}

pub fn status(config: &ConsentConfig, stored: Option<ConsentRecord>, now_ms: u64) -> Status {
    match stored {
        Some(record)
            if record.revision == config.revision
                && record.services_fingerprint == config.services_fingerprint()
                && now_ms.saturating_sub(record.updated_at) < u64::from(config.retention_days) * DAY_MS =>
        {
            Status::Decided(record)
        }
        _ => Status::Ask,
    }
}

/// Permission to load one service's scripts, obtainable only from [`grants`].
#[derive(Debug, PartialEq, Eq)]
pub struct Grant {
    service_id: String,
}

impl Grant {
    pub fn service_id(&self) -> &str {
        &self.service_id
    }
}

/// The services whose scripts may load under this status. None before a choice, none for a crawler,
/// none that load nothing.
pub fn grants(config: &ConsentConfig, status: &Status, is_crawler: bool) -> Vec<Grant> {
    let Status::Decided(record) = status else { return Vec::new() };
    if is_crawler {
        return Vec::new();
    }
    config
        .services
        .iter()
        .filter(|s| !s.scripts.is_empty() && s.purpose != Purpose::Necessary && record.choices.allows(s))
        .map(|s| Grant { service_id: s.id.clone() })
        .collect()
}

/// The services allowed before and not after: their cookies and storage must be cleared.
pub fn withdrawn_services<'a>(config: &'a ConsentConfig, before: &Choices, after: &Choices) -> Vec<&'a Service> {
    config.services.iter().filter(|s| s.purpose != Purpose::Necessary && before.allows(s) && !after.allows(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::config::tests::example;
    use proptest::prelude::*;

    const NOW: u64 = 1_800_000_000_000;

    fn decided(choices: &Choices) -> Status {
        let config = example();
        status(&config, Some(ConsentRecord::new(&config, "id".into(), choices, Method::Banner, NOW)), NOW)
    }

    fn granted(config: &ConsentConfig, status: &Status) -> Vec<String> {
        grants(config, status, false).iter().map(|g| g.service_id().to_owned()).collect()
    }

    #[test]
    fn nothing_is_granted_before_a_choice_or_to_a_crawler() {
        let config = example();
        assert_eq!(status(&config, None, NOW), Status::Ask);
        assert!(grants(&config, &Status::Ask, false).is_empty());
        assert!(grants(&config, &decided(&Choices::accept_all(&config)), true).is_empty());
    }

    #[test]
    fn grants_follow_purposes() {
        let config = example();
        assert_eq!(granted(&config, &decided(&Choices::accept_all(&config))), vec!["ga4", "smartlook"]);
        assert!(granted(&config, &decided(&Choices::reject_all(&config))).is_empty());
        let mut analytics_only = Choices::reject_all(&config);
        analytics_only.set_purpose(&config, Purpose::Analytics, true);
        assert_eq!(granted(&config, &decided(&analytics_only)), vec!["ga4"]);
        let mut purpose_but_not_service = Choices::accept_all(&config);
        purpose_but_not_service.services.insert("ga4".into(), false);
        assert_eq!(granted(&config, &decided(&purpose_but_not_service)), vec!["smartlook"]);
    }

    #[test]
    fn asked_again_on_revision_services_or_expiry() {
        let config = example();
        let record = ConsentRecord::new(&config, "id".into(), &Choices::accept_all(&config), Method::Banner, NOW);
        assert!(matches!(status(&config, Some(record.clone()), NOW + 1000), Status::Decided(_)));
        let mut bumped = config.clone();
        bumped.revision = "2027-01".into();
        assert_eq!(status(&bumped, Some(record.clone()), NOW), Status::Ask);
        let mut more = config.clone();
        more.services[1].scripts.push("https://example.com/more.js".into());
        assert_eq!(status(&more, Some(record.clone()), NOW), Status::Ask);
        assert_eq!(status(&config, Some(record), NOW + 182 * DAY_MS), Status::Ask);
    }

    #[test]
    fn one_service_alone() {
        let config = example();
        let mut choices = Choices::reject_all(&config);
        choices.set_service(&config, "smartlook", true);
        assert_eq!(granted(&config, &decided(&choices)), vec!["smartlook"]);
        choices.set_service(&config, "smartlook", false);
        assert!(granted(&config, &decided(&choices)).is_empty());
    }

    #[test]
    fn withdrawal_names_what_to_clean() {
        let config = example();
        let all = Choices::accept_all(&config);
        let mut less = all.clone();
        less.set_purpose(&config, Purpose::SessionRecording, false);
        let ids: Vec<_> = withdrawn_services(&config, &all, &less).iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["smartlook"]);
    }

    proptest! {
        #[test]
        fn a_grant_always_means_its_purpose_was_chosen(analytics: bool, marketing: bool, recording: bool, ga4: Option<bool>) {
            let config = example();
            let mut choices = Choices::default();
            choices.purposes.insert(Purpose::Analytics, analytics);
            choices.purposes.insert(Purpose::Marketing, marketing);
            choices.purposes.insert(Purpose::SessionRecording, recording);
            if let Some(on) = ga4 { choices.services.insert("ga4".into(), on); }
            for grant in grants(&config, &decided(&choices), false) {
                let service = config.service(grant.service_id()).unwrap();
                prop_assert!(choices.allows_purpose(service.purpose));
                prop_assert!(service.purpose != Purpose::Necessary);
            }
        }

        #[test]
        fn stored_choices_round_trip(analytics: bool, recording: bool, at in 0u64..NOW) {
            let config = example();
            let mut choices = Choices::reject_all(&config);
            choices.purposes.insert(Purpose::Analytics, analytics);
            choices.purposes.insert(Purpose::SessionRecording, recording);
            let record = ConsentRecord::new(&config, "id".into(), &choices, Method::Settings, at);
            let json = serde_json::to_string(&record).unwrap();
            prop_assert_eq!(serde_json::from_str::<ConsentRecord>(&json).unwrap(), record);
        }
    }
}
