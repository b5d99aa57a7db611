// The framework-free runner: selection, skips, failure reports, and the whole suite run
// by plain Node from compiled JS (as the Wine tier runs it), here against the mock.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMockBackend } from '../../lib/backend/mock/index.js';
import { formatResults, runContract } from './run.js';
import type { ContractCase } from './types.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const fixtures = path.resolve(here, '../fixtures/contract');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'infkit-run-'));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('runContract', () => {
  it('runs the selected cases, skips by name and by capability, and reports failures with their numbers', async () => {
    const backend = await openMockBackend({ stateDir: path.join(work, 'select') });
    const cases: ContractCase[] = [
      { name: 'passes', run: async () => undefined },
      {
        name: 'fails with a WinError',
        run: async ({ backend: b }) => {
          await b.removeDevice('ROOT\\NOPE\\0000');
        },
      },
      { name: 'needs devices', needs: ['devices'], run: async () => undefined },
      { name: 'listed to skip', run: async () => undefined },
      { name: 'filtered out', run: async () => undefined },
    ];
    const seen: string[] = [];
    const results = await runContract(
      backend,
      { fixtures, tmpDir: work, wine: false },
      {
        cases,
        filter: /^(?!filtered)/,
        skip: { 'listed to skip': 'a known gap' },
        capabilities: ['elevated'],
        onResult: (r) => seen.push(r.name),
      },
    );
    expect(results.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['passes', 'pass', undefined],
      ['fails with a WinError', 'fail', undefined],
      ['needs devices', 'skip', 'needs devices'],
      ['listed to skip', 'skip', 'a known gap'],
    ]);
    expect(results[1]!.error).toMatchObject({ name: 'ERROR_NO_SUCH_DEVINST', code: 0xe000020b, api: 'SetupDiOpenDeviceInfoW' });
    expect(seen).toEqual(results.map((r) => r.name));
    expect(formatResults(results)).toContain('1 passed, 1 failed, 2 skipped');
  });

  it('runs the whole suite in plain Node from compiled JS', async () => {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const contractOut = path.join(work, 'contract');
    const mockOut = path.join(work, 'mock');
    spawnSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.json'), '--outDir', contractOut]);
    spawnSync(process.execPath, [tsc, '-p', path.join(root, 'test/mock/tsconfig.child.json'), '--outDir', mockOut]);
    for (const out of [contractOut, mockOut]) await writeFile(path.join(out, 'package.json'), '{"type":"module"}');
    const script = path.join(work, 'run-suite.mjs');
    const report = path.join(work, 'report.json');
    await writeFile(
      script,
      [
        `import { runContract } from ${JSON.stringify(path.join(contractOut, 'test/contract/run.js'))};`,
        `import { openMockBackend } from ${JSON.stringify(path.join(mockOut, 'backend/mock/index.js'))};`,
        `import { writeFileSync } from 'node:fs';`,
        `const backend = await openMockBackend({ stateDir: ${JSON.stringify(path.join(work, 'plain-state'))} });`,
        `const ctx = { fixtures: ${JSON.stringify(fixtures)}, tmpDir: ${JSON.stringify(work)}, wine: false, readMachineFile: (p) => backend.readMachineFile(p), standardUser: () => openMockBackend({ stateDir: ${JSON.stringify(path.join(work, 'plain-state'))}, elevated: false }) };`,
        `writeFileSync(${JSON.stringify(report)}, JSON.stringify(await runContract(backend, ctx)));`,
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const results = JSON.parse(await readFile(report, 'utf8')) as Array<{ name: string; status: string; error?: { message: string } }>;
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(20);
  }, 60_000);
});
