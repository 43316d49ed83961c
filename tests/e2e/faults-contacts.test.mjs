// The fault matrix of the official contacts and the account's end: confirming it's you (by password,
// or a code texted to the current mobile), changing the password, the email and the mobile number,
// confirming an email, and deleting the account. The shopper sees a clear Persian message and a way
// to retry; after the retry (once the fault is gone) it works, and what was typed is kept. Each case
// has an account of its own, since every one of these changes it.
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { AccountPage } from './pages/account.mjs';
import { MESSAGE, faultMatrix, shopHelpers } from './support/fault-matrix.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop({ faults: true });
const helpers = shopHelpers(shop);
const { alert, formMessage, retryIn, fetchJson } = helpers;
const PASSWORD = 'khata1403pishkhan';
const NEW_PASSWORD = 'tazeh1404pishkhan';

let accounts = 0;
/** A number no case has used yet. */
const freshMobile = (prefix) => `${prefix}${String((accounts += 1)).padStart(4, '0')}`;

/** A new account, signed in (given `PASSWORD`, so its session has just confirmed it's the owner), on its
 * account page. `password: false`: no password, and nothing confirmed. */
async function freshAccount({ password = true } = {}) {
  const mobile = freshMobile('0912555');
  await helpers.signedIn(mobile, password ? PASSWORD : undefined);
  return { mobile, page: new AccountPage(shop.page) };
}

async function me() {
  return (await fetchJson('GET', '/api/v1/me')).body;
}

const signInForm = () => shop.page.getByRole('heading', { name: 'ورود یا ثبت‌نام' });

