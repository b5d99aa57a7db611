// @ts-check
// Runs under Windows Node in the Wine prefix (scripts/wine/run.sh), for part 2 of the bench:
// infkit's reader against Wine's own parser (SetupOpenInfFileW + SetupCloseInfFile, through
// koffi) on the same files, in the same process, alternating round by round.
// usage: run.sh reader.js LIST_FILE OUT_JSON RUNS   (LIST_FILE: one Windows path per line)
// Writes {ok, files, bytes, oursMs[], wineMs[], wineRefused} or {ok: false, error} to OUT_JSON.
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
  let bytes = 0;
  for (const p of paths) bytes += readFileSync(p).length;
  let sink = 0;
  let wineRefused = 0;
  const ours = () => {
    for (const p of paths) sink += parseInfSync(readFileSync(p), { file: p }).sections.length;
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
  ours();
  wine(); // warm up both
  const oursMs = [];
  const wineMs = [];
  for (let i = 0; i < Number(runsText); i++) {
    oursMs.push(time(ours));
    wineMs.push(time(wine));
  }
  return { ok: true, files: paths.length, bytes, oursMs, wineMs, wineRefused, sink };
}

main().then(
  (result) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify(result)),
  (error) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify({ ok: false, error: String(error?.stack ?? error) })),
);
