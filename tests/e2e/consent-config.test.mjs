// The shop's configuration decides: a new policy revision asks again, a tracker added by editing
// consent.json alone loads only after consent, and crawlers never get a tracker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect } from './pages/expect.mjs';
import { ConsentBanner, stubBody, stubTrackers } from './pages/consent.mjs';
import { Browser } from './support/browser.mjs';
import { useShop } from './support/session.mjs';

let requests;
const HOTJAR_STUB = { id: 'hotjar', cookies: ['_hjSessionUser_1=x'], storage: [] };
const shop = useShop({ consent: 'ask', setup: async ({ browser }) => {
  requests = await stubTrackers(browser.context, { 'static.hotjar.com': HOTJAR_STUB });
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

/** The shop edits its consent.json: the backend serves it, and its page policy allows its trackers. */
async function editConfig(config) {
  await shop.browser.context.unroute('**/consent.json');
  shop.backend.writeConsent(config);
}

/** A backend that serves a broken consent.json (the reference backend refuses to). */
async function serveBrokenConfig(config) {
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

  await editConfig({ ...shipped, revision: '2027-01-01' });
  await page.reload();
  await expect(banner.region).toBeVisible();
  assert.equal(requests.length, 3, 'the old choice does not cover the new policy');
  await banner.rejectAll.click();
  await expect(banner.region).toBeHidden();
});

test('a tracker added by editing consent.json alone asks again and loads only after consent', async () => {
  const { page } = shop;
  const banner = new ConsentBanner(page);
  await editConfig({ ...shipped, revision: '2027-01-01', services: [...shipped.services, HOTJAR] });
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
  await serveBrokenConfig({ ...shipped, services: [{ ...HOTJAR, scripts: ['javascript:alert(1)'] }] });
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expect(new ConsentBanner(page).region).toHaveCount(0);
  assert.equal(requests.length, before);
});

test('a tracker script with an integrity hash runs only if it is exactly the file the shop reviewed', async () => {
  const { page } = shop;
  const integrity = `sha384-${createHash('sha384').update(stubBody(HOTJAR_STUB)).digest('base64')}`;
  const reviewed = { src: 'https://static.hotjar.com/c/reviewed.js', integrity };
  const changed = { src: 'https://static.hotjar.com/c/changed.js', integrity: `sha384-${createHash('sha384').update('other').digest('base64')}` };
  await editConfig({ ...shipped, revision: '2027-02-01', services: [...shipped.services, { ...HOTJAR, scripts: [reviewed, changed] }] });
  const before = requests.filter((r) => r === 'hotjar').length;
  await shop.browser.context.clearCookies();
  await page.reload();
  await new ConsentBanner(page).acceptAll.click();
  await expect(page).toPass(async () => requests.filter((r) => r === 'hotjar').length === before + 2);
  const scripts = await page.evaluate(() => [...document.querySelectorAll('script[data-consent-service="hotjar"]')]
    .map((s) => [s.getAttribute('integrity'), s.getAttribute('crossorigin')]));
  assert.deepEqual(scripts, [[reviewed.integrity, 'anonymous'], [changed.integrity, 'anonymous']]);
  // both were fetched; only the reviewed one ran
  await expect(page).toPass(async () => (await page.evaluate(() => window.__trackersRan ?? [])).includes('hotjar'));
  assert.equal((await page.evaluate(() => window.__trackersRan)).filter((id) => id === 'hotjar').length, 1);
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
