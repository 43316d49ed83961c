// Lighthouse (npm, its CLI) on the harness's own Chromium: mobile preset (simulated slow 4G, 4× CPU),
// performance only, no error reporting, storage kept (the harness empties the cache and the origin's
// storage itself before each run, and puts the cart page's item in), the pages interleaved run by run.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROME_PATH } from './chromium.mjs';
import { ROOT } from './env.mjs';
import { summary } from './stats.mjs';
import { PAGES } from './urls.mjs';
import { scratchDir } from '../tests/e2e/support/scratch.mjs';

const CLI = join(ROOT, 'node_modules', 'lighthouse', 'cli', 'index.js');
export const LIGHTHOUSE_VERSION = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'lighthouse', 'package.json'), 'utf8')).version;
const AUDITS = { fcp: 'first-contentful-paint', lcp: 'largest-contentful-paint', tbt: 'total-blocking-time', cls: 'cumulative-layout-shift' };

/** One Lighthouse run of `url` in the browser listening on `port`: its report (lhr). */
function run(url, port, out) {
  const args = [
    CLI, url,
    `--port=${port}`,
    '--output=json', `--output-path=${out}`,
    '--only-categories=performance',
    '--form-factor=mobile',
    '--no-enable-error-reporting',
    '--disable-storage-reset',
    '--quiet',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(JSON.parse(readFileSync(out, 'utf8')));
      else reject(new Error(`lighthouse ${url} exited with ${code}:\n${stderr}`));
    });
  });
}

/** Score, FCP, LCP, TBT and CLS of each page, `runs` times, with any request Lighthouse saw leave loopback. */
export async function lighthouse(chromium, fixtures, runs, log) {
  const dir = scratchDir('pishkhan-bench-lighthouse-');
  const samples = Object.fromEntries(PAGES.map((p) => [p, []]));
  const foreign = [];
  for (let i = 0; i < runs; i += 1) {
    for (const page of PAGES) {
      await chromium.prepareOrigin(fixtures.origin, fixtures.blank(), { cart: fixtures.cartFor(page) });
      const lhr = await run(fixtures.app(page), chromium.debugPort, join(dir, `${page}-${i}.json`));
      if (lhr.runtimeError) throw new Error(`lighthouse ${page}: ${lhr.runtimeError.message}`);
      const sample = { score: lhr.categories.performance.score * 100 };
      for (const [key, audit] of Object.entries(AUDITS)) sample[key] = lhr.audits[audit].numericValue;
      samples[page].push(sample);
      for (const item of lhr.audits['network-requests']?.details?.items ?? []) {
        if (!item.url.startsWith(fixtures.origin) && !item.url.startsWith('data:')) foreign.push(item.url);
      }
      log(`lighthouse ${i + 1}/${runs} ${page}: score ${sample.score}, LCP ${Math.round(sample.lcp)} ms, TBT ${Math.round(sample.tbt)} ms, CLS ${sample.cls.toFixed(3)}`);
    }
  }
  const pages = Object.fromEntries(PAGES.map((page) => [page, Object.fromEntries(['score', ...Object.keys(AUDITS)].map((k) => [k, summary(samples[page].map((s) => s[k]))]))]));
  return { version: LIGHTHOUSE_VERSION, pages, foreign };
}
