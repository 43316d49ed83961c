// Prints the raw and brotli (quality 11) sizes of the wasm, JS and CSS that index.html loads, then of
// what a widget's product placeholder loads (dist/widget/: the loader, the widget's JS and wasm, and
// any JS snippets). Figures for a benchmark, not a test.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, extname, relative } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2];

/** Prints one table of `files` (paths relative to `dist`) and its total line. */
function table(files, totalLabel) {
  let rawTotal = 0;
  let brTotal = 0;
  console.log('file'.padEnd(44), 'raw'.padStart(10), 'brotli'.padStart(10));
  for (const file of files) {
    const bytes = readFileSync(join(dist, file));
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    rawTotal += bytes.length;
    brTotal += br;
    console.log(file.padEnd(44), String(bytes.length).padStart(10), String(br).padStart(10));
  }
  console.log(totalLabel.padEnd(44), String(rawTotal).padStart(10), String(brTotal).padStart(10));
  return brTotal;
}

/** Every `.js` file under `dir`, as paths relative to `dist`. */
function scripts(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return scripts(path);
    return extname(name) === '.js' ? [relative(dist, path)] : [];
  });
}

const files = readdirSync(dist).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
table(files.sort(), 'total (first page: wasm + js + css)');

const widget = ['widget/pishkhan.js', 'widget/pishkhan-widget.js', 'widget/pishkhan-widget_bg.wasm'];
if (widget.some((file) => existsSync(join(dist, file)))) {
  const missing = widget.filter((file) => !existsSync(join(dist, file)));
  if (missing.length > 0) {
    console.error(`widget build incomplete: ${missing.join(', ')} missing from ${dist}`);
    process.exit(1);
  }
  console.log('');
  const brotli = table([...widget, ...scripts(join(dist, 'widget', 'snippets')).sort()], 'total (a product placeholder: widget/)');
  const verdict = brotli <= 100 * 1024 ? 'within' : 'OVER';
  console.log(`budget: ≤ 100 KB brotli (benchmark, not a test); this build: ${(brotli / 1024).toFixed(1)} KB, ${verdict}`);
}
