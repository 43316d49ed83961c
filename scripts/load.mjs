#!/usr/bin/env node
// A load benchmark for the reference backend (not a test; scripts/load.sh builds and starts one for it).
//
//   node scripts/load.mjs http://127.0.0.1:PORT [--clients 200] [--duration 30] [--max-requests 250000]
//        [--mode mixed|reads] [--retry-share 0.1] [--max-lines 3] [--max-quantity 2]
//        [--timeout-ms 10000] [--think-ms 0] [--window 5]
//        [--db FILE] [--server-pid PID] [--json FILE] [--label TEXT]
//
// Each client loops browse (categories, a listing) → search → product → cart quote → checkout review →
// place order (fresh Idempotency-Key; the "retry" clients send each order twice with the same key, every
// other time both at once) → pay, until the duration or the request cap is reached. `--mode reads` stops
// after the review (no writes), for comparison. Only loopback addresses are accepted.
//
// At the end it prints per-endpoint counts, statuses, throughput and latency percentiles as Markdown, and
// checks: no 5xx or network errors; each idempotency key made at most one order (client answers and the
// development listing /api/v1/dev/orders, which the backend serves with --dev); stock never negative and
// conserved (start stock − end stock = units ordered), through the API and, with --db and the sqlite3 CLI,
// the SQLite file read-only. Exit status 1 if a check fails, 2 on bad usage.

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

// ---------------------------------------------------------------------------------------------- options

const USAGE = 'usage: node scripts/load.mjs BASE_URL [--clients N] [--duration S] [--max-requests N] ' +
  '[--mode mixed|reads] [--retry-share F] [--max-lines N] [--max-quantity N] [--timeout-ms MS] [--think-ms MS] ' +
  '[--window S] [--db FILE] [--server-pid PID] [--json FILE] [--label TEXT]';

function parseArgs(argv) {
  const o = {
    base: null, clients: 200, duration: 30, maxRequests: 250_000, mode: 'mixed', retryShare: 0.1, maxLines: 3,
    maxQuantity: 2, timeoutMs: 10_000, thinkMs: 0, window: 5, db: null, serverPid: 0, json: null, label: '',
  };
  const numeric = { '--clients': 'clients', '--duration': 'duration', '--max-requests': 'maxRequests',
    '--retry-share': 'retryShare', '--timeout-ms': 'timeoutMs', '--think-ms': 'thinkMs', '--window': 'window',
    '--server-pid': 'serverPid', '--max-lines': 'maxLines', '--max-quantity': 'maxQuantity' };
  const text = { '--mode': 'mode', '--db': 'db', '--json': 'json', '--label': 'label' };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s, 2);
    if (flag === '-h' || flag === '--help') { console.log(USAGE); process.exit(0); }
    if (!flag.startsWith('--')) {
      if (o.base) usage(`unexpected argument ${flag}`);
      o.base = flag;
      continue;
    }
    if (!(flag in numeric) && !(flag in text)) usage(`unknown option ${flag}`);
    if (value === undefined) value = argv[++i];
    if (value === undefined) usage(`${flag} needs a value`);
    if (flag in numeric) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) usage(`${flag} must be a non-negative number`);
      o[numeric[flag]] = n;
    } else {
      o[text[flag]] = value;
    }
  }
  if (!o.base) usage('the base URL is required');
  let url;
  try { url = new URL(o.base); } catch { usage(`not a URL: ${o.base}`); }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!['127.0.0.1', 'localhost', '::1'].includes(host) && !host.startsWith('127.')) {
    usage(`refusing a non-loopback host: ${host}`);
  }
  if (!['mixed', 'reads'].includes(o.mode)) usage('--mode is mixed or reads');
  if (o.clients < 1 || o.duration <= 0 || o.maxRequests < 1) usage('clients, duration and max-requests must be positive');
  if (!(o.maxLines >= 1 && o.maxLines <= 100 && o.maxQuantity >= 1 && o.maxQuantity <= 99)) usage('--max-lines is 1..100, --max-quantity 1..99');
  if (o.maxRequests > 1_000_000) usage('--max-requests is at most 1000000');
  if (o.duration > 600) usage('--duration is at most 600 s');
  if (o.clients > 5000) usage('--clients is at most 5000');
  if (o.retryShare > 1) usage('--retry-share is a fraction, 0..1');
  for (const k of ['clients', 'maxRequests', 'maxLines', 'maxQuantity', 'serverPid']) o[k] = Math.floor(o[k]);
  o.base = url.origin;
  return o;
}

