// A signed-in cart never silently loses a change: two browsers on one account see each other's
// removals, changes and additions after a reload; a failed save or load is shown with a retry and
// nothing is uploaded before the account's cart was read; one save is in flight at a time; a
// session that ended on the server forgets the cart and the checkout draft, as signing out does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { CartPage, Header, ProductPage } from './pages/storefront.mjs';
import { Browser } from './support/browser.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();
const PASSWORD = 'sabad1403pishkhan';
let nextMobile = 0;

const SAVE_FAILED = 'آخرین تغییر سبد خرید در حساب شما ذخیره نشد';
const LOAD_FAILED = 'سبد خرید حساب شما خوانده نشد';

async function products(n) {
  const { items } = await shop.backend.api('/products?per_page=50&sort=price_asc');
  const inStock = items.filter((p) => p.in_stock);
  const plenty = [];
  for (const item of inStock) {
    const product = await shop.backend.api(`/products/${item.slug}`);
    if (product.stock >= 10) plenty.push(product);
    if (plenty.length === n) return plenty;
  }
  throw new Error(`the seed has fewer than ${n} products with stock to spare`);
}

/** A new account (its own number, so tests stand alone), signed in by code, with a password. */
async function newAccount(page) {
  nextMobile += 1;
  const mobile = `0912777${String(nextMobile).padStart(4, '0')}`;
  await page.goto(`${shop.backend.url}/account`);
  await new SignInPage(page).withCode(shop.backend, mobile);
  await new AccountPage(page).setFirstPassword(shop.backend, mobile, PASSWORD);
  return mobile;
}

/** A new account signed in with the first of `n` stocked products in its cart, saved. */
async function accountWithOneInCart(n) {
  await shop.browser.context.clearCookies();
  const chosen = await products(n);
  await newAccount(shop.page);
  await addToCart(shop.page, chosen[0]);
  await expectServerCart(shop.page, { [chosen[0].id]: 1 });
  return chosen;
}

async function openSecondBrowser(mobile) {
  const browser = new Browser(shop.backend);
  const page = await browser.open();
  await page.goto(`${shop.backend.url}/`);
  await page.getByRole('button', { name: 'رد همه', exact: true }).click();
  await page.goto(`${shop.backend.url}/account`);
  await new SignInPage(page).withPassword(mobile, PASSWORD);
  await new AccountPage(page).signedIn();
  return { browser, page };
}

async function addToCart(page, product) {
  await page.goto(`${shop.backend.url}/product/${product.slug}`);
  await new ProductPage(page).add(1);
}

/** The account's cart on the server, as `{ id: quantity }`, read with the page's session. */
async function serverCart(page) {
  const items = await page.evaluate(async () => (await fetch('/api/v1/me/cart')).json());
  return Object.fromEntries(items.map((i) => [i.product_id, i.quantity]));
}

async function localCart(page) {
  const items = await page.evaluate(() => JSON.parse(localStorage.getItem('pishkhan.cart.v1') || '[]'));
  return Object.fromEntries(items.map((i) => [i.product_id, i.quantity]));
}

async function expectServerCart(page, expected) {
  await expect(page).toPass(async () => JSON.stringify(await serverCart(page)) === JSON.stringify(expected));
}

test('two browsers on one account: a removal, a change and an addition in one are what the other sees after a reload', async () => {
  const { page } = shop;
  await shop.browser.context.clearCookies();
  const [x, y, z] = await products(3);
  const mobile = await newAccount(page);
  await addToCart(page, x);
  await addToCart(page, y);
  await expectServerCart(page, { [x.id]: 1, [y.id]: 1 });

  const b = await openSecondBrowser(mobile);
  await expect(b.page).toPass(async () => Object.keys(await localCart(b.page)).length === 2);
  await b.page.goto(`${shop.backend.url}/cart`);
  const cartB = new CartPage(b.page);
  await cartB.remove(x.title);
  await expect(cartB.line(x.title)).toHaveCount(0);
  await cartB.increase(y.title);
  await cartB.increase(y.title);
  await addToCart(b.page, z);
  await expectServerCart(b.page, { [y.id]: 3, [z.id]: 1 });

  // Browser A still holds x and y from before; a reload shows the account's cart, nothing merged back.
  await page.reload();
  await expect(page).toPass(async () => JSON.stringify(await localCart(page)) === JSON.stringify({ [y.id]: 3, [z.id]: 1 }));
  await new Header(page).expectCartUnits(4);
  await expectServerCart(page, { [y.id]: 3, [z.id]: 1 });

  // And back the other way: A removes z; B reloads and sees it gone.
  await page.goto(`${shop.backend.url}/cart`);
  await new CartPage(page).remove(z.title);
  await expectServerCart(page, { [y.id]: 3 });
  await b.page.reload();
  await expect(b.page).toPass(async () => JSON.stringify(await localCart(b.page)) === JSON.stringify({ [y.id]: 3 }));
  await b.browser.close();
  assert.deepEqual(b.browser.foreignRequests, []);
});

