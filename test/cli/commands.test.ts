// Every install/inspection command, run as a child process on the mock machine:
// JSON shapes, exit codes, "nothing to do" on repeats, refusal of an invalid INF.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Operation } from '../../lib/plan/types.js';
import type { Diagnostic } from '../../lib/rules/types.js';
import {
  assertBuilt,
  type ClassJson,
  cleanup,
  example,
  fixtureDir,
  projectRoot,
  LAB_CLASS_GUID,
  LAB_CONTROL_GUID,
  LAB_PORT_GUID,
  run,
  runJson,
  tempState,
} from './helpers.js';

const SYSTEM_GUID = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
const broken = path.join(fixtureDir, 'broken-class.inf');

beforeAll(assertBuilt);
afterAll(cleanup);

describe('infkit classes', () => {
  it('lists the baseline setup classes sorted by name, with their flags', async () => {
    const { code, json } = await runJson(tempState(), ['classes']);
    expect(code).toBe(0);
    const system = json.classes.find((c: ClassJson) => c.guid === SYSTEM_GUID);
    expect(system).toMatchObject({ name: 'System', noInstallClass: false, noDisplayClass: false });
    // The documented keys, in the documented order (icon only when the class has one).
    expect(Object.keys(system).filter((k) => k !== 'icon')).toEqual([
      'guid',
      'name',
      'description',
      'noInstallClass',
      'noDisplayClass',
      'silentInstall',
      'upperFilters',
      'lowerFilters',
    ]);
    const names = json.classes.map((c: ClassJson) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('leaves out NoInstallClass / NoDisplayClass classes with the DIBCI flags', async () => {
    const state = tempState();
    const all = (await runJson(state, ['classes'])).json.classes;
    expect(all.some((c: ClassJson) => c.noInstallClass)).toBe(true);
    expect(all.some((c: ClassJson) => c.noDisplayClass)).toBe(true);
    const installable = (await runJson(state, ['classes', '--exclude-no-install'])).json.classes;
    expect(installable.length).toBeLessThan(all.length);
    expect(installable.some((c: ClassJson) => c.noInstallClass)).toBe(false);
    const displayable = (await runJson(state, ['classes', '--exclude-no-display'])).json.classes;
    expect(displayable.some((c: ClassJson) => c.noDisplayClass)).toBe(false);
  });

  it('prints the same JSON whatever the locale and time zone', async () => {
    const state = tempState();
    const c = await runJson(state, ['classes']);
    // ICU takes the locale at start-up: these runs are processes of their own.
    const de = await runJson(state, ['classes'], {
      env: { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8', TZ: 'Asia/Kolkata' },
      process: true,
    });
    const tr = await runJson(state, ['drivers'], { env: { LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' }, process: true });
    expect(de.stdout).toBe(c.stdout);
    expect(tr.code).toBe(0);
  });
});

describe('infkit install class / interfaces', () => {
  it('installs a class once; the second time is nothing to do (exit 0)', async () => {
    const state = tempState();
    const first = await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    expect(first.code).toBe(0);
    expect(first.json).toEqual({
      dryRun: false,
      inf: example('infs/labclass.inf'),
      classGuid: LAB_CLASS_GUID,
      className: 'LabRig',
      changed: true,
      rebootRequired: false,
    });
    const classes = (await runJson(state, ['classes'])).json.classes;
    expect(classes.find((c: ClassJson) => c.guid === LAB_CLASS_GUID)?.name).toBe('LabRig');
    const second = await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    expect(second.code).toBe(0);
    expect(second.json.changed).toBe(false);
    const text = await run(['install', 'class', example('infs/labclass.inf'), '--backend', 'mock', '--state', state]);
    expect(text.stdout).toMatch(/already exists: nothing to do/);
  });

  it('installs interface classes, only the one named with --guid', async () => {
    const state = tempState();
    const one = await runJson(state, ['install', 'interfaces', example('infs/labiface.inf'), '--guid', LAB_CONTROL_GUID.toLowerCase()]);
    expect(one.code).toBe(0);
    expect(one.json.installed).toEqual([{ guid: LAB_CONTROL_GUID, section: 'LabControl.Interface', created: true }]);
    const all = await runJson(state, ['install', 'interfaces', example('infs/labiface.inf')]);
    expect(all.json.installed.map((i: { guid: string; created: boolean }) => [i.guid, i.created])).toEqual(
      [
        [LAB_PORT_GUID, true],
        [LAB_CONTROL_GUID, false],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    const listed = (await runJson(state, ['interfaces'])).json.interfaceClasses.map((c: ClassJson) => c.guid);
    expect(listed).toEqual(expect.arrayContaining([LAB_PORT_GUID, LAB_CONTROL_GUID]));
    expect(listed).toEqual([...listed].sort());
  });

  it('with --dry-run prints the plan and changes nothing', async () => {
    const state = tempState();
    const dry = await runJson(state, ['install', 'class', example('infs/labclass.inf'), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({ dryRun: true, classGuid: LAB_CLASS_GUID, className: 'LabRig', changed: true, rebootRequired: false });
    expect(dry.json.plan.operations.map((o: Operation) => o.op)).toContain('class-create');
    const classes = (await runJson(state, ['classes'])).json.classes;
    expect(classes.some((c: ClassJson) => c.guid === LAB_CLASS_GUID)).toBe(false);
    // The dry run has the keys of the real run, and the plan.
    const real = await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    expect(Object.keys(dry.json)).toEqual([...Object.keys(real.json), 'plan']);
    const again = await runJson(state, ['install', 'class', example('infs/labclass.inf'), '--dry-run']);
    expect(again.json.changed).toBe(false);
  });

  it('names the missing [ClassInstall32] of an INF without one', async () => {
    const missing = await runJson(tempState(), ['install', 'class', example('infs/labtools.inf')]);
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ error: 'E_NOT_FOUND' });
    expect(missing.json.message).toContain('[ClassInstall32]');
  });
});

describe('refusing an invalid INF', () => {
  it('stops the install with exit 1 and prints the findings as validate does; nothing is installed', async () => {
    const state = tempState();
    const refused = await run(['install', 'class', broken, '--backend', 'mock', '--state', state]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/broken-class\.inf:\d+:\d+: error INF\d{4}: /);
    expect(refused.stderr).toMatch(/E_INF_INVALID/);
    expect(refused.stderr).toMatch(/--force/);
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const asJson = await runJson(state, ['install', 'class', broken]);
    expect(asJson.code).toBe(1);
    expect(asJson.json.error).toBe('E_INF_INVALID');
    expect(asJson.json.files[0].diagnostics.some((d: Diagnostic) => d.severity === 'error' && /^INF\d{4}$/.test(d.code))).toBe(true);
    const classes = (await runJson(state, ['classes'])).json.classes;
    expect(classes.filter((c: ClassJson) => c.name === 'Net')).toHaveLength(1); // the baseline's own
  });

  it('installs anyway with --force, saying so', async () => {
    const forced = await run(['install', 'section', broken, 'ClassInstall32', '--force', '--backend', 'mock', '--state', tempState()]);
    expect(forced.stderr).toMatch(/despite \d+ finding\(s\) that stop an install/);
    expect(forced.code).toBe(0);
  });
});

describe('infkit install package / drivers / remove driver', () => {
  it('stages a package, lists it, is idempotent, and removes it', async () => {
    const state = tempState();
    const staged = await runJson(state, ['install', 'package', example('infs/labrig.inf')]);
    expect(staged.code).toBe(0);
    expect(staged.json).toMatchObject({ inf: example('infs/labrig.inf'), changed: true, rebootRequired: false });
    expect(staged.json.publishedName).toMatch(/^oem\d+\.inf$/);
    const again = await runJson(state, ['install', 'package', example('infs/labrig.inf')]);
    expect(again.json).toMatchObject({ changed: false, publishedName: staged.json.publishedName });

    const drivers = (await runJson(state, ['drivers'])).json.drivers;
    expect(drivers).toHaveLength(1);
    expect(drivers[0]).toMatchObject({ publishedName: staged.json.publishedName, originalName: 'labrig.inf', classGuid: LAB_CLASS_GUID });

    const removed = await runJson(state, ['remove', 'driver', staged.json.publishedName]);
    expect(removed.json).toEqual({ dryRun: false, publishedName: staged.json.publishedName, changed: true, rebootRequired: false });
    expect((await runJson(state, ['drivers'])).json.drivers).toEqual([]);
    const gone = await runJson(state, ['remove', 'driver', staged.json.publishedName]);
    expect(gone.code).toBe(0);
    expect(gone.json).toEqual({ dryRun: false, publishedName: staged.json.publishedName, changed: false, rebootRequired: false });
  });
});

describe('infkit install device / section / remove device', () => {
  it('creates a root-enumerated device with its driver and removes it by hardware ID', async () => {
    const state = tempState();
    await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    const created = await runJson(state, [
      'install',
      'device',
      'ROOT\\LABRIG',
      '--inf',
      example('infs/labrig.inf'),
      '--description',
      'rig',
    ]);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ hardwareId: 'ROOT\\LABRIG', changed: true, rebootRequired: false });
    expect(created.json.deviceInstanceId).toMatch(/^ROOT\\/i);
    const removed = await runJson(state, ['remove', 'device', '--hardware-id', 'ROOT\\LABRIG']);
    expect(removed.json).toEqual({ dryRun: false, removed: [created.json.deviceInstanceId], changed: true, rebootRequired: false });
    const again = await runJson(state, ['remove', 'device', created.json.deviceInstanceId]);
    expect(again.code).toBe(0);
    expect(again.json).toEqual({ dryRun: false, removed: [], changed: false, rebootRequired: false });
    // A pattern that matches nothing is no silent success either.
    const none = await runJson(state, ['remove', 'device', '--hardware-id', 'ROOT\\UX*']);
    expect(none.code).toBe(1);
    expect(none.json.error).toBe('E_NOT_FOUND');
  });

  it('runs a DefaultInstall section; the second run changes nothing and says so', async () => {
    const state = tempState();
    const inf = example('infs/labtools.inf');
    const dry = await runJson(state, ['install', 'section', inf, '--dry-run']);
    expect(dry.json).toMatchObject({ dryRun: true, section: 'DefaultInstall', changed: true });
    const ran = await runJson(state, ['install', 'section', inf]);
    expect(ran.code).toBe(0);
    expect(ran.json).toEqual({ dryRun: false, inf, section: 'DefaultInstall', changed: true, failures: [], rebootRequired: false });
    const again = await runJson(state, ['install', 'section', inf]);
    expect(again.json.changed).toBe(false);
    expect((await runJson(state, ['install', 'section', inf, '--dry-run'])).json.changed).toBe(false);
    const text = await run(['install', 'section', inf, '--backend', 'mock', '--state', state]);
    expect(text.stdout).toMatch(/nothing changed/);
  });

  it('a section that copies files is unchanged the second time', async () => {
    const state = tempState();
    const inf = path.join(projectRoot, 'test/fixtures/contract/defaultinstall.inf');
    expect((await runJson(state, ['install', 'section', inf])).json.changed).toBe(true);
    expect((await runJson(state, ['install', 'section', inf])).json.changed).toBe(false);
  });

  it('reports a missing section as a WinError with exit 1', async () => {
    const missing = await runJson(tempState(), ['install', 'section', example('infs/labtools.inf'), 'NoSuchSection']);
    expect(missing.code).toBe(1);
    expect(missing.json.error).toMatch(/^(WinError|E_NOT_FOUND)$/);
  });
});

describe('infkit remove class / interface-class', () => {
  it('removes a class and an interface class; the second time they are not there: nothing to do', async () => {
    const state = tempState();
    await runJson(state, ['install', 'class', example('infs/labclass.inf')]);
    await runJson(state, ['install', 'interfaces', example('infs/labiface.inf')]);
    const dry = await runJson(state, ['remove', 'class', 'LabRig', '--dry-run']);
    expect(dry.json).toEqual({ dryRun: true, classGuid: LAB_CLASS_GUID, className: 'LabRig', changed: true, rebootRequired: false });
    expect((await runJson(state, ['classes'])).json.classes.some((c: ClassJson) => c.guid === LAB_CLASS_GUID)).toBe(true);
    expect((await runJson(state, ['remove', 'class', 'LabRig'])).json).toEqual({
      dryRun: false,
      classGuid: LAB_CLASS_GUID,
      className: 'LabRig',
      changed: true,
      rebootRequired: false,
    });
    const gone = await runJson(state, ['remove', 'class', LAB_CLASS_GUID]);
    expect([gone.code, gone.json.changed]).toEqual([0, false]);
    expect((await runJson(state, ['remove', 'interface-class', LAB_PORT_GUID])).json).toEqual({
      dryRun: false,
      interfaceClassGuid: LAB_PORT_GUID,
      changed: true,
      rebootRequired: false,
    });
    const left = (await runJson(state, ['interfaces'])).json.interfaceClasses.map((c: ClassJson) => c.guid);
    expect(left).not.toContain(LAB_PORT_GUID);
    expect(left).toContain(LAB_CONTROL_GUID);
  });
});

describe('infkit interfaces --wait', () => {
  it('gives up after --timeout with exit 1 and a clear message', async () => {
    const started = Date.now();
    const waited = await run(['interfaces', '--wait', LAB_PORT_GUID, '--timeout', '600ms', '--backend', 'mock', '--state', tempState()]);
    expect(waited.code).toBe(1);
    expect(waited.stderr).toContain(`no interface of class ${LAB_PORT_GUID} arrived within 0.6s`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('returns as soon as an interface of the class arrives', async () => {
    const state = tempState();
    // The waiter is a process of its own: the apply runs meanwhile, in this one.
    const waiting = runJson(state, ['interfaces', '--wait', LAB_PORT_GUID, '--timeout', '30s'], { process: true });
    await new Promise((r) => setTimeout(r, 300));
    const applied = await runJson(state, ['apply', example('lab.yaml')]);
    expect(applied.code).toBe(0);
    const { code, json } = await waiting;
    expect(code).toBe(0);
    expect(json.interfaceClassGuid).toBe(LAB_PORT_GUID);
    // It returns with the first to arrive (apply registers port0, then port1).
    expect(json.interfaces.length).toBeGreaterThanOrEqual(1);
    for (const i of json.interfaces) {
      expect(i.interfaceClassGuid).toBe(LAB_PORT_GUID);
      expect(['port0', 'port1']).toContain(i.referenceString);
    }
  });
});

describe('usage errors', () => {
  it('exit 2 for an unknown backend, a bad GUID, a bad duration and a missing file', async () => {
    const state = tempState();
    expect((await run(['classes', '--backend', 'dos'])).code).toBe(2);
    expect((await run(['remove', 'interface-class', 'not-a-guid', '--backend', 'mock', '--state', state])).code).toBe(2);
    expect((await run(['interfaces', '--wait', LAB_PORT_GUID, '--timeout', 'soon', '--backend', 'mock', '--state', state])).code).toBe(2);
    const missing = await run(['install', 'class', 'no/such.inf', '--backend', 'mock', '--state', state]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('every command has --help', async () => {
    for (const args of [
      ['install', 'class'],
      ['install', 'device'],
      ['classes'],
      ['interfaces'],
      ['drivers'],
      ['remove', 'device'],
      ['apply'],
    ]) {
      const help = await run([...args, '--help']);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toMatch(/--backend/);
    }
  });
});

describe('reboot required', () => {
  it('exits 3010 (on POSIX the kernel keeps the low byte: 194) and says rebootRequired in JSON', async () => {
    const state = tempState();
    const inf = path.join(projectRoot, 'test/fixtures/contract/defaultinstall.inf');
    const r = await runJson(state, ['install', 'section', inf, 'RebootInstall'], { process: true });
    expect(r.json).toMatchObject({ section: 'RebootInstall', rebootRequired: true });
    expect(r.code).toBe(process.platform === 'win32' ? 3010 : 3010 & 0xff);
    const plain = await runJson(state, ['install', 'section', inf, 'DefaultInstall']);
    expect(plain.json).toMatchObject({ rebootRequired: false });
    expect(plain.code).toBe(0);
  });
});
