// A manifest as an ordered list of steps. Each step knows how to see whether its change is
// already present on the machine (observe), what to remember before making it (prepare),
// and how to make it (change). Observation always reads the backend afresh, so a step
// sees what earlier steps of the same run did, and a second apply finds everything present.
//
// Order (documented in docs/manifest.md): setup classes, interface classes, packages to
// stage, devices, device interfaces, packages to install on devices, INF sections.
import path from 'node:path';
import type { Backend, RegistryAccess, RegistryRoot } from '../backend/types.js';
import { WinError } from '../backend/errors.js';
import type { PlatformTarget } from '../inf/types.js';
import { InfkitError } from '../errors.js';
import { normalizeGuid as canonicalGuid } from '../plan/context.js';
import type { LabManifest, ManifestClass, ManifestDevice, ManifestInterface, ManifestInterfaceClass, ManifestPackage, ManifestSection } from './manifest.js';
import { encodeRegistryValue, sameRegistryValue, type RegistryUndo, type UndoRecord } from './journal.js';
import { classOfInf, interfaceClassesOfInf, sectionRegistryOperations } from './infs.js';

export type StepKind = 'class' | 'interface-class' | 'package' | 'device' | 'interface' | 'section';

export interface StepContext {
  backend: Backend;
  target: PlatformTarget;
  /** Whether the journal records this step as done by an earlier apply. */
  journaled(id: string): boolean;
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
  /** Stable id, also the journal key: 'device:ROOT\LABRIG'. */
  id: string;
  kind: StepKind;
  /** JSON pointer of the item in the manifest. */
  at: string;
  /** What a person reads: 'device ROOT\LABRIG'. */
  title: string;
  observe(ctx: StepContext): Promise<Observation>;
  /** What must be remembered before the change so undo can restore it. */
  prepare?(ctx: StepContext): Promise<UndoRecord>;
  change(ctx: StepContext): Promise<Change>;
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
    ...manifest.sections.map(sectionStep),
  ];
}

/** Every INF a manifest names, once each, in manifest order. */
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
  const find = async (ctx: StepContext) => {
    const classes = await ctx.backend.listClasses();
    if (inf) {
      const { guid } = await classOfInf(inf);
      return classes.find((c) => c.guid === guid);
    }
    if (item.guid) return classes.find((c) => c.guid === item.guid);
    const name = item.name!.toLowerCase();
    return classes.find((c) => c.name.toLowerCase() === name);
  };
  return {
    id: `class:${inf ?? item.guid ?? item.name!.toLowerCase()}`,
    kind: 'class',
    at: item.at,
    title: `setup class ${identity}`,
    async observe(ctx) {
      const found = await find(ctx);
      if (found) return { present: true, detail: `${found.name} ${found.guid} exists`, adopt: { classGuid: found.guid } };
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
        undo: result.alreadyExisted ? {} : { classGuid: result.classGuid },
        rebootRequired: result.rebootRequired,
      };
    },
  };
}

function interfaceClassStep(item: ManifestInterfaceClass): Step {
  const { inf } = item;
  const wanted = async () => (item.guid ? [item.guid] : await interfaceClassesOfInf(inf!));
  return {
    id: `interface-class:${inf ?? ''}${inf && item.guid ? '#' : ''}${item.guid ?? ''}`,
    kind: 'interface-class',
    at: item.at,
    title: `interface class${item.guid ? ` ${item.guid}` : 'es'}${inf ? ` from ${path.basename(inf)}` : ''}`,
    async observe(ctx) {
      const existing = new Set((await ctx.backend.listInterfaceClasses()).map((c) => c.guid));
      const guids = await wanted();
      const missing = guids.filter((g) => !existing.has(g));
      if (missing.length === 0) {
        return { present: true, detail: `${guids.join(', ')} exist${guids.length === 1 ? 's' : ''}`, adopt: { interfaceClassGuids: guids } };
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
        undo: created.length > 0 ? { interfaceClassGuids: created } : {},
        rebootRequired: result.rebootRequired,
      };
    },
  };
}