test('a failed save is shown with a retry, and the change reaches the account after it', async () => {
  const { page } = shop;
  const [x, y] = await accountWithOneInCart(2);

  await page.route('**/api/v1/me/cart', (route) =>
    route.request().method() === 'PUT' ? route.fulfill({ status: 503, headers: { 'retry-after': '1' } }) : route.fallback());
  await addToCart(page, y);
  const notice = page.getByRole('alert').filter({ hasText: SAVE_FAILED });
  await expect(notice).toBeVisible();
  await expectServerCart(page, { [x.id]: 1 });
  await new Header(page).expectCartUnits(2);

  await page.unroute('**/api/v1/me/cart');
  await notice.getByRole('button', { name: 'تلاش دوباره' }).click();
  await expect(notice).toBeHidden();
  await expectServerCart(page, { [x.id]: 1, [y.id]: 1 });
});

test('after a failed load of the account cart nothing is uploaded; a retry reads it and keeps what was added meanwhile', async () => {
  const { page } = shop;
  const [x, y] = await accountWithOneInCart(2);

  const puts = [];
  page.on('request', (r) => { if (r.method() === 'PUT' && r.url().endsWith('/api/v1/me/cart')) puts.push(r.postData()); });
  await page.route('**/api/v1/me/cart', (route) =>
    route.request().method() === 'GET' ? route.fulfill({ status: 500 }) : route.fallback());
  await page.reload();
  const notice = page.getByRole('alert').filter({ hasText: LOAD_FAILED });
  await expect(notice).toBeVisible();
  await addToCart(page, y);
  await expect(notice).toBeVisible();
  assert.deepEqual(puts, [], 'nothing is uploaded before the account cart was read');

  await page.unroute('**/api/v1/me/cart');
  await notice.getByRole('button', { name: 'تلاش دوباره' }).click();
  await expect(notice).toBeHidden();
  await expectServerCart(page, { [x.id]: 1, [y.id]: 1 });
});

test('one save in flight at a time, and only the newest change waits behind it', async () => {
  const { page } = shop;
  const [x] = await accountWithOneInCart(1);

  let inFlight = 0;
  let most = 0;
  const bodies = [];
  await page.route('**/api/v1/me/cart', async (route) => {
    if (route.request().method() !== 'PUT') return route.fallback();
    inFlight += 1;
    most = Math.max(most, inFlight);
    bodies.push(JSON.parse(route.request().postData()));
    // Hold the answer until the shopper has made every change, so they pile up behind this one.
    await expect(page.getByRole('textbox', { name: `تعداد — ${x.title}` })).toHaveValue('۵');
    const response = await route.fetch();
    inFlight -= 1;
    await route.fulfill({ response });
  });
  await page.goto(`${shop.backend.url}/cart`);
  const cart = new CartPage(page);
  for (let i = 0; i < 4; i += 1) await cart.increase(x.title);
  await expectServerCart(page, { [x.id]: 5 });
  assert.equal(most, 1, 'never two saves at once');
  assert.deepEqual(bodies.map((b) => b[0].quantity), [2, 5], 'the first change, then only the newest');
  await page.unroute('**/api/v1/me/cart');
});

test('a session that ended on the server forgets the cart and the checkout draft, as signing out does', async () => {
  const { page } = shop;
  await shop.browser.context.clearCookies();
  const [x] = await products(1);
  await newAccount(page);
  await addToCart(page, x);
  // The cart's save must have landed first: a save answered after the cookies go would end the
  // session on its own, before the profile form this test uses is shown.
  await expectServerCart(page, { [x.id]: 1 });
  await shop.goto('/checkout');
  await page.getByLabel('نام', { exact: true }).fill('نیلوفر');
  await expect(page).toPass(async () => (await page.evaluate(() => sessionStorage.getItem('pishkhan.checkout-draft.v1') ?? '')).includes('نیلوفر'));

  // The server forgets the session (expired, or ended from another browser); this tab still shows it.
  await shop.browser.context.clearCookies();
  await page.getByRole('link', { name: 'حساب من' }).click();
  const account = new AccountPage(page);
  await account.firstName.fill('نیلوفر');
  await account.save.click();
  await expect(page.getByText('نشست شما به پایان رسیده است؛ لطفاً دوباره وارد شوید.')).toBeVisible();
  await new Header(page).expectCartUnits(0);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('pishkhan.checkout-draft.v1')), null);
});

test('a session that ended while the browser was closed: the next start forgets the account cart', async () => {
  const { page } = shop;
  const [x] = await accountWithOneInCart(1);
  await shop.browser.context.clearCookies();
  await shop.goto('/account');
  await expect(page.getByText('نشست شما به پایان رسیده است؛ لطفاً دوباره وارد شوید.')).toBeVisible();
  await new Header(page).expectCartUnits(0);
  assert.deepEqual(await localCart(page), {});
});
