// Launches Debian's Chromium through playwright-core with a fresh profile, and refuses every request
// that is not to the shop's own host, recording it so a test can assert nothing left the machine.
import { chromium } from 'playwright-core';
import { CspWatch } from './csp.mjs';
import { PersonalDataWatch } from './privacy.mjs';
import { scratchDir } from './scratch.mjs';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class Browser {
  /** `options`: `userAgent` to present, `gpc` to send Global Privacy Control, `otherOrigins` that
   * may be loaded besides the shop (a page that embeds the widget). */
  constructor(backend, options = {}) {
    this.backend = backend;
    this.options = options;
    this.profile = scratchDir('pishkhan-profile-');
    this.foreignRequests = [];
    this.personalData = new PersonalDataWatch();
    this.csp = new CspWatch();
    this.context = null;
  }

  /** Starts (or restarts) Chromium on the same profile, as a shopper reopening the browser would. */
  async open() {
    this.context = await chromium.launchPersistentContext(this.profile, {
      executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
      headless: true,
      args: ARGS,
      locale: 'fa-IR',
      viewport: { width: 1280, height: 900 },
      ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
    });
    if (this.options.gpc) {
      await this.context.addInitScript(() => {
        Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });
      });
    }
    await this.personalData.attach(this.context);
    await this.csp.attach(this.context);
    const allowed = new Set([this.backend.url, ...(this.options.otherOrigins ?? [])].map((o) => new URL(o).host));
    await this.context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'data:' || allowed.has(url.host)) return route.continue();
      this.foreignRequests.push(url.href);
      return route.abort('blockedbyclient');
    });
    const [page] = this.context.pages();
    return page ?? this.context.newPage();
  }

  /** Fails if anything the shopper typed into a personal field is kept by the browser. */
  async assertNoPersonalDataAtRest(where = '') {
    if (this.context) await this.personalData.assertNothingAtRest(this.context, where);
  }

  /** What every journey must leave behind: no personal data at rest, no Content-Security-Policy violation. */
  async assertClean(where = '') {
    this.csp.assertNone(where);
    await this.assertNoPersonalDataAtRest(where);
  }

  /** Closes Chromium, after checking that it keeps no personal data and saw no policy violation. */
  async close() {
    try {
      await this.assertClean('at close');
    } finally {
      await this.context?.close();
      this.context = null;
    }
  }
}
