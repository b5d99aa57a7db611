// @ts-check
// Parts 2 and 5, which run inside Windows Node under Wine (scripts/wine/run.sh): the
// reader against Wine's SetupAPI parser, and backend call latency. Each Windows-side
// script (scripts/bench/wine/) writes its results to a JSON file, since Node's stdio is
// unreliable under Wine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { corpusFiles, projectRoot } from '../corpus.js';
import { median } from '../measure.js';
import { skipped } from '../report.js';

const RUN_SH = path.join(projectRoot, 'scripts/wine/run.sh');

/** Why the Wine tier cannot run here, or null when it can. */
function wineMissing() {
  if (spawnSync('wine', ['--version'], { stdio: 'ignore' }).status !== 0) return 'wine is not installed';
  if (!existsSync(RUN_SH)) return 'scripts/wine/run.sh is missing';
  const prefix = process.env.INFKIT_WINEPREFIX ?? path.join(projectRoot, '.wine/prefix');
  if (!existsSync(path.join(prefix, '.infkit-ready')))
    return `the Wine prefix is not set up (run scripts/wine/setup.sh; looked in ${prefix})`;
  return null;
}

/** /abs/unix/path → Z:\abs\unix\path, as Wine maps it. @param {string} p */
export function winePath(p) {
  return `Z:${path.resolve(p).replaceAll('/', '\\')}`;
}

/**
 * Run a Windows-side bench script under Wine; returns what it wrote to its JSON file.
 * @param {string} script path under scripts/bench/wine/
 * @param {(outFile: string, temp: string) => string[]} args the script's arguments, given its output file
 */
