// Property-based tests of the reader on generated hostile input: it never throws anything
// but InfkitError, every position it reports is inside the file, LF and CRLF files parse
// the same, and its time grows linearly (a ratio between two sizes, never a wall-clock
// absolute). The checks themselves live in scripts/fuzz/properties.js, shared with
// `npm run fuzz`, which runs them on mutated corpus files.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseInfSync, decodeInf } from '../../lib/inf/index.js';
import { InfkitError } from '../../lib/errors.js';
import { parseChecked, positionProblems, newlineProblems, scalingProblems, fastestParseMs } from '../../scripts/fuzz/properties.js';
import { TOKENS } from '../../scripts/fuzz/mutate.js';

const reader = { parseInfSync, decodeInf, InfkitError };

/** INF-shaped text: lexer-significant tokens mixed with arbitrary strings. */
const infText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TOKENS) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
    ),
    { maxLength: 120, size: 'medium' },
  )
  .map((parts) => parts.join(''));

/** That text in each encoding SetupAPI reads, plus raw bytes. */
const infBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.tuple(infText, fc.constantFrom('utf8', 'utf8-bom', 'utf16le', 'utf16le-bom', 'latin1')).map(([text, encoding]) => {
    const body =
      encoding === 'utf16le' || encoding === 'utf16le-bom'
        ? Buffer.from(text, 'utf16le')
        : Buffer.from(text, encoding === 'latin1' ? 'latin1' : 'utf8');
    const bom = encoding === 'utf16le-bom' ? [0xff, 0xfe] : encoding === 'utf8-bom' ? [0xef, 0xbb, 0xbf] : [];
    return new Uint8Array(Buffer.concat([Buffer.from(bom), body]));
  }),
  fc.uint8Array({ maxLength: 600, size: 'medium' }),
);

const RUNS = 400;

describe('reader properties on generated input', () => {
  it('throws nothing but InfkitError', () => {
    fc.assert(
      fc.property(infBytes, (bytes) => {
        expect(parseChecked(reader, bytes).problems).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('reports every position inside the file', () => {
    fc.assert(
      fc.property(infBytes, (bytes) => {
        const { doc } = parseChecked(reader, bytes);
        if (doc) expect(positionProblems(reader, bytes, doc)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('parses the LF and CRLF forms of a file the same', () => {
    fc.assert(
      fc.property(infBytes, (bytes) => {
        expect(newlineProblems(reader, bytes)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps a CRLF out of a field whose quote is not closed', () => {
    // The smallest case of the property above that the reader once failed.
    const lf = parseInfSync(Buffer.from('[Strings]\nA="open""\n'));
    const crlf = parseInfSync(Buffer.from('[Strings]\r\nA="open""\r\n'));
    expect(crlf.string('A')).toBe(lf.string('A'));
  });

  it('sees text after a Ctrl-Z as far away in both forms', () => {
    // Found by CI's fuzz round: INF9008 looked 4,096 characters past the Ctrl-Z, so text
    // 3,000 lines on was seen in the LF form and not in the CRLF form.
    const tail = `${'\n'.repeat(3000)}ignored`;
    const bytes = new Uint8Array(Buffer.from(`[Version]\nSignature="$Windows NT$"\n\x1a${tail}`, 'latin1'));
    expect(newlineProblems(reader, bytes)).toEqual([]);
    const codes = parseInfSync(bytes).diagnostics.map((d) => d.code);
    expect(codes).toContain('INF9008');
  });
});

/** Text whose repetition stresses one part of the lexer or the document. */
const SHAPES: Record<string, string> = {
  'ordinary lines': '[Version]\r\nSignature="$Windows NT$"\r\n[S]\r\nkey = a, "b, c", %s% ; note\r\n[Strings]\r\ns="x"\r\n',
  'one line without a newline': 'abc, ',
  'one quoted field that never closes': `[S]\r\nk="${'x'.repeat(50)}`,
  'string references': '[Strings]\r\na="%a%%b%"\r\nb=%a%\r\n[S]\r\nk=%a%%a%%a%%b%\r\n',
  'continuation lines': '[S]\r\nk=a,\\\r\n',
  'section headers': '[Sect]\r\n',
  'unterminated headers': '[Sect\r\n',
  commas: ',,,,,,,,',
  'NULs and Ctrl-Z-free controls': '\0\x01\x02[\0]\r\n',
};

describe('reader time is linear in its input', () => {
  for (const [name, text] of Object.entries(SHAPES)) {
    it(`for ${name}`, async () => {
      const { ratio, smallMs, problems } = await scalingProblems(reader, Buffer.from(text, 'latin1'), { base: 256 * 1024, factor: 8 });
      expect(problems, `ratio ${ratio.toFixed(1)} from ${smallMs.toFixed(2)} ms`).toEqual([]);
    });
  }

  it('and the check would catch a quadratic reader', async () => {
    // Guards the test itself: a reader that does n² work must fail the same check.
    const quadratic = {
      ...reader,
      parseInfSync(bytes: Uint8Array) {
        let sum = 0;
        for (let i = 0; i < bytes.length; i += 128) for (let j = 0; j < bytes.length; j += 128) sum += j;
        return parseInfSync(Buffer.from(`[S]\r\nk=${sum}\r\n`));
      },
    };
    const { problems } = await scalingProblems(quadratic, Buffer.from(SHAPES['ordinary lines']!), { base: 512 * 1024, runs: 2 });
    expect(problems).not.toEqual([]);
  });

  it('for many distinct sections', async () => {
    // Repetition would merge same-named sections; here every header is new.
    const sections = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `[S${i}]\r\nk=${i}\r\n`).join(''));
    const small = sections(10_000);
    const large = sections(80_000);
    await fastestParseMs(reader, small, 1);
    const ratio = (await fastestParseMs(reader, large, 5)) / (await fastestParseMs(reader, small, 5));
    expect(ratio).toBeLessThan(8 * 5);
  });
});
