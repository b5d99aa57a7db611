// The lexer's fast path for simple lines must agree with the state machine exactly:
// same sections, keys, fields, raw text and positions, on any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInf, isSpace, lex } from '../../lib/index.js';
import { foldHash } from '../../lib/inf/fold.js';
import type { LexOptions, LexResult } from '../../lib/inf/lexer.js';
import { loadScanner } from '../../lib/inf/simple-lines.js';

/**
 * A lex result in a form toEqual can compare: string tables as sorted entries, and the
 * scanner's hashes of %name% fields (the state machine leaves them -1) checked against
 * foldHash, then left out.
 */
function comparable(lexed: LexResult) {
  const { strings, percentFieldHashes, percentKeyHashes, ...rest } = lexed;
  lexed.percentFields.forEach((field, i) => {
    if (percentFieldHashes[i] !== -1) expect(percentFieldHashes[i]).toBe(foldHash(field.text.slice(1, -1)));
  });
  lexed.percentKeys.forEach((line, i) => {
    if (percentKeyHashes[i] !== -1) expect(percentKeyHashes[i]).toBe(foldHash(line.keyField!.text.slice(1, -1)));
  });
  const tables = [...strings.entries()].map(([name, table]) => [name, [...table.entries()].sort()]);
  return { ...rest, strings: tables, percents: [percentFieldHashes.length, percentKeyHashes.length] };
}
const lexed = (text: string, options?: LexOptions) => comparable(lex(text, options));
const both = (text: string) => [lexed(text), lexed(text, { fastPath: false })] as const;

