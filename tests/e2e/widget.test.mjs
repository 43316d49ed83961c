// The widget on another origin's page, in Chromium: a product, a collection and the cart button
// share one cart; an order is placed through the checkout the drawer frames from the shop's origin,
// and lands in the backend. The host page's address and history never change, its hostile styles
// reach nothing of the widget (nor ours anything of it), its scripts see no typed personal value, no
// tracker loads without its consent, its strict CSP sees no violation, and the drawer works by
// keyboard and passes axe inside the shadow roots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CheckoutPage, ConfirmationPage } from './pages/checkout.mjs';
import { TRACKERS, stubTrackers } from './pages/consent.mjs';
import { faNumber } from './pages/storefront.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

const BUYER = { firstName: 'سارا', lastName: 'احمدی', mobile: '۰۹۱۲ ۳۴۵ ۶۷۸۹' };
const SHIRAZ = { province: 'fars', city: 'شیراز', street: 'خیابان زند، کوچهٔ ۱۲', plate: '۱۴', postalCode: '۷۱۳۴۸۹۷۶۵۱' };
const TYPED = ['سارا', 'احمدی', '09123456789', 'خیابان زند', '7134897651'];

const world = useShop({ consent: 'ask', host: true, setup: async (shop) => {
  shop.trackers = await stubTrackers(shop.browser.context);
  await shop.browser.context.addInitScript(spyOnHostPage, new URL(shop.host.url).origin);
} });

/**
 * The host page's own script as a nosy host would write it: it hears every key and input event on
 * `document` and reads every open shadow root, and keeps all it saw in `window.__hostSaw`.
 */
function spyOnHostPage(hostOrigin) {
  if (location.origin !== hostOrigin || window.top !== window) return;
  const saw = [];
  window.__hostSaw = saw;
  for (const type of ['keydown', 'keypress', 'keyup', 'input', 'change', 'beforeinput', 'paste']) {
    document.addEventListener(type, (event) => {
      saw.push(`${type}:${event.key ?? ''}:${event.data ?? ''}`);
      const target = event.composedPath?.()[0] ?? event.target;
      if (target && 'value' in target) saw.push(String(target.value));
    }, true);
  }
  const walk = (root) => {
    for (const el of root.querySelectorAll('*')) {
      if ('value' in el && typeof el.value === 'string') saw.push(el.value);
      if (el.shadowRoot) {
        saw.push(el.shadowRoot.textContent ?? '');
        walk(el.shadowRoot);
      }
    }
  };
  setInterval(() => walk(document), 100);
}

function page(body, { head = '', widgetAttrs = '' } = {}) {
  return `<!DOCTYPE html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>وبلاگ کتاب</title>
<link rel="stylesheet" href="/host.css">${head}
<script type="module" src="{{SHOP}}/widget/pishkhan.js"${widgetAttrs}></script></head>
<body><main><h1>یادداشت‌های کتاب‌خوان</h1>${body}<p class="host-text">متن خود صفحه.</p><button class="host-button" type="button">دکمهٔ صفحه</button></main></body></html>`;
}

function products(n) {
  return world.backend.stockedProducts(n);
}