function usage(message) {
  console.error(`error: ${message}\n${USAGE}`);
  process.exit(2);
}

const opts = parseArgs(process.argv.slice(2));
const API = `${opts.base}/api/v1`;

// -------------------------------------------------------------------------------------------- test data

const PLACES = [ // (province slug, a city of it) from core/src/checkout/regions.rs
  ['tehran', 'تهران'], ['tehran', 'ری'], ['alborz', 'کرج'], ['isfahan', 'اصفهان'], ['isfahan', 'کاشان'],
  ['fars', 'شیراز'], ['fars', 'جهرم'], ['razavi-khorasan', 'مشهد'], ['east-azerbaijan', 'تبریز'],
  ['west-azerbaijan', 'ارومیه'], ['ardabil', 'اردبیل'], ['khuzestan', 'اهواز'], ['kermanshah', 'کرمانشاه'],
];
const FIRST = ['سارا', 'علی', 'مریم', 'رضا', 'زهرا', 'حسین', 'نگار', 'امید'];
const LAST = ['احمدی', 'کریمی', 'رضایی', 'محمدی', 'حسینی', 'موسوی', 'جعفری'];
const STREETS = ['خیابان زند، کوچه ۱۲', 'خیابان آزادی', 'بلوار کشاورز، پلاک ۳', 'خیابان ولیعصر'];
const SORTS = ['newest', 'price_asc', 'price_desc', 'popular'];
const METHODS = ['post', 'tipax', 'courier'];

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const int = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** A postal code core accepts: 10 digits, no 2, no 0 in the first five, fifth not 5, first four not all equal. */
function postalCode() {
  for (;;) {
    const head = Array.from({ length: 5 }, (_, i) => pick(i === 4 ? '1346789' : '13456789')).join('');
    const tail = Array.from({ length: 5 }, () => pick('013456789')).join('');
    if (!(head[0] === head[1] && head[1] === head[2] && head[2] === head[3])) return head + tail;
  }
}

// core accepts only numbers with an operator prefix (rust-persian-tools' list): a few common ones
const OPERATORS = ['912', '919', '935', '937', '901', '990', '921'];
const mobile = () => `0${pick(OPERATORS)}${String(int(0, 9_999_999)).padStart(7, '0')}`;

let keySeq = 0;
const newKey = () => `load-${process.pid}-${Date.now().toString(36)}-${(keySeq++).toString(36)}`;
// Each order comes from a shopper of its own: a fresh address in 10/8, sent as X-Forwarded-For (load.sh starts
// the backend with --trust-proxy), so the backend's per-address limit on placing orders (60 an hour) sees
// many shoppers, as it would in a shop, not one loopback client placing thousands.
let shopperSeq = 0;
const newShopper = () => { const n = shopperSeq++; return `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`; };
const NOTE_PREFIX = 'load-key:';

function orderBody(key, items, review, [province, city]) {
  return {
    items,
    contact: { first_name: pick(FIRST), last_name: pick(LAST), mobile: mobile(), email: '' },
    recipient: { kind: 'buyer' },
    address: {
      province, city, street: pick(STREETS), plate: String(int(1, 200)), unit: '',
      postal_code: postalCode(), notes: NOTE_PREFIX + key, // ties the stored order to its key
    },
    invoice: { kind: 'none' },
    shipping_method: review.shipping_method,
    expected_total: review.total,
    save_address: false,
  };
}

// ---------------------------------------------------------------------------------------------- metrics

