// `infkit install class|interfaces|section|package|device`: one install action each,
// after the INF passes validation (or --force). Exit 0 done or nothing to do, 1 failed,
// 3010 done but a reboot is required. `changed` is false when the machine is the same
// afterwards. With --dry-run the same keys say what the install would do, with its plan.
// JSON shapes: docs/cli.md.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  buildPlan,
  DEFAULT_SYSTEM_ROOT,
  formatPlan,
  planToJson,
  type BuildPlanOptions,
  type MachineFacts,
  type Operation,
  type Plan,
} from '../../plan/index.js';
import { readInf } from '../../apply/infs.js';
import { encodeRegistryValue, sameRegistryValue } from '../../apply/journal.js';
import { normalizeGuid } from '../../base/guid.js';
import type { Backend, Device, ListDevicesOptions, RegistryKeySnapshot, RegistryRoot } from '../../backend/types.js';
import { sorted } from './devices.js';
import { machineFacts } from './plan.js';
import {
  addCommonOptions,
  commonOptions,
  compare,
  finish,
  readMachineFile,
  requireGuid,
  setupClassArg,
  checkTrustBeforeInstall,
  validateBeforeInstall,
  withBackend,
  type CommonOptions,
} from '../options.js';

/** What every install reports, with or without --dry-run. */
interface Outcome {
  changed: boolean;
  rebootRequired: boolean;
}

