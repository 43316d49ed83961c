//! Locale (Persian first, English second), the shopper's choice of it, and number formatting through
//! the browser's `Intl`, so no digit or calendar tables ship in the wasm.

mod format;
mod isolate;
mod messages;

pub use format::{date_time, number, persian_month_name, price};
pub use isolate::{fill_auto, fill_ltr, person};
pub use messages::Msg;

use leptos::prelude::*;

use crate::storage::{Store, read_text, write_text};

const LOCALE_KEY: &str = "pishkhan.locale";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Fa,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Self::Fa => "fa",
            Self::En => "en",
        }
    }

    pub fn dir(self) -> &'static str {
        match self {
            Self::Fa => "rtl",
            Self::En => "ltr",
        }
    }

    /// The BCP 47 tag handed to `Intl`; `fa-IR` gives Persian digits and separators.
    pub fn intl_tag(self) -> &'static str {
        match self {
            Self::Fa => "fa-IR",
            Self::En => "en-US",
        }
    }

    pub fn other(self) -> Self {
        match self {
            Self::Fa => Self::En,
            Self::En => Self::Fa,
        }
    }

    /// The locale of a language tag (`fa`, `en-GB`), if it is one we speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        Self::parse(tag.split(['-', '_']).next()?.to_ascii_lowercase().as_str())
    }

    fn parse(code: &str) -> Option<Self> {
        [Self::Fa, Self::En].into_iter().find(|l| l.code() == code)
    }
}

/// The active locale, shared through context. Components read it; only the header's switch writes it.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
}

impl I18n {
    /// Creates the locale state from the remembered choice, keeps `<html lang dir>` in step, and provides it.
    pub fn provide() -> Self {
        let stored = read_text(Store::Local, LOCALE_KEY).and_then(|c| Locale::parse(&c));
        let i18n = Self { locale: RwSignal::new(stored.unwrap_or_default()) };
        Effect::new(move |_| {
            let locale = i18n.locale.get();
            if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
                let _ = root.set_attribute("lang", locale.code());
                let _ = root.set_attribute("dir", locale.dir());
            }
        });
        provide_context(i18n);
        i18n
    }

    /// A locale that is not the shopper's remembered choice and not the page's language: the widget's
    /// (from its host page) and the embedded checkout's (from the widget). Nothing is stored, and the
    /// document's `lang` and `dir` are left to the page that owns it.
    pub fn provide_fixed(locale: Locale) -> Self {
        let i18n = Self { locale: RwSignal::new(locale) };
        provide_context(i18n);
        i18n
    }

    pub fn locale(&self) -> Locale {
        self.locale.get()
    }

    /// The locale now, for something built once (an address), not re-rendered.
    pub fn locale_untracked(&self) -> Locale {
        self.locale.get_untracked()
    }

    pub fn set_locale(&self, locale: Locale) {
        write_text(Store::Local, LOCALE_KEY, locale.code());
        self.locale.set(locale);
    }

    /// The message in the active locale (tracked: views re-render when the locale changes).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.locale.get())
    }
}

/// The locale state provided by [`I18n::provide`]; falls back to Persian outside the app (component tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n { locale: RwSignal::new(Locale::Fa) })
}
