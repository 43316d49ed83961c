// Hostile input as real text through the real UI and API: script-injection payloads in product names
// and descriptions (seeded), in names, addresses, notes and profile fields are stored and shown as
// text and run nothing; overlong, empty and hidden (control, bidi-override) input is refused with a
// clear error and nothing typed is lost; mixed-direction text is kept; mobiles, emails and order
// numbers sit in their own bidi isolates. Any dialog, injected element or console error fails.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { CheckoutPage, ConfirmationPage } from './pages/checkout.mjs';
import { CatalogPage, ProductPage } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();
const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  "<svg onload=alert(3)>",
  "javascript:alert(4)",
  '{{7*7}} ${7*7}',
  "'; DROP TABLE orders; --",
];
const HIDDEN_MESSAGE = 'این متن نویسه‌های نامرئی کنترلی یا تغییر جهت دارد؛ آن‌ها را پاک کنید.';
const trouble = [];
let watching = false;

beforeEach(() => {
  if (watching) return;
  watching = true;
  shop.page.on('dialog', (dialog) => {
    trouble.push(`dialog: ${dialog.message()}`);
    dialog.dismiss();
  });
  shop.page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
  // Chromium logs every 4xx answer; a guest's "who am I?" is answered 401 by design.
  const guestCheck = /^Failed to load resource: the server responded with a status of 401/;
  shop.page.on('console', (m) => {
    if (m.type() === 'error' && !guestCheck.test(m.text())) trouble.push(`console error: ${m.text()}`);
  });
});

/** Nothing ran: no dialog, no error, no element or handler the payloads would have made. */
async function assertNothingRan(where) {
  const injected = await shop.page.evaluate(() => ({
    handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
    images: document.querySelectorAll('img[src="x"]').length,
    frames: document.querySelectorAll('iframe, svg').length,
    hacked: document.title.includes('hacked'),
  }));
  assert.deepEqual(trouble, [], `nothing may run or fail ${where}`);
  assert.deepEqual(injected, { handlers: 0, images: 0, frames: 0, hacked: false }, `nothing was injected ${where}`);
}

async function seededMarkup() {
  const { items } = await shop.backend.api('/products?category=children&per_page=100');
  const found = items.filter((p) => /[<\u202E]/.test(p.title));
  assert.equal(found.length, 3, 'the seed has three books with markup or direction controls in their text');
  return Promise.all(found.map((p) => shop.backend.api(`/products/${p.slug}`)));
}

/** The checkout form, with one product in the cart. */
async function checkoutWithOneProduct() {
  const { items } = await shop.backend.api('/products?per_page=50&sort=price_asc');
  await shop.goto(`/product/${items.find((p) => p.in_stock).slug}`);
  await new ProductPage(shop.page).add(1);
  await shop.goto('/checkout');
  return new CheckoutPage(shop.page);
}

async function signUp(n) {
  await shop.browser.context.clearCookies();
  await shop.goto('/account');
  await new SignInPage(shop.page).withCode(shop.backend, `0912555${String(n).padStart(4, '0')}`);
}