function runUnderWine(script, args) {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-wine-'));
  try {
    const out = path.join(temp, 'out.json');
    const result = spawnSync('bash', [RUN_SH, path.join(projectRoot, 'scripts/bench/wine', script), ...args(winePath(out), temp)], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 20 * 60 * 1000,
    });
    if (!existsSync(out)) {
      throw new Error(`${script} under Wine wrote no result (exit ${result.status}): ${(result.stderr ?? '').slice(0, 500)}`);
    }
    const data = JSON.parse(readFileSync(out, 'utf8'));
    if (!data.ok) throw new Error(`${script} under Wine: ${data.error}`);
    return data;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const READER_TARGET = 2;

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchWineReader({ runs }) {
  const id = 'wine-reader';
  const title = "2. Reader against Wine's SetupAPI parser";
  const files = corpusFiles();
  if (files.length === 0) return skipped(id, title, 'no corpus at ../shared/corpus');
  const missing = wineMissing();
  if (missing) return skipped(id, title, missing);
  const data = runUnderWine('reader.js', (out, temp) => {
    const list = path.join(temp, 'files.txt');
    writeFileSync(list, files.map(winePath).join('\r\n'));
    return [winePath(list), out, String(runs)];
  });
  const mb = data.bytes / 1e6;
  /** Median of the per-round ratios `slower / faster` (the two ran in the same round). @param {number[]} slower @param {number[]} faster */
  const ratio = (slower, faster) => median(slower.map((w, i) => w / /** @type {number} */ (faster[i])));
  const rate = (/** @type {number[]} */ runs) => mb / (median(runs) / 1000);
  const sameThreads = ratio(data.wine2Ms, data.oursMs);
  const againstOneThread = ratio(data.wineMs, data.oursMs);
  const oneByOne = ratio(data.wineMs, data.oursOneByOneMs);
  return {
    id,
    title,
    status: 'measured',
    figures: [
      { name: 'corpus', value: data.files, unit: `files, ${mb.toFixed(1)} MB; ${data.sections} sections` },
      { name: "infkit parseInfFiles(paths): reads ahead on 1 thread, parses on the caller's", value: rate(data.oursMs), unit: 'MB/s' },
      {
        name: "infkit parseInfFiles, the process's first call (its thread starts cold)",
        value: mb / (data.oursFirstMs / 1000),
        unit: 'MB/s',
      },
      { name: 'Wine SetupOpenInfFileW + SetupCloseInfFile on 2 threads', value: rate(data.wine2Ms), unit: 'MB/s' },
      { name: 'Wine SetupOpenInfFileW + SetupCloseInfFile on 1 thread', value: rate(data.wineMs), unit: 'MB/s' },
      { name: 'infkit parseInf(path), file after file on 1 thread', value: rate(data.oursOneByOneMs), unit: 'MB/s' },
      { name: 'infkit parseInfFiles / Wine, both on 2 threads', value: sameThreads, unit: '×' },
      { name: 'infkit parseInfFiles / Wine on 1 thread', value: againstOneThread, unit: '×' },
      { name: 'infkit parseInf(path) / Wine, both file after file on 1 thread', value: oneByOne, unit: '×' },
      { name: 'infkit parseInfSync alone, bytes already in memory', value: rate(data.parseOnlyMs), unit: 'MB/s' },
      {
        name: 'infkit parse alone / Wine on 1 thread (open + parse + close)',
        value: median(data.wineMs) / median(data.parseOnlyMs),
        unit: '×',
      },
      { name: "infkit's file reads alone (readInfFile: open, read until 0, close)", value: rate(data.readOnlyMs), unit: 'MB/s' },
      { name: "Node's readFileSync on the same files, for comparison", value: rate(data.readFileSyncMs), unit: 'MB/s' },
      { name: 'files Wine refused to open', value: data.wineRefused, unit: '' },
    ],
    checks: [
      {
        target: `infkit reader ≥ ${READER_TARGET}× Wine's throughput, on as many threads`,
        measured: `${sameThreads.toFixed(2)}× (2 threads each; ${againstOneThread.toFixed(2)}× Wine on 1 thread; file after file on 1 thread each: ${oneByOne.toFixed(2)}×)`,
        met: sameThreads >= READER_TARGET,
      },
    ],
    notes: [
      `all sides run in one Windows Node process under Wine, taking turns in a rotating order, median of ${runs} rounds; each ratio is the median of per-round ratios; Wine is called through koffi (its async calls for 2 threads)`,
      "every side goes from path to parsed document, file read included; parseInfFiles, the library's many-file reader and what `infkit validate` uses, is the reader measured against the target, and both sides get the same two threads",
      "file after file on one thread, both sides spend about 190 µs a file in Wine's CreateFile + CloseHandle (and Wine its file mapping on top): that cost is the same for any reader, so overlapping it with parsing is where a reader can gain",
      'readInfFile skips the fstat that readFileSync makes: under Wine that fstat costs more than open + read + close together',
      "run it on an otherwise idle machine: with another CPU-bound process on the second core, Wine's file opens got 3× cheaper and two threads had one core between them; one such run, of an earlier version with jobs of 16 files, measured 1.74× on 2 threads (1.45× file after file)",
    ],
  };
}

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchWineBackends({ runs }) {
  const id = 'backends';
  const title = '5. Backend call latency under Wine';
  const missing = wineMissing();
  if (missing) return skipped(id, title, missing);
  const calls = Math.max(runs * 25, 200);
  /** @type {{ classGuid: string, backends: Array<{ kind: string, available: boolean, reason?: string, listClassesMs?: number[], listInterfacesMs?: number[], classes?: number, interfaces?: number }> }} */
  const data = runUnderWine('backends.js', (out) => [out, String(calls)]);
  /** @type {import('../report.js').Figure[]} */
  const figures = [];
  /** @type {Record<string, { classes: number, interfaces: number }>} */
  const medians = {};
  /** @type {Record<string, { classes: number[], interfaces: number[] }>} */
  const samples = {};
  const notes = [
    `each figure is the median of ${calls} calls in one Windows Node process under Wine, after one warm-up call; the backends take turns call by call, the first of each round rotating`,
    'native against koffi is the median of the per-round ratios (the two calls of one round run back to back, so drift in load cancels out)',
    `listInterfaces enumerates ${data.classGuid}, the interface class with the most interfaces in the prefix`,
  ];
  for (const b of data.backends) {
    if (!b.available) {
      notes.push(`${b.kind} backend not measured: ${b.reason}`);
      continue;
    }
    samples[b.kind] = { classes: b.listClassesMs ?? [], interfaces: b.listInterfacesMs ?? [] };
    medians[b.kind] = { classes: median(samples[b.kind].classes), interfaces: median(samples[b.kind].interfaces) };
    figures.push(
      { name: `${b.kind}: listClasses (${b.classes} classes)`, value: medians[b.kind].classes, unit: 'ms' },
      { name: `${b.kind}: listInterfaces (${b.interfaces} interfaces)`, value: medians[b.kind].interfaces, unit: 'ms' },
    );
  }
  const native = medians.native;
  const koffi = medians.koffi;
  const checks = [];
  if (native && koffi) {
    for (const call of /** @type {const} */ (['classes', 'interfaces'])) {
      const name = call === 'classes' ? 'listClasses' : 'listInterfaces';
      const koffiMs = samples.koffi[call];
      const ratio = median(samples.native[call].map((ms, i) => ms / /** @type {number} */ (koffiMs[i])));
      figures.push({ name: `native / koffi: ${name}, median of per-round ratios`, value: ratio, unit: '×' });
      checks.push({
        target: `native ${name} at least as fast as koffi`,
        measured: `${native[call].toFixed(2)} ms vs ${koffi[call].toFixed(2)} ms (${ratio.toFixed(2)}×)`,
        met: ratio <= 1,
      });
    }
  } else {
    notes.push('native against koffi not compared: both must load');
  }
  return { id, title, status: 'measured', figures, checks, notes };
}
