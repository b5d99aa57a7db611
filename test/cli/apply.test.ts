// `infkit apply` end to end on the mock machine: dry run, apply, apply again (nothing
// changes), undo, a manifest with a schema error, and a process killed mid-apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  assertBuilt,
  cleanup,
  example,
  exampleDir,
  finished,
  fixtureDir,
  LAB_CLASS_GUID,
  LAB_CONTROL_GUID,
  LAB_PORT_GUID,
  projectRoot,
  run,
  runJson,
  start,
  tempState,
} from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const lab = example('lab.yaml');

/** The mock machine in `state`, opened through the built library. */
async function openMachine(state: string) {
  const { openMockBackend } = await import(path.join(projectRoot, 'dist/backend/mock/index.js'));
  return openMockBackend({ stateDir: state });
}

/** What a user can see of the machine: classes, staged packages, devices, interfaces. */
async function machine(state: string) {
  const backend = await openMachine(state);
  try {
    const classes = (await backend.listClasses()).map((c: any) => `${c.guid} ${c.name}`).sort();
    const drivers = (await backend.listDrivers()).map((d: any) => d.originalName).sort();
    const devices = (await backend.listDevices()).map((d: any) => d.deviceInstanceId).sort();
    const interfaces: string[] = [];
    for (const c of await backend.listInterfaceClasses()) {
      for (const i of await backend.listInterfaces({ classGuid: c.guid })) interfaces.push(i.symbolicLink);
    }
    return { classes, drivers, devices, interfaces: interfaces.sort() };
  } finally {
    await backend.close();
  }
}

/** An HKLM key of the mock machine, read through the library (null when it does not exist). */
async function registryKey(state: string, key: string) {
  const backend = await openMachine(state);
  try {
    return await backend.registry.readKey('HKLM', key);
  } finally {
    await backend.close();
  }
}

/** The registry values the example's DefaultInstall writes. */
function labRegistry(state: string) {
  return registryKey(state, 'SOFTWARE\\infkit\\lab');
}

