// The Wine tier's effects scenario, run inside Windows Node against a real backend. It makes
// the changes the issue lists and records what the backend said, so that scripts/wine/test.sh
// can check them through a second path (Wine's registry via `wine reg query`, the prefix's
// files) before `--phase cleanup` undoes them and the checks run again for their absence.
//   node dist-test/test/wine/effects.js --backend native --phase apply|cleanup --out state.json
// Exit code: 0 when every step behaved, 1 when any did not (the state file says which).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Backend } from '../../lib/backend/types.js';
import { exitWith } from './checks-runner.js';
import { PROJECT_ROOT, loadBackend, option, type RealBackendKind } from './load-backend.js';
import { type EffectsState, type Step, WINE_GUIDS, WINE_HARDWARE_ID, WINE_REFERENCE, WINE_SOFTWARE_KEY } from './scenario.js';

const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', 'wine', name);

/**
 * The package to stage. Windows refuses a package without a signed catalog, Wine one whose
 * CatalogFile is absent (docs/wine-gaps.md): under Wine, a package with no CatalogFile line;
 * on Windows, the contract suite's, whose catalog the workflow test-signs.
 */
function packageToStage(wine: boolean): string {
  return wine ? fixture('infkit-wine-driver.inf') : path.join(PROJECT_ROOT, 'test', 'fixtures', 'contract', 'driver.inf');
}

function errorOf(e: unknown): NonNullable<Step['error']> {
  const err = e as { name?: unknown; code?: unknown; api?: unknown; message?: unknown; hint?: unknown };
  return {
    message: String(err?.message ?? e),
    ...(typeof err?.name === 'string' && { name: err.name }),
    ...(err?.code !== undefined && { code: err.code }),
    ...(typeof err?.api === 'string' && { api: err.api }),
    ...(typeof err?.hint === 'string' && { hint: err.hint }),
  };
}

class Recorder {
  readonly steps: Step[] = [];

  /** Runs a step that must succeed; `check` returns a complaint or undefined. */
  async ok<T>(name: string, fn: () => Promise<T>, check: (value: T) => string | undefined = () => undefined): Promise<T | undefined> {
    try {
      const value = await fn();
      const complaint = check(value);
      this.steps.push({ name, ok: complaint === undefined, detail: complaint ?? value });
      return value;
    } catch (e) {
      this.steps.push({ name, ok: false, error: errorOf(e) });
      return undefined;
    }
  }

  /** Runs a step that must fail with this error name (WinError name or InfkitError code). */
  async fails(name: string, expected: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      const value = await fn();
      this.steps.push({ name, ok: false, detail: { expected, butSucceeded: value } });
    } catch (e) {
      const error = errorOf(e);
      const got = error.name === 'InfkitError' ? String(error.code) : error.name;
      this.steps.push({ name, ok: got === expected && (error.name === 'InfkitError' || !!error.api), error });
    }
  }
}

const ieq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

