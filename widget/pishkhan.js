// Pishkhan widget: the one script a host page loads, as a module:
//   <script type="module" src="https://SHOP/widget/pishkhan.js"></script>
// It loads the widget's wasm from next to itself and starts it on the page's placeholders
// (`data-pishkhan="product" | "collection" | "cart"`). `window.Pishkhan` is the host's API; calls
// made before the wasm is ready wait for it. Events are CustomEvents named `pishkhan:<name>` on
// `document` (composed, bubbling), carrying no personal data.
import init, { open, set_consent as setConsent, start } from './pishkhan-widget.js';

const ready = init({ module_or_path: new URL('./pishkhan-widget_bg.wasm', import.meta.url) }).then(() => start(import.meta.url));

const EVENTS = new Set(['cart:add', 'cart:change', 'order:placed']);

window.Pishkhan = Object.freeze({
  /** Opens a part of the widget: 'cart' (the drawer). */
  open: (what) => ready.then(() => open(String(what))),
  /** The shopper's consent, as the host asked for it: `{ analytics: true, marketing: false }`. */
  setConsent: (choice) => ready.then(() => setConsent(choice)),
  /** Calls `listener(detail)` on each event `name`; returns a function that stops it. */
  on(name, listener) {
    if (!EVENTS.has(name)) throw new TypeError(`Pishkhan.on: unknown event ${name}; known: ${[...EVENTS].join(', ')}`);
    const handler = (event) => listener(event.detail);
    document.addEventListener(`pishkhan:${name}`, handler);
    return () => document.removeEventListener(`pishkhan:${name}`, handler);
  },
});
