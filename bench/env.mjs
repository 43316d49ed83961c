// Where the backend binary and the served directory are, for tests/e2e/support/backend.mjs, which reads
// PISHKHAN_BACKEND and PISHKHAN_DIST once, when it is first imported: bench/run.mjs imports this module
// before any other, so they are set by then. The served directory starts empty (see stage.mjs).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratchDir } from '../tests/e2e/support/scratch.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BACKEND = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'release', 'pishkhan-backend');
export const SERVED = scratchDir('pishkhan-bench-static-');

process.env.PISHKHAN_BACKEND = BACKEND;
process.env.PISHKHAN_DIST = SERVED;
