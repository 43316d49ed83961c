// Content-Security-Policy violations: every `securitypolicyviolation` event any page of the browser
// raises is recorded, and a journey fails on any — the policy must fit the storefront exactly.
import assert from 'node:assert/strict';

/** Reports each violation the page sees (blocked scripts, styles, connections, frames, eval). */
function reportViolations() {
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__pishkhanCspViolation?.({
      directive: event.effectiveDirective,
      blocked: event.blockedURI,
      source: `${event.sourceFile}:${event.lineNumber}`,
      sample: event.sample,
      page: location.pathname,
    });
  });
}

export class CspWatch {
  constructor() {
    this.violations = [];
  }

  async attach(context) {
    await context.exposeBinding('__pishkhanCspViolation', (_source, violation) => this.violations.push(violation));
    await context.addInitScript(reportViolations);
  }

  /** Fails on any violation recorded since the last check. */
  assertNone(where) {
    const seen = this.violations.splice(0);
    assert.deepEqual(seen, [], `Content-Security-Policy violations ${where}`);
  }
}
