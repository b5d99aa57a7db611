// @ts-check
// Runs under Windows Node in the Wine prefix (scripts/wine/run.sh), for part 2 of the bench:
// infkit's reader against Wine's own parser (SetupOpenInfFileW + SetupCloseInfFile, through
// koffi) on the same files, in the same process, alternating round by round. Both sides go
// from a path to a parsed document: ours is the library's parseInf(path), file read included.
// usage: run.sh reader.js LIST_FILE OUT_JSON RUNS   (LIST_FILE: one Windows path per line)
// Writes {ok, files, bytes, oursMs[], parseOnlyMs[], readOnlyMs[], readFileSyncMs[], wineMs[],
// wineRefused} or {ok: false, error} to OUT_JSON. parseOnlyMs is the reader on bytes already in
// memory, readOnlyMs the reader's file reads alone (readInfFile), and readFileSyncMs Node's
// readFileSync on the same files, for comparison: under Wine, Node's file reads are slow.
import { readFileSync, writeFileSync } from 'node:fs';

const [listFile, outFile, runsText] = process.argv.slice(2);

async function main() {
  const koffi = (await import('koffi')).default;
  const { parseInf, parseInfSync, readInfFile } = await import('../../../dist/inf/index.js');
  const setupapi = koffi.load('setupapi.dll');
  const SetupOpenInfFileW = setupapi.func('__stdcall', 'SetupOpenInfFileW', 'void*', ['str16', 'str16', 'uint32', koffi.out(koffi.pointer('uint32'))]);
  const SetupCloseInfFile = setupapi.func('__stdcall', 'SetupCloseInfFile', 'void', ['void*']);
  const INF_STYLE_OLDNT = 1;
  const INF_STYLE_WIN4 = 2;

  const paths = readFileSync(/** @type {string} */ (listFile), 'utf8').split(/\r?\n/).filter(Boolean);
  const buffers = paths.map((p) => readFileSync(p));
  const bytes = buffers.reduce((n, b) => n + b.length, 0);
  let sink = 0;
  let wineRefused = 0;
  const ours = async () => {
    for (const p of paths) sink += (await parseInf(p)).sections.length;
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
  const wine = () => {
    wineRefused = 0;
    for (const p of paths) {
      const errorLine = [0];
      const h = SetupOpenInfFileW(p, null, INF_STYLE_WIN4 | INF_STYLE_OLDNT, errorLine);
      const address = h ? koffi.address(h) : 0n;
      if (address === 0n || address === 0xffffffffffffffffn) wineRefused++;
      else SetupCloseInfFile(h);
    }
  };
  const time = async (/** @type {() => void | Promise<void>} */ fn) => {
    const t0 = performance.now();
    await fn();
    return performance.now() - t0;
  };
  // Warm up: the JIT needs a few rounds under Wine before the reader reaches its speed.
  for (let i = 0; i < 3; i++) parseOnly();
  await ours();
  wine();
  const oursMs = [];
  const parseOnlyMs = [];
  const readOnlyMs = [];
  const readFileSyncMs = [];
  const wineMs = [];
  for (let i = 0; i < Number(runsText); i++) {
    // Alternate which side goes first, so neither always runs on a warmer file cache.
    if (i % 2 === 0) {
      oursMs.push(await time(ours));
      wineMs.push(await time(wine));
    } else {
      wineMs.push(await time(wine));
      oursMs.push(await time(ours));
    }
    parseOnlyMs.push(await time(parseOnly));
    readOnlyMs.push(await time(readOnly));
    readFileSyncMs.push(await time(nodeRead));
  }
  return { ok: true, files: paths.length, bytes, oursMs, parseOnlyMs, readOnlyMs, readFileSyncMs, wineMs, wineRefused, sink };
}

main().then(
  (result) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify(result)),
  (error) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify({ ok: false, error: String(error?.stack ?? error) })),
);
