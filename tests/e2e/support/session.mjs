// One test file's world: a fresh backend and a browser with its own profile, torn down afterwards.
import { randomBytes } from 'node:crypto';
import { after, afterEach, before } from 'node:test';
import assert from 'node:assert/strict';
import { Backend } from './backend.mjs';
import { Browser } from './browser.mjs';
import { FaultProxy } from './faults.mjs';
import { startShopAndHost } from './host.mjs';
import { Mail } from './mail.mjs';

/**
 * `consent`: what the shopper answers the privacy banner on the first visit — 'reject' (default, as
 * most shoppers do; it keeps the banner out of the way of other journeys) or 'ask' to leave it open.
 * `setup` runs once the browser is open, before the first page (e.g. to stub tracker hosts).
 * `faults`: put a `FaultProxy` between the browser and the backend (`shop.faults`).
 * `host`: another site on its own origin that may embed the shop (`shop.host`, see host.mjs).
 * `mail`: email goes over SMTP to a real sink (`shop.mail`, see mail.mjs), and the shop can send
 * newsletter issues (`shop.backend.sendIssue`).
 */
export function useShop({ consent = 'reject', browser = {}, setup = async () => {}, faults = false, host = false, mail = false } = {}) {
  const shop = { backend: null, browser: null, page: null, faults: null, host: null, mail: null };
  before(async () => {
    if (mail) shop.mail = await Mail.start();
    const options = shop.mail ? { smtpUrl: shop.mail.smtpUrl, adminToken: randomBytes(24).toString('hex') } : {};
    if (host) ({ backend: shop.backend, host: shop.host } = await startShopAndHost({ backend: options }));
    else shop.backend = await Backend.start(options);
    if (faults) shop.faults = await FaultProxy.start(shop.backend.url);
    shop.url = (shop.faults ?? shop.backend).url;
    const otherOrigins = shop.host ? [shop.host.url] : [];
    shop.browser = new Browser({ url: shop.url }, { otherOrigins, ...browser });
    shop.page = await shop.browser.open();
    shop.goto = (path) => shop.page.goto(`${shop.url}${path}`);
    await setup(shop);
    if (consent === 'reject') {
      await shop.goto('/');
      await shop.page.getByRole('button', { name: 'رد همه', exact: true }).click();
      await shop.page.getByRole('heading', { name: 'حریم خصوصی شما' }).waitFor({ state: 'detached' });
    }
  });
  afterEach(async (t) => {
    await shop.browser?.assertClean(`after "${t.name}"`);
  });
  after(async () => {
    try {
      await shop.browser?.close();
    } finally {
      await shop.faults?.stop();
      await shop.backend?.stop();
      await shop.host?.close();
      await shop.mail?.stop();
    }
    assert.deepEqual(shop.browser?.foreignRequests ?? [], [], 'the storefront must load nothing from other hosts');
  });
  return shop;
}

/** Arabic letters and Arabic-Indic digits for a Persian text, as a shopper with an Arabic keyboard types it. */
export function arabicKeyboard(text) {
  return text
    .replaceAll('ی', 'ي')
    .replaceAll('ک', 'ك')
    .replace(/[۰-۹]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x06f0 + 0x0660));
}

/** Persian digits for every Latin digit. */
export function persianDigits(text) {
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 48 + 0x06f0));
}
