// A state directory that infkit processes share (the mock machine's, and apply's lock): one
// JSON state file replaced atomically, file contents as content-addressed blobs, and a lock
// file that serialises the processes.
//
// - Writes: a temp file in the same directory, fsync, rename over state.json, fsync the
//   directory. A process killed at any point leaves either the old or the new state.
// - Readers never take the lock: rename is atomic, so they see one whole state.
// - Mutations (read-modify-write) hold the lock for their duration only. The lock is
//   state.lock, created with O_EXCL and naming its owner: host, pid, the process's start
//   time and a random token drawn for each lock taken. A lock is stale when its owner is gone:
//   its pid is dead, or is ours while this process did not take the lock (Wine, for one,
//   gives a new process the pid of one just killed), or belongs to a process started after
//   the lock was taken (where the platform says when a process started). Stale locks are
//   broken; breaking is itself serialised by state.lock.break so that two breakers cannot
//   remove a fresh lock. After a bounded wait: InfkitError E_LOCKED.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { InfkitError } from '../errors.js';

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
  /** Random, drawn for each lock taken: tells this process's locks from an earlier process's with its pid. */
  token?: string;
  /** When the owning process started (ms since the epoch). */
  start?: number;
  /** When the lock was taken (ms since the epoch). */
  since: number;
}

/** This process, as lock files name it. */
const SELF = { pid: process.pid, host: hostname(), start: Math.round(Date.now() - process.uptime() * 1000) };

/** The tokens of the locks (state.lock, state.lock.break) this process holds right now. */
const held = new Set<string>();

function parseOwner(text: string): LockOwner | null {
  try {
    const owner = JSON.parse(text) as LockOwner;
    return typeof owner.pid === 'number' ? owner : null;
  } catch {
    return null;
  }
}

/** Creates `file` with O_EXCL naming this process; its token, or null when it exists. */
async function createLock(file: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'wx');
  } catch (e) {
    if (isErrno(e, 'EEXIST')) return null;
    throw new InfkitError('E_IO', `cannot create the lock ${file}: ${(e as Error).message}`, { cause: e });
  }
  const token = randomBytes(8).toString('hex');
  held.add(token);
  try {
    await handle.writeFile(JSON.stringify({ ...SELF, token, since: Date.now() } satisfies LockOwner));
  } finally {
    await handle.close();
  }
  return token;
}

/** Removes `file` when it is still the lock `token` names. */
async function releaseLock(file: string, token: string): Promise<void> {
  held.delete(token);
  const owner = parseOwner(await readFile(file, 'utf8').catch(() => ''));
  if (owner?.token === token) await unlink(file).catch(() => undefined);
}

/**
 * When the process `pid` started (ms since the epoch), where the platform says (Linux's
 * /proc); null elsewhere.
 */
function processStartTime(pid: number): number | null {
  try {
    // Field 22 of /proc/PID/stat (after the parenthesised name): start time in clock ticks
    // since boot (USER_HZ, 100 on every Linux Node runs on); btime: boot time in seconds.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const boot = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    return Number.isFinite(ticks) && Number.isFinite(boot) ? boot * 1000 + ticks * 10 : null;
  } catch {
    return null;
  }
}

/** Slack for comparing a start time from /proc (whole-second btime) with a lock's time. */
const START_TOLERANCE_MS = 2_000;

/** Whether the process a lock file names still holds it. */
function ownerAlive(owner: LockOwner): boolean {
  if (owner.host !== SELF.host) return true; // another machine's: never ours to judge
  // Re-entrancy first: our own pid is alive by definition, so the lock is live only if this
  // very process took it; otherwise an earlier process with our pid left it.
  if (owner.pid === SELF.pid) return owner.token !== undefined && held.has(owner.token);
  if (!processAlive(owner.pid)) return false;
  // A process that started after the lock was taken cannot have taken it: it reuses the
  // pid of a dead owner. (Only this direction is safe: a live owner started before.)
  const started = processStartTime(owner.pid);
  return started === null || !Number.isFinite(owner.since) || started <= owner.since + START_TOLERANCE_MS;
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
    const run = previous
      .catch(() => undefined)
      .then(async () => {
        const token = await this.acquire();
        try {
          return await fn();
        } finally {
          await releaseLock(this.lockFile, token);
        }
      });
    localQueues.set(this.dir, run);
    try {
      return await run;
    } finally {
      if (localQueues.get(this.dir) === run) localQueues.delete(this.dir);
    }
  }

  /** Takes the lock; returns its token. */
  private async acquire(): Promise<string> {
    await this.ensureDir();
    const deadline = Date.now() + this.lockTimeoutMs;
    let delay = 2;
    for (;;) {
      const token = await createLock(this.lockFile);
      if (token !== null) {
        await this.removeStaleTemps();
        return token;
      }
      if (await this.breakIfStale(LOCK_FILE)) continue;
      if (Date.now() >= deadline) {
        const owner = parseOwner(await readFile(this.lockFile, 'utf8').catch(() => ''));
        const since = owner && Number.isFinite(owner.since) ? ` since ${new Date(owner.since).toISOString()}` : '';
        throw new InfkitError(
          'E_LOCKED',
          `the mock state ${this.dir} is locked${owner ? ` by process ${owner.pid} on ${owner.host}${since}` : ''} (waited ${this.lockTimeoutMs} ms)`,
          { hint: `Wait for the other infkit process to finish; if none is running, delete ${this.lockFile}.` },
        );
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
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
      const age = await stat(file)
        .then((s) => Date.now() - s.mtimeMs)
        .catch(() => 0);
      if (age < 5_000) return false;
    } else if (ownerAlive(owner)) {
      return false;
    }
    if (name === BREAK_FILE) {
      await unlink(file).catch(() => undefined);
      return true;
    }
    // Serialise breakers: only the holder of state.lock.break may remove state.lock, and
    // only after seeing, while holding it, that the same stale owner is still there.
    const breaker = path.join(this.dir, BREAK_FILE);
    const token = await createLock(breaker);
    if (token === null) {
      await this.breakIfStale(BREAK_FILE);
      return false;
    }
    try {
      const again = await readFile(file, 'utf8').catch(() => null);
      if (again === text) await unlink(file).catch(() => undefined);
      return true;
    } finally {
      await releaseLock(breaker, token);
    }
  }

  /** Deletes temp files left by processes that died mid-write (called holding the lock). */
  private async removeStaleTemps(): Promise<void> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names) {
      const m = /^state\.json\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
      // Our own pid's are an earlier process's too: this one writes state.json only later.
      const pid = Number(m?.[1]);
      if (m && (pid === SELF.pid || !processAlive(pid))) await rm(path.join(this.dir, name), { force: true });
    }
  }
}
