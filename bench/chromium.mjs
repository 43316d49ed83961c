// Debian's Chromium for the benchmark, through playwright-core and the DevTools protocol: one browser
// (its profile a scratch directory) that also serves Lighthouse on a loopback debugging port, so every
// figure comes from the same binary. Each measurement gets a fresh tab with the mobile profile —
// Lighthouse's phone screen, `Emulation.setCPUThrottlingRate` 4 and `Network.emulateNetworkConditions`
// slow 4G — its own network log, and no cache and no storage of the shop's origin (a new visitor's).
// Host names resolve nowhere (`--host-resolver-rules`), so no request can leave the machine; any
// request to another host is still recorded, and reported.
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { freePort } from '../tests/e2e/support/backend.mjs';
import { scratchDir } from '../tests/e2e/support/scratch.mjs';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';
const PROBE = fileURLToPath(new URL('probe.js', import.meta.url));

/** Lighthouse's mobile screen (a Moto G Power), which its mobile preset emulates too. */
export const MOBILE_SCREEN = { width: 412, height: 823, deviceScaleFactor: 1.75, mobile: true };
/** DevTools' slow 4G, as Lighthouse's devtools throttling sets it: 562.5 ms, 1,474.56 / 675 kbit/s. */
export const SLOW_4G = { latency: 562.5, downloadThroughput: (1474.56 * 1024) / 8, uploadThroughput: (675 * 1024) / 8 };
export const CPU_SLOWDOWN = 4;
/** The mobile profile of every measurement unless it says otherwise. */
export const MOBILE = { cpu: CPU_SLOWDOWN, network: SLOW_4G };
/** For what measures the main thread only (interactions, rendering, heap): the CPU slowed, the network not. */
export const CPU_ONLY = { cpu: CPU_SLOWDOWN, network: null };

const CART_KEY = 'pishkhan.cart.v1';

export class Chromium {
  constructor(context, debugPort) {
    this.context = context;
    this.debugPort = debugPort;
    this.foreignRequests = [];
  }

  static async launch() {
    const debugPort = await freePort();
    const context = await chromium.launchPersistentContext(scratchDir('pishkhan-bench-profile-'), {
      executablePath: CHROME_PATH,
      headless: true,
      viewport: null,
      locale: 'fa-IR',
      // playwright adds --no-sandbox, --no-first-run, --disable-background-networking, --disable-component-update …
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--disable-sync',
        '--disable-domain-reliability',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
        `--remote-debugging-port=${debugPort}`,
      ],
    });
    return new Chromium(context, debugPort);
  }

  /** "Chromium/146.0…" as the browser reports it. */
  async version() {
    const info = await (await fetch(`http://127.0.0.1:${this.debugPort}/json/version`)).json();
    return info.Browser;
  }

  /**
   * A new tab with the probe, the mobile screen and `throttle` (`{ cpu, network }`, see MOBILE), as a new
   * visitor's: the origin's storage and the browser's cache are emptied first, and its cache stays off.
   * `cart`: `[{ product_id, quantity }]` the shop's localStorage holds when its first page starts (unless
   * that page already wrote one).
   */
  async tab(origin, { throttle = MOBILE, cart = null } = {}) {
    const page = await this.context.newPage();
    const cdp = await this.context.newCDPSession(page);
    const tab = new Tab(page, cdp, origin, this.foreignRequests);
    await page.addInitScript({ path: PROBE });
    if (cart) {
      await page.addInitScript(({ key, origin: shop, items }) => {
        if (location.origin === shop && localStorage.getItem(key) === null) localStorage.setItem(key, JSON.stringify(items));
      }, { key: CART_KEY, origin, items: cart });
    }
    await cdp.send('Network.enable');
    await cdp.send('Emulation.setDeviceMetricsOverride', MOBILE_SCREEN);
    await tab.forget();
    await tab.throttle(throttle);
    return tab;
  }

  /** Empties the browser's cache and the origin's storage, then writes `cart` into its localStorage (for Lighthouse). */
  async prepareOrigin(origin, blankUrl, { cart = null } = {}) {
    const tab = await this.tab(origin, { throttle: { cpu: 1, network: null } });
    if (cart) {
      await tab.page.goto(blankUrl);
      await tab.page.evaluate(({ key, items }) => localStorage.setItem(key, JSON.stringify(items)), { key: CART_KEY, items: cart });
    }
    await tab.close();
  }

  async close() {
    await this.context.close();
  }
}

/** One measured tab: its page, its DevTools session and the responses it received. */
export class Tab {
  constructor(page, cdp, origin, foreignRequests) {
    this.page = page;
    this.cdp = cdp;
    this.origin = origin;
    this.responses = [];
    const pending = new Map();
    const shop = new URL(origin).host;
    cdp.on('Network.requestWillBeSent', ({ request }) => {
      const url = new URL(request.url);
      if (!['data:', 'blob:'].includes(url.protocol) && url.host !== shop) foreignRequests.push(request.url);
    });
    cdp.on('Network.responseReceived', ({ requestId, response }) => {
      pending.set(requestId, { url: response.url, mimeType: response.mimeType, status: response.status, encoding: response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? null });
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      const response = pending.get(requestId);
      if (response) this.responses.push({ ...response, encodedDataLength });
    });
  }

  /**
   * Nothing kept for the origin in storage, no cache kept and none used from now on. (Always cold: the
   * backend answers a revalidated page, a 304, with the strict policy of its other answers, which
   * Chromium then applies to the cached page, and the storefront stays blank.)
   */
  async forget() {
    await this.cdp.send('Storage.clearDataForOrigin', { origin: this.origin, storageTypes: 'all' });
    await this.cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await this.cdp.send('Network.clearBrowserCache');
  }

  /** `{ cpu, network }`: a CPU slowdown factor (1 = none) and network conditions (null = none). */
  async throttle({ cpu = 1, network = null }) {
    await this.cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
    await this.cdp.send('Network.emulateNetworkConditions', network ? { offline: false, ...network } : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }

  /** What the probe recorded (see probe.js). */
  probe() {
    return this.page.evaluate(() => ({ fcp: window.__bench.fcp, lcp: window.__bench.lcp, lcpTag: window.__bench.lcpTag, events: window.__bench.events }));
  }

  /**
   * Times the next event of `types` (e.g. `['click']`) that `act()` causes: `nextPaint`, milliseconds to
   * the next paint; `shown`, to the first paint that shows `until` (see probe.js; null without it); and
   * `eventTiming`, the durations Event Timing recorded for it (only those of 16 ms or more exist).
   */
  async timeInput(types, act, until = null) {
    const seen = await this.page.evaluate(() => window.__bench.events.length);
    await this.page.evaluate(([t, u]) => window.__bench.arm(t, u), [types, until]);
    await act();
    const { nextPaint, shown } = await this.page.evaluate(() => window.__bench.pending);
    await this.page.waitForTimeout(100); // Event Timing reports a little after the paint
    const events = await this.page.evaluate((from) => window.__bench.events.slice(from), seen);
    return { nextPaint, shown, eventTiming: events.filter((e) => types.includes(e.name)).map((e) => e.duration) };
  }

  /**
   * `js`: `Runtime.getHeapUsage`'s used bytes after `HeapProfiler.collectGarbage`; `wasm`: the size of
   * the app's wasm memory (it grows, never shrinks), null on a page without one.
   */
  async heapAfterGc() {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await this.cdp.send('Runtime.getHeapUsage');
    const wasm = await this.page.evaluate(() => window.__bench.wasmMemory?.buffer.byteLength ?? null);
    return { js: usedSize, wasm };
  }

  async close() {
    await this.page.close();
  }
}