export function register(program: Command): void {
  const install = program
    .command('install')
    .description('install a setup class, interface classes, an INF section, a driver package or a test device');

  addCommonOptions(install.command('class').argument('<inf>', 'INF with a [ClassInstall32] section'), { dryRun: true, force: true })
    .description('install the setup class of an INF ([ClassInstall32]; ignored when the class exists)')
    .action(async (inf: string, raw: Record<string, unknown>) => {
      await planned(inf, { kind: 'class' }, commonOptions(raw), {
        async predict(_b, plan) {
          const op = plan.operations.find((o) => o.op === 'class-create' || o.op === 'class-skip-existing') as Extract<
            Operation,
            { classGuid: string; className: string }
          >;
          return {
            classGuid: normalizeGuid(op.classGuid) ?? op.classGuid,
            className: op.className,
            changed: op.op === 'class-create',
            rebootRequired: plan.rebootRequired,
          };
        },
        async run(b) {
          const result = await b.installClass(inf);
          return {
            classGuid: result.classGuid,
            className: result.className,
            changed: !result.alreadyExisted,
            rebootRequired: result.rebootRequired,
          };
        },
        text: (r) =>
          r.changed
            ? `installed class ${r.className} ${r.classGuid}`
            : `class ${r.className} ${r.classGuid} already exists: nothing to do ([ClassInstall32] is ignored)`,
      });
    });

  addCommonOptions(install.command('interfaces').argument('<inf>', 'INF with an [InterfaceInstall32] section'), {
    dryRun: true,
    force: true,
  })
    .description('install the interface classes of an INF ([InterfaceInstall32])')
    .option('--guid <guid>', 'only this interface class')
    .action(async (inf: string, raw: Record<string, unknown>) => {
      const guid = typeof raw.guid === 'string' ? requireGuid(raw.guid) : undefined;
      await planned(inf, { kind: 'interfaces', ...(guid && { interfaceGuid: guid }) }, commonOptions(raw), {
        async predict(b, plan) {
          const existing = new Set((await b.listInterfaceClasses()).map((c) => c.guid));
          const installed = plan.operations.flatMap((o) =>
            o.op === 'interface-class-create' ? [{ guid: normalizeGuid(o.interfaceGuid) ?? o.interfaceGuid, section: o.section }] : [],
          );
          return interfacesOutcome(
            installed.map((i) => ({ ...i, created: !existing.has(i.guid) })),
            plan.rebootRequired,
          );
        },
        async run(b) {
          const result = await b.installInterfaceClasses(inf, guid ? { guid } : {});
          return interfacesOutcome(result.installed, result.rebootRequired);
        },
        text: (r) => r.installed.map((i) => `${i.created ? 'created' : 'exists '} ${i.guid} [${i.section}]`),
      });
    });

  addCommonOptions(install.command('section').argument('<inf>', 'the INF').argument('[section]', 'install section', 'DefaultInstall'), {
    dryRun: true,
    force: true,
  })
    .description('run an INF install section (SetupInstallFromInfSection, or InstallHinfSection with --mode hinf)')
    .addOption(new Option('--mode <mode>', 'how the section is run').choices(['setupapi', 'hinf']).default('setupapi'))
    .action(async (inf: string, section: string, raw: Record<string, unknown>) => {
      const mode = raw.mode as 'setupapi' | 'hinf';
      const chosen = (plan: Plan) => plan.sections[0]?.chosen ?? section;
      await planned(inf, { kind: 'section', section }, commonOptions(raw), {
        async predict(b, plan) {
          return { section: chosen(plan), changed: !(await inPlace(b, plan)), failures: [], rebootRequired: plan.rebootRequired };
        },
        async run(b, plan) {
          const before = await touched(b, plan);
          const result = await b.installSection(inf, section, { mode });
          const changed = before === null || before !== (await touched(b, plan));
          return { section: result.section, changed, failures: result.failures, rebootRequired: result.rebootRequired };
        },
        text: (r) =>
          r.failures.length > 0
            ? [
                `[${r.section}] ran with ${r.failures.length} failure(s):`,
                ...r.failures.map((f) => `  ${f.file ?? ''} ${f.name}: ${f.message}`),
              ]
            : r.changed
              ? `ran [${r.section}]`
              : `ran [${r.section}]: nothing changed, everything it writes was already in place`,
        failed: (r) => r.failures.length > 0,
      });
    });

  addCommonOptions(install.command('package').argument('<inf>', 'driver package INF'), { dryRun: true, force: true })
    .description('stage a driver package in the driver store; with --hardware-id also install it on those devices')
    .option('--hardware-id <id>', 'install on the devices with this hardware ID (UpdateDriverForPlugAndPlayDevices)')
    .action(async (inf: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const hardwareId = typeof raw.hardwareId === 'string' ? raw.hardwareId : undefined;
      await planned(inf, { kind: 'package' }, options, {
        predict: (b, _plan, machine) => installPackage(b, inf, hardwareId, machine, options),
        run: (b, _plan, machine) => installPackage(b, inf, hardwareId, machine, options),
        text: (r) =>
          r.devices
            ? r.devices.map((d) =>
                !d.changed
                  ? `${d.deviceInstanceId} already runs ${d.driver?.publishedName}: nothing to do`
                  : `${d.deviceInstanceId} now runs ${d.driver?.publishedName ?? 'no driver'}`,
              )
            : r.changed
              ? `staged ${path.basename(inf)} as ${r.publishedName}`
              : `${path.basename(inf)} is already staged as ${r.publishedName}: nothing to do`,
      });
    });

  addCommonOptions(install.command('device').argument('<hardware-id>', 'hardware ID of the new root-enumerated device'), {
    dryRun: true,
    force: true,
  })
    .description(
      'create a root-enumerated test device (like devcon install), optionally installing a driver on it; nothing to do when one with this hardware ID exists',
    )
    .option('--inf <inf>', 'driver package to install on the device')
    .option('--class <guid|name>', "setup class of the device (default: the INF's class, else System)")
    .option('--description <text>', 'device description')
    .option('--another', 'create one more device even when a root device with this hardware ID exists')
    .action(async (hardwareId: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const inf = typeof raw.inf === 'string' ? raw.inf : undefined;
      const cls = typeof raw.class === 'string' ? setupClassArg(raw.class) : undefined;
      if (inf) {
        await validateBeforeInstall([inf], options);
        await checkTrustBeforeInstall([inf], options);
      }
      const result = await withBackend(options, async (b) => {
        const existing = raw.another === true ? undefined : (await devicesWithHardwareId(b, hardwareId, { instanceId: 'ROOT\\*' }))[0];
        if (existing !== undefined) return { deviceInstanceId: existing.deviceInstanceId, changed: false, rebootRequired: false };
        if (options.dryRun) return { deviceInstanceId: null, changed: true, rebootRequired: false };
        const created = await b.createDevice({
          hardwareId,
          ...(cls && ('guid' in cls ? { classGuid: cls.guid } : { className: cls.name })),
          ...(typeof raw.description === 'string' && { description: raw.description }),
          ...(inf !== undefined && { inf }),
        });
        return { deviceInstanceId: created.deviceInstanceId, changed: true, rebootRequired: created.rebootRequired };
      });
      finish(options, {
        json: { dryRun: options.dryRun, hardwareId, ...(inf && { inf: path.resolve(inf) }), ...result },
        text: !result.changed
          ? `${result.deviceInstanceId} has the hardware ID ${hardwareId}: nothing to do (--another makes one more)`
          : options.dryRun
            ? `would create a root-enumerated device ${hardwareId}${inf ? ` with ${path.basename(inf)}` : ''}`
            : `created ${result.deviceInstanceId}`,
        rebootRequired: result.rebootRequired,
      });
    });
}

