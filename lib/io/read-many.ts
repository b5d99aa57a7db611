// Reading many INF files: the files of a driver store, a folder or a glob, in the order given.
//
// Where opening a file costs more than parsing it (Windows with an antivirus filter, network
// shares, Wine: 190 µs an open there against 60 µs a parse), reading file after file on one
// thread leaves the parser waiting most of the time. readInfFiles therefore times its first
// reads; when they are slow it starts read-ahead threads (read-worker.ts) that open and read
// the next files while the caller parses this one. Where reads are cheap (Linux: 8 µs) it
// reads on the calling thread, since a thread would only add its start-up and hand-over cost.
// Either way the results, their order and their errors are the same.
//
// Memory stays bounded: at most `maxBytesAhead` bytes are read ahead of the caller (plus one
// file), counted in a budget shared with the threads, and at most READ_AHEAD.lookahead items are taken
// from the source ahead of the caller.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// Types only: node:worker_threads is loaded when a pool starts (start-up counts, and most runs start none).
import type { Worker } from 'node:worker_threads';
import { InfkitError } from '../errors.js';
import { readInfFile } from '../inf/read.js';
import {
  BUDGET_BYTES,
  BUDGET_HEAD,
  BUDGET_LENGTH,
  BUDGET_LIMIT,
  kib,
  type ReadJob,
  type ReadReply,
  type WorkerError,
} from './read-protocol.js';

export interface ReadManyOptions {
  /**
   * Threads that read ahead of the caller. 0 reads every file on the calling thread; a number
   * starts that many; 'auto' (the default) starts one when the first reads are slow
   * (READ_AHEAD.slowReadMs), which they are on Windows and under Wine, and not on Linux.
   */
  readThreads?: number | 'auto';
  /** Most bytes read ahead and not yet taken by the caller (default READ_AHEAD.maxBytesAhead). */
  maxBytesAhead?: number;
}

/** One file's bytes, or why it could not be read (E_IO, E_TOO_LARGE). */
export type InfFileRead = { file: string; bytes: Uint8Array; error?: undefined } | { file: string; bytes?: undefined; error: InfkitError };

/** An item of the source that is not a path, handed back in its place. */
export interface Passed<T> {
  passed: T;
}

export const READ_AHEAD = {
  /** Reads timed before 'auto' decides. */
  probeFiles: 8,
  /** 'auto' starts a thread when the median of those reads takes at least this long. */
  slowReadMs: 0.05,
  /**
   * Files sent to a thread at a time; a thread has at most two such jobs outstanding and posts a
   * job's files in one message. Every hand-over wakes the caller, which under Wine is a round trip
   * to wineserver: jobs of 64 read the corpus in 155–265 ms a round (mostly under 190), jobs of 16
   * in 170–350, jobs of 4 in 220–350. (Posting at once whenever the caller waited was slower:
   * the caller outpaces the reads, so that meant a message per file.)
   */
  chunk: 64,
  /** Items (paths and passed items) taken from the source ahead of the caller. */
  lookahead: 256,
  maxBytesAhead: 16 * 1024 * 1024,
  maxThreads: 16,
  /**
   * How long the last read-ahead pool waits, idle, for another caller before its threads end.
   * Idle threads hold about 10 MB and never keep the process alive; a new pool costs its start
   * (30 ms under Wine) and a slow first pass over the corpus (450–500 ms against 160–190 warm).
   */
  keepIdleMs: 30_000,
} as const;

/** Reads one file on the calling thread, as a result rather than an exception. */
function readHere(file: string): InfFileRead {
  try {
    return { file, bytes: readInfFile(file) };
  } catch (error) {
    if (error instanceof InfkitError) return { file, error };
    throw error;
  }
}

/** A valid ReadManyOptions.readThreads ('auto' or 0 to READ_AHEAD.maxThreads)? The CLI's --read-threads checks with it too. */
export function isReadThreads(value: unknown): value is number | 'auto' {
  return value === 'auto' || (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= READ_AHEAD.maxThreads);
}

