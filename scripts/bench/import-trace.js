// @ts-check
// Preloaded (node --import) into a child to list the modules it loads: registers a resolve
// hook that appends every resolved URL to $INFKIT_BENCH_IMPORTS_OUT. The cold-start part
// uses the list to say which packages the CLI pulls in at start-up.
import { register } from 'node:module';
import { appendFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const out = process.env.INFKIT_BENCH_IMPORTS_OUT;
if (out && isMainThread) {
  register(import.meta.url, { data: { out } });
}

/** @type {string | undefined} */
let traceFile;

/** Runs in the hooks thread. @param {{ out: string }} data */
export function initialize(data) {
  traceFile = data.out;
}

/**
 * @param {string} specifier
 * @param {unknown} context
 * @param {(specifier: string, context: unknown) => Promise<{ url: string }>} next
 */
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (traceFile) appendFileSync(traceFile, `${result.url}\n`);
  return result;
}
