// A manifest as an ordered list of steps. Each step knows how to see whether its change is
// already present on the machine (observe), what to remember before making it (prepare),
// how to make it (change), and what the change does, for a dry run's forecast (foresee).
// Observation always reads the machine afresh, so a step sees what earlier steps of the same
// run did (or, in a dry run, would do), and a second apply finds everything present.
//
// What an item brings in beside its own change (the class and package a device install
// creates, say) is journalled by the runner (run.ts), which compares the machine's classes,
// interface classes and packages before and after each change.
//
// Order (documented in docs/manifest.md): setup classes, interface classes, packages to
// stage, devices, device interfaces, packages to install on devices, device states
// (enabled, started: once the drivers are in), INF sections.
import path from 'node:path';
import type { Backend, Device, DeviceChangeResult, RegistryAccess, RegistryRoot } from '../backend/types.js';
import { isWinError, WinError } from '../backend/errors.js';
import { CM_PROB } from '../backend/devnode-table.js';
import type { PlatformTarget } from '../inf/types.js';
import { InfkitError } from '../errors.js';
import { normalizeGuid as canonicalGuid } from '../base/guid.js';
import type {
  LabManifest,
  ManifestClass,
  ManifestDevice,
  ManifestInterface,
  ManifestInterfaceClass,
  ManifestPackage,
  ManifestSection,
} from './manifest.js';
import { encodeRegistryValue, sameRegistryValue, type RegistryUndo, type UndoRecord } from './journal.js';
import { classOfInf, interfaceClassesOfInf, sectionRegistryOperations } from './infs.js';
import type { Forecast, MachineView } from './forecast.js';

export type StepKind = 'class' | 'interface-class' | 'package' | 'device' | 'interface' | 'device-state' | 'section';

export interface StepContext {
  backend: Backend;
  /** What observe reads: the backend, or in a dry run its forecast. */
  machine: MachineView;
  target: PlatformTarget;
  /** What the journal records to undo a step done by this or an earlier apply; undefined when none. */
  journaled(id: string): UndoRecord | undefined;
}

export type Observation =
  /** The change is in place; `adopt` describes it for the journal when a killed run made it. */
  | { present: true; detail: string; adopt: UndoRecord }
  | { present: false; detail: string }
  /** The step cannot be carried out (a class that must exist does not). */
  | { present: false; error: InfkitError };

export interface Change {
  /** False when the backend found the change already made (e.g. the package was staged). */
  changed: boolean;
  detail: string;
  undo: UndoRecord;
  rebootRequired: boolean;
}

export interface Step {
  /** Stable id, also the journal key: 'device:ROOT\LABRIG', 'section:infs/labtools.inf#defaultinstall'. */
  id: string;
  /** The id in version 1 journals, which named the INF by its absolute path. */
  legacyId?: string;
  kind: StepKind;
  /** JSON pointer of the item in the manifest. */
  at: string;
  /** What a person reads: 'device ROOT\LABRIG'. */
  title: string;
  observe(ctx: StepContext): Promise<Observation>;
  /** What must be remembered before the change so undo can restore it. */
  prepare?(ctx: StepContext): Promise<UndoRecord>;
  change(ctx: StepContext): Promise<Change>;
  /** What the change does, in a dry run's forecast of the machine. */
  foresee(forecast: Forecast, ctx: StepContext): Promise<void>;
  /**
   * The change can be made again over a whole or half-made one, and leaves it whole. When a
   * killed run left the step pending, apply makes it again even if observe finds it present:
   * observe sees a key, not whether the install section that fills it ran to the end.
   */
  repeatable?: true;
}

/** The steps of a manifest in the order they are applied. */
export function stepsOf(manifest: LabManifest): Step[] {
  return [
    ...manifest.classes.map(classStep),
    ...manifest.interfaceClasses.map(interfaceClassStep),
    ...manifest.packages.filter((p) => p.action === 'stage').map(packageStep),
    ...manifest.devices.map(deviceStep),
    ...manifest.devices.flatMap((d) => d.interfaces.map((i) => interfaceStep(d, i))),
    ...manifest.packages.filter((p) => p.action === 'install').map(packageStep),
    ...manifest.devices.filter((d) => d.enabled !== undefined || d.state !== undefined).map(deviceStateStep),
    ...manifest.sections.map(sectionStep),
  ];
}

