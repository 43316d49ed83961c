// axe-core finds no violations on any page, in Persian and in English; the language switch sets
// lang and dir and is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CartPage, CatalogPage, Header, ProductPage } from './pages/storefront.mjs';
import { assertNoViolations } from './support/axe.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();

test('every page passes axe-core', async () => {
  const { page } = shop;
  await shop.goto('/cart');
  await expect(new CartPage(page).empty).toBeVisible();
  await assertNoViolations(page, 'the empty cart');

  await shop.goto('/');
  await new CatalogPage(page).loaded();
  await assertNoViolations(page, 'the catalog');

  const { items } = await shop.backend.api('/products');
  await shop.goto(`/product/${items.find((p) => p.in_stock).slug}`);
  await new ProductPage(page).add(1);
  await assertNoViolations(page, 'a product page');

  await shop.goto('/cart');
  await expect(new CartPage(page).lines).toHaveCount(1);
  await assertNoViolations(page, 'the cart');

  await shop.goto('/nowhere');
  await expect(page.getByRole('heading', { name: 'صفحه پیدا نشد' })).toBeVisible();
  await assertNoViolations(page, 'the not-found page');
});

test('English is the second locale: lang and dir follow, and the choice is remembered', async () => {
  const { page } = shop;
  await shop.goto('/');
  await new CatalogPage(page).loaded();
  await new Header(page).languageSwitch.click();
  await expect(page.getByRole('heading', { name: 'All products' })).toBeVisible();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  await assertNoViolations(page, 'the catalog in English');

  await page.reload();
  await expect(page.getByRole('heading', { name: 'All products' })).toBeVisible();
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  await page.getByRole('button', { name: 'فارسی', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'همه کالاها' })).toBeVisible();
  assert.equal(await page.getAttribute('html', 'lang'), 'fa');
});
