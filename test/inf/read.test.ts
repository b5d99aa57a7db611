// The reader's one file-reading path (readInfFile, behind parseInf and the planner): exact
// bytes for files of any size, E_IO for paths it cannot read, E_TOO_LARGE past the limit,
// and no file descriptor left open on any of those.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_INF_BYTES, parseInf, readInfFile } from '../../lib/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'infkit-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Open descriptors of this process, where the OS lists them (Linux). */
const openFds = (): number | null => (existsSync('/proc/self/fd') ? readdirSync('/proc/self/fd').length : null);

function patterned(size: number): Buffer {
  const bytes = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

describe('readInfFile', () => {
  it('returns exactly the bytes of empty, small and multi-megabyte files, each a separate copy', () => {
    const sizes = [0, 1, 4095, 65535, 65536, 65537, 2 * 65536, 1024 * 1024 + 1, 3 * 1024 * 1024 + 17];
    const read = sizes.map((size) => {
      const file = path.join(dir, `f${size}.inf`);
      const bytes = patterned(size);
      writeFileSync(file, bytes);
      const got = readInfFile(file);
      expect(Buffer.from(got).equals(bytes)).toBe(true);
      return { got, bytes };
    });
    // Reading later files must not change what an earlier call returned (the read buffer is reused).
    for (const { got, bytes } of read) expect(Buffer.from(got).equals(bytes)).toBe(true);
  });

  it('turns a missing path or a directory into E_IO and closes what it opened', async () => {
    mkdirSync(path.join(dir, 'sub.inf'));
    const before = openFds();
    for (const target of [path.join(dir, 'missing.inf'), path.join(dir, 'sub.inf')]) {
      for (let i = 0; i < 20; i++) expect(() => readInfFile(target)).toThrow(expect.objectContaining({ code: 'E_IO', file: target }));
      await expect(parseInf(target)).rejects.toMatchObject({ code: 'E_IO', file: target });
    }
    expect(openFds()).toBe(before);
  });

  it('stops at the size limit with E_TOO_LARGE naming the real size, and closes the file', () => {
    const file = path.join(dir, 'huge.inf');
    writeFileSync(file, '');
    truncateSync(file, MAX_INF_BYTES + 1); // sparse: no disk used
    const before = openFds();
    expect(() => readInfFile(file)).toThrow(
      expect.objectContaining({ code: 'E_TOO_LARGE', file, message: `INF is ${MAX_INF_BYTES + 1} bytes; the limit is ${MAX_INF_BYTES}` }),
    );
    expect(openFds()).toBe(before);
  });
});
