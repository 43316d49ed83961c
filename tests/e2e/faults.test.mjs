// Every endpoint the shopping journey calls × every fault the proxy can inject: the shopper sees a
// clear Persian message and a retry; after the retry (once the fault is gone) it works, and the cart,
// the form and the choices are as they were. Reads are tried again with backoff before the message
// shows; writes only when they carry an idempotency key; so the proxy's counts are checked too.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { CheckoutPage, ConfirmationPage } from './pages/checkout.mjs';
import { CartPage, CatalogPage, Header, ProductPage } from './pages/storefront.mjs';
import { FAULTS } from './support/faults.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop({ faults: true });
const MOBILE = '09126660001';
const PASSWORD = 'khata1403pishkhan';
const BUYER = { firstName: 'پرستو', lastName: 'نوری', mobile: '09127771234' };
const SHIRAZ = { province: 'fars', city: 'شیراز', street: 'خیابان زند، کوچهٔ ۳', plate: '۹', postalCode: '۷۱۳۴۸۹۷۶۵۱' };

const MESSAGE = {
  500: 'فروشگاه در حال حاضر پاسخ نمی‌دهد',
  503: 'فروشگاه در حال حاضر پاسخ نمی‌دهد',
  slow: 'ارتباط با فروشگاه برقرار نشد',
  reset: 'ارتباط با فروشگاه برقرار نشد',
  malformed: 'پاسخ فروشگاه قابل خواندن نبود',
  409: 'پاسخ فروشگاه قابل خواندن نبود',
};
/** How many tries a persistent fault sees: reads (and keyed writes) three, other writes one. */
const TRIES = { safe: { 500: 3, 503: 3, slow: 3, reset: 3, malformed: 1, 409: 1 }, once: Object.fromEntries(FAULTS.map((f) => [f, 1])) };

let product;
let mobileCounter = 0;

beforeEach(() => shop.faults.heal());

async function stockedProduct() {
  if (product) return product;
  const { items } = await shop.backend.api('/products?per_page=100&sort=price_asc');
  for (const item of items) {
    const p = await shop.backend.api(`/products/${item.slug}`);
    if (p.stock >= 50) return (product = p);
  }
  throw new Error('no product with stock to spare');
}

async function cartUnits() {
  return shop.page.evaluate(() => JSON.parse(localStorage.getItem('pishkhan.cart.v1') || '[]').reduce((n, i) => n + i.quantity, 0));
}

/** A guest's browser (no session, no account cart) whose cart holds `items`; the next page load reads it. */
async function guestCart(items) {
  await shop.browser.context.clearCookies();
  await shop.page.evaluate((cart) => {
    localStorage.removeItem('pishkhan.cart-is-account.v1');
    localStorage.removeItem('pishkhan.cart-unsaved.v1');
    localStorage.setItem('pishkhan.cart.v1', JSON.stringify(cart));
  }, items);
}

/** One unit of the product in a guest's cart. */
async function oneInCart() {
  await guestCart([{ product_id: (await stockedProduct()).id, quantity: 1 }]);
}

async function checkoutFilled() {
  await oneInCart();
  await shop.goto('/checkout');
  const checkout = new CheckoutPage(shop.page);
  await checkout.fillBuyer(BUYER);
  await checkout.address.fill(SHIRAZ);
  return checkout;
}

async function expectCheckoutKept(checkout) {
  await expect(checkout.firstName).toHaveValue(BUYER.firstName);
  await expect(checkout.mobile).toHaveValue(BUYER.mobile);
  await expect(checkout.address.city).toHaveValue(SHIRAZ.city);
  await expect(checkout.address.postalCode).toHaveValue(SHIRAZ.postalCode);
  assert.equal(await cartUnits(), 1, 'the cart is kept');
}

/** The file's one account, signed in with an empty cart (codes are rate-limited per address, so
 * the session is kept and brought back rather than signing in for every case). */
