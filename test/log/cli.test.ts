// `infkit log`, and the log section a failed install shows, run in-process on the built CLI
// (npx tsc -p . first).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanup, cli, projectRoot, run, tempState } from '../cli/helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const fx = (name: string): string => `test/fixtures/log/${name}`;
const log = (...args: string[]) => run(['log', ...args]);

describe('infkit log (CLI)', () => {
  it('text: one line per section (start, exit status with its name, title), failure lines indented under it', async () => {
    const r = await log('--file', fx('failure.dev.log'));
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      '2024-06-21T11:15:30.001  FAILURE(0xe000022f) ERROR_NO_CATALOG_FOR_OEM_INF  Setup Import Driver Package - C:\\drv\\unsigned\\unsigned.inf',
      "    !    sig:      No installed catalogs matching catalog name '' were found that validated the file.",
      '    !!!  sig:      Error 0xE000022F: The third-party INF does not contain digital signature information.',
      '    !!!  sto:      Failed to import driver package into Driver Store. Error = 0xE000022F',
      '2024-06-21T11:20:00.000  FAILURE(0xE000023D) ERROR_INF_IN_USE_BY_DEVICES  Delete Driver Package - oem42.inf',
      "    !!!  sto:      Driver package 'oem42.inf' is in use by ROOT\\INFKIT\\0000.",
      '',
    ]);
  });

  it('text into a pipe has no colour, with neither NO_COLOR nor FORCE_COLOR set', () => {
    // A process of its own: colours are chosen at start-up from the real stdout and environment.
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    const r = spawnSync(process.execPath, [cli, 'log', '--file', fx('failure.dev.log')], { cwd: projectRoot, encoding: 'utf8', env });
    expect(r.stdout).toContain('ERROR_NO_CATALOG_FOR_OEM_INF');
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('a section cut off is marked so', async () => {
    const r = await log('--file', fx('truncated.dev.log'), '--last', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^2024-06-23T07:30:00\.000 {2}CUT OFF {2}Device Install \(Hardware initiated\) - PCI\\VEN_8086&DEV_1234\\3&11583659&0&10\n/,
    );
  });

  it('--json: {file, timeZone, sections} with ISO local times; --device, --since and --failures filter', async () => {
    const r = await log('--file', fx('failure.dev.log'), '--json', '--device', 'root\\infkit\\*');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(Object.keys(json)).toEqual(['file', 'timeZone', 'sections']);
    expect(json.timeZone).toBe('local');
    expect(json.sections).toHaveLength(1);
    expect(json.sections[0]).toMatchObject({
      title: 'Delete Driver Package - oem42.inf',
      start: '2024-06-21T11:20:00.000',
      end: '2024-06-21T11:20:00.030',
      exitStatus: { text: 'FAILURE(0xE000023D)', code: 0xe000023d, name: 'ERROR_INF_IN_USE_BY_DEVICES', failed: true },
      truncated: false,
    });
    const since = JSON.parse((await log('--file', fx('truncated.dev.log'), '--json', '--since', '2024/06/01 00:00:00')).stdout);
    expect(since.sections.map((s: { start: string }) => s.start)).toEqual(['2024-06-23T07:30:00.000']);
    const failures = JSON.parse((await log('--file', fx('success.dev.log'), '--json', '--failures')).stdout);
    expect(failures.sections).toEqual([]);
    expect((await log('--file', fx('success.dev.log'), '--failures')).stdout).toBe('no matching sections\n');
  });

  it('usage and I/O errors exit 2 with a message and a hint', async () => {
    const absent = await log('--file', 'test/fixtures/log/none.log');
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('E_IO: no SetupAPI log at test/fixtures/log/none.log');
    expect(absent.stderr).toContain('hint:');
    const absentJson = await log('--file', 'test/fixtures/log/none.log', '--json');
    expect(JSON.parse(absentJson.stdout)).toMatchObject({ error: 'E_IO', hint: expect.stringContaining('LogPath') });
    expect(await log('--file', fx('success.dev.log'), '--last', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('E_USAGE: --last'),
    });
    expect(await log('--file', fx('success.dev.log'), '--since', '2024-06-21T10:00:00Z')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no zone'),
    });
    if (process.platform !== 'win32') {
      const r = await log();
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('E_USAGE: --file is required on this OS');
    }
  });
});

describe('a failed install shows what SetupAPI logged (CLI, mock machine)', () => {
  it('text: the failure lines under the error; JSON: the whole section in `log`', async () => {
    const state = tempState();
    const args = ['install', 'package', 'test/fixtures/contract/unsigned-driver.inf', '--backend', 'mock', '--state', state, '--force'];
    const text = await run(args);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain(`log: ${path.join(state, 'setupapi.dev.log')}`);
    expect(text.stderr).toMatch(/\n {4}!!! {2}mck: SetupCopyOEMInfW failed: ERROR_NO_CATALOG_FOR_OEM_INF/);
    const json = await run([...args, '--json']);
    const error = JSON.parse(json.stdout) as { name: string; log: { sections: Array<{ title: string; exitStatus: { name: string } }> } };
    expect(error.name).toBe('ERROR_NO_CATALOG_FOR_OEM_INF');
    // Only the section of this call: the first run's section is not repeated.
    expect(error.log.sections).toHaveLength(1);
    expect(error.log.sections[0]!.exitStatus.name).toBe('ERROR_NO_CATALOG_FOR_OEM_INF');
  });
});
