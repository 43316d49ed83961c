// Accounts in Chromium against the reference backend, with codes read from its development outbox:
// sign-up by code, profile (Persian birth date, email confirmed by link), confirming it's you before
// a contact or the password changes, password sign-in, mobile change, cart merge and a cart that
// follows the shopper, a stolen session signed out by the owner's password change, the address book
// at checkout, the data export, and deletion. No personal data may reach localStorage or any URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expect } from './pages/expect.mjs';
import { AccountPage, SignInPage } from './pages/account.mjs';
import { CheckoutPage, ConfirmationPage } from './pages/checkout.mjs';
import { Header, ProductPage } from './pages/storefront.mjs';
import { Browser } from './support/browser.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();
const MOBILE = '09125550001';
const NEW_MOBILE = '09125550002';
const PASSWORD = 'ketab1403pishkhan';
const NEW_PASSWORD = 'ketab1404pishkhan';
const visited = [];

async function goto(path) {
  await shop.goto(path);
}

async function products(n) {
  const { items } = await shop.backend.api('/products?per_page=50&sort=price_asc');
  return items.filter((p) => p.in_stock).slice(0, n);
}

async function addToCart(page, product) {
  await page.goto(`${shop.backend.url}/product/${product.slug}`);
  await new ProductPage(page).add(1);
}

async function cartIds(page) {
  return page.evaluate(() => JSON.parse(localStorage.getItem('pishkhan.cart.v1') || '[]').map((i) => i.product_id).sort((a, b) => a - b));
}

test('sign up with a code sent by SMS (typed in Persian digits); a wrong code gets a clear error', async () => {
  const { page } = shop;
  page.on('framenavigated', (frame) => visited.push(frame.url()));
  await goto('/account');
  const signIn = new SignInPage(page);
  await expect(signIn.mobile).toBeVisible();
  await assertNoViolations(page, 'the sign-in page');
  await signIn.mobile.fill('۰۹۱۲ ۵۵۵ ۰۰۰۱');
  await signIn.sendCode.click();
  await expect(signIn.code).toBeVisible();
  const code = await shop.backend.lastCode(MOBILE);
  const wrong = code.replace(/^./, (d) => String((Number(d) + 1) % 10));
  await signIn.code.fill(wrong);
  await signIn.verify.click();
  await expect(page.getByText('کد ۶ رقمی را درست وارد کنید.')).toBeVisible();
  await signIn.code.fill(code.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d))));
  await signIn.verify.click();
  await new AccountPage(page).signedIn();
  await expect(page.getByRole('link', { name: 'حساب من' })).toBeVisible();
  // On plain http (this loopback backend) the cookie has no __Host- prefix; over https it is __Host-pishkhan_session.
  const session = (await shop.browser.context.cookies()).find((c) => c.name === 'pishkhan_session');
  assert.ok(session.httpOnly && session.sameSite === 'Lax', 'the session is an httpOnly, SameSite=Lax cookie');
  assert.equal(session.path, '/');
});

test('profile edit: names, national code, birth date in the Persian calendar, newsletter; email by link', async () => {
  const { page } = shop;
  const account = new AccountPage(page);
  await account.firstName.fill('سارا');
  await account.lastName.fill('احمدی');
  await account.nationalCode.fill('۰۰۶۷۷۴۹۸۲۸');
  await account.day.selectOption('12');
  await account.month.selectOption('5');
  await account.year.selectOption('1370');
  await account.newsletter.check();
  await account.save.click();
  await expect(account.saved).toBeVisible();
  await assertNoViolations(page, 'the profile page');
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
  assert.equal(me.birth_date, '1991-08-03');
  assert.equal(me.national_code, '0067749828');
  assert.equal(me.newsletter, true);

  await page.reload();
  await expect(account.firstName).toHaveValue('سارا');
  await expect(account.month).toHaveValue('5');

  // a new email needs the owner at the keyboard: with no password yet, a code to the current mobile
  await account.newEmail.fill('sara@example.ir');
  await account.sendEmailLink.click();
  await expect(account.proofNeeded).toBeVisible();
  await expect(account.newEmail).toHaveValue('sara@example.ir');
  await expect(account.currentPassword).toHaveCount(0);
  await assertNoViolations(page, 'the proof panel');
  await account.proveWithCode(shop.backend, MOBILE);
  await account.sendEmailLink.click();
  await expect(page.getByText('در انتظار تأیید: sara@example.ir')).toBeVisible();
  const link = await shop.backend.confirmLink('sara@example.ir');
  await goto(link);
  await expect(page.getByRole('heading', { name: 'ایمیل شما تأیید شد و اکنون ایمیل رسمی حساب است.' })).toBeVisible();
  await goto('/account');
  await expect(page.getByText('ایمیل رسمی: sara@example.ir')).toBeVisible();
  const told = (await shop.backend.outbox()).filter((m) => m.channel === 'sms' && m.recipient === MOBILE).at(-1);
  assert.ok(told.body.includes('s***@example.ir'), `the mobile is told of the new email: ${told.body}`);
});

