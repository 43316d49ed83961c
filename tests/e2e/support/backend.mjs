// Starts the reference backend on a free loopback port with a fresh, freshly seeded SQLite file, the
// built storefront and its own copy of the storefront's consent.json (which a test may edit, as a
// shop would); it can be stopped and started again on the same port and database. `embedOrigins`
// lists the origins whose pages may embed the shop (`--embed-origins`: the widget's host pages);
// `smtpUrl` sends its email over SMTP (a `Mail` sink from mail.mjs; the development outbox keeps a
// copy), `publicUrl` is the base of the links in its messages (default: its own http://127.0.0.1:PORT).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { scratchDir } from './scratch.mjs';

const BINARY = process.env.PISHKHAN_BACKEND;
const DIST = process.env.PISHKHAN_DIST;

function required(value, name) {
  if (!value || !existsSync(value)) {
    throw new Error(`${name} must point to the built ${name === 'PISHKHAN_DIST' ? 'storefront' : 'backend'} (got ${value}); run scripts/test.sh`);
  }
  return value;
}

/** A loopback port nothing listens on now (for a server started a moment later). */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url, child, log) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`backend exited with ${child.exitCode}:\n${log.join('')}`);
    try {
      const response = await fetch(`${url}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`backend did not answer within 60 s:\n${log.join('')}`);
}

export class Backend {
  constructor(port, dir, embedOrigins = [], { smtpUrl = null, publicUrl = null, adminToken = null } = {}) {
    this.port = port;
    this.embedOrigins = embedOrigins;
    this.smtpUrl = smtpUrl;
    this.publicUrl = publicUrl;
    this.adminTokenFile = adminToken ? join(dir, 'admin-token') : null;
    if (adminToken) writeFileSync(this.adminTokenFile, adminToken);
    this.adminToken = adminToken;
    this.db = join(dir, 'shop.sqlite3');
    this.consent = join(dir, 'consent.json');
    this.url = `http://127.0.0.1:${port}`;
    this.child = null;
  }

  /** `embedOrigins`: origins such as `http://127.0.0.1:PORT` that may frame the embedded checkout and
   * read the API, the widget and its wasm by CORS (none by default). `smtpUrl`: send email over SMTP
   * (`--smtp-url`, e.g. a `Mail`'s `smtpUrl`). `publicUrl`: `--public-url` (default: the backend's own URL).
   * `adminToken` (32+ characters): serve the admin routes with it (`--admin-token-file`). */
  static async start({ embedOrigins = [], smtpUrl = null, publicUrl = null, adminToken = null } = {}) {
    const dir = scratchDir('pishkhan-e2e-');
    const backend = new Backend(await freePort(), dir, embedOrigins, { smtpUrl, publicUrl, adminToken });
    copyFileSync(join(required(DIST, 'PISHKHAN_DIST'), 'consent.json'), backend.consent);
    await backend.resume();
    return backend;
  }

  async resume() {
    const log = [];
    const args = ['--addr', `127.0.0.1:${this.port}`, '--db', this.db, '--static', required(DIST, 'PISHKHAN_DIST'), '--consent', this.consent, '--dev'];
    if (this.embedOrigins.length > 0) args.push('--embed-origins', this.embedOrigins.join(','));
    if (this.smtpUrl) args.push('--smtp-url', this.smtpUrl);
    if (this.publicUrl) args.push('--public-url', this.publicUrl);
    if (this.adminTokenFile) args.push('--admin-token-file', this.adminTokenFile);
    this.child = spawn(required(BINARY, 'PISHKHAN_BACKEND'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (d) => log.push(d.toString()));
    this.child.stderr.on('data', (d) => log.push(d.toString()));
    await waitUntilUp(this.url, this.child, log);
  }

  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }

  /** Edits the consent configuration the backend serves (it reads the file again on each request). */
  writeConsent(config) {
    writeFileSync(this.consent, JSON.stringify(config, null, 2));
  }

  /** The first `n` products with at least `stock` units, cheapest first. */
  async stockedProducts(n, stock = 5) {
    const { items } = await this.api('/products?per_page=100&sort=price_asc');
    const found = [];
    for (const item of items) {
      const product = await this.api(`/products/${item.slug}`);
      if (product.stock >= stock) found.push(product);
      if (found.length === n) return found;
    }
    throw new Error(`fewer than ${n} products have ${stock} units in stock`);
  }

  /** Every order the backend holds (development-mode route). */
  async orders() {
    return this.api('/dev/orders');
  }

  /** Messages the backend would have sent (development outbox), oldest first. */
  async outbox() {
    return this.api('/dev/outbox');
  }

  /** The newest one-time code texted to `mobile`. */
  async lastCode(mobile) {
    const sms = (await this.outbox()).filter((m) => m.channel === 'sms' && m.recipient === mobile);
    const match = sms.at(-1)?.body.match(/\d{6}/);
    if (!match) throw new Error(`no code was texted to ${mobile}`);
    return match[0];
  }

  /** Sends a newsletter issue as the shop (needs `adminToken`) and waits until it is sent; its progress. */
  async sendIssue(issue) {
    if (!this.adminToken) throw new Error('start the backend with an adminToken to send issues');
    const auth = { authorization: `Bearer ${this.adminToken}` };
    const created = await fetch(`${this.url}/api/v1/admin/newsletter/issues`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(issue),
    });
    if (created.status !== 202) throw new Error(`sending an issue: ${created.status} ${await created.text()}`);
    const location = created.headers.get('location');
    const deadline = Date.now() + 60_000;
    for (;;) {
      const progress = await (await fetch(`${this.url}${location}`, { headers: auth })).json();
      if (progress.done) return progress;
      if (Date.now() > deadline) throw new Error(`the issue was not sent within 60 s: ${JSON.stringify(progress)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The confirmation link's path (root-relative; the mailed link is absolute) in the newest email to
   * `address`, from the development outbox. */
  async confirmLink(address) {
    const email = (await this.outbox()).filter((m) => m.channel === 'email' && m.recipient === address).at(-1);
    const match = email?.body.match(/\/account\/confirm-email\?token=[\w-]+/);
    if (!match) throw new Error(`no confirmation link was mailed to ${address}`);
    return match[0];
  }

  async api(path, init) {
    const response = await fetch(`${this.url}/api/v1${path}`, init);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return response.json();
  }
}
