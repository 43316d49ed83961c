// A benchmark, not a test: sends one newsletter issue to N confirmed subscribers (default 10000)
// through the admin endpoint, over SMTP into maildev, and prints the time taken, messages per second
// and how many maildev received. The backend (release build) and maildev run on free loopback ports
// with a fresh temporary SQLite file; the subscribers are written straight into it (the backend's
// `seed_subscribers` example) before sending. Needs nothing the set-up does not install.
//
//   node scripts/newsletter-bench.mjs [SUBSCRIBERS]
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../tests/e2e/support/backend.mjs';
import { Mail } from '../tests/e2e/support/mail.mjs';
import { scratchDir } from '../tests/e2e/support/scratch.mjs';

const count = Number(process.argv[2] ?? 10_000);
if (!Number.isInteger(count) || count < 1) {
  console.error('usage: node scripts/newsletter-bench.mjs [SUBSCRIBERS]');
  process.exit(2);
}
const cargo = (...args) => execFileSync('cargo', args, { stdio: ['ignore', 'inherit', 'inherit'] });
cargo('build', '--release', '-p', 'pishkhan-backend', '--bin', 'pishkhan-backend', '--example', 'seed_subscribers');
const target = process.env.CARGO_TARGET_DIR ?? 'target';

const dir = scratchDir('pishkhan-newsletter-bench-');
const mail = await Mail.start();
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const token = randomBytes(24).toString('hex');
writeFileSync(join(dir, 'admin-token'), token);
const db = join(dir, 'shop.sqlite3');
const backend = spawn(join(target, 'release/pishkhan-backend'), [
  '--addr', `127.0.0.1:${port}`, '--db', db, '--smtp-url', mail.smtpUrl, '--mail-from', 'Pishkhan <news@pishkhan.localhost>',
  '--public-url', url, '--admin-token-file', join(dir, 'admin-token'),
], { stdio: 'ignore' });
const stop = () => { backend.kill('SIGTERM'); mail.stop(); };
try {
  for (let up = false; !up; await new Promise((r) => setTimeout(r, 100))) {
    up = await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false);
  }
  execFileSync(join(target, 'release/examples/seed_subscribers'), [db, String(count)], { stdio: 'inherit' });

  const auth = { authorization: `Bearer ${token}` };
  const started = performance.now();
  const created = await fetch(`${url}/api/v1/admin/newsletter/issues`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ list: 'newsletter', subject: 'خبرنامهٔ آزمایشی', text: 'سلام\n\nاین شمارهٔ آزمایشی خبرنامه است.' }),
  });
  if (created.status !== 202) throw new Error(`the issue was not accepted: ${created.status} ${await created.text()}`);
  let progress;
  do {
    await new Promise((r) => setTimeout(r, 200));
    progress = await (await fetch(`${url}${created.headers.get('location')}`, { headers: auth })).json();
  } while (!progress.done);
  const seconds = (performance.now() - started) / 1000;
  let received = 0;
  for (let i = 0; i < 100 && received < count; i += 1) {
    received = (await (await fetch(`${mail.webUrl}/api/email/summary?limit=1`)).json()).total;
    if (received < count) await new Promise((r) => setTimeout(r, 200));
  }
  console.log('| subscribers | sent | failed | skipped | seconds | messages/s | maildev received |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(`| ${progress.total} | ${progress.sent} | ${progress.failed} | ${progress.skipped} | ${seconds.toFixed(1)} | ${(progress.sent / seconds).toFixed(0)} | ${received} |`);
} finally {
  stop();
}
