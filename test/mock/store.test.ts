// The mock machine's state directory under concurrency and crashes, with real child
// processes: concurrent writers lose nothing, a writer killed mid-write leaves a readable
// state, and a lock left by a dead process is broken while a live one is waited for.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfkitError } from '../../lib/errors.js';
import { openMockBackend } from '../../lib/backend/mock/index.js';
import { StateStore } from '../../lib/base/store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const KEY = 'SOFTWARE\\infkit-test';
let work: string;
let buildDir: string;

/** The pid of a process that has exited (so no process has it for a while). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Runs child.mjs to completion; resolves with its exit code and what it said on stderr. */
function runChild(stateDir: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'child.mjs'), buildDir, stateDir, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'infkit-store-'));
  buildDir = path.join(work, 'build');
  const tsc = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(here, 'tsconfig.child.json'), '--outDir', buildDir],
    {
      encoding: 'utf8',
    },
  );
  await writeFile(path.join(buildDir, 'package.json'), '{"type":"module"}');
  // Type errors elsewhere do not stop the emit; a child that cannot even start does.
  const smoke = await runChild(path.join(work, 'smoke'), 'write', '1', 'smoke');
  if (smoke.code !== 0) throw new Error(`the compiled mock does not run (tsc: ${tsc.stdout}${tsc.stderr}): ${smoke.stderr}`);
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('mock state directory', () => {
  it('16 concurrent writer processes lose no write', async () => {
    const stateDir = path.join(work, 'concurrent');
    const writers = 16;
    const each = 8;
    const runs = await Promise.all(Array.from({ length: writers }, (_, w) => runChild(stateDir, 'write', String(each), `w${w}`)));
    for (const run of runs) expect(run, run.stderr).toEqual({ code: 0, stderr: '' });

    const backend = await openMockBackend({ stateDir });
    const key = await backend.registry.readKey('HKLM', KEY);
    const names = Object.keys(key?.values ?? {});
    expect(names).toHaveLength(writers * each);
    for (let w = 0; w < writers; w++) for (let i = 0; i < each; i++) expect(names).toContain(`w${w}-${i}`);
    expect(await backend.generation()).toBe(writers * each);
    expect((await readdir(stateDir)).filter((f) => f.startsWith('state.lock'))).toEqual([]);
  }, 60_000);

  it('a writer SIGKILLed mid-write leaves the last committed state, and the next process recovers', async () => {
    const stateDir = path.join(work, 'killed');
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [path.join(here, 'child.mjs'), buildDir, stateDir, 'churn', String(2 * 1024 * 1024)], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let committed = 0;
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        for (const line of text.split('\n')) if (line !== '') committed = Math.max(committed, Number(line));
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      // Let it commit a few times, then kill it wherever it is (most often mid-write).
      const enough = new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          if (committed >= 2 + round * 4) {
            clearInterval(timer);
            resolve();
          }
        }, 5);
        void exited.then(() => clearInterval(timer));
      });
      const early = await Promise.race([enough.then(() => null), exited.then((code) => ({ code }))]);
      expect(early, `the churning child stopped by itself: ${stderr}`).toBeNull();
      await new Promise((r) => setTimeout(r, 7 + round * 11));
      child.kill('SIGKILL');
      await exited;

      // The state file is whole, and at least as new as what the child last reported.
      const text = await readFile(path.join(stateDir, 'state.json'), 'utf8');
      const state = JSON.parse(text) as { generation: number };
      expect(state.generation).toBeGreaterThanOrEqual(committed);

      // The next process breaks the dead writer's lock and writes again.
      const backend = await openMockBackend({ stateDir, lockTimeoutMs: 5_000 });
      const key = await backend.registry.readKey('HKLM', KEY);
      const big = key?.values.Big?.data as Uint8Array;
      expect(big).toHaveLength(2 * 1024 * 1024);
      expect(new Set(big).size).toBe(1);
      await backend.registry.setValue('HKLM', KEY, 'After', { type: 'REG_DWORD', data: round });
      expect((await backend.registry.readKey('HKLM', KEY))?.values.After?.data).toBe(round);
      expect((await readdir(stateDir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    }
  }, 60_000);

  it('a lock and a half-written temp file left by a dead process are cleaned up', async () => {
    const stateDir = path.join(work, 'stale');
    const backend = await openMockBackend({ stateDir, lockTimeoutMs: 2_000 });
    await backend.registry.setValue('HKLM', KEY, 'Before', { type: 'REG_SZ', data: 'kept' });
    const pid = deadPid();
    await writeFile(path.join(stateDir, 'state.lock'), JSON.stringify({ pid, host: (await import('node:os')).hostname(), since: 0 }));
    await writeFile(path.join(stateDir, `state.json.${pid}.0badc0de.tmp`), '{"format":1,"gener');

    expect((await backend.registry.readKey('HKLM', KEY))?.values.Before?.data).toBe('kept');
    await backend.registry.setValue('HKLM', KEY, 'After', { type: 'REG_SZ', data: 'written' });
    expect((await backend.registry.readKey('HKLM', KEY))?.values.After?.data).toBe('written');
    expect((await readdir(stateDir)).sort()).toEqual(['blobs', 'state.json']);
  });

  it('a lock naming our own pid, left by an earlier process that had it, is taken at once', async () => {
    // Wine gives a new process the pid of one just killed: the dead owner's pid is ours.
    const stateDir = path.join(work, 'own-pid');
    // No time to wait: the lock is taken at once, or withLock fails with E_LOCKED.
    const store = new StateStore(stateDir, { lockTimeoutMs: 0 });
    await store.ensureDir();
    const host = (await import('node:os')).hostname();
    await writeFile(store.lockFile, JSON.stringify({ pid: process.pid, host, token: 'an-earlier-process', start: 0, since: Date.now() }));
    await writeFile(path.join(stateDir, `state.json.${process.pid}.0badc0de.tmp`), '{"format":1,"gener');
    expect(await store.withLock(async () => 'taken')).toBe('taken');
    expect((await readdir(stateDir)).sort()).toEqual(['blobs']);
  });

  it.skipIf(!existsSync('/proc/self/stat'))(
    'a lock whose pid now belongs to a process started after it was taken is taken at once',
    async () => {
      const stateDir = path.join(work, 'reused-pid');
      // No time to wait: the lock is taken at once, or withLock fails with E_LOCKED.
      const store = new StateStore(stateDir, { lockTimeoutMs: 0 });
      await store.ensureDir();
      const host = (await import('node:os')).hostname();
      const newer = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
      try {
        await writeFile(store.lockFile, JSON.stringify({ pid: newer.pid, host, since: Date.now() - 60_000 }));
        expect(await store.withLock(async () => 'taken')).toBe('taken');
      } finally {
        newer.kill();
      }
    },
  );

  it('a lock this process holds is not broken by its own next operation (it waits its turn)', async () => {
    // Two stores naming one directory differently share the lock file but not the queue.
    const stateDir = path.join(work, 'reentrant');
    const first = new StateStore(stateDir);
    await first.ensureDir();
    await symlink(stateDir, `${stateDir}-link`);
    const second = new StateStore(`${stateDir}-link`, { lockTimeoutMs: 300 });
    const order: string[] = [];
    let release!: () => void;
    const holding = first.withLock(async () => {
      order.push('first in');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 50));
    const error = await second.withLock(async () => order.push('second')).catch((e: unknown) => e);
    expect((error as InfkitError).code).toBe('E_LOCKED');
    release();
    await holding;
    await second.withLock(async () => order.push('second'));
    expect(order).toEqual(['first in', 'first out', 'second']);
  });

  it("a live process's lock is waited for, then E_LOCKED names the holder", async () => {
    const stateDir = path.join(work, 'live');
    const store = new StateStore(stateDir);
    await store.ensureDir();
    // A live process (our parent) holds the lock file, as another infkit process would.
    await writeFile(store.lockFile, JSON.stringify({ pid: process.ppid, host: (await import('node:os')).hostname(), since: Date.now() }));
    const backend = await openMockBackend({ stateDir, lockTimeoutMs: 300 });
    const started = Date.now();
    const error = await backend.registry.setValue('HKLM', KEY, 'x', { type: 'REG_DWORD', data: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfkitError);
    expect((error as InfkitError).code).toBe('E_LOCKED');
    expect((error as InfkitError).message).toContain(`process ${process.ppid}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(await backend.registry.readKey('HKLM', KEY)).toBeNull();
  });
});
