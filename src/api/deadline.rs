//! A time limit for one request: aborts the fetch when a slow network would otherwise keep the
//! shopper waiting on a skeleton forever. The timer is cleared when the request settles.

use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{AbortController, AbortSignal};

pub struct Deadline {
    controller: AbortController,
    timer: Option<i32>,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    pub fn start(timeout_ms: i32) -> Option<Self> {
        let controller = AbortController::new().ok()?;
        let to_abort = controller.clone();
        let on_timeout = Closure::<dyn FnMut()>::new(move || to_abort.abort());
        let timer = web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), timeout_ms)
            .ok();
        Some(Self { controller, timer, _on_timeout: on_timeout })
    }

    pub fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let (Some(window), Some(timer)) = (web_sys::window(), self.timer) {
            window.clear_timeout_with_handle(timer);
        }
    }
}
