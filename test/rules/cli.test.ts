// `infkit validate` and `infkit rules`, run in-process on the built CLI (npx tsc -p . first).
// That validate prints no colour into a real pipe is test/cli/color.test.ts (a process of its own).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, run } from '../cli/helpers.js';

beforeAll(assertBuilt);

const fx = (name: string): string => `test/fixtures/rules/${name}`;
const validate = (...args: string[]) => run(['validate', ...args]);

describe('infkit validate (CLI)', () => {
  it('text: prints file:line:col: severity CODE: message, without colour when not on a TTY, and exits 1 on errors', async () => {
    const r = await validate(fx('INF1203.bad.inf'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^test\/fixtures\/rules\/INF1203\.bad\.inf:27:27: error INF1203: section \[Missing_Files\] named by CopyFiles in \[Sample_Install\.NT\] does not exist$/m,
    );
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).toContain('1 file checked: 1 error');
  });

  it('--read-threads: the same output with read-ahead threads as without; a bad count is a usage error', async () => {
    const dir = 'test/fixtures/rules';
    const here = await validate('--format', 'json', '--read-threads', '0', dir);
    const threaded = await validate('--format', 'json', '--read-threads', '3', dir);
    expect(here.code).toBe(1);
    expect(JSON.parse(here.stdout).files.length).toBeGreaterThan(60);
    expect(threaded).toEqual(here);
    const bad = await validate('--read-threads', 'many', dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("E_USAGE: --read-threads must be 'auto' or a whole number from 0 to 16");
  });

  it('exits 0 for a clean file and for warnings or infos only', async () => {
    expect(await validate(fx('clean.inf'))).toMatchObject({ code: 0, stdout: '' });
    const warned = await validate(fx('INF9104.bad.inf'), fx('INF9901.bad.inf'));
    expect(warned.code).toBe(0);
    expect(warned.stdout).toContain('warning INF9104');
    expect(warned.stdout).toContain('info INF9901');
  });

  it('json: {"files": [{file, diagnostics: [{code, severity, line, column, message}]}], "summary"}', async () => {
    const r = await validate('--format', 'json', fx('clean.inf'), fx('INF1268.bad.flags.inf'));
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

  it('--json is --format json', async () => {
    expect(JSON.parse((await validate('--json', fx('clean.inf'))).stdout)).toHaveProperty('summary.files', 1);
  });

  it('sarif: a 2.1.0 log GitHub code scanning accepts (rules with helpUri, results with a region)', async () => {
    const r = await validate('--format', 'sarif', fx('INF1203.bad.inf'));
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

  it("modes: one code at InfVerif's level for each mode, and the old --universal/--driver flags still work", async () => {
    const plain = await validate(fx('INF1324.bad.inf'));
    expect(plain).toMatchObject({ code: 0 });
    expect(plain.stdout).toContain('warning INF1324');
    for (const flags of [['--driver'], ['--windows-driver'], ['--mode', 'windows-driver'], ['--hlk'], ['--whql']]) {
      const r = await validate(...flags, fx('INF1324.bad.inf'));
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.stdout, flags.join(' ')).toContain('error INF1324');
    }
    expect((await validate('--universal', fx('INF1324.bad.inf'))).stdout).toContain('warning INF1324');
    expect((await validate('--declarative', fx('INF1324.bad.inf'))).stdout).toContain('warning INF1324');
  });

  it("checks each architecture the INF's decorations name; --arch narrows it to one", async () => {
    // Contoso has amd64 and arm64 Models, Fabrikam amd64 only: the INF targets both, Fabrikam misses arm64.
    expect((await validate(fx('INF9204.bad.inf'))).stdout).toContain(
      'warning INF9204: [Manufacturer] entry Fabrikam installs nothing on arm64',
    );
    expect(await validate('--arch', 'amd64', fx('INF9204.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    expect((await validate('--arch', 'x86', fx('INF9204.bad.inf'))).stdout).toContain('entry Contoso installs nothing on x86');
  });

  it('--samples leaves out what InfVerif /samples does; --stampinf checks an .inf as a stampinf input', async () => {
    expect((await validate(fx('INF1284.bad.inf'))).stdout).toContain('error INF1284');
    expect((await validate('--samples', fx('INF1284.bad.inf'))).stdout).not.toContain('INF1284');
    expect((await validate(fx('INF1274.bad.inf'))).stdout).toContain('INF1274');
    expect((await validate('--stampinf', fx('INF1274.bad.inf'))).stdout).not.toContain('INF1274');
  });

  it('--help says which InfVerif flag each mode is', async () => {
    const r = await validate('--help');
    for (const flag of ['/u', '/k', '/w', '/h']) expect(r.stdout).toContain(`InfVerif ${flag}`);
  });

  it('--ignore drops codes, --min-severity drops lesser findings, and both keep the exit code honest', async () => {
    expect(await validate('--ignore', 'INF1324', fx('INF1324.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    // --driver also checks the catalog (sample.cat is not beside the fixture: INF9550); --ignore drops that too.
    expect(await validate('--driver', '--ignore', '1324,1199,INF9550', fx('INF1324.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    expect(await validate('--min-severity', 'error', fx('INF1324.bad.inf'))).toMatchObject({ code: 0, stdout: '' });
    expect((await validate('--driver', '--min-severity', 'error', fx('INF1324.bad.inf'))).stdout).toContain('error INF1324');
    expect(await validate('--ignore', 'PnpLockdown', fx('INF1324.bad.inf'))).toMatchObject({ code: 2 });
  });

  it('exits 2 for usage errors and unreadable paths, naming the problem without a stack trace', async () => {
    const missing = await validate('no/such/file.inf');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no/such/file.inf: error E_IO: cannot read no/such/file.inf: no such file or directory');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect((await validate('--format', 'xml', fx('clean.inf'))).code).toBe(2);
    const twoModes = await validate('--universal', '--driver', fx('clean.inf'));
    expect(twoModes.code).toBe(2);
    expect(twoModes.stderr).toContain('E_USAGE: one mode at a time');
    expect((await validate('--mode', 'strict', fx('clean.inf'))).code).toBe(2);
    expect(await validate('--locale', 'german', fx('clean.inf'))).toMatchObject({ code: 2 });
    expect((await validate()).code).toBe(2);
  });

  it('an unreadable path does not hide the findings of the others (exit 2 wins)', async () => {
    const r = await validate(fx('INF1203.bad.inf'), 'missing.inf');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('INF1203');
  });
});

describe('infkit rules (CLI)', () => {
  const rules = (...args: string[]) => run(['rules', ...args]);

  it('--json prints the whole catalogue: [{code, title, levels, checked, reason?}]', async () => {
    const r = await rules('--json');
    expect(r.code).toBe(0);
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

  it('text: one line a code, with the levels of the five modes; --unchecked lists the reasons', async () => {
    const text = (await rules()).stdout.split('\n');
    expect(text.find((l) => l.startsWith('INF1324 '))).toMatch(/^INF1324 {2}W W W E E {2}checked/);
    const unchecked = (await rules('--unchecked')).stdout.trim().split('\n');
    expect(unchecked.every((l) => /unchecked|retired/.test(l))).toBe(true);
  });
});