test('set a password, sign out, sign in with it; a wrong one gets a clear error', async () => {
  const { page } = shop;
  const account = new AccountPage(page);
  await expect(account.proven).toBeVisible(); // this session confirmed it minutes ago
  await account.newPassword.fill(PASSWORD);
  await account.savePassword.click();
  await expect(page.getByText('رمز عبور ذخیره شد.')).toBeVisible();
  await account.signOut.click();
  await expect(page.getByRole('heading', { name: 'ورود یا ثبت‌نام' })).toBeVisible();
  const after = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(after, 401, 'sign-out ends the session on the server');

  const signIn = new SignInPage(page);
  await signIn.withPassword(MOBILE, 'not-the-password-1');
  await expect(signIn.alert).toContainText('موبایل، ایمیل یا رمز عبور درست نیست.');
  await signIn.password.fill(PASSWORD);
  await signIn.signIn.click();
  await account.signedIn();
});

test('change the mobile number: code to the new number, the old one is told', async () => {
  const { page } = shop;
  const account = new AccountPage(page);
  // a new session (signed in by password) confirms it's the owner, now with the password
  await account.proveWithPassword(PASSWORD);
  await account.newMobile.fill(NEW_MOBILE);
  await account.changeMobile.click();
  await expect(account.code).toBeVisible();
  await account.code.fill(await shop.backend.lastCode(NEW_MOBILE));
  await account.verify.click();
  await expect(page.getByText('شمارهٔ موبایل تغییر کرد.')).toBeVisible();
  await expect(page.getByText(`موبایل فعلی: ${NEW_MOBILE}`)).toBeVisible();
  const toOld = (await shop.backend.outbox()).filter((m) => m.channel === 'sms' && m.recipient === MOBILE).at(-1);
  assert.ok(!/\d{6}/.test(toOld.body), 'the old number gets a notice, not a code');
});

test('the guest cart merges into the account cart, which follows the shopper to another browser', async () => {
  const { page } = shop;
  const [a, b] = await products(2);
  await addToCart(page, b);
  await goto('/account');
  await new AccountPage(page).signOut.click();
  await expect(page.getByRole('heading', { name: 'ورود یا ثبت‌نام' })).toBeVisible();
  assert.deepEqual(await cartIds(page), [], 'signing out forgets the account cart here');

  await addToCart(page, a);
  await goto('/account');
  await new SignInPage(page).withCode(shop.backend, NEW_MOBILE);
  await expect(page).toPass(async () => (await cartIds(page)).length === 2);
  assert.deepEqual(await cartIds(page), [a.id, b.id].sort((x, y) => x - y));

  const other = new Browser(shop.backend);
  const otherPage = await other.open();
  await otherPage.goto(`${shop.backend.url}/`);
  await otherPage.getByRole('button', { name: 'رد همه', exact: true }).click();
  await otherPage.goto(`${shop.backend.url}/account`);
  // Another code for the same number within a minute would be refused; the password works.
  await new SignInPage(otherPage).withPassword(NEW_MOBILE, PASSWORD);
  await new AccountPage(otherPage).signedIn();
  await expect(otherPage).toPass(async () => (await cartIds(otherPage)).length === 2);
  await new Header(otherPage).expectCartUnits(2);
  await other.close();
  assert.deepEqual(other.foreignRequests, []);
});

test('a stolen session cannot change the password, and is signed out when the owner changes it', async () => {
  const { page } = shop;
  const thief = new Browser(shop.backend);
  const thiefPage = await thief.open();
  await thiefPage.goto(`${shop.backend.url}/`);
  await thiefPage.getByRole('button', { name: 'رد همه', exact: true }).click();
  await thiefPage.goto(`${shop.backend.url}/account`);
  await new SignInPage(thiefPage).withPassword(NEW_MOBILE, PASSWORD);
  const stolen = new AccountPage(thiefPage);
  await stolen.signedIn();
  // the session alone changes nothing that would lock the owner out; what was typed stays
  await stolen.newPassword.fill('dozd1404pishkhan');
  await stolen.savePassword.click();
  await expect(stolen.proofNeeded).toBeVisible();
  await expect(stolen.newPassword).toHaveValue('dozd1404pishkhan');

  await goto('/account');
  const account = new AccountPage(page);
  await account.proveWithPassword(PASSWORD);
  await account.newPassword.fill(NEW_PASSWORD);
  await account.savePassword.click();
  await expect(page.getByText('رمز عبور ذخیره شد.')).toBeVisible();
  const told = (await shop.backend.outbox()).filter((m) => m.channel === 'sms' && m.recipient === NEW_MOBILE).at(-1);
  assert.ok(told.body.includes('رمز عبور حساب پیشخوان شما تغییر کرد'), `the owner's mobile is told: ${told.body}`);

  // the other browser's session has ended: its next request brings the sign-in form back, and says why
  await stolen.sendProofCode.click();
  await expect(thiefPage.getByText('نشست شما به پایان رسیده است؛ لطفاً دوباره وارد شوید.')).toBeVisible();
  await expect(thiefPage.getByRole('heading', { name: 'ورود یا ثبت‌نام' })).toBeVisible();
  await thiefPage.reload();
  await expect(thiefPage.getByRole('heading', { name: 'ورود یا ثبت‌نام' })).toBeVisible();
  await thief.close();
  assert.deepEqual(thief.foreignRequests, []);
  await account.signedIn(); // the owner's own session stays
  assert.equal(await page.evaluate(async () => (await fetch('/api/v1/me')).status), 200);
});

