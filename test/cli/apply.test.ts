// `infkit apply` end to end on the mock machine: dry run, apply, apply again (nothing
// changes), undo, a manifest with a schema error, a process killed or interrupted mid-apply,
// device state, a dry run compared with the real run, what a device item brings in, paths
// written with `\`, and a journal of version 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import type { ApplyReport, JournalEntry, ReportItem } from '../../lib/apply/index.js';
import path from 'node:path';
import {
  assertBuilt,
  cleanup,
  example,
  exampleDir,
  finished,
  fixtureDir,
  type InterfaceJson,
  LAB_CLASS_GUID,
  LAB_CONTROL_GUID,
  LAB_PORT_GUID,
  openMachine,
  projectRoot,
  run,
  runJson,
  start,
  tempState,
} from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const lab = example('lab.yaml');

/** What a user can see of the machine: classes, staged packages, devices, interfaces. */
async function machine(state: string) {
  const backend = await openMachine(state);
  try {
    const classes = (await backend.listClasses()).map((c) => `${c.guid} ${c.name}`).sort();
    const drivers = (await backend.listDrivers()).map((d) => d.originalName).sort();
    const devices = (await backend.listDevices()).map((d) => d.deviceInstanceId).sort();
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

/** `text` as lab.yaml in a new folder, next to a copy of the example's INFs; returns its path. */
function manifestWith(text: string): string {
  const dir = tempState();
  cpSync(path.join(exampleDir, 'infs'), path.join(dir, 'infs'), { recursive: true });
  writeFileSync(path.join(dir, 'lab.yaml'), text);
  return path.join(dir, 'lab.yaml');
}

/** Waits until an apply on `state` has journalled its first change. */
async function untilJournalled(state: string): Promise<void> {
  const journals = path.join(state, 'journals');
  const deadline = Date.now() + 20_000;
  while (!(existsSync(journals) && readdirSync(journals).some((f) => f.endsWith('.json'))) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The registry values the example's DefaultInstall writes. */
function labRegistry(state: string) {
  return registryKey(state, 'SOFTWARE\\infkit\\lab');
}

/** util-linux `script`, which gives a child process a terminal (the progress-bar tests need one). */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('infkit apply', () => {
  it('dry run shows the difference and changes nothing', async () => {
    const state = tempState();
    const before = await machine(state);
    const dry = await runJson(state, ['apply', lab, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ operation: 'apply', dryRun: true, name: 'labrig-example', manifest: lab, backend: 'mock' });
    const byKind = (kind: string) => dry.json.items.filter((i: ReportItem) => i.kind === kind);
    expect(byKind('class').map((i: ReportItem) => i.status)).toEqual(['would-change', 'unchanged']); // LabRig; System exists
    expect(byKind('device').map((i: ReportItem) => i.status)).toEqual(['would-change']);
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
    expect(first.json.items.map((i: ReportItem) => i.kind)).toEqual([
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
    expect(ports.map((i: InterfaceJson) => i.referenceString)).toEqual(['port0', 'port1']);
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
    expect(undoPlan.json.items.every((i: ReportItem) => i.status !== 'changed')).toBe(true);
    expect(await machine(state)).toEqual(after);

    const undo = await runJson(state, ['apply', lab, '--undo']);
    expect(undo.code).toBe(0);
    expect(undo.json.operation).toBe('undo');
    expect(undo.json.items[0].kind).toBe('section'); // newest first
    expect(undo.json.items.at(-1).kind).toBe('class');
    expect(await machine(state)).toEqual(before);
    expect((await labRegistry(state))?.values.Rig).toBeUndefined();
    // The section created HKLM\SOFTWARE\infkit, so undo removes it.
    expect(await registryKey(state, 'SOFTWARE\\infkit')).toBeNull();

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
    expect(applied.json.items.find((i: ReportItem) => i.id === 'class:infs/labclass.inf').status).toBe('unchanged');
    expect((await labRegistry(state))?.values.Rig).toEqual({ type: 'REG_SZ', data: 'bench-1' });

    await runJson(state, ['apply', lab, '--undo']);
    const values = (await labRegistry(state))?.values;
    expect(values?.Rig).toEqual({ type: 'REG_SZ', data: 'bench-0' });
    expect(values?.Ports).toBeUndefined();
    expect((await machine(state)).classes).toContain(`${LAB_CLASS_GUID} LabRig`); // not ours to remove
  });

  it('undo deletes the keys a section created with their missing parents, and no key that existed', async () => {
    const state = tempState();
    const software = (await registryKey(state, 'SOFTWARE'))?.subkeys ?? [];
    const backend = await openMachine(state);
    await backend.registry.setValue('HKLM', 'SOFTWARE\\Vendor', 'Keep', { type: 'REG_SZ', data: 'yes' });
    await backend.close();

    expect((await runJson(state, ['apply', lab])).code).toBe(0);
    const journal = JSON.parse(
      readFileSync(path.join(state, 'journals', readdirSync(path.join(state, 'journals')).find((f) => f.endsWith('.json'))!), 'utf8'),
    );
    const section = journal.entries.find((e: JournalEntry) => e.kind === 'section');
    // SOFTWARE existed; SOFTWARE\infkit (the top-most missing key on the path) did not.
    expect(section.undo.registryKeys).toEqual([{ root: 'HKLM', key: 'SOFTWARE\\infkit' }]);

    expect((await runJson(state, ['apply', lab, '--undo'])).code).toBe(0);
    expect(await registryKey(state, 'SOFTWARE\\infkit')).toBeNull();
    expect((await registryKey(state, 'SOFTWARE'))?.subkeys.sort()).toEqual([...software, 'Vendor'].sort());
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
    writeFileSync(path.join(dir, 'lab.yaml'), 'version: 1\nclasses:\n  - name: NoSuchClass\nsections:\n  - inf: infs/labtools.inf\n');
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
      [
        'version: 1\ndevices:\n  - hardwareId: ROOT\\X\n    interfaces:\n      - class: "{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F02}"\n        reference: a/b\n',
        /reference string may not contain/,
      ],
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
    writeFileSync(
      path.join(dir, 'lab.yaml'),
      'version: 1\nclasses:\n  - name: System\nsections:\n  - inf: broken-class.inf\n    section: ClassInstall32\n',
    );
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
    await untilJournalled(state);
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

describe('device state in a manifest', () => {
  /** A manifest with these device items, next to a copy of the example's INFs. */
  const labWith = (devices: string) => manifestWith(`version: 1\ndevices:\n${devices}`);

  async function device(state: string, id: string) {
    const backend = await openMachine(state);
    try {
      return await backend.getDevice(id);
    } finally {
      await backend.close();
    }
  }

  it('enabled: false disables a device, a second apply changes nothing, undo enables it again', async () => {
    const state = tempState();
    await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    const { deviceInstanceId } = (await runJson(state, ['install', 'device', 'ROOT\\LABRIG', '--inf', example('infs/labrig.inf')])).json;
    const manifest = labWith('  - hardwareId: ROOT\\LABRIG\n    enabled: false\n');

    const applied = await runJson(state, ['apply', manifest]);
    expect(applied.code).toBe(0);
    expect(applied.json.items.map((i: ReportItem) => [i.kind, i.status])).toEqual([
      ['device', 'unchanged'],
      ['device-state', 'changed'],
    ]);
    expect(await device(state, deviceInstanceId)).toMatchObject({ problem: { code: 22, name: 'CM_PROB_DISABLED' } });

    const again = await runJson(state, ['apply', manifest]);
    expect(again.json.summary).toEqual({ total: 2, changed: 0, unchanged: 2, failed: 0 });

    const undo = await runJson(state, ['apply', manifest, '--undo']);
    expect(undo.code).toBe(0);
    expect(undo.json.items).toMatchObject([{ kind: 'device-state', status: 'changed' }]);
    const enabled = await device(state, deviceInstanceId);
    expect(enabled?.problem).toBeNull();
    expect(enabled?.status).toContain('DN_STARTED');
    expect((await runJson(state, ['apply', manifest, '--undo'])).json.summary.total).toBe(0);
  });

  it('state: started fails the item of a device without a driver, naming its problem', async () => {
    const state = tempState();
    const manifest = labWith('  - hardwareId: ROOT\\NODRIVER\n    state: started\n');
    const result = await runJson(state, ['apply', manifest]);
    expect(result.code).toBe(1);
    const failed = result.json.items.find((i: ReportItem) => i.kind === 'device-state');
    expect(failed).toMatchObject({
      status: 'failed',
      error: { error: 'E_DEVICE_PROBLEM', problem: { code: 28, name: 'CM_PROB_FAILED_INSTALL' } },
    });
    expect(failed.error.message).toMatch(/problem 28 CM_PROB_FAILED_INSTALL/);
    const text = await run(['apply', manifest, '--backend', 'mock', '--state', state]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /failed\s+device ROOT\\NODRIVER started: ROOT\\\w+\\\d{4} does not run after a restart: problem 28 CM_PROB_FAILED_INSTALL/,
    );
  });

  it('refuses state: started with enabled: false before anything is done', async () => {
    const state = tempState();
    const before = await machine(state);
    const manifest = labWith(`  - hardwareId: ROOT\\LABRIG\n    inf: infs/labrig.inf\n    enabled: false\n    state: started\n`);
    const refused = await run(['apply', manifest, '--backend', 'mock', '--state', state]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `${manifest}:3:5: error E_MANIFEST: /devices/0: 'state: started' cannot be met by a device with 'enabled: false'`,
    );
    expect(await machine(state)).toEqual(before);
    expect(existsSync(path.join(state, 'journals'))).toBe(false);
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

// What the real run then does, item by item: a dry run observes a forecast of the machine
// in which the items before have made their changes.
describe('a dry run', () => {
  const outcome = (status: string) => ({ 'would-change': 'changed', 'would-fail': 'failed' })[status] ?? status;
  const outcomes = (report: ApplyReport) => report.items.map((i) => [i.id, outcome(i.status)]);
  const device = '{C7F2A5E0-8B1D-4F3A-9E27-5D1B3C4A6F09}';
  const manifests: Array<[string, string]> = [
    ['the example', readFileSync(lab, 'utf8')],
    ['a device with its driver', 'version: 1\ndevices:\n  - hardwareId: ROOT\\LABRIG\n    inf: infs\\labrig.inf\n'],
    [
      // The device item installs the package: the package item then has nothing to do; the
      // class named after the class INF exists; the new device runs.
      'a package installed by an earlier device item',
      `version: 1\nclasses:\n  - inf: infs/labclass.inf\n  - name: LabRig\npackages:\n  - inf: infs/labrig.inf\n    action: install\n    hardwareId: ROOT\\LABRIG\ndevices:\n  - hardwareId: ROOT\\LABRIG\n    inf: infs/labrig.inf\n    enabled: true\n    state: started\n    interfaces:\n      - class: "${device}"\n`,
    ],
    [
      'a device without a driver, then its package',
      `version: 1\npackages:\n  - inf: infs/labrig.inf\n    action: install\n    hardwareId: ROOT\\LABRIG\ndevices:\n  - hardwareId: ROOT\\LABRIG\n    class: System\n    interfaces:\n      - class: "${device}"\n        reference: a\n`,
    ],
    [
      // The second section writes what the first wrote.
      'two sections writing the same value',
      'version: 1\nsections:\n  - inf: infs/labtools.inf\n  - inf: infs/labtools.inf\n    section: DefaultInstall\n    mode: hinf\n',
    ],
  ];

  it.each(manifests)('of %s predicts the real run, and so does the undo dry run', async (_, text) => {
    const state = tempState();
    const manifest = manifestWith(text);
    const dry = await runJson(state, ['apply', manifest, '--dry-run']);
    const real = await runJson(state, ['apply', manifest]);
    expect(real.json.summary.failed).toBe(0);
    expect(outcomes(dry.json)).toEqual(outcomes(real.json));
    expect(dry.code).toBe(real.code);
    const again = await runJson(state, ['apply', manifest, '--dry-run']);
    expect(again.json.summary.changed).toBe(0);
    const undoDry = await runJson(state, ['apply', manifest, '--undo', '--dry-run']);
    const undo = await runJson(state, ['apply', manifest, '--undo']);
    expect(outcomes(undoDry.json)).toEqual(outcomes(undo.json));
  });
});

describe('what a device item brings in', () => {
  it('is journalled and undone: the device, the package it staged and the class it created', async () => {
    const state = tempState();
    const before = await machine(state);
    const manifest = manifestWith('version: 1\ndevices:\n  - hardwareId: ROOT\\LABRIG\n    inf: infs/labrig.inf\n');
    const applied = await runJson(state, ['apply', manifest]);
    expect(applied.code).toBe(0);
    const after = await machine(state);
    expect(after.drivers).toEqual(['labrig.inf']);
    expect(after.classes).toContain(`${LAB_CLASS_GUID} LabRig`);

    const undo = await runJson(state, ['apply', manifest, '--undo']);
    expect(undo.code).toBe(0);
    expect(undo.json.items).toHaveLength(1);
    expect(undo.json.items[0].detail).toMatch(/^removed: device ROOT\\LABRIG\\\d{4}; driver package oem\d+\.inf; setup class \{6B5C2A10/);
    expect(await machine(state)).toEqual(before);
  });

  it('keeps what existed before: a class and a package already there are not removed', async () => {
    const state = tempState();
    await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    expect((await runJson(state, ['install', 'package', example('infs/labrig.inf')])).code).toBe(0);
    const before = await machine(state);
    expect(before.drivers).toEqual(['labrig.inf']);
    const manifest = manifestWith('version: 1\ndevices:\n  - hardwareId: ROOT\\LABRIG\n    inf: infs/labrig.inf\n');
    await runJson(state, ['apply', manifest]);
    await runJson(state, ['apply', manifest, '--undo']);
    expect(await machine(state)).toEqual(before);
  });
});

describe('INF paths in a manifest', () => {
  it('may use \\ or / on any OS; item ids name them as written, with /', async () => {
    const state = tempState();
    const manifest = manifestWith(
      'version: 1\nclasses:\n  - inf: infs\\labclass.inf\npackages:\n  - inf: .\\infs\\labrig.inf\nsections:\n  - inf: infs/labtools.inf\n',
    );
    const applied = await runJson(state, ['apply', manifest]);
    expect(applied.code).toBe(0);
    expect(applied.json.items.map((i: ReportItem) => [i.id, i.status])).toEqual([
      ['class:infs/labclass.inf', 'changed'],
      ['package:stage:./infs/labrig.inf', 'changed'],
      ['section:infs/labtools.inf#defaultinstall', 'changed'],
    ]);
    expect(JSON.stringify(applied.json.items)).not.toContain(path.dirname(manifest));
  });

  it('a version 1 journal (absolute paths in ids, one class and package per entry) is read, and undo takes everything back', async () => {
    const state = tempState();
    const before = await machine(state);
    const manifest = manifestWith(readFileSync(lab, 'utf8'));
    await runJson(state, ['apply', manifest]);
    const journals = path.join(state, 'journals');
    const file = path.join(journals, readdirSync(journals).find((f) => f.endsWith('.json'))!);
    // As infkit wrote it before version 2.
    const v2 = JSON.parse(readFileSync(file, 'utf8'));
    const dir = path.dirname(manifest);
    const v1 = {
      version: 1,
      manifest: v2.manifest,
      entries: v2.entries.map(({ undo: { classGuids, publishedNames, ...undo }, ...entry }: JournalEntry) => ({
        ...entry,
        id: entry.id.replace(/^(class|interface-class|package:stage|section):infs\//, `$1:${dir}/infs/`),
        undo: { ...undo, ...(classGuids && { classGuid: classGuids[0] }), ...(publishedNames && { publishedName: publishedNames[0] }) },
      })),
    };
    expect(JSON.stringify(v1)).toContain(`class:${dir}/infs/labclass.inf`);
    writeFileSync(file, JSON.stringify(v1));

    const again = await runJson(state, ['apply', manifest]);
    expect(again.json.summary).toEqual({ total: 9, changed: 0, unchanged: 9, failed: 0 });
    const undo = await runJson(state, ['apply', manifest, '--undo']);
    expect(undo.code).toBe(0);
    expect(undo.json.items.map((i: ReportItem) => i.id)).toContain('class:infs/labclass.inf');
    expect(await machine(state)).toEqual(before);
  });

  it('a journal of an unknown version is a clear error', async () => {
    const state = tempState();
    await runJson(state, ['apply', lab]);
    const journals = path.join(state, 'journals');
    const file = path.join(journals, readdirSync(journals).find((f) => f.endsWith('.json'))!);
    writeFileSync(file, JSON.stringify({ version: 9, entries: [] }));
    const result = await runJson(state, ['apply', lab, '--undo']);
    expect(result.code).toBe(2);
    expect(result.json).toMatchObject({ error: 'E_IO' });
    expect(result.json.message).toMatch(/version 9 is not one this infkit reads/);
  });
});

describe('SIGINT and SIGTERM during apply', () => {
  /** A manifest of `count` section items, each writing one value. */
  function manySections(count: number): string {
    const sections = Array.from(
      { length: count },
      (_, i) => `[S${i}]\nAddReg = S${i}.AddReg\n\n[S${i}.AddReg]\nHKLM,"SOFTWARE\\infkit\\many",V${i},0x00010001,${i}\n`,
    );
    const manifest = manifestWith(
      `version: 1\nsections:\n${sections.map((_, i) => `  - inf: infs\\many.inf\n    section: S${i}\n`).join('')}`,
    );
    writeFileSync(
      path.join(path.dirname(manifest), 'infs', 'many.inf'),
      `[Version]\nSignature = "$WINDOWS NT$"\nProvider = lab\nDriverVer = 11/20/2026,1.0.0.0\n\n${sections.join('\n')}`,
    );
    return manifest;
  }

  /** Every temporary file below `dir`. */
  const temps = (dir: string) => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'));

  /** Starts an apply of 60 items, sends `signal` once its first item is journalled. */
  async function interrupt(signal: NodeJS.Signals, flags: string[]) {
    const state = tempState();
    const manifest = manySections(60);
    const child: ChildProcess = start(['apply', manifest, '--backend', 'mock', '--state', state, ...flags]);
    const done = finished(child);
    await untilJournalled(state);
    child.kill(signal);
    return { ...(await done), state, manifest };
  }

  it('SIGINT: the items done so far as JSON, exit 130, no temporary file; a rerun completes', async () => {
    const { code, stdout, state, manifest } = await interrupt('SIGINT', ['--json']);
    expect(code).toBe(130);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ operation: 'apply', interrupted: true, planned: 60 });
    const done = report.items.length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(60);
    expect(report.items.every((i: ReportItem) => i.status === 'changed')).toBe(true);
    expect(temps(state)).toEqual([]);

    const rerun = await runJson(state, ['apply', manifest]);
    expect(rerun.code).toBe(0);
    expect(rerun.json).toMatchObject({ interrupted: false, planned: 60 });
    expect(rerun.json.summary).toEqual({ total: 60, changed: 60 - done, unchanged: done, failed: 0 });
    const undo = await runJson(state, ['apply', manifest, '--undo']);
    expect(undo.json.summary).toMatchObject({ total: 60, changed: 60, failed: 0 });
  });

  it('SIGTERM: says how far it got, exit 143', async () => {
    const { code, stdout, state } = await interrupt('SIGTERM', []);
    expect(code).toBe(143);
    expect(stdout).toMatch(/apply of lab\.yaml: interrupted after \d+ of 60 items/);
    expect(temps(state)).toEqual([]);
  });

  it.skipIf(!hasScript)('on a terminal, shows the cursor the progress bar hid', async () => {
    const state = tempState();
    const manifest = manySections(60);
    const apply = [process.execPath, path.join(projectRoot, 'dist/cli/main.js'), 'apply', manifest, '--backend', 'mock', '--state', state]
      .map((a) => `'${a}'`)
      .join(' ');
    const script = path.join(state, 'interrupt.sh');
    writeFileSync(
      script,
      `${apply} & p=$!\nuntil ls '${state}'/journals/*.json >/dev/null 2>&1; do sleep 0.01; done\nkill -INT $p\nwait $p\necho "exit $?"\n`,
    );
    const onTerminal = execFileSync('script', ['-qec', `sh '${script}'`, '/dev/null'], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(onTerminal).toMatch(/interrupted after \d+ of 60 items/);
    expect(onTerminal).toMatch(/exit 130/);
    expect(onTerminal.lastIndexOf('\x1b[?25h')).toBeGreaterThan(onTerminal.lastIndexOf('\x1b[?25l'));
  });
});
