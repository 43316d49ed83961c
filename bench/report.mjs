// The benchmark's verdicts and write-up: each budget of issue 12 checked against the measurements
// (PASS, FAIL, or "not measured" when its section did not run), bench/results/latest.json with every
// figure, and bench/results/latest.md, the tables with the date and the machine they came from.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERACTIONS } from './interactions.mjs';
import { PAGES } from './urls.mjs';

const KB = 1024;
const kb = (bytes) => (bytes === null || bytes === undefined ? '–' : `${(bytes / KB).toFixed(1)} KB`);
const ms = (v) => (v === null || v === undefined ? '–' : `${Math.round(v)} ms`);
const times = (v) => (v === null || v === undefined ? '–' : `${v.toFixed(2)}×`);
const fixed = (digits) => (v) => (v === null || v === undefined ? '–' : v.toFixed(digits));
/** "median (min–max)" of a summary, each figure through `unit`. */
const spread = (s, unit = ms) => (s ? `${unit(s.median)} (${unit(s.min)}–${unit(s.max)})` : '–');
const p75 = (s, unit = ms) => (s ? `${unit(s.p75)} (${unit(s.min)}–${unit(s.max)})` : '–');

/** Every budget as `{ budget, limit, measured, pass }`; `pass` is null where nothing was measured. */
export function budgets(r) {
  const rows = [];
  const check = (budget, limit, value, pass, show) => {
    const measured = value === null || value === undefined ? null : value;
    rows.push({ budget, limit, measured: measured === null ? 'not measured' : show(measured), value: measured, pass: measured === null ? null : pass(measured) });
  };
  check('full page, first page: wasm + js + css, brotli', '≤ 150 KB', r.bytes?.catalog?.code.brotli, (v) => v <= 150 * KB, kb);
  check('widget, a product placeholder: wasm + js + css, brotli', '≤ 100 KB', r.bytes?.widget?.code.brotli, (v) => v <= 100 * KB, kb);
  for (const page of PAGES) {
    check(`${page}: FCP / snapshot's`, '≤ 1.2×', r.paints?.[page]?.ratio.fcp, (v) => v <= 1.2, times);
    check(`${page}: LCP / snapshot's`, '≤ 1.5×', r.paints?.[page]?.ratio.lcp, (v) => v <= 1.5, times);
  }
  for (const page of PAGES) {
    const lh = r.lighthouse?.pages?.[page];
    check(`${page}: Lighthouse mobile score`, '≥ 95', lh?.score?.median, (v) => v >= 95, fixed(0));
    check(`${page}: CLS`, '≤ 0.02', lh?.cls?.median, (v) => v <= 0.02, fixed(3));
    check(`${page}: TBT`, '≤ 50 ms', lh?.tbt?.median, (v) => v <= 50, ms);
  }
  for (const name of INTERACTIONS) {
    const it = r.interactions?.[name];
    check(`${name}: input to next paint, p75`, '≤ 16 ms', it?.app.nextPaint?.p75, (v) => v <= 16, ms);
    check(`${name}: p75 / twin's`, '≤ 1.3×', it?.ratio, (v) => v <= 1.3, times);
  }
  check(`rendering ${r.cards ? r.cards.cards : 1000} cards / twin's`, '≤ 1.25×', r.cards?.ratio, (v) => v <= 1.25, times);
  check('JS heap after 50 route changes / after 1', '≤ 1.1×', r.heap?.ratio, (v) => v <= 1.1, times);
  return rows;
}

const verdict = (pass) => (pass === null ? 'not measured' : pass ? 'PASS' : 'FAIL');