/** The host page's policy, plus the trackers' hosts for a page whose host embeds them. */
function policy({ trackers = false } = {}) {
  return trackers ? world.host.policy.replace('script-src ', `script-src ${Object.keys(TRACKERS).map((h) => `https://${h}`).join(' ')} `) : world.host.policy;
}

async function open(path, html, options = {}) {
  world.host.page(path, html, { policy: policy(options) });
  await world.page.goto(`${world.host.url}${path}`);
  await world.page.evaluate(() => localStorage.clear());
  await world.page.reload();
  await world.page.waitForFunction(() => window.Pishkhan !== undefined);
}

function cartButton() {
  return world.page.getByRole('button', { name: /^سبد خرید/ });
}

async function expectUnits(n) {
  await expect(world.page.getByText(`${faNumber(n)} کالا در سبد`)).toBeVisible();
}

function drawer() {
  return world.page.getByRole('dialog', { name: /سبد خرید|تکمیل خرید/ });
}

function checkoutFrame() {
  return world.page.frameLocator('iframe[title="تکمیل خرید در سایت فروشگاه"]');
}

/** A product and a collection's first product in the cart, checked out in the drawer's frame. */
async function orderThroughTheWidget() {
  const [single, other] = await products(2);
  const category = other.category_slug ?? other.category ?? '';
  await open('/order.html', page(`
    <section><div data-pishkhan="product" data-product="${single.slug}"></div></section>
    <section><div data-pishkhan="collection" data-q="${other.title}" data-limit="2"></div></section>
    <div data-pishkhan="cart"></div>`));
  const before = await world.page.evaluate(() => ({ url: location.href, history: history.length }));
  const events = world.page.evaluate(() => new Promise((resolve) => {
    const seen = [];
    window.Pishkhan.on('cart:add', (d) => seen.push(['cart:add', d]));
    window.Pishkhan.on('order:placed', (d) => { seen.push(['order:placed', d]); resolve(seen); });
  }));

  const product = world.page.locator('[data-pishkhan="product"]');
  await expect(product.getByRole('heading', { name: single.title })).toBeVisible();
  await product.getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  await expectUnits(1);

  const collection = world.page.locator('[data-pishkhan="collection"]');
  await collection.getByRole('link', { name: other.title }).first().click();
  await collection.getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  await expectUnits(2);
  await collection.getByRole('button', { name: 'بازگشت' }).click();
  await expect(collection.getByRole('link', { name: other.title }).first()).toBeVisible();

  const stored = await world.page.evaluate(() => JSON.parse(localStorage.getItem('pishkhan.cart.v1')));
  assert.deepEqual(stored.map(Object.keys), [['product_id', 'quantity'], ['product_id', 'quantity']], 'the host keeps ids and quantities only');

  await cartButton().click();
  await expect(drawer()).toBeVisible();
  await expect(drawer().getByRole('link', { name: single.title })).toBeVisible();
  await drawer().getByRole('link', { name: 'تسویه حساب' }).click();
  const frame = checkoutFrame();
  const checkout = new CheckoutPage(frame);
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);
  await checkout.reviewed();
  await checkout.placeOrder.click();
  const confirmation = new ConfirmationPage(frame);
  await expect(confirmation.heading).toBeVisible();
  const number = (await confirmation.number.textContent()).trim();
  const heard = await events;
  await expectUnits(0);
  const afterOrder = await world.page.evaluate(() => ({ url: location.href, history: history.length }));
  return { number, heard, before, afterOrder, ids: [single.id, other.id] };
}

test('a product, a collection and the cart on another origin share one cart, and an order placed in the framed checkout is in the backend', async () => {
  const { number, heard, ids } = await orderThroughTheWidget();
  const order = (await world.backend.orders()).find((o) => o.number === number);
  assert.ok(order, `the backend holds order ${number}`);
  assert.deepEqual(order.lines.map((l) => l.product_id).sort(), [...ids].sort());
  assert.deepEqual(heard, [
    ['cart:add', { product_id: ids[0], quantity: 1 }],
    ['cart:add', { product_id: ids[1], quantity: 1 }],
    ['order:placed', { number }],
  ], 'the host hears ids, quantities and the order number only');
});

/**
 * Posts each of `messages` (as the widget's JSON) to this window from itself, then a marker of its
 * own; resolves once the marker arrives, so every listener has been handed every message before.
 */
function postToSelf(messages) {
  return new Promise((resolve) => {
    const marker = `flushed-${Math.random()}`;
    window.addEventListener('message', function heard(event) {
      if (event.data !== marker) return;
      window.removeEventListener('message', heard);
      resolve();
    });
    for (const message of messages) window.postMessage(JSON.stringify(message), '*');
    window.postMessage(marker, '*');
  });
}

test("forged messages change nothing: the host page cannot close the drawer or fake an order, nor can the shop's frame post itself a cart", async () => {
  const [single] = await products(1);
  await open('/forged.html', page(`<div data-pishkhan="product" data-product="${single.slug}"></div><div data-pishkhan="cart"></div>`));
  const placed = world.page.evaluate(() => new Promise((resolve) => window.Pishkhan.on('order:placed', resolve)));
  await world.page.locator('[data-pishkhan="product"]').getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  await expectUnits(1);
  await cartButton().click();
  await drawer().getByRole('link', { name: 'تسویه حساب' }).click();
  const checkout = new CheckoutPage(checkoutFrame());
  await expect(checkout.firstName).toBeVisible();

  // From the host page's own window: the right shape, the wrong origin and source.
  await world.page.evaluate(postToSelf, [{ pishkhan: 'placed', number: 'PK-FORGED' }, { pishkhan: 'close' }]);
  await expect(drawer()).toBeVisible();
  await expectUnits(1);
  // From inside the framed checkout, to itself: a cart that is not the host's.
  const frame = world.page.frames().find((f) => new URL(f.url()).pathname === '/embed/checkout');
  assert.ok(frame, 'the checkout frame is there');
  await frame.evaluate(postToSelf, [{ pishkhan: 'cart', items: [{ product_id: single.id, quantity: 3 }] }]);

  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);
  await checkout.reviewed();
  await checkout.placeOrder.click();
  const number = (await new ConfirmationPage(checkoutFrame()).number.textContent()).trim();
  assert.deepEqual(await placed, { number }, 'the host hears the real order, not the forged one');
  const order = (await world.backend.orders()).find((o) => o.number === number);
  assert.deepEqual(order.lines.map((l) => [l.product_id, l.quantity]), [[single.id, 1]], "the order holds the host's cart, not the frame's forgery");
});

