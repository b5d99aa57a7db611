// @ts-check
// Runs under Windows Node in the Wine prefix (scripts/wine/run.sh), for part 5 of the bench:
// the latency of listing setup classes and enumerating device interfaces through each
// backend (native addon, koffi, mock), in one process.
// usage: run.sh backends.js OUT_JSON CALLS
// Writes {ok, backends: [{kind, available, reason?, listClassesMs[], listInterfacesMs[]}]} to OUT_JSON.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [outFile, callsText] = process.argv.slice(2);
/** GUID_DEVINTERFACE_DISK: an interface class every Windows (and Wine) system knows. */
const DISK_INTERFACE = '{53F56307-B6BF-11D0-94F2-00A0C91EFB8B}';

/** @param {() => Promise<unknown>} call @param {number} n */
async function latencies(call, n) {
  await call(); // warm up
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await call();
    ms.push(performance.now() - t0);
  }
  return ms;
}

async function main() {
  const { openBackend } = await import('../../../dist/backend/select.js');
  const calls = Number(callsText);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-mock-'));
  const backends = [];
  try {
    for (const kind of /** @type {const} */ (['native', 'koffi', 'mock'])) {
      let backend;
      try {
        backend = await openBackend({ backend: kind, stateDir, onNotice: () => {} });
      } catch (error) {
        backends.push({ kind, available: false, reason: String(/** @type {Error} */ (error)?.message ?? error) });
        continue;
      }
      try {
        const b = backend;
        const listClassesMs = await latencies(() => b.listClasses(), calls);
        const listInterfacesMs = await latencies(() => b.listInterfaces({ classGuid: DISK_INTERFACE }), calls);
        backends.push({ kind, available: true, listClassesMs, listInterfacesMs });
      } catch (error) {
        backends.push({ kind, available: false, reason: `a call failed: ${String(/** @type {Error} */ (error)?.message ?? error)}` });
      } finally {
        await backend.close();
      }
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
  return { ok: true, backends };
}

main().then(
  (result) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify(result)),
  (error) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify({ ok: false, error: String(error?.stack ?? error) })),
);
