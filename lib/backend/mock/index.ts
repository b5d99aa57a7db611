// The mock backend: a simulated Windows machine kept in a state directory, so that
// separate infkit processes see each other's effects. It is honest: asynchronous like the
// real backends, it refuses what Windows refuses with the same WinError codes and API
// names, and each mutating operation is one locked, atomic read-modify-write of the state
// (a failure leaves the state as it was). `reset()` returns it to the baseline.
import { homedir } from 'node:os';
import path from 'node:path';
import { InfkitError } from '../../errors.js';
import type { PlatformTarget } from '../../inf/types.js';
import { requireGuid } from '../args.js';
import type {
  Backend,
  BackendInfo,
  CreateDeviceOptions,
  CreateDeviceResult,
  Device,
  DeviceInterface,
  DriverPackage,
  InstallClassResult,
  InstallDriverOptions,
  InstallDriverResult,
  InstallInterfaceClassesOptions,
  InstallInterfaceClassesResult,
  InstallSectionOptions,
  InstallSectionResult,
  InterfaceClass,
  ListClassesOptions,
  ListInterfacesOptions,
  RegisterInterfaceOptions,
  RegisterInterfaceResult,
  RegistryAccess,
  RegistryKeySnapshot,
  RegistryRoot,
  RegistryValue,
  SetupClass,
  StageDriverResult,
} from '../types.js';
import { applyOperations } from './apply.js';
import {
  applyStrict,
  installOnDevice,
  modelsFor,
  openInf,
  planOrFail,
  stagePackage,
  versionClass,
  type InstallEnv,
  type OpenedInf,
} from './install.js';
import { ERR, Machine, baselineState, fail, type MachineState } from './machine.js';
import { ROOTS } from './registry-tree.js';
import { StateStore } from './store.js';

export interface MockBackendOptions {
  /** State directory; default INFKIT_STATE, else ~/.infkit/mock. */
  stateDir?: string;
  /** How long a mutation waits for another process's lock (default 30 s, or INFKIT_LOCK_TIMEOUT_MS). */
  lockTimeoutMs?: number;
  /** The simulated machine (default amd64, Windows 10 22H2). */
  arch?: 'x86' | 'amd64' | 'arm64';
  osVersion?: string;
}

/** The mock machine's default state directory: INFKIT_STATE, else ~/.infkit/mock. */
export function defaultStateDir(): string {
  const fromEnv = process.env.INFKIT_STATE;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(homedir(), '.infkit', 'mock');
}

const STATE_FORMAT = 1;

function parseState(text: string, file: string): MachineState {
  let state: MachineState;
  try {
    state = JSON.parse(text) as MachineState;
  } catch (e) {
    throw new InfkitError('E_IO', `the mock state ${file} is not valid JSON: ${(e as Error).message}`, {
      hint: 'Delete the file (or run with a fresh --state directory) to start from the baseline machine.',
      cause: e,
    });
  }
  if (state?.format !== STATE_FORMAT) {
    throw new InfkitError('E_IO', `the mock state ${file} has format ${String(state?.format)}; this infkit reads format ${STATE_FORMAT}`, {
      hint: 'Delete the file (or use another --state directory) to start from the baseline machine.',
    });
  }
  return state;
}

export class MockBackend implements Backend {
  readonly kind = 'mock' as const;
  readonly registry: RegistryAccess;
  private readonly store: StateStore;
  private readonly target: PlatformTarget;
  private closed = false;

