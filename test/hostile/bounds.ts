// Time and peak memory of one operation, for the hostile-input tests. A worker thread
// samples the process's resident set every few milliseconds while the operation runs (it
// keeps sampling while a synchronous parse holds the main thread), so the peak is the
// operation's, not the largest the test process ever reached.
import { Worker } from 'node:worker_threads';

const SAMPLER = `
const { workerData, parentPort } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
const peak = new Float64Array(workerData.peak);
parentPort.postMessage('ready');
while (Atomics.load(control, 0) === 0) {
  const rss = process.memoryUsage.rss();
  if (rss > peak[0]) peak[0] = rss;
  Atomics.wait(control, 0, 0, 2);
}
`;

export interface Measured<T> {
  ms: number;
  /** Peak resident set during the operation, minus the resident set just before it. */
  peakGrowthMb: number;
  result?: T;
  error?: unknown;
}

/** Runs `operation` (sync or async), catching what it throws. */
export async function measure<T>(operation: () => T | Promise<T>): Promise<Measured<T>> {
  const control = new SharedArrayBuffer(4);
  const peak = new SharedArrayBuffer(8);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { control, peak } });
  await new Promise((resolve) => worker.once('message', resolve));
  const before = process.memoryUsage.rss();
  new Float64Array(peak)[0] = before;
  const t0 = performance.now();
  let result: T | undefined;
  let error: unknown;
  try {
    result = await operation();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  const last = process.memoryUsage.rss();
  Atomics.store(new Int32Array(control), 0, 1);
  Atomics.notify(new Int32Array(control), 0);
  await new Promise((resolve) => worker.once('exit', resolve));
  const peakGrowthMb = (Math.max(new Float64Array(peak)[0]!, last) - before) / 2 ** 20;
  return { ms, peakGrowthMb, ...(error === undefined ? { result: result as T } : { error }) };
}
