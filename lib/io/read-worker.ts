// A read-ahead thread of readInfFiles (read-many.ts). It reads the files it is sent with the
// INF reader's readInfFile, in order, and posts their bytes back as transferred ArrayBuffers.
//
// The bytes it holds that the consumer has not yet taken are counted in a shared budget. Before
// reading a file the thread waits while the budget is spent, unless that file is the very one
// the consumer is waiting for (so a thread never waits on itself). It posts what it has read
// before it waits, since only the consumer taking those files frees the budget.
import { parentPort, workerData } from 'node:worker_threads';
import { InfkitError } from '../errors.js';
import { readInfFile } from '../inf/read.js';
import { BUDGET_BYTES, BUDGET_HEAD, BUDGET_LIMIT, kib, type ReadJob, type ReadReply, type WorkerError } from './read-protocol.js';

const port = parentPort;
if (!port) throw new Error('read-worker.js runs as a worker thread of readInfFiles');

const shared = new Int32Array(workerData.budget as SharedArrayBuffer);
/** Post results once this many bytes are waiting in the thread (a big file goes out on its own). */
const FLUSH_BYTES = 1 << 20;

let results: ReadReply['results'] = [];
let pendingBytes = 0;
let firstIndex = 0;

function flush(): void {
  if (results.length === 0) return;
  const transfer = results.filter((r): r is ArrayBuffer => r instanceof ArrayBuffer);
  port!.postMessage({ first: firstIndex, results } satisfies ReadReply, transfer);
  firstIndex += results.length;
  results = [];
  pendingBytes = 0;
}

function waitForBudget(index: number): void {
  for (;;) {
    const spent = Atomics.load(shared, BUDGET_BYTES);
    if (spent < Atomics.load(shared, BUDGET_LIMIT) || Atomics.load(shared, BUDGET_HEAD) === index) return;
    flush();
    // Woken whenever the consumer takes a file; the timeout only guards against a lost wake-up.
    Atomics.wait(shared, BUDGET_BYTES, spent, 100);
  }
}

/** Bytes the thread can hand over: an ArrayBuffer of exactly the file (a pooled Buffer is copied). */
function ownBytes(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return new Uint8Array(bytes).buffer;
}

function errorOf(error: unknown): WorkerError {
  if (error instanceof InfkitError) {
    const errno = (error.cause as NodeJS.ErrnoException | undefined)?.code;
    return { code: error.code, message: error.message, ...(errno ? { errno } : {}) };
  }
  return { code: 'E_IO', message: String((error as Error)?.message ?? error) };
}

port.on('message', (job: ReadJob) => {
  firstIndex = job.first; // each job ends with a flush, so nothing is left from the last one
  for (let i = 0; i < job.files.length; i++) {
    const index = job.first + i;
    waitForBudget(index);
    try {
      const buffer = ownBytes(readInfFile(job.files[i]!));
      Atomics.add(shared, BUDGET_BYTES, kib(buffer.byteLength));
      results.push(buffer);
      pendingBytes += buffer.byteLength;
    } catch (error) {
      results.push(errorOf(error));
    }
    if (pendingBytes >= FLUSH_BYTES) flush();
  }
  flush();
});