function checkOptions(options: ReadManyOptions): { threads: number | 'auto'; maxBytesAhead: number } {
  const threads = options.readThreads ?? 'auto';
  if (!isReadThreads(threads)) {
    throw new InfkitError(
      'E_USAGE',
      `readThreads must be 'auto' or a whole number from 0 to ${READ_AHEAD.maxThreads}, not ${String(threads)}`,
    );
  }
  const maxBytesAhead = options.maxBytesAhead ?? READ_AHEAD.maxBytesAhead;
  if (!(Number.isInteger(maxBytesAhead) && maxBytesAhead > 0)) {
    throw new InfkitError('E_USAGE', `maxBytesAhead must be a positive whole number of bytes, not ${String(maxBytesAhead)}`);
  }
  return { threads, maxBytesAhead };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/**
 * The bytes of each path `source` yields, in the same order, reading ahead on other threads
 * when file reads are slow (see ReadManyOptions.readThreads). Items that are not strings come
 * back in their place as `{ passed: item }`, so a caller can interleave its own results (a
 * folder that could not be listed, say). A file that cannot be read is a result with an `error`; nothing
 * is thrown for it. Stopping early (break, return) stops the threads.
 */
export function readInfFiles(
  source: Iterable<string> | AsyncIterable<string>,
  options?: ReadManyOptions,
): AsyncGenerator<InfFileRead, void, undefined>;
export function readInfFiles<T extends object>(
  source: Iterable<string | T> | AsyncIterable<string | T>,
  options?: ReadManyOptions,
): AsyncGenerator<InfFileRead | Passed<T>, void, undefined>;
export async function* readInfFiles<T extends object>(
  source: Iterable<string | T> | AsyncIterable<string | T>,
  options: ReadManyOptions = {},
): AsyncGenerator<InfFileRead | Passed<T>, void, undefined> {
  const { threads, maxBytesAhead } = checkOptions(options);
  const iterator: AsyncIterator<string | T> | Iterator<string | T> =
    Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  try {
    let pool: ReadPool | null = null;
    if (threads === 'auto') {
      // Read the first files here, timing them; start a thread if they prove slow.
      const times: number[] = [];
      while (times.length < READ_AHEAD.probeFiles) {
        const next = await iterator.next();
        if (next.done) return;
        if (typeof next.value !== 'string') {
          yield { passed: next.value };
          continue;
        }
        // process.hrtime, not the performance global: that loads perf_hooks on first use.
        const started = process.hrtime.bigint();
        const result = readHere(next.value);
        if (!result.error) times.push(Number(process.hrtime.bigint() - started) / 1e6);
        yield result;
      }
      if (median(times) >= READ_AHEAD.slowReadMs) pool = await acquirePool(1, maxBytesAhead);
    } else if (threads > 0) {
      pool = await acquirePool(threads, maxBytesAhead);
    }
    if (!pool) {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield typeof next.value === 'string' ? readHere(next.value) : { passed: next.value };
      }
    }
    try {
      yield* readAhead(iterator, pool);
    } finally {
      await releasePool(pool);
    }
  } finally {
    await iterator.return?.();
  }
}

interface FileSlot {
  index: number;
  file: string;
  result?: InfFileRead;
}

type QueueEntry<T> = FileSlot | Passed<T>;

async function* readAhead<T>(
  iterator: AsyncIterator<string | T> | Iterator<string | T>,
  pool: ReadPool,
): AsyncGenerator<InfFileRead | Passed<T>, void, undefined> {
  const queue: Array<QueueEntry<T>> = [];
  const notSent: FileSlot[] = [];
  let sourceDone = false;
  for (;;) {
    while (!sourceDone && queue.length < READ_AHEAD.lookahead) {
      const next = await iterator.next();
      if (next.done) {
        sourceDone = true;
        break;
      }
      if (typeof next.value === 'string') {
        const slot = pool.slot(next.value);
        queue.push(slot);
        notSent.push(slot);
      } else {
        queue.push({ passed: next.value });
      }
    }
    pool.send(notSent, sourceDone);
    const head = queue.shift();
    if (!head) return;
    if ('passed' in head) {
      yield head;
      continue;
    }
    const result = await pool.take(head);
    pool.taken(result);
    yield result;
  }
}

interface PoolWorker {
  worker: Worker;
  /** Files sent and not yet answered. */
  outstanding: number;
}

/**
 * Where the read-ahead thread's code is: beside this module in dist/io/, else tsc's copy there, seen
 * from lib/io/ (the TypeScript sources, as the tests run them) or from the CLI bundle's
 * dist/cli-chunks/ (scripts/build-cli.js), both two levels below the package root too.
 */
