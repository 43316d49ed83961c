// The fault matrix of shopping: the catalog, a product, the cart quote, the checkout review, placing
// and paying the order, the categories and the consent receipt. The shopper sees a clear Persian
// message and a retry; after the retry (once the fault is gone) it works, and the cart, the form and
// the choices are as they were.
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CheckoutPage, ConfirmationPage } from './pages/checkout.mjs';
import { CartPage, CatalogPage, Header, ProductPage } from './pages/storefront.mjs';
import { MESSAGE, faultMatrix, shopHelpers } from './support/fault-matrix.mjs';
import { ConsentBanner, stubTrackers } from './pages/consent.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop({ faults: true, setup: ({ browser }) => stubTrackers(browser.context) });
const { alert, retryIn, NOTICE_WITH_RETRY, cartUnits, oneInCart, stockedProduct } = shopHelpers(shop);
const BUYER = { firstName: 'پرستو', lastName: 'نوری', mobile: '09127771234' };
const SHIRAZ = { province: 'fars', city: 'شیراز', street: 'خیابان زند، کوچهٔ ۳', plate: '۹', postalCode: '۷۱۳۴۸۹۷۶۵۱' };

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

faultMatrix(shop, [
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
    name: 'the categories',
    method: 'GET',
    path: '/api/v1/categories',
    repeat: 'safe',
    arrange: oneInCart,
    async act() {
      await shop.goto('/?sort=price_desc');
    },
    async failed(fault) {
      await expect(alert(fault)).toContainText('فهرست کالاها همچنان در دسترس است');
      const catalog = new CatalogPage(shop.page);
      await catalog.loaded();
      await expect(catalog.sort).toHaveValue('price_desc');
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed(fault) {
      await expect(alert(fault)).toBeHidden();
      const { length } = await shop.backend.api('/categories');
      // every category, after "all categories"
      await expect(new CatalogPage(shop.page).category.locator('option')).toHaveCount(length + 1);
      assert.equal(await cartUnits(), 1, 'the cart is kept');
    },
  },
  {
    name: 'recording a privacy choice',
    method: 'POST',
    path: '/api/v1/consent/receipts',
    repeat: 'safe',
    async arrange() {
      await shop.browser.context.clearCookies();
      await shop.goto('/');
      this.banner = new ConsentBanner(shop.page);
      await expect(this.banner.rejectAll).toBeVisible();
      this.before = (await shop.backend.api('/dev/consent-receipts')).length;
    },
    async act() {
      await this.banner.rejectAll.click();
    },
    async failed(fault) {
      await expect(alert(fault)).toContainText('در همین مرورگر اعمال شد');
      await expect(this.banner.region).toBeHidden();
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed(fault) {
      await expect(alert(fault)).toBeHidden();
      const receipts = await shop.backend.api('/dev/consent-receipts');
      // A slow answer was recorded; its retries, with the same key, were not recorded again.
      assert.equal(receipts.length, this.before + 1);
      const last = receipts.at(-1);
      assert.equal(last.action, 'given');
      assert.ok(Object.values(last.purposes).every((on) => on === false), 'everything optional was rejected');
      const pending = await shop.page.evaluate(() => sessionStorage.getItem('pishkhan.consent-receipt-pending.v1'));
      assert.equal(pending, null, 'nothing is left to send');
    },
  },
]);