const ENDPOINTS = [
  'GET /categories', 'GET /products (browse)', 'GET /products (search)', 'GET /products/{slug}',
  'POST /cart/quote', 'POST /checkout/review', 'POST /orders', 'POST /orders (same key again)',
  'POST /orders/{n}/payment',
];
const READS = new Set(ENDPOINTS.slice(0, 6));
const stats = new Map(ENDPOINTS.map((name) => [name, { lat: [], statuses: new Map(), soldOut: 0, errors: 0 }]));
const windows = []; // per --window seconds: { reads: [latencies], writes: [latencies], created, soldOut, count }
const flow = {
  reviewsNotReady: 0, created: 0, soldOut409: 0, replayed: 0, retriedKeys: 0, paid: 0,
  unexpected: [], // first few unexpected answers, for the report
};
const keys = new Map(); // idempotency key → { answers: [{status, number, replayed}], paidNumber }

let requests = 0;
let startedAt = 0;
let deadline = 0;
let stopReason = '';

function windowAt(t) {
  // answers that arrive after the deadline (requests in flight) count in the last window
  const last = Math.max(0, Math.ceil(opts.duration / opts.window) - 1);
  const i = Math.min(last, Math.max(0, Math.floor((t - startedAt) / (opts.window * 1000))));
  while (windows.length <= i) windows.push({ reads: [], writes: [], created: 0, soldOut: 0, count: 0 });
  return windows[i];
}

/** Whether another request may start (the duration and the request cap). */
function mayContinue() {
  if (performance.now() >= deadline) { stopReason ||= 'duration reached'; return false; }
  if (requests >= opts.maxRequests) { stopReason ||= `request cap (${opts.maxRequests}) reached`; return false; }
  return true;
}

class Stop extends Error {}

// node:http with keep-alive rather than fetch: about a quarter of fetch's CPU per request, which matters when
// the generator shares the machine with the backend
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });

/** One HTTP exchange: { status, headers, text }, status 0 (text: the error code) on network errors or timeouts. */
function send(method, url, headers, body) {
  return new Promise((resolve) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const h = { accept: 'application/json', ...headers };
    if (payload) Object.assign(h, { 'content-type': 'application/json', 'content-length': payload.length });
    let done = false;
    const finish = (result) => { if (!done) { done = true; resolve(result); } };
    const req = http.request(url, { method, headers: h, agent, timeout: opts.timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => finish({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (error) => finish({ status: 0, headers: null, text: String(error.code ?? error) }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error) => finish({ status: 0, headers: null, text: String(error.code ?? error) }));
    req.end(payload);
  });
}

/**
 * One measured request. `ok` lists the expected statuses; a 409 `/problems/order-changed` on placing is
 * counted as sold out (not an error). Answers { status, body, headers } or { status: 0 } on network errors.
 */
async function call(name, method, path, { body, headers = {}, ok = [200], counted = true } = {}) {
  if (counted) {
    if (!mayContinue()) throw new Stop();
    requests++;
  }
  const t0 = performance.now();
  const { status, headers: resHeaders, text } = await send(method, API + path, headers, body);
  const t1 = performance.now();
  let json = null;
  try { json = status && text ? JSON.parse(text) : null; } catch { json = null; }
  if (!counted) return { status, body: json, headers: resHeaders, text };
  const s = stats.get(name);
  const ms = t1 - t0;
  s.lat.push(ms);
  const label = status === 0 ? `net:${text}` : String(status);
  s.statuses.set(label, (s.statuses.get(label) ?? 0) + 1);
  const w = windowAt(t1);
  w.count++;
  (READS.has(name) ? w.reads : w.writes).push(ms);
  const soldOut = status === 409 && name.startsWith('POST /orders') && json?.type === '/problems/order-changed';
  if (soldOut) {
    s.soldOut++;
    w.soldOut++;
  } else if (!ok.includes(status)) {
    s.errors++;
    if (flow.unexpected.length < 10) flow.unexpected.push(`${method} ${path} → ${label} ${text.slice(0, 200)}`);
  }
  return { status, body: json, headers: resHeaders, text };
}

// ----------------------------------------------------------------------------------------------- client

let categories = [];
let searchWords = [];

async function client(index) {
  const retries = index < Math.round(opts.clients * opts.retryShare);
  let round = 0;
  try {
    while (mayContinue()) {
      round++;
      // browse
      await call('GET /categories', 'GET', '/categories');
      const category = pick(categories);
      const browse = await call('GET /products (browse)', 'GET',
        `/products?category=${encodeURIComponent(category)}&sort=${pick(SORTS)}&page=${int(1, 2)}`);
      // search
      const q = pick(searchWords);
      const search = await call('GET /products (search)', 'GET',
        `/products?q=${encodeURIComponent(q)}&sort=${pick(SORTS)}&page=1`);
      const listed = [...(browse.body?.items ?? []), ...(search.body?.items ?? [])];
      if (listed.length === 0) continue;
      const inStock = listed.filter((p) => p.in_stock);
      const pool = inStock.length > 0 ? inStock : listed;
      // product
      const shown = pick(pool);
      await call('GET /products/{slug}', 'GET', `/products/${encodeURIComponent(shown.slug)}`, { ok: [200] });
      // cart: the product shown and up to max-lines − 1 more from the listings, 1..max-quantity of each
      const chosen = new Map([[shown.id, shown]]);
      for (let n = int(0, opts.maxLines - 1); n > 0; n--) { const p = pick(pool); chosen.set(p.id, p); }
      const lines = [...chosen.values()].map((p) => ({ product_id: p.id, quantity: int(1, opts.maxQuantity), seen_unit_price: p.price }));
      await call('POST /cart/quote', 'POST', '/cart/quote', { body: { items: lines } });
      const items = lines.map(({ product_id, quantity }) => ({ product_id, quantity }));
      const destination = pick(PLACES);
      const review = await call('POST /checkout/review', 'POST', '/checkout/review',
        { body: { items, province: destination[0], shipping_method: pick(METHODS) } });
      if (opts.mode === 'reads') {
        if (opts.thinkMs) await sleep(opts.thinkMs);
        continue;
      }
      if (!review.body?.ready) { flow.reviewsNotReady++; continue; }
      // place (and, for the retry clients, the same request again with the same key)
      const key = newKey();
      const body = orderBody(key, items, review.body, destination);
      const shopper = newShopper();
      const submit = (name) => call(name, 'POST', '/orders',
        { body, headers: { 'idempotency-key': key, 'x-forwarded-for': shopper }, ok: [200, 201] });
      const record = { answers: [], paidNumber: null };
      keys.set(key, record);
      const note = (r) => {
        const replayed = r.headers?.['idempotent-replayed'] === 'true';
        record.answers.push({ status: r.status, number: r.body?.number ?? null, replayed });
        if (r.status === 201) { flow.created++; windowAt(performance.now()).created++; }
        if (r.status === 200 && replayed) flow.replayed++;
        if (r.status === 409) flow.soldOut409++;
        return r;
      };
      let answers;
      if (retries && round % 2 === 0) { // both at once: a double click or a retry racing the first try
        flow.retriedKeys++;
        answers = await Promise.all([submit('POST /orders'), submit('POST /orders (same key again)')].map((p) => p.then(note)));
      } else {
        answers = [note(await submit('POST /orders'))];
        if (retries) { // the answer was "lost": send it again
          flow.retriedKeys++;
          answers.push(note(await submit('POST /orders (same key again)')));
        }
      }
      const order = answers.find((r) => r.status === 201 || r.status === 200)?.body;
      if (!order?.number) continue;
      // pay
      const paid = await call('POST /orders/{n}/payment', 'POST', `/orders/${encodeURIComponent(order.number)}/payment`,
        { body: { payment_token: order.payment_token } });
      if (paid.status === 200 && paid.body?.status === 'paid') { flow.paid++; record.paidNumber = order.number; }
      if (opts.thinkMs) await sleep(opts.thinkMs);
    }
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
}

const LOOP_RESOLUTION_MS = 5;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------- setup, checks

async function getJson(path) {
  const r = await call('', 'GET', path, { counted: false });
  if (r.status !== 200) throw new Error(`GET ${path}: ${r.status || r.text} ${r.text.slice(0, 300)}`);
  return r.body;
}

/** Every product (id, slug), through the listing. */
async function allProducts() {
  const products = [];
  for (let page = 1; ; page++) {
    const body = await getJson(`/products?per_page=100&page=${page}&sort=price_asc`);
    products.push(...body.items);
    if (body.items.length === 0 || products.length >= body.total) return products;
  }
}

/** id → stock, read one product at a time through GET /products/{slug} (the listing has only in_stock). */
async function stockByApi(products) {
  const stock = new Map();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < products.length) {
      const p = products[next++];
      stock.set(p.id, (await getJson(`/products/${encodeURIComponent(p.slug)}`)).stock);
    }
  }));
  return stock;
}

