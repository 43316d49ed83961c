// The fault matrix of the account: sign-in and sign-out, the profile, the account's cart, the address
// book, the orders and the data export. The shopper sees a clear Persian message and a retry; after
// the retry (once the fault is gone) it works, and the cart, the form and the choices are as they were.
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage, AddressBookForm, SignInPage } from './pages/account.mjs';
import { Header, ProductPage } from './pages/storefront.mjs';
import { faultMatrix, shopHelpers } from './support/fault-matrix.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop({ faults: true });
const helpers = shopHelpers(shop);
const { alert, formMessage, retryIn, NOTICE_WITH_RETRY, cartUnits, guestCart, stockedProduct, fetchJson } = helpers;
const MOBILE = '09126660001';
const PASSWORD = 'khata1403pishkhan';
/** The file's one account, signed in with an empty cart, on its account page. */
const signedIn = () => helpers.signedIn(MOBILE, PASSWORD);
let mobileCounter = 0;
const HOME = {
  label: 'خانه',
  recipient: { kind: 'buyer' },
  address: { province: 'fars', city: 'شیراز', street: 'خیابان زند', plate: '9', unit: '', postal_code: '7134897651', notes: '' },
  is_default: true,
};
const WORK = {
  label: 'محل کار',
  address: { province: 'tehran', city: 'تهران', street: 'خیابان ولیعصر، کوچهٔ ۸', plate: '۲۱', postalCode: '۱۴۱۵۶۳۴۵۶۷' },
};

async function emptyAddressBook() {
  for (const saved of (await fetchJson('GET', '/api/v1/me/addresses')).body) {
    assert.equal((await fetchJson('DELETE', `/api/v1/me/addresses/${saved.id}`)).status, 204);
  }
}

/** Places an order from the signed-in account through the API; its number. */
async function placeOrderAsAccount() {
  const product = await stockedProduct();
  const items = [{ product_id: product.id, quantity: 1 }];
  const review = await fetchJson('POST', '/api/v1/checkout/review', { items, province: 'fars' });
  assert.equal(review.status, 200);
  const order = await fetchJson('POST', '/api/v1/orders', {
    items,
    contact: { first_name: 'پرستو', last_name: 'نوری', mobile: MOBILE, email: '' },
    recipient: { kind: 'buyer' },
    address: HOME.address,
    invoice: { kind: 'none' },
    shipping_method: review.body.shipping_method,
    expected_total: review.body.total,
    save_address: false,
  }, { 'idempotency-key': `faults-account-${Date.now()}` });
  assert.equal(order.status, 201, JSON.stringify(order.body));
  return order.body.number;
}

faultMatrix(shop, [
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
      const saved = async () => (await fetchJson('GET', '/api/v1/me/cart')).body;
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
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.account.firstName).toHaveValue('پرستو');
      assert.ok(await this.account.newsletter.isChecked(), 'the choice is kept');
    },
    async retry() {
      await this.account.save.click();
    },
    async healed() {
      await expect(this.account.saved).toBeVisible();
      const me = (await fetchJson('GET', '/api/v1/me')).body;
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
      // this page's own check must be answered before the tries under the fault are counted
      await expect(shop.page.getByRole('link', { name: 'حساب من' })).toBeVisible();
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
      await expect(formMessage(fault)).toBeVisible();
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
      const { status } = await fetchJson('POST', '/api/v1/me/addresses', HOME);
      assert.equal(status, 201);
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
      await expect(formMessage(fault)).toBeVisible();
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
      await expect(formMessage(fault)).toBeVisible();
    },
    async retry() {
      this.download = shop.page.waitForEvent('download');
      await shop.page.getByRole('button', { name: 'دریافت اطلاعات من' }).click();
    },
    async healed(fault) {
      assert.equal((await this.download).suggestedFilename(), 'pishkhan-my-data.json');
      await expect(formMessage(fault)).toHaveCount(0);
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
      await expect(formMessage(fault)).toBeVisible();
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
    name: 'saving a new address',
    method: 'POST',
    path: '/api/v1/me/addresses',
    repeat: 'safe',
    async arrange() {
      await signedIn();
      await emptyAddressBook();
      await shop.goto('/account/addresses');
      await shop.page.getByRole('button', { name: 'افزودن نشانی' }).click();
      this.form = new AddressBookForm(shop.page);
      await this.form.fill(WORK);
    },
    async act() {
      await this.form.save.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await this.form.expectFilled(WORK);
    },
    async retry() {
      await this.form.save.click();
    },
    async healed() {
      await expect(shop.page.getByRole('heading', { name: WORK.label })).toBeVisible();
      // A slow answer saved it; the retry, with the same key, did not save it twice.
      const { body } = await fetchJson('GET', '/api/v1/me/addresses');
      assert.deepEqual(body.map((a) => a.label), [WORK.label]);
    },
  },
  {
    name: 'editing a saved address',
    method: 'PUT',
    path: /^\/api\/v1\/me\/addresses\/\d+$/,
    repeat: 'safe',
    async arrange() {
      await signedIn();
      await emptyAddressBook();
      assert.equal((await fetchJson('POST', '/api/v1/me/addresses', HOME)).status, 201);
      await shop.goto('/account/addresses');
      await shop.page.getByRole('button', { name: 'ویرایش — خانه' }).click();
      this.form = new AddressBookForm(shop.page);
      await this.form.label.fill(WORK.label);
      await this.form.address.street.fill(WORK.address.street);
    },
    async act() {
      await this.form.save.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.form.label).toHaveValue(WORK.label);
      await expect(this.form.address.street).toHaveValue(WORK.address.street);
    },
    async retry() {
      await this.form.save.click();
    },
    async healed() {
      await expect(shop.page.getByRole('heading', { name: WORK.label })).toBeVisible();
      const { body } = await fetchJson('GET', '/api/v1/me/addresses');
      assert.deepEqual(body.map((a) => [a.label, a.address.street]), [[WORK.label, WORK.address.street]]);
    },
  },
  {
    name: 'an order of mine',
    method: 'GET',
    path: /^\/api\/v1\/me\/orders\/[^/]+$/,
    repeat: 'safe',
    async arrange() {
      await signedIn();
      this.number ??= await placeOrderAsAccount();
    },
    async act() {
      await shop.goto(`/account/orders/${encodeURIComponent(this.number)}`);
    },
    ...NOTICE_WITH_RETRY,
    async healed() {
      await expect(shop.page.getByRole('heading', { name: 'جزئیات سفارش' })).toBeVisible();
      await expect(shop.page.getByText(this.number)).toBeVisible();
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
      const { status } = await fetchJson('GET', '/api/v1/me');
      assert.equal(status, 401, 'the session ended on the server');
    },
  },
]);