function workerScript(): URL | null {
  for (const candidate of [new URL('./read-worker.js', import.meta.url), new URL('../../dist/io/read-worker.js', import.meta.url)]) {
    if (existsSync(fileURLToPath(candidate))) return candidate;
  }
  return null;
}

/**
 * The read-ahead threads. A thread that fails (it cannot start, it crashes, a message cannot
 * be read) breaks the pool: every file not yet answered is then read on the calling thread,
 * so a failure costs speed, never a result.
 */
class ReadPool {
  readonly #workers: PoolWorker[] = [];
  readonly #budget: Int32Array;
  readonly #slots = new Map<number, FileSlot>();
  #nextIndex = 0;
  #waiting: { slot: FileSlot; wake: () => void } | null = null;
  /** Why the pool stopped working, once it has. */
  broken: string | null = null;
  #closing = false;

  private constructor(budget: SharedArrayBuffer) {
    this.#budget = new Int32Array(budget);
  }

  /** Starts `count` threads; null when none can be started (the caller reads on its own thread). */
  static async start(count: number, maxBytesAhead: number, script: URL | null): Promise<ReadPool | null> {
    if (!script) return null;
    const { Worker } = await import('node:worker_threads');
    const budget = new SharedArrayBuffer(BUDGET_LENGTH * Int32Array.BYTES_PER_ELEMENT);
    const pool = new ReadPool(budget);
    pool.reset(maxBytesAhead);
    try {
      for (let i = 0; i < count; i++) {
        const worker = new Worker(script, {
          workerData: { budget },
          // A reader holds a few small objects; file bytes live outside the heap.
          resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 8 },
          stdout: false,
          stderr: false,
        });
        pool.#adopt(worker);
      }
      await Promise.all(pool.#workers.map(({ worker }) => onceOnline(worker)));
    } catch (error) {
      pool.#break(`a read-ahead thread did not start: ${(error as Error).message}`);
    }
    if (pool.broken) {
      await pool.close();
      return null;
    }
    // Threads do not keep the process alive unless the caller waits on them (take).
    for (const { worker } of pool.#workers) worker.unref();
    return pool;
  }

  #adopt(worker: Worker): void {
    const entry: PoolWorker = { worker, outstanding: 0 };
    this.#workers.push(entry);
    worker.on('message', (reply: ReadReply) => this.#answer(entry, reply));
    worker.on('messageerror', (error) => this.#break(`a read-ahead message could not be read: ${error.message}`));
    worker.on('error', (error) => this.#break(`a read-ahead thread failed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.#closing) this.#break(`a read-ahead thread exited (code ${code})`);
    });
  }

  get size(): number {
    return this.#workers.length;
  }

  /** No thread has files to answer. */
  get idle(): boolean {
    return this.#workers.every((w) => w.outstanding === 0);
  }

  /** Ready for a new caller (the pool is idle): an empty budget of `maxBytesAhead`. */
  reset(maxBytesAhead: number): void {
    this.#slots.clear();
    this.#waiting = null;
    Atomics.store(this.#budget, BUDGET_BYTES, 0);
    Atomics.store(this.#budget, BUDGET_LIMIT, kib(maxBytesAhead));
  }

  /** A numbered place for `file`'s result. */
  slot(file: string): FileSlot {
    return { index: this.#nextIndex++, file };
  }

  /** Sends files from the front of `notSent` to the threads with room; a short last job only once the source is done. */
  send(notSent: FileSlot[], sourceDone: boolean): void {
    if (this.broken) return;
    for (;;) {
      const ready = Math.min(notSent.length, READ_AHEAD.chunk);
      if (ready === 0 || (ready < READ_AHEAD.chunk && !sourceDone)) return;
      const entry = this.#workers.reduce((a, b) => (b.outstanding < a.outstanding ? b : a));
      if (entry.outstanding >= 2 * READ_AHEAD.chunk) return;
      const slots = notSent.splice(0, ready);
      for (const slot of slots) this.#slots.set(slot.index, slot);
      entry.outstanding += slots.length;
      entry.worker.postMessage({ first: slots[0]!.index, files: slots.map((s) => s.file) } satisfies ReadJob);
    }
  }

  /** `slot`'s result, once it is there; read here when the pool has broken. */
  async take(slot: FileSlot): Promise<InfFileRead> {
    if (!slot.result && !this.broken && this.#slots.has(slot.index)) {
      // This file may be read whatever the budget says (a thread never waits on the caller's own wait).
      Atomics.store(this.#budget, BUDGET_HEAD, slot.index);
      Atomics.notify(this.#budget, BUDGET_BYTES);
      // The threads keep the process alive only while the caller waits on them: a caller that
      // drops the reading half-way (without return()) leaves nothing holding the process open.
      for (const { worker } of this.#workers) worker.ref();
      await new Promise<void>((wake) => {
        this.#waiting = { slot, wake };
      });
      for (const { worker } of this.#workers) worker.unref();
    }
    this.#slots.delete(slot.index);
    return slot.result ?? readHere(slot.file);
  }

  /** The caller has `result`: its bytes leave the read-ahead budget. */
  taken(result: InfFileRead): void {
    if (!result.bytes) return;
    Atomics.sub(this.#budget, BUDGET_BYTES, kib(result.bytes.byteLength));
    Atomics.notify(this.#budget, BUDGET_BYTES);
  }

  #answer(entry: PoolWorker, reply: ReadReply): void {
    for (let i = 0; i < reply.results.length; i++) {
      const slot = this.#slots.get(reply.first + i);
      if (!slot) continue;
      slot.result = fromWorker(slot.file, reply.results[i]!);
      if (this.#waiting?.slot === slot) this.#wakeWaiter();
    }
    entry.outstanding -= reply.results.length;
  }

  #wakeWaiter(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.wake();
  }

  #break(reason: string): void {
    if (this.broken) return;
    this.broken = reason;
    this.#wakeWaiter();
    for (const { worker } of this.#workers) void worker.terminate();
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#wakeWaiter();
    await Promise.all(this.#workers.map(({ worker }) => worker.terminate()));
  }
}

/**
 * The pool kept between callers. Starting a thread costs about 30 ms, and a new thread reads
 * slowly until its code is compiled (under Wine a fresh thread per call halved the gain), so the
 * last pool is kept, idle and not holding the process open, for READ_AHEAD.keepIdleMs.
 */
let kept: { pool: ReadPool; timer: NodeJS.Timeout } | null = null;

async function acquirePool(threads: number, maxBytesAhead: number): Promise<ReadPool | null> {
  if (kept && kept.pool.size === threads) {
    const { pool, timer } = kept;
    kept = null;
    clearTimeout(timer);
    pool.reset(maxBytesAhead);
    return pool;
  }
  return ReadPool.start(threads, maxBytesAhead, scriptOverride === undefined ? workerScript() : scriptOverride);
}

let scriptOverride: URL | null | undefined;

/**
 * For tests: read-ahead threads run `script` instead of read-worker.js (null: no thread can
 * start; undefined: back to read-worker.js). The kept pool is closed.
 */
export async function setReadWorkerScript(script: URL | null | undefined): Promise<void> {
  scriptOverride = script;
  const pool = kept?.pool;
  if (kept) clearTimeout(kept.timer);
  kept = null;
  await pool?.close();
}

/** Keeps an idle, healthy pool for the next caller; closes any other (one stopped part-way, say). */
async function releasePool(pool: ReadPool): Promise<void> {
  if (pool.broken || !pool.idle || kept) return pool.close();
  const timer = setTimeout(() => {
    if (kept?.pool !== pool) return;
    kept = null;
    void pool.close();
  }, READ_AHEAD.keepIdleMs);
  timer.unref();
  kept = { pool, timer };
}

function onceOnline(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`exited with code ${code}`)));
  });
}

function fromWorker(file: string, result: ArrayBuffer | WorkerError): InfFileRead {
  if (result instanceof ArrayBuffer) return { file, bytes: Buffer.from(result) };
  const cause = result.errno ? Object.assign(new Error(result.message), { code: result.errno }) : undefined;
  const code = result.code === 'E_TOO_LARGE' ? 'E_TOO_LARGE' : 'E_IO';
  return { file, error: new InfkitError(code, result.message, { file, ...(cause ? { cause } : {}) }) };
}
