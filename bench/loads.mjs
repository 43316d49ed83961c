// Cold page loads on the mobile profile: the static snapshots captured from the app, the first and
// largest contentful paint of each page against its snapshot (interleaved, the order alternating
// from run to run), and the bytes a page, the widget's host page and the checkout transfer.
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { MOBILE } from './chromium.mjs';
import { writeSnapshot } from './stage.mjs';
import { ratio, summary } from './stats.mjs';
import { PAGES } from './urls.mjs';

/** What shows that each page has rendered its content, in the app, its snapshot and the twin alike. */
export const READY = {
  catalog: '.catalog__count',
  product: '.product h1',
  cart: '[data-testid="cart-subtotal"]',
  checkout: '#checkout-heading',
  widget: '[data-pishkhan="product"] .product h1',
};
const TIMEOUT = 60_000;

/**
 * Opens `url` in a new tab (see Chromium.tab for `options`), waits for `ready` and for the network to be
 * quiet; returns the tab (to close) and what the probe saw.
 */
export async function open(chromium, url, ready, options) {
  const tab = await chromium.tab(new URL(url).origin, options);
  await tab.page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  await tab.page.locator(ready).first().waitFor({ timeout: TIMEOUT }).catch(async (error) => {
    const shows = await tab.page.locator('body').innerText().catch(() => '');
    throw new Error(`${url}: ${ready} did not show (${error.message.split('\n')[0]}); the page reads: ${shows.slice(0, 400)}`);
  });
  await tab.page.waitForLoadState('networkidle', { timeout: TIMEOUT });
  return tab;
}

/** Loads each page of the app once, unthrottled, and writes what it shows as the page's static snapshot. */
export async function captureSnapshots(chromium, fixtures, dir) {
  for (const page of PAGES) {
    const tab = await open(chromium, fixtures.app(page), READY[page], { throttle: { cpu: 1 }, cart: fixtures.cartFor(page) });
    writeSnapshot(dir, page, await tab.page.content());
    await tab.close();
  }
}

/** FCP and LCP of every page, app and snapshot, `runs` times each. */
export async function paints(chromium, fixtures, runs, log) {
  const samples = Object.fromEntries(PAGES.map((p) => [p, { app: [], snapshot: [] }]));
  for (let run = 0; run < runs; run += 1) {
    for (const page of PAGES) {
      const variants = run % 2 === 0 ? ['app', 'snapshot'] : ['snapshot', 'app'];
      for (const variant of variants) {
        const tab = await open(chromium, fixtures[variant](page), READY[page], { throttle: MOBILE, cart: fixtures.cartFor(page) });
        const { fcp, lcp, lcpTag } = await tab.probe();
        samples[page][variant].push({ fcp, lcp, lcpTag });
        await tab.close();
      }
      log(`paints ${run + 1}/${runs} ${page}: app ${ms(samples[page].app.at(-1).lcp)} LCP, snapshot ${ms(samples[page].snapshot.at(-1).lcp)} LCP`);
    }
  }
  return Object.fromEntries(PAGES.map((page) => {
    const of = (variant, key) => summary(samples[page][variant].map((s) => s[key]));
    const app = { fcp: of('app', 'fcp'), lcp: of('app', 'lcp'), lcpElement: samples[page].app.at(-1).lcpTag };
    const snapshot = { fcp: of('snapshot', 'fcp'), lcp: of('snapshot', 'lcp'), lcpElement: samples[page].snapshot.at(-1).lcpTag };
    return [page, { app, snapshot, ratio: { fcp: ratio(app.fcp, snapshot.fcp), lcp: ratio(app.lcp, snapshot.lcp) } }];
  }));
}

const KINDS = { '.wasm': 'wasm', '.js': 'js', '.mjs': 'js', '.css': 'css', '.woff2': 'font', '.woff': 'font' };

function kindOf(url) {
  const path = new URL(url).pathname;
  if (path.startsWith('/api/')) return 'api';
  return KINDS[extname(path)] ?? (extname(path) === '' || extname(path) === '.html' ? 'html' : 'other');
}

/**
 * The bytes of one cold load of `url` on the mobile profile, by kind: as they came over the network
 * (`encodedDataLength`: the compressed body and the headers) and as the served directory holds them
 * compressed (the `.br` file the backend sends, or the file itself for fonts, which are compressed).
 */
export async function transfer(chromium, url, ready, dir, { cart = null } = {}) {
  const tab = await open(chromium, url, ready, { throttle: MOBILE, cart });
  const files = tab.responses.map((r) => {
    const path = new URL(r.url).pathname;
    const kind = kindOf(r.url);
    const file = join(dir, r.encoding === 'br' ? `${path}.br` : path);
    const onDisk = kind !== 'api' && (r.encoding === 'br' || kind === 'font') && existsSync(file) && statSync(file).isFile() ? file : null;
    return { path, kind, encoding: r.encoding, network: r.encodedDataLength, brotli: onDisk ? statSync(onDisk).size : null };
  });
  await tab.close();
  const total = (key, kinds) => files.filter((f) => kinds.includes(f.kind)).reduce((n, f) => n + (f[key] ?? 0), 0);
  const byKind = (key) => Object.fromEntries(['wasm', 'js', 'css', 'font', 'html', 'api', 'other'].map((k) => [k, total(key, [k])]));
  return {
    files,
    network: byKind('network'),
    brotli: byKind('brotli'),
    code: { network: total('network', ['wasm', 'js', 'css']), brotli: total('brotli', ['wasm', 'js', 'css']) },
  };
}

function ms(value) {
  return value === null ? '–' : `${Math.round(value)} ms`;
}
