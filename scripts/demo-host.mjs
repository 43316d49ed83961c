// The demo host page: another site (a blog) on a second loopback origin that embeds the shop's widget
// with one script tag. A tiny static server with no dependency: it serves the files of `root` only,
// fills `{{SHOP}}` in its HTML with the shop's origin and `{{HOSTILE}}` with the hostile stylesheet
// when the address asks `?hostile=1` (`{{HOSTILE_TOGGLE}}` is the link that switches it), and sends
// every answer with a strict Content-Security-Policy: scripts, connections and frames from the shop
// only, nothing inline. Tests add their own templated pages with `page()`.
//
//   node scripts/demo-host.mjs --port 8081 --shop http://127.0.0.1:8080 [--root demo]
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const HOSTILE_LINK = '<link rel="stylesheet" href="/hostile.css">';

/** The shop's origin as a browser writes it (`http(s)://host[:port]`, nothing else), or an error. */
export function shopOrigin(shop) {
  let url;
  try {
    url = new URL(shop);
  } catch {
    throw new Error(`shop ${JSON.stringify(shop)}: write it as an origin, e.g. http://127.0.0.1:8080`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== shop.replace(/\/$/, '')) {
    throw new Error(`shop ${JSON.stringify(shop)}: an http(s) origin with no path, e.g. http://127.0.0.1:8080`);
  }
  return url.origin;
}

/** The host page's policy: the shop's script (and its wasm), API, checkout frame and images, no more. */
export function hostPolicy(shop) {
  return [
    "default-src 'none'",
    `script-src ${shop} 'wasm-unsafe-eval'`,
    `connect-src ${shop}`,
    `frame-src ${shop}`,
    `img-src 'self' ${shop}`,
    "style-src 'self'",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** `html` with the shop's origin and the hostile switch filled in. */
function render(html, shop, hostile) {
  const toggle = hostile
    ? '<a href="?" data-testid="hostile-toggle">برداشتن سبک خصمانه</a>'
    : '<a href="?hostile=1" data-testid="hostile-toggle">افزودن سبک خصمانه</a>';
  return html
    .replaceAll('{{SHOP}}', shop)
    .replaceAll('{{HOSTILE}}', hostile ? HOSTILE_LINK : '')
    .replaceAll('{{HOSTILE_TOGGLE}}', toggle);
}

/** The file under `root` that `pathname` names, or null: no `..`, no hidden files, no link out of it. */
async function fileFor(root, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  let path = resolve(root, ...segments);
  try {
    if ((await stat(path)).isDirectory()) path = resolve(path, 'index.html');
    const real = await realpath(path);
    const inside = relative(root, real);
    if (inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return null;
    if (!(await stat(real)).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

/**
 * Starts the demo host on 127.0.0.1:`port` (0: a free one) for the shop at `shop`, serving `root`.
 * Returns `{ url, policy, page(path, html, { policy }), close(), unref() }`: `page` serves `html`
 * (templated like the files) at `path` from then on, under `policy` (default: the strict one; a host
 * that embeds trackers of its own lists them), and returns its address; `close` resolves once the server is
 * closed; `unref` lets the process exit while the server and its connections are still open.
 */
export async function startHost({ port = 0, shop, root = 'demo' } = {}) {
  const origin = shopOrigin(shop);
  const policy = hostPolicy(origin);
  const base = await realpath(resolve(root));
  const pages = new Map();

  const answer = (response, status, type, body, pagePolicy = policy) => {
    response.writeHead(status, {
      'Content-Type': type,
      'Content-Length': Buffer.byteLength(body),
      'Content-Security-Policy': pagePolicy,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-cache',
    });
    response.end(body);
  };

  const server = createServer(async (request, response) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.setHeader('Allow', 'GET, HEAD');
        answer(response, 405, TYPES['.txt'], 'method not allowed\n');
        return;
      }
      const url = new URL(request.url, 'http://host.invalid');
      const hostile = url.searchParams.get('hostile') === '1';
      const send = (status, type, body, pagePolicy) =>
        answer(response, status, type, request.method === 'HEAD' ? '' : body, pagePolicy);
      if (pages.has(url.pathname)) {
        const added = pages.get(url.pathname);
        send(200, TYPES['.html'], render(added.html, origin, hostile), added.policy);
        return;
      }
      const file = await fileFor(base, url.pathname);
      if (!file) {
        send(404, TYPES['.txt'], 'not found\n');
        return;
      }
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      const bytes = await readFile(file);
      send(200, type, type.startsWith('text/html') ? render(bytes.toString('utf8'), origin, hostile) : bytes);
    } catch (error) {
      console.error(`demo host: ${error.message}`);
      if (!response.headersSent) answer(response, 500, TYPES['.txt'], 'error\n');
      else response.destroy();
    }
  });

  let unrefed = false;
  server.on('connection', (socket) => unrefed && socket.unref());
  await new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, resolveListen);
  });
  const url = `http://${HOST}:${server.address().port}`;
  return {
    url,
    policy,
    page(path, html, { policy: pagePolicy = policy } = {}) {
      if (!path.startsWith('/')) throw new Error(`page path ${JSON.stringify(path)} must start with /`);
      pages.set(path, { html, policy: pagePolicy });
      return `${url}${path}`;
    },
    close() {
      const closed = new Promise((done) => server.close(() => done()));
      server.closeAllConnections();
      return closed;
    },
    unref() {
      unrefed = true;
      server.unref();
    },
  };
}

function cli(argv) {
  const options = { port: 8081, root: resolve(fileURLToPath(new URL('..', import.meta.url)), 'demo') };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--port') options.port = Number(value);
    else if (flag === '--shop') options.shop = value;
    else if (flag === '--root') options.root = value;
    else throw new Error(`unknown option ${flag}`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    throw new Error('--port must be a port number');
  }
  if (!options.shop) throw new Error('--shop is required, e.g. --shop http://127.0.0.1:8080');
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = cli(process.argv.slice(2));
  } catch (error) {
    console.error(`demo-host: ${error.message}\nusage: node scripts/demo-host.mjs --port 8081 --shop http://127.0.0.1:8080 [--root demo]`);
    process.exit(2);
  }
  const host = await startHost(options).catch((error) => {
    console.error(`demo-host: cannot serve on 127.0.0.1:${options.port}: ${error.message}`);
    process.exit(1);
  });
  console.log(`demo host page (another site embedding the shop ${shopOrigin(options.shop)}): ${host.url}/`);
  const stop = () => host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