/**
 * Validates the INF (refusing it on findings that stop an install unless --force) and plans
 * the install for the backend's machine (an INF without the section asked for fails here,
 * naming it). Then either runs the install, or with --dry-run predicts its outcome and adds
 * the plan. Both print the same keys: `{ dryRun, inf, ...outcome, plan? }`.
 */
async function planned<R extends Outcome>(
  inf: string,
  kind: Omit<BuildPlanOptions, 'target' | 'machine'>,
  options: CommonOptions,
  steps: {
    predict(backend: Backend, plan: Plan, machine: MachineFacts): Promise<R>;
    run(backend: Backend, plan: Plan, machine: MachineFacts): Promise<R>;
    text(result: R): string | string[];
    failed?(result: R): boolean;
  },
): Promise<void> {
  await validateBeforeInstall([inf], options);
  if (kind.kind === 'package') await checkTrustBeforeInstall([inf], options);
  const { plan, result } = await withBackend(options, async (b) => {
    const [info, machine] = await Promise.all([b.info(), machineFacts(b)]);
    const plan = buildPlan(await readInf(inf), { ...kind, target: { arch: info.arch, osVersion: info.osVersion }, machine });
    return { plan, result: options.dryRun ? await steps.predict(b, plan, machine) : await steps.run(b, plan, machine) };
  });
  const json = { dryRun: options.dryRun, inf: path.resolve(inf), ...result };
  if (options.dryRun) {
    finish(options, {
      json: { ...json, plan: planToJson(plan) },
      text: [
        formatPlan(plan).trimEnd(),
        `dry run: ${result.changed ? 'the install would change the machine' : 'nothing to do, what it does is in place already'}`,
      ],
    });
    return;
  }
  finish(options, { json, text: steps.text(result), failed: steps.failed?.(result) ?? false, rebootRequired: result.rebootRequired });
}

function interfacesOutcome(installed: Array<{ guid: string; section: string; created: boolean }>, rebootRequired: boolean) {
  const sortedInstalled = [...installed].sort((a, b) => compare(a.guid, b.guid));
  return { installed: sortedInstalled, changed: sortedInstalled.some((i) => i.created), rebootRequired };
}

/**
 * The devices `filter` selects that have exactly this hardware ID (case-insensitive: a hardware
 * ID such as *PNP0501 is no pattern here), by instance ID.
 */
async function devicesWithHardwareId(backend: Backend, hardwareId: string, filter: ListDevicesOptions): Promise<Device[]> {
  const wanted = hardwareId.toUpperCase();
  const devices = await backend.listDevices(filter);
  return sorted(devices.filter((d) => d.hardwareIds.some((h) => h.toUpperCase() === wanted)));
}

