// Category, sort and page live in the URL: a shared link opens the same listing, and back/forward
// move between listings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CatalogPage } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();

const fromPersianDigits = (s) => s.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x06f0)).replace(/[^0-9]/g, '');

test('a shared link opens the same filtered, sorted page; back and forward work', async () => {
  const { page } = shop;
  const catalog = new CatalogPage(page);
  const categories = await shop.backend.api('/categories');
  const category = categories.find((c) => c.product_count > 24);
  assert.ok(category, 'a category with more than one page');
  const listing = (n) => shop.backend.api(`/products?category=${category.slug}&sort=price_asc&page=${n}`);

  await shop.goto(`/?category=${category.slug}&sort=price_asc&page=2`);
  await catalog.loaded();
  assert.equal(await catalog.category.inputValue(), category.slug);
  assert.equal(await catalog.sort.inputValue(), 'price_asc');
  const second = await listing(2);
  assert.deepEqual(await catalog.titleTexts(), second.items.map((p) => p.title));
  const prices = (await catalog.prices.allTextContents()).map((t) => Number(fromPersianDigits(t)));
  assert.deepEqual(prices, [...prices].sort((a, b) => a - b), 'prices ascend');

  await catalog.previousPage.click();
  await expect(page).toHaveURL(/^[^?]*\?category=[^&]+&sort=price_asc$/);
  const first = await listing(1);
  await expect(catalog.titles.first()).toHaveText(first.items[0].title);
  await expect(catalog.titles).toHaveCount(24);

  await page.goBack();
  await expect(page).toHaveURL(/page=2/);
  await expect(catalog.titles.first()).toHaveText(second.items[0].title);
  await page.goForward();
  await expect(page).toHaveURL(/sort=price_asc$/);
  await expect(catalog.titles.first()).toHaveText(first.items[0].title);

  await catalog.nextPage.click();
  await expect(page).toHaveURL(/page=2/);
  await catalog.sort.selectOption('price_desc');
  await expect(page).toHaveURL(/sort=price_desc/);
  assert.ok(!/page=/.test(page.url()), 'a new sort starts from the first page');
  await expect(catalog.titles.first()).toHaveText((await shop.backend.api(`/products?category=${category.slug}&sort=price_desc`)).items[0].title);
});

test('a hand-edited URL with bad values falls back instead of failing', async () => {
  const { page } = shop;
  const catalog = new CatalogPage(page);
  await shop.goto('/?sort=cheapest&page=-4&q=');
  await catalog.loaded();
  await expect(catalog.titles).toHaveCount(24);
  assert.equal(await catalog.sort.inputValue(), 'newest');
});

test('an unknown address shows the not-found page', async () => {
  const { page } = shop;
  await shop.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'صفحه پیدا نشد' })).toBeVisible();
  await page.getByRole('link', { name: 'بازگشت به فروشگاه' }).click();
  await new CatalogPage(page).loaded();
});
