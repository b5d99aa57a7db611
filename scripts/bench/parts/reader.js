// @ts-check
// Part 1: reader throughput on the corpus against a floor measured in the same run. The
// floor reads each file, decodes it with the fastest correct native method (floorText) and
// splits it into lines; the decoder side does the same with infkit's decodeInf; the reader
// reads each file and parses it (parseInfSync). A fourth side says where the reader's time
// goes: it reads and decodes each file, then only builds the document's objects (sections,
// lines, fields and their strings) from offsets recorded beforehand, with no scanning. The
// four take turns, round by round, so that all see the same machine state.
import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { corpusFiles, distUrl } from '../corpus.js';
import { median, timeMs } from '../measure.js';
import { skipped } from '../report.js';

const ID = 'reader';
const TITLE = '1. Reader throughput';
/** The reader must reach this fraction of the floor's speed. */
export const READER_TARGET = 0.35;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const C1 = /[\x80-\x9f]/g;

/**
 * A file's text by the fastest correct method Node has, for the encodings the corpus uses
 * (SetupAPI reads a UTF-16BE file as 8-bit text, so there is no UTF-16BE here). The bench
 * checks that it gives decodeInf's text for every file.
 * @param {Buffer} bytes
 * @param {readonly string[]} cp1252C1 what Windows-1252 makes of bytes 0x80-0x9F
 */
