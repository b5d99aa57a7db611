// Runs the contract suite against a real backend inside Windows Node and writes the results to
// a file (under Wine, Node's stdout is unusable when it is a pipe). Exit code: 0 when every case
// passed or was skipped for a listed reason, 1 when any failed or none ran, 2 when the backend
// could not be opened at all.
//   node dist-test/test/wine/contract.js --backend native --out results.json [--skip skips.json]
// Under Wine, the cases in wine-skips.ts are skipped with their reason (never silently).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatResults, runContract } from '../contract/run.js';
import type { Backend } from '../../lib/backend/types.js';
import type { ContractResult } from '../contract/types.js';
import { exitWith } from './checks-runner.js';
import { PROJECT_ROOT, loadBackend, option, type RealBackendKind } from './load-backend.js';
import { WINE_SKIPS } from './wine-skips.js';

async function main(argv: string[]): Promise<number> {
  const kind = option(argv, 'backend') as RealBackendKind;
  const out = option(argv, 'out');
  const skipFile = argv.includes('--skip') ? option(argv, 'skip') : undefined;
  const skip = skipFile === undefined ? {} : (JSON.parse(await readFile(skipFile, 'utf8')) as Record<string, string>);

  let backend: Backend;
  try {
    backend = await loadBackend(kind);
  } catch (e) {
    await writeFile(out, JSON.stringify({ backend: kind, opened: false, error: String((e as Error)?.stack ?? e) }, null, 2));
    return 2;
  }
  const info = await backend.info();
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'infkit-contract-'));
  const started = Date.now();
  let results: ContractResult[];
  try {
    results = await runContract(
      backend,
      { fixtures: path.join(PROJECT_ROOT, 'test', 'fixtures', 'contract'), tmpDir, wine: info.wine },
      { skip: { ...(info.wine ? WINE_SKIPS : {}), ...skip } },
    );
  } finally {
    await backend.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
  const failed = results.filter((r) => r.status === 'fail').length;
  const passed = results.filter((r) => r.status === 'pass').length;
  await writeFile(
    out,
    JSON.stringify(
      { backend: kind, opened: true, info, ms: Date.now() - started, passed, failed, results, text: formatResults(results) },
      null,
      2,
    ),
  );
  return failed === 0 && passed > 0 ? 0 : 1;
}

exitWith(main(process.argv.slice(2)));