let session = null;
async function signedIn() {
  await guestCart([]);
  if (!session) {
    await shop.goto('/account');
    await new SignInPage(shop.page).withCode(shop.backend, MOBILE);
    session = (await shop.browser.context.cookies()).find((c) => c.name === 'pishkhan_session');
    const account = new AccountPage(shop.page);
    await account.newPassword.fill(PASSWORD);
    await account.savePassword.click();
    await expect(shop.page.getByText('رمز عبور ذخیره شد.')).toBeVisible();
  } else {
    await shop.browser.context.addCookies([session]);
  }
  const emptied = await shop.page.evaluate(async () => (await fetch('/api/v1/me/cart', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'pishkhan' },
    body: '[]',
  })).status);
  assert.equal(emptied, 200);
  await shop.goto('/account');
  await new AccountPage(shop.page).signedIn();
}

const alert = (fault) => shop.page.getByRole('alert').filter({ hasText: MESSAGE[fault] });
const retryIn = (locator) => locator.getByRole('button', { name: 'تلاش دوباره' });

/** The usual failure: a notice with the fault's message, and its retry button. */
const NOTICE_WITH_RETRY = {
  async failed(fault) {
    await expect(alert(fault)).toBeVisible();
  },
  async retry(fault) {
    await retryIn(alert(fault)).click();
  },
};

