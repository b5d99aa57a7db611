// @ts-check
// Runs under Windows Node in the Wine prefix (scripts/wine/run.sh), for part 5 of the bench:
// the latency of listing setup classes and enumerating device interfaces through each
// backend (native addon, koffi, mock), in one process.
// usage: run.sh backends.js OUT_JSON CALLS
// Writes {ok, classGuid, backends: [{kind, available, reason?, listClassesMs[], listInterfacesMs[], classes, interfaces}]}
// to OUT_JSON (classes, interfaces: how many one call returns).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [outFile, callsText] = process.argv.slice(2);
/** GUID_DEVINTERFACE_DISK: an interface class every Windows (and Wine) system knows. */
const DISK_INTERFACE = '{53F56307-B6BF-11D0-94F2-00A0C91EFB8B}';

/** @param {() => Promise<unknown>} call */
async function elapsed(call) {
  const t0 = performance.now();
  await call();
  return performance.now() - t0;
}

/**
 * The interface class with the most interfaces on this machine (GUID_DEVINTERFACE_DISK when
 * none has any), so that enumeration has something to return.
 * @param {import('../../../lib/backend/types.js').Backend} backend
 */
async function busiestInterfaceClass(backend) {
  let best = { guid: DISK_INTERFACE, count: 0 };
  for (const { guid } of await backend.listInterfaceClasses()) {
    const count = (await backend.listInterfaces({ classGuid: guid })).length;
    if (count > best.count) best = { guid, count };
  }
  return best.guid;
}

async function main() {
  const { openBackend } = await import('../../../dist/backend/select.js');
  const calls = Number(callsText);
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-mock-'));
  /** @type {Array<{ kind: string, backend?: import('../../../lib/backend/types.js').Backend, reason?: string }>} */
  const opened = [];
  for (const kind of /** @type {const} */ (['native', 'koffi', 'mock'])) {
    try {
      opened.push({ kind, backend: await openBackend({ backend: kind, stateDir, onNotice: () => {} }) });
    } catch (error) {
      opened.push({ kind, reason: String(/** @type {Error} */ (error)?.message ?? error) });
    }
  }
  const real = opened.find((o) => o.backend && o.kind !== 'mock')?.backend;
  const classGuid = real ? await busiestInterfaceClass(real) : DISK_INTERFACE;
  /** @type {Array<{ kind: string, available: boolean, reason?: string, listClassesMs: number[], listInterfacesMs: number[], classes?: number, interfaces?: number }>} */
  const backends = opened.map(({ kind, backend, reason }) => ({
    kind,
    available: backend !== undefined,
    ...(reason !== undefined && { reason }),
    listClassesMs: [],
    listInterfacesMs: [],
  }));
  try {
    // One warm-up call each, then the backends take turns, call by call, so that drift in
    // the machine's load (Wine's server is shared) falls on all of them alike; which one goes
    // first rotates round by round, so none always follows the same neighbour.
    for (let round = -1; round < calls; round++) {
      for (let turn = 0; turn < opened.length; turn++) {
        const i = (turn + Math.max(round, 0)) % opened.length;
        const { backend } = /** @type {(typeof opened)[number]} */ (opened[i]);
        const result = /** @type {(typeof backends)[number]} */ (backends[i]);
        if (!backend || !result.available) continue;
        try {
          const classesMs = await elapsed(() => backend.listClasses());
          const interfacesMs = await elapsed(() => backend.listInterfaces({ classGuid }));
          if (round < 0) continue;
          result.listClassesMs.push(classesMs);
          result.listInterfacesMs.push(interfacesMs);
        } catch (error) {
          result.available = false;
          result.reason = `a call failed: ${String(/** @type {Error} */ (error)?.message ?? error)}`;
        }
      }
    }
    // What one call returns, so that the backends are seen to do the same work.
    for (const [i, { backend }] of opened.entries()) {
      const result = /** @type {(typeof backends)[number]} */ (backends[i]);
      if (!backend || !result.available) continue;
      result.classes = (await backend.listClasses()).length;
      result.interfaces = (await backend.listInterfaces({ classGuid })).length;
    }
  } finally {
    for (const { backend } of opened) await backend?.close();
    rmSync(stateDir, { recursive: true, force: true });
  }
  return { ok: true, classGuid, backends };
}

main().then(
  (result) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify(result)),
  (error) => writeFileSync(/** @type {string} */ (outFile), JSON.stringify({ ok: false, error: String(error?.stack ?? error) })),
);