test("the host page's address and history stay as they were through a whole order", async () => {
  const { before, afterOrder } = await orderThroughTheWidget();
  assert.deepEqual(afterOrder, before);
});

test("a host script listening on document and reading the shadow roots sees none of the shopper's typed values", async () => {
  await orderThroughTheWidget();
  const saw = (await world.page.evaluate(() => window.__hostSaw)).join('\n');
  assert.ok(saw.length > 0, 'the spy ran');
  const latin = (s) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/\s/g, '');
  for (const value of TYPED) {
    assert.ok(!saw.includes(value) && !latin(saw).includes(latin(value)), `the host saw ${value}`);
  }
});

/** Computed styles of what the widget shows, read inside its shadow roots. */
async function widgetStyles() {
  await expect(world.page.locator('[data-pishkhan="product"]').getByRole('button', { name: 'افزودن به سبد خرید' })).toBeVisible();
  return world.page.evaluate(() => {
    const props = ['font-size', 'font-family', 'direction', 'color', 'background-color', 'line-height', 'padding-inline-start', 'display'];
    const read = (el) => Object.fromEntries(props.map((p) => [p, getComputedStyle(el).getPropertyValue(p)]));
    const out = {};
    for (const host of document.querySelectorAll('[data-pishkhan]')) {
      const root = host.shadowRoot;
      for (const selector of ['.pishkhan', 'h1', 'button', '.product__price', 'img']) {
        const el = root.querySelector(selector);
        if (el) out[`${host.dataset.pishkhan} ${selector}`] = read(el);
      }
    }
    return out;
  });
}

async function hostStyles() {
  return world.page.evaluate(() => {
    const props = ['font-size', 'font-family', 'direction', 'color', 'background-color', 'line-height', 'margin-block-start'];
    return Object.fromEntries(['h1', '.host-text', '.host-button', 'body'].map((s) => [s, Object.fromEntries(props.map((p) => [p, getComputedStyle(document.querySelector(s)).getPropertyValue(p)]))]));
  });
}

test("hostile host CSS leaves the widget's computed styles as they were, and the widget changes none of the host's", async () => {
  const [single] = await products(1);
  const body = `<div data-pishkhan="product" data-product="${single.slug}"></div><div data-pishkhan="cart"></div>`;
  await open('/calm.html', page(body));
  const calm = await widgetStyles();
  const hostWith = await hostStyles();
  await open('/hostile.html', page(body, { head: '<link rel="stylesheet" href="/hostile.css">' }));
  assert.notDeepEqual(await hostStyles(), hostWith, 'the hostile sheet does restyle the host page');
  assert.deepEqual(await widgetStyles(), calm, 'hostile host CSS changes nothing inside the widget');
  assert.equal(calm['product h1']['font-size'], '22.4px', 'our own sizes, not the host root font size');
  assert.equal(calm['product .pishkhan'].direction, 'rtl');
  world.host.page('/bare.html', page(body).replace(/<script type="module"[^>]*><\/script>/, ''));
  await world.page.goto(`${world.host.url}/bare.html`);
  assert.deepEqual(await hostStyles(), hostWith, 'the widget changes none of the host page styles');
});

