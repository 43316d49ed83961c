// The check that runs after every journey can fail: a value typed into a personal field is found
// wherever it is planted — localStorage, sessionStorage beside the draft, a cookie, a URL, the
// analytics dataLayer — and the checkout draft is the one place it may be; and a script injected
// into the page is refused by its Content-Security-Policy, and the violation is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckoutPage } from './pages/checkout.mjs';
import { expect } from './pages/expect.mjs';
import { ProductPage } from './pages/storefront.mjs';
import { useShop } from './support/session.mjs';

const shop = useShop();
const NAME = 'شهرزاد';

const plants = {
  localStorage: (v) => localStorage.setItem('planted', v),
  sessionStorage: (v) => sessionStorage.setItem('planted', v),
  cookie: (v) => { document.cookie = `planted=${encodeURIComponent(v)}; path=/`; },
  dataLayer: (v) => { (window.dataLayer = window.dataLayer || []).push({ event: 'x', name: v }); },
  url: (v) => fetch(`/api/v1/health?name=${encodeURIComponent(v)}`),
};

for (const [where, plant] of Object.entries(plants)) {
  test(`a typed name planted in ${where} is found`, async () => {
    const { page } = shop;
    const { items } = await shop.backend.api('/products?per_page=50');
    await shop.goto(`/product/${items.find((p) => p.in_stock).slug}`);
    await new ProductPage(page).add(1);
    await shop.goto('/checkout');
    await new CheckoutPage(page).firstName.fill(NAME);
    await shop.browser.assertNoPersonalDataAtRest('in the checkout draft, which is allowed');
    await page.evaluate(`(${plant.toString()})(${JSON.stringify(NAME)})`);
    await assert.rejects(shop.browser.assertNoPersonalDataAtRest(where), new RegExp(NAME));
    // Clean up, so the check after this test passes; a planted URL stays in the record.
    await page.evaluate(() => {
      localStorage.removeItem('planted');
      sessionStorage.removeItem('planted');
      document.cookie = 'planted=; path=/; max-age=0';
      window.dataLayer = [];
    });
    if (where === 'url') shop.browser.personalData.urls.length = 0;
  });
}

test('an injected inline script is refused by the page policy, and the check reports it', async () => {
  const { page } = shop;
  await shop.goto('/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true;';
    document.head.append(script);
  });
  await expect(page).toPass(async () => shop.browser.csp.violations.length > 0);
  assert.equal(await page.evaluate(() => window.__injected), undefined, 'the injected script did not run');
  assert.throws(() => shop.browser.csp.assertNone('after an injection'), /script-src/);
});
