// @ts-check
// Part 3: `infkit validate` over the whole corpus, then over the corpus copied 4 and 16
// times into a temporary folder, each run a fresh process whose peak RSS it reports
// itself (rss-preload.js). Files are streamed, so time must grow with the file count and
// peak memory must not.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir, corpusFiles, projectRoot } from '../corpus.js';
import { median, runNode } from '../measure.js';
import { skipped } from '../report.js';

const ID = 'validate';
const TITLE = '3. Validation of the corpus';
const SCALES = [1, 4, 16];
/** Peak RSS at 16× must stay under this. */
const RSS_LIMIT_MB = 300;
/** Time per file at 16× may be at most this much worse than at 1×. */
const LINEAR_SLACK = 1.25;
/**
 * Peak RSS at 16× may be at most this much above that at 1×: memory stays flat. Keeping nothing
 * per file is not enough on its own: objects that live past two young-generation collections
 * (a WeakMap's values, regex literals in hot loops) are promoted, and V8 then grows the old
 * generation with the run even though each full GC frees them.
 */
const RSS_FLAT_SLACK = 1.15;
/** What validation may keep per file once it is done with it (supporting evidence: no leak). */
const RETAINED_LIMIT_KB = 0.1;

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchValidate({ runs }) {
  const files = corpusFiles();
  if (files.length === 0) return skipped(ID, TITLE, 'no corpus at ../shared/corpus');
  const cli = path.join(projectRoot, 'dist/cli/main.js');
  if (!existsSync(path.join(projectRoot, 'dist/cli/commands/validate.js'))) {
    return skipped(ID, TITLE, 'infkit validate is not built (dist/cli/commands/validate.js is missing)');
  }

  const temp = mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-corpus-'));
  try {
    /** @type {import('../report.js').Figure[]} */
    const figures = [];
    /** @type {Record<number, { ms: number, rss: number, count: number }>} */
    const at = {};
    let retainedKbPerFile = NaN;
    for (const scale of SCALES) {
      // Scale 1 validates the corpus in place; larger scales validate copies.
      const dir = scale === 1 ? corpusDir : path.join(temp, `x${scale}`);
      if (scale > 1) {
        for (let copy = 0; copy < scale; copy++) {
          for (const f of files) {
            const target = path.join(dir, `copy${copy}`, path.relative(corpusDir, f));
            mkdirSync(path.dirname(target), { recursive: true });
            copyFileSync(f, target);
          }
        }
      }
      const count = files.length * scale;
      // The big scales take long: at most 3 runs of those.
      const n = scale === 1 ? runs : Math.min(runs, 3);
      /** @type {number[]} */ const ms = [];
      /** @type {number[]} */ const rss = [];
      for (let i = 0; i < n; i++) {
        // One reading thread at every scale: 'auto' starts a read-ahead thread or not from the timing of the
        // first 8 reads (READ_AHEAD.slowReadMs, 50 µs), which on Linux falls either side from run to run and
        // moves peak RSS by about 30 MB, whatever the file count. Part 2 measures the threads.
        const result = await runNode([cli, 'validate', '--read-threads', '0', dir], { measureRss: true });
        if (result.code !== 0 && result.code !== 1) {
          throw new Error(`infkit validate exited ${result.code}: ${result.stderr.slice(0, 500)}`);
        }
        if (/internal error/i.test(result.stderr)) throw new Error(`infkit validate: ${result.stderr.slice(0, 500)}`);
        ms.push(result.ms);
        if (result.maxRssMb !== null) rss.push(result.maxRssMb);
      }
      at[scale] = { ms: median(ms), rss: median(rss), count };
      figures.push(
        { name: `${scale}× (${count} files): files/s`, value: count / (median(ms) / 1000), unit: 'files/s' },
        { name: `${scale}× (${count} files): wall time`, value: median(ms) / 1000, unit: 's' },
        { name: `${scale}× (${count} files): peak RSS`, value: median(rss), unit: 'MB' },
      );
      if (scale === 16) {
        const out = path.join(temp, 'retained.json');
        const result = await runNode([
          '--expose-gc',
          fileURLToPath(new URL('../retained.js', import.meta.url)),
          dir,
          String(files.length),
          out,
        ]);
        if (result.code !== 0) throw new Error(`retained.js exited ${result.code}: ${result.stderr.slice(0, 500)}`);
        const { files: n, startMb, endMb } = JSON.parse(readFileSync(out, 'utf8'));
        retainedKbPerFile = ((endMb - startMb) * 1024) / (n - files.length);
        figures.push({ name: `16×: heap kept after GC, per file validated (library, ${n} files)`, value: retainedKbPerFile, unit: 'KB' });
      }
      if (scale > 1) rmSync(dir, { recursive: true, force: true });
    }
    const one = /** @type {{ ms: number, rss: number, count: number }} */ (at[1]);
    const big = /** @type {{ ms: number, rss: number, count: number }} */ (at[16]);
    const perFile = big.ms / big.count / (one.ms / one.count);
    const rssGrowth = big.rss / one.rss;
    return {
      id: ID,
      title: TITLE,
      status: 'measured',
      figures,
      checks: [
        {
          target: `time grows linearly: time per file at 16× ≤ ${LINEAR_SLACK}× that at 1×`,
          measured: `${perFile.toFixed(2)}×`,
          met: perFile <= LINEAR_SLACK,
        },
        {
          target: `memory stays flat, files are streamed: peak RSS at 16× ≤ ${RSS_FLAT_SLACK}× that at 1×`,
          measured: `${rssGrowth.toFixed(2)}× (${one.rss.toFixed(0)} → ${big.rss.toFixed(0)} MB)`,
          met: rssGrowth <= RSS_FLAT_SLACK,
        },
        {
          target: `nothing kept per file: heap kept after GC per file < ${RETAINED_LIMIT_KB} KB`,
          measured: `${retainedKbPerFile.toFixed(3)} KB per file`,
          met: retainedKbPerFile < RETAINED_LIMIT_KB,
        },
        { target: `peak RSS at 16× < ${RSS_LIMIT_MB} MB`, measured: `${big.rss.toFixed(0)} MB`, met: big.rss < RSS_LIMIT_MB },
      ],
      notes: [
        'each run is `node dist/cli/main.js validate --read-threads 0 DIR` (text output, which streams) as a fresh process, stdout discarded; wall time includes start-up',
        "--read-threads 0 at every scale: 'auto' starts a read-ahead thread or not from the timing of the first 8 reads, which on Linux falls either side of its 50 µs threshold from run to run and moves peak RSS by about 30 MB (measured: 126-133 MB without a thread, 163 MB with one, for the corpus once)",
        `scales 4× and 16× are copies of the corpus in a temporary folder; median of ${Math.min(runs, 3)} runs for those`,
        `heap kept per file: heap after a full GC once the 16th copy is read, minus once the first is, over the files in between (${retainedKbPerFile.toFixed(2)} KB per file): what validation holds on to per file`,
      ],
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
