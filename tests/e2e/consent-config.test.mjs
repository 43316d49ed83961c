// The shop's configuration decides: a new policy revision asks again, a tracker added by editing
// consent.json alone loads only after consent, and crawlers never get a tracker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expect } from './pages/expect.mjs';
import { ConsentBanner, stubTrackers } from './pages/consent.mjs';
import { Browser } from './support/browser.mjs';
import { useShop } from './support/session.mjs';

let requests;
const shop = useShop({ consent: 'ask', setup: async ({ browser }) => {
  requests = await stubTrackers(browser.context, { 'static.hotjar.com': { id: 'hotjar', cookies: ['_hjSessionUser_1=x'], storage: [] } });
} });
const shipped = JSON.parse(readFileSync(new URL('../../public/consent.json', import.meta.url), 'utf8'));
const HOTJAR = {
  id: 'hotjar',
  name: 'Hotjar',
  purpose: 'analytics',
  scripts: ['https://static.hotjar.com/c/hotjar-1.js'],
  cookies: ['_hjSessionUser_*'],
  description_fa: 'نقشهٔ حرارتی بی‌نام',
  description_en: 'Anonymous heatmaps',
};

/** Serves the shop's edited consent.json instead of the shipped one. */
async function serveConfig(config) {
  await shop.browser.context.unroute('**/consent.json');
  await shop.browser.context.route('**/consent.json', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(config) }),
  );
}


test('a new policy revision asks again, and nothing loads until the shopper answers', async () => {
  const { page } = shop;
  const banner = new ConsentBanner(page);
  await shop.goto('/');
  await banner.acceptAll.click();
  await expect(page).toPass(async () => requests.length === 3);
  assert.deepEqual([...requests].sort(), ['google-analytics', 'smartlook', 'yektanet']);

  await serveConfig({ ...shipped, revision: '2027-01-01' });
  await page.reload();
  await expect(banner.region).toBeVisible();
  assert.equal(requests.length, 3, 'the old choice does not cover the new policy');
  await banner.rejectAll.click();
  await expect(banner.region).toBeHidden();
});

test('a tracker added by editing consent.json alone asks again and loads only after consent', async () => {
  const { page } = shop;
  const banner = new ConsentBanner(page);
  await serveConfig({ ...shipped, revision: '2027-01-01', services: [...shipped.services, HOTJAR] });
  await page.reload();
  await expect(banner.region).toBeVisible();
  assert.ok(!requests.includes('hotjar'));
  await banner.settings.click();
  const dialog = page.getByRole('dialog', { name: 'تنظیمات حریم خصوصی' });
  await expect(dialog.getByText('Hotjar')).toBeVisible();
  await expect(dialog.getByText('_hjSessionUser_*')).toBeVisible();
  await dialog.getByRole('button', { name: 'پذیرش همه', exact: true }).click();
  await expect(page).toPass(async () => requests.includes('hotjar'));
});

test('an invalid consent.json fails closed: nothing loads, no banner', async () => {
  const { page } = shop;
  const before = requests.length;
  await shop.browser.context.clearCookies();
  await serveConfig({ ...shipped, services: [{ ...HOTJAR, scripts: ['javascript:alert(1)'] }] });
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expect(new ConsentBanner(page).region).toHaveCount(0);
  assert.equal(requests.length, before);
});

test('a crawler never gets a tracker, even with a stored choice', async () => {
  const crawler = new Browser(shop.backend, { userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' });
  const page = await crawler.open();
  const crawlerRequests = await stubTrackers(crawler.context);
  await page.goto(`${shop.backend.url}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expect(new ConsentBanner(page).region).toHaveCount(0);
  const record = {
    id: 'crawler-test',
    revision: shipped.revision,
    services_fingerprint: 'x',
    choices: { purposes: { analytics: true, marketing: true, session_recording: true }, services: {} },
    method: 'banner',
    given_at: Date.now(),
    updated_at: Date.now(),
  };
  await crawler.context.addCookies([{ name: 'pishkhan_consent', value: encodeURIComponent(JSON.stringify(record)), url: shop.backend.url }]);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  assert.deepEqual(crawlerRequests, []);
  await crawler.close();
  assert.deepEqual(crawler.foreignRequests, []);
});