describe('lexer fast path', () => {
  it('gives the same result as the state machine on INF-like text', () => {
    const pieces = [
      '[S]',
      '[Strings]',
      '\n',
      '\r\n',
      ' ',
      '\\ ',
      ' \\',
      '\\\\',
      '\t',
      '\u00a0',
      '\u3000',
      '=',
      ',',
      ';c',
      '"',
      '""',
      '"a b"',
      '"x,y;z=w"',
      '"%s%"',
      '\\',
      '\\\n',
      'key',
      'v a',
      '%x%',
      '\x00',
      '\x1a',
      ']',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        const [fast, slow] = both(`[S]\n${parts.join('')}`);
        expect(fast).toEqual(slow);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
    );
  });

  it('agrees under small limits (token length, item budget), continued values included', () => {
    const pieces = [
      '[S]',
      '[Strings]',
      '\n',
      '\r\n',
      ' ',
      '\\',
      ',\\\n',
      ',\\ \r\n',
      '=\\\n',
      ',',
      '=',
      ';c',
      '"',
      '""',
      '"a"',
      '%x%',
      'ab',
      '\x00',
    ];
    for (const limits of [{ maxField: 3 }, { maxItems: 6 }]) {
      fc.assert(
        fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
          const text = `[S]\n${parts.join('')}`;
          expect(lexed(text, limits)).toEqual(lexed(text, { ...limits, fastPath: false }));
        }),
        { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) },
      );
    }
  });

  it('agrees on typical lines', () => {
    const text = [
      '[Version]',
      'Signature = "$Windows NT$"',
      '  Class=Net ; comment',
      '[S]',
      'HKR,,EventMessageFile,0x00020000,%%SystemRoot%%\\System32\\IoLogMsg.dll',
      ' a , b ,, c ,  ',
      '=',
      ',',
      'k=',
      'k = , ;x',
      'path = C:\\dir\\ ',
      'x=1,\\',
      '  2',
      'HKR,,Blob,1,\\', // binary values: each line ends with `,\` and the line goes on
      '  01,02, \\ ',
      '  03,\\',
      '',
      'y=\\',
      '"q",r',
    ].join('\r\n');
    const [fast, slow] = both(text);
    expect(fast).toEqual(slow);
    const joined = fast.sections[1]!.lines.slice(-2).map((l) => [l.key, l.line, l.fields.map((f) => `${f.text}@${f.line}:${f.column}`)]);
    expect(joined).toEqual([
      // each field where its text is; an empty line ends the value (at its '\n', after the CR)
      [null, 14, ['HKR@14:1', '@14:5', 'Blob@14:6', '1@14:11', '01@15:3', '02@15:6', '03@16:3', '@17:2']],
      ['y', 18, ['q@19:1', 'r@19:5']],
    ]);
  });

  it('stays exact around the lines it declines', () => {
    // Lines the fast path declines (a continuation, an unclosed quote, a doubled quote)
    // between lines it takes: the state machine reads them, and the scanner's records for the
    // lines after them must still line up (a continued line's next line has a record too).
    const text = [
      '[S]',
      'k=a,\\',
      '"x"=y;c',
      'q="open, ; = %p%',
      'r=%p%,"z""w",v',
      'a\\b=c\\ ,d',
      'e="f";g',
      'h,i=j',
      '""=[S]"x,y;z=w"',
    ].join('\r\n');
    const [fast, slow] = both(text);
    expect(fast).toEqual(slow);
    expect(fast.sections[0]!.lines.map((l) => [l.key, l.fields.map((f) => f.text)])).toEqual([
      ['k', ['a', 'x=y']], // continued: the next line is part of the value, quotes removed
      ['q', ['open, ; = %p%']],
      ['r', ['%p%', 'z"w', 'v']],
      ['a\\b', ['c\\ ', 'd']], // a backslash with text after it on the line is literal, and so is the space it keeps
      ['e', ['f']],
      [null, ['h', 'i=j']],
      ['', ['[S]x,y;z=w']], // the state machine's first quote search starts before the fast path's did
    ]);
    expect(fast.percentFields.map((f) => f.text)).toEqual(['open, ; = %p%', '%p%']);
  });

  it('uses iswspace, not JavaScript white space', () => {
    expect(isSpace(0x20)).toBe(true);
    expect(isSpace(0x0b)).toBe(true);
    expect(isSpace(0x85)).toBe(true);
    expect(isSpace(0x3000)).toBe(true);
    expect(isSpace(0xfeff)).toBe(false); // String.prototype.trim() would remove it
    expect(isSpace(0x1c)).toBe(false);
    const [fast, slow] = both('[S]\nk=\ufeffv\ufeff\n');
    expect(fast.sections[0]!.lines[0]!.fields[0]!.text).toBe('\ufeffv\ufeff');
    expect(fast).toEqual(slow);
  });

  it('agrees when it scans Windows-1252 or UTF-16LE bytes, and across window ends', () => {
    // decodeInf gives the lexer the bytes behind the text; the scanner reads them a window at a
    // time (tiny windows here), and a line that does not fit a window or the record room is
    // left to the state machine. 0x85 is U+2026 in Windows-1252 (not white space), 0xA0 is.
    const pieces = [
      '[S]',
      '[Strings]',
      '\n',
      '\r\n',
      ' ',
      '\\',
      ',\\\n',
      ',',
      '=',
      ';c',
      '"',
      '"a b"',
      '%x%',
      '%X%',
      'key',
      'KEY',
      '\x85',
      '\xa0',
      '\x81',
      '\u3000',
      '\u2028',
      '\x00',
    ];
    const windows = [undefined, { units: 24, records: 40 }, { units: 5, records: 12 }];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), fc.boolean(), (parts, wide) => {
        const source = `[S]\n${parts.join('')}`;
        const bytes = wide ? Buffer.from(`\ufeff${source}`, 'utf16le') : Buffer.from(source.replace(/[\u0100-\uffff]/g, '?'), 'latin1');
        const { text, units } = decodeInf(bytes);
        expect(units).not.toBeNull();
        const slow = lexed(text, { fastPath: false });
        for (const window of windows) expect(lexed(text, { units: units!, window })).toEqual(slow);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1000) },
    );
  });

  it('takes the lines it can read from the records, and leaves the others', () => {
    // Lines longer than a window are the state machine's; the result is the same.
    const text = `[S]\r\nk = a, "b c" ; note\r\n; comment\r\n\r\nlong=${'x'.repeat(40)}\r\nz=1\r\n`;
    const slow = lex(text, { fastPath: false });
    expect(lex(text)).toEqual(slow);
    expect(lex(text, { window: { units: 16, records: 64 } })).toEqual(slow);
    expect(slow.sections[0]!.lines.map((l) => [l.key, l.line, l.fields.map((f) => f.value)])).toEqual([
      ['k', 2, ['a', 'b c']],
      ['long', 5, ['x'.repeat(40)]],
      ['z', 6, ['1']],
    ]);
  });

  it('is left out, not wrong, where the WebAssembly module cannot run', () => {
    expect(loadScanner('AGFzbQ==')).toBeNull(); // a module header and nothing else
  });
});
