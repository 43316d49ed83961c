// No personal data at rest in the browser: every value a test types into a personal field is
// recorded as it is typed, and after each journey localStorage, sessionStorage (but the checkout
// draft), cookies, every URL the browser asked for and every analytics payload are searched for it.
import assert from 'node:assert/strict';

/** The one place personal data may sit in the browser: this tab's checkout draft. */
const ALLOWED_SESSION_KEYS = new Set(['pishkhan.checkout-draft.v1']);

/** Reports the value of every text, tel, email and password field the shopper types into. */
function reportTyped() {
  const personal = new Set(['text', 'tel', 'email', 'password', 'textarea']);
  const report = (event) => {
    const field = event.target;
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
    if (!personal.has(field.type) || field.closest('[role="search"]')) return;
    // One-time codes are secrets of a moment, short digit runs that collide with timestamps.
    if (field.autocomplete === 'one-time-code') return;
    window.__pishkhanTyped?.(field.value);
  };
  document.addEventListener('input', report, true);
  document.addEventListener('change', report, true);
}

const latinDigits = (text) =>
  text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));

/** The forms a typed value may take once stored: as typed, trimmed, with Latin digits and no spaces. */
function forms(value) {
  const trimmed = value.trim();
  return [...new Set([trimmed, latinDigits(trimmed), latinDigits(trimmed).replace(/[\s-]/g, '')])].filter((f) => f.length >= 4);
}

export class PersonalDataWatch {
  constructor() {
    this.typed = new Set();
    this.urls = [];
  }

  async attach(context) {
    await context.exposeBinding('__pishkhanTyped', (_source, value) => {
      if (typeof value === 'string') this.typed.add(value);
    });
    await context.addInitScript(reportTyped);
    context.on('request', (request) => this.urls.push(request.url()));
  }

  /** Fails on any typed personal value found at rest in `context`'s browser state. */
  async assertNothingAtRest(context, where) {
    const needles = [...this.typed].flatMap(forms);
    if (needles.length === 0) return;
    const places = [];
    for (const cookie of await context.cookies()) places.push([`cookie ${cookie.name}`, safeDecode(cookie.value)]);
    for (const url of this.urls) places.push([`URL ${url}`, safeDecode(url)]);
    for (const page of context.pages()) {
      if (!page.url().startsWith('http')) continue;
      const state = await page.evaluate((allowed) => ({
        local: Object.entries(localStorage),
        session: Object.entries(sessionStorage).filter(([k]) => !allowed.includes(k)),
        dataLayer: JSON.stringify(window.dataLayer ?? []),
      }), [...ALLOWED_SESSION_KEYS]).catch(() => null);
      if (!state) continue;
      for (const [key, value] of state.local) places.push([`localStorage ${key}`, value]);
      for (const [key, value] of state.session) places.push([`sessionStorage ${key}`, value]);
      places.push(['window.dataLayer', state.dataLayer]);
    }
    const hits = [];
    for (const [place, text] of places) {
      for (const needle of needles) if (text.includes(needle)) hits.push(`${place} holds "${needle}"`);
    }
    assert.deepEqual(hits, [], `personal data at rest in the browser ${where}`);
  }
}

function safeDecode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
