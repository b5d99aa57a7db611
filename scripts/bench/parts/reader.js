// @ts-check
// Part 1: reader throughput on the corpus against a floor measured in the same run. The
// floor reads each file, decodes it with the fastest correct native method (floorText) and
// splits it into lines; the decoder side does the same with infkit's decodeInf; the reader
// reads each file and parses it (parseInfSync). The three take turns, round by round, so
// that all see the same machine state.
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

  let bytes = 0;
  let sameText = 0;
  for (const f of files) {
    const b = readFileSync(f);
    bytes += b.length;
    if (floorText(b, CP1252_C1) === decodeInf(b).text) sameText++;
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

  const sides = [floor, decoder, reader];
  for (const side of sides) side.run(); // warm up
  for (let i = 0; i < runs; i++) {
    // Each round starts with another side, so that none always follows (and collects the
    // garbage of) the same one.
    const k = i % sides.length;
    for (const side of [...sides.slice(k), ...sides.slice(0, k)]) side.ms.push(timeMs(side.run));
  }
  /** Median of the rounds' floor time / side time. @param {{ ms: number[] }} side */
  const ofFloor = (side) => median(side.ms.map((ms, i) => /** @type {number} */ (floor.ms[i]) / ms));
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
      { name: 'decoder / floor', value: ofFloor(decoder) * 100, unit: '%' },
      { name: 'reader / floor', value: ratio * 100, unit: '%' },
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
    notes: sink < 0 ? ['impossible'] : [],
  };
}
