// Reading many files (readInfFiles, parseInfFiles): with read-ahead threads or without, the
// same results in the same order, errors as results, the read-ahead budget kept, and a thread
// that fails costing nothing but speed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { MAX_INF_BYTES, READ_AHEAD, parseInfFiles, readInfFiles, type InfFileRead, type Passed } from '../../lib/index.js';
import { setReadWorkerScript } from '../../lib/io/read-many.js';

const dir = mkdtempSync(path.join(tmpdir(), 'infkit-read-many-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => setReadWorkerScript(undefined));

const inf = (n: number): string =>
  `[Version]\r\nSignature="$Windows NT$"\r\nClass=Test${n}\r\n\r\n[Strings]\r\nN=${'x'.repeat(n * 97)}\r\n`;

/** 40 INFs of different sizes, plus a missing path and a directory in between. */
function sampleFiles(): string[] {
  const files: string[] = [];
  for (let i = 0; i < 40; i++) {
    const file = path.join(dir, `s${i}.inf`);
    writeFileSync(file, inf(i));
    files.push(file);
  }
  files.splice(7, 0, path.join(dir, 'missing.inf'));
  mkdirSync(path.join(dir, 'adir.inf'), { recursive: true });
  files.splice(20, 0, path.join(dir, 'adir.inf'));
  return files;
}

type Seen = { file: string; bytes?: string; error?: string } | { passed: unknown };

/** An item of a source that is not a path: readInfFiles hands it back in its place. */
type Marker = { n: number };

async function collect(source: Iterable<string | Marker> | AsyncIterable<string | Marker>, readThreads: number | 'auto'): Promise<Seen[]> {
  const out: Seen[] = [];
  for await (const r of readInfFiles<Marker>(source, { readThreads })) {
    if ('passed' in r) out.push({ passed: r.passed });
    else if (r.error) out.push({ file: r.file, error: `${r.error.code}: ${r.error.message}` });
    else out.push({ file: r.file, bytes: Buffer.from(r.bytes).toString('latin1') });
  }
  return out;
}

describe('readInfFiles', () => {
  const files = sampleFiles();
  const expected: Seen[] = files.map((file) => {
    try {
      return { file, bytes: readFileSync(file).toString('latin1') };
    } catch {
      return { file, error: 'E_IO' };
    }
  });

  it.each([0, 1, 3, 'auto'] as const)('gives every file, in order, with readThreads %s', async (readThreads) => {
    const got = await collect(files, readThreads);
    expect(got.map((r) => ('file' in r ? r.file : null))).toEqual(files);
    for (const [i, r] of got.entries()) {
      const want = expected[i]!;
      if ('bytes' in want && want.bytes !== undefined) expect((r as { bytes?: string }).bytes).toBe(want.bytes);
      else expect((r as { error?: string }).error).toMatch(/^E_IO: cannot read .*(no such file|is a directory)/);
    }
  });

  it('hands back items that are not paths in their place, from an async source', async () => {
    async function* source(): AsyncGenerator<string | Marker> {
      for (const [i, file] of files.slice(0, 30).entries()) {
        if (i % 5 === 0) yield { n: i };
        if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
        yield file;
      }
    }
    const threaded = await collect(source(), 2);
    const here = await collect(source(), 0);
    expect(threaded).toEqual(here);
    expect(threaded.filter((r) => 'passed' in r).map((r) => (r as Passed<Marker>).passed.n)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(threaded).toHaveLength(36);
  });

  it('carries E_TOO_LARGE and the errno of an E_IO across the thread boundary', async () => {
    const big = path.join(dir, 'big.inf');
    writeFileSync(big, '');
    truncateSync(big, MAX_INF_BYTES + 1); // sparse: nothing is written
    const missing = path.join(dir, 'nope.inf');
    const got: InfFileRead[] = [];
    for await (const r of readInfFiles([missing, big], { readThreads: 1 })) got.push(r as InfFileRead);
    unlinkSync(big);
    expect(got[0]!.error?.code).toBe('E_IO');
    expect((got[0]!.error?.cause as NodeJS.ErrnoException | undefined)?.code).toBe('ENOENT');
    expect(got[1]!.error?.code).toBe('E_TOO_LARGE');
    expect(got[1]!.error?.message).toMatch(/limit is 268435456/);
  }, 60_000);

  it('reads no further ahead than maxBytesAhead (plus one file) while the caller is busy', async () => {
    const many: string[] = [];
    for (let i = 0; i < 64; i++) {
      const file = path.join(dir, `b${i}.inf`);
      writeFileSync(file, Buffer.alloc(32 * 1024, 0x41));
      many.push(file);
    }
    const readAhead = async (maxBytesAhead: number): Promise<number> => {
      const it = readInfFiles(many, { readThreads: 1, maxBytesAhead });
      const first = await it.next();
      expect((first.value as InfFileRead).bytes?.length).toBe(32 * 1024);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the threads read on meanwhile
      for (const file of many.slice(1)) unlinkSync(file);
      let read = 0;
      for await (const r of it) if (!('passed' in r) && r.bytes) read++;
      for (const file of many.slice(1)) writeFileSync(file, Buffer.alloc(32 * 1024, 0x41));
      return read;
    };
    // 64 KiB: two files ahead, a third the thread had begun; 16 MiB: everything (63 files).
    expect(await readAhead(64 * 1024)).toBeLessThanOrEqual(3);
    expect(await readAhead(16 * 1024 * 1024)).toBeGreaterThan(20);
  });

  it('stops early without losing the next caller its results', async () => {
    let n = 0;
    for await (const r of readInfFiles(files, { readThreads: 1 })) {
      expect('file' in r && r.file).toBe(files[n]);
      if (++n === 3) break;
    }
    expect(await collect(files, 1)).toEqual(await collect(files, 0));
  });

  it('reads every file on the calling thread when no thread can start', async () => {
    await setReadWorkerScript(null);
    expect(await collect(files, 2)).toEqual(await collect(files, 0));
  });

  it('reads the rest on the calling thread when a thread dies part-way', async () => {
    // A thread that answers its first job and then exits in the middle of the second.
    const script = path.join(dir, 'dying-worker.mjs');
    const log = path.join(dir, 'dying-worker.log');
    writeFileSync(log, '');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';
import { appendFileSync, readFileSync } from 'node:fs';
let jobs = 0;
parentPort.on('message', (job) => {
  appendFileSync(${JSON.stringify(log)}, 'job\\n');
  if (++jobs === 2) process.exit(3);
  const results = job.files.map((f) => { const b = readFileSync(f); return new Uint8Array(b).buffer; });
  parentPort.postMessage({ first: job.first, results }, results);
});
`,
    );
    await setReadWorkerScript(pathToFileURL(script));
    // Enough files for three jobs (READ_AHEAD.chunk each): the second one is never answered.
    const valid = files.filter((f) => !/missing|adir/.test(f));
    const many = Array.from({ length: 3 * READ_AHEAD.chunk }, (_, i) => valid[i % valid.length]!);
    expect(await collect(many, 1)).toEqual(await collect(many, 0));
    // The thread did take two jobs and died in the second: the pool, not a fallback, was tested.
    expect(readFileSync(log, 'utf8')).toBe('job\njob\n');
  });

  it('refuses a bad readThreads or maxBytesAhead with E_USAGE', async () => {
    for (const options of [{ readThreads: -1 }, { readThreads: 1.5 }, { readThreads: 99 }, { maxBytesAhead: 0 }]) {
      await expect(readInfFiles(files, options as never).next()).rejects.toMatchObject({ code: 'E_USAGE' });
    }
  });

  it('does not keep the process alive: a script that stops part-way exits at once', () => {
    const script = `
      import { readInfFiles } from ${JSON.stringify(pathToFileURL(path.resolve('dist/index.js')).href)};
      const files = ${JSON.stringify(files)};
      // Dropped without return(): its thread waits for budget, and must not hold the process.
      const dropped = readInfFiles(files, { readThreads: 1, maxBytesAhead: 1024 });
      await dropped.next();
      let n = 0;
      for await (const r of readInfFiles(files, { readThreads: 2 })) if (++n === 5) break;
      for await (const r of readInfFiles(files, { readThreads: 2 })) n++;
      console.log('done', n);
    `;
    // A script file, not `-e`: Node ends an `-e` module at its end whatever handles are open.
    const file = path.join(dir, 'stops-part-way.mjs');
    writeFileSync(file, script);
    // Killed at 20 s, under READ_AHEAD.keepIdleMs (30 s): exit 0 says the kept pool did not hold the process open.
    const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe(`done ${5 + files.length}`);
    expect(run.status).toBe(0);
  });
});

describe('parseInfFiles', () => {
  it('parses each file as parseInf does, errors as results', async () => {
    const files = sampleFiles();
    const seen: string[] = [];
    for await (const r of parseInfFiles(files, { readThreads: 1, locale: '0409' })) {
      if ('passed' in r) continue;
      if (r.error) seen.push(`${r.file}: ${r.error.code}`);
      else seen.push(`${r.file}: ${r.document.file === r.file} ${r.document.value('Version', 'Class')} ${r.document.string('N')?.length}`);
    }
    expect(seen[0]).toBe(`${files[0]}: true Test0 0`);
    expect(seen[7]).toBe(`${files[7]}: E_IO`);
    expect(seen[9]).toBe(`${files[9]}: true Test8 ${8 * 97}`);
    expect(seen).toHaveLength(files.length);
  });
});
