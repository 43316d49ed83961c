// Page objects for signing in and the account area.
import { expect } from './expect.mjs';
import { AddressForm } from './checkout.mjs';

export class SignInPage {
  constructor(page) {
    this.page = page;
    this.mobile = page.getByLabel('شمارهٔ موبایل', { exact: true });
    this.sendCode = page.getByRole('button', { name: 'ارسال کد' });
    this.code = page.getByLabel('کد ۶ رقمی');
    this.verify = page.getByRole('button', { name: 'تأیید و ورود' });
    this.passwordTab = page.getByRole('button', { name: 'ورود با رمز عبور' });
    this.login = page.getByLabel('موبایل یا ایمیل');
    this.password = page.getByLabel('رمز عبور', { exact: true });
    this.signIn = page.getByRole('main').getByRole('button', { name: 'ورود', exact: true });
    this.alert = page.getByRole('main').getByRole('alert');
  }

  /** Signs in (or up) with a code read from the backend's development outbox. */
  async withCode(backend, mobile, typed = mobile) {
    await this.mobile.fill(typed);
    await this.sendCode.click();
    await expect(this.code).toBeVisible();
    await this.code.fill(await backend.lastCode(mobile));
    await this.verify.click();
    await new AccountPage(this.page).signedIn();
  }

  async withPassword(login, password) {
    await this.passwordTab.click();
    await this.login.fill(login);
    await this.password.fill(password);
    await this.signIn.click();
  }
}

export class AccountPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { name: 'حساب من', level: 1 });
    this.signOut = page.getByRole('button', { name: 'خروج از حساب' });
    this.firstName = page.getByLabel('نام', { exact: true });
    this.lastName = page.getByLabel('نام خانوادگی', { exact: true });
    this.nationalCode = page.getByLabel('کد ملی', { exact: true });
    this.day = page.getByLabel('روز', { exact: true });
    this.month = page.getByLabel('ماه', { exact: true });
    this.year = page.getByLabel('سال', { exact: true });
    this.newsletter = page.getByRole('checkbox', { name: 'خبرنامهٔ ایمیلی را می‌خواهم' });
    this.save = page.getByRole('button', { name: 'ذخیره', exact: true });
    this.saved = page.getByText('ذخیره شد.');
    this.newMobile = page.getByLabel('شمارهٔ موبایل جدید');
    this.changeMobile = page.getByRole('button', { name: 'تغییر موبایل' });
    this.code = page.getByLabel('کد ۶ رقمی');
    this.verify = page.getByRole('button', { name: 'تأیید و ورود' });
    this.newEmail = page.getByLabel('ایمیل جدید');
    this.sendEmailLink = page.getByRole('button', { name: 'ارسال پیوند تأیید' });
    this.newPassword = page.getByLabel('رمز عبور جدید');
    this.savePassword = page.getByRole('button', { name: 'ذخیرهٔ رمز عبور' });
    // "Confirm it's you": what changing the mobile, the email or the password needs first
    this.proof = page.getByRole('region', { name: 'تأیید هویت' });
    this.currentPassword = this.proof.getByLabel('رمز عبور فعلی');
    this.proveWithPasswordButton = this.proof.getByRole('button', { name: 'تأیید با رمز عبور' });
    this.sendProofCode = this.proof.getByRole('button', { name: 'ارسال کد به موبایل فعلی' });
    this.proofCode = this.proof.getByLabel('کد تأیید هویت');
    this.proveWithCodeButton = this.proof.getByRole('button', { name: 'تأیید کد' });
    this.proven = this.proof.getByText('هویت شما تأیید شد');
    /** What a change refused for want of proof says, on its own form. */
    this.proofNeeded = page.locator('.form-message').filter({ hasText: 'اول در بخش «تأیید هویت» تأیید کنید که خودتان هستید.' });
  }

  async signedIn() {
    await expect(this.heading).toBeVisible();
  }

  /** Confirms it's the owner with a code texted to `mobile` (the account's current number). */
  async proveWithCode(backend, mobile) {
    await this.sendProofCode.click();
    await expect(this.proofCode).toBeVisible();
    await this.proofCode.fill(await backend.lastCode(mobile));
    await this.proveWithCodeButton.click();
    await expect(this.proven).toBeVisible();
  }

  /** Confirms it's the owner with the account's password. */
  async proveWithPassword(password) {
    await this.currentPassword.fill(password);
    await this.proveWithPasswordButton.click();
    await expect(this.proven).toBeVisible();
  }

  /** Gives a new account (signed in just now by code to `mobile`) its first password. */
  async setFirstPassword(backend, mobile, password) {
    await this.proveWithCode(backend, mobile);
    await this.newPassword.fill(password);
    await this.savePassword.click();
    await expect(this.page.getByText('رمز عبور ذخیره شد.')).toBeVisible();
  }

  section(name) {
    return this.page.getByRole('navigation', { name: 'حساب من' }).getByRole('link', { name, exact: true });
  }
}

/** The address book's form for a new or a saved address. */
export class AddressBookForm {
  constructor(page) {
    this.label = page.getByLabel('نام این نشانی (مثلاً خانه)');
    this.address = new AddressForm(page.getByRole('group', { name: 'نشانی تحویل' }));
    this.save = page.getByRole('button', { name: 'ذخیره', exact: true });
  }

  async fill({ label, address }) {
    await this.label.fill(label);
    await this.address.fill(address);
  }

  async expectFilled({ label, address }) {
    await expect(this.label).toHaveValue(label);
    await this.address.expectFilled(address);
  }
}