describe('infkit apply', () => {
  it('dry run shows the difference and changes nothing', async () => {
    const state = tempState();
    const before = await machine(state);
    const dry = await runJson(state, ['apply', lab, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ operation: 'apply', dryRun: true, name: 'labrig-example', manifest: lab, backend: 'mock' });
    const byKind = (kind: string) => dry.json.items.filter((i: any) => i.kind === kind);
    expect(byKind('class').map((i: any) => i.status)).toEqual(['would-change', 'unchanged']); // LabRig; System exists
    expect(byKind('device').map((i: any) => i.status)).toEqual(['would-change']);
    expect(byKind('interface')).toHaveLength(3);
    expect(dry.json.summary).toEqual({ total: 9, changed: 8, unchanged: 1, failed: 0 });
    expect(await machine(state)).toEqual(before);
    expect(existsSync(path.join(state, 'journals'))).toBe(false);
  });

  it('applies, then a second apply changes nothing and says so; undo removes what it added', async () => {
    const state = tempState();
    const before = await machine(state);

    const first = await runJson(state, ['apply', lab]);
    expect(first.code).toBe(0);
    expect(first.json.summary).toEqual({ total: 9, changed: 8, unchanged: 1, failed: 0 });
    expect(first.json.items.map((i: any) => i.kind)).toEqual([
      'class',
      'class',
      'interface-class',
      'package',
      'device',
      'interface',
      'interface',
      'interface',
      'section',
    ]);
    for (const item of first.json.items) {
      expect(Object.keys(item).sort()).toEqual(['at', 'detail', 'id', 'kind', 'rebootRequired', 'status', 'title']);
    }
    const after = await machine(state);
    expect(after.classes).toContain(`${LAB_CLASS_GUID} LabRig`);
    expect(after.drivers).toEqual(['labrig.inf']);
    const ports = (await runJson(state, ['interfaces', '--class', LAB_PORT_GUID])).json.interfaces;
    expect(ports.map((i: any) => i.referenceString)).toEqual(['port0', 'port1']);
    for (const port of ports) {
      expect(port.symbolicLink.toUpperCase()).toMatch(/^\\\\\?\\ROOT#[^#]+#\d{4}#\{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02\}\\PORT\d$/);
    }
    expect((await runJson(state, ['interfaces', '--class', LAB_CONTROL_GUID])).json.interfaces).toHaveLength(1);
    const values = await labRegistry(state);
    expect(values?.values.Rig).toEqual({ type: 'REG_SZ', data: 'bench-1' });

    const second = await runJson(state, ['apply', lab]);
    expect(second.code).toBe(0);
    expect(second.json.summary).toEqual({ total: 9, changed: 0, unchanged: 9, failed: 0 });
    expect(await machine(state)).toEqual(after);
    const text = await run(['apply', lab, '--backend', 'mock', '--state', state]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/apply of labrig-example: nothing to do, all 9 item\(s\) are already in place/);

    const undoPlan = await runJson(state, ['apply', lab, '--undo', '--dry-run']);
    expect(undoPlan.json.items.every((i: any) => i.status !== 'changed')).toBe(true);
    expect(await machine(state)).toEqual(after);

    const undo = await runJson(state, ['apply', lab, '--undo']);
    expect(undo.code).toBe(0);
    expect(undo.json.operation).toBe('undo');
    expect(undo.json.items[0].kind).toBe('section'); // newest first
    expect(undo.json.items.at(-1).kind).toBe('class');
    expect(await machine(state)).toEqual(before);
    expect((await labRegistry(state))?.values.Rig).toBeUndefined();
    // The mock starts with no HKLM\SOFTWARE: the section created it, so undo removes it.
    expect(await registryKey(state, 'SOFTWARE')).toBeNull();

    const again = await runJson(state, ['apply', lab, '--undo']);
    expect(again.code).toBe(0);
    expect(again.json.summary.total).toBe(0);
  });

  it('undo restores a registry value the section overwrote, and keeps what existed before', async () => {
    const state = tempState();
    // The machine already has the LabRig class and a Rig value before the manifest is applied.
    await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    const backend = await openMachine(state);
    await backend.registry.setValue('HKLM', 'SOFTWARE\\infkit\\lab', 'Rig', { type: 'REG_SZ', data: 'bench-0' });
    await backend.close();

    const applied = await runJson(state, ['apply', lab]);
    expect(applied.json.items.find((i: any) => i.id === `class:${example('infs/labclass.inf')}`).status).toBe('unchanged');
    expect((await labRegistry(state))?.values.Rig).toEqual({ type: 'REG_SZ', data: 'bench-1' });

    await runJson(state, ['apply', lab, '--undo']);
    const values = (await labRegistry(state))?.values;
    expect(values?.Rig).toEqual({ type: 'REG_SZ', data: 'bench-0' });
    expect(values?.Ports).toBeUndefined();
    expect((await machine(state)).classes).toContain(`${LAB_CLASS_GUID} LabRig`); // not ours to remove
  });

  it('undo deletes the keys a section created with their missing parents, and no key that existed', async () => {
    const state = tempState();
    const backend = await openMachine(state);
    await backend.registry.setValue('HKLM', 'SOFTWARE\\Vendor', 'Keep', { type: 'REG_SZ', data: 'yes' });
    await backend.close();

    expect((await runJson(state, ['apply', lab])).code).toBe(0);
    const journal = JSON.parse(readFileSync(path.join(state, 'journals', readdirSync(path.join(state, 'journals')).find((f) => f.endsWith('.json'))!), 'utf8'));
    const section = journal.entries.find((e: any) => e.kind === 'section');
    // SOFTWARE existed; SOFTWARE\infkit (the top-most missing key on the path) did not.
    expect(section.undo.registryKeys).toEqual([{ root: 'HKLM', key: 'SOFTWARE\\infkit' }]);

    expect((await runJson(state, ['apply', lab, '--undo'])).code).toBe(0);
    expect(await registryKey(state, 'SOFTWARE\\infkit')).toBeNull();
    expect((await registryKey(state, 'SOFTWARE'))?.subkeys).toEqual(['Vendor']);
    expect((await registryKey(state, 'SOFTWARE\\Vendor'))?.values).toEqual({ Keep: { type: 'REG_SZ', data: 'yes' } });
  });

  it('resolves relative paths against the manifest folder, from any working directory', async () => {
    const state = tempState();
    const result = await run(['apply', 'lab.yaml', '--backend', 'mock', '--state', state, '--json'], { cwd: exampleDir });
    expect(result.code).toBe(0);
    const elsewhere = await run(['apply', path.relative('/', lab), '--backend', 'mock', '--state', state, '--json'], { cwd: '/' });
    expect(JSON.parse(elsewhere.stdout).summary.changed).toBe(0);
  });
});

describe('an item that fails', () => {
  it('is reported with its error JSON, the other items are applied, and the exit code is 1', async () => {
    const dir = tempState();
    const state = tempState();
    cpSync(path.join(exampleDir, 'infs'), path.join(dir, 'infs'), { recursive: true });
    writeFileSync(
      path.join(dir, 'lab.yaml'),
      'version: 1\nclasses:\n  - name: NoSuchClass\nsections:\n  - inf: infs/labtools.inf\n',
    );
    const result = await runJson(state, ['apply', path.join(dir, 'lab.yaml')]);
    expect(result.code).toBe(1);
    expect(result.json.summary).toEqual({ total: 2, changed: 1, unchanged: 0, failed: 1 });
    const [failed, section] = result.json.items;
    expect(failed).toMatchObject({ kind: 'class', at: '/classes/0', status: 'failed' });
    expect(failed.error).toMatchObject({ error: 'E_NOT_FOUND' });
    expect(failed.error.message).toMatch(/NoSuchClass must exist/);
    expect(section.status).toBe('changed');
  });
});

describe('the progress bar', () => {
  const hasScript = (() => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!hasScript) console.log('skipped: the TTY progress-bar test needs util-linux `script`');

  it.skipIf(!hasScript)('runs on a terminal, and never when stderr is a pipe or with --json', async () => {
    const state = tempState();
    const command = [process.execPath, path.join(projectRoot, 'dist/cli/main.js'), 'apply', lab, '--backend', 'mock', '--state', state]
      .map((a) => `'${a}'`)
      .join(' ');
    const onTerminal = execFileSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(onTerminal).toMatch(/\d\/9 /); // "n/9 <item>" frames of the bar
    const piped = await run(['apply', lab, '--backend', 'mock', '--state', state]);
    expect(piped.stderr).not.toMatch(/\d\/9 /);
    const json = await run(['apply', lab, '--backend', 'mock', '--state', state, '--json']);
    expect(json.stderr).not.toMatch(/\d\/9 /);
    expect(JSON.parse(json.stdout).summary.changed).toBe(0);
  });
});

describe('a manifest with a schema error', () => {
  it('is refused with the path and position of the bad field, exit 2, and nothing applied', async () => {
    const state = tempState();
    const before = await machine(state);
    const manifest = path.join(fixtureDir, 'schema-error.yaml');
    const refused = await run(['apply', manifest, '--backend', 'mock', '--state', state]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${manifest}:6:5:`);
    expect(refused.stderr).toContain("/devices/0: unknown field 'hardwareID'");
    expect(refused.stderr).toContain("/devices/0: missing required field 'hardwareId'");
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    const json = await runJson(state, ['apply', manifest]);
    expect(json.code).toBe(2);
    expect(json.json).toMatchObject({ error: 'E_MANIFEST', file: manifest, line: 6, column: 5 });
    expect(await machine(state)).toEqual(before);
    expect(existsSync(path.join(state, 'journals'))).toBe(false);
  });

  it('names bad values: a GUID, an enum, a reference string with a separator, YAML syntax', async () => {
    const dir = tempState();
    const cases: Array<[string, RegExp]> = [
      ['version: 1\ninterfaceClasses:\n  - guid: "{nope}"\n', /\/interfaceClasses\/0\/guid: must be a GUID/],
      ['version: 1\npackages:\n  - inf: a.inf\n    action: deploy\n', /\/packages\/0\/action: must be one of stage, install/],
      ['version: 1\ndevices:\n  - hardwareId: ROOT\\X\n    interfaces:\n      - class: "{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02}"\n        reference: a/b\n', /reference string may not contain/],
      ['version: 1\nclasses:\n  - inf: a.inf\n    name: System\n', /\/classes\/0: needs exactly one of 'inf', 'guid' or 'name'/],
      ['version: 2\n', /\/version: must be 1/],
      ['version: 1\nclasses: [\n', /not valid YAML/],
    ];
    for (const [text, message] of cases) {
      const file = path.join(dir, 'bad.yaml');
      writeFileSync(file, text);
      const result = await run(['apply', file, '--backend', 'mock', '--state', dir]);
      expect(result.code, text).toBe(2);
      expect(result.stderr, text).toMatch(message);
    }
  });
});

describe('an invalid INF in a manifest', () => {
  it('stops apply before anything changes unless --force', async () => {
    const dir = tempState();
    const state = tempState();
    copyFileSync(path.join(fixtureDir, 'broken-class.inf'), path.join(dir, 'broken-class.inf'));
    writeFileSync(path.join(dir, 'lab.yaml'), 'version: 1\nclasses:\n  - name: System\nsections:\n  - inf: broken-class.inf\n    section: ClassInstall32\n');
    const refused = await run(['apply', path.join(dir, 'lab.yaml'), '--backend', 'mock', '--state', state]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken-class\.inf:\d+:\d+: error INF\d{4}/);
    expect(existsSync(path.join(state, 'journals'))).toBe(false);
  });
});

describe('a process killed during apply', () => {
  it('leaves a consistent state, and a rerun converges; undo still removes everything', async () => {
    const state = tempState();
    const before = await machine(state);
    const journals = path.join(state, 'journals');
    // Kill as soon as the first change is journalled (the apply is then mid-way).
    const child = start(['apply', lab, '--backend', 'mock', '--state', state, '--json']);
    const done = finished(child);
    const deadline = Date.now() + 20_000;
    while (!(existsSync(journals) && readdirSync(journals).some((f) => f.endsWith('.json'))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');

    // Consistent: every command still reads the machine, the journal is whole JSON.
    const middle = await machine(state);
    expect(middle.classes.length).toBeGreaterThanOrEqual(before.classes.length);
    for (const file of readdirSync(journals).filter((f) => f.endsWith('.json'))) {
      expect(() => JSON.parse(readFileSync(path.join(journals, file), 'utf8'))).not.toThrow();
    }

    const rerun = await runJson(state, ['apply', lab]);
    expect(rerun.code).toBe(0);
    expect(rerun.json.summary.failed).toBe(0);
    const converged = await runJson(state, ['apply', lab]);
    expect(converged.json.summary).toEqual({ total: 9, changed: 0, unchanged: 9, failed: 0 });

    // The same end state as an apply that was never interrupted.
    const clean = tempState();
    await runJson(clean, ['apply', lab]);
    const a = await machine(state);
    const b = await machine(clean);
    expect(a.classes).toEqual(b.classes);
    expect(a.drivers).toEqual(b.drivers);
    expect(a.interfaces.length).toBe(b.interfaces.length);

    await runJson(state, ['apply', lab, '--undo']);
    expect(await machine(state)).toEqual(before);
  });
});

// Keep the example's folder usable from a copy (the manifest's paths are relative).
describe('the example copied elsewhere', () => {
  it('applies from its new folder', async () => {
    const copy = path.join(tempState(), 'lab');
    cpSync(exampleDir, copy, { recursive: true });
    const applied = await runJson(tempState(), ['apply', path.join(copy, 'lab.yaml')]);
    expect(applied.code).toBe(0);
    expect(applied.json.manifest).toBe(path.join(copy, 'lab.yaml'));
  });
});
