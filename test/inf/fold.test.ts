// Case-insensitive names: foldHash agrees with foldCase, FoldedMap keeps the first value of a
// name, and the scanner's hash (fold-hash.c) is the one fold.ts computes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/index.js';
import { FoldedMap, foldCase, foldHash, sameName } from '../../lib/inf/fold.js';

describe('foldHash', () => {
  it('is the same for names that fold the same', () => {
    expect(foldHash('DeviceDesc')).toBe(foldHash('devicedesc'));
    expect(foldHash('STRINGS.0407')).toBe(foldHash('Strings.0407'));
    // U+212A KELVIN SIGN folds to 'k'; U+0130 folds to two units, so foldCase keeps it.
    expect(foldCase('\u212a')).toBe('k');
    expect(foldHash('Ma\u212aer')).toBe(foldHash('maker'));
    expect(foldHash('\u00c4rger')).toBe(foldHash('\u00e4rger'));
    expect(foldHash('\u0130')).toBe(foldHash(foldCase('\u0130')));
  });

  it('follows foldCase on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), (a, b) => {
        if (foldCase(a) === foldCase(b)) expect(foldHash(a)).toBe(foldHash(b));
        expect(sameName(a, b)).toBe(foldCase(a) === foldCase(b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('FoldedMap', () => {
  it('keeps the first value given a name, whatever its case', () => {
    const map = new FoldedMap<number>();
    expect(map.add('Disk', 1)).toBe(1);
    expect(map.add('DISK', 2)).toBe(1);
    expect(map.add('Ma\u212aer', 3)).toBe(3);
    expect(map.add('maker', 4)).toBe(3);
    expect(map.get('disk')).toBe(1);
    expect(map.has('MAKER')).toBe(true);
    expect(map.has('disks')).toBe(false);
    expect(map.size).toBe(2);
    expect([...map.entries()].sort()).toEqual([
      ['Disk', 1],
      ['Ma\u212aer', 3],
    ]);
  });

  it('tells names apart that share a hash', () => {
    // Every name filed under one hash: only the comparison tells them apart.
    const map = new FoldedMap<string>();
    for (const name of ['a', 'B', 'c']) map.add(name, name, 7);
    expect(map.get('A', 7)).toBe('a');
    expect(map.get('b', 7)).toBe('B');
    expect(map.get('d', 7)).toBeUndefined();
  });
});

describe("the scanner's hash", () => {
  it('files [Strings] keys and %name% fields as fold.ts finds them', () => {
    // The lexer takes keys' and names' hashes from the scanner; lookups by another case come
    // through fold.ts. Windows-1252 and UTF-16LE bytes both.
    const name = fc.stringMatching(/^[A-Za-z0-9_.@^`{}~-]{1,40}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 8, selector: foldCase }), fc.boolean(), (names, wide) => {
        const strings = names.map((n, i) => `${n} = "v${i}"`).join('\r\n');
        const uses = names.map((n) => `%${swapCase(n)}%`).join(', ');
        const text = `[Version]\r\nSignature="$Windows NT$"\r\n[Use]\r\nk = ${uses}\r\n[strings]\r\n${strings}\r\n`;
        const doc = parseInfSync(wide ? Buffer.from(`\ufeff${text}`, 'utf16le') : Buffer.from(text, 'latin1'));
        expect(doc.section('use')!.lines[0]!.fields.map((f) => f.value)).toEqual(names.map((_, i) => `v${i}`));
        expect(names.map((n) => doc.string(n.toUpperCase()))).toEqual(names.map((_, i) => `v${i}`));
      }),
      { numRuns: 500 },
    );
  });
});

function swapCase(s: string): string {
  return [...s].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}
