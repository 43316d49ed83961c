// Page objects for checkout and its confirmation, by accessible role and label.
import { expect } from './expect.mjs';

export class AddressForm {
  constructor(scope) {
    this.province = scope.getByLabel('استان', { exact: true });
    this.city = scope.getByLabel('شهر', { exact: true });
    this.street = scope.getByLabel('نشانی (خیابان، کوچه، ساختمان)');
    this.plate = scope.getByLabel('پلاک', { exact: true });
    this.unit = scope.getByLabel('واحد (اختیاری)');
    this.postalCode = scope.getByLabel('کد پستی ۱۰ رقمی');
  }

  async fill({ province, city, street, plate, unit = '', postalCode }) {
    await this.province.selectOption(province);
    await this.city.selectOption(city);
    await this.street.fill(street);
    await this.plate.fill(plate);
    if (unit) await this.unit.fill(unit);
    await this.postalCode.fill(postalCode);
  }

  async expectFilled({ province, city, street, plate, postalCode }) {
    await expect(this.province).toHaveValue(province);
    await expect(this.city).toHaveValue(city);
    await expect(this.street).toHaveValue(street);
    await expect(this.plate).toHaveValue(plate);
    await expect(this.postalCode).toHaveValue(postalCode);
  }
}

export class CheckoutPage {
  constructor(page) {
    this.page = page;
    this.firstName = page.getByLabel('نام', { exact: true });
    this.lastName = page.getByLabel('نام خانوادگی', { exact: true });
    this.mobile = page.getByLabel('شمارهٔ موبایل', { exact: true });
    this.someoneElse = page.getByRole('radio', { name: 'شخص دیگری تحویل می‌گیرد' });
    this.recipientFirstName = page.getByLabel('نام گیرنده', { exact: true });
    this.recipientLastName = page.getByLabel('نام خانوادگی گیرنده');
    this.recipientMobile = page.getByLabel('موبایل گیرنده');
    this.address = new AddressForm(page.getByRole('group', { name: 'نشانی تحویل' }));
    this.individual = page.getByRole('radio', { name: 'حقیقی (به نام شخص)' });
    this.legalEntity = page.getByRole('radio', { name: 'حقوقی (شرکت یا سازمان)' });
    this.fullName = page.getByLabel('نام و نام خانوادگی');
    this.nationalCode = page.getByLabel('کد ملی', { exact: true });
    this.companyName = page.getByLabel('نام شرکت یا سازمان');
    this.economicCode = page.getByLabel('کد اقتصادی');
    this.legalNationalId = page.getByLabel('شناسهٔ ملی');
    this.registrationNumber = page.getByLabel('شمارهٔ ثبت');
    this.separateInvoiceAddress = page.getByRole('checkbox', { name: 'نشانی فاکتور با نشانی تحویل فرق دارد' });
    this.invoiceAddress = new AddressForm(page.getByRole('group', { name: 'نشانی فاکتور' }));
    this.total = page.getByTestId('review-total');
    this.placeOrder = page.getByRole('button', { name: 'ثبت سفارش و پرداخت' });
    this.errorSummary = page.locator('#checkout-errors');
    this.retry = page.getByRole('button', { name: 'تلاش دوباره' });
  }

  shipping(name) {
    return this.page.getByRole('radio', { name: new RegExp(name) });
  }

  errorOf(input) {
    return input.locator('xpath=ancestor::div[contains(@class,"field")][1]').locator('.field__error');
  }

  async fillBuyer({ firstName, lastName, mobile }) {
    await this.firstName.fill(firstName);
    await this.lastName.fill(lastName);
    await this.mobile.fill(mobile);
  }

  async reviewed() {
    await expect(this.total).toBeVisible();
  }
}

export class ConfirmationPage {
  constructor(page) {
    this.heading = page.getByRole('heading', { name: 'سفارش شما ثبت شد' });
    this.number = page.getByTestId('order-number');
    this.status = page.getByTestId('order-status');
    this.recipient = page.getByTestId('order-recipient');
    this.address = page.getByTestId('order-address');
    this.invoice = page.getByTestId('order-invoice');
    this.total = page.getByTestId('order-total');
  }
}