const ENDPOINTS = [
  {
    name: 'the catalog listing',
    method: 'GET',
    path: '/api/v1/products',
    repeat: 'safe',
    arrange: oneInCart,
    async act() {
      await shop.goto('/?q=' + encodeURIComponent('کتاب') + '&sort=price_asc');
    },
    async failed(fault) {
      await expect(alert(fault)).toBeVisible();
      await expect(new Header(shop.page).searchBox).toHaveValue('کتاب');
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed() {
      await new CatalogPage(shop.page).loaded();
      await expect(new CatalogPage(shop.page).sort).toHaveValue('price_asc');
      await expect(new Header(shop.page).searchBox).toHaveValue('کتاب');
      assert.equal(await cartUnits(), 1, 'the cart is kept');
    },
  },
  {
    name: 'a product page',
    method: 'GET',
    path: /^\/api\/v1\/products\/[^/]+$/,
    repeat: 'safe',
    arrange: oneInCart,
    async act() {
      await shop.goto(`/product/${(await stockedProduct()).slug}`);
    },
    ...NOTICE_WITH_RETRY,
    async healed() {
      await expect(new ProductPage(shop.page).title).toHaveText((await stockedProduct()).title);
      assert.equal(await cartUnits(), 1, 'the cart is kept');
    },
  },
  {
    name: 'the cart quote',
    method: 'POST',
    path: '/api/v1/cart/quote',
    repeat: 'safe',
    arrange: oneInCart,
    async act() {
      await shop.goto('/cart');
    },
    async failed(fault) {
      await expect(alert(fault)).toContainText('سبد خرید شما محفوظ است');
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed() {
      await expect(new CartPage(shop.page).lines).toHaveCount(1);
      await expect(new CartPage(shop.page).quantityOf((await stockedProduct()).title)).toHaveValue('۱');
    },
  },
  {
    name: 'the checkout review',
    method: 'POST',
    path: '/api/v1/checkout/review',
    repeat: 'safe',
    // The review is asked for as the address is filled in.
    faultFirst: true,
    async arrange() {
      this.checkout = await checkoutFilled();
    },
    async failed(fault) {
      await expect(alert(fault)).toContainText('اطلاعاتی که وارد کرده‌اید محفوظ است.');
      await expectCheckoutKept(this.checkout);
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed() {
      await this.checkout.reviewed();
      await expectCheckoutKept(this.checkout);
    },
  },
  {
    name: 'placing the order',
    method: 'POST',
    path: '/api/v1/orders',
    repeat: 'safe',
    messages: { 409: 'قیمت یا موجودی برخی کالاها تغییر کرد و سفارش ثبت نشد.' },
    async arrange() {
      this.checkout = await checkoutFilled();
      await this.checkout.reviewed();
      this.before = (await shop.backend.orders()).length;
    },
    async act() {
      await this.checkout.placeOrder.click();
    },
    async failed(fault) {
      const text = fault === '409' ? this.messages[409] : MESSAGE[fault];
      await expect(shop.page.getByRole('alert').filter({ hasText: text })).toBeVisible();
      await expectCheckoutKept(this.checkout);
      // A slow answer arrives after the order was made; every other fault stopped the request.
      assert.equal((await shop.backend.orders()).length, this.before + (fault === 'slow' ? 1 : 0));
    },
    async retry(fault) {
      if (fault === '409') await this.checkout.placeOrder.click();
      else await this.checkout.retry.click();
    },
    async healed() {
      await expect(new ConfirmationPage(shop.page).heading).toBeVisible();
      assert.equal((await shop.backend.orders()).length, this.before + 1, 'exactly one order');
      assert.equal(await cartUnits(), 0, 'the cart is emptied by the order');
    },
  },
  {
    name: 'paying the order',
    method: 'POST',
    path: /^\/api\/v1\/orders\/[^/]+\/payment$/,
    repeat: 'safe',
    async arrange() {
      this.checkout = await checkoutFilled();
      await this.checkout.reviewed();
    },
    async act() {
      await this.checkout.placeOrder.click();
    },
    async failed() {
      const confirmation = new ConfirmationPage(shop.page);
      await expect(confirmation.heading).toBeVisible();
      await expect(confirmation.status).toHaveText('در انتظار پرداخت');
      await expect(shop.page.getByText('سفارش ثبت شد اما پرداخت کامل نشد.')).toBeVisible();
    },
    async retry() {
      await shop.page.getByRole('button', { name: 'پرداخت دوباره' }).click();
    },
    async healed() {
      await expect(new ConfirmationPage(shop.page).status).toHaveText('پرداخت شده');
    },
  },
  {
    name: 'saving the signed-in cart',
    method: 'PUT',
    path: '/api/v1/me/cart',
    repeat: 'once',
    async arrange() {
      await signedIn();
      await shop.goto(`/product/${(await stockedProduct()).slug}`);
    },
    async act() {
      await new ProductPage(shop.page).add(1);
    },
    async failed(fault) {
      await expect(alert(fault)).toContainText('در همین مرورگر محفوظ است');
      assert.equal(await cartUnits(), 1);
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed(fault) {
      await expect(alert(fault)).toBeHidden();
      const saved = () => shop.page.evaluate(async () => (await fetch('/api/v1/me/cart')).json());
      await expect(shop.page).toPass(async () => JSON.stringify((await saved()).map((i) => i.quantity)) === '[1]');
      assert.equal(await cartUnits(), 1);
    },
  },
  {
    name: 'saving the profile',
    method: 'PUT',
    path: '/api/v1/me',
    repeat: 'once',
    async arrange() {
      await signedIn();
      this.account = new AccountPage(shop.page);
      await this.account.firstName.fill('پرستو');
      await this.account.newsletter.check();
    },
    async act() {
      await this.account.save.click();
    },
    async failed(fault) {
      await expect(shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
      await expect(this.account.firstName).toHaveValue('پرستو');
      assert.ok(await this.account.newsletter.isChecked(), 'the choice is kept');
    },
    async retry() {
      await this.account.save.click();
    },
    async healed() {
      await expect(this.account.saved).toBeVisible();
      const me = await shop.page.evaluate(async () => (await fetch('/api/v1/me')).json());
      assert.equal(me.first_name, 'پرستو');
      assert.equal(me.newsletter, true);
    },
  },
  {
    name: 'who is signed in, at start',
    method: 'GET',
    path: '/api/v1/me',
    repeat: 'safe',
    async arrange() {
      await signedIn();
      await shop.goto('/');
    },
    async act() {
      await shop.goto('/account');
    },
    async failed(fault) {
      await expect(alert(fault)).toBeVisible();
      await expect(shop.page.getByRole('heading', { name: 'ورود یا ثبت‌نام' })).toHaveCount(0);
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed() {
      await new AccountPage(shop.page).signedIn();
    },
  },
  {
    name: 'reading the account cart',
    method: 'GET',
    path: '/api/v1/me/cart',
    repeat: 'safe',
    async arrange() {
      await signedIn();
      await shop.goto(`/product/${(await stockedProduct()).slug}`);
      await new ProductPage(shop.page).add(1);
    },
    async act() {
      await shop.page.reload();
    },
    async failed(fault) {
      await expect(alert(fault)).toContainText('تا خوانده نشود، چیزی در آن ذخیره نمی‌شود');
      assert.equal(await cartUnits(), 1, 'the cart is kept');
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed(fault) {
      await expect(alert(fault)).toBeHidden();
      await new Header(shop.page).expectCartUnits(1);
    },
  },
  {
    name: 'asking for a sign-in code',
    method: 'POST',
    path: '/api/v1/auth/code',
    repeat: 'once',
    async arrange() {
      await guestCart([]);
      await shop.goto('/account');
      mobileCounter += 1;
      this.mobile = `0912444${String(mobileCounter).padStart(4, '0')}`;
      await new SignInPage(shop.page).mobile.fill(this.mobile);
    },
    async act() {
      await new SignInPage(shop.page).sendCode.click();
    },
    async failed(fault) {
      await expect(shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
      await expect(new SignInPage(shop.page).mobile).toHaveValue(this.mobile);
    },
    async retry(fault) {
      // A slow answer still sent a code: the number's one-a-minute limit then answers the retry.
      if (fault === 'slow') return;
      await new SignInPage(shop.page).sendCode.click();
    },
    async healed(fault) {
      if (fault === 'slow') {
        await expect(new SignInPage(shop.page).mobile).toHaveValue(this.mobile);
        return;
      }
      await expect(new SignInPage(shop.page).code).toBeVisible();
    },
  },
  {
    name: 'deleting a saved address',
    method: 'DELETE',
    path: /^\/api\/v1\/me\/addresses\/\d+$/,
    repeat: 'once',
    async arrange() {
      await signedIn();
      const saved = await shop.page.evaluate(async (address) => {
        const response = await fetch('/api/v1/me/addresses', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-requested-with': 'pishkhan' },
          body: JSON.stringify(address),
        });
        return response.status;
      }, {
        label: 'خانه',
        recipient: { kind: 'buyer' },
        address: { province: 'fars', city: 'شیراز', street: 'خیابان زند', plate: '9', unit: '', postal_code: '7134897651', notes: '' },
        is_default: true,
      });
      assert.equal(saved, 201);
      await shop.goto('/account/addresses');
      await expect(shop.page.getByRole('heading', { name: /خانه/ })).toBeVisible();
      if (!this.dialogs) {
        this.dialogs = true;
        shop.page.on('dialog', (dialog) => dialog.accept());
      }
    },
    async act() {
      await shop.page.getByRole('button', { name: 'حذف نشانی — خانه' }).click();
    },
    async failed(fault) {
      await expect(alert(fault)).toBeVisible();
      await expect(shop.page.getByRole('heading', { name: /خانه/ })).toBeVisible();
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed() {
      await expect(shop.page.getByText('هنوز نشانی‌ای ذخیره نکرده‌اید.')).toBeVisible();
    },
  },
  {
    name: 'the list of my orders',
    method: 'GET',
    path: '/api/v1/me/orders',
    repeat: 'safe',
    arrange: signedIn,
    async act() {
      await shop.goto('/account/orders');
    },
    ...NOTICE_WITH_RETRY,
    async healed() {
      await expect(shop.page.getByText('هنوز سفارشی ثبت نکرده‌اید.')).toBeVisible();
    },
  },
  {
    name: 'signing in with a password',
    method: 'POST',
    path: '/api/v1/auth/password',
    repeat: 'once',
    async arrange() {
      await signedIn(); // the account, with its password
      await guestCart([]);
      await shop.goto('/account');
      this.signIn = new SignInPage(shop.page);
      await this.signIn.passwordTab.click();
      await this.signIn.login.fill(MOBILE);
      await this.signIn.password.fill(PASSWORD);
    },
    async act() {
      await this.signIn.signIn.click();
    },
    async failed(fault) {
      await expect(shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
      await expect(this.signIn.login).toHaveValue(MOBILE);
      await expect(this.signIn.password).toHaveValue(PASSWORD);
    },
    async retry() {
      await this.signIn.signIn.click();
    },
    async healed() {
      await new AccountPage(shop.page).signedIn();
    },
  },
  {
    name: 'the address book',
    method: 'GET',
    path: '/api/v1/me/addresses',
    repeat: 'safe',
    arrange: signedIn,
    async act() {
      await shop.goto('/account/addresses');
    },
    ...NOTICE_WITH_RETRY,
    async healed() {
      await expect(shop.page.getByText('هنوز نشانی‌ای ذخیره نکرده‌اید.')).toBeVisible();
    },
  },
  {
    name: 'downloading my data',
    method: 'GET',
    path: '/api/v1/me/export',
    repeat: 'safe',
    async arrange() {
      await signedIn();
      await shop.goto('/account/data');
    },
    async act() {
      await shop.page.getByRole('button', { name: 'دریافت اطلاعات من' }).click();
    },
    async failed(fault) {
      await expect(shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
    },
    async retry() {
      this.download = shop.page.waitForEvent('download');
      await shop.page.getByRole('button', { name: 'دریافت اطلاعات من' }).click();
    },
    async healed(fault) {
      assert.equal((await this.download).suggestedFilename(), 'pishkhan-my-data.json');
      await expect(shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toHaveCount(0);
    },
  },
  {
    name: 'checking a sign-in code',
    method: 'POST',
    path: '/api/v1/auth/code/verify',
    repeat: 'once',
    async arrange() {
      await guestCart([]);
      await shop.goto('/account');
      mobileCounter += 1;
      this.mobile = `0912333${String(mobileCounter).padStart(4, '0')}`;
      this.signIn = new SignInPage(shop.page);
      await this.signIn.mobile.fill(this.mobile);
      await this.signIn.sendCode.click();
      await expect(this.signIn.code).toBeVisible();
      this.code = await shop.backend.lastCode(this.mobile);
      await this.signIn.code.fill(this.code);
    },
    async act() {
      await this.signIn.verify.click();
    },
    async failed(fault) {
      await expect(shop.page.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
      await expect(this.signIn.code).toHaveValue(this.code);
    },
    async retry() {
      await this.signIn.verify.click();
    },
    async healed(fault) {
      // A slow answer came after the code was spent: the retry is told so, and the form stays.
      if (fault === 'slow') {
        await expect(shop.page.locator('.form-message, .field__error').filter({ hasText: /کد/ }).first()).toBeVisible();
        await expect(this.signIn.code).toHaveValue(this.code);
        return;
      }
      await new AccountPage(shop.page).signedIn();
    },
  },
  {
    // Last: signing out ends the session the other account cases share.
    name: 'signing out',
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    repeat: 'once',
    async arrange() {
      await signedIn(); // the account, with its password
      await guestCart([]);
      await shop.goto('/account');
      const signIn = new SignInPage(shop.page);
      await signIn.withPassword(MOBILE, PASSWORD);
      this.account = new AccountPage(shop.page);
      await this.account.signedIn();
    },
    async act() {
      await this.account.signOut.click();
    },
    async failed() {
      await expect(shop.page.getByRole('alert').filter({ hasText: 'خروج از حساب انجام نشد. دوباره تلاش کنید.' })).toBeVisible();
      await this.account.signedIn();
    },
    async retry() {
      await this.account.signOut.click();
    },
    async healed() {
      await expect(shop.page.getByRole('heading', { name: 'ورود یا ثبت‌نام' })).toBeVisible();
      const status = await shop.page.evaluate(async () => (await fetch('/api/v1/me')).status);
      assert.equal(status, 401, 'the session ended on the server');
    },
  },
];

for (const endpoint of ENDPOINTS) {
  for (const fault of FAULTS) {
    test(`${endpoint.name} (${endpoint.method} ${endpoint.path}) × ${fault}`, async () => {
      // The tries counted are those made under the fault: from arranging on for a fault set first.
      let before = shop.faults.count(endpoint.method, endpoint.path);
      if (endpoint.faultFirst) shop.faults.fail(endpoint.method, endpoint.path, fault);
      await endpoint.arrange();
      if (!endpoint.faultFirst) before = shop.faults.count(endpoint.method, endpoint.path);
      shop.faults.fail(endpoint.method, endpoint.path, fault);
      if (endpoint.act) await endpoint.act();
      await endpoint.failed(fault);
      const tries = shop.faults.count(endpoint.method, endpoint.path) - before;
      assert.equal(tries, TRIES[endpoint.repeat][fault], `tries of ${endpoint.method} ${endpoint.path} under ${fault}`);
      shop.faults.heal();
      await endpoint.retry(fault);
      await endpoint.healed(fault);
    });
  }
}
