// `infkit validate` as a user runs it: the built CLI (npx tsc -p . first) in a child process.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const main = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const built = existsSync(main);
if (!built) console.log('skipped: dist/cli/main.js is missing; run `npx tsc -p .` first');

const fx = (name: string): string => `test/fixtures/rules/${name}`;

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR; // colour must depend on the stream alone here
  delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [main, 'validate', ...args], { cwd: root, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)('infkit validate (CLI)', () => {
  it('text: prints file:line:col: severity CODE: message, without colour when not on a TTY, and exits 1 on errors', () => {
    const r = run(fx('INF1203.bad.inf'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^test\/fixtures\/rules\/INF1203\.bad\.inf:27:27: error INF1203: section \[Missing_Files\] named by CopyFiles in \[Sample_Install\.NT\] does not exist$/m,
    );
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).toContain('1 file checked: 1 error');
  });

  it('--read-threads: the same output with read-ahead threads as without; a bad count is a usage error', () => {
    const dir = 'test/fixtures/rules';
    const here = run('--format', 'json', '--read-threads', '0', dir);
    const threaded = run('--format', 'json', '--read-threads', '3', dir);
    expect(here.code).toBe(1);
    expect(JSON.parse(here.stdout).files.length).toBeGreaterThan(60);
    expect(threaded).toEqual(here);
    const bad = run('--read-threads', 'many', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("E_USAGE: --read-threads must be 'auto' or a whole number from 0 to 16");
  });

  it('exits 0 for a clean file and for warnings or infos only', () => {
    expect(run(fx('clean.inf'))).toMatchObject({ code: 0, stdout: '' });
    const warned = run(fx('INF9104.bad.inf'), fx('INF9901.bad.inf'));
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('warning INF9104');
    expect(warned.stdout).toContain('info INF9901');
  });

  it('json: {"files": [{file, diagnostics: [{code, severity, line, column, message}]}], "summary"}', () => {
    const r = run('--format', 'json', fx('clean.inf'), fx('INF1268.bad.flags.inf'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      files: Array<{ file: string; diagnostics: Array<Record<string, unknown>> }>;
      summary: { files: number; errors: number; byCode: Record<string, number> };
    };
    expect(out.files.map((f) => f.file)).toEqual([fx('clean.inf'), fx('INF1268.bad.flags.inf')]);
    expect(out.files[0]!.diagnostics).toEqual([]);
    expect(out.files[1]!.diagnostics[0]).toEqual({
      code: 'INF1268',
      severity: 'error',
      line: 43,
      column: 14,
      message: 'registry flags "REG_DWORD" is not a 32-bit decimal or 0x hex number',
    });
    expect(out.summary).toMatchObject({ files: 2, errors: 1, byCode: { INF1268: 1 } });
  });

  it('--json is --format json', () => {
    expect(JSON.parse(run('--json', fx('clean.inf')).stdout)).toHaveProperty('summary.files', 1);
  });

  it('sarif: a 2.1.0 log GitHub code scanning accepts (rules with helpUri, results with a region)', () => {
    const r = run('--format', 'sarif', fx('INF1203.bad.inf'));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toContain('sarif-2.1.0');
    const [runEntry] = log.runs;
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(runEntry.tool.driver).toMatchObject({ name: 'infkit', version: pkg.version });
    const rules = runEntry.tool.driver.rules as Array<{ id: string; helpUri: string; shortDescription: { text: string } }>;
    const rule = rules.find((x) => x.id === 'INF1203')!;
    expect(rule.helpUri).toMatch(/docs\/rules\.md#inf1203$/);
    expect(rule.shortDescription.text).toBe('A directive refers to a section that does not exist');
    const result = runEntry.results.find((x: { ruleId: string }) => x.ruleId === 'INF1203');
    expect(result).toMatchObject({
      level: 'error',
      ruleIndex: rules.indexOf(rule),
      locations: [{ physicalLocation: { artifactLocation: { uri: fx('INF1203.bad.inf') }, region: { startLine: 27, startColumn: 27 } } }],
    });
  });

  it("modes: one code at InfVerif's level for each mode, and the old --universal/--driver flags still work", () => {
    const plain = run(fx('INF1324.bad.inf'));
    expect(plain).toMatchObject({ code: 0 });
    expect(plain.stdout).toContain('warning INF1324');
    for (const flags of [['--driver'], ['--windows-driver'], ['--mode', 'windows-driver'], ['--hlk'], ['--whql']]) {
      const r = run(...flags, fx('INF1324.bad.inf'));
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.stdout, flags.join(' ')).toContain('error INF1324');
    }
    expect(run('--universal', fx('INF1324.bad.inf')).stdout).toContain('warning INF1324');
    expect(run('--declarative', fx('INF1324.bad.inf')).stdout).toContain('warning INF1324');
  });

  it("checks each architecture the INF's decorations name; --arch narrows it to one", () => {
    // Contoso has amd64 and arm64 Models, Fabrikam amd64 only: the INF targets both, Fabrikam misses arm64.
    expect(run(fx('INF9204.bad.inf')).stdout).toContain('warning INF9204: [Manufacturer] entry Fabrikam installs nothing on arm64');
    expect(run('--arch', 'amd64', fx('INF9204.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    expect(run('--arch', 'x86', fx('INF9204.bad.inf')).stdout).toContain('entry Contoso installs nothing on x86');
  });

  it('--samples leaves out what InfVerif /samples does; --stampinf checks an .inf as a stampinf input', () => {
    const sample = run(fx('INF1284.bad.inf'));
    expect(sample.stdout).toContain('error INF1284');
    expect(run('--samples', fx('INF1284.bad.inf')).stdout).not.toContain('INF1284');
    expect(run(fx('INF1274.bad.inf')).stdout).toContain('INF1274');
    expect(run('--stampinf', fx('INF1274.bad.inf')).stdout).not.toContain('INF1274');
  });

  it('--help says which InfVerif flag each mode is', () => {
    const r = spawnSync(process.execPath, [main, 'validate', '--help'], { cwd: root, encoding: 'utf8' });
    for (const flag of ['/u', '/k', '/w', '/h']) expect(r.stdout).toContain(`InfVerif ${flag}`);
  });

  it('--ignore drops codes, --min-severity drops lesser findings, and both keep the exit code honest', () => {
    expect(run('--ignore', 'INF1324', fx('INF1324.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    // --driver also checks the catalog (sample.cat is not beside the fixture: INF9550); --ignore drops that too.
    expect(run('--driver', '--ignore', '1324,1199,INF9550', fx('INF1324.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    expect(run('--min-severity', 'error', fx('INF1324.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    expect(run('--driver', '--min-severity', 'error', fx('INF1324.bad.inf')).stdout).toContain('error INF1324');
    expect(run('--ignore', 'PnpLockdown', fx('INF1324.bad.inf'))).toMatchObject({ code: 2 });
  });

  it('exits 2 for usage errors and unreadable paths, naming the problem without a stack trace', () => {
    const missing = run('no/such/file.inf');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/file.inf: error E_IO: cannot read no/such/file.inf: no such file or directory');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(run('--format', 'xml', fx('clean.inf')).code).toBe(2);
    const twoModes = run('--universal', '--driver', fx('clean.inf'));
    expect(twoModes.code).toBe(2);
    expect(twoModes.stderr).toContain('E_USAGE: one mode at a time');
    expect(run('--mode', 'strict', fx('clean.inf')).code).toBe(2);
    expect(run('--locale', 'german', fx('clean.inf'))).toMatchObject({ code: 2 });
    expect(run().code).toBe(2);
  });

  it('an unreadable path does not hide the findings of the others (exit 2 wins)', () => {
    const r = run(fx('INF1203.bad.inf'), 'missing.inf');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('INF1203');
  });
});

describe.skipIf(!built)('infkit rules (CLI)', () => {
  const rules = (...args: string[]) => spawnSync(process.execPath, [main, 'rules', ...args], { cwd: root, encoding: 'utf8' });

  it('--json prints the whole catalogue: [{code, title, levels, checked, reason?}]', () => {
    const r = rules('--json');
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{
      code: string;
      title: string;
      levels: Record<string, string>;
      checked: boolean;
      reason?: string;
    }>;
    const byCode = new Map(rows.map((row) => [row.code, row]));
    expect(byCode.get('INF1324')).toMatchObject({
      checked: true,
      levels: { default: 'warning', universal: 'warning', declarative: 'warning', windowsDriver: 'error', hlk: 'error' },
    });
    expect(rows.filter((row) => row.code < 'INF9000').length).toBeGreaterThanOrEqual(202);
    for (const row of rows) expect(row.checked || row.reason !== undefined || 'retired' in row, row.code).toBe(true);
  });

  it('text: one line a code, with the levels of the five modes; --unchecked lists the reasons', () => {
    const text = rules().stdout.split('\n');
    expect(text.find((l) => l.startsWith('INF1324 '))).toMatch(/^INF1324 {2}W W W E E {2}checked/);
    const unchecked = rules('--unchecked').stdout.trim().split('\n');
    expect(unchecked.every((l) => /unchecked|retired/.test(l))).toBe(true);
  });
});
