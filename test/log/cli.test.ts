// `infkit log` as a user runs it: the built CLI (npx tsc -p . first) in a child process.
// INFKIT_CLI=/path/to/dist/cli/main.js runs another build (a private --outDir) instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = process.env.INFKIT_CLI ?? fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const built = existsSync(main) && existsSync(path.join(path.dirname(main), 'commands/log.js'));
if (!built) console.log(`skipped: ${main} is missing or predates \`infkit log\`; run \`npx tsc -p .\` first`);

const fx = (name: string): string => `test/fixtures/log/${name}`;

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [main, 'log', ...args], { cwd: root, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('infkit log (CLI)', () => {
  it('text: one line per section (start, exit status with its name, title), failure lines indented under it', () => {
    const r = run('--file', fx('failure.dev.log'));
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
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('a section cut off is marked so', () => {
    const r = run('--file', fx('truncated.dev.log'), '--last', '1');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^2024-06-23T07:30:00\.000 {2}CUT OFF {2}Device Install \(Hardware initiated\) - PCI\\VEN_8086&DEV_1234\\3&11583659&0&10\n/,
    );
  });

  it('--json: {file, timeZone, sections} with ISO local times; --device, --since and --failures filter', () => {
    const r = run('--file', fx('failure.dev.log'), '--json', '--device', 'root\\infkit\\*');
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
    const since = JSON.parse(run('--file', fx('truncated.dev.log'), '--json', '--since', '2024/06/01 00:00:00').stdout);
    expect(since.sections.map((s: { start: string }) => s.start)).toEqual(['2024-06-23T07:30:00.000']);
    const failures = JSON.parse(run('--file', fx('success.dev.log'), '--json', '--failures').stdout);
    expect(failures.sections).toEqual([]);
    expect(run('--file', fx('success.dev.log'), '--failures').stdout).toBe('no matching sections\n');
  });

  it('usage and I/O errors exit 2 with a message and a hint', () => {
    const absent = run('--file', 'test/fixtures/log/none.log');
    expect(absent.code).toBe(2);
    expect(absent.stderr).toContain('E_IO: no SetupAPI log at test/fixtures/log/none.log');
    expect(absent.stderr).toContain('hint:');
    const absentJson = run('--file', 'test/fixtures/log/none.log', '--json');
    expect(JSON.parse(absentJson.stdout)).toMatchObject({ error: 'E_IO', hint: expect.stringContaining('LogPath') });
    expect(run('--file', fx('success.dev.log'), '--last', '0')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('E_USAGE: --last'),
    });
    expect(run('--file', fx('success.dev.log'), '--since', '2024-06-21T10:00:00Z')).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('no zone'),
    });
    if (process.platform !== 'win32') {
      const r = run();
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('E_USAGE: --file is required on this OS');
    }
  });
});

describe.skipIf(!built)('a failed install shows what SetupAPI logged (CLI, mock machine)', () => {
  it('text: the failure lines under the error; JSON: the whole section in `log`', async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const state = await mkdtemp(path.join(tmpdir(), 'infkit-log-cli-'));
    try {
      const args = ['install', 'package', 'test/fixtures/contract/unsigned-driver.inf', '--backend', 'mock', '--state', state, '--force'];
      const text = spawnSync(process.execPath, [main, ...args], { cwd: root, encoding: 'utf8' });
      expect(text.status).toBe(1);
      expect(text.stderr).toContain(`log: ${path.join(state, 'setupapi.dev.log')}`);
      expect(text.stderr).toMatch(/\n {4}!!! {2}mck: SetupCopyOEMInfW failed: ERROR_NO_CATALOG_FOR_OEM_INF/);
      const json = spawnSync(process.execPath, [main, ...args, '--json'], { cwd: root, encoding: 'utf8' });
      const error = JSON.parse(json.stdout) as { name: string; log: { sections: Array<{ title: string; exitStatus: { name: string } }> } };
      expect(error.name).toBe('ERROR_NO_CATALOG_FOR_OEM_INF');
      // Only the section of this call: the first run's section is not repeated.
      expect(error.log.sections).toHaveLength(1);
      expect(error.log.sections[0]!.exitStatus.name).toBe('ERROR_NO_CATALOG_FOR_OEM_INF');
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });
});