function table(head, rows) {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

/** The Markdown write-up of results `r`. */
export function markdown(r) {
  const out = [
    `# Pishkhan benchmark — ${r.date}`,
    '',
    `Machine: ${r.machine.arch}, ${r.machine.cpu} (${r.machine.cores} cores; 1-minute load ${r.machine.loadAtStart?.toFixed(1) ?? '–'} at the start, ${r.machine.loadAtEnd?.toFixed(1) ?? '–'} at the end). ${r.chromium}, Lighthouse ${r.lighthouse?.version ?? '–'}, Node ${r.node}.`,
    `Profile: ${r.profile}. ${r.runs} runs of each measurement, variants interleaved; figures are medians with (min–max) unless marked p75.`,
    `Command: \`${r.command}\`. Requests that left loopback: ${r.foreignRequests.length}.`,
    '',
    '## Budgets',
    '',
    table(['budget', 'limit', 'measured', 'result'], r.budgets.map((b) => [b.budget, b.limit, b.measured, verdict(b.pass)])),
  ];
  if (r.bytes) {
    out.push('', '## Transfer (one cold load each)', '',
      'Brotli: the `.br` files the backend sent (fonts as they are); network: `encodedDataLength` (body and headers).', '',
      table(['load', 'wasm', 'js', 'css', 'wasm+js+css', 'fonts', 'network: wasm+js+css', 'network: fonts', 'content-encoding'],
        Object.entries(r.bytes).map(([load, b]) => [load, kb(b.brotli.wasm), kb(b.brotli.js), kb(b.brotli.css), kb(b.code.brotli), kb(b.brotli.font),
          kb(b.code.network), kb(b.network.font), [...new Set(b.files.filter((f) => ['wasm', 'js', 'css'].includes(f.kind)).map((f) => f.encoding ?? 'none'))].join(', ')])));
  }
  if (r.paints) {
    out.push('', '## Paint against the static snapshot', '',
      table(['page', 'FCP app', 'FCP snapshot', 'FCP ratio', 'LCP app', 'LCP snapshot', 'LCP ratio', 'LCP element (app / snapshot)'],
        PAGES.map((p) => { const x = r.paints[p]; return [p, spread(x.app.fcp), spread(x.snapshot.fcp), times(x.ratio.fcp), spread(x.app.lcp), spread(x.snapshot.lcp), times(x.ratio.lcp), `${x.app.lcpElement ?? '–'} / ${x.snapshot.lcpElement ?? '–'}`]; })));
  }
  if (r.lighthouse) {
    out.push('', '## Lighthouse, mobile', '',
      table(['page', 'score', 'FCP', 'LCP', 'TBT', 'CLS'],
        PAGES.map((p) => { const x = r.lighthouse.pages[p]; return [p, spread(x.score, fixed(0)), spread(x.fcp), spread(x.lcp), spread(x.tbt), spread(x.cls, fixed(3))]; })));
  }
  if (r.interactions) {
    out.push('', '## Input to next paint, app against the twin (CPU 4×, network unthrottled)', '',
      table(['interaction', 'app p75', 'twin p75', 'ratio', 'app: until the result shows', 'twin: until the result shows', 'inputs with an Event Timing entry (≥ 16 ms)'],
        Object.entries(r.interactions).map(([name, x]) => [name, p75(x.app.nextPaint), p75(x.twin.nextPaint), times(x.ratio), spread(x.app.shown), spread(x.twin.shown),
          `app ${x.app.eventTiming.over16} of ${x.app.eventTiming.of}, twin ${x.twin.eventTiming.over16} of ${x.twin.eventTiming.of}`])));
  }
  if (r.cards) {
    out.push('', `## Rendering ${r.cards.cards} product cards (CPU 4×): a click on the next or previous page to the paint that shows it`, '',
      table(['app', 'twin', 'ratio'], [[spread(r.cards.app), spread(r.cards.twin), times(r.cards.ratio)]]));
    if (r.cards.note) out.push('', r.cards.note);
  }
  if (r.heap) {
    out.push('', `## JS heap after route changes (app; ${r.heap.cycle.join(' → ')}, repeated)`, '',
      table(['after 1', `after ${r.heap.changes}`, 'ratio', 'medians at 1, 8, 15 … 50', `wasm memory after 1 / ${r.heap.changes}`],
        [[spread(r.heap.after1, kb), spread(r.heap.after50, kb), times(r.heap.ratio), Object.values(r.heap.curve).map(kb).join(', '), `${kb(r.heap.wasm.after1?.median)} / ${kb(r.heap.wasm.after50?.median)}`]]));
  }
  if (r.notes.length > 0) out.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

/** Writes latest.json and latest.md into `dir`; returns their paths. */
export function write(dir, r) {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const md = join(dir, 'latest.md');
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, markdown(r));
  return { json, md };
}

/** The budgets as console lines: PASS/FAIL each, then the count. */
export function summaryLines(rows) {
  const lines = rows.map((b) => `${verdict(b.pass).padEnd(12)} ${b.budget}: ${b.measured} (budget ${b.limit})`);
  const count = (p) => rows.filter((b) => b.pass === p).length;
  lines.push(`${count(true)} passed, ${count(false)} failed, ${count(null)} not measured`);
  return lines;
}
