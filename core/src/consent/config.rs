//! The shop's consent configuration: which services (trackers) exist, for which purpose, what they
//! load and what they store. Edited by the shop as JSON, validated with clear messages.

use serde::{Deserialize, Serialize};

use super::fingerprint;

/// Why a service runs. `Necessary` is always on and may not load scripts: a tracker is never necessary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Necessary,
    Analytics,
    Marketing,
    SessionRecording,
}

impl Purpose {
    /// The purposes a shopper chooses; `Necessary` is not a choice.
    pub const OPTIONAL: [Purpose; 3] = [Purpose::Analytics, Purpose::Marketing, Purpose::SessionRecording];
}

/// A vendor's own consent interface that must be told about the shopper's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorApi {
    /// Google Consent Mode v2: default denied before any Google tag, updated on grant.
    GoogleConsentModeV2,
}

/// A tracker's script: its URL and, optionally, its Subresource Integrity hash (the browser then runs
/// it only if it is exactly the file the shop reviewed). Written as a plain URL string, or as
/// `{"src": "…", "integrity": "sha384-…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "ScriptSpec", into = "ScriptSpec")]
pub struct Script {
    pub src: String,
    pub integrity: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ScriptSpec {
    Url(String),
    WithIntegrity(ScriptWithIntegrity),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptWithIntegrity {
    src: String,
    integrity: String,
}

impl From<ScriptSpec> for Script {
    fn from(spec: ScriptSpec) -> Self {
        match spec {
            ScriptSpec::Url(src) => Self { src, integrity: None },
            ScriptSpec::WithIntegrity(ScriptWithIntegrity { src, integrity }) => {
                Self { src, integrity: Some(integrity) }
            }
        }
    }
}

impl From<Script> for ScriptSpec {
    fn from(script: Script) -> Self {
        match script.integrity {
            None => Self::Url(script.src),
            Some(integrity) => Self::WithIntegrity(ScriptWithIntegrity { src: script.src, integrity }),
        }
    }
}

impl From<&str> for Script {
    fn from(src: &str) -> Self {
        Self { src: src.to_owned(), integrity: None }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub name: String,
    pub purpose: Purpose,
    /// Script URLs: `https://…` or a root-relative path on the shop's own host, each optionally
    /// with its integrity hash.
    #[serde(default)]
    pub scripts: Vec<Script>,
    /// Cookie names it sets; a trailing `*` matches a prefix (e.g. `_ga_*`).
    #[serde(default)]
    pub cookies: Vec<String>,
    /// localStorage / sessionStorage keys it sets; a trailing `*` matches a prefix.
    #[serde(default)]
    pub storage_keys: Vec<String>,
    #[serde(default)]
    pub vendor_api: Option<VendorApi>,
    pub description_fa: String,
    pub description_en: String,
}

fn default_retention_days() -> u32 {
    182
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentConfig {
    /// The privacy policy's revision; a new one asks every shopper again.
    pub revision: String,
    /// How long a choice is kept before the shopper is asked again (default about 6 months).
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
    pub services: Vec<Service>,
}

fn is_name(s: &str) -> bool {
    let s = s.strip_suffix('*').unwrap_or(s);
    !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.:".contains(&b))
}

fn is_script_url(s: &str) -> bool {
    let no_space = !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains(['"', '<', '>', '\\']);
    let https =
        s.strip_prefix("https://").is_some_and(|rest| rest.split('/').next().is_some_and(|host| !host.is_empty()));
    let own_host = s.starts_with('/') && !s.starts_with("//");
    no_space && (https || own_host)
}

/// An integrity value: one or more `sha256-`, `sha384-` or `sha512-` hashes in base64, space-separated.
fn is_integrity(s: &str) -> bool {
    let hash = |h: &str| {
        let digest = ["sha256-", "sha384-", "sha512-"].iter().find_map(|alg| h.strip_prefix(alg));
        digest.is_some_and(|d| {
            !d.is_empty()
                && d.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
        })
    };
    !s.trim().is_empty() && s.split_ascii_whitespace().all(hash)
}

impl ConsentConfig {
    /// Parses and validates the shop's JSON; every problem is listed, each with where it is.
    pub fn parse(json: &str) -> Result<Self, Vec<String>> {
        let config: Self = serde_json::from_str(json).map_err(|e| vec![format!("consent configuration: {e}")])?;
        let problems = config.problems();
        if problems.is_empty() { Ok(config) } else { Err(problems) }
    }

    /// Everything wrong with this configuration, as messages a shop can act on.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.revision.trim().is_empty() || self.revision.len() > 40 {
            out.push("revision: must be 1 to 40 characters".to_owned());
        }
        if !(1..=395).contains(&self.retention_days) {
            out.push("retention_days: must be between 1 and 395 (13 months)".to_owned());
        }
        for (i, s) in self.services.iter().enumerate() {
            let at = format!("services[{i}] ({})", s.id);
            if s.id.is_empty()
                || s.id.len() > 40
                || !s.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                out.push(format!("{at}.id: use 1 to 40 lowercase letters, digits or dashes"));
            }
            if self.services[..i].iter().any(|other| other.id == s.id) {
                out.push(format!("{at}.id: another service has the same id"));
            }
            if s.name.trim().is_empty() {
                out.push(format!("{at}.name: required"));
            }
            if s.description_fa.trim().is_empty() || s.description_en.trim().is_empty() {
                out.push(format!(
                    "{at}: description_fa and description_en are required (shoppers are told what each service does)"
                ));
            }
            if s.purpose == Purpose::Necessary && !s.scripts.is_empty() {
                out.push(format!("{at}.purpose: a necessary service may not load scripts; trackers need consent"));
            }
            for (j, script) in s.scripts.iter().enumerate() {
                if !is_script_url(&script.src) {
                    out.push(format!(
                        "{at}.scripts[{j}]: must be an https:// URL or a path on this site starting with /"
                    ));
                }
                if script.integrity.as_deref().is_some_and(|i| !is_integrity(i)) {
                    out.push(format!(
                        "{at}.scripts[{j}].integrity: must be sha256-, sha384- or sha512- followed by the base64 hash"
                    ));
                }
            }
            for (j, name) in s.cookies.iter().enumerate() {
                if !is_name(name) {
                    out.push(format!("{at}.cookies[{j}]: not a cookie name"));
                }
            }
            for (j, key) in s.storage_keys.iter().enumerate() {
                if !is_name(key) {
                    out.push(format!("{at}.storage_keys[{j}]: not a storage key"));
                }
            }
            if s.vendor_api.is_some() && !matches!(s.purpose, Purpose::Analytics | Purpose::Marketing) {
                out.push(format!("{at}.vendor_api: Google Consent Mode applies to analytics or marketing services"));
            }
        }
        out
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    /// The optional purposes that have at least one service, in display order.
    pub fn purposes_in_use(&self) -> Vec<Purpose> {
        Purpose::OPTIONAL.into_iter().filter(|p| self.services.iter().any(|s| s.purpose == *p)).collect()
    }

    /// Changes when a service is added, removed, or changes purpose, scripts or what it stores:
    /// then a stored choice no longer covers what would run, and the shopper is asked again.
    pub fn services_fingerprint(&self) -> String {
        let mut parts: Vec<String> = self
            .services
            .iter()
            .map(|s| {
                format!(
                    "{}|{:?}|{}|{}|{}",
                    s.id,
                    s.purpose,
                    s.scripts.iter().map(|script| script.src.as_str()).collect::<Vec<_>>().join(","),
                    s.cookies.join(","),
                    s.storage_keys.join(",")
                )
            })
            .collect();
        parts.sort();
        fingerprint(&parts.join("\n"))
    }

    pub fn uses_google_consent_mode(&self) -> bool {
        self.services.iter().any(|s| s.vendor_api == Some(VendorApi::GoogleConsentModeV2))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn example() -> ConsentConfig {
        ConsentConfig::parse(
            r#"{
              "revision": "2026-11",
              "services": [
                { "id": "session", "name": "Session", "purpose": "necessary", "cookies": ["pishkhan_session"],
                  "description_fa": "ورود", "description_en": "Sign-in" },
                { "id": "ga4", "name": "Google Analytics", "purpose": "analytics", "scripts": ["https://www.googletagmanager.com/gtag/js?id=G-X"],
                  "cookies": ["_ga", "_ga_*"], "vendor_api": "google_consent_mode_v2", "description_fa": "آمار", "description_en": "Statistics" },
                { "id": "smartlook", "name": "Smartlook", "purpose": "session_recording", "scripts": ["https://web-sdk.smartlook.com/recorder.js"],
                  "storage_keys": ["smartlook_*"], "description_fa": "ضبط", "description_en": "Recording" }
              ]
            }"#,
        )
        .unwrap()
    }

    #[test]
    fn a_good_configuration_parses_with_defaults() {
        let config = example();
        assert_eq!(config.retention_days, 182);
        assert_eq!(config.purposes_in_use(), vec![Purpose::Analytics, Purpose::SessionRecording]);
        assert!(config.uses_google_consent_mode());
    }

    #[test]
    fn every_problem_is_named() {
        let mut config = example();
        config.retention_days = 0;
        config.services[0].scripts = vec!["/tracker.js".into()];
        config.services[1].scripts.push("javascript:alert(1)".into());
        config.services[2].id = "ga4".into();
        config.services[2].vendor_api = Some(VendorApi::GoogleConsentModeV2);
        let problems = config.problems().join("\n");
        for expected in [
            "retention_days",
            "services[0] (session).purpose",
            "services[1] (ga4).scripts[1]",
            "same id",
            "services[2] (ga4).vendor_api",
        ] {
            assert!(problems.contains(expected), "{expected} in\n{problems}");
        }
    }

    #[test]
    fn a_script_may_carry_its_integrity_hash() {
        let json = r#"{"revision":"1","services":[{"id":"stats","name":"Stats","purpose":"analytics",
            "scripts":["/own.js",{"src":"https://cdn.example/t.js","integrity":"sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"}],
            "description_fa":"آمار","description_en":"Stats"}]}"#;
        let config = ConsentConfig::parse(json).unwrap();
        let scripts = &config.services[0].scripts;
        assert_eq!(scripts[0], Script::from("/own.js"));
        assert!(scripts[1].integrity.as_deref().is_some_and(|i| i.starts_with("sha384-")));
        // written back as it was read
        let again = serde_json::to_value(&config.services[0].scripts).unwrap();
        assert_eq!(again[0], "/own.js");
        assert_eq!(again[1]["src"], "https://cdn.example/t.js");

        let mut broken = config.clone();
        broken.services[0].scripts[1].integrity = Some("md5-abc".into());
        assert!(
            broken.problems().join("\n").contains("services[0] (stats).scripts[1].integrity"),
            "{:?}",
            broken.problems()
        );
        let unknown = json.replace("\"integrity\"", "\"checksum\"");
        assert!(ConsentConfig::parse(&unknown).is_err());
    }

    #[test]
    fn syntax_errors_and_unknown_fields_are_reported() {
        assert!(ConsentConfig::parse("{").unwrap_err()[0].starts_with("consent configuration:"));
        let unknown = ConsentConfig::parse(r#"{"revision":"1","services":[],"tracker":true}"#).unwrap_err();
        assert!(unknown[0].contains("unknown field"), "{unknown:?}");
    }

    #[test]
    fn fingerprint_follows_services() {
        let config = example();
        let mut changed = config.clone();
        changed.services[1].cookies.push("_gid".into());
        assert_ne!(config.services_fingerprint(), changed.services_fingerprint());
        let mut reordered = config.clone();
        reordered.services.reverse();
        assert_eq!(config.services_fingerprint(), reordered.services_fingerprint());
    }
}
