// Page objects for the storefront: what a shopper sees and does, by accessible role and label.
import { expect } from './expect.mjs';

export const faNumber = (n) => new Intl.NumberFormat('fa-IR').format(n);
export const faPrice = (n) => `${faNumber(n)} تومان`;

export class Header {
  constructor(page) {
    this.page = page;
    this.searchBox = page.getByRole('searchbox', { name: 'جستجو در فروشگاه' });
    this.cartLink = page.getByRole('link', { name: /^سبد خرید/ });
    this.cartCount = page.getByTestId('cart-count');
    this.languageSwitch = page.getByRole('button', { name: /^(English|فارسی)$/ });
  }

  async search(text) {
    await this.searchBox.fill(text);
    await this.searchBox.press('Enter');
  }

  async expectCartUnits(n) {
    await expect(this.cartCount).toHaveText(`${faNumber(n)} کالا در سبد`);
  }
}

export class CatalogPage {
  constructor(page) {
    this.page = page;
    this.heading = page.getByRole('heading', { level: 1 });
    this.category = page.getByLabel('دسته‌بندی');
    this.sort = page.getByLabel('مرتب‌سازی');
    this.count = page.locator('.catalog__count');
    this.titles = page.locator('.product-card__title');
    this.prices = page.locator('.product-card__price');
    this.nextPage = page.getByRole('link', { name: 'صفحهٔ بعد' });
    this.previousPage = page.getByRole('link', { name: 'صفحهٔ قبل' });
    this.error = page.getByRole('alert');
    this.retry = page.getByRole('button', { name: 'تلاش دوباره' });
  }

  async loaded() {
    await expect(this.count).toBeVisible();
  }

  async titleTexts() {
    await this.loaded();
    return this.titles.allTextContents();
  }

  async openProduct(title) {
    await this.page.getByRole('link', { name: title, exact: true }).click();
  }
}

export class ProductPage {
  constructor(page) {
    this.page = page;
    this.title = page.getByRole('heading', { level: 1 });
    this.quantity = page.getByRole('textbox', { name: /^تعداد/ });
    this.more = page.getByRole('button', { name: 'یکی بیشتر' });
    this.addToCart = page.getByRole('button', { name: 'افزودن به سبد خرید' });
    this.added = page.getByText('به سبد خرید اضافه شد.');
  }

  async add(quantity = 1) {
    for (let i = 1; i < quantity; i += 1) await this.more.click();
    await this.addToCart.click();
    await expect(this.added).toBeVisible();
  }
}

export class CartPage {
  constructor(page) {
    this.page = page;
    this.lines = page.getByRole('list', { name: 'کالاهای سبد' }).getByRole('listitem');
    this.subtotal = page.getByTestId('cart-subtotal');
    this.error = page.getByRole('alert');
    this.retry = page.getByRole('button', { name: 'تلاش دوباره' });
    this.empty = page.getByText('سبد خرید شما خالی است.');
  }

  line(title) {
    return this.lines.filter({ hasText: title });
  }

  quantityOf(title) {
    return this.page.getByRole('textbox', { name: `تعداد — ${title}` });
  }

  async increase(title) {
    await this.line(title).getByRole('button', { name: 'یکی بیشتر' }).click();
  }

  async remove(title) {
    await this.page.getByRole('button', { name: `حذف — ${title}` }).click();
  }
}
