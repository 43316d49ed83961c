// The consent gate in Chromium with every tracker request intercepted: nothing loads on a first
// visit, reject loads nothing, analytics-only loads only analytics, withdrawal deletes what it set
// and reloads, client-side navigation never loads the unconsented, and the banner and dialog are
// accessible by keyboard. Receipts reach the backend's ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { ConsentBanner, ConsentSettings, TRACKER_COOKIE, UNDECLARED, stubTrackers } from './pages/consent.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

let requests;
const shop = useShop({ consent: 'ask', setup: async ({ browser }) => {
  requests = await stubTrackers(browser.context);
} });


async function trackerCookies() {
  return (await shop.browser.context.cookies()).filter((c) => TRACKER_COOKIE.test(c.name)).map((c) => c.name);
}

async function receipts() {
  return shop.backend.api('/dev/consent-receipts');
}

/** What our own `track` and Consent Mode put in window.dataLayer, as plain JSON. */
async function dataLayer() {
  return shop.page.evaluate(() => JSON.parse(JSON.stringify((window.dataLayer || []).map((e) => (e && e.length !== undefined && typeof e !== 'string' ? Array.from(e) : e)))));
}

test('a first visit to every route loads no tracker and sets no tracker cookie', async () => {
  const { items } = await shop.backend.api('/products');
  for (const path of ['/', `/product/${items[0].slug}`, '/cart', '/checkout', '/checkout/confirmation', '/no-such-page']) {
    await shop.goto(path);
    await expect(new ConsentBanner(shop.page).region).toBeVisible();
    assert.deepEqual(requests, [], `no tracker requested on ${path}`);
    assert.deepEqual(await trackerCookies(), [], `no tracker cookie on ${path}`);
    assert.equal(await shop.page.locator('script[data-consent-service]').count(), 0);
    const layer = await dataLayer();
    assert.ok(layer.every((entry) => Array.isArray(entry) && entry[0] === 'consent'), `no analytics event before consent on ${path}`);
  }
  const [consentDefault] = await dataLayer();
  assert.deepEqual(consentDefault.slice(0, 2), ['consent', 'default']);
  assert.equal(Object.keys(consentDefault[2]).length, 7);
  assert.ok(Object.values(consentDefault[2]).every((v) => v === 'denied'), 'Consent Mode v2 defaults every type to denied');
});

test('the banner passes axe-core and works with the keyboard alone; rejecting loads nothing', async () => {
  const { page } = shop;
  await shop.goto('/');
  const banner = new ConsentBanner(page);
  await expect(banner.region).toBeVisible();
  await assertNoViolations(page, 'the page with the consent banner');

  const settingsButton = await banner.settings.elementHandle();
  for (let i = 0; i < 100 && !(await settingsButton.evaluate((el) => el === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  assert.ok(await settingsButton.evaluate((el) => el === document.activeElement), 'the banner is reachable with Tab');
  await page.keyboard.press('Enter');
  const settings = new ConsentSettings(page);
  await expect(settings.dialog).toBeVisible();
  await assertNoViolations(page, 'the consent settings dialog');
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), 'focus stays in the dialog');
  }
  const boxes = settings.dialog.getByRole('checkbox');
  for (let i = 0; i < (await boxes.count()); i += 1) {
    const box = boxes.nth(i);
    if (!(await box.isDisabled())) assert.equal(await box.isChecked(), false, 'no optional box is pre-ticked');
  }
  await page.keyboard.press('Escape');
  await expect(settings.dialog).toBeHidden();
  assert.ok(await settingsButton.evaluate((el) => el === document.activeElement), 'focus returns to the opener');

  await page.keyboard.press('Shift+Tab');
  assert.ok(await banner.rejectAll.evaluate((el) => el === document.activeElement));
  await page.keyboard.press('Enter');
  await expect(banner.region).toBeHidden();
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expect(banner.region).toBeHidden();
  assert.deepEqual(requests, []);

  const [receipt] = await receipts();
  assert.equal(receipt.action, 'given');
  assert.equal(receipt.method, 'banner');
  assert.ok(Object.values(receipt.purposes).every((on) => on === false));
  assert.match(receipt.shown_text_hash, /^[0-9a-f]{16}$/);
  const cookie = (await shop.browser.context.cookies()).find((c) => c.name === 'pishkhan_consent');
  assert.ok(cookie && !cookie.httpOnly && cookie.sameSite === 'Lax', 'one first-party cookie holds the choice');
  assert.ok(!decodeURIComponent(cookie.value).includes('0912'), 'the choice cookie holds no personal data');
});

