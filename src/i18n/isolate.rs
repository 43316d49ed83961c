//! Values that read left to right (mobile numbers, emails, codes, order numbers) or in any direction
//! (names, a search) set inside Persian text, each in its own bidi isolate, so the text around them
//! never reorders them and they never reorder it.

use leptos::prelude::*;

/// `template` with `placeholder` replaced by `value`, isolated and shown left to right.
pub fn fill_ltr(template: &str, placeholder: &str, value: String) -> AnyView {
    fill(template, placeholder, view! { <bdi dir="ltr">{value}</bdi> }.into_any())
}

/// `template` with `placeholder` replaced by `value`, isolated in its own direction.
pub fn fill_auto(template: &str, placeholder: &str, value: String) -> AnyView {
    fill(template, placeholder, view! { <bdi>{value}</bdi> }.into_any())
}

fn fill(template: &str, placeholder: &str, value: AnyView) -> AnyView {
    let (before, after) = template.split_once(placeholder).unwrap_or((template, ""));
    let (before, after) = (before.to_owned(), after.to_owned());
    view! { {before} {value} {after} }.into_any()
}

/// A person as "name — mobile", each part isolated.
pub fn person(first_name: &str, last_name: &str, mobile: &str) -> AnyView {
    let name = format!("{first_name} {last_name}");
    let mobile = mobile.to_owned();
    view! { <bdi>{name}</bdi> " — " <bdi dir="ltr">{mobile}</bdi> }.into_any()
}
