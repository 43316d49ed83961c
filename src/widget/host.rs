//! What the host page hears from the widget: `CustomEvent`s named `pishkhan:<name>` on `document`,
//! bubbling and composed, whose details carry product ids, quantities and order numbers only.

use pishkhan_core::cart::CartItem;
use serde::Serialize;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit};

/// An event for the host page. Its fields are all it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum HostEvent {
    /// `cart:add`: units of a product went into the cart.
    CartAdd { product_id: u32, quantity: u32 },
    /// `cart:change`: the cart as it is now.
    CartChange { items: Vec<CartItem>, units: u32 },
    /// `order:placed`: the checkout placed an order.
    OrderPlaced { number: String },
}

impl HostEvent {
    fn name(&self) -> &'static str {
        match self {
            Self::CartAdd { .. } => "pishkhan:cart:add",
            Self::CartChange { .. } => "pishkhan:cart:change",
            Self::OrderPlaced { .. } => "pishkhan:order:placed",
        }
    }

    /// Dispatches the event on the host's `document`.
    pub fn dispatch(&self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let detail = serde_json::to_string(self).ok().and_then(|json| js_sys::JSON::parse(&json).ok());
        let init = CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_detail(&detail.unwrap_or(JsValue::NULL));
        if let Ok(event) = CustomEvent::new_with_event_init_dict(self.name(), &init) {
            let _ = document.dispatch_event(&event);
        }
    }
}

/// The events a change of the cart from `before` to `after` makes: an add for each product with more
/// units than before, then the cart as it is.
pub fn cart_events(before: &[CartItem], after: &[CartItem]) -> Vec<HostEvent> {
    let had = |id: u32| before.iter().find(|i| i.product_id == id).map_or(0, |i| i.quantity);
    let mut events: Vec<HostEvent> = after
        .iter()
        .filter(|i| i.quantity > had(i.product_id))
        .map(|i| HostEvent::CartAdd { product_id: i.product_id, quantity: i.quantity - had(i.product_id) })
        .collect();
    if before != after {
        events.push(HostEvent::CartChange { items: after.to_vec(), units: after.iter().map(|i| i.quantity).sum() });
    }
    events
}