function packageStep(item: ManifestPackage): Step {
  const name = path.basename(item.inf);
  const staged = async (ctx: StepContext) =>
    (await ctx.backend.listDrivers()).find((d) => d.originalName.toLowerCase() === name.toLowerCase());
  return {
    id: `package:${item.action}:${item.inf}${item.hardwareId ? `#${item.hardwareId}` : ''}`,
    kind: 'package',
    at: item.at,
    title: `${item.action === 'install' ? 'install' : 'stage'} driver package ${name}${item.hardwareId ? ` on ${item.hardwareId}` : ''}`,
    async observe(ctx) {
      const found = await staged(ctx);
      // The Backend interface does not say which driver a device runs, so an install
      // counts as present when the package is staged and its devices exist.
      const devicesReady =
        item.action === 'stage' || !item.hardwareId || (await ctx.backend.listDevices({ hardwareId: item.hardwareId })).length > 0;
      if (found && devicesReady) {
        return { present: true, detail: `staged as ${found.publishedName}`, adopt: { publishedName: found.publishedName } };
      }
      return { present: false, detail: found ? `install ${found.publishedName} on ${item.hardwareId}` : `${item.action} ${name}` };
    },
    async change(ctx) {
      if (item.action === 'stage') {
        const result = await ctx.backend.stageDriver(item.inf);
        return {
          changed: !result.alreadyStaged,
          detail: `${result.alreadyStaged ? 'already staged' : 'staged'} as ${result.publishedName}`,
          undo: result.alreadyStaged ? {} : { publishedName: result.publishedName },
          rebootRequired: false,
        };
      }
      const before = await staged(ctx);
      const result = await ctx.backend.installDriver({ inf: item.inf, ...(item.hardwareId !== undefined && { hardwareId: item.hardwareId }) });
      const publishedName = result.publishedName ?? (await staged(ctx))?.publishedName;
      return {
        changed: true,
        detail: `installed${publishedName ? ` as ${publishedName}` : ''}`,
        undo: !before && publishedName ? { publishedName } : {},
        rebootRequired: result.rebootRequired,
      };
    },
  };
}

function deviceStep(item: ManifestDevice): Step {
  return {
    id: `device:${item.hardwareId.toUpperCase()}`,
    kind: 'device',
    at: item.at,
    title: `device ${item.hardwareId}`,
    async observe(ctx) {
      const devices = await ctx.backend.listDevices({ hardwareId: item.hardwareId });
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
  };
}

function interfaceStep(device: ManifestDevice, item: ManifestInterface): Step {
  const deviceIds = async (ctx: StepContext) =>
    (await ctx.backend.listDevices({ hardwareId: device.hardwareId })).map((d) => d.deviceInstanceId).sort();
  const reference = item.reference === '' ? '' : `\\${item.reference}`;
  return {
    id: `interface:${device.hardwareId.toUpperCase()}:${item.classGuid}:${item.reference.toLowerCase()}`,
    kind: 'interface',
    at: item.at,
    title: `interface ${item.classGuid}${reference} on ${device.hardwareId}`,
    async observe(ctx) {
      const ids = new Set(await deviceIds(ctx));
      const ours = (await ctx.backend.listInterfaces({ classGuid: item.classGuid })).filter(
        (i) => ids.has(i.deviceInstanceId) && i.referenceString.toLowerCase() === item.reference.toLowerCase(),
      );
      if (ids.size > 0 && ours.length >= ids.size) {
        return { present: true, detail: ours.map((i) => i.symbolicLink).sort().join(', '), adopt: { symbolicLink: ours[0]!.symbolicLink } };
      }
      return { present: false, detail: `register interface ${item.classGuid}${reference}` };
    },
    async change(ctx) {
      const ids = await deviceIds(ctx);
      if (ids.length === 0) {
        throw new InfkitError('E_NOT_FOUND', `no device with hardware ID ${device.hardwareId} to register the interface on`);
      }
      const links: string[] = [];
      let changed = false;
      for (const deviceInstanceId of ids) {
        const result = await ctx.backend.registerInterface({ deviceInstanceId, classGuid: item.classGuid, referenceString: item.reference });
        links.push(result.symbolicLink);
        changed ||= result.created;
      }
      return { changed, detail: `${changed ? 'registered' : 'already registered'} ${links.join(', ')}`, undo: { symbolicLink: links[0]! }, rebootRequired: false };
    },
  };
}

function sectionStep(item: ManifestSection): Step {
  const id = `section:${item.inf}#${item.section.toLowerCase()}`;
  return {
    id,
    kind: 'section',
    at: item.at,
    title: `section [${item.section}] of ${path.basename(item.inf)}`,
    async observe(ctx) {
      const operations = await sectionRegistryOperations(item.inf, item.section, ctx.target);
      const pending: string[] = [];
      for (const op of operations) {
        const key = await ctx.backend.registry.readKey(op.root, op.key);
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
      if (operations.length === 0 && ctx.journaled(id)) {
        return { present: true, detail: `ran before (apply journal)`, adopt: {} };
      }
      return {
        present: false,
        detail: operations.length === 0 ? `run [${item.section}] (it writes no registry value to compare)` : `run [${item.section}]: ${pending.length} registry change(s)`,
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