/**
 * The staged package whose INF is this very file (SetupCopyOEMInf compares the INF with the
 * %windir%\INF\oem*.inf copies the same way), or null.
 */
async function stagedAs(backend: Backend, inf: string, machine: MachineFacts): Promise<string | null> {
  const bytes = await readFile(inf);
  const infDir = path.win32.join(machine.systemRoot ?? DEFAULT_SYSTEM_ROOT, 'INF');
  for (const { publishedName } of await backend.listDrivers()) {
    const copy = await readMachineFile(backend, path.win32.join(infDir, publishedName));
    if (copy !== null && bytes.equals(copy)) return publishedName;
  }
  return null;
}

/**
 * Stage a package; `changed` is false when it was already staged. With a hardware ID, also install
 * it on the present devices with that ID (UpdateDriverForPlugAndPlayDevices), unless each already
 * runs this very package: each device's driver afterwards, changed when it is not the one before.
 * With --dry-run, what it would do: publishedName null when it is not staged yet.
 */
async function installPackage(
  backend: Backend,
  inf: string,
  hardwareId: string | undefined,
  machine: MachineFacts,
  options: CommonOptions,
) {
  let publishedName: string | null;
  let changed: boolean;
  if (options.dryRun) {
    publishedName = await stagedAs(backend, inf, machine);
    changed = publishedName === null;
  } else {
    const staged = await backend.stageDriver(inf);
    publishedName = staged.publishedName;
    changed = !staged.alreadyStaged;
  }
  if (hardwareId === undefined) return { publishedName, changed, rebootRequired: false };
  const before = await devicesWithHardwareId(backend, hardwareId, { present: true });
  const runsIt = (d: Device) => publishedName !== null && d.driver?.publishedName.toLowerCase() === publishedName.toLowerCase();
  let rebootRequired = false;
  let after = before;
  const driverOf = (d: Device | undefined) =>
    d?.driver ? { publishedName: d.driver.publishedName, originalInf: d.driver.originalInf, version: d.driver.version } : null;
  if (before.length === 0 || !before.every(runsIt)) {
    if (options.dryRun) {
      const devices = before.map((d) => ({ deviceInstanceId: d.deviceInstanceId, changed: !runsIt(d), driver: driverOf(d) }));
      return { publishedName, hardwareId, changed: true, devices, rebootRequired: false };
    }
    // With no device, the backend says so (ERROR_NO_SUCH_DEVINST with a hint).
    rebootRequired = (await backend.installDriver({ inf, hardwareId, force: options.force })).rebootRequired;
    after = await devicesWithHardwareId(backend, hardwareId, { present: true });
  }
  const devices = after.map((d) => {
    const was = driverOf(before.find((b) => b.deviceInstanceId === d.deviceInstanceId));
    const now = driverOf(d);
    return { deviceInstanceId: d.deviceInstanceId, changed: JSON.stringify(was) !== JSON.stringify(now), driver: now };
  });
  return { publishedName, hardwareId, changed: changed || devices.some((d) => d.changed), devices, rebootRequired };
}

const SERVICES_KEY = 'SYSTEM\\CurrentControlSet\\Services';

/** The registry key an operation writes or deletes, or null when it touches none. */
function keyOf(op: Operation): { root: RegistryRoot; key: string } | null {
  switch (op.op) {
    case 'reg-set':
    case 'reg-delete-value':
    case 'reg-delete-string':
    case 'reg-delete-key':
    case 'reg-bit':
      return { root: op.root, key: op.key };
    case 'service-add':
      return { root: 'HKLM', key: op.key };
    case 'service-delete':
      return { root: 'HKLM', key: `${SERVICES_KEY}\\${op.name}` };
    default:
      return null;
  }
}

/** The machine files an operation writes or deletes. */
function filesOf(op: Operation): string[] {
  if (op.op === 'file-copy' || op.op === 'file-delete') return [op.target];
  if (op.op === 'file-rename') return [op.from, op.to];
  return [];
}

