// validatePaths: files, directories (recursive, *.inf and *.inx) and globs, one file at a time.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFileError, validatePaths } from '../../lib/rules/index.js';
import type { FileResult } from '../../lib/rules/types.js';

const fixtures = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'infkit-validate-'));
  mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  copyFileSync(path.join(fixtures, 'clean.inf'), path.join(dir, 'a.inf'));
  copyFileSync(path.join(fixtures, 'INF1203.bad.inf'), path.join(dir, 'sub', 'B.INF'));
  copyFileSync(path.join(fixtures, 'clean.inf'), path.join(dir, 'sub', 'deeper', 'c.inx'));
  writeFileSync(path.join(dir, 'sub', 'notes.txt'), 'not an INF');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(paths: string[]): Promise<FileResult[]> {
  const out: FileResult[] = [];
  for await (const r of validatePaths(paths)) out.push(r);
  return out;
}

describe('validatePaths', () => {
  it('walks a directory recursively for *.inf and *.inx (any case), in name order, skipping other files', async () => {
    const results = await collect([dir]);
    expect(results.map((r) => path.relative(dir, r.file))).toEqual([
      'a.inf',
      path.join('sub', 'B.INF'),
      path.join('sub', 'deeper', 'c.inx'),
    ]);
    expect(results[1]!.diagnostics.map((d) => d.code)).toContain('INF1203');
    expect(results[0]!.diagnostics).toEqual([]);
  });

  it('expands a glob', async () => {
    const results = await collect([path.join(dir, '**', '*.inx')]);
    expect(results.map((r) => path.basename(r.file))).toEqual(['c.inx']);
  });

  it('validates a file named directly, once even when listed twice', async () => {
    const file = path.join(dir, 'a.inf');
    expect((await collect([file, file, dir])).filter((r) => r.file.endsWith('a.inf'))).toHaveLength(1);
  });

  it('reports a missing path or an empty match as an E_IO result instead of throwing, and goes on', async () => {
    const results = await collect([path.join(dir, 'nope.inf'), path.join(dir, '*.sys'), path.join(dir, 'a.inf')]);
    expect(results.map((r) => (isFileError(r) ? r.error.code : 'ok'))).toEqual(['E_IO', 'E_IO', 'ok']);
    expect(isFileError(results[0]!) && results[0].error.message).toContain('no such file');
  });

  it('yields each file before reading the next (a generator, not a list)', async () => {
    const it = validatePaths([dir]);
    const first = await it.next();
    expect(first.done).toBe(false);
    expect(path.basename((first.value as FileResult).file)).toBe('a.inf');
    await it.return(undefined);
  });
});