/** The backend's answer to a request sent with this browser's session, from outside the page. */
async function api(method, path, body) {
  const cookies = (await shop.browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const response = await fetch(`${shop.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-requested-with': 'pishkhan', cookie: cookies },
    body: JSON.stringify(body),
  });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.json() };
}

test('products with markup and direction controls in their text are shown as text and run nothing', async () => {
  const { page } = shop;
  const products = await seededMarkup();
  for (const p of products) {
    await shop.goto(`/?q=${encodeURIComponent(p.title.split(' ').slice(0, 2).join(' '))}`);
    await new CatalogPage(page).loaded();
    const cards = await page.locator('.product-card__title').allTextContents();
    assert.ok(cards.includes(p.title), `a card shows ${JSON.stringify(p.title)} as text: ${JSON.stringify(cards)}`);
  }
  for (const p of products) {
    await shop.goto(`/product/${p.slug}`);
    const product = new ProductPage(page);
    await expect(product.title).toHaveText(p.title.trim());
    await expect(page.getByRole('main')).toContainText(p.description);
    if (p.stock > 0) await product.add(1);
  }
  await shop.goto('/cart');
  await expect(page.locator('.cart-line__title').first()).toBeVisible();
  await assertNothingRan('on the catalog, product and cart pages');
});

test('payloads typed into checkout are stored as typed and shown as text on the confirmation', async () => {
  const { page } = shop;
  const checkout = await checkoutWithOneProduct();
  await checkout.fillBuyer({ firstName: PAYLOADS[1], lastName: PAYLOADS[0], mobile: '09123334455' });
  await checkout.address.fill({ province: 'fars', city: 'شیراز', street: `خیابان Zand ۱۲ ${PAYLOADS[2]} ${PAYLOADS[4]}`, plate: '۱۴', postalCode: '۷۱۳۴۸۹۷۶۵۱' });
  await page.getByLabel('توضیح برای مأمور ارسال (اختیاری)').fill(`${PAYLOADS[3]} ${PAYLOADS[5]}`);
  await checkout.reviewed();
  await checkout.placeOrder.click();
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.heading).toBeVisible();
  await expect(confirmation.recipient).toContainText(`${PAYLOADS[1]} ${PAYLOADS[0]}`);
  await expect(confirmation.address).toContainText(`خیابان Zand ۱۲ ${PAYLOADS[2]} ${PAYLOADS[4]}`);
  const number = (await confirmation.number.textContent()).trim();
  const order = (await shop.backend.orders()).find((o) => o.number === number);
  assert.equal(order.contact.first_name, PAYLOADS[1]);
  assert.equal(order.address.notes, `${PAYLOADS[3]} ${PAYLOADS[5]}`);
  assert.equal(await confirmation.recipient.locator('bdi[dir="ltr"]').textContent(), '09123334455', 'the mobile is isolated');
  assert.equal(await confirmation.number.locator('bdi[dir="ltr"]').count(), 1, 'the order number is isolated');
  await assertNothingRan('on checkout and the confirmation');
});

test('payloads in the profile are saved and shown back as typed', async () => {
  const { page } = shop;
  await signUp(1);
  const account = new AccountPage(page);
  await account.firstName.fill(PAYLOADS[1]);
  await account.lastName.fill(PAYLOADS[0]);
  await account.save.click();
  await expect(account.saved).toBeVisible();
  await page.reload();
  await expect(account.firstName).toHaveValue(PAYLOADS[1]);
  await expect(account.lastName).toHaveValue(PAYLOADS[0]);
  await assertNothingRan('on the profile');
});

test('hidden characters, overlong and empty input are refused with a clear error, and what was typed stays', async () => {
  const { page } = shop;
  const checkout = await checkoutWithOneProduct();
  const ordersBefore = (await shop.backend.orders()).length;
  const cases = [
    [checkout.address.street, 'خیابان \u202Eدنز\u202C ۱۲', HIDDEN_MESSAGE],
    [checkout.firstName, 'سا\u0000را', HIDDEN_MESSAGE],
    [checkout.lastName, 'ا'.repeat(200), 'این متن بیش از حد بلند است.'],
    [checkout.address.plate, '   ', 'این بخش را پر کنید.'],
  ];
  await checkout.placeOrder.click();
  for (const [field, value, message] of cases) {
    await field.fill(value);
    await expect(checkout.errorOf(field)).toHaveText(message);
    await expect(field).toHaveValue(value);
  }
  assert.equal((await shop.backend.orders()).length, ordersBefore, 'nothing was sent');
  await assertNothingRan('on checkout with refused input');
});

test('the API refuses hidden characters with per-field problem details', async () => {
  await signUp(2);
  const answer = await api('PUT', '/me', { first_name: 'سا\u202Eرا', last_name: 'نوری\u0007', newsletter: false, sms_promotions: false, national_code: '', birth_date: '' });
  assert.equal(answer.status, 422);
  assert.equal(answer.type, 'application/problem+json');
  const fields = Object.fromEntries(answer.body.errors.map((e) => [e.field, e.code]));
  assert.deepEqual(fields, { first_name: 'hidden_characters', last_name: 'hidden_characters' });
});

test('mixed-direction text is kept; mobiles and emails in Persian text are bidi-isolated', async () => {
  const { page } = shop;
  await shop.browser.context.clearCookies();
  await shop.goto('/account');
  const signIn = new SignInPage(page);
  await signIn.mobile.fill('09125550003');
  await signIn.sendCode.click();
  const status = page.getByRole('status').filter({ hasText: 'پیامک شد' });
  await expect(status).toBeVisible();
  assert.equal(await status.locator('bdi[dir="ltr"]').textContent(), '09125550003');
  await signIn.code.fill(await shop.backend.lastCode('09125550003'));
  await signIn.verify.click();
  const account = new AccountPage(page);
  await account.signedIn();
  assert.equal(await page.getByText('موبایل فعلی:').locator('bdi[dir="ltr"]').textContent(), '09125550003');
  await account.firstName.fill('Sara سارا ۱۲ \u200Fنوری\u200E');
  await account.save.click();
  await expect(account.saved).toBeVisible();
  await page.reload();
  await expect(account.firstName).toHaveValue('Sara سارا ۱۲ \u200Fنوری\u200E');
  await assertNothingRan('on sign-in and the profile');
});
