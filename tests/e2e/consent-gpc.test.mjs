// Global Privacy Control: with the signal on, every non-essential purpose is off from the start,
// the banner says so, nothing loads on any route — until the shopper explicitly chooses otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect } from './pages/expect.mjs';
import { ConsentSettings, stubTrackers } from './pages/consent.mjs';
import { useShop } from './support/session.mjs';

let requests;
const shop = useShop({ consent: 'ask', browser: { gpc: true }, setup: async ({ browser }) => {
  requests = await stubTrackers(browser.context);
} });


test('GPC turns everything optional off and says so; nothing loads on any route', async () => {
  const { page } = shop;
  await shop.goto('/');
  await expect(page.getByText('کنترل جهانی حریم خصوصی')).toBeVisible();
  for (const path of ['/cart', '/checkout', '/']) {
    await shop.goto(path);
    await page.getByRole('heading', { level: 1 }).waitFor();
  }
  assert.deepEqual(requests, []);
  const receipts = await shop.backend.api('/dev/consent-receipts');
  assert.equal(receipts.length, 1);
  assert.equal(receipts[0].method, 'gpc');
  assert.ok(Object.values(receipts[0].purposes).every((on) => on === false));
});

test("the shopper's explicit choice wins over GPC", async () => {
  const { page } = shop;
  const settings = new ConsentSettings(page);
  await settings.footerLink.click();
  await settings.purpose('ضبط جلسه').check();
  await settings.save.click();
  await expect(page).toPass(async () => requests.length === 1);
  assert.deepEqual(requests, ['smartlook']);
});
