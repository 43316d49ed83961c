// Another site for one test file: the demo host page (scripts/demo-host.mjs, serving demo/) on its own
// loopback origin and a free port, embedding the shop's widget under a strict CSP. It does not keep
// the file's process alive and is closed when the process exits, like scratch.mjs's directories.
import { fileURLToPath } from 'node:url';
import { startHost } from '../../../scripts/demo-host.mjs';
import { Backend, freePort } from './backend.mjs';

const DEMO = fileURLToPath(new URL('../../../demo', import.meta.url));
const open = new Set();

process.on('exit', () => {
  for (const host of open) host.close();
});

/**
 * The demo host for the shop at `shop` (its origin, e.g. `backend.url`), on `port` (0: a free one),
 * serving `root` (default demo/). Resolves to startHost's `{ url, policy, page(path, html), close() }`.
 */
export async function startDemoHost({ shop, port = 0, root = DEMO } = {}) {
  const host = await startHost({ port, shop, root });
  host.unref();
  open.add(host);
  const close = host.close;
  return {
    ...host,
    close() {
      open.delete(host);
      return close();
    },
  };
}

/**
 * A fresh backend that lets the host page embed it (`--embed-origins` its origin), and that host page:
 * `{ backend, host }`. `backend` takes Backend.start's other options.
 */
export async function startShopAndHost({ root = DEMO, backend: options = {} } = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const embedOrigins = [origin, ...(options.embedOrigins ?? [])];
  const backend = await Backend.start({ ...options, embedOrigins });
  const host = await startDemoHost({ shop: backend.url, port, root });
  return { backend, host };
}
