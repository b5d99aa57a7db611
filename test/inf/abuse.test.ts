// Bad input never throws an unexplained exception: every case gives a document (with
// diagnostics and SetupAPI's verdict) or an InfkitError with a code.
import fc from 'fast-check';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfkitError, LIMITS, MAX_INF_BYTES, lex, parseInf, parseInfSync, type InfDocument } from '../../lib/index.js';
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
    const bytes = utf16(`${STD_HEADER}[Strings]\nname=x\n`).subarray(0, 41);
    const doc = parseInfSync(bytes);
    wellFormed(doc);
    expect(doc.openError).not.toBeNull();
  });

  it('reads a 50 MB line, cutting its one token at the field limit', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=${'x'.repeat(50 * 1024 * 1024)},end\n`);
    const fields = doc.section('Test')!.lines[0]!.fields;
    expect(fields.map((f) => f.value.length)).toEqual([4096, 3]);
    expect(doc.diagnostics.map((d) => d.code)).toContain('INF9006');
  });

  it('reads a long line of many short fields', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=${'ab,'.repeat(200_000)}\n`);
    expect(doc.section('Test')!.lines[0]!.fields).toHaveLength(200_001);
  });

  it('reports an unterminated quote with its position and keeps the text', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk = "abc, def\nnext=1\n`);
    expect(doc.value('Test', 'k')).toBe('abc, def');
    expect(doc.value('Test', 'next')).toBe('1');
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'INF9007', line: 4, column: 5 }));
  });

  it('reports an unterminated section header as SetupAPI does, and reads on', () => {
    const doc = parseBytes(`${STD_HEADER}[Test\nk=1\n[Next]\nj=2\n`);
    expect(doc.openError).toMatchObject({ name: 'ERROR_BAD_SECTION_NAME_LINE', line: 3, code: 0xe0000001 });
    expect(doc.diagnostics).toContainEqual(expect.objectContaining({ code: 'INF1002', line: 3, column: 1 }));
    expect(doc.value('Next', 'j')).toBe('2');
  });

  it('reports a section name over 255 characters and still reads the section', () => {
    const doc = parseBytes(`${STD_HEADER}[${'s'.repeat(300)}]\nk=1\n`);
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

  it('reads an unclosed quote the same in CRLF and LF files: the CR before the LF is not part of the field', () => {
    for (const [lf, crlf] of [
      ['[Strings]\nA="open""\n', '[Strings]\r\nA="open""\r\n'],
      ['[S]\nk="a,b\nnext=1\n', '[S]\r\nk="a,b\r\nnext=1\r\n'],
      ['[S]\nk=x"y\n', '[S]\r\nk=x"y\r\n'],
    ] as const) {
      expect(parseBytes(crlf).toJSON().sections).toEqual(parseBytes(lf).toJSON().sections);
      const fields = (text: string) => parseBytes(text).sections.flatMap((s) => s.lines.flatMap((l) => l.fields.map((f) => f.raw)));
      expect(fields(crlf)).toEqual(fields(lf));
    }
    expect(parseBytes('[Strings]\r\nA="open""\r\n').string('A')).toBe('open"');
    // A CR elsewhere inside the quotes is text, as in Wine; so is one at the very end of the file.
    expect(parseBytes('[S]\r\nk="a\rb\r\n').value('S', 'k')).toBe('a\rb');
    expect(parseBytes('[S]\r\nk="a\r').value('S', 'k')).toBe('a\r');
  });

  it('reports a NUL read as a space inside a key or field, at the NUL', () => {
    const doc = parseInfSync(utf16(`${STD_HEADER}[S]\r\nk="a\0b",c\0\r\nx\0y=1\r\n`));
    expect(doc.value('S', 'k')).toBe('a b');
    expect(doc.section('S')!.lines[0]!.fields[1]!.value).toBe('c'); // a NUL around a value is trimmed like a space: no finding
    expect(doc.value('S', 'x y')).toBe('1');
    const nuls = doc.diagnostics.filter((d) => d.code === 'INF9009');
    expect(nuls.map((d) => [d.line, d.column, d.severity])).toEqual([
      [4, 5, 'warning'],
      [5, 2, 'warning'],
    ]);
  });

  it('stops at its item limit with INF9010 where the first item is dropped, on both lexer paths', () => {
    const text = '[S]\nk=a,b\nl=c,d\n[T]\nx=1\n';
    for (const fastPath of [true, false]) {
      const lexed = lex(text, { maxItems: 6, fastPath });
      // Kept: [S], k, a, b, l, c. Dropped from d on; [T] is never read.
      expect(lexed.sections.map((s) => s.name)).toEqual(['S']);
      expect(lexed.sections[0]!.lines.map((l) => [l.key, l.fields.map((f) => f.text)])).toEqual([
        ['k', ['a', 'b']],
        ['l', ['c']],
      ]);
      expect(lexed.diagnostics).toEqual([expect.objectContaining({ code: 'INF9010', severity: 'error', line: 3, column: 5 })]);
    }
  });

  it('keeps a line of millions of fields within its item limit, reporting INF9010', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=${'a,'.repeat(LIMITS.items + 1000)}`);
    expect(doc.section('Test')!.lines[0]!.fields.length).toBeLessThan(LIMITS.items);
    expect(doc.diagnostics.filter((d) => d.code === 'INF9010')).toHaveLength(1);
  });

  it('warns once about more sections than any real INF, and still reads them all', () => {
    const lexed = lex(Array.from({ length: LIMITS.sections + 100 }, (_, i) => `[s${i}]\nk=${i}\n`).join(''));
    expect(lexed.sections).toHaveLength(LIMITS.sections + 100);
    expect(lexed.diagnostics).toEqual([
      expect.objectContaining({ code: 'INF9011', severity: 'warning', line: 2 * LIMITS.sections + 1, column: 1 }),
    ]);
  });

  it('ignores a locale that is not a LANGID', () => {
    const doc = parseBytes(`${STD_HEADER}[Strings]\ns=v\n`, { locale: 'klingon' });
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
