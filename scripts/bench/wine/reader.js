// @ts-check
// Runs under Windows Node in the Wine prefix (scripts/wine/run.sh), for part 2 of the bench:
// infkit's reader against Wine's own parser (SetupOpenInfFileW + SetupCloseInfFile, through
// koffi) on the same files, in the same process, taking turns round by round. Every side goes
// from a path to a parsed document, file read included:
// - oursMs: parseInfFiles(paths), the library's many-file reader (what `infkit validate` uses):
//   it reads ahead on one thread, once its first reads prove slow, and parses on this one;
// - oursOneByOneMs: parseInf(path), file after file on this thread;
// - wineMs: SetupOpenInfFileW + SetupCloseInfFile, file after file on one thread;
// - wine2Ms: the same on two threads at once (koffi's async calls), the threads ours uses.
// usage: run.sh reader.js LIST_FILE OUT_JSON RUNS   (LIST_FILE: one Windows path per line)
// Writes {ok, files, bytes, oursMs[], oursOneByOneMs[], wineMs[], wine2Ms[], parseOnlyMs[],
// readOnlyMs[], readFileSyncMs[], oursFirstMs, wineRefused, sections} or {ok: false, error} to OUT_JSON.
// parseOnlyMs is the reader on bytes already in memory, readOnlyMs the reader's file reads
// alone (readInfFile), and readFileSyncMs Node's readFileSync on the same files.
import { readFileSync, writeFileSync } from 'node:fs';

const [listFile, outFile, runsText] = process.argv.slice(2);

async function main() {
  const koffi = (await import('koffi')).default;
  const { parseInf, parseInfSync, readInfFile } = await import('../../../dist/inf/index.js');
  const { parseInfFiles } = await import('../../../dist/io/index.js');
  const setupapi = koffi.load('setupapi.dll');
  const SetupOpenInfFileW = setupapi.func('__stdcall', 'SetupOpenInfFileW', 'void*', [
    'str16',
    'str16',
    'uint32',
    koffi.out(koffi.pointer('uint32')),
  ]);
  const SetupCloseInfFile = setupapi.func('__stdcall', 'SetupCloseInfFile', 'void', ['void*']);
  const INF_STYLE_OLDNT = 1;
  const INF_STYLE_WIN4 = 2;

  const paths = readFileSync(/** @type {string} */ (listFile), 'utf8')
    .split(/\r?\n/)
    .filter(Boolean);
  const buffers = paths.map((p) => readFileSync(p));
  const bytes = buffers.reduce((n, b) => n + b.length, 0);
  let sink = 0;
  let wineRefused = 0;
  // Sections read by each of our sides in its last round: both must read the same.
  const sections = { many: 0, oneByOne: 0 };
  const ours = async () => {
    let n = 0;
    for await (const result of parseInfFiles(paths)) {
      if (result.error) throw result.error;
      n += result.document.sections.length;
    }
    sections.many = n;
  };
  const oursOneByOne = async () => {
    let n = 0;
    for (const p of paths) n += (await parseInf(p)).sections.length;
    sections.oneByOne = n;
  };
  const readOnly = () => {
    for (const p of paths) sink += readInfFile(p).length;
  };
  const nodeRead = () => {
    for (const p of paths) sink += readFileSync(p).length;
  };
  const parseOnly = () => {
    for (const [i, b] of buffers.entries()) sink += parseInfSync(b, { file: paths[i] }).sections.length;
  };
  /** Closes what SetupOpenInfFileW returned; counts a refusal. @param {unknown} h */
  const closeInf = (h) => {
    const address = h ? koffi.address(h) : 0n;
    if (address === 0n || address === 0xffffffffffffffffn) wineRefused++;
    else SetupCloseInfFile(h);
  };
  const wine = () => {
    wineRefused = 0;
    for (const p of paths) closeInf(SetupOpenInfFileW(p, null, INF_STYLE_WIN4 | INF_STYLE_OLDNT, [0]));
  };
  /** @param {string} p @returns {Promise<unknown>} */
  const openAsync = (p) =>
    new Promise((resolve, reject) =>
      SetupOpenInfFileW.async(p, null, INF_STYLE_WIN4 | INF_STYLE_OLDNT, [0], (/** @type {unknown} */ error, /** @type {unknown} */ h) =>
        error ? reject(error) : resolve(h),
      ),
    );
  // Two threads of libuv's pool, each opening the next file as soon as its last one is open.
  const wine2 = async () => {
    wineRefused = 0;
    let next = 0;
    const thread = async () => {
      while (next < paths.length) closeInf(await openAsync(/** @type {string} */ (paths[next++])));
    };
    await Promise.all([thread(), thread()]);
  };
  const time = async (/** @type {() => void | Promise<void>} */ fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  // Warm up: the JIT needs a few rounds under Wine before the reader reaches its speed.
  for (let i = 0; i < 3; i++) parseOnly();
  const oursFirstMs = await time(ours); // the process's first parseInfFiles: its thread starts cold
  await oursOneByOne();
  wine();
  await wine2();
  /** @type {Record<string, number[]>} */
  const ms = { oursMs: [], oursOneByOneMs: [], wineMs: [], wine2Ms: [], parseOnlyMs: [], readOnlyMs: [], readFileSyncMs: [] };
  /** @type {Array<[string, () => unknown]>} */
  const sides = [
    ['oursMs', ours],
    ['wineMs', wine],
    ['oursOneByOneMs', oursOneByOne],
    ['wine2Ms', wine2],
  ];
  for (let i = 0; i < Number(runsText); i++) {
    // Rotate which side goes first, so none always runs on a warmer file cache.
    for (let k = 0; k < sides.length; k++) {
      const [name, fn] = /** @type {[string, () => unknown]} */ (sides[(i + k) % sides.length]);
      ms[name]?.push(await time(/** @type {() => Promise<void>} */ (fn)));
    }
    ms.parseOnlyMs?.push(await time(parseOnly));
    ms.readOnlyMs?.push(await time(readOnly));
    ms.readFileSyncMs?.push(await time(nodeRead));
  }
  if (sections.many !== sections.oneByOne) throw new Error(`parseInfFiles read ${sections.many} sections, parseInf ${sections.oneByOne}`);
  return { ok: true, files: paths.length, bytes, ...ms, oursFirstMs, wineRefused, sections: sections.many, sink };
}

main().then(
  (result) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify(result)),
  (error) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify({ ok: false, error: String(error?.stack ?? error) })),
);
