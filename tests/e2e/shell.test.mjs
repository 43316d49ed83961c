// What a page shows while it loads. Before the app: index.html's shell (the header and a catalog
// skeleton) paints from the HTML and CSS alone, is hidden from assistive technology and takes no input,
// and is gone once the app has mounted, so nothing is shown twice. Before the cart's prices: a
// placeholder that takes the room the priced cart will, so nothing below it moves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CatalogPage } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();

/** Holds every request matching `pattern` until `release()`; `settled()` waits for the held ones to be answered. */
async function hold(page, pattern) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const answered = [];
  const handler = (route) => {
    const answer = held.then(async () => route.fulfill({ response: await route.fetch() }));
    answered.push(answer);
    return answer;
  };
  await page.route(pattern, handler);
  return {
    async settled() {
      release();
      await Promise.all(answered);
      await page.unroute(pattern, handler);
    },
  };
}

test('while the wasm is on its way the shell shows the header and a skeleton; once the app mounts it is gone', async () => {
  const { page } = shop;
  const wasm = await hold(page, '**/*.wasm');
  try {
    await page.goto(`${shop.url}/`, { waitUntil: 'commit' });
    const shell = page.locator('#shell');
    await expect(shell).toBeVisible();
    await expect(shell.locator('.site-header__name')).toHaveText('پیشخوان');
    await expect(shell.locator('.product-card.skeleton')).toHaveCount(8);
    assert.equal(await shell.getAttribute('aria-hidden'), 'true');
    await expect(page.getByRole('link')).toHaveCount(0);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'nothing in the shell takes focus');
  } finally {
    await wasm.settled();
  }
  await new CatalogPage(page).loaded();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(page.locator('.site-header')).toHaveCount(1);
  await expect(page.getByRole('banner')).toBeVisible();
});

test("while the cart's prices load, its placeholder takes the room the priced cart will: the footer does not move", async () => {
  const { page } = shop;
  const cart = (await shop.backend.stockedProducts(2)).map((p) => ({ product_id: p.id, quantity: 1 }));
  await shop.goto('/');
  await page.evaluate((items) => localStorage.setItem('pishkhan.cart.v1', JSON.stringify(items)), cart);
  const quote = await hold(page, '**/api/v1/cart/quote');
  const footer = page.locator('footer.site-footer');
  let before;
  try {
    await shop.goto('/cart');
    await expect(page.locator('.cart [aria-busy="true"]')).toBeVisible();
    before = await footer.boundingBox();
  } finally {
    await quote.settled();
  }
  await expect(page.getByTestId('cart-subtotal')).toBeVisible();
  const after = await footer.boundingBox();
  assert.ok(Math.abs(after.y - before.y) <= 1, `the footer moved ${Math.round(after.y - before.y)} px when the prices came`);
});