function sqlite(sql) {
  return execFileSync('sqlite3', ['-readonly', '-bail', '-separator', '\t', opts.db, sql], { encoding: 'utf8', timeout: 30_000 })
    .trim().split('\n').filter(Boolean).map((line) => line.split('\t'));
}

function hasSqlite3() {
  try { execFileSync('sqlite3', ['-version'], { stdio: 'ignore' }); return true; } catch { return false; }
}

// ------------------------------------------------------------------------------------------ CPU shares

const TICKS = 100; // USER_HZ on Linux

/** Busy and total CPU ticks of the whole machine (/proc/stat), or null off Linux. */
function machineTicks() {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3] + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch { return null; }
}

/** CPU seconds (user + system) used so far by a process (/proc/PID/stat), or null. */
function processSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch { return null; }
}

/** The number of threads of a process (/proc/PID/status), or null. */
function threadCount(pid) {
  try { return Number(/^Threads:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]); } catch { return null; }
}

function cpuSnapshot() {
  const c = process.cpuUsage();
  return { machine: machineTicks(), client: (c.user + c.system) / 1e6, server: opts.serverPid ? processSeconds(opts.serverPid) : null };
}

/** CPU used between two snapshots, in cores (1.0 = one core busy the whole time). */
function cpuUse(a, b, seconds) {
  const use = { cores: cpus().length, client: (b.client - a.client) / seconds };
  if (a.machine && b.machine) use.machine = ((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * use.cores;
  if (a.server != null && b.server != null) use.backend = (b.server - a.server) / seconds;
  return use;
}

function cpuText(use) {
  const parts = [`${use.cores} cores`];
  if (use.machine != null) parts.push(`machine busy ${use.machine.toFixed(2)} cores`);
  if (use.backend != null) parts.push(`backend ${use.backend.toFixed(2)}`);
  parts.push(`load generator ${use.client.toFixed(2)}`);
  return parts.join(', ');
}

// -------------------------------------------------------------------------------------------- reporting

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const ms = (v) => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : v.toFixed(0));

function latencyRow(name, lat, extra, seconds) {
  const sorted = Float64Array.from(lat).sort();
  return [name, ...extra, (lat.length / seconds).toFixed(1), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)),
    ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1] ?? NaN)];
}