async function apply(backend: Backend, state: EffectsState, r: Recorder): Promise<void> {
  const info = await backend.info();
  const amd64 = info.arch === 'amd64';

  // A setup class from [ClassInstall32], then seen in the class list.
  await r.ok(
    'installClass',
    () => backend.installClass(fixture('class.inf')),
    (v) =>
      v.classGuid === WINE_GUIDS.cls && v.className === 'InfkitWine' && !v.alreadyExisted ? undefined : `unexpected ${JSON.stringify(v)}`,
  );
  await r.ok(
    'listClasses shows the class',
    () => backend.listClasses(),
    (list) => {
      const c = list.find((x) => x.guid === WINE_GUIDS.cls);
      if (!c) return 'not listed';
      if (c.description !== 'infkit Wine tier class' || c.icon !== '-10' || c.upperFilters.join() !== 'infkitflt')
        return `listed as ${JSON.stringify(c)}`;
      return undefined;
    },
  );

  // Two interface classes from [InterfaceInstall32], one with a .NTamd64 section.
  await r.ok(
    'installInterfaceClasses',
    () => backend.installInterfaceClasses(fixture('interfaces.inf')),
    (v) => {
      const got = v.installed.map((i) => `${i.guid}=${i.section}:${i.created}`).join(' ');
      const want = `${WINE_GUIDS.ifaceA}=WineIfaceA.Install:true ${WINE_GUIDS.ifaceB}=${amd64 ? 'WineIfaceB.Install.NTamd64' : 'WineIfaceB.Install'}:true`;
      return got.toLowerCase() === want.toLowerCase() ? undefined : `got ${got}`;
    },
  );

  // DefaultInstall: a file copy and registry values.
  await r.ok(
    'installSection DefaultInstall',
    () => backend.installSection(fixture('defaultinstall.inf'), 'DefaultInstall'),
    (v) => (v.failures.length === 0 && !v.rebootRequired ? undefined : `result ${JSON.stringify(v)}`),
  );

  // A root device with two interfaces (one with a reference string), enumerated.
  const device = await r.ok('createDevice', () =>
    backend.createDevice({ hardwareId: WINE_HARDWARE_ID, classGuid: WINE_GUIDS.system, description: 'infkit Wine tier device' }),
  );
  if (device) {
    state.deviceInstanceId = device.deviceInstanceId;
    const id = device.deviceInstanceId;
    const plain = await r.ok('registerInterface', () =>
      backend.registerInterface({ deviceInstanceId: id, classGuid: WINE_GUIDS.ifaceDevice }),
    );
    const withRef = await r.ok('registerInterface with a reference string', () =>
      backend.registerInterface({ deviceInstanceId: id, classGuid: WINE_GUIDS.ifaceDevice, referenceString: WINE_REFERENCE }),
    );
    state.links = [plain?.symbolicLink, withRef?.symbolicLink].filter((l): l is string => l !== undefined);
    await r.ok(
      'listInterfaces finds both',
      () => backend.listInterfaces({ classGuid: WINE_GUIDS.ifaceDevice }),
      (list) => {
        const mine = list.filter((i) => ieq(i.deviceInstanceId, id));
        const refs = mine
          .map((i) => i.referenceString.toLowerCase())
          .sort()
          .join(',');
        return refs === `,${WINE_REFERENCE}` ? undefined : `listed ${JSON.stringify(mine)}`;
      },
    );
  }

  // A staged driver package (removed in the cleanup phase).
  const staged = await r.ok('stageDriver', () => backend.stageDriver(packageToStage(info.wine)));
  if (staged) state.publishedName = staged.publishedName;

  // Error paths: missing INF, missing section, bad GUID.
  await r.fails('missing INF: installClass', 'ERROR_FILE_NOT_FOUND', () => backend.installClass(fixture('no-such.inf')));
  await r.fails('missing INF: installSection', 'ERROR_FILE_NOT_FOUND', () =>
    backend.installSection(fixture('no-such.inf'), 'DefaultInstall'),
  );
  await r.fails('missing INF: installInterfaceClasses', 'ERROR_FILE_NOT_FOUND', () =>
    backend.installInterfaceClasses(fixture('no-such.inf')),
  );
  await r.fails('missing INF: stageDriver', 'ERROR_FILE_NOT_FOUND', () => backend.stageDriver(fixture('no-such.inf')));
  await r.fails('missing section', 'ERROR_SECTION_NOT_FOUND', () => backend.installSection(fixture('defaultinstall.inf'), 'NoSuchSection'));
  await r.fails('missing [InterfaceInstall32]', 'ERROR_SECTION_NOT_FOUND', () => backend.installInterfaceClasses(fixture('class.inf')));
  await r.fails('bad ClassGUID in the INF', 'ERROR_INVALID_CLASS', () => backend.installClass(fixture('bad-guid.inf')));
  await r.fails('bad GUID argument', 'E_USAGE', () => backend.listInterfaces({ classGuid: '{C0FFEE00-not-a-guid}' }));
  await r.fails('bad reference string', 'ERROR_INVALID_REFERENCE_STRING', () =>
    backend.registerInterface({
      deviceInstanceId: state.deviceInstanceId ?? 'ROOT\\SYSTEM\\0000',
      classGuid: WINE_GUIDS.ifaceDevice,
      referenceString: 'a\\b',
    }),
  );
  await r.fails('unknown device', 'ERROR_NO_SUCH_DEVINST', () => backend.removeDevice('ROOT\\INFKIT_NO_SUCH_DEVICE\\9999'));
}

async function cleanup(backend: Backend, previous: EffectsState | undefined, r: Recorder): Promise<void> {
  if (previous?.deviceInstanceId !== undefined) {
    const id = previous.deviceInstanceId;
    await r.ok('removeDevice', () => backend.removeDevice(id));
    await r.ok(
      'no interface of the removed device is present',
      () => backend.listInterfaces({ classGuid: WINE_GUIDS.ifaceDevice, present: true }),
      (list) => (list.some((i) => ieq(i.deviceInstanceId, id)) ? `still present: ${JSON.stringify(list)}` : undefined),
    );
    await r.ok(
      'listDevices no longer has it',
      () => backend.listDevices({ hardwareId: WINE_HARDWARE_ID }),
      (list) => (list.some((d) => ieq(d.deviceInstanceId, id)) ? 'still listed' : undefined),
    );
  }
  if (previous?.publishedName !== undefined) {
    const name = previous.publishedName;
    // force: Wine's SetupUninstallOEMInf deletes nothing without SUOI_FORCEDELETE (docs/wine-gaps.md).
    await r.ok('removeDriver', () => backend.removeDriver(name, { force: true }));
  }
  for (const guid of [WINE_GUIDS.ifaceA, WINE_GUIDS.ifaceB, WINE_GUIDS.ifaceDevice]) {
    await r.ok(`removeInterfaceClass ${guid}`, () => backend.removeInterfaceClass(guid));
  }
  await r.ok('removeClass', () => backend.removeClass(WINE_GUIDS.cls));
  await r.ok(
    'listClasses no longer shows the class',
    () => backend.listClasses(),
    (list) => (list.some((c) => c.guid === WINE_GUIDS.cls) ? 'still listed' : undefined),
  );
  await r.ok('delete the section key', () => backend.registry.deleteKey('HKLM', WINE_SOFTWARE_KEY));
}

async function main(argv: string[]): Promise<number> {
  const kind = option(argv, 'backend') as RealBackendKind;
  const phase = option(argv, 'phase') as EffectsState['phase'];
  const out = option(argv, 'out');
  const previous =
    phase === 'cleanup' ? (JSON.parse(await readFile(option(argv, 'state'), 'utf8').catch(() => 'null')) as EffectsState | null) : null;
  const backend = await loadBackend(kind);
  const state: EffectsState = { backend: kind, phase, steps: [] };
  const r = new Recorder();
  try {
    if (phase === 'apply') await apply(backend, state, r);
    else await cleanup(backend, previous ?? undefined, r);
  } finally {
    await backend.close();
  }
  state.steps = r.steps;
  await writeFile(out, JSON.stringify(state, null, 2));
  return state.steps.every((s) => s.ok) ? 0 : 1;
}

exitWith(main(process.argv.slice(2)));
