// The mock machine's state directory: one JSON state file replaced atomically, file
// contents as content-addressed blobs, and a lock file that serialises the infkit
// processes sharing the directory.
//
// - Writes: a temp file in the same directory, fsync, rename over state.json, fsync the
//   directory. A process killed at any point leaves either the old or the new state.
// - Readers never take the lock: rename is atomic, so they see one whole state.
// - Mutations (read-modify-write) hold the lock for their duration only. The lock is
//   state.lock, created with O_EXCL and holding the owner's pid. A lock whose pid is dead
//   is stale and is broken; breaking is itself serialised by state.lock.break so that two
//   breakers cannot remove a fresh lock. After a bounded wait: InfkitError E_LOCKED.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { InfkitError } from '../../errors.js';

const STATE_FILE = 'state.json';
const LOCK_FILE = 'state.lock';
const BREAK_FILE = 'state.lock.break';
const BLOB_DIR = 'blobs';

/** How long a mutation waits for the lock before E_LOCKED (INFKIT_LOCK_TIMEOUT_MS overrides). */
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;

function isErrno(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException)?.code === code;
}

/** True when a process with this pid exists (EPERM: it exists but is not ours). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return isErrno(e, 'EPERM');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename durable on POSIX; Windows cannot open a directory this way.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // not supported here
  }
}

/**
 * rename, retried briefly on Windows' transient refusals (a scanner or indexer holding the
 * target open without FILE_SHARE_DELETE gives EPERM/EACCES/EBUSY for a moment).
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      const transient = ['EPERM', 'EACCES', 'EBUSY'].some((code) => isErrno(e, code));
      if (!transient || attempt >= 10) throw e;
      await sleep(10 * (attempt + 1));
    }
  }
}

/** Writes `data` to `file` atomically: temp file in the same directory, fsync, rename. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await renameWithRetry(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  await fsyncDir(path.dirname(file));
}

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

/** In-process queue per directory, so one process's own operations never poll each other. */
const localQueues = new Map<string, Promise<unknown>>();

export class StateStore {
  readonly dir: string;
  private readonly lockTimeoutMs: number;