function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((h, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function summarise(seconds) {
  const rows = [];
  const groups = { reads: [], writes: [], all: [] };
  const allStatuses = new Map();
  let soldOut = 0;
  let errors = 0;
  for (const [name, s] of stats) {
    if (s.lat.length === 0) continue;
    for (const v of s.lat) { groups.all.push(v); groups[READS.has(name) ? 'reads' : 'writes'].push(v); }
    for (const [k, v] of s.statuses) allStatuses.set(k, (allStatuses.get(k) ?? 0) + v);
    soldOut += s.soldOut;
    errors += s.errors;
    rows.push(latencyRow(name, s.lat, [s.lat.length, statusText(s.statuses), s.soldOut, s.errors], seconds));
  }
  if (groups.writes.length) {
    rows.push(latencyRow('*reads (the six above)*', groups.reads, [groups.reads.length, '', '', ''], seconds));
    rows.push(latencyRow('*writes (orders, payments)*', groups.writes, [groups.writes.length, '', '', ''], seconds));
  }
  rows.push(latencyRow('**all**', groups.all, [groups.all.length, statusText(allStatuses), soldOut, errors], seconds));
  const pcts = (lat) => { const sorted = Float64Array.from(lat).sort(); return { count: lat.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) }; };
  return { rows, total: groups.all.length, errors, soldOut, statuses: Object.fromEntries(allStatuses),
    groups: { reads: pcts(groups.reads), writes: pcts(groups.writes), all: pcts(groups.all) } };
}

const statusText = (m) => [...m].sort().map(([k, v]) => `${k}×${v}`).join(' ');

// ------------------------------------------------------------------------------------------------- main

async function main() {
  // setup: the catalog, search words, and the stock before the run (not counted)
  categories = (await getJson('/categories')).map((c) => c.slug);
  const products = await allProducts();
  const words = new Set();
  for (const p of products) for (const w of `${p.title} ${p.byline}`.split(/[\s،:,.()«»]+/u)) if ([...w].length >= 3) words.add(w);
  searchWords = [...words];
  if (categories.length === 0 || products.length === 0) throw new Error('the catalog is empty');
  const stockBefore = await stockByApi(products);
  const unitsBefore = [...stockBefore.values()].reduce((a, b) => a + b, 0);

  console.log(`# Load run${opts.label ? `: ${opts.label}` : ''}\n`);
  console.log(`${opts.base}, mode ${opts.mode}, ${opts.clients} clients (${Math.round(opts.clients * opts.retryShare)} ` +
    `resend each order's key), ${opts.duration} s or ${opts.maxRequests} requests; catalog: ${products.length} products, ` +
    `${categories.length} categories, ${unitsBefore} units in stock, ${searchWords.length} search words\n`);

  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpuBefore = cpuSnapshot();
  let peakThreads = null;
  const sampler = opts.serverPid ? setInterval(() => { peakThreads = Math.max(peakThreads ?? 0, threadCount(opts.serverPid) ?? 0); }, 250) : null;
  startedAt = performance.now();
  deadline = startedAt + opts.duration * 1000;
  await Promise.all(Array.from({ length: opts.clients }, (_, i) => client(i)));
  const seconds = (performance.now() - startedAt) / 1000;
  const cpuAfter = cpuSnapshot();
  loop.disable();
  if (sampler) clearInterval(sampler);

  const summary = summarise(seconds);
  console.log(`Ran ${seconds.toFixed(1)} s (${stopReason || 'all clients done'}); ${summary.total} requests, ` +
    `${(summary.total / seconds).toFixed(0)} req/s. Latencies in ms, from request start to the whole body read.\n`);
  console.log(table(['endpoint', 'count', 'statuses', 'sold out (409)', 'errors', 'req/s', 'p50', 'p95', 'p99', 'max'], summary.rows));
  console.log(`\nOrders: ${flow.created} placed (201), ${flow.soldOut409} answered 409 order-changed (sold out or short ` +
    `since the review), ${flow.reviewsNotReady} reviews not ready (sold out; no order tried), ${flow.retriedKeys} keys sent twice, ` +
    `${flow.replayed} replays (200 Idempotent-Replayed), ${flow.paid} paid.`);
  const cpu = cpuUse(cpuBefore, cpuAfter, seconds);
  const lag = (ns) => ms(Math.max(0, ns / 1e6 - LOOP_RESOLUTION_MS));
  console.log(`Load generator event-loop lag: p50 ${lag(loop.percentile(50))} ms, p99 ${lag(loop.percentile(99))} ms, ` +
    `max ${lag(loop.max)} ms (time an answer may wait in the client before it is timed; part of every latency).`);
  console.log(`CPU during the run: ${cpuText(cpu)} (busy cores beyond backend + generator are other ` +
    `processes)${peakThreads ? `; backend threads: peak ${peakThreads}` : ''}.\n`);

  const windowRows = windows.map((w, i) => {
    const r = Float64Array.from(w.reads).sort();
    const wr = Float64Array.from(w.writes).sort();
    const span = Math.min(opts.window, Math.max(0.001, seconds - i * opts.window));
    const to = Math.min(seconds, (i + 1) * opts.window);
    return [`${i * opts.window}–${Number.isInteger(to) ? to : to.toFixed(1)} s`, (w.count / span).toFixed(0),
      w.reads.length, ms(percentile(r, 50)), ms(percentile(r, 99)), w.writes.length, ms(percentile(wr, 50)),
      ms(percentile(wr, 99)), w.created, w.soldOut];
  });
  console.log(table(['window', 'req/s', 'reads', 'read p50', 'read p99', 'writes', 'write p50', 'write p99', 'orders placed', '409'],
    windowRows));
  if (flow.unexpected.length) console.log(`\nFirst unexpected answers:\n${flow.unexpected.map((u) => `- ${u}`).join('\n')}`);

  // ----- checks
  const checks = [];
  const check = (name, result, detail) => checks.push({ name, result, detail });

  const fivexx = Object.entries(summary.statuses).filter(([k]) => k.startsWith('5'));
  const net = Object.entries(summary.statuses).filter(([k]) => k.startsWith('net:'));
  check('no 5xx answers', fivexx.length === 0 ? 'PASS' : 'FAIL',
    fivexx.length ? fivexx.map(([k, v]) => `${k}×${v}`).join(' ') : `0 of ${summary.total}`);
  check('no network errors or timeouts', net.length === 0 ? 'PASS' : 'FAIL',
    net.length ? net.map(([k, v]) => `${k}×${v}`).join(' ') : `0 of ${summary.total}`);
  check('no unexpected statuses (other than 409 sold out)', summary.errors === 0 ? 'PASS' : 'FAIL',
    `${summary.errors} unexpected`);

  // idempotency, as the client saw it
  let clientDup = 0;
  let replayOk = 0;
  for (const [, rec] of keys) {
    const placed = rec.answers.filter((a) => a.status === 201);
    const numbers = new Set(rec.answers.filter((a) => a.number).map((a) => a.number));
    const replays = rec.answers.filter((a) => a.status === 200);
    if (placed.length > 1 || numbers.size > 1 || replays.some((a) => !a.replayed)) clientDup++;
    if (rec.answers.length === 2 && numbers.size === 1 && placed.length === 1) replayOk++;
  }
  check('idempotency (answers): each key got one order number at most', clientDup === 0 ? 'PASS' : 'FAIL',
    `${keys.size} keys, ${flow.retriedKeys} sent twice, ${replayOk} of them 201 + 200 replay with the same number, ${clientDup} bad`);

  // the stored orders (development listing)
  let orders = []; // stays null when the development listing cannot be read
  if (opts.mode === 'mixed') {
    const r = await call('', 'GET', '/dev/orders', { counted: false });
    if (r.status !== 200) {
      check('idempotency (stored orders)', 'FAIL', `GET /api/v1/dev/orders answered ${r.status || r.text}; start the backend with --dev`);
      orders = null;
    } else {
      orders = r.body;
      const byKey = new Map();
      const numbers = new Set();
      let dupNumbers = 0;
      for (const o of orders) {
        if (numbers.has(o.number)) dupNumbers++;
        numbers.add(o.number);
        const key = (o.address?.notes ?? '').startsWith(NOTE_PREFIX) ? o.address.notes.slice(NOTE_PREFIX.length) : null;
        if (key) byKey.set(key, [...(byKey.get(key) ?? []), o]);
      }
      const dupKeys = [...byKey.values()].filter((list) => list.length > 1).length;
      let missing = 0;
      let mismatched = 0;
      let unpaid = 0;
      for (const [key, rec] of keys) {
        const number = rec.answers.find((a) => a.number)?.number;
        const stored = byKey.get(key) ?? [];
        if (number && stored.length === 0) missing++;
        if (number && stored.length === 1 && stored[0].number !== number) mismatched++;
        if (rec.paidNumber && stored[0]?.status !== 'paid') unpaid++;
      }
      const unanswered = [...byKey.keys()].filter((k) => !keys.get(k)?.answers.some((a) => a.number)).length;
      const bad = dupKeys + dupNumbers + missing + mismatched;
      check('idempotency (stored orders): each key made at most one order', bad === 0 ? 'PASS' : 'FAIL',
        `${orders.length} orders stored (${flow.created} answered 201), ${dupKeys} keys with >1 order, ${dupNumbers} duplicate ` +
        `numbers, ${missing} answered but not stored, ${mismatched} with another number, ${unanswered} stored without an answer`);
      check('paid orders are stored as paid', unpaid === 0 ? 'PASS' : 'FAIL', `${flow.paid} paid, ${unpaid} not stored as paid`);
    }
  }

  // stock, through the API: never negative, and what left the shelf is what was ordered
  const stockAfter = await stockByApi(products);
  const ordered = new Map();
  for (const o of orders ?? []) for (const l of o.lines) ordered.set(l.product_id, (ordered.get(l.product_id) ?? 0) + l.quantity);
  const negative = [...stockAfter].filter(([, s]) => !(s >= 0));
  const drift = [...stockAfter].filter(([id, s]) => stockBefore.get(id) - s !== (ordered.get(id) ?? 0));
  const unitsAfter = [...stockAfter.values()].reduce((a, b) => a + b, 0);
  const soldOutAfter = [...stockAfter.values()].filter((s) => s === 0).length;
  check('stock never negative (API, GET /products/{slug} .stock)', negative.length === 0 ? 'PASS' : 'FAIL',
    `min ${Math.min(...stockAfter.values())}; ${soldOutAfter} of ${products.length} products sold out; ${unitsBefore} → ${unitsAfter} units`);
  check('stock conserved (API): start − end = units in stored orders', orders === null ? 'SKIP' : drift.length === 0 ? 'PASS' : 'FAIL',
    orders === null ? 'the stored orders could not be listed'
      : `${unitsBefore - unitsAfter} units taken, ${[...ordered.values()].reduce((a, b) => a + b, 0)} ordered; ${drift.length} products differ`);

  // stock, straight from the SQLite file
  if (!opts.db) {
    check('stock never negative (SQLite file)', 'SKIP', 'no --db given');
  } else if (!hasSqlite3()) {
    check('stock never negative (SQLite file)', 'SKIP', 'the sqlite3 CLI is not installed');
  } else {
    try {
      const [[min, negatives, count]] = sqlite('SELECT MIN(stock), SUM(stock < 0), COUNT(*) FROM products;');
      const [[storedOrders, dupKeys]] = sqlite(
        'SELECT COUNT(*), COUNT(*) - COUNT(DISTINCT idempotency_key) FROM orders;');
      check('stock never negative (SQLite file, read-only)', Number(negatives) === 0 && Number(min) >= 0 ? 'PASS' : 'FAIL',
        `MIN(stock) = ${min} over ${count} products, ${negatives} negative`);
      check('one order per idempotency key (SQLite file)', Number(dupKeys) === 0 ? 'PASS' : 'FAIL',
        `${storedOrders} orders, ${dupKeys} duplicate keys`);
    } catch (error) {
      check('stock never negative (SQLite file)', 'FAIL', `sqlite3 failed: ${String(error.message).split('\n')[0]}`);
    }
  }

  console.log('\n## Checks\n');
  for (const c of checks) console.log(`${c.result} ${c.name}: ${c.detail}`);
  const failed = checks.filter((c) => c.result === 'FAIL').length;
  console.log(`\n${failed === 0 ? 'PASS' : 'FAIL'}: ${checks.length - failed} of ${checks.length} checks did not fail`);

  if (opts.json) {
    const endpoints = Object.fromEntries([...stats].filter(([, s]) => s.lat.length).map(([name, s]) => {
      const sorted = Float64Array.from(s.lat).sort();
      return [name, { count: s.lat.length, statuses: Object.fromEntries(s.statuses), sold_out: s.soldOut, errors: s.errors,
        rps: s.lat.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) }];
    }));
    writeFileSync(opts.json, JSON.stringify({ options: opts, seconds, stop: stopReason, groups: summary.groups, endpoints, flow, checks,
      cpu, peak_threads: peakThreads, loop_lag_ms: { p50: loop.percentile(50) / 1e6 - LOOP_RESOLUTION_MS, p99: loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS },
      windows: windows.map((w) => ({ count: w.count, created: w.created, sold_out: w.soldOut,
        read_p99: percentile(Float64Array.from(w.reads).sort(), 99), write_p99: percentile(Float64Array.from(w.writes).sort(), 99) })),
    }, null, 2));
  }
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`error: ${error.stack ?? error}`);
  process.exitCode = 1;
});