test('no tracker loads without setConsent; after it, only the granted purposes load', async () => {
  const [single] = await products(1);
  world.trackers.length = 0;
  await open('/consent.html', page(`<div data-pishkhan="product" data-product="${single.slug}"></div>`), { trackers: true });
  await expect(world.page.getByRole('button', { name: 'افزودن به سبد خرید' })).toBeVisible();
  await world.page.getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  assert.deepEqual(world.trackers, [], 'nothing before the host passes consent');
  assert.equal(await world.page.locator('script[data-consent-service]').count(), 0);
  await world.page.evaluate(() => window.Pishkhan.setConsent({ analytics: true, marketing: false }));
  await expect(world.page.locator('script[data-consent-service="google-analytics"]')).toHaveCount(1);
  await expect(world.page).toPass(async () => world.trackers.includes(TRACKERS['www.googletagmanager.com'].id));
  assert.deepEqual([...new Set(world.trackers)], ['google-analytics'], 'analytics only');
  await checkoutFrameLoadsNoTracker();
});

async function checkoutFrameLoadsNoTracker() {
  const count = world.trackers.length;
  await cartButtonOrOpen();
  await drawer().getByRole('link', { name: 'تسویه حساب' }).click();
  await expect(checkoutFrame().getByLabel('نام', { exact: true })).toBeVisible();
  const frame = world.page.frames().find((f) => f.url().includes('/embed/checkout'));
  assert.equal(await frame.locator('script[data-consent-service]').count(), 0, 'the checkout frame loads no tracker');
  assert.equal(world.trackers.length, count);
  await world.page.keyboard.press('Escape');
}

async function cartButtonOrOpen() {
  await world.page.evaluate(() => window.Pishkhan.open('cart'));
  await expect(drawer()).toBeVisible();
}

test('data-consent on the script tag grants like setConsent', async () => {
  const [single] = await products(1);
  world.trackers.length = 0;
  await open('/consent-attr.html', page(`<div data-pishkhan="product" data-product="${single.slug}"></div>`, { widgetAttrs: ' data-consent="marketing"' }), { trackers: true });
  await expect(world.page.locator('script[data-consent-service="yektanet"]')).toHaveCount(1);
  assert.equal(await world.page.locator('script[data-consent-service="google-analytics"]').count(), 0);
});

/** The element focused, through shadow roots. */
async function deepFocus() {
  return world.page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { tag: el?.tagName, text: el?.textContent?.trim(), inDialog: Boolean(el?.closest('dialog')) };
  });
}

test('the drawer by keyboard alone: focus stays inside, Escape closes, focus returns to the cart button; axe finds nothing in the shadow roots', async () => {
  const [single] = await products(1);
  await open('/keys.html', page(`<div data-pishkhan="product" data-product="${single.slug}"></div><div data-pishkhan="cart"></div>`));
  await world.page.locator('[data-pishkhan="product"]').getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  await assertNoViolations(world.page, 'the host page with the widget');
  await cartButton().focus();
  await world.page.keyboard.press('Enter');
  await expect(drawer()).toBeVisible();
  for (let i = 0; i < 12; i += 1) {
    await world.page.keyboard.press('Tab');
    assert.ok((await deepFocus()).inDialog, `focus stays in the drawer after ${i + 1} Tabs`);
  }
  await assertNoViolations(world.page, 'the open drawer');
  await world.page.keyboard.press('Escape');
  await expect(drawer()).toBeHidden();
  const focus = await deepFocus();
  assert.match(focus.text, /^سبد خرید/, 'focus is back on the cart button');
});

test("the demo page under the host's strict CSP (the shop's script and wasm, API, frame and images; nothing inline) raises no violation", async () => {
  const response = await world.page.goto(`${world.host.url}/`);
  const policy = response.headers()['content-security-policy'];
  assert.match(policy, /script-src http:\/\/127\.0\.0\.1:\d+ 'wasm-unsafe-eval'/);
  assert.ok(!policy.includes('unsafe-inline') && !policy.includes("'self' 'unsafe"), policy);
  await world.page.waitForFunction(() => document.querySelectorAll('[data-pishkhan]').length > 0 && [...document.querySelectorAll('[data-pishkhan]')].every((h) => h.shadowRoot));
  await expect(world.page.locator('[data-pishkhan="product"]').getByRole('button', { name: 'افزودن به سبد خرید' })).toBeVisible();
  await world.page.locator('[data-pishkhan="product"]').getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  await cartButton().click();
  await drawer().getByRole('link', { name: 'تسویه حساب' }).click();
  await expect(checkoutFrame().getByLabel('نام', { exact: true })).toBeVisible();
  world.browser.csp.assertNone('on the demo host page, its widget and the checkout frame');
  await world.page.keyboard.press('Escape');
});