/** Every INF a manifest names, once each, in manifest order. */
/** The driver packages a manifest stages or installs: those of its packages and devices. */
export function packageInfsOf(manifest: LabManifest): string[] {
  const all = [...manifest.packages.map((p) => p.inf), ...manifest.devices.map((d) => d.inf)];
  return [...new Set(all.filter((f): f is string => f !== undefined))];
}

export function infsOf(manifest: LabManifest): string[] {
  const all = [
    ...manifest.classes.map((c) => c.inf),
    ...manifest.interfaceClasses.map((c) => c.inf),
    ...manifest.packages.map((p) => p.inf),
    ...manifest.devices.map((d) => d.inf),
    ...manifest.sections.map((s) => s.inf),
  ];
  return [...new Set(all.filter((f): f is string => f !== undefined))];
}

function classStep(item: ManifestClass): Step {
  const { inf } = item;
  const identity = inf ? `${path.basename(inf)}` : (item.guid ?? item.name!);
  const idWith = (file: string | undefined) => `class:${file ?? item.guid ?? item.name!.toLowerCase()}`;
  const find = async (ctx: StepContext) => {
    const classes = await ctx.machine.listClasses();
    if (inf) {
      const { guid } = await classOfInf(inf);
      return classes.find((c) => c.guid === guid);
    }
    if (item.guid) return classes.find((c) => c.guid === item.guid);
    const name = item.name!.toLowerCase();
    return classes.find((c) => c.name.toLowerCase() === name);
  };
  return {
    id: idWith(item.infAsWritten),
    ...(inf !== undefined && { legacyId: idWith(inf) }),
    kind: 'class',
    at: item.at,
    title: `setup class ${identity}`,
    async observe(ctx) {
      const found = await find(ctx);
      if (found) return { present: true, detail: `${found.name} ${found.guid} exists`, adopt: { classGuids: [found.guid] } };
      if (inf) {
        const { guid, name } = await classOfInf(inf);
        return { present: false, detail: `install class ${name} ${guid} from ${path.basename(inf)}` };
      }
      return {
        present: false,
        error: new InfkitError('E_NOT_FOUND', `setup class ${identity} must exist but does not`, {
          hint: 'name the class INF with `inf:` so apply can install it',
        }),
      };
    },
    async change(ctx) {
      const result = await ctx.backend.installClass(inf!);
      return {
        changed: !result.alreadyExisted,
        detail: `${result.alreadyExisted ? 'class already existed' : 'installed class'} ${result.className} ${result.classGuid}`,
        undo: {},
        rebootRequired: result.rebootRequired,
      };
    },
    async foresee(forecast) {
      const { guid, name } = await classOfInf(inf!);
      await forecast.installClass(guid, name);
    },
  };
}

function interfaceClassStep(item: ManifestInterfaceClass): Step {
  const { inf } = item;
  const wanted = async () => (item.guid ? [item.guid] : await interfaceClassesOfInf(inf!));
  const idWith = (file: string | undefined) => `interface-class:${file ?? ''}${file && item.guid ? '#' : ''}${item.guid ?? ''}`;
  return {
    id: idWith(item.infAsWritten),
    ...(inf !== undefined && { legacyId: idWith(inf) }),
    kind: 'interface-class',
    at: item.at,
    repeatable: true,
    title: `interface class${item.guid ? ` ${item.guid}` : 'es'}${inf ? ` from ${path.basename(inf)}` : ''}`,
    async observe(ctx) {
      const existing = new Set((await ctx.machine.listInterfaceClasses()).map((c) => c.guid));
      const guids = await wanted();
      const missing = guids.filter((g) => !existing.has(g));
      if (missing.length === 0) {
        return {
          present: true,
          detail: `${guids.join(', ')} exist${guids.length === 1 ? 's' : ''}`,
          adopt: { interfaceClassGuids: guids },
        };
      }
      if (inf) return { present: false, detail: `install interface class ${missing.join(', ')}` };
      return {
        present: false,
        error: new InfkitError('E_NOT_FOUND', `interface class ${missing.join(', ')} must exist but does not`, {
          hint: 'name the INF whose [InterfaceInstall32] installs it with `inf:`',
        }),
      };
    },
    async change(ctx) {
      const result = await ctx.backend.installInterfaceClasses(inf!, item.guid ? { guid: item.guid } : {});
      const created = result.installed.filter((i) => i.created).map((i) => i.guid);
      return {
        changed: created.length > 0,
        detail: created.length > 0 ? `created interface class ${created.join(', ')}` : 'interface classes already existed',
        undo: {},
        rebootRequired: result.rebootRequired,
      };
    },
    async foresee(forecast) {
      for (const guid of await wanted()) await forecast.installInterfaceClass(guid);
    },
  };
}