function floorText(bytes, cp1252C1) {
  // Buffer's UTF-16LE decoder: two to three times TextDecoder's speed on the corpus, and
  // it keeps unpaired surrogates as SetupAPI does where TextDecoder replaces them.
  if (bytes.length % 2 === 0 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8.decode(bytes.subarray(3));
  // Windows-1252: latin1, then the characters of bytes 0x80-0x9F only where they occur.
  const latin1 = bytes.toString('latin1');
  return isAscii(bytes) ? latin1 : latin1.replace(C1, (c) => /** @type {string} */ (cp1252C1[c.charCodeAt(0) - 0x80]));
}

/**
 * @typedef {object} Shape what a parsed file is made of, as offsets into its text
 * @property {number[]} sections per section: name offset, name length, line count
 * @property {number[]} lines per line: has a key (0 or 1), field count (the key included)
 * @property {number[]} fields per field: raw offset, raw length, text offset, text length, line, column (text length -1: the same string as raw)
 */

/**
 * The shape of a document, read once before timing.
 * @param {string} text the decoded file
 * @param {import('../../../lib/inf/types.js').InfDocument} doc
 * @returns {Shape}
 */
function shapeOf(text, doc) {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  /** @param {{ line: number, column: number }} at */
  const offsetOf = (at) => Math.min(text.length, /** @type {number} */ (lineStarts[at.line - 1] ?? 0) + at.column - 1);
  /** @type {Shape} */
  const shape = { sections: [], lines: [], fields: [] };
  for (const section of doc.sections) {
    const at = offsetOf(section) + 1; // after '['
    shape.sections.push(at, section.name.length, section.lines.length);
    for (const line of section.lines) {
      const all = line.keyField ? [line.keyField, ...line.fields] : line.fields;
      shape.lines.push(line.keyField ? 1 : 0, all.length);
      for (const field of all) {
        const raw = offsetOf(field);
        shape.fields.push(
          raw,
          field.raw.length,
          field.text === field.raw ? raw : raw + 1,
          field.text === field.raw ? -1 : field.text.length,
          field.line,
          field.column,
        );
      }
    }
  }
  return shape;
}

/**
 * The document's objects for one file, from its recorded shape: the same number of sections,
 * lines and fields, the same shapes of object and the same string sizes as the reader's.
 * @param {string} text
 * @param {Shape} shape
 * @param {(s: string) => string} foldCase
 */
function buildObjects(text, shape, foldCase) {
  const sections = [];
  const byName = new Map();
  let l = 0;
  let f = 0;
  const { lines: ls, fields: fs } = shape;
  for (let s = 0; s < shape.sections.length; s += 3) {
    const at = /** @type {number} */ (shape.sections[s]);
    const name = text.slice(at, at + /** @type {number} */ (shape.sections[s + 1]));
    const position = { line: s, column: 1 };
    /** @type {object[]} */
    const lines = [];
    const section = { name, lines, headers: [position], line: s, column: 1 };
    byName.set(foldCase(name), section);
    sections.push(section);
    for (let n = /** @type {number} */ (shape.sections[s + 2]); n > 0; n--, l += 2) {
      const hasKey = ls[l] === 1;
      const count = /** @type {number} */ (ls[l + 1]);
      const fields = new Array(hasKey ? count - 1 : count);
      let keyField = null;
      for (let i = 0; i < count; i++, f += 6) {
        const rawAt = /** @type {number} */ (fs[f]);
        const raw = text.slice(rawAt, rawAt + /** @type {number} */ (fs[f + 1]));
        const textLength = /** @type {number} */ (fs[f + 3]);
        const unquoted =
          textLength < 0 ? raw : text.slice(/** @type {number} */ (fs[f + 2]), /** @type {number} */ (fs[f + 2]) + textLength);
        const field = { raw, text: unquoted, value: unquoted, line: fs[f + 4], column: fs[f + 5] };
        if (hasKey && i === 0) keyField = field;
        else fields[hasKey ? i - 1 : i] = field;
      }
      const first = keyField ?? fields[0];
      lines.push({ key: keyField ? keyField.text : null, keyField, fields, index: lines.length, line: first.line, column: first.column });
    }
  }
  return sections.length + byName.size;
}

/**
 * A side of the comparison: what it runs, and its time in each round.
 * @param {() => void} run
 * @returns {{ run: () => void, ms: number[] }}
 */
function timed(run) {
  return { run, ms: [] };
}

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchReader({ runs }) {
  const files = corpusFiles();
  if (files.length === 0) return skipped(ID, TITLE, 'no corpus at ../shared/corpus');
  const { parseInfSync, decodeInf } = /** @type {typeof import('../../../lib/inf/index.js')} */ (
    await import(distUrl('dist/inf/index.js'))
  );
  const { CP1252_C1 } = /** @type {typeof import('../../../lib/inf/decode.js')} */ (await import(distUrl('dist/inf/decode.js')));
  const { foldCase } = /** @type {typeof import('../../../lib/inf/lexer.js')} */ (await import(distUrl('dist/inf/lexer.js')));

  let bytes = 0;
  let sameText = 0;
  /** @type {Shape[]} */
  const shapes = [];
  for (const f of files) {
    const b = readFileSync(f);
    bytes += b.length;
    const text = decodeInf(b).text;
    if (floorText(b, CP1252_C1) === text) sameText++;
    shapes.push(shapeOf(text, parseInfSync(b, { file: f })));
  }
  const mb = bytes / 1e6;
  let sink = 0; // keeps the work observable so that nothing is optimised away
  const floor = timed(() => {
    for (const f of files) sink += floorText(readFileSync(f), CP1252_C1).split('\n').length;
  });
  const decoder = timed(() => {
    for (const f of files) sink += decodeInf(readFileSync(f)).text.split('\n').length;
  });
  const reader = timed(() => {
    for (const f of files) sink += parseInfSync(readFileSync(f), { file: f }).sections.length;
  });

  const objects = timed(() => {
    for (let i = 0; i < files.length; i++) {
      sink += buildObjects(decodeInf(readFileSync(/** @type {string} */ (files[i]))).text, /** @type {Shape} */ (shapes[i]), foldCase);
    }
  });

  const sides = [floor, decoder, reader, objects];
  for (const side of sides) side.run(); // warm up
  for (let i = 0; i < runs; i++) {
    // Each round starts with another side, so that none always follows (and collects the
    // garbage of) the same one.
    const k = i % sides.length;
    for (const side of [...sides.slice(k), ...sides.slice(0, k)]) side.ms.push(timeMs(side.run));
  }
  /** Median of the rounds' `base` time / `side` time. @param {{ ms: number[] }} base @param {{ ms: number[] }} side */
  const ofSide = (base, side) => median(side.ms.map((ms, i) => /** @type {number} */ (base.ms[i]) / ms));
  /** @param {{ ms: number[] }} side */
  const ofFloor = (side) => ofSide(floor, side);
  /** @param {{ ms: number[] }} side */
  const mbPerS = (side) => mb / (median(side.ms) / 1000);
  const ratio = ofFloor(reader);
  return {
    id: ID,
    title: TITLE,
    status: 'measured',
    figures: [
      { name: 'corpus', value: files.length, unit: `files, ${mb.toFixed(1)} MB` },
      { name: 'floor (read + native decode + split lines)', value: mbPerS(floor), unit: 'MB/s' },
      { name: 'decoder (read + decodeInf + split lines)', value: mbPerS(decoder), unit: 'MB/s' },
      { name: 'reader (read + parseInfSync)', value: mbPerS(reader), unit: 'MB/s' },
      {
        name: "objects (read + decodeInf + the document's objects from recorded offsets, no scanning)",
        value: mbPerS(objects),
        unit: 'MB/s',
      },
      { name: 'decoder / floor', value: ofFloor(decoder) * 100, unit: '%' },
      { name: 'reader / floor', value: ratio * 100, unit: '%' },
      { name: 'reader / decoder (a floor that decodes as decodeInf does)', value: ofSide(decoder, reader) * 100, unit: '%' },
      { name: 'objects / floor', value: ofFloor(objects) * 100, unit: '%' },
    ],
    checks: [
      {
        target: "the floor decodes every file to decodeInf's text",
        measured: `${sameText}/${files.length}`,
        met: sameText === files.length,
      },
      {
        target: `reader ≥ ${READER_TARGET * 100}% of the floor's speed`,
        measured: `${(ratio * 100).toFixed(1)}%`,
        met: ratio >= READER_TARGET,
      },
    ],
    notes: [
      `the objects side builds what parseInfSync returns (sections, lines, fields and their strings, the section map) without reading the text: the reader cannot be faster than it without making fewer or smaller objects`,
      `decodeInf decodes a Windows-1252 file that has bytes 0x80-0x9F with WebAssembly (lib/inf/cp1252.c), where the floor takes the fastest native way, String.replace with a callback; so the decoder side can be faster than the floor, and 'reader / decoder' is the reader against a floor that decodes as infkit does`,
      ...(sink < 0 ? ['impossible'] : []),
    ],
  };
}