  constructor(dir: string, options: { lockTimeoutMs?: number } = {}) {
    this.dir = path.resolve(dir);
    const fromEnv = Number(process.env.INFKIT_LOCK_TIMEOUT_MS);
    this.lockTimeoutMs = options.lockTimeoutMs ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_LOCK_TIMEOUT_MS);
  }

  get stateFile(): string {
    return path.join(this.dir, STATE_FILE);
  }

  get lockFile(): string {
    return path.join(this.dir, LOCK_FILE);
  }

  async ensureDir(): Promise<void> {
    try {
      await mkdir(path.join(this.dir, BLOB_DIR), { recursive: true });
    } catch (e) {
      throw new InfkitError('E_IO', `cannot create the mock state directory ${this.dir}: ${(e as Error).message}`, {
        hint: 'Give a writable directory with --state DIR (or INFKIT_STATE).',
        cause: e,
      });
    }
  }

  /** The state text, or null when the machine was never written (the baseline applies). */
  async readText(): Promise<string | null> {
    try {
      return await readFile(this.stateFile, 'utf8');
    } catch (e) {
      if (isErrno(e, 'ENOENT')) return null;
      throw new InfkitError('E_IO', `cannot read the mock state ${this.stateFile}: ${(e as Error).message}`, { cause: e });
    }
  }

  async writeText(text: string): Promise<void> {
    await writeFileAtomic(this.stateFile, text);
  }

  async removeState(): Promise<void> {
    await rm(this.stateFile, { force: true });
  }

  /** Stores file content once by its hash; returns the hash. */
  async putBlob(data: Uint8Array): Promise<string> {
    const hash = createHash('sha256').update(data).digest('hex');
    const file = path.join(this.dir, BLOB_DIR, hash);
    try {
      await stat(file);
    } catch {
      await writeFileAtomic(file, data);
    }
    return hash;
  }

  async getBlob(hash: string): Promise<Uint8Array> {
    return readFile(path.join(this.dir, BLOB_DIR, hash));
  }

  /** Runs `fn` holding the directory's lock (in this process and across processes). */
  async withLock<T>(fn: () => Promise<T>): Promise<T> {
    const previous = localQueues.get(this.dir) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(async () => {
      await this.acquire();
      try {
        return await fn();
      } finally {
        await this.release();
      }
    });
    localQueues.set(this.dir, run);
    try {
      return await run;
    } finally {
      if (localQueues.get(this.dir) === run) localQueues.delete(this.dir);
    }
  }

  private async acquire(): Promise<void> {
    await this.ensureDir();
    const deadline = Date.now() + this.lockTimeoutMs;
    const me: LockOwner = { pid: process.pid, host: hostname(), since: Date.now() };
    let delay = 2;
    for (;;) {
      try {
        const handle = await open(this.lockFile, 'wx');
        try {
          await handle.writeFile(JSON.stringify(me));
        } finally {
          await handle.close();
        }
        await this.removeStaleTemps();
        return;
      } catch (e) {
        if (!isErrno(e, 'EEXIST')) {
          throw new InfkitError('E_IO', `cannot create the lock ${this.lockFile}: ${(e as Error).message}`, { cause: e });
        }
      }
      if (await this.breakIfStale(LOCK_FILE)) continue;
      if (Date.now() >= deadline) {
        const owner = parseOwner(await readFile(this.lockFile, 'utf8').catch(() => ''));
        throw new InfkitError(
          'E_LOCKED',
          `the mock state ${this.dir} is locked${owner ? ` by process ${owner.pid}` : ''} (waited ${this.lockTimeoutMs} ms)`,
          { hint: `Wait for the other infkit process to finish; if none is running, delete ${this.lockFile}.` },
        );
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  }

  private async release(): Promise<void> {
    const owner = parseOwner(await readFile(this.lockFile, 'utf8').catch(() => ''));
    if (owner?.pid === process.pid) await unlink(this.lockFile).catch(() => undefined);
  }

  /**
   * Removes `name` (the lock, or the breaker lock) when its owner is dead on this host.
   * Returns true when it removed it. A lock of another host is never broken.
   */
  private async breakIfStale(name: string): Promise<boolean> {
    const file = path.join(this.dir, name);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) return true; // released meanwhile: try again at once
    const owner = parseOwner(text);
    // An unparsable lock is one being written right now, or a relic of a crash between
    // create and write: treat it as stale only when it is old.
    if (owner === null) {
      const age = await stat(file).then((s) => Date.now() - s.mtimeMs).catch(() => 0);
      if (age < 5_000) return false;
    } else if (owner.host !== hostname() || processAlive(owner.pid)) {
      return false;
    }
    if (name === BREAK_FILE) {
      await unlink(file).catch(() => undefined);
      return true;
    }
    // Serialise breakers: only the holder of state.lock.break may remove state.lock, and
    // only after seeing, while holding it, that the same stale owner is still there.
    let breaker;
    try {
      breaker = await open(path.join(this.dir, BREAK_FILE), 'wx');
    } catch (e) {
      if (isErrno(e, 'EEXIST')) await this.breakIfStale(BREAK_FILE);
      return false;
    }
    try {
      await breaker.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), since: Date.now() }));
      const again = await readFile(file, 'utf8').catch(() => null);
      if (again === text) await unlink(file).catch(() => undefined);
      return true;
    } finally {
      await breaker.close();
      await unlink(path.join(this.dir, BREAK_FILE)).catch(() => undefined);
    }
  }

  /** Deletes temp files left by processes that died mid-write (called holding the lock). */
  private async removeStaleTemps(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^state\.json\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
      if (m && !processAlive(Number(m[1]))) await rm(path.join(this.dir, name), { force: true });
    }
  }
}
