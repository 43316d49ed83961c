//! Pishkhan storefront: a Persian-first Leptos app. Features own their pages, components, state and
//! API calls; `app` wires them to the router for the full-page build.

pub mod account;
pub mod api;
#[cfg(feature = "page")]
pub mod app;
pub mod cart;
pub mod catalog;
pub mod checkout;
pub mod common;
pub mod config;
pub mod consent;
pub mod embed;
pub mod i18n;
pub mod layout;
pub mod links;
pub mod newsletter;
pub mod not_found;
pub mod routes;
pub mod session;
pub mod storage;
#[cfg(feature = "widget")]
pub mod widget;
