// A fault proxy on loopback between the storefront and the backend, driven by the test: per route it
// answers 500, 503 with Retry-After, a delay past the client's deadline, a reset connection,
// malformed JSON or 409 — or passes the request through. The page it serves carries a short request
// deadline in the storefront's runtime configuration, so a delay costs seconds, not minutes. Every
// answer closes its connection, so a reset always hits a fresh one, which Chromium reports rather
// than silently retrying as it does on a reused keep-alive connection. It forwards from a loopback
// address of the test's choosing (`nextClient`), so each case is a shopper of its own to the
// backend's per-address rate limits.
import { createServer, request as forward } from 'node:http';

/** The client's deadline in these tests, and how long a "slow" answer takes: well past it. */
export const DEADLINE_MS = 1500;
const SLOW_MS = DEADLINE_MS + 1500;

export const FAULTS = ['500', '503', 'slow', 'reset', 'malformed', '409'];

const CONFIG = `<script type="application/json" id="pishkhan-config">{"request_timeout_ms":${DEADLINE_MS}}</script>`;

const problem = (status, title) =>
  JSON.stringify({ type: `/problems/fault-${status}`, title, status, errors: [] });

export class FaultProxy {
  constructor(target) {
    this.target = new URL(target);
    this.rules = [];
    this.seen = [];
    this.server = null;
    this.url = null;
    this.clients = 0;
    this.clientAddress = '127.0.0.1';
  }

  /** From now on, requests reach the backend from another loopback address: another shopper. */
  nextClient() {
    this.clients += 1;
    this.clientAddress = `127.0.${Math.floor(this.clients / 250)}.${(this.clients % 250) + 2}`;
  }

  static async start(target) {
    const proxy = new FaultProxy(target);
    proxy.server = createServer((req, res) => proxy.handle(req, res));
    await new Promise((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${proxy.server.address().port}`;
    return proxy;
  }

  /** From now on, `method` requests whose path matches `path` (a string or RegExp) get `fault`. */
  fail(method, path, fault) {
    if (!FAULTS.includes(fault)) throw new Error(`unknown fault ${fault}`);
    this.rules.unshift({ method, path, fault });
  }

  /** Every request passes through again. */
  heal() {
    this.rules = [];
  }

  /** How many requests matching `method` and `path` arrived, faulted or not. */
  count(method, path) {
    return this.seen.filter((s) => s.method === method && matches(path, s.path)).length;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  handle(req, res) {
    const path = new URL(req.url, this.url).pathname;
    this.seen.push({ method: req.method, path });
    const rule = this.rules.find((r) => r.method === req.method && matches(r.path, path));
    switch (rule?.fault) {
      case '500':
        return answer(res, 500, problem(500, 'Internal Server Error'));
      case '503':
        return answer(res, 503, problem(503, 'Service Unavailable'), { 'retry-after': '1' });
      case '409':
        return answer(res, 409, problem(409, 'Conflict'));
      case 'malformed':
        return drain(req, () => {
          res.writeHead(200, { 'content-type': 'application/json', connection: 'close' });
          res.end('{"items": [{"id": 1, ');
        });
      case 'reset':
        return drain(req, () => req.socket.destroy());
      case 'slow':
        // The request reaches the backend (a write takes effect); its answer arrives too late.
        return this.pass(req, res, SLOW_MS);
      default:
        return this.pass(req, res, 0);
    }
  }

  pass(req, res, delayMs) {
    // The Host header stays the proxy's: the backend checks Origin against it for signed-in writes.
    const headers = { ...req.headers };
    delete headers['accept-encoding'];
    const upstream = forward(
      {
        host: this.target.hostname,
        port: this.target.port,
        localAddress: this.clientAddress,
        path: req.url,
        method: req.method,
        headers,
      },
      (answer) => {
        const chunks = [];
        answer.on('data', (c) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const outHeaders = { ...answer.headers, connection: 'close' };
          if ((answer.headers['content-type'] ?? '').startsWith('text/html')) {
            body = Buffer.from(body.toString('utf8').replace('</head>', `${CONFIG}</head>`));
            delete outHeaders['content-length'];
          }
          const send = () => {
            if (res.destroyed) return;
            res.writeHead(answer.statusCode, outHeaders);
            res.end(body);
          };
          delayMs ? setTimeout(send, delayMs) : send();
        });
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  }
}

function matches(pattern, path) {
  return pattern instanceof RegExp ? pattern.test(path) : pattern === path;
}

function answer(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/problem+json', connection: 'close', ...headers });
  res.end(body);
}

function drain(req, then) {
  req.resume();
  req.on('end', then);
}
