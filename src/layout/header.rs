//! The header: shop name, search, cart link with its badge, and the language switch.
//! Router-free: searching is reported through `on_search`.

use leptos::prelude::*;

use crate::{
    cart::CartStore,
    i18n::{Msg, number, use_i18n},
    links::Link,
    routes::Place,
    session::Session,
};

#[component]
pub fn Header(
    /// The search text currently in effect, shown in the field.
    #[prop(into)]
    search: Signal<String>,
    #[prop(into)] on_search: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let cart = CartStore::use_store();
    let session = Session::use_session();
    let field = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = field.get() {
            on_search.run(input.value().trim().to_owned());
        }
    };
    let units = move || cart.unit_count();
    view! {
        <a class="skip-link" href="#main">{move || i18n.t(Msg::SkipToContent)}</a>
        <header class="site-header">
            <Link to=Place::Home class="site-header__brand">
                <span class="site-header__name">{move || i18n.t(Msg::Brand)}</span>
                <span class="site-header__tagline">{move || i18n.t(Msg::Tagline)}</span>
            </Link>
            <form class="search" role="search" on:submit=submit>
                <label class="visually-hidden" for="site-search">{move || i18n.t(Msg::SearchLabel)}</label>
                <input
                    id="site-search"
                    node_ref=field
                    type="search"
                    name="q"
                    enterkeyhint="search"
                    autocomplete="off"
                    placeholder=move || i18n.t(Msg::SearchPlaceholder)
                    prop:value=search
                />
                <button type="submit" class="button">{move || i18n.t(Msg::SearchButton)}</button>
            </form>
            <div class="site-header__actions">
                <Link to=Place::Account class="button button--quiet">
                    {move || i18n.t(if session.me.with(Option::is_some) { Msg::AccountLink } else { Msg::SignInLink })}
                </Link>
                <Link to=Place::Cart class="cart-link">
                    {move || i18n.t(Msg::CartLink)}
                    <span class="cart-link__badge" aria-hidden="true" hidden=move || units() == 0>
                        {move || number(units().into(), i18n.locale())}
                    </span>
                    <span class="visually-hidden" data-testid="cart-count">
                        {move || i18n.t(Msg::CartUnits).replace("{n}", &number(units().into(), i18n.locale()))}
                    </span>
                </Link>
                <button
                    type="button"
                    class="button button--quiet"
                    lang=move || i18n.locale().other().code()
                    title=move || i18n.t(Msg::LanguageSwitchLabel)
                    on:click=move |_| i18n.set_locale(i18n.locale().other())
                >
                    {move || i18n.t(Msg::LanguageSwitch)}
                </button>
            </div>
        </header>
    }
}
