// The page before the app: index.html's shell (the header and a catalog skeleton) paints from the HTML
// and CSS alone, is hidden from assistive technology and takes no input, and is gone once the app has
// mounted, so nothing is shown twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { CatalogPage } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();

test('while the wasm is on its way the shell shows the header and a skeleton; once the app mounts it is gone', async () => {
  const { page } = shop;
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  const answered = [];
  const wasm = (route) => {
    const answer = held.then(async () => route.fulfill({ response: await route.fetch() }));
    answered.push(answer);
    return answer;
  };
  await page.route('**/*.wasm', wasm);
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
    release();
    await Promise.all(answered);
    await page.unroute('**/*.wasm', wasm);
  }
  await new CatalogPage(page).loaded();
  await expect(page.locator('#shell')).toHaveCount(0);
  await expect(page.locator('.site-header')).toHaveCount(1);
  await expect(page.getByRole('banner')).toBeVisible();
});
