// Account state that must survive a failure or a re-render: a failed address delete retries the
// same address; the birth-date picker follows the language switch; an email confirmation link is
// spent exactly once; an answer that breaks the contract is an unexpected error, not "no connection".
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { CheckoutPage } from './pages/checkout.mjs';
import { CatalogPage, Header } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();
let nextMobile = 0;

// Persian, whatever an earlier test left chosen.
beforeEach(() => shop.page.evaluate(() => localStorage.removeItem('pishkhan.locale')));

/** Signs a new account in (its own number, so each test stands alone); its mobile number. */
async function signUp() {
  nextMobile += 1;
  const mobile = `0912888${String(nextMobile).padStart(4, '0')}`;
  await shop.browser.context.clearCookies();
  await shop.goto('/account');
  await new SignInPage(shop.page).withCode(shop.backend, mobile);
  return mobile;
}

test('a failed address delete offers a retry that deletes that same address', async () => {
  const { page } = shop;
  await signUp();
  await shop.goto('/account/addresses');
  await page.getByRole('button', { name: 'افزودن نشانی' }).click();
  await page.getByLabel('نام این نشانی (مثلاً خانه)').fill('دفتر');
  await new CheckoutPage(page).address.fill({ province: 'fars', city: 'شیراز', street: 'خیابان زند', plate: '۷', postalCode: '۷۱۳۴۸۹۷۶۵۱' });
  await page.getByRole('button', { name: 'ذخیره', exact: true }).click();
  await expect(page.getByRole('heading', { name: /دفتر/ })).toBeVisible();

  page.on('dialog', (dialog) => dialog.accept());
  await page.route('**/api/v1/me/addresses/*', (route) =>
    route.request().method() === 'DELETE' ? route.fulfill({ status: 503 }) : route.fallback());
  await page.getByRole('button', { name: 'حذف نشانی — دفتر' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'فروشگاه در حال حاضر پاسخ نمی‌دهد' });
  await expect(failure).toBeVisible();
  await expect(page.getByRole('heading', { name: /دفتر/ })).toBeVisible();

  await page.unroute('**/api/v1/me/addresses/*');
  await failure.getByRole('button', { name: 'تلاش دوباره' }).click();
  await expect(page.getByText('هنوز نشانی‌ای ذخیره نکرده‌اید.')).toBeVisible();
  await expect(failure).toBeHidden();
  const saved = await page.evaluate(async () => (await fetch('/api/v1/me/addresses')).json());
  assert.deepEqual(saved, []);
});

test('the birth-date picker follows the language switch', async () => {
  const { page } = shop;
  await signUp();
  const account = new AccountPage(page);
  await expect(account.month.locator('option[value="1"]')).toHaveText('فروردین');
  await expect(account.day.locator('option[value="12"]')).toHaveText('۱۲');
  await new Header(page).languageSwitch.click();
  const month = page.getByLabel('Month', { exact: true });
  await expect(month.locator('option[value="1"]')).toHaveText('Farvardin');
  await expect(page.getByLabel('Day', { exact: true }).locator('option[value="12"]')).toHaveText('12');
  await new Header(page).languageSwitch.click();
  await expect(account.month.locator('option[value="1"]')).toHaveText('فروردین');
});

test('an email confirmation link is spent once, even when the page is shown again', async () => {
  const { page } = shop;
  const mobile = await signUp();
  const account = new AccountPage(page);
  await account.proveWithCode(shop.backend, mobile);
  await account.newEmail.fill(`reader${nextMobile}@example.ir`);
  await account.sendEmailLink.click();
  await expect(page.getByText(`در انتظار تأیید: reader${nextMobile}@example.ir`)).toBeVisible();
  const link = await shop.backend.confirmLink(`reader${nextMobile}@example.ir`);

  const posts = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/auth/email/confirm')) posts.push(r.postData()); });
  await shop.goto('/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate((href) => {
    // A client-side visit, so history entries stay in this app.
    window.history.pushState(null, '', href);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, link);
  const confirmed = page.getByRole('heading', { name: 'ایمیل شما تأیید شد و اکنون ایمیل رسمی حساب است.' });
  await expect(confirmed).toBeVisible();
  assert.ok(!page.url().includes('token'), 'the token leaves the address bar');
  await new Header(page).languageSwitch.click();
  await new Header(page).languageSwitch.click();
  await page.goBack();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goForward();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await shop.goto('/account');
  await expect(page.getByText(`ایمیل رسمی: reader${nextMobile}@example.ir`)).toBeVisible();
  assert.equal(posts.length, 1, `the token is sent once, not on every re-render: ${posts.join(', ')}`);
});

test('an answer that breaks the contract is an unexpected error, logged to the console, with a retry', async () => {
  const { page } = shop;
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  const listing = (url) => url.pathname === '/api/v1/products';
  for (const body of ['{"items": [', '{"items": "not a list"}']) {
    errors.length = 0;
    await page.route(listing, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await shop.goto('/');
    const catalog = new CatalogPage(page);
    await expect(catalog.error).toContainText('پاسخ فروشگاه قابل خواندن نبود');
    assert.ok(errors.some((e) => e.includes('does not match the contract')), `logged: ${errors.join(' | ')}`);
    await page.unroute(listing);
    await catalog.retry.click();
    await catalog.loaded();
  }
});