function packageStep(item: ManifestPackage): Step {
  const name = path.basename(item.inf);
  const staged = async (machine: MachineView) =>
    (await machine.listDrivers()).find((d) => d.originalName.toLowerCase() === name.toLowerCase());
  const idWith = (file: string) => `package:${item.action}:${file}${item.hardwareId ? `#${item.hardwareId}` : ''}`;
  return {
    id: idWith(item.infAsWritten),
    legacyId: idWith(item.inf),
    kind: 'package',
    at: item.at,
    title: `${item.action === 'install' ? 'install' : 'stage'} driver package ${name}${item.hardwareId ? ` on ${item.hardwareId}` : ''}`,
    async observe(ctx) {
      const found = await staged(ctx.machine);
      // An install is in place when every device with the hardware ID runs this package.
      const runsIt = (d: Device) => d.driver?.originalInf.toLowerCase() === name.toLowerCase();
      const devices = item.action === 'install' && item.hardwareId ? await ctx.machine.listDevices({ hardwareId: item.hardwareId }) : null;
      const devicesReady = devices === null || (devices.length > 0 && devices.every(runsIt));
      if (found && devicesReady) {
        // A pending install may have found the package staged already: what it staged, if
        // anything, the runner's inventory of the machine before it tells.
        const adopt = item.action === 'stage' ? { publishedNames: [found.publishedName] } : {};
        return { present: true, detail: `staged as ${found.publishedName}`, adopt };
      }
      return { present: false, detail: found ? `install ${found.publishedName} on ${item.hardwareId}` : `${item.action} ${name}` };
    },
    async change(ctx) {
      if (item.action === 'stage') {
        const result = await ctx.backend.stageDriver(item.inf);
        return {
          changed: !result.alreadyStaged,
          detail: `${result.alreadyStaged ? 'already staged' : 'staged'} as ${result.publishedName}`,
          undo: {},
          rebootRequired: false,
        };
      }
      const result = await ctx.backend.installDriver({
        inf: item.inf,
        ...(item.hardwareId !== undefined && { hardwareId: item.hardwareId }),
      });
      const publishedName = result.publishedName ?? (await staged(ctx.backend))?.publishedName;
      return {
        changed: true,
        detail: `installed${publishedName ? ` as ${publishedName}` : ''}`,
        undo: {},
        rebootRequired: result.rebootRequired,
      };
    },
    async foresee(forecast) {
      if (item.action === 'stage') await forecast.stage(item.inf);
      else if (item.hardwareId !== undefined) await forecast.installDriver(item.inf, item.hardwareId);
      else await forecast.stage(item.inf); // DiInstallDriver: installed on the devices that match, which the forecast does not model
    },
  };
}

const deviceStepId = (item: ManifestDevice) => `device:${item.hardwareId.toUpperCase()}`;

