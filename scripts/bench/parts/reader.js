// @ts-check
// Part 1: reader throughput on the corpus against a floor measured in the same run. The
// floor reads each file, decodes it with the reader's own decoder and splits it into
// lines; the reader reads each file and parses it (parseInfSync). The two alternate, round
// by round, so that both see the same machine state.
import { readFileSync } from 'node:fs';
import { corpusFiles, distUrl } from '../corpus.js';
import { median, timeMs } from '../measure.js';
import { skipped } from '../report.js';

const ID = 'reader';
const TITLE = '1. Reader throughput';
/** The reader must reach this fraction of the floor's speed. */
export const READER_TARGET = 0.25;

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchReader({ runs }) {
  const files = corpusFiles();
  if (files.length === 0) return skipped(ID, TITLE, 'no corpus at ../shared/corpus');
  const { parseInfSync, decodeInf } = /** @type {typeof import('../../../lib/inf/index.js')} */ (await import(distUrl('dist/inf/index.js')));

  let bytes = 0;
  for (const f of files) bytes += readFileSync(f).length;
  const mb = bytes / 1e6;
  let sink = 0; // keeps the work observable so that nothing is optimised away
  const floor = () => {
    for (const f of files) sink += decodeInf(readFileSync(f)).text.split('\n').length;
  };
  const reader = () => {
    for (const f of files) sink += parseInfSync(readFileSync(f), { file: f }).sections.length;
  };

  floor();
  reader(); // warm up both
  /** @type {number[]} */ const floorMs = [];
  /** @type {number[]} */ const readerMs = [];
  /** @type {number[]} */ const ratios = [];
  for (let i = 0; i < runs; i++) {
    const f = timeMs(floor);
    const r = timeMs(reader);
    floorMs.push(f);
    readerMs.push(r);
    ratios.push(f / r);
  }
  const ratio = median(ratios);
  return {
    id: ID,
    title: TITLE,
    status: 'measured',
    figures: [
      { name: 'corpus', value: files.length, unit: `files, ${mb.toFixed(1)} MB` },
      { name: 'floor (read + decode + split lines)', value: mb / (median(floorMs) / 1000), unit: 'MB/s' },
      { name: 'reader (read + parseInfSync)', value: mb / (median(readerMs) / 1000), unit: 'MB/s' },
      { name: 'reader / floor', value: ratio * 100, unit: '%' },
    ],
    checks: [{ target: `reader ≥ ${READER_TARGET * 100}% of the floor's speed`, measured: `${(ratio * 100).toFixed(1)}%`, met: ratio >= READER_TARGET }],
    notes: sink < 0 ? ['impossible'] : [],
  };
}
