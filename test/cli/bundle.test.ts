// The bin script as npm run build makes it: one bundle (scripts/build-cli.js) in dist/cli/main.js
// and dist/cli-chunks/. Run as processes, since the point is what a process loads and finds.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cli, exampleDir, projectRoot } from './helpers.js';

const chunks = path.join(projectRoot, 'dist/cli-chunks');
const temp = mkdtempSync(path.join(tmpdir(), 'infkit-bundle-'));

function node(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, args, { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
}

beforeAll(assertBuilt);
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('the bundled command line', () => {
  it('is a bundle whose files all sit two levels below the package root', () => {
    const main = readFileSync(cli, 'utf8');
    expect(main).toContain('../cli-chunks/');
    expect(main).not.toMatch(/["']\.\/(program|common)\.js["']/); // tsc's main.js imports its modules
    for (const name of readdirSync(chunks)) expect(statSync(path.join(chunks, name)).isFile()).toBe(true);
  });

  it('finds package.json for --version', () => {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };
    const result = node([cli, '--version']);
    expect(result.stdout).toBe(`${pkg.version}\n`);
    expect(result.status).toBe(0);
  });

  it('validate loads its own chunks only: no package, no library module, no other command', () => {
    const trace = path.join(temp, 'imports.txt');
    const tracer = path.join(projectRoot, 'scripts/bench/import-trace.js');
    const result = node(['--import', tracer, cli, 'validate', path.join(exampleDir, 'infs/labrig.inf')], {
      INFKIT_BENCH_IMPORTS_OUT: trace,
    });
    expect(result.status, result.stderr).toBe(0);
    const loaded = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file:'));
    const bundle = pathToFileURL(chunks).href;
    expect(loaded.filter((url) => url !== pathToFileURL(cli).href && !url.startsWith(`${bundle}/`))).toEqual([]);
    expect(loaded.filter((url) => /\/(apply|trust|catalog|native|koffi|mock|devices)-\w+\.js$/.test(url))).toEqual([]);
  });

  it('starts the read-ahead thread from dist/io/read-worker.js', () => {
    const probe = path.join(projectRoot, 'test/cli/worker-probe.cjs');
    const result = node(['--require', probe, cli, 'validate', '--read-threads', '1', '--format', 'json', path.join(exampleDir, 'infs')]);
    expect(result.status, result.stderr).toBe(1); // the lab's INFs have findings
    const worker = pathToFileURL(path.join(projectRoot, 'dist/io/read-worker.js')).href;
    expect(result.stderr).toMatch(new RegExp(`^worker-probe: ${worker} [1-9]\\d*$`, 'm'));
    expect((JSON.parse(result.stdout) as { files: unknown[] }).files.length).toBeGreaterThan(1);
  });
});