function deviceStep(item: ManifestDevice): Step {
  return {
    id: deviceStepId(item),
    kind: 'device',
    at: item.at,
    title: `device ${item.hardwareId}`,
    async observe(ctx) {
      const devices = await ctx.machine.listDevices({ hardwareId: item.hardwareId });
      if (devices.length > 0) {
        const ids = devices.map((d) => d.deviceInstanceId).sort();
        return { present: true, detail: `exists as ${ids.join(', ')}`, adopt: { deviceInstanceIds: ids } };
      }
      return { present: false, detail: `create root-enumerated device ${item.hardwareId}` };
    },
    async change(ctx) {
      const classGuid = item.class === undefined ? undefined : canonicalGuid(item.class);
      const result = await ctx.backend.createDevice({
        hardwareId: item.hardwareId,
        ...(classGuid ? { classGuid } : item.class !== undefined && { className: item.class }),
        ...(item.description !== undefined && { description: item.description }),
        ...(item.inf !== undefined && { inf: item.inf }),
      });
      return {
        changed: true,
        detail: `created ${result.deviceInstanceId}`,
        undo: { deviceInstanceIds: [result.deviceInstanceId] },
        rebootRequired: result.rebootRequired,
      };
    },
    foresee: (forecast) => forecast.createDevice(item.hardwareId, item.inf),
  };
}

function interfaceStep(device: ManifestDevice, item: ManifestInterface): Step {
  const deviceIds = async (machine: MachineView) =>
    (await machine.listDevices({ hardwareId: device.hardwareId })).map((d) => d.deviceInstanceId).sort();
  const reference = item.reference === '' ? '' : `\\${item.reference}`;
  return {
    id: `interface:${device.hardwareId.toUpperCase()}:${item.classGuid}:${item.reference.toLowerCase()}`,
    kind: 'interface',
    at: item.at,
    title: `interface ${item.classGuid}${reference} on ${device.hardwareId}`,
    async observe(ctx) {
      const ids = new Set(await deviceIds(ctx.machine));
      const ours = (await ctx.machine.listInterfaces({ classGuid: item.classGuid })).filter(
        (i) => ids.has(i.deviceInstanceId) && i.referenceString.toLowerCase() === item.reference.toLowerCase(),
      );
      if (ids.size > 0 && ours.length >= ids.size) {
        return {
          present: true,
          detail: ours
            .map((i) => i.symbolicLink)
            .sort()
            .join(', '),
          adopt: { symbolicLink: ours[0]!.symbolicLink },
        };
      }
      return { present: false, detail: `register interface ${item.classGuid}${reference}` };
    },
    async change(ctx) {
      const ids = await deviceIds(ctx.backend);
      if (ids.length === 0) {
        throw new InfkitError('E_NOT_FOUND', `no device with hardware ID ${device.hardwareId} to register the interface on`);
      }
      const links: string[] = [];
      let changed = false;
      for (const deviceInstanceId of ids) {
        const result = await ctx.backend.registerInterface({
          deviceInstanceId,
          classGuid: item.classGuid,
          referenceString: item.reference,
        });
        links.push(result.symbolicLink);
        changed ||= result.created;
      }
      return {
        changed,
        detail: `${changed ? 'registered' : 'already registered'} ${links.join(', ')}`,
        undo: { symbolicLink: links[0]! },
        rebootRequired: false,
      };
    },
    async foresee(forecast) {
      for (const id of await deviceIds(forecast)) await forecast.registerInterface(id, item.classGuid, item.reference);
    },
  };
}

const isDisabled = (device: Device) => device.problem?.code === CM_PROB.DISABLED;

/** A device runs: started, with no problem code. */
const isRunning = (device: Device) => device.status.includes('DN_STARTED') && device.problem === null;

/** 'started', 'problem 28 CM_PROB_FAILED_INSTALL', ...: what `infkit devices` would say. */
function runState(device: Device | null): string {
  if (device === null) return 'gone';
  if (device.problem) return `problem ${device.problem.code} ${device.problem.name}`;
  return isRunning(device) ? 'started' : device.present ? 'not started' : 'not present';
}

/**
 * A device item's `enabled` and `state`, once its devices exist and their drivers are
 * installed. Undo gives back the enabled state of each device it toggled, except the
 * devices the item itself created: undo removes those.
 */