  constructor(stateDir: string, options: MockBackendOptions = {}) {
    this.store = new StateStore(stateDir, options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs });
    this.target = { arch: options.arch ?? 'amd64', osVersion: options.osVersion ?? '10.0.19045' };
    this.registry = this.registryAccess();
  }

  get stateDir(): string {
    return this.store.dir;
  }

  // ----- state access -------------------------------------------------------------------

  private check(): void {
    if (this.closed) throw new InfkitError('E_USAGE', 'the mock backend is closed');
  }

  private async load(): Promise<MachineState> {
    const text = await this.store.readText();
    return text === null ? baselineState() : parseState(text, this.store.stateFile);
  }

  /** Runs a read-only query against the current state (no lock: writes are atomic renames). */
  private async query<T>(fn: (m: Machine) => T): Promise<T> {
    this.check();
    return fn(new Machine(await this.load()));
  }

  /**
   * One locked read-modify-write. When `fn` throws, nothing is written; when it changed
   * nothing, nothing is written either (repeating an install leaves the file alone).
   */
  private async mutate<T>(fn: (m: Machine) => Promise<T> | T): Promise<T> {
    this.check();
    return this.store.withLock(async () => {
      const state = await this.load();
      const before = JSON.stringify(state);
      const result = await fn(new Machine(state));
      if (JSON.stringify(state) !== before) {
        state.generation++;
        await this.store.writeText(JSON.stringify(state));
      }
      return result;
    });
  }

  private get env(): InstallEnv {
    return { target: this.target, putBlob: (data) => this.store.putBlob(data) };
  }

  // ----- mock-only controls -------------------------------------------------------------

  /** Back to the baseline machine (for test isolation). */
  async reset(): Promise<void> {
    this.check();
    await this.store.withLock(() => this.store.removeState());
  }

  /** How many mutations have been committed to this state directory. */
  async generation(): Promise<number> {
    return this.query((m) => m.state.generation);
  }

  /** IoSetDeviceInterfaceState: what a device's driver does to make an interface arrive or leave. */
  async setInterfaceState(symbolicLink: string, enabled: boolean): Promise<void> {
    await this.mutate((m) => {
      if (!m.setInterfaceEnabled(symbolicLink, enabled)) fail(ERR.NO_SUCH_DEVICE_INTERFACE, 'IoSetDeviceInterfaceState');
    });
  }

  /** A file of the simulated machine by its Windows path (any case), or null. */
  async readMachineFile(windowsPath: string): Promise<Uint8Array | null> {
    const file = await this.query((m) => m.getFile(windowsPath));
    return file === undefined ? null : this.store.getBlob(file.blob);
  }

  // ----- Backend ------------------------------------------------------------------------

  async info(): Promise<BackendInfo> {
    this.check();
    return { kind: 'mock', wine: false, elevated: true, arch: this.target.arch, osVersion: this.target.osVersion };
  }

  async listClasses(options: ListClassesOptions = {}): Promise<SetupClass[]> {
    return this.query((m) => m.listClasses(options));
  }

  async classGuidsFromName(name: string): Promise<string[]> {
    return this.query((m) => m.classGuidsFromName(name));
  }

  async installClass(infPath: string): Promise<InstallClassResult> {
    const api = 'SetupDiInstallClassW';
    return this.mutate(async (m) => {
      const opened = await openInf(infPath, api);
      const { classGuid, className } = versionClass(opened.doc, api);
      // Windows ignores [ClassInstall32] when the class exists.
      if (m.classExists(classGuid)) return { classGuid, className, alreadyExisted: true, rebootRequired: false };
      const plan = planOrFail(opened.file, { kind: 'class', target: this.target }, api);
      const { rebootRequired } = await applyStrict(m, plan, this.env, api);
      return { classGuid, className, alreadyExisted: false, rebootRequired };
    });
  }

  async removeClass(guid: string): Promise<void> {
    const classGuid = requireGuid(guid, 'class GUID');
    await this.mutate((m) => {
      if (!m.removeClass(classGuid)) fail(ERR.INVALID_CLASS, 'SetupDiOpenClassRegKeyExW');
    });
  }

  async listInterfaceClasses(): Promise<InterfaceClass[]> {
    return this.query((m) => m.listInterfaceClasses().map((guid) => ({ guid })));
  }

  async installInterfaceClasses(infPath: string, options: InstallInterfaceClassesOptions = {}): Promise<InstallInterfaceClassesResult> {
    const api = 'SetupDiInstallClassExW';
    const only = options.guid === undefined ? undefined : requireGuid(options.guid, 'interface class GUID');
    return this.mutate(async (m) => {
      const opened = await openInf(infPath, api);
      if (!opened.doc.hasSection('InterfaceInstall32')) fail(ERR.SECTION_NOT_FOUND, api);
      const plan = (() => {
        try {
          return planOrFail(opened.file, { kind: 'interfaces', target: this.target, ...(only && { interfaceGuid: only }) }, api);
        } catch (e) {
          // The section exists, so a missing entry for `only` is a missing line.
          if ((e as { code?: number }).code === ERR.SECTION_NOT_FOUND) fail(ERR.LINE_NOT_FOUND, api);
          throw e;
        }
      })();
      const result = await applyStrict(m, plan, this.env, api);
      return { installed: result.interfaceClasses, rebootRequired: result.rebootRequired };
    });
  }

  async removeInterfaceClass(guid: string): Promise<void> {
    const interfaceGuid = requireGuid(guid, 'interface class GUID');
    await this.mutate((m) => {
      if (!m.removeInterfaceClass(interfaceGuid)) fail(ERR.NO_SUCH_INTERFACE_CLASS, 'SetupDiOpenClassRegKeyExW');
    });
  }

  async installSection(infPath: string, section: string, options: InstallSectionOptions = {}): Promise<InstallSectionResult> {
    const api = options.mode === 'hinf' ? 'InstallHinfSectionW' : 'SetupInstallFromInfSectionW';
    return this.mutate(async (m) => {
      const opened = await openInf(infPath, api);
      const plan = planOrFail(opened.file, { kind: 'section', section, target: this.target }, api);
      // SetupInstallFromInfSection's queue callback skips a failed copy and goes on: the
      // failures are reported, the rest of the section is done.
      const result = await applyOperations(m, plan.operations, {
        sourceDir: options.sourceDir ?? path.dirname(opened.file),
        putBlob: this.env.putBlob,
      });
      return { section: plan.sections[0]?.chosen ?? section, rebootRequired: result.rebootRequired, failures: result.failures };
    });
  }

  async listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]> {
    const guid = requireGuid(options.classGuid, 'interface class GUID');
    return this.query((m) => m.listInterfaces(guid, options.present === true));
  }

  async registerInterface(options: RegisterInterfaceOptions): Promise<RegisterInterfaceResult> {
    const guid = requireGuid(options.classGuid, 'interface class GUID');
    const reference = options.referenceString ?? '';
    return this.mutate((m) => {
      const id = m.canonicalDeviceId(options.deviceInstanceId);
      if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
      if (/[\\/]/.test(reference)) fail(ERR.INVALID_REFERENCE_STRING, 'SetupDiCreateDeviceInterfaceW');
      return m.registerInterface(id, guid, reference);
    });
  }

  async createDevice(options: CreateDeviceOptions): Promise<CreateDeviceResult> {
    if (typeof options.hardwareId !== 'string' || options.hardwareId.trim() === '') {
      throw new InfkitError('E_USAGE', 'a device needs a hardware ID');
    }
    const givenGuid = options.classGuid === undefined ? undefined : requireGuid(options.classGuid, 'class GUID');
    return this.mutate(async (m) => {
      const opened = options.inf === undefined ? undefined : await openInf(options.inf, 'SetupDiGetINFClassW');
      let cls: { classGuid: string; className: string };
      if (opened) {
        cls = versionClass(opened.doc, 'SetupDiGetINFClassW');
      } else if (givenGuid !== undefined) {
        const found = m.listClasses().find((c) => c.guid === givenGuid);
        if (!found) fail(ERR.INVALID_CLASS, 'SetupDiClassNameFromGuidW');
        cls = { classGuid: found.guid, className: found.name };
      } else if (options.className !== undefined) {
        const guid = m.classGuidsFromName(options.className)[0];
        if (guid === undefined) fail(ERR.INVALID_CLASS, 'SetupDiClassGuidsFromNameW');
        cls = { classGuid: guid, className: m.listClasses().find((c) => c.guid === guid)!.name };
      } else {
        cls = { classGuid: '{4D36E97D-E325-11CE-BFC1-08002BE10318}', className: 'System' };
      }
      const deviceInstanceId = m.nextRootInstanceId(cls.className);
      m.addDevice({
        deviceInstanceId,
        hardwareIds: [options.hardwareId],
        classGuid: cls.classGuid,
        className: cls.className,
        description: options.description ?? options.hardwareId,
      });
      let rebootRequired = false;
      if (opened) {
        const api = 'UpdateDriverForPlugAndPlayDevicesW';
        const { publishedName } = await stagePackage(m, opened, this.env, api);
        rebootRequired = await this.installDriverOn(m, opened, api, publishedName, options.hardwareId, [deviceInstanceId]);
      }
      return { deviceInstanceId, rebootRequired };
    });
  }

  async listDevices(options: { hardwareId?: string } = {}): Promise<Device[]> {
    const wanted = options.hardwareId?.toLowerCase();
    return this.query((m) =>
      m.listDevices().filter((d) => wanted === undefined || d.hardwareIds.some((h) => h.toLowerCase() === wanted)),
    );
  }

  async removeDevice(deviceInstanceId: string): Promise<{ rebootRequired: boolean }> {
    return this.mutate((m) => {
      const id = m.canonicalDeviceId(deviceInstanceId);
      if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
      m.removeDevice(id);
      return { rebootRequired: false };
    });
  }

  async stageDriver(infPath: string): Promise<StageDriverResult> {
    const api = 'SetupCopyOEMInfW';
    return this.mutate(async (m) => stagePackage(m, await openInf(infPath, api), this.env, api));
  }

  async removeDriver(publishedName: string, options: { force?: boolean } = {}): Promise<void> {
    const api = 'SetupUninstallOEMInfW';
    await this.mutate((m) => {
      const pkg = /^oem\d+\.inf$/i.test(publishedName) ? m.findPackage(publishedName) : undefined;
      if (pkg === undefined) fail(ERR.NOT_AN_INSTALLED_OEM_INF, api);
      if (!options.force && m.devicesUsingPackage(pkg.publishedName).length > 0) fail(ERR.INF_IN_USE_BY_DEVICES, api);
      m.removePackage(pkg.publishedName);
    });
  }

  async listDrivers(): Promise<DriverPackage[]> {
    return this.query((m) => m.state.drivers.map(({ infHash: _hash, ...pkg }) => pkg));
  }

  async installDriver(options: InstallDriverOptions): Promise<InstallDriverResult> {
    const api = options.hardwareId === undefined ? 'DiInstallDriverW' : 'UpdateDriverForPlugAndPlayDevicesW';
    return this.mutate(async (m) => {
      const opened = await openInf(options.inf, api);
      const { publishedName } = await stagePackage(m, opened, this.env, api);
      const rebootRequired = await this.installDriverOn(m, opened, api, publishedName, options.hardwareId);
      return { rebootRequired, publishedName };
    });
  }

  /**
   * Installs the package on present devices: those with `hardwareId` (ERROR_NO_SUCH_DEVINST
   * when none), or every device a model of the package matches. Returns reboot-needed.
   */
  private async installDriverOn(
    m: Machine,
    opened: OpenedInf,
    api: string,
    publishedName: string,
    hardwareId?: string,
    only?: string[],
  ): Promise<boolean> {
    const plan = planOrFail(opened.file, { kind: 'package', target: this.target }, api);
    const present = m.listDevices().filter((d) => m.isPresent(d.deviceInstanceId) && (only === undefined || only.includes(d.deviceInstanceId)));
    const targets: Array<{ deviceInstanceId: string; hardwareId: string }> = [];
    for (const device of present) {
      const ids = hardwareId === undefined ? device.hardwareIds : device.hardwareIds.filter((h) => h.toLowerCase() === hardwareId.toLowerCase());
      const match = ids.find((id) => modelsFor(plan, id).length > 0);
      if (match !== undefined) targets.push({ deviceInstanceId: device.deviceInstanceId, hardwareId: match });
      else if (hardwareId !== undefined && ids.length > 0) {
        fail(ERR.NO_MORE_ITEMS, api, `The INF has no model for hardware ID ${hardwareId} on ${opened.doc.value('Version', 'Class') ?? 'its class'}.`);
      }
    }
    if (hardwareId !== undefined && targets.length === 0) fail(ERR.NO_SUCH_DEVINST, api);
    let reboot = false;
    for (const t of targets) {
      const model = modelsFor(plan, t.hardwareId)[0]!;
      reboot = (await installOnDevice(m, opened, this.env, api, { ...t, model, publishedName })) || reboot;
    }
    return reboot;
  }

  async waitNoPendingInstalls(_timeoutMs: number): Promise<boolean> {
    this.check();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  // ----- registry -----------------------------------------------------------------------

  private registryAccess(): RegistryAccess {
    const checkRoot = (root: RegistryRoot) => {
      if (!ROOTS.includes(root)) throw new InfkitError('E_USAGE', `'${String(root)}' is not a registry root (${ROOTS.join(', ')})`);
    };
    return {
      readKey: async (root: RegistryRoot, key: string): Promise<RegistryKeySnapshot | null> => {
        checkRoot(root);
        return this.query((m) => m.reg.snapshot(root, key));
      },
      setValue: async (root: RegistryRoot, key: string, name: string, value: RegistryValue): Promise<void> => {
        checkRoot(root);
        await this.mutate((m) => m.reg.setValue(root, key, name, value));
      },
      deleteValue: async (root: RegistryRoot, key: string, name: string): Promise<void> => {
        checkRoot(root);
        await this.mutate((m) => {
          if (!m.reg.deleteValue(root, key, name)) fail(ERR.FILE_NOT_FOUND, 'RegDeleteValueW');
        });
      },
      deleteKey: async (root: RegistryRoot, key: string): Promise<void> => {
        checkRoot(root);
        await this.mutate((m) => {
          m.reg.deleteKey(root, key);
        });
      },
    };
  }
}

/** Opens the mock machine in `stateDir` (created on the first write). */
export async function openMockBackend(options: MockBackendOptions = {}): Promise<MockBackend> {
  return new MockBackend(options.stateDir ?? defaultStateDir(), options);
}

export { StateStore, writeFileAtomic } from './store.js';
