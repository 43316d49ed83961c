//! A two-way binding to part of some state (the checkout draft's delivery address, the address book
//! form's recipient), so a form piece edits that part without knowing what holds it.

use leptos::prelude::*;

type ReadFn<T> = dyn Fn(&mut dyn FnMut(&T)) + Send + Sync;
type UpdateFn<T> = dyn Fn(&mut dyn FnMut(&mut T)) + Send + Sync;

/// Reads (tracked) and changes in place one value, wherever it lives. Copy, like a signal.
pub struct Lens<T: 'static> {
    parts: StoredValue<Parts<T>>,
}

struct Parts<T: 'static> {
    read: Box<ReadFn<T>>,
    update: Box<UpdateFn<T>>,
}

impl<T> Clone for Lens<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Lens<T> {}

impl<T: Send + Sync + 'static> From<RwSignal<T>> for Lens<T> {
    fn from(signal: RwSignal<T>) -> Self {
        Self::new(move |f| signal.with(|v| f(v)), move |f| signal.update(|v| f(v)))
    }
}

impl<T: 'static> Lens<T> {
    fn new(
        read: impl Fn(&mut dyn FnMut(&T)) + Send + Sync + 'static,
        update: impl Fn(&mut dyn FnMut(&mut T)) + Send + Sync + 'static,
    ) -> Self {
        Self { parts: StoredValue::new(Parts { read: Box::new(read), update: Box::new(update) }) }
    }

    /// Reads the value, tracked by the reactive context (like a signal's `with`).
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        let (mut f, mut out) = (Some(f), None);
        self.parts.with_value(|parts| {
            (parts.read)(&mut |value| {
                if let Some(f) = f.take() {
                    out = Some(f(value));
                }
            })
        });
        out.expect("a lens reaches its value")
    }

    /// Changes the value in place and notifies what reads it (like a signal's `update`).
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        let mut f = Some(f);
        self.parts.with_value(|parts| {
            (parts.update)(&mut |value| {
                if let Some(f) = f.take() {
                    f(value);
                }
            })
        });
    }

    /// The part of this value that `get` and `set` reach, e.g. one address of the checkout draft.
    pub fn at<U: 'static>(
        self,
        get: impl Fn(&T) -> &U + Send + Sync + 'static,
        set: impl Fn(&mut T) -> &mut U + Send + Sync + 'static,
    ) -> Lens<U> {
        Lens::new(move |f| self.with(|value| f(get(value))), move |f| self.update(|value| f(set(value))))
    }

    /// A two-way binding to one text field of this value, for an input.
    pub fn bind(
        self,
        get: impl Fn(&T) -> &String + Send + Sync + 'static,
        set: impl Fn(&mut T) -> &mut String + Send + Sync + 'static,
    ) -> (Signal<String>, Callback<String>) {
        (
            Signal::derive(move || self.with(|value| get(value).clone())),
            Callback::new(move |text| self.update(|value| *set(value) = text)),
        )
    }
}