function deviceStateStep(item: ManifestDevice): Step {
  const { enabled } = item;
  const wanted = [enabled === undefined ? '' : enabled ? 'enabled' : 'disabled', item.state ?? ''].filter((w) => w !== '').join(', ');
  const devices = (machine: MachineView) => machine.listDevices({ hardwareId: item.hardwareId });
  const needsToggle = (d: Device) => enabled !== undefined && isDisabled(d) === enabled;
  /** What is to be done to `d` ('' when it is as the item asks). */
  const todo = (d: Device) =>
    [needsToggle(d) ? (enabled ? 'enable' : 'disable') : '', item.state === 'started' && (needsToggle(d) || !isRunning(d)) ? 'start' : '']
      .filter((w) => w !== '')
      .join(' and ');
  return {
    id: `device-state:${item.hardwareId.toUpperCase()}`,
    kind: 'device-state',
    at: item.at,
    title: `device ${item.hardwareId} ${wanted}`,
    async observe(ctx) {
      const found = await devices(ctx.machine);
      if (found.length === 0) return { present: false, detail: `make it ${wanted} once it exists` };
      const pending = found.filter((d) => todo(d) !== '');
      if (pending.length === 0) {
        return { present: true, detail: `${found.map((d) => d.deviceInstanceId).join(', ')} ${wanted}`, adopt: {} };
      }
      return { present: false, detail: pending.map((d) => `${todo(d)} ${d.deviceInstanceId} (${runState(d)})`).join(', ') };
    },
    async prepare(ctx) {
      const created = new Set((ctx.journaled(deviceStepId(item))?.deviceInstanceIds ?? []).map((id) => id.toUpperCase()));
      const deviceEnabled = (await devices(ctx.backend))
        .filter((d) => needsToggle(d) && !created.has(d.deviceInstanceId.toUpperCase()))
        .map((d) => ({ deviceInstanceId: d.deviceInstanceId, enabled: !enabled }));
      return deviceEnabled.length > 0 ? { deviceEnabled } : {};
    },
    async change(ctx) {
      const found = await devices(ctx.backend);
      if (found.length === 0) throw new InfkitError('E_NOT_FOUND', `no device with hardware ID ${item.hardwareId} to make ${wanted}`);
      const done: string[] = [];
      let rebootRequired = false;
      const note = (what: string, result: DeviceChangeResult) => {
        if (result.changed) done.push(`${what} ${result.deviceInstanceId}`);
        rebootRequired ||= result.rebootRequired;
      };
      for (const { deviceInstanceId: id } of found) {
        if (enabled !== undefined) note(enabled ? 'enabled' : 'disabled', await ctx.backend.setDeviceEnabled(id, enabled));
        if (item.state !== 'started') continue;
        const device = await ctx.backend.getDevice(id);
        if (device !== null && isRunning(device)) continue;
        let restartError: WinError | undefined;
        try {
          note('restarted', await ctx.backend.restartDevice(id));
        } catch (error) {
          if (!isWinError(error)) throw error;
          restartError = error; // reported with the problem the restart did not cure
        }
        const after = await ctx.backend.getDevice(id);
        if (after === null || !isRunning(after)) throw new DeviceProblemError(id, after, restartError);
      }
      // What undo restores was remembered by prepare, before the change.
      return { changed: done.length > 0, detail: done.length > 0 ? done.join(', ') : `already ${wanted}`, undo: {}, rebootRequired };
    },
    foresee: (forecast) => forecast.setDeviceState(item.hardwareId, enabled, item.state === 'started'),
  };
}

/** A device that does not run after a restart (or a failed one), with its CM_PROB_* problem. */
export class DeviceProblemError extends InfkitError {
  readonly problem: Device['problem'];

  constructor(
    readonly deviceInstanceId: string,
    device: Device | null,
    readonly restartError?: WinError,
  ) {
    const problem = device?.problem ?? null;
    const after = restartError ? `, and its restart failed (${restartError.message})` : ' after a restart';
    super('E_DEVICE_PROBLEM', `${deviceInstanceId} does not run${after}: ${runState(device)}${problem ? ` (${problem.message})` : ''}`, {
      hint: `\`infkit devices --id ${deviceInstanceId} --json\` shows its status, problem and driver`,
    });
    this.problem = problem;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      deviceInstanceId: this.deviceInstanceId,
      problem: this.problem,
      ...(this.restartError && { restart: this.restartError.toJSON() }),
    };
  }
}

