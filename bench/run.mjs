// The performance benchmark of issue 12, in one command (a benchmark, not a test: it exits 0 whatever
// the budgets say, and nothing in scripts/test.sh runs it):
//
//   node bench/run.mjs [--runs N] [--dist DIR] [--only SECTION,…]
//
// Builds the release storefront and widget into target/bench-dist as scripts/serve.sh does (or takes
// such a build from --dist) and the release backend; serves them and the harness's own pages from one
// loopback server, the reference backend with a fresh seeded database; measures in Debian's Chromium
// and with Lighthouse; prints each budget PASS or FAIL and writes bench/results/latest.json and
// latest.md. Sections: bytes, paints, lighthouse, interactions, cards, heap (default: all). --runs: how
// often each measurement is repeated (default 7).
import { BACKEND, ROOT, SERVED } from './env.mjs';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, machine as uname } from 'node:os';
import { join, resolve } from 'node:path';
import { Backend } from '../tests/e2e/support/backend.mjs';
import { Chromium, CPU_SLOWDOWN, MOBILE_SCREEN } from './chromium.mjs';
import { cards, heap, interactions } from './interactions.mjs';
import { lighthouse, LIGHTHOUSE_VERSION } from './lighthouse.mjs';
import { READY, captureSnapshots, paints, transfer } from './loads.mjs';
import { budgets, summaryLines, write } from './report.mjs';
import { buildBackend, buildDist, precompressOwn, stage } from './stage.mjs';
import { Fixtures } from './urls.mjs';

const SECTIONS = ['bytes', 'paints', 'lighthouse', 'interactions', 'cards', 'heap'];
const USAGE = `usage: node bench/run.mjs [--runs N] [--dist DIR] [--only ${SECTIONS.join(',')}]`;

function options(argv) {
  const o = { runs: 7, dist: null, only: SECTIONS };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--help') throw new Error(USAGE);
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    i += 1;
    if (flag === '--runs') o.runs = Number(value);
    else if (flag === '--dist') o.dist = resolve(value);
    else if (flag === '--only') o.only = value.split(',');
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new Error(`--runs must be a whole number ≥ 1\n${USAGE}`);
  const unknown = o.only.filter((s) => !SECTIONS.includes(s));
  if (unknown.length > 0) throw new Error(`unknown section ${unknown.join(', ')}\n${USAGE}`);
  return o;
}

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const model = /^(model name|Model|Hardware)\s*:\s*(.+)$/m.exec(cpuinfo)?.[2] ?? cpus()[0]?.model ?? 'unknown CPU';
  return { arch: uname(), cpu: model.trim(), cores: cpus().length, loadAtStart: loadavg()[0] };
}

let o;
try {
  o = options(process.argv.slice(2));
} catch (error) {
  console.error(error.message);
  process.exit(2);
}
const started = Date.now();
const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

const dist = o.dist ?? join(ROOT, 'target', 'bench-dist');
if (!o.dist) {
  log(`building the release storefront and widget into ${dist}`);
  buildDist(dist);
}
log('building the release backend');
buildBackend();
stage(dist, SERVED);

const backend = await Backend.start();
const chromium = await Chromium.launch();
const api = (path) => backend.api(path);
const results = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  machine: machine(),
  chromium: await chromium.version(),
  node: process.version,
  runs: o.runs,
  command: `node bench/run.mjs${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
  profile: `${MOBILE_SCREEN.width}×${MOBILE_SCREEN.height} @${MOBILE_SCREEN.deviceScaleFactor}x mobile screen, CPU ${CPU_SLOWDOWN}× slower, slow 4G (562.5 ms, 1.44 Mbit/s down, 0.66 up) unless a section says otherwise`,
  backend: BACKEND,
  notes: [],
};

try {
  const [product] = await backend.stockedProducts(1, 10);
  const fixtures = new Fixtures(backend.url, product);
  log(`serving ${SERVED} at ${backend.url}; product page: ${product.slug}; ${results.chromium}`);
  if (o.only.includes('paints')) {
    await captureSnapshots(chromium, fixtures, SERVED);
    precompressOwn(SERVED);
  }
  if (o.only.includes('bytes')) {
    results.bytes = {
      catalog: await transfer(chromium, fixtures.app('catalog'), READY.catalog, SERVED),
      checkout: await transfer(chromium, fixtures.app('checkout'), READY.checkout, SERVED, { cart: fixtures.cartFor('checkout') }),
      widget: await transfer(chromium, fixtures.widgetHost(), READY.widget, SERVED),
    };
    log(`bytes: first page ${results.bytes.catalog.code.brotli} B brotli (wasm+js+css), widget ${results.bytes.widget.code.brotli} B`);
  }
  if (o.only.includes('paints')) results.paints = await paints(chromium, fixtures, o.runs, log);
  if (o.only.includes('lighthouse')) results.lighthouse = await lighthouse(chromium, fixtures, o.runs, log);
  if (o.only.includes('interactions')) results.interactions = await interactions(chromium, fixtures, api, o.runs, log);
  if (o.only.includes('cards')) results.cards = await cards(chromium, fixtures, api, o.runs, log);
  if (o.only.includes('heap')) results.heap = await heap(chromium, fixtures, api, o.runs, log);
} finally {
  await chromium.close();
  await backend.stop();
}

results.machine.loadAtEnd = loadavg()[0];
results.foreignRequests = [...chromium.foreignRequests, ...(results.lighthouse?.foreign ?? [])];
if (results.lighthouse) results.notes.push(`Lighthouse ${LIGHTHOUSE_VERSION}: the newest that runs on Node 20 (13.x needs Node ≥ 22.19); mobile preset, simulated throttling.`);
if (results.cards?.note) results.notes.push(results.cards.note);
results.notes.push('The widget\'s host page is a page of the shop\'s own origin (/bench/widget.html), so one server serves everything; a host on another origin loads the same files.');
results.budgets = budgets(results);
const files = write(join(ROOT, 'bench', 'results'), results);
console.log('');
for (const line of summaryLines(results.budgets)) console.log(line);
console.log(`\nwrote ${files.json} and ${files.md} in ${((Date.now() - started) / 60000).toFixed(1)} min`);
