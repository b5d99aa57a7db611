// Bad input never throws an unexplained exception: every case gives a document (with
// diagnostics and SetupAPI's verdict) or an InfkitError with a code.
import fc from 'fast-check';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfkitError, MAX_INF_BYTES, parseInf, parseInfSync, type InfDocument } from '../../lib/index.js';
import { STD_HEADER, parseBytes, utf16 } from './helpers.js';

function wellFormed(doc: InfDocument): void {
  for (const d of doc.diagnostics) {
    expect(d.code).toMatch(/^INF\d{4}$/);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
  }
  expect(() => JSON.stringify(doc)).not.toThrow();
}

describe('hostile input', () => {
  it('reads a truncated UTF-16 file (odd length) without throwing', () => {
    const bytes = utf16(STD_HEADER + '[Strings]\nname=x\n').subarray(0, 41);
    const doc = parseInfSync(bytes);
    wellFormed(doc);
    expect(doc.openError).not.toBeNull();
  });

  it('reads a 50 MB line, cutting its one token at the field limit', () => {
    const doc = parseBytes(STD_HEADER + '[Test]\nk=' + 'x'.repeat(50 * 1024 * 1024) + ',end\n');
    const fields = doc.section('Test')!.lines[0]!.fields;
    expect(fields.map((f) => f.value.length)).toEqual([4096, 3]);
    expect(doc.diagnostics.map((d) => d.code)).toContain('INF9006');
  });

  it('reads a long line of many short fields', () => {
    const doc = parseBytes(STD_HEADER + '[Test]\nk=' + 'ab,'.repeat(200_000) + '\n');
    expect(doc.section('Test')!.lines[0]!.fields).toHaveLength(200_001);
  });

  it('reports an unterminated quote with its position and keeps the text', () => {
    const doc = parseBytes(STD_HEADER + '[Test]\nk = "abc, def\nnext=1\n');
    expect(doc.value('Test', 'k')).toBe('abc, def');
    expect(doc.value('Test', 'next')).toBe('1');
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'INF9007', line: 4, column: 5 }));
  });

  it('reports an unterminated section header as SetupAPI does, and reads on', () => {
    const doc = parseBytes(STD_HEADER + '[Test\nk=1\n[Next]\nj=2\n');
    expect(doc.openError).toMatchObject({ name: 'ERROR_BAD_SECTION_NAME_LINE', line: 3, code: 0xe0000001 });
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'INF1002', line: 3, column: 1 }));
    expect(doc.value('Next', 'j')).toBe('2');
  });

  it('reports a section name over 255 characters and still reads the section', () => {
    const doc = parseBytes(STD_HEADER + `[${'s'.repeat(300)}]\nk=1\n`);
    expect(doc.openError).toMatchObject({ name: 'ERROR_SECTION_NAME_TOO_LONG', line: 3 });
    expect(doc.section('s'.repeat(300))?.lines).toHaveLength(1);
  });

  it('never throws on binary garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        wellFormed(parseInfSync(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on INF-like text built from its special characters', () => {
    const pieces = ['[', ']', '=', ',', ';', '"', '\\', '%', '\n', '\r\n', ' ', '\t', '\x00', '\x1a', 'a', 'Version', 'Strings', '%1%'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 200 }), (parts) => {
        wellFormed(parseBytes(parts.join(''), { dirids: { 1: 'C:\\src\\' } }));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses input over the size limit with E_TOO_LARGE instead of running out of memory', () => {
    const huge = Object.defineProperty(new Uint8Array(1), 'length', { value: MAX_INF_BYTES + 1 });
    expect(() => parseInfSync(huge, { file: 'huge.inf' })).toThrow(expect.objectContaining({ code: 'E_TOO_LARGE', file: 'huge.inf' }));
  });

  it('ignores a locale that is not a LANGID', () => {
    const doc = parseBytes(STD_HEADER + '[Strings]\ns=v\n', { locale: 'klingon' });
    expect(doc.locale).toBeNull();
    expect(doc.string('s')).toBe('v');
  });

  it('turns a missing path or a directory into E_IO', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infkit-'));
    mkdirSync(path.join(dir, 'sub.inf'));
    for (const target of [path.join(dir, 'missing.inf'), path.join(dir, 'sub.inf')]) {
      const error = await parseInf(target).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InfkitError);
      expect(error).toMatchObject({ code: 'E_IO', file: target });
    }
  });
});
