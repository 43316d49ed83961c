// The main journey: browse, search in Persian with Arabic letters and Persian digits, filter, open a
// product, add it, reload and restart the browser with the cart intact, change the quantity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CartPage, CatalogPage, Header, ProductPage, faNumber, faPrice } from './pages/storefront.mjs';
import { arabicKeyboard, persianDigits, useShop } from './support/session.mjs';

const shop = useShop();

/** A product whose title has the letters ی or ک and a digit, so the search exercises both foldings. */
async function pickSearchTarget() {
  const { items } = await shop.backend.api('/products?per_page=100&sort=price_desc');
  for (const candidate of items.filter((p) => /[یک]/.test(p.title) && /[0-9۰-۹]/.test(p.title))) {
    const product = await shop.backend.api(`/products/${encodeURIComponent(candidate.slug)}`);
    if (product.stock >= 5) return product;
  }
  assert.fail('the seed has a product with ی/ک and a digit in its title and at least 5 in stock');
}

test('browse, search, filter, add to cart, reload, restart, change quantity', async () => {
  const { page } = shop;
  const header = new Header(page);
  const catalog = new CatalogPage(page);

  await shop.goto('/');
  await expect(page.locator('html')).toPass(async () => (await page.getAttribute('html', 'dir')) === 'rtl');
  const firstPage = await catalog.titleTexts();
  assert.equal(firstPage.length, 24, 'a full first page of products');

  const target = await pickSearchTarget();
  const words = target.title.split(/\s+/);
  const letterWord = words.find((w) => /[یک]/.test(w));
  const digitWord = words.find((w) => /[0-9۰-۹]/.test(w)).replace(/[^0-9۰-۹]/g, '');
  const typed = `${arabicKeyboard(letterWord)} ${persianDigits(digitWord)}`;
  await header.search(typed);
  await expect(page).toHaveURL(/[?&]q=/);
  await expect(catalog.heading).toContainText('نتایج جستجو برای');
  await expect(catalog.titles.filter({ hasText: target.title })).toHaveCount(1);

  await catalog.category.selectOption(target.category);
  await expect(page).toHaveURL(new RegExp(`category=${target.category}`));
  await expect(catalog.titles.filter({ hasText: target.title })).toHaveCount(1);
  const { items: inCategory } = await shop.backend.api(`/products?category=${target.category}&per_page=100`);
  for (const title of await catalog.titleTexts()) {
    assert.ok(inCategory.some((p) => p.title === title), `${title} belongs to ${target.category}`);
  }

  await catalog.openProduct(target.title);
  const product = new ProductPage(page);
  await expect(product.title).toHaveText(target.title);
  await expect(page.getByText(faPrice(target.price)).first()).toBeVisible();
  await product.add(2);
  await header.expectCartUnits(2);

  await header.cartLink.click();
  const cart = new CartPage(page);
  await expect(cart.lines).toHaveCount(1);
  await expect(cart.quantityOf(target.title)).toHaveValue(faNumber(2));
  await expect(cart.subtotal).toHaveText(faPrice(target.price * 2));

  await page.reload();
  await expect(cart.quantityOf(target.title)).toHaveValue(faNumber(2));
  await header.expectCartUnits(2);

  await shop.browser.close();
  shop.page = await shop.browser.open();
  const reopened = shop.page;
  await reopened.goto(`${shop.backend.url}/cart`);
  const cartAgain = new CartPage(reopened);
  await expect(cartAgain.quantityOf(target.title)).toHaveValue(faNumber(2));

  // By keyboard: the + button keeps focus while the cart is priced again.
  const more = cartAgain.line(target.title).getByRole('button', { name: 'یکی بیشتر' });
  await more.focus();
  await reopened.keyboard.press('Enter');
  await expect(cartAgain.quantityOf(target.title)).toHaveValue(faNumber(3));
  await expect(cartAgain.subtotal).toHaveText(faPrice(target.price * 3));
  assert.ok(await more.evaluate((el) => el === document.activeElement), 'focus stays on the + button');

  await cartAgain.quantityOf(target.title).fill('۵');
  await cartAgain.quantityOf(target.title).press('Enter');
  await expect(cartAgain.subtotal).toHaveText(faPrice(target.price * 5));

  const stored = await reopened.evaluate(() => Object.fromEntries(Object.entries(localStorage)));
  assert.deepEqual(Object.keys(stored).sort(), ['pishkhan.cart.v1']);
  assert.deepEqual(JSON.parse(stored['pishkhan.cart.v1']), [{ product_id: target.id, quantity: 5 }]);

  await cartAgain.remove(target.title);
  await expect(cartAgain.empty).toBeVisible();
  await new Header(reopened).expectCartUnits(0);
});
