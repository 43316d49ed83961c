// A real SMTP sink for one e2e file: maildev (npm devDependency) on free loopback ports, its received
// messages read through its REST API (`/api/email`, and each message's source for the headers exactly as
// they arrived). Stopped by `stop()`, and in any case when the test file's process exits.
//
//   const mail = await Mail.start();
//   const backend = await Backend.start({ smtpUrl: mail.smtpUrl, publicUrl: ... });
//   const message = await mail.latest('mina@example.com');   // waits for it (bounded)
//   message.headers['list-unsubscribe'], message.text, message.html
//   mail.linkIn(message, '/unsubscribe/')                    // the absolute link whose path starts so
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './backend.mjs';
import { scratchDir } from './scratch.mjs';

const ENTRY = join(dirname(fileURLToPath(import.meta.url)), '../../../node_modules/maildev/dist/bin/maildev.js');
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The top-level headers of a message's source: lower-cased names, folding undone, repeated ones joined. */
export function parseHeaders(source) {
  const head = source.split(/\r?\n\r?\n/, 1)[0];
  const headers = {};
  let last = null;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      headers[last] += ` ${line.trim()}`;
    } else {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[last] = last in headers ? `${headers[last]}, ${value}` : value;
    }
  }
  return headers;
}

export class Mail {
  constructor(child, smtpPort, webPort) {
    this.child = child;
    this.smtpPort = smtpPort;
    this.webPort = webPort;
    /** What the backend's `--smtp-url` is. */
    this.smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
    /** maildev's web inbox and API. */
    this.webUrl = `http://127.0.0.1:${webPort}`;
  }

  /** Starts maildev; throws (the test fails) with what to do if it is not installed or does not answer. */
  static async start() {
    if (!existsSync(ENTRY)) {
      throw new Error(`maildev is not installed (${ENTRY} is missing): run npm ci (scripts/setup.sh does)`);
    }
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    const args = [ENTRY, '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--smtp', String(smtpPort), '--web', String(webPort), '--silent'];
    // its TMPDIR holds each message's source: a scratch directory, removed at exit
    const env = { ...process.env, TMPDIR: scratchDir('pishkhan-maildev-') };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    const log = [];
    child.stderr.on('data', (d) => log.push(d.toString()));
    running.add(child);
    child.once('exit', () => running.delete(child));
    const mail = new Mail(child, smtpPort, webPort);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`maildev exited with ${child.exitCode}:\n${log.join('')}`);
      try {
        if ((await fetch(`${mail.webUrl}/api/healthz`)).ok) return mail;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await mail.stop();
    throw new Error(`maildev did not answer within 30 s:\n${log.join('')}`);
  }

  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await exited;
  }

  async #get(path) {
    const response = await fetch(`${this.webUrl}${path}`);
    if (!response.ok) throw new Error(`maildev ${path}: ${response.status}`);
    return response;
  }

  /** Every message received, oldest first: `{ id, to: [address…], from, subject, headers, text, html }`,
   * `headers` as they arrived (lower-cased names). */
  async messages() {
    const list = await (await this.#get('/api/email')).json();
    return Promise.all(
      list.map(async (m) => ({
        id: m.id,
        to: (m.to ?? []).map((a) => a.address),
        from: (m.from ?? []).map((a) => a.address),
        subject: m.subject ?? '',
        headers: parseHeaders(await (await this.#get(`/api/email/${m.id}/source`)).text()),
        text: m.text ?? '',
        html: typeof m.html === 'string' ? m.html : '',
      })),
    );
  }

  /** The newest message to `to`, waiting for one up to `timeout` ms (mail takes a moment to arrive). */
  async latest(to, { timeout = 15_000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.messages()).filter((m) => m.to.includes(to)).at(-1);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived within ${timeout} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The first absolute http(s) link in `message` (its text, else its HTML) whose path starts with
   * `pathPrefix` (e.g. `/unsubscribe/`, `/account/confirm-email`); throws if there is none. */
  linkIn(message, pathPrefix) {
    for (const body of [message.text, message.html]) {
      for (const [candidate] of body.matchAll(/https?:\/\/[^\s"'<>]+/g)) {
        const url = new URL(candidate.replaceAll('&amp;', '&'));
        if (url.pathname.startsWith(pathPrefix) || `${url.pathname}${url.search}`.startsWith(pathPrefix)) return url.href;
      }
    }
    throw new Error(`no link to ${pathPrefix} in the mail "${message.subject}" to ${message.to.join(', ')}`);
  }

  /** The one-click URL of a message's `List-Unsubscribe` (the https one, not the mailto). */
  oneClickUrl(message) {
    const header = message.headers['list-unsubscribe'] ?? '';
    const url = [...header.matchAll(/<([^>]+)>/g)].map((m) => m[1]).find((u) => /^https?:/.test(u));
    if (!url) throw new Error(`no one-click URL in List-Unsubscribe: ${header}`);
    return url;
  }
}
