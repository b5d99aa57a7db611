// The runner behind each backend's own checks (test/wine/<backend>-checks.ts): opens the
// backend, runs named checks in order, times them, and writes one JSON results file (under Wine
// Node's stdout is unusable when it is a pipe). Exit code 0 when every check passed.
import { writeFile } from 'node:fs/promises';
import type { Backend } from '../../lib/backend/types.js';
import { loadBackend, option, type RealBackendKind } from './load-backend.js';

export type Check = [name: string, run: () => Promise<unknown>];

export interface CheckResult {
  name: string;
  status: 'pass' | 'fail';
  ms: number;
  detail?: unknown;
  error?: string;
}

/** Median and minimum milliseconds per call over `rounds` calls, after one warm-up call. */
export async function perCall(fn: () => Promise<unknown>, rounds: number): Promise<{ medianMs: number; minMs: number; rounds: number }> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { medianMs: Number(samples[Math.floor(samples.length / 2)]!.toFixed(3)), minMs: Number(samples[0]!.toFixed(3)), rounds };
}

/** Runs `checks(backend)` against the `kind` backend and writes `--out`; resolves to the exit code. */
export async function runChecks(
  kind: RealBackendKind,
  argv: string[],
  checks: (backend: Backend) => Promise<Check[]> | Check[],
): Promise<number> {
  const out = option(argv, 'out');
  const backend = await loadBackend(kind);
  const info = await backend.info();
  const results: CheckResult[] = [];
  try {
    for (const [name, run] of await checks(backend)) {
      const started = performance.now();
      try {
        const detail = await run();
        results.push({ name, status: 'pass', ms: Math.round(performance.now() - started), detail });
      } catch (e) {
        results.push({ name, status: 'fail', ms: Math.round(performance.now() - started), error: String((e as Error)?.stack ?? e) });
      }
    }
  } finally {
    await backend.close();
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const text = results
    .map((r) => `${r.status === 'pass' ? 'ok  ' : 'FAIL'} ${r.name}${r.error ? `\n      ${r.error.split('\n')[0]}` : ''}`)
    .join('\n');
  await writeFile(
    out,
    JSON.stringify({ backend: kind, info, failed, results, text: `${text}\n${results.length - failed} passed, ${failed} failed` }, null, 2),
  );
  return failed === 0 ? 0 : 1;
}

/** The script entry: runs `main` and exits with its code (2 when it throws). */
export function exitWith(main: Promise<number>): void {
  main.then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
      process.exit(2);
    },
  );
}
