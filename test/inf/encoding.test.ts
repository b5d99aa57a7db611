// How bytes become text: UTF-16LE (with or without BOM, as IsTextUnicode decides), UTF-8
// with a BOM, else an 8-bit code page (windows-1252 unless the caller says otherwise).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInf, isTextUnicode, parseInfSync } from '../../lib/index.js';
import { CP1252_C1 } from '../../lib/inf/cp1252.js';
import { STD_HEADER, parseBytes, utf16 } from './helpers.js';

const body = `${STD_HEADER}[Strings]\nname="Gerät €"\n`;

describe('decoding', () => {
  it('reads UTF-16LE with a BOM', () => {
    const doc = parseInfSync(utf16(body));
    expect(doc.encoding).toBe('utf16le-bom');
    expect(doc.string('name')).toBe('Gerät €');
  });

  it('reads UTF-16LE without a BOM when IsTextUnicode recognises it', () => {
    const doc = parseInfSync(utf16(body, false));
    expect(doc.encoding).toBe('utf16le');
    expect(doc.openError).toBeNull();
    expect(doc.string('name')).toBe('Gerät €');
  });

  it('reads UTF-8 with a BOM', () => {
    const doc = parseInfSync(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]));
    expect(doc.encoding).toBe('utf8-bom');
    expect(doc.string('name')).toBe('Gerät €');
  });

  it('reads UTF-8 without a BOM as windows-1252, as SetupAPI does', () => {
    const doc = parseInfSync(Buffer.from(body, 'utf8'));
    expect(doc.encoding).toBe('ansi');
    expect(doc.string('name')).toBe('GerÃ¤t â‚¬');
  });

  it('decodes windows-1252 bytes 0x80-0x9f to their characters, not C1 controls', () => {
    const doc = parseBytes(`${STD_HEADER}[Strings]\ns="\x80\x83\x99\x81"\n`);
    expect(doc.string('s')).toBe('€ƒ™\u0081');
  });

  it('decodes any windows-1252 bytes as ISO-8859-1 with 0x80-0x9f mapped, small files and large ones', () => {
    // The WebAssembly decoder takes 16 bytes at a time, and a file over 256 KB in parts.
    const reference = (bytes: Uint8Array) =>
      Buffer.from(bytes)
        .toString('latin1')
        .replace(/[\x80-\x9f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
    // No NUL (IsTextUnicode would weigh UTF-16) and no first byte of a BOM.
    const noNul = fc
      .uint8Array({ maxLength: 70 })
      .map((b) => b.map((x, i) => (x === 0 || (i === 0 && (x === 0xff || x === 0xef)) ? 0x41 : x)));
    fc.assert(
      fc.property(noNul, (bytes) => {
        expect(decodeInf(bytes).text).toBe(reference(bytes));
      }),
      { numRuns: 2000 },
    );
    for (const size of [16, 262_144, 262_145, 600_000]) {
      for (const at of [-1, 0, size - 1]) {
        const bytes = Buffer.alloc(size, 0x41);
        bytes[Math.floor(size / 2)] = 0xe4; // ä: past ASCII, but not in 0x80-0x9f
        if (at >= 0) bytes[at] = 0x93;
        expect(decodeInf(bytes).text).toBe(reference(bytes));
      }
    }
  });

  it('uses the code page the caller gives', () => {
    const bytes = Buffer.concat([Buffer.from(`${STD_HEADER}[Strings]\ns=`), Buffer.from([0xcf, 0xf0, 0xe8]), Buffer.from('\n')]);
    expect(parseInfSync(bytes, { codepage: 'windows-1251' }).string('s')).toBe('При');
    expect(parseInfSync(bytes).string('s')).toBe('Ïðè');
  });

  it('rejects an unknown code page with E_USAGE', () => {
    expect(() => parseInfSync(Buffer.from(body), { codepage: 'no-such-page' })).toThrow(expect.objectContaining({ code: 'E_USAGE' }));
  });

  it('reads a UTF-16 file with an odd number of bytes as 8-bit text, with a warning', () => {
    const bytes = Buffer.concat([utf16(body), Buffer.from([0x41])]);
    expect(isTextUnicode(bytes)).toBe(false);
    const doc = parseInfSync(bytes);
    expect(doc.encoding).toBe('ansi');
    expect(doc.diagnostics.map((d) => d.code)).toContain('INF1003');
    // the BOM bytes read as 'ÿþ' are text before the first section
    expect(doc.openError).toMatchObject({ name: 'ERROR_EXPECTED_SECTION_NAME', line: 1 });
  });

  it('treats an 8-bit file with NUL bytes near the start as UTF-16, as IsTextUnicode does', () => {
    expect(isTextUnicode(Buffer.from('[Version]\x00\r\n', 'latin1'))).toBe(true);
    expect(isTextUnicode(Buffer.from('[Version]\r\n', 'latin1'))).toBe(false);
  });

  it('keeps unpaired UTF-16 surrogates as they are', () => {
    const bytes = Buffer.concat([utf16(`${STD_HEADER}[Strings]\ns=a`), Buffer.from([0x00, 0xd8]), Buffer.from('b\n', 'utf16le')]);
    expect(decodeInf(bytes).text).toContain('a\ud800b');
  });
});

describe('positions', () => {
  it('gives 1-based line and column of sections, lines and fields in the original file', () => {
    const doc = parseBytes(`${STD_HEADER}  [Test]\r\n  key = a, "b c" ;x\r\n\r\nx=1,\\\r\n   y\r\n`);
    const test = doc.section('test')!;
    expect(test).toMatchObject({ line: 3, column: 3 });
    const [l0, l1] = test.lines;
    expect(l0).toMatchObject({ line: 4, column: 3, key: 'key' });
    expect(l0!.keyField).toMatchObject({ line: 4, column: 3, raw: 'key' });
    expect(l0!.fields.map((f) => [f.line, f.column, f.raw])).toEqual([
      [4, 9, 'a'],
      [4, 12, '"b c"'],
    ]);
    // a continued line: the field after the backslash is on the next physical line
    expect(l1!.fields.map((f) => [f.line, f.column, f.value])).toEqual([
      [6, 3, '1'],
      [7, 4, 'y'],
    ]);
  });

  it('places a token joined over a continuation where it starts', () => {
    const doc = parseBytes(`\n${STD_HEADER}[T]\nkey=ab\\\n  cd,x\n`);
    const line = doc.section('T')!.lines[0]!;
    expect(line.fields.map((f) => [f.value, f.line, f.column])).toEqual([
      ['abcd', 5, 5],
      ['x', 6, 6],
    ]);
  });

  it('counts columns after a UTF-16 BOM in characters', () => {
    const doc = parseInfSync(utf16(`${STD_HEADER}[T]\nä=1\n`));
    expect(doc.section('T')!.lines[0]!.fields[0]).toMatchObject({ line: 4, column: 3 });
  });
});

describe('JSON form', () => {
  it('is {file, encoding, sections:[{name, line, lines:[{line, key, fields}]}]} with substituted fields', () => {
    const doc = parseBytes(`${STD_HEADER}[Test]\nk=%s%\nlone\n[Strings]\ns=v\n`, { file: 'x.inf' });
    const json = JSON.parse(JSON.stringify(doc));
    expect(Object.keys(json)).toEqual(['file', 'encoding', 'sections']);
    expect(json.file).toBe('x.inf');
    expect(json.sections[1]).toEqual({
      name: 'Test',
      line: 3,
      lines: [
        { line: 4, key: 'k', fields: ['v'] },
        { line: 5, key: null, fields: ['lone'] },
      ],
    });
  });
});
