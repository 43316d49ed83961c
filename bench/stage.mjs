// What the one loopback server serves: the release build (made as scripts/serve.sh makes it, unless
// `--dist` names one), copied into a scratch directory together with the harness's own pages under
// /bench/ — the twin (bench/twin/), a host page with a widget placeholder, an empty page — and, once
// captured, the static snapshots; all precompressed like the build, since the backend sends .br files.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BACKEND, ROOT } from './env.mjs';
import { BENCH_PREFIX, snapshotFile } from './urls.mjs';

const HERE = join(ROOT, 'bench');

function sh(script, ...args) {
  execFileSync('bash', ['-euo', 'pipefail', '-c', `cd "${ROOT}" && source scripts/env.sh && ${script}`, 'bench', ...args], { stdio: 'inherit' });
}

/** The release build of the page and the widget into `dist`, precompressed (scripts/serve.sh's steps). */
export function buildDist(dist) {
  mkdirSync(dist, { recursive: true });
  sh('trunk build --release --offline --dist "$1" && scripts/build-widget.sh "$1" --release && node scripts/precompress.mjs "$1"', dist);
}

/** The release backend's binary (built now; cargo makes it a no-op when nothing changed). */
export function buildBackend() {
  sh('cargo build --release -p pishkhan-backend --bin pishkhan-backend');
  return BACKEND;
}

/**
 * `html` as a static page: no script runs and nothing is fetched for one (scripts, module preloads,
 * preloads of scripts, wasm or data are dropped); stylesheets, the font's preload and the markup stay.
 */
export function staticHtml(html) {
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '')
    .replace(/<link\b[^>]*>/gi, (tag) => {
      const rel = /\brel\s*=\s*["']?([\w-]+)/i.exec(tag)?.[1].toLowerCase();
      const as = /\bas\s*=\s*["']?([\w-]+)/i.exec(tag)?.[1].toLowerCase();
      return rel === 'modulepreload' || (rel === 'preload' && ['script', 'fetch'].includes(as)) ? '' : tag;
    });
}

/** Fills the (empty) served directory `dir` with a copy of `dist` and the harness's pages. */
export function stage(dist, dir) {
  for (const file of ['index.html', 'widget/pishkhan.js']) {
    if (!existsSync(join(dist, file))) throw new Error(`${dist} has no ${file}: build it as scripts/serve.sh does, or leave out --dist`);
  }
  if (!existsSync(join(dist, 'index.html.br'))) throw new Error(`${dist} is not precompressed: run node scripts/precompress.mjs ${dist}`);
  cpSync(dist, dir, { recursive: true });
  const own = join(dir, BENCH_PREFIX);
  mkdirSync(join(own, 'twin'), { recursive: true });
  // the twin: the storefront's page as built (its stylesheets, font preload) with the twin's body instead
  const page = staticHtml(readFileSync(join(dist, 'index.html'), 'utf8'));
  const body = readFileSync(join(HERE, 'twin', 'body.html'), 'utf8');
  writeFileSync(join(own, 'twin', 'index.html'), page.replace(/<body\b[^>]*>[\s\S]*<\/body>/i, body));
  cpSync(join(HERE, 'twin', 'twin.js'), join(own, 'twin', 'twin.js'));
  cpSync(join(HERE, 'widget.html'), join(own, 'widget.html'));
  writeFileSync(join(own, 'blank.html'), '<!DOCTYPE html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><title>-</title></head><body></body></html>\n');
  precompressOwn(dir);
}

/** Writes a captured page as its static snapshot (see `staticHtml`). */
export function writeSnapshot(dir, page, html) {
  const file = join(dir, snapshotFile(page));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, staticHtml(html));
}

/** Brotli and gzip copies of the harness's pages, as the build's files have (scripts/precompress.mjs). */
export function precompressOwn(dir) {
  execFileSync('node', [join(ROOT, 'scripts', 'precompress.mjs'), join(dir, BENCH_PREFIX)], { stdio: 'inherit' });
}
