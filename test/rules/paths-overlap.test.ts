// Overlapping command-line paths validate each file once; a walked folder is remembered as one
// path, not file by file (memory stays flat however many files it holds).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFileError, validatePaths } from '../../lib/rules/index.js';

const fixtures = fileURLToPath(new URL('../fixtures/rules/', import.meta.url));
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'infkit-overlap-'));
  mkdirSync(path.join(dir, 'sub', 'deeper'), { recursive: true });
  mkdirSync(path.join(dir, 'subway'), { recursive: true });
  copyFileSync(path.join(fixtures, 'clean.inf'), path.join(dir, 'a.inf'));
  copyFileSync(path.join(fixtures, 'clean.inf'), path.join(dir, 'sub', 'b.inf'));
  copyFileSync(path.join(fixtures, 'clean.inf'), path.join(dir, 'sub', 'deeper', 'c.inx'));
  copyFileSync(path.join(fixtures, 'clean.inf'), path.join(dir, 'subway', 'd.inf'));
  writeFileSync(path.join(dir, 'sub', 'notes.txt'), 'not an INF');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function names(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for await (const r of validatePaths(paths))
    out.push(isFileError(r) ? `E:${path.relative(dir, r.file)}` : path.relative(dir, r.file).split(path.sep).join('/'));
  return out;
}

describe('overlapping paths', () => {
  it('a folder, then one inside it, then a file in it', async () => {
    expect(await names([dir, path.join(dir, 'sub'), path.join(dir, 'sub', 'b.inf')])).toEqual([
      'a.inf',
      'sub/b.inf',
      'sub/deeper/c.inx',
      'subway/d.inf',
    ]);
  });
  it('a folder inside, then the outer folder', async () => {
    expect(await names([path.join(dir, 'sub'), dir])).toEqual(['sub/b.inf', 'sub/deeper/c.inx', 'a.inf', 'subway/d.inf']);
  });
  it('a file, then its folder; relative and absolute forms', async () => {
    const rel = path.relative(process.cwd(), path.join(dir, 'sub', 'b.inf'));
    expect(await names([rel, path.join(dir, 'sub')])).toEqual(['sub/b.inf', 'sub/deeper/c.inx']);
  });
  it('a sibling folder sharing a prefix is not inside', async () => {
    expect(await names([path.join(dir, 'sub'), path.join(dir, 'subway')])).toEqual(['sub/b.inf', 'sub/deeper/c.inx', 'subway/d.inf']);
  });
  it('a glob after a folder, and a folder after a glob', async () => {
    expect(await names([path.join(dir, 'sub'), path.join(dir, '**', '*.inf')])).toEqual([
      'sub/b.inf',
      'sub/deeper/c.inx',
      'a.inf',
      'subway/d.inf',
    ]);
    expect(await names([path.join(dir, '**', '*.inf'), dir])).toEqual(['a.inf', 'sub/b.inf', 'subway/d.inf', 'sub/deeper/c.inx']);
  });
  it('a non-INF file named inside a walked folder is still validated', async () => {
    expect(await names([path.join(dir, 'sub'), path.join(dir, 'sub', 'notes.txt')])).toEqual([
      'sub/b.inf',
      'sub/deeper/c.inx',
      'sub/notes.txt',
    ]);
  });
  it('a link named inside a walked folder is validated (a walk lists no links)', async () => {
    const link = path.join(dir, 'sub', 'link.inf');
    symlinkSync(path.join(dir, 'a.inf'), link);
    try {
      expect(await names([path.join(dir, 'sub'), link])).toEqual(['sub/b.inf', 'sub/deeper/c.inx', 'sub/link.inf']);
    } finally {
      rmSync(link);
    }
  });
  it('the same folder twice', async () => {
    expect(await names([dir, `${dir}${path.sep}`])).toEqual(['a.inf', 'sub/b.inf', 'sub/deeper/c.inx', 'subway/d.inf']);
  });
});
