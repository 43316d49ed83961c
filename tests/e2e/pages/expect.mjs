// Playwright's web-first assertions without the Playwright test runner: retrying expectations that
// wait for the page, so tests never sleep. Only what these tests use.
import assert from 'node:assert/strict';

const TIMEOUT = 15_000;

async function poll(check, describe) {
  const deadline = Date.now() + TIMEOUT;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last.ok) return;
    } catch (error) {
      last = { ok: false, actual: String(error) };
    }
    if (Date.now() > deadline) assert.fail(`${describe}; last seen: ${JSON.stringify(last.actual)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function expect(target) {
  return {
    toBeVisible: () => poll(async () => ({ ok: await target.first().isVisible(), actual: 'hidden' }), 'expected visible'),
    toBeHidden: () => poll(async () => ({ ok: !(await target.first().isVisible()), actual: 'visible' }), 'expected hidden'),
    toHaveText: (text) =>
      poll(async () => {
        const actual = (await target.textContent({ timeout: 1000 }))?.trim();
        return { ok: text instanceof RegExp ? text.test(actual) : actual === text, actual };
      }, `expected text ${text}`),
    toContainText: (text) =>
      poll(async () => {
        const actual = await target.textContent({ timeout: 1000 });
        return { ok: actual?.includes(text), actual };
      }, `expected to contain ${text}`),
    toHaveCount: (n) => poll(async () => ({ ok: (await target.count()) === n, actual: await target.count() }), `expected count ${n}`),
    toHaveValue: (v) => poll(async () => ({ ok: (await target.inputValue({ timeout: 1000 })) === v, actual: await target.inputValue({ timeout: 1000 }) }), `expected value ${v}`),
    toHaveURL: (re) => poll(async () => ({ ok: re.test(target.url()), actual: target.url() }), `expected URL ${re}`),
    // The callback must answer true or false: a forgotten `return` would otherwise pass at once.
    toPass: (fn) =>
      poll(async () => {
        const result = await fn();
        if (typeof result !== 'boolean') throw new TypeError(`toPass callback returned ${result}, not true or false`);
        return { ok: result, actual: 'condition false' };
      }, 'expected condition'),
  };
}