function sectionStep(item: ManifestSection): Step {
  const idWith = (file: string) => `section:${file}#${item.section.toLowerCase()}`;
  const id = idWith(item.infAsWritten);
  return {
    id,
    legacyId: idWith(item.inf),
    kind: 'section',
    at: item.at,
    title: `section [${item.section}] of ${path.basename(item.inf)}`,
    async observe(ctx) {
      const operations = await sectionRegistryOperations(item.inf, item.section, ctx.target);
      const pending: string[] = [];
      for (const op of operations) {
        const key = await ctx.machine.registry.readKey(op.root, op.key);
        const current = key?.values[op.name];
        const inPlace =
          op.kind === 'set'
            ? current !== undefined && (op.value === undefined || sameRegistryValue(current, op.value))
            : op.kind === 'key'
              ? key !== null
              : current === undefined;
        if (!inPlace) pending.push(`${op.root}\\${op.key}${op.kind === 'key' ? '' : ` [${op.name || '(default)'}]`}`);
      }
      if (operations.length > 0 && pending.length === 0) {
        return { present: true, detail: `${operations.length} registry value(s) already in place`, adopt: {} };
      }
      // Nothing to compare with the machine (the section only copies files, say): the
      // journal is the only witness that it ran.
      if (operations.length === 0 && ctx.journaled(id) !== undefined) {
        return { present: true, detail: `ran before (apply journal)`, adopt: {} };
      }
      return {
        present: false,
        detail:
          operations.length === 0
            ? `run [${item.section}] (it writes no registry value to compare)`
            : `run [${item.section}]: ${pending.length} registry change(s)`,
      };
    },
    async prepare(ctx) {
      const registryValues: RegistryUndo[] = [];
      const registryKeys: Array<{ root: RegistryRoot; key: string }> = [];
      for (const op of await sectionRegistryOperations(item.inf, item.section, ctx.target)) {
        const snapshot = await ctx.backend.registry.readKey(op.root, op.key);
        // A write creates its key and every missing parent; a DelReg creates nothing.
        const created = snapshot === null && op.kind !== 'delete' ? await topMissingKey(ctx.backend.registry, op.root, op.key) : null;
        // (Each such key's parent exists, so two of them are the same key or apart, never nested.)
        if (created !== null && !registryKeys.some((k) => k.root === op.root && k.key.toLowerCase() === created.toLowerCase())) {
          registryKeys.push({ root: op.root, key: created });
        }
        if (op.kind !== 'key') {
          const previous = snapshot?.values[op.name];
          registryValues.push({ root: op.root, key: op.key, name: op.name, previous: previous ? encodeRegistryValue(previous) : null });
        }
      }
      return { registryValues, registryKeys };
    },
    async change(ctx) {
      const result = await ctx.backend.installSection(item.inf, item.section, { mode: item.mode });
      const failure = result.failures[0];
      if (failure) {
        // The first failure of the section's file queue, as the WinError it is.
        throw new WinError({
          code: failure.code,
          name: failure.name,
          message: `${failure.file ? `${failure.file}: ` : ''}${failure.message}`,
          api: item.mode === 'hinf' ? 'InstallHinfSection' : 'SetupInstallFromInfSection',
          hint: `${result.failures.length} failure(s) while running [${result.section}]`,
        });
      }
      return { changed: true, detail: `ran [${result.section}]`, undo: {}, rebootRequired: result.rebootRequired };
    },
    async foresee(forecast, ctx) {
      forecast.writeRegistry(await sectionRegistryOperations(item.inf, item.section, ctx.target));
    },
  };
}

/**
 * The top-most key that does not exist on the path to `key` (which does not exist): the
 * key a write to `key` creates with all its missing parents. Its parent exists.
 */
async function topMissingKey(registry: RegistryAccess, root: RegistryRoot, key: string): Promise<string> {
  const parts = key.split('\\').filter((p) => p !== '');
  let missing = parts.length;
  while (missing > 1 && (await registry.readKey(root, parts.slice(0, missing - 1).join('\\'))) === null) missing--;
  return parts.slice(0, missing).join('\\');
}
