// The demo host page's server (scripts/demo-host.mjs), without a browser: every answer carries the
// exact strict Content-Security-Policy, the shop's origin is filled into the page and its snippet, the
// page has nothing inline for that policy to refuse, the hostile switch adds (and only then) the
// hostile stylesheet, nothing outside the served directory can be read, and tests can add pages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHost } from '../../scripts/demo-host.mjs';
import { scratchDir } from './support/scratch.mjs';
import { startDemoHost } from './support/host.mjs';

const SHOP = 'http://127.0.0.1:18080';
const POLICY =
  "default-src 'none'; script-src http://127.0.0.1:18080 'wasm-unsafe-eval'; connect-src http://127.0.0.1:18080; " +
  "frame-src http://127.0.0.1:18080; img-src 'self' http://127.0.0.1:18080; style-src 'self'; font-src 'self'; " +
  "base-uri 'none'; form-action 'none'; object-src 'none'";
const SCRIPT = fileURLToPath(new URL('../../scripts/demo-host.mjs', import.meta.url));

const host = await startDemoHost({ shop: SHOP });
after(() => host.close());

/** A request sent with its path exactly as written (fetch would resolve `..` first). */
function raw(url, path, method = 'GET') {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the host listens on loopback and every answer carries the exact strict policy', async () => {
  assert.match(host.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(host.policy, POLICY);
  for (const path of ['/', '/index.html', '/?hostile=1', '/host.css', '/hostile.css', '/no-such-file.js']) {
    const response = await fetch(`${host.url}${path}`);
    assert.equal(response.headers.get('content-security-policy'), POLICY, path);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
  }
  assert.doesNotMatch(POLICY, /'unsafe-inline'|'unsafe-eval'|\*|data:/);
  assert.equal((await raw(host.url, '/', 'POST')).status, 405);
  const head = await raw(host.url, '/', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-security-policy'], POLICY);
});

test('the page loads the widget from the shop, embeds a product, collections and the cart, and shows the snippet', async () => {
  const response = await fetch(`${host.url}/`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
  const html = await response.text();
  assert.doesNotMatch(html, /\{\{/, 'every placeholder filled');
  assert.match(html, /<html lang="fa" dir="rtl">/);
  assert.ok(html.includes(`<script type="module" src="${SHOP}/widget/pishkhan.js"></script>`));
  assert.ok(html.includes('<div class="embed" data-pishkhan="product" data-product="novel-001"></div>'));
  assert.match(html, /data-pishkhan="collection" data-category="poetry" data-limit="4"/);
  assert.match(html, /data-pishkhan="collection" data-q="[^"]+" data-limit="4"/);
  assert.match(html, /data-pishkhan="cart"/);
  const snippet = html.match(/<pre dir="ltr"><code>([\s\S]*?)<\/code><\/pre>/)?.[1];
  assert.ok(snippet, 'a snippet in <pre><code>');
  assert.ok(snippet.includes(`&lt;script type="module" src="${SHOP}/widget/pishkhan.js"&gt;&lt;/script&gt;`), snippet);
  assert.ok(!snippet.includes('<'), 'the snippet is shown, not run');

  // nothing inline for the policy to refuse: scripts by src only, styles by link only, no handlers
  for (const tag of html.match(/<script\b[^>]*>/g)) assert.match(tag, /\bsrc="http:\/\/127\.0\.0\.1:18080\//, tag);
  assert.doesNotMatch(html, /<script\b[^>]*>[^<]+<\/script>/);
  assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
  for (const href of html.match(/<link\b[^>]*>/g).map((t) => t.match(/href="([^"]+)"/)[1])) assert.match(href, /^\/[\w-]+\.css$/);
});

test('the hostile switch adds the hostile stylesheet only when asked, with a plain link to toggle it', async () => {
  const plain = await (await fetch(`${host.url}/`)).text();
  assert.ok(!plain.includes('hostile.css'));
  assert.match(plain, /<a href="\?hostile=1" data-testid="hostile-toggle">/);
  const hostile = await (await fetch(`${host.url}/?hostile=1`)).text();
  const links = hostile.match(/<link rel="stylesheet" href="[^"]+">/g);
  assert.deepEqual(links, ['<link rel="stylesheet" href="/host.css">', '<link rel="stylesheet" href="/hostile.css">'], 'after the host\'s own');
  assert.match(hostile, /<a href="\?" data-testid="hostile-toggle">/);
  assert.ok(!(await (await fetch(`${host.url}/?hostile=0`)).text()).includes('hostile.css'));

  const css = await fetch(`${host.url}/hostile.css`);
  assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
  const rules = await css.text();
  for (const rule of ['all: unset !important', 'font-size: 5px', 'direction: ltr', 'color: red !important', 'font-family: monospace !important']) {
    assert.ok(rules.includes(rule), rule);
  }
});

test('nothing outside the served directory can be read: no .., no encoded .., no hidden files, no links out', async () => {
  const dir = scratchDir('pishkhan-demo-host-');
  const root = join(dir, 'site');
  mkdirSync(join(root, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'secret.txt'), 'SECRET-OUTSIDE');
  writeFileSync(join(root, '.hidden'), 'SECRET-HIDDEN');
  writeFileSync(join(root, 'sub', 'index.html'), '<p>{{SHOP}}</p>');
  writeFileSync(join(root, 'ok.txt'), 'inside');
  symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(dir, join(root, 'up'));
  const site = await startHost({ shop: SHOP, root });
  try {
    assert.equal(await (await fetch(`${site.url}/ok.txt`)).text(), 'inside');
    assert.equal(await (await fetch(`${site.url}/sub/`)).text(), `<p>${SHOP}</p>`, 'a directory serves its index.html, templated');
    for (const path of [
      '/../secret.txt',
      '/sub/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/..\\secret.txt',
      '/sub/..%2f..%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/secret.txt%00.html',
      '/%ff',
      '/.hidden',
      '/%2ehidden',
      '/link.txt',
      '/up/secret.txt',
      `/${'..%2f'.repeat(12)}etc/passwd`,
    ]) {
      const answer = await raw(site.url, path);
      assert.equal(answer.status, 404, path);
      assert.ok(!answer.body.includes('SECRET') && !answer.body.includes('root:'), path);
    }
    // and the repository around demo/ is out of reach of the real host
    for (const path of ['/../package.json', '/%2e%2e/scripts/demo-host.mjs', '/../.git/config']) {
      assert.equal((await raw(host.url, path)).status, 404, path);
    }
  } finally {
    await site.close();
  }
});

test('page() serves a templated page at a path of the test\'s choosing, with the same policy', async () => {
  const address = host.page('/embed-test', '<!doctype html>{{HOSTILE}}<script type="module" src="{{SHOP}}/widget/pishkhan.js"></script>');
  assert.equal(address, `${host.url}/embed-test`);
  const response = await fetch(address);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(response.headers.get('content-security-policy'), POLICY);
  assert.equal(await response.text(), `<!doctype html><script type="module" src="${SHOP}/widget/pishkhan.js"></script>`);
  const hostile = await (await fetch(`${address}?hostile=1`)).text();
  assert.ok(hostile.startsWith('<!doctype html><link rel="stylesheet" href="/hostile.css"><script'));
  host.page('/embed-test', '<p>replaced</p>');
  assert.equal(await (await fetch(address)).text(), '<p>replaced</p>');
  assert.equal((await fetch(`${host.url}/embed-test/other`)).status, 404);
  assert.throws(() => host.page('relative', ''), /must start with \//);
});

test('the shop must be a plain origin, so nothing can be smuggled into the page or the policy', async () => {
  for (const shop of [undefined, '', 'http://127.0.0.1:8080/path', 'javascript:alert(1)', "http://a.example; script-src *", 'ftp://a.example', 'http://a.example/"><script>']) {
    await assert.rejects(startHost({ shop, root: 'demo' }), /origin/, String(shop));
  }
  const trailing = await startHost({ shop: `${SHOP}/`, root: fileURLToPath(new URL('../../demo', import.meta.url)) });
  assert.equal(trailing.policy, POLICY);
  await trailing.close();
});

test('the command line serves demo/ for the given shop and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [SCRIPT, '--port', '0', '--shop', SHOP], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const match = out.match(/http:\/\/127\.0\.0\.1:\d+/g);
      if (match?.length === 2) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  const response = await fetch(`${url}/`);
  assert.equal(response.headers.get('content-security-policy'), POLICY);
  assert.ok((await response.text()).includes(`${SHOP}/widget/pishkhan.js`));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);

  const bad = spawn(process.execPath, [SCRIPT, '--port', '8081'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  bad.stderr.on('data', (d) => (stderr += d));
  assert.equal(await new Promise((resolve) => bad.once('exit', resolve)), 2);
  assert.match(stderr, /--shop is required/);
});
