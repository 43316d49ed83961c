//! Full-page storefront entry point: mounts the routed app on the page body.

fn main() {
    leptos::mount::mount_to_body(pishkhan::app::App);
}