/** Operations whose effect `touched` sees: a registry key, a file, or nothing at all (a reboot). */
function observable(op: Operation): boolean {
  return keyOf(op) !== null || filesOf(op).length > 0 || op.op === 'reboot';
}

function keyText(key: RegistryKeySnapshot | null): unknown {
  if (key === null) return null;
  const values = Object.entries(key.values).map(([name, value]) => [name.toLowerCase(), encodeRegistryValue(value)]);
  return {
    values: values.sort((a, b) => compare(String(a[0]), String(b[0]))),
    subkeys: key.subkeys.map((k) => k.toLowerCase()).sort(compare),
  };
}

/**
 * What the plan's operations touch on the machine, as one text to compare before and after:
 * each key's values and subkeys, each file's SHA-256. Null when the plan does something it
 * cannot see (RegisterDlls, UpdateInis): then a run counts as a change.
 */
async function touched(backend: Backend, plan: Plan): Promise<string | null> {
  if (!plan.operations.every(observable)) return null;
  const keys = new Map<string, { root: RegistryRoot; key: string }>();
  const files = new Set<string>();
  for (const op of plan.operations) {
    const key = keyOf(op);
    if (key) keys.set(`${key.root}\\${key.key}`.toLowerCase(), key);
    for (const file of filesOf(op)) files.add(file.toLowerCase());
  }
  const seen: unknown[] = [];
  for (const [name, { root, key }] of keys) seen.push([name, keyText(await backend.registry.readKey(root, key))]);
  for (const file of files) {
    const bytes = await readMachineFile(backend, file);
    seen.push([file, bytes === null ? null : createHash('sha256').update(bytes).digest('hex')]);
  }
  return JSON.stringify(seen);
}

/**
 * --dry-run of a section: whether every operation's effect is in place already, so that
 * running it would change nothing. An operation it cannot judge counts as a change.
 */
async function inPlace(backend: Backend, plan: Plan): Promise<boolean> {
  const read = (root: RegistryRoot, key: string) => backend.registry.readKey(root, key);
  for (const op of plan.operations) {
    let done: boolean;
    switch (op.op) {
      case 'reboot':
        done = true;
        break;
      case 'reg-set': {
        const key = await read(op.root, op.key);
        const current = key?.values[op.name];
        if (op.keyOnly) done = key !== null;
        else if (op.noClobber) done = current !== undefined;
        else if (op.append) {
          const wanted: string[] = Array.isArray(op.value.data) ? op.value.data : [String(op.value.data)];
          const strings: string[] =
            current !== undefined && Array.isArray(current.data) ? current.data.map((c: string) => c.toLowerCase()) : [];
          done = wanted.every((w) => strings.includes(w.toLowerCase()));
        } else done = current !== undefined && sameRegistryValue(current, op.value);
        break;
      }
      case 'reg-delete-value':
        done = (await read(op.root, op.key))?.values[op.name] === undefined;
        break;
      case 'reg-delete-key':
      case 'service-delete': {
        const key = keyOf(op)!;
        done = (await read(key.root, key.key)) === null;
        break;
      }
      case 'service-add': {
        const key = await read('HKLM', op.key);
        done = key !== null && op.values.every((v) => key.values[v.name] !== undefined && sameRegistryValue(key.values[v.name]!, v.value));
        break;
      }
      case 'file-copy': {
        const target = await readMachineFile(backend, op.target);
        const relative = (op.sourcePath ?? op.sourceFile).split(/[\\/]/);
        const source = await readFile(path.join(path.dirname(path.resolve(plan.inf)), ...relative)).catch(() => null);
        done = target !== null && source?.equals(target) === true;
        break;
      }
      case 'file-delete':
        done = (await readMachineFile(backend, op.target)) === null;
        break;
      default:
        done = false;
    }
    if (!done) return false;
  }
  return true;
}