faultMatrix(shop, [
  {
    name: 'confirming it is you with the password',
    method: 'POST',
    path: '/api/v1/me/proof',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile, page: this.account } = await freshAccount());
      // a session of its own (signed in by password) has confirmed nothing yet
      const signIn = await fetchJson('POST', '/api/v1/auth/password', { login: this.mobile, password: PASSWORD });
      assert.equal(signIn.status, 200);
      await shop.goto('/account');
      await this.account.currentPassword.fill(PASSWORD);
    },
    async act() {
      await this.account.proveWithPasswordButton.click();
    },
    async failed(fault) {
      await expect(this.account.proof.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
      await expect(this.account.currentPassword).toHaveValue(PASSWORD);
    },
    async retry() {
      await this.account.proveWithPasswordButton.click();
    },
    async healed() {
      // after a lost answer the retry confirms it again: the password is still right
      await expect(this.account.proven).toBeVisible();
      assert.ok((await fetchJson('GET', '/api/v1/me/proof')).body.expires_in_seconds > 0);
    },
  },
  {
    name: 'texting a code to confirm it is you',
    method: 'POST',
    path: '/api/v1/me/proof-code',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile, page: this.account } = await freshAccount({ password: false }));
    },
    async act() {
      await this.account.sendProofCode.click();
    },
    async failed(fault) {
      await expect(this.account.proof.locator('.form-message').filter({ hasText: MESSAGE[fault] })).toBeVisible();
    },
    async retry() {
      await this.account.sendProofCode.click();
    },
    async healed(fault) {
      if (fault === 'slow') {
        // The lost answer's request texted a code: the one-a-minute limit answers the retry.
        await expect(this.account.proof.locator('.form-message').filter({ hasText: 'کمی صبر کنید' })).toBeVisible();
        return;
      }
      await expect(this.account.proofCode).toBeVisible();
      assert.match(await shop.backend.lastCode(this.mobile), /^\d{6}$/);
    },
  },
  {
    name: 'changing the password',
    method: 'PUT',
    path: '/api/v1/me/password',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile, page: this.account } = await freshAccount());
      await expect(this.account.proven).toBeVisible();
      await this.account.newPassword.fill(NEW_PASSWORD);
    },
    async act() {
      await this.account.savePassword.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.account.newPassword).toHaveValue(NEW_PASSWORD);
    },
    async retry() {
      await this.account.savePassword.click();
    },
    async healed() {
      // After a lost answer the retry sets the same password again (the session's proof still holds).
      await expect(shop.page.getByText('رمز عبور ذخیره شد.')).toBeVisible();
      const signIn = await fetchJson('POST', '/api/v1/auth/password', { login: this.mobile, password: NEW_PASSWORD });
      assert.equal(signIn.status, 200, 'the new password is in force');
    },
  },
  {
    name: 'changing the email',
    method: 'POST',
    path: '/api/v1/me/email',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile, page: this.account } = await freshAccount());
      this.email = `u${this.mobile}@example.ir`;
      await this.account.newEmail.fill(this.email);
    },
    async act() {
      await this.account.sendEmailLink.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.account.newEmail).toHaveValue(this.email);
    },
    async retry() {
      await this.account.sendEmailLink.click();
    },
    async healed() {
      await expect(shop.page.getByText('پیوند تأیید به ایمیل جدید فرستاده شد')).toBeVisible();
      assert.equal((await me()).pending_email, this.email);
    },
  },
  {
    name: 'confirming an email from its link',
    method: 'POST',
    path: '/api/v1/auth/email/confirm',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile } = await freshAccount());
      this.email = `u${this.mobile}@example.ir`;
      assert.equal((await fetchJson('POST', '/api/v1/me/email', { email: this.email })).status, 202);
      this.link = await shop.backend.confirmLink(this.email);
    },
    async act() {
      await shop.goto(this.link);
    },
    async failed(fault) {
      await expect(alert(fault)).toBeVisible();
      assert.ok(!shop.page.url().includes('token='), 'the token is out of the address bar');
    },
    async retry(fault) {
      await retryIn(alert(fault)).click();
    },
    async healed() {
      // A slow answer confirmed it too: the retry's refused token is recognised as spent by that request.
      await expect(shop.page.getByRole('heading', { name: 'ایمیل شما تأیید شد و اکنون ایمیل رسمی حساب است.' })).toBeVisible();
      assert.equal((await me()).email, this.email);
    },
  },
  {
    name: 'asking to change the mobile number',
    method: 'POST',
    path: '/api/v1/me/mobile',
    repeat: 'once',
    async arrange() {
      ({ page: this.account } = await freshAccount());
      this.newMobile = freshMobile('0935555');
      await this.account.newMobile.fill(this.newMobile);
    },
    async act() {
      await this.account.changeMobile.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.account.newMobile).toHaveValue(this.newMobile);
    },
    async retry() {
      await this.account.changeMobile.click();
    },
    async healed(fault) {
      if (fault === 'slow') {
        // The lost answer's request sent a code: the new number's one-a-minute limit answers the retry.
        await expect(shop.page.locator('.form-message').filter({ hasText: 'کمی صبر کنید' })).toBeVisible();
        await expect(this.account.newMobile).toHaveValue(this.newMobile);
        return;
      }
      await expect(this.account.code).toBeVisible();
    },
  },
  {
    name: 'confirming the new mobile number',
    method: 'POST',
    path: '/api/v1/me/mobile/verify',
    repeat: 'once',
    async arrange() {
      ({ page: this.account } = await freshAccount());
      this.newMobile = freshMobile('0935555');
      await this.account.newMobile.fill(this.newMobile);
      await this.account.changeMobile.click();
      await expect(this.account.code).toBeVisible();
      this.code = await shop.backend.lastCode(this.newMobile);
      await this.account.code.fill(this.code);
    },
    async act() {
      await this.account.verify.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.account.code).toHaveValue(this.code);
    },
    async retry() {
      await this.account.verify.click();
    },
    async healed(fault) {
      if (fault === 'slow') {
        // The lost answer's request spent the code and changed the number: the retry is told the code is used.
        await expect(shop.page.locator('.field__error').filter({ hasText: /کد/ })).toBeVisible();
      } else {
        await expect(shop.page.getByText('شمارهٔ موبایل تغییر کرد.')).toBeVisible();
      }
      assert.equal((await me()).mobile, this.newMobile);
    },
  },
  {
    name: 'asking to delete the account',
    method: 'POST',
    path: '/api/v1/me/deletion',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile } = await freshAccount());
      await shop.goto('/account/data');
      this.request = shop.page.getByRole('button', { name: 'درخواست حذف حساب' });
    },
    async act() {
      await this.request.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
    },
    async retry() {
      await this.request.click();
    },
    async healed(fault) {
      if (fault === 'slow') {
        // The lost answer's request texted a code: the one-a-minute limit answers the retry.
        await expect(shop.page.locator('.form-message').filter({ hasText: 'کمی صبر کنید' })).toBeVisible();
        return;
      }
      await expect(shop.page.getByLabel('کد ۶ رقمی')).toBeVisible();
      assert.match(await shop.backend.lastCode(this.mobile), /^\d{6}$/);
    },
  },
  {
    name: 'confirming the deletion',
    method: 'POST',
    path: '/api/v1/me/deletion/confirm',
    repeat: 'once',
    async arrange() {
      ({ mobile: this.mobile } = await freshAccount());
      await shop.goto('/account/data');
      await shop.page.getByRole('button', { name: 'درخواست حذف حساب' }).click();
      this.codeField = shop.page.getByLabel('کد ۶ رقمی');
      await expect(this.codeField).toBeVisible();
      this.code = await shop.backend.lastCode(this.mobile);
      await this.codeField.fill(this.code);
      this.confirm = shop.page.getByRole('button', { name: 'تأیید حذف حساب' });
    },
    async act() {
      await this.confirm.click();
    },
    async failed(fault) {
      await expect(formMessage(fault)).toBeVisible();
      await expect(this.codeField).toHaveValue(this.code);
    },
    async retry() {
      await this.confirm.click();
    },
    async healed(fault) {
      helpers.forgetSession(this.mobile);
      // After a lost answer the account is already gone: the retry finds the session ended.
      const notice = fault === 'slow' ? 'نشست شما به پایان رسیده است' : 'حساب شما حذف شد';
      await expect(shop.page.getByText(notice)).toBeVisible();
      await expect(signInForm()).toBeVisible();
      assert.equal((await fetchJson('GET', '/api/v1/me')).status, 401);
    },
  },
]);
