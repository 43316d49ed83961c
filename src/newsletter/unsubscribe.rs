//! The page of the unsubscribe link in every message, with no sign-in: which list and (masked) address the
//! link is for, leaving that list or everything in one click, and an undo. Opening the page only reads what
//! the link is for (a mail client's prefetch of the link must never unsubscribe, and neither does the page
//! on load): only a button press changes anything.

use leptos::prelude::*;

use crate::{
    api::{
        ApiError,
        newsletter::{self, LinkView, Scope},
    },
    common::{LoadError, SkeletonLines},
    i18n::{Msg, use_i18n},
    links::{Link, Links},
    routes::Place,
};

/// What the shopper asked of the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// Read what the link is for (on opening the page).
    Show,
    Leave(Scope),
    Undo,
}

/// What the last step that worked did, for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Done {
    Shown,
    /// The lists it took the subscriber off (empty: nothing to do).
    Left(Vec<String>),
    Undone,
}

/// The name of a list in the shopper's language; the backend's (Persian) name for a list we do not know.
fn list_name(list: &str, backend_name: &str, locale_text: impl Fn(Msg) -> &'static str) -> String {
    match list {
        "newsletter" => locale_text(Msg::ListNewsletter).to_owned(),
        "sms_promotions" => locale_text(Msg::ListSmsPromotions).to_owned(),
        "sms_order_status" => locale_text(Msg::ListSmsOrderStatus).to_owned(),
        _ => backend_name.to_owned(),
    }
}

/// Runs one step with the link's current token; an undo's answer brings the token that replaces it.
async fn run(token: String, step: Step) -> Result<(LinkView, Done, Option<String>), ApiError> {
    match step {
        Step::Show => newsletter::link(&token).await.map(|link| (link, Done::Shown, None)),
        Step::Leave(scope) => {
            newsletter::unsubscribe(&token, scope).await.map(|done| (done.link, Done::Left(done.unsubscribed), None))
        }
        Step::Undo => newsletter::undo(&token).await.map(|done| (done.link, Done::Undone, Some(done.token))),
    }
}

#[component]
pub fn UnsubscribeView(#[prop(into)] token: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    // Read once; from now on the token lives here only, out of the address bar and history.
    let token = RwSignal::new(token.get_untracked());
    let known = !token.get_untracked().is_empty();
    if known {
        Links::use_links().replace_address(Place::Unsubscribe);
    }
    let link = RwSignal::new(None::<LinkView>);
    let done = RwSignal::new(None::<Done>);
    // A failure that is not about the link: shown with a retry of the same step; what is shown stays.
    let failed = RwSignal::new(None::<(ApiError, Step)>);
    // The link itself is refused (tampered, unknown, erased or replaced): nothing was changed.
    let refused = RwSignal::new(None::<Msg>);
    let action = Action::new_local(move |step: &Step| run(token.get_untracked(), *step));
    let busy = action.pending();
    let start = move |step: Step| {
        if !busy.get_untracked() {
            failed.set(None);
            action.dispatch(step);
        }
    };
    Effect::new(move |_| {
        let Some(result) = action.value().get() else { return };
        let step = action.input().get_untracked().unwrap_or(Step::Show);
        match result {
            Ok((view, outcome, new_token)) => {
                if let Some(new_token) = new_token {
                    token.set(new_token);
                }
                link.set(Some(view));
                done.set(Some(outcome));
            }
            Err(ApiError::NotFound) => refused.set(Some(Msg::UnsubscribeInvalid)),
            Err(ApiError::Gone(_)) => refused.set(Some(Msg::UnsubscribeReplaced)),
            Err(error) => failed.set(Some((error, step))),
        }
    });
    if known {
        action.dispatch(Step::Show);
    } else {
        refused.set(Some(Msg::UnsubscribeNoToken));
    }

    let name = move |view: &LinkView| list_name(&view.list, &view.list_name, |m| i18n.t(m));
    let status = move || {
        let view = link.get()?;
        let text = match done.get()? {
            Done::Left(lists) if lists.is_empty() => i18n.t(Msg::UnsubscribeNothingChanged).to_owned(),
            Done::Left(lists) => {
                let names: Vec<String> = lists
                    .iter()
                    .map(|l| if *l == view.list { name(&view) } else { list_name(l, l, |m| i18n.t(m)) })
                    .collect();
                i18n.t(Msg::UnsubscribeDone).replace("{lists}", &names.join(i18n.t(Msg::ListSeparator)))
            }
            Done::Undone => i18n.t(Msg::UnsubscribeUndone).to_owned(),
            Done::Shown => return None,
        };
        Some(text)
    };
    let details = move || {
        link.get().map(|view| {
            let list = name(&view);
            let state = if view.subscribed { Msg::UnsubscribeOnList } else { Msg::UnsubscribeOffList };
            let can_leave = view.can_unsubscribe;
            let subscribed = view.subscribed;
            view! {
                <dl class="unsubscribe__details">
                    <dt>{move || i18n.t(Msg::UnsubscribeListLabel)}</dt>
                    <dd><bdi>{list}</bdi></dd>
                    <dt>{move || i18n.t(Msg::UnsubscribeAddressLabel)}</dt>
                    <dd><bdi dir="ltr">{view.address.clone()}</bdi></dd>
                </dl>
                <p>{move || i18n.t(state)}</p>
                {(!can_leave).then(|| view! { <p class="form-hint">{move || i18n.t(Msg::UnsubscribeCannotLeave)}</p> })}
                <div class="unsubscribe__actions">
                    {(subscribed && can_leave).then(|| view! {
                        <button type="button" class="button button--primary" disabled=move || busy.get() on:click=move |_| start(Step::Leave(Scope::List))>
                            {move || i18n.t(Msg::UnsubscribeList)}
                        </button>
                    })}
                    {(!subscribed).then(|| view! {
                        <button type="button" class="button" disabled=move || busy.get() on:click=move |_| start(Step::Undo)>
                            {move || i18n.t(Msg::UnsubscribeUndo)}
                        </button>
                    })}
                    <button type="button" class="button" disabled=move || busy.get() on:click=move |_| start(Step::Leave(Scope::Everything))>
                        {move || i18n.t(Msg::UnsubscribeEverything)}
                    </button>
                </div>
                <p class="form-hint">
                    {move || i18n.t(Msg::UnsubscribeAccountHint)} " "
                    <Link to=Place::Account>{move || i18n.t(Msg::AccountTitle)}</Link>
                </p>
            }
        })
    };
    view! {
        <section class="unsubscribe">
            <h1>{move || i18n.t(Msg::UnsubscribeTitle)}</h1>
            {move || match refused.get() {
                Some(msg) => view! { <p class="notice-inline" role="alert">{move || i18n.t(msg)}</p> }.into_any(),
                None => view! {
                    {move || (link.with(Option::is_none) && failed.with(Option::is_none)).then(|| view! { <SkeletonLines lines=3 /> })}
                    {details}
                    <p class="form-message" role="status">{status}</p>
                    {move || failed.get().map(|(error, step)| view! { <LoadError error on_retry=move || start(step) /> })}
                }.into_any(),
            }}
        </section>
    }
}