test('an address saved in the address book is offered at checkout and ends up on the order', async () => {
  const { page } = shop;
  await goto('/account/addresses');
  await page.getByRole('button', { name: 'افزودن نشانی' }).click();
  await page.getByLabel('نام این نشانی (مثلاً خانه)').fill('خانهٔ مادر');
  await page.getByRole('radio', { name: 'شخص دیگری تحویل می‌گیرد' }).check();
  await page.getByLabel('نام گیرنده', { exact: true }).fill('مریم');
  await page.getByLabel('نام خانوادگی گیرنده').fill('کریمی');
  await page.getByLabel('موبایل گیرنده').fill('09351112233');
  const checkout = new CheckoutPage(page);
  await checkout.address.fill({ province: 'fars', city: 'شیراز', street: 'خیابان زند', plate: '۱۴', postalCode: '۷۱۳۴۸۹۷۶۵۱' });
  await page.getByRole('checkbox', { name: 'این نشانی پیش‌فرض باشد' }).check();
  await page.getByRole('button', { name: 'ذخیره', exact: true }).click();
  await expect(page.getByRole('heading', { name: /خانهٔ مادر/ })).toBeVisible();
  await assertNoViolations(page, 'the address book');

  await goto('/checkout');
  await expect(checkout.mobile).toHaveValue(NEW_MOBILE);
  await page.getByLabel('استفاده از نشانی ذخیره‌شده').selectOption({ label: 'خانهٔ مادر' });
  await expect(checkout.address.city).toHaveValue('شیراز');
  await expect(checkout.recipientFirstName).toHaveValue('مریم');
  await checkout.reviewed();
  await checkout.placeOrder.click();
  const confirmation = new ConfirmationPage(page);
  await expect(confirmation.heading).toBeVisible();
  const number = (await confirmation.number.textContent()).trim();

  await goto('/account/orders');
  await page.getByRole('link', { name: number }).click();
  await expect(page.getByTestId('order-recipient')).toContainText('مریم کریمی');
});

test('"my data" downloads everything the shop holds, as JSON', async () => {
  const { page } = shop;
  await goto('/account/data');
  await expect(page.getByRole('button', { name: 'دریافت اطلاعات من' })).toBeVisible();
  await assertNoViolations(page, 'the my-data page');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'دریافت اطلاعات من' }).click();
  const file = await (await download).path();
  const data = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(data.profile.mobile, NEW_MOBILE);
  assert.equal(data.profile.email, 'sara@example.ir');
  assert.equal(data.profile.birth_date, '1991-08-03');
  assert.equal(data.addresses.length, 1);
  assert.equal(data.orders.length, 1);
  assert.equal(data.preferences.newsletter, true);
  assert.ok(Array.isArray(data.reviews));
  assert.ok(data.consent_receipts.length >= 1, 'consent receipts are included');
});

test('account deletion, confirmed by a code, closes the account and ends the session', async () => {
  const { page } = shop;
  await page.getByRole('button', { name: 'درخواست حذف حساب' }).click();
  await expect(page.getByLabel('کد ۶ رقمی')).toBeVisible();
  await page.getByLabel('کد ۶ رقمی').fill(await shop.backend.lastCode(NEW_MOBILE));
  await page.getByRole('button', { name: 'تأیید حذف حساب' }).click();
  await expect(page.getByText('حساب شما حذف شد و از آن خارج شدید.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'ورود', exact: true })).toBeVisible();
  const status = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
  assert.equal(status, 401);
});

test('no personal data in localStorage or in any URL', async () => {
  const { page } = shop;
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  for (const secret of [MOBILE, NEW_MOBILE, 'sara@example.ir', 'سارا', '0067749828', 'مریم']) {
    assert.ok(!stored.includes(secret), `localStorage holds no ${secret}`);
    for (const url of visited) {
      assert.ok(!decodeURIComponent(url).includes(secret), `${url} holds no ${secret}`);
    }
  }
  assert.ok(visited.length > 10);
});
