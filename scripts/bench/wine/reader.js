// @ts-check
// Runs under Windows Node in the Wine prefix (scripts/wine/run.sh), for part 2 of the bench:
// infkit's reader against Wine's own parser (SetupOpenInfFileW + SetupCloseInfFile, through
// koffi) on the same files, in the same process, alternating round by round.
// usage: run.sh reader.js LIST_FILE OUT_JSON RUNS   (LIST_FILE: one Windows path per line)
// Writes {ok, files, bytes, oursMs[], parseOnlyMs[], wineMs[], wineRefused} or {ok: false, error}
// to OUT_JSON. parseOnlyMs is the reader on bytes already in memory: under Wine, Node's file
// reads cost more than the parse, and this figure says how much.
import { readFileSync, writeFileSync } from 'node:fs';

const [listFile, outFile, runsText] = process.argv.slice(2);

async function main() {
  const koffi = (await import('koffi')).default;
  const { parseInfSync } = await import('../../../dist/inf/index.js');
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
  const ours = () => {
    for (const p of paths) sink += parseInfSync(readFileSync(p), { file: p }).sections.length;
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
  const time = (/** @type {() => void} */ fn) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  // Warm up: the JIT needs a few rounds under Wine before the reader reaches its speed.
  for (let i = 0; i < 3; i++) parseOnly();
  ours();
  wine();
  const oursMs = [];
  const parseOnlyMs = [];
  const wineMs = [];
  for (let i = 0; i < Number(runsText); i++) {
    oursMs.push(time(ours));
    parseOnlyMs.push(time(parseOnly));
    wineMs.push(time(wine));
  }
  return { ok: true, files: paths.length, bytes, oursMs, parseOnlyMs, wineMs, wineRefused, sink };
}

main().then(
  (result) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify(result)),
  (error) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify({ ok: false, error: String(error?.stack ?? error) })),
);
