// axe-core through @axe-core/playwright: fails with a readable list of every violation.
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

export async function assertNoViolations(page, where) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const summary = violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(summary, [], `axe violations on ${where}`);
}
