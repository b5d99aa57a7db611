// `infkit plan` run as a user runs it: the built command as a child process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, projectRoot, run, runProcess } from '../cli/helpers.js';

const fixture = (name: string) => path.join(projectRoot, 'test/fixtures/plan', name);

describe('infkit plan', () => {
  beforeAll(() => assertBuilt());

  it('prints numbered operations with the INF line of each, and exits 0', async () => {
    const result = await run(['plan', fixture('labrig.inf'), '--class']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[ClassInstall32] -> [ClassInstall32.NTamd64]');
    expect(result.stdout).toMatch(
      /^ {2}1\. create setup class LabRig \{6B4E1A50-1C2D-4E3F-9A8B-7C6D5E4F3A2B\} {2}\(labrig\.inf:12 \[ClassInstall32\.NTamd64\]\)$/m,
    );
  });

  it('prints the Plan as JSON, the same in every locale', async () => {
    const args = ['plan', fixture('labrig.inf'), '--package', '--arch', 'x86', '--os', '10.0.19045', '--json'];
    const c = await run(args);
    // ICU takes the locale at start-up: this run is a process of its own.
    const de = await runProcess(args, { env: { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', TZ: 'Europe/Berlin' } });
    expect(c.code).toBe(0);
    expect(de.stdout).toBe(c.stdout);
    const plan = JSON.parse(c.stdout) as {
      kind: string;
      target: { arch: string };
      sections: Array<{ requested: string; chosen: string }>;
      rebootRequired: boolean;
    };
    expect(plan.kind).toBe('package');
    expect(plan.target.arch).toBe('x86');
    expect(plan.sections.find((s) => s.requested === 'Lab')?.chosen).toBe('Lab.NTx86');
    expect(plan.rebootRequired).toBe(true);
  });

  it('follows Include into --search-path folders and names the INF it could not find', async () => {
    const result = await run(['plan', fixture('tools.inf'), '--section', 'DefaultInstall', '--search-path', fixture('search'), '--force']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/labcommon\.inf: .*LabCommon\.INF/);
    expect(result.stdout).toContain('notthere.inf: NOT FOUND');
    expect(result.stdout).toContain('could not find included INF notthere.inf');
  });

  it.each([
    { what: 'two kinds at once', args: ['--class', '--package'], code: 2, error: 'E_USAGE' },
    { what: 'an unknown architecture', args: ['--arch', 'mips'], code: 2, error: '' },
    { what: 'a section that does not exist', args: ['--section', 'Nope', '--json'], code: 1, error: 'E_NOT_FOUND' },
  ])('exits $code for $what', async ({ args, code, error }) => {
    const result = await run(['plan', fixture('labrig.inf'), ...args]);
    expect(result.code).toBe(code);
    if (error) expect(result.stdout + result.stderr).toContain(error);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('refuses, as install does, an INF with findings that stop an install, and plans it with --force', async () => {
    const refused = await run(['plan', fixture('tools.inf'), '--section', 'DefaultInstall', '--json']);
    expect(refused.code).toBe(1);
    const error = JSON.parse(refused.stdout) as { error: string; files: Array<{ diagnostics: Array<{ code: string }> }> };
    expect(error.error).toBe('E_INF_INVALID');
    expect(error.files[0]?.diagnostics.map((d) => d.code)).toEqual(['INF1230']);
    const text = await run(['plan', fixture('tools.inf'), '--section', 'DefaultInstall']);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain('INF1230');
    const forced = await run(['plan', fixture('tools.inf'), '--section', 'DefaultInstall', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('INF1230');
  });

  it('takes the setup classes from the machine of --state', async () => {
    const state = await mkdtemp(path.join(tmpdir(), 'infkit-plan-'));
    try {
      const args = ['plan', fixture('labrig.inf'), '--class', '--state', state, '--json'];
      const before = JSON.parse((await run(args)).stdout) as {
        operations: Array<{ op: string }>;
        notes: Array<{ code: string; message: string }>;
      };
      expect(before.operations[0]?.op).toBe('class-create');
      expect(before.notes.find((n) => n.code === 'PLAN_ASSUMED')?.message ?? '').not.toContain('setup classes');
      expect((await run(['install', 'class', fixture('labrig.inf'), '--state', state])).code).toBe(0);
      const after = JSON.parse((await run(args)).stdout) as { operations: Array<{ op: string }> };
      expect(after.operations.map((o) => o.op)).toEqual(['class-skip-existing']);
    } finally {
      await rm(state, { recursive: true, force: true });
    }
  });

  it('exits 2 for an INF that cannot be read', async () => {
    const result = await run(['plan', fixture('missing.inf')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('E_IO');
  });
});
