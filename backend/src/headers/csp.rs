//! The Content-Security-Policy of the storefront's page: scripts only from the shop itself, the
//! build's inline start-up script by its hash, and the hosts of the trackers the consent
//! configuration names; no `eval` but WebAssembly's, no inline styles, and no framing.

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use pishkhan_core::consent::ConsentConfig;
use sha2::{Digest, Sha256};

/// Everything but the storefront's page (API answers, files): nothing may load, nothing may frame it.
pub const STRICT: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// `'sha256-…'`: the CSP source that allows exactly `text` as an inline script or style.
pub fn hash_source(text: &str) -> String {
    format!("'sha256-{}'", STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// The policy for the storefront's `index.html` (`page`), with trackers from `consent`, if any; framed by
/// no one, or by exactly the origins in `ancestors`.
pub fn storefront(page: &str, consent: Option<&ConsentConfig>, ancestors: &[String]) -> String {
    let scripts: String = inline_scripts(page).into_iter().map(|s| format!(" {}", hash_source(s))).collect();
    let trackers: BTreeSet<String> = consent
        .into_iter()
        .flat_map(|c| &c.services)
        .flat_map(|s| &s.scripts)
        .filter_map(|script| origin(&script.src))
        .collect();
    let trackers: String = trackers.iter().map(|t| format!(" {t}")).collect();
    let ancestors = if ancestors.is_empty() { "'none'".to_owned() } else { ancestors.join(" ") };
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}{trackers}; style-src 'self'; \
         img-src 'self' data:{trackers}; font-src 'self'; connect-src 'self'{trackers}; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

/// `https://host[:port]` of an absolute https URL; `None` for the shop's own paths.
fn origin(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())?;
    Some(format!("https://{}", host.to_ascii_lowercase()))
}

/// The text of every inline script the browser would run: no `src`, and a JavaScript type (or none).
/// Data blocks such as `<script type="application/json">` are not scripts to CSP.
fn inline_scripts(page: &str) -> Vec<&str> {
    // ASCII lowercasing keeps every byte offset, so positions found in `lower` slice `page`.
    let lower = page.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut at = 0;
    while let Some(open) = lower[at..].find("<script").map(|i| at + i) {
        let Some(tag_end) = lower[open..].find('>').map(|i| open + i) else { break };
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else { break };
        let tag = &lower[open..tag_end];
        let body = &page[tag_end + 1..close];
        if !has_attribute(tag, "src") && is_javascript(tag) && !body.is_empty() {
            scripts.push(body);
        }
        at = close;
    }
    scripts
}

fn has_attribute(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_ascii_whitespace()).any(|part| part == name || part.starts_with(&format!("{name}=")))
}

fn is_javascript(tag: &str) -> bool {
    let Some(value) = tag.split("type=").nth(1) else { return true };
    let value = value.trim_start_matches(['"', '\'']);
    let kind = value.split(['"', '\'', ' ', '>']).next().unwrap_or("");
    matches!(kind, "" | "module" | "text/javascript" | "application/javascript")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><script type=\"application/json\" id=\"pishkhan-config\">{\"a\":1}</script>\n\
        <SCRIPT type=\"module\">\nimport init from '/app.js';\n</SCRIPT>\
        <script src=\"/x.js\"></script><script>one()</script><script type='text/javascript'>two()</script></head></html>";

    #[test]
    fn hashes_only_inline_javascript() {
        assert_eq!(inline_scripts(PAGE), ["\nimport init from '/app.js';\n", "one()", "two()"]);
    }

    #[test]
    fn a_hash_is_the_base64_sha256_of_the_exact_text() {
        // the CSP specification's example
        assert_eq!(hash_source("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
    }

    #[test]
    fn tracker_origins_come_from_https_script_urls() {
        assert_eq!(
            origin("https://www.GoogleTagManager.com/gtag/js?id=G-1"),
            Some("https://www.googletagmanager.com".into())
        );
        assert_eq!(origin("https://cdn.example:8443"), Some("https://cdn.example:8443".into()));
        assert_eq!(origin("/own/tracker.js"), None);
        assert_eq!(origin("http://plain.example/x.js"), None);
    }

    #[test]
    fn the_policy_has_no_unsafe_sources() {
        let policy = storefront(PAGE, None, &[]);
        assert!(policy.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{policy}");
    }
}
