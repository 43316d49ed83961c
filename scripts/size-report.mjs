// Prints the raw and brotli (quality 11) sizes of the wasm, JS and CSS that index.html loads.
import { readFileSync, readdirSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dist = process.argv[2];
const files = readdirSync(dist).filter((f) => ['.wasm', '.js', '.css'].includes(extname(f)));
let rawTotal = 0;
let brTotal = 0;
console.log('file'.padEnd(44), 'raw'.padStart(10), 'brotli'.padStart(10));
for (const file of files.sort()) {
  const bytes = readFileSync(join(dist, file));
  const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  rawTotal += bytes.length;
  brTotal += br;
  console.log(file.padEnd(44), String(bytes.length).padStart(10), String(br).padStart(10));
}
console.log('total (first page: wasm + js + css)'.padEnd(44), String(rawTotal).padStart(10), String(brTotal).padStart(10));
