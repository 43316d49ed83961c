// The backend goes away mid-session: every page says so in Persian with a retry, the cart is kept,
// and when the backend is back the retry works.
import { test } from 'node:test';
import { expect } from './pages/expect.mjs';
import { CartPage, CatalogPage, Header, ProductPage, faNumber } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();

test('backend down: clear message, cart intact; backend back: retry works', async () => {
  const { page, backend } = shop;
  const header = new Header(page);
  const catalog = new CatalogPage(page);
  const { items } = await backend.api('/products?sort=popular');
  const chosen = items.find((p) => p.in_stock);

  await shop.goto(`/product/${chosen.slug}`);
  await new ProductPage(page).add(1);
  await header.cartLink.click();
  const cart = new CartPage(page);
  await expect(cart.lines).toHaveCount(1);

  await backend.stop();

  await cart.lines.getByRole('link', { name: chosen.title }).click();
  await expect(page.getByRole('alert')).toContainText('ارتباط با فروشگاه برقرار نشد');
  await expect(page.getByRole('button', { name: 'تلاش دوباره' })).toBeVisible();

  await page.getByRole('link', { name: /پیشخوان/ }).first().click();
  await expect(catalog.error).toContainText('ارتباط با فروشگاه برقرار نشد');
  await expect(catalog.retry).toBeVisible();
  await header.expectCartUnits(1);

  await header.search('حافظ');
  await expect(catalog.error).toBeVisible();
  await expect(header.searchBox).toHaveValue('حافظ');

  await header.cartLink.click();
  await expect(cart.error).toContainText('سبد خرید شما محفوظ است');
  await header.expectCartUnits(1);

  await backend.resume();
  await cart.retry.click();
  await expect(cart.lines).toHaveCount(1);
  await expect(cart.quantityOf(chosen.title)).toHaveValue(faNumber(1));

  await page.goBack();
  await catalog.loaded();
  await expect(catalog.heading).toContainText('حافظ');
});

test('a failed listing recovers with its retry button, keeping the search', async () => {
  const { page, backend } = shop;
  const catalog = new CatalogPage(page);
  await shop.goto('/');
  await catalog.loaded();
  await backend.stop();
  await new Header(page).search('حافظ');
  await expect(catalog.retry).toBeVisible();
  await backend.resume();
  await catalog.retry.click();
  await catalog.loaded();
  await expect(catalog.heading).toContainText('حافظ');
  await expect(catalog.titles.first()).toContainText('حافظ');
});