test('analytics only: only the analytics service loads, Consent Mode is updated, our events flow', async () => {
  const { page } = shop;
  const settings = new ConsentSettings(page);
  await settings.footerLink.click();
  await expect(settings.dialog).toBeVisible();
  await settings.purpose('آمار و تحلیل').check();
  await settings.save.click();
  await expect(settings.dialog).toBeHidden();
  await expect(page).toPass(async () => requests.length === 1);
  assert.deepEqual(requests, ['google-analytics']);
  assert.deepEqual(await page.evaluate(() => window.__trackersRan), ['google-analytics']);

  const layer = await dataLayer();
  const update = layer.filter((e) => Array.isArray(e) && e[1] === 'update').at(-1);
  assert.equal(update[2].analytics_storage, 'granted');
  assert.equal(update[2].ad_storage, 'denied');

  const receipt = (await receipts()).at(-1);
  assert.equal(receipt.action, 'changed');
  assert.equal(receipt.method, 'settings');
  assert.equal(receipt.purposes.analytics, true);
  assert.equal(receipt.purposes.marketing, false);
});

test('client-side navigation never loads an unconsented tracker, and events carry no personal data', async () => {
  const { page } = shop;
  const { items } = await shop.backend.api('/products');
  await page.getByRole('link', { name: items[0].title, exact: true }).click();
  await page.getByRole('button', { name: 'افزودن به سبد خرید' }).click();
  await page.getByRole('link', { name: /^سبد خرید/ }).click();
  await page.getByRole('link', { name: 'تسویه حساب' }).click();
  await page.getByRole('link', { name: /پیشخوان/ }).first().click();
  await page.getByRole('heading', { name: 'همه کالاها' }).waitFor();
  assert.deepEqual(requests, ['google-analytics'], 'nothing but the consented service, loaded once');

  const events = (await dataLayer()).filter((e) => e && e.event);
  // The first is the page the shopper was on when agreeing to analytics.
  assert.deepEqual(events.map((e) => e.event), ['page_view', 'page_view', 'added_to_cart', 'page_view', 'page_view', 'page_view']);
  assert.deepEqual(events.map((e) => e.route).filter(Boolean), ['catalog', 'product', 'cart', 'checkout', 'catalog']);
  for (const event of events) {
    assert.ok(Object.keys(event).every((k) => ['event', 'route', 'product_id', 'quantity'].includes(k)), JSON.stringify(event));
  }
});

test('saving the same choices again counts no second page view', async () => {
  const { page } = shop;
  const views = async () => (await dataLayer()).filter((e) => e && e.event === 'page_view').length;
  const before = await views();
  const receiptsBefore = (await receipts()).length;
  const settings = new ConsentSettings(page);
  await settings.footerLink.click();
  await expect(settings.dialog).toBeVisible();
  await settings.save.click();
  await expect(settings.dialog).toBeHidden();
  await expect(page).toPass(async () => (await receipts()).length === receiptsBefore + 1);
  assert.equal(await views(), before, 'a change of consent is not a page view');
});

/** What of the stub's undeclared cookie and keys, and of the shop's own cart, the browser holds. */
async function leftovers() {
  const cookie = (await shop.browser.context.cookies()).some((c) => c.name === UNDECLARED.cookie);
  const storage = await shop.page.evaluate(({ local, session }) => ({
    local: localStorage.getItem(local) !== null,
    session: sessionStorage.getItem(session) !== null,
    cart: localStorage.getItem('pishkhan.cart.v1'),
  }), UNDECLARED);
  return { cookie, ...storage };
}

test('withdrawing deletes what the service stored, and what no necessary service declares, reloads, and nothing loads again', async () => {
  const { page } = shop;
  assert.ok((await trackerCookies()).includes('_ga'), 'the stub set analytics cookies');
  const cart = JSON.stringify([{ product_id: 1, quantity: 2 }]);
  await page.evaluate((cart) => localStorage.setItem('pishkhan.cart.v1', cart), cart);
  assert.deepEqual(await leftovers(), { cookie: true, local: true, session: true, cart }, 'the stub stored more than it declares');
  const settings = new ConsentSettings(page);
  await settings.footerLink.click();
  await settings.purpose('آمار و تحلیل').uncheck();
  const reloaded = page.waitForEvent('load');
  await settings.save.click();
  await reloaded;
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.deepEqual(await trackerCookies(), [], 'analytics cookies are gone');
  assert.deepEqual(await leftovers(), { cookie: false, local: false, session: false, cart }, 'undeclared storage is gone; the cart is kept');
  assert.equal(await page.evaluate(() => window.__trackersRan), undefined, 'no vendor code runs after the reload');
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.deepEqual(requests, ['google-analytics'], 'nothing loaded again');
  const receipt = (await receipts()).at(-1);
  assert.equal(receipt.action, 'withdrawn');
  assert.equal(receipt.purposes.analytics, false);
});
