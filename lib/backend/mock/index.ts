// The mock backend: a simulated Windows machine kept in a state directory, so that
// separate infkit processes see each other's effects. It is honest: asynchronous like the
// real backends, it refuses what Windows refuses with the same WinError codes and API
// names, and each mutating operation is one locked, atomic read-modify-write of the state
// (a failure leaves the state as it was). `reset()` returns it to the baseline.
import { homedir } from 'node:os';
import path from 'node:path';
import { InfkitError } from '../../errors.js';
import type { PlatformTarget } from '../../inf/types.js';
import { normalizeGuid } from '../../plan/context.js';
import { HINTS } from '../winerror-table.js';
import {
  deletedKeyPathArg,
  infPathArg,
  installModeArg,
  keyPathArg,
  publishedNameArg,
  referenceStringArg,
  registryRootArg,
  registryValueArg,
  requireGuid,
  requireText,
  timeoutArg,
  valueNameArg,
} from '../args.js';
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
const GUID_DEVCLASS_SYSTEM = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';

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
    const inf = infPathArg(infPath);
    return this.mutate(async (m) => {
      const opened = await openInf(inf, api);
      const { classGuid, className } = versionClass(opened.doc, api);
      // Windows ignores [ClassInstall32] when the class exists.
      if (m.classExists(classGuid)) return { classGuid, className, alreadyExisted: true, rebootRequired: false };
      const plan = planOrFail(opened.file, { kind: 'class', target: this.target }, api);
      const { rebootRequired } = await applyStrict(m, plan, this.env);
      return { classGuid, className, alreadyExisted: false, rebootRequired };
    });
  }

  async removeClass(guid: string): Promise<void> {
    const classGuid = requireGuid(guid, 'class GUID');
    // Like the real backends (RegDeleteTree of the class key): nothing to remove is no error.
    await this.mutate((m) => {
      m.removeClass(classGuid);
    });
  }

  async listInterfaceClasses(): Promise<InterfaceClass[]> {
    return this.query((m) => m.listInterfaceClasses().map((guid) => ({ guid })));
  }

  async installInterfaceClasses(infPath: string, options: InstallInterfaceClassesOptions = {}): Promise<InstallInterfaceClassesResult> {
    const api = 'SetupDiInstallClassExW';
    const inf = infPathArg(infPath);
    const only = options.guid === undefined ? undefined : requireGuid(options.guid, 'interface class GUID');
    return this.mutate(async (m) => {
      const opened = await openInf(inf, api);
      const entries = (opened.doc.section('InterfaceInstall32')?.lines ?? []).map((l) => {
        const key = l.key ?? l.fields[0]?.value ?? '';
        const guid = normalizeGuid(key);
        if (guid === null) throw new InfkitError('E_INF_INVALID', `[InterfaceInstall32] entry '${key}' is not a GUID`, { file: inf, line: l.line });
        return guid;
      });
      if (!entries.some((guid) => only === undefined || guid === only)) {
        throw new InfkitError('E_NOT_FOUND', `${inf} has no [InterfaceInstall32] entry for ${only ?? 'any interface class'}`, { file: inf });
      }
      const plan = planOrFail(opened.file, { kind: 'interfaces', target: this.target, ...(only && { interfaceGuid: only }) }, api);
      const result = await applyStrict(m, plan, this.env);
      return { installed: result.interfaceClasses, rebootRequired: result.rebootRequired };
    });
  }

  async removeInterfaceClass(guid: string): Promise<void> {
    const interfaceGuid = requireGuid(guid, 'interface class GUID');
    await this.mutate((m) => {
      m.removeInterfaceClass(interfaceGuid);
    });
  }

  async installSection(infPath: string, section: string, options: InstallSectionOptions = {}): Promise<InstallSectionResult> {
    const inf = infPathArg(infPath);
    const name = requireText(section, 'section name');
    const { mode } = installModeArg(options);
    const sourceDir = options.sourceDir === undefined ? path.dirname(inf) : path.resolve(requireText(options.sourceDir, 'source directory'));
    const api = mode === 'hinf' ? 'InstallHinfSectionW' : 'SetupInstallFromInfSectionW';
    return this.mutate(async (m) => {
      const opened = await openInf(inf, api);
      // The section is decorated for the platform (SetupDiGetActualSectionToInstall), as the real backends do.
      const plan = planOrFail(opened.file, { kind: 'section', section: name, target: this.target }, api);
      // SetupInstallFromInfSection's queue callback skips a failed copy and goes on: the
      // failures are reported, the rest of the section is done.
      const result = await applyOperations(m, plan.operations, { sourceDir, putBlob: this.env.putBlob });
      const chosen = plan.sections[0]?.chosen ?? name;
      // InstallHinfSection reports nothing: no failures, no reboot flag (it prompts itself per mode).
      if (mode === 'hinf') return { section: chosen, rebootRequired: false, failures: [] };
      return { section: chosen, rebootRequired: result.rebootRequired, failures: result.failures };
    });
  }

  async listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]> {
    const guid = requireGuid(options.classGuid, 'interface class GUID');
    return this.query((m) => m.listInterfaces(guid, options.present === true));
  }

  async registerInterface(options: RegisterInterfaceOptions): Promise<RegisterInterfaceResult> {
    const guid = requireGuid(options?.classGuid, 'interface class GUID');
    const requested = requireText(options.deviceInstanceId, 'device instance ID');
    const reference = referenceStringArg(options.referenceString);
    if (/[\\/]/.test(reference)) fail(ERR.INVALID_REFERENCE_STRING, 'SetupDiCreateDeviceInterfaceW', HINTS.referenceString);
    return this.mutate((m) => {
      const id = m.canonicalDeviceId(requested);
      if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
      const result = m.registerInterface(id, guid, reference);
      m.enableInterfacesOfDriver(id);
      return result;
    });
  }

  async createDevice(options: CreateDeviceOptions): Promise<CreateDeviceResult> {
    const hardwareId = requireText(options?.hardwareId, 'hardware ID');
    const inf = options.inf === undefined ? undefined : infPathArg(options.inf);
    const description = options.description === undefined ? hardwareId : requireText(options.description, 'description');
    const givenGuid = options.classGuid === undefined ? undefined : requireGuid(options.classGuid, 'class GUID');
    const givenName = options.className === undefined ? undefined : requireText(options.className, 'class name');
    return this.mutate(async (m) => {
      const opened = inf === undefined ? undefined : await openInf(inf, 'SetupDiGetINFClassW');
      // The class the device joins: classGuid, else className, else the INF's class, else System.
      let cls: { classGuid: string; className: string };
      if (givenGuid !== undefined) {
        const found = m.listClasses().find((c) => c.guid === givenGuid);
        if (!found) fail(ERR.INVALID_CLASS, 'SetupDiClassNameFromGuidW');
        cls = { classGuid: found.guid, className: found.name };
      } else if (givenName !== undefined) {
        const guid = m.classGuidsFromName(givenName)[0];
        if (guid === undefined) throw new InfkitError('E_NOT_FOUND', `no setup class is named '${givenName}'`);
        cls = { classGuid: guid, className: m.listClasses().find((c) => c.guid === guid)!.name };
      } else if (opened) {
        cls = versionClass(opened.doc, 'SetupDiGetINFClassW');
      } else {
        cls = { classGuid: GUID_DEVCLASS_SYSTEM, className: 'System' };
      }
      const deviceInstanceId = m.nextRootInstanceId(cls.className);
      m.addDevice({ deviceInstanceId, hardwareIds: [hardwareId], ...cls, description });
      let rebootRequired = false;
      if (opened) {
        // As the real backends do: UpdateDriverForPlugAndPlayDevices for the hardware ID. If
        // it fails, the whole operation fails and the new device is not kept.
        rebootRequired = (await this.installPackage(m, opened, 'UpdateDriverForPlugAndPlayDevicesW', hardwareId)).rebootRequired;
      }
      return { deviceInstanceId, rebootRequired };
    });
  }

  async listDevices(options: { hardwareId?: string } = {}): Promise<Device[]> {
    const wanted = options.hardwareId === undefined ? undefined : requireText(options.hardwareId, 'hardware ID').toLowerCase();
    return this.query((m) =>
      m.listDevices().filter((d) => wanted === undefined || d.hardwareIds.some((h) => h.toLowerCase() === wanted)),
    );
  }

  async removeDevice(deviceInstanceId: string): Promise<{ rebootRequired: boolean }> {
    const requested = requireText(deviceInstanceId, 'device instance ID');
    return this.mutate((m) => {
      const id = m.canonicalDeviceId(requested);
      if (id === undefined) fail(ERR.NO_SUCH_DEVINST, 'SetupDiOpenDeviceInfoW');
      m.removeDevice(id);
      return { rebootRequired: false };
    });
  }

  async stageDriver(infPath: string): Promise<StageDriverResult> {
    const api = 'SetupCopyOEMInfW';
    const inf = infPathArg(infPath);
    return this.mutate(async (m) => stagePackage(m, await openInf(inf, api), this.env, api));
  }

  async removeDriver(publishedName: string, options: { force?: boolean } = {}): Promise<void> {
    const api = 'SetupUninstallOEMInfW';
    const name = publishedNameArg(publishedName, HINTS.notOemInf);
    await this.mutate((m) => {
      const pkg = m.findPackage(name);
      if (pkg === undefined) fail(ERR.NOT_AN_INSTALLED_OEM_INF, api);
      if (options.force !== true && m.devicesUsingPackage(pkg.publishedName).length > 0) fail(ERR.INF_IN_USE_BY_DEVICES, api);
      m.removePackage(pkg.publishedName);
    });
  }

  async listDrivers(): Promise<DriverPackage[]> {
    return this.query((m) => m.state.drivers.map(({ infHash: _hash, ...pkg }) => pkg));
  }

  async installDriver(options: InstallDriverOptions): Promise<InstallDriverResult> {
    const inf = infPathArg(options?.inf);
    const hardwareId = options.hardwareId === undefined ? undefined : requireText(options.hardwareId, 'hardware ID');
    const api = hardwareId === undefined ? 'DiInstallDriverW' : 'UpdateDriverForPlugAndPlayDevicesW';
    return this.mutate(async (m) => this.installPackage(m, await openInf(inf, api), api, hardwareId));
  }

  /**
   * Stages the package and installs it on the present devices it matches: those with
   * `hardwareId` (UpdateDriverForPlugAndPlayDevices: ERROR_NO_SUCH_DEVINST when there are
   * none), or every device a model of the package matches (DiInstallDriver).
   */
  private async installPackage(m: Machine, opened: OpenedInf, api: string, hardwareId?: string): Promise<InstallDriverResult> {
    const { publishedName } = await stagePackage(m, opened, this.env, api);
    const plan = planOrFail(opened.file, { kind: 'package', target: this.target }, api);
    const wanted = hardwareId?.toLowerCase();
    const targets: Array<{ deviceInstanceId: string; hardwareId: string }> = [];
    for (const device of m.listDevices().filter((d) => m.isPresent(d.deviceInstanceId))) {
      const ids = device.hardwareIds.filter((h) => wanted === undefined || h.toLowerCase() === wanted);
      const match = ids.find((id) => modelsFor(plan, id).length > 0);
      if (match !== undefined) targets.push({ deviceInstanceId: device.deviceInstanceId, hardwareId: match });
      else if (ids.length > 0 && wanted !== undefined) {
        fail(ERR.NO_MORE_ITEMS, api, `The INF has no model for hardware ID ${hardwareId}.`);
      }
    }
    if (wanted !== undefined && targets.length === 0) fail(ERR.NO_SUCH_DEVINST, api, HINTS.noMatchingDevice);
    let rebootRequired = false;
    for (const t of targets) {
      const model = modelsFor(plan, t.hardwareId)[0]!;
      rebootRequired = (await installOnDevice(m, opened, this.env, api, { ...t, model, publishedName })) || rebootRequired;
    }
    return { rebootRequired, publishedName };
  }

  /** The mock installs synchronously: nothing is ever pending. */
  async waitNoPendingInstalls(timeoutMs: number): Promise<boolean> {
    this.check();
    timeoutArg(timeoutMs);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  // ----- registry -----------------------------------------------------------------------

  private registryAccess(): RegistryAccess {
    return {
      readKey: async (root, key): Promise<RegistryKeySnapshot | null> => {
        const [r, k] = [registryRootArg(root), keyPathArg(key)];
        return this.query((m) => m.reg.snapshot(r, k));
      },
      setValue: async (root, key, valueName, value): Promise<void> => {
        const [r, k] = [registryRootArg(root), keyPathArg(key)];
        registryValueArg(valueName, value);
        await this.mutate((m) => m.reg.setValue(r, k, valueName, value));
      },
      deleteValue: async (root, key, valueName): Promise<void> => {
        const [r, k, n] = [registryRootArg(root), keyPathArg(key), valueNameArg(valueName)];
        await this.mutate((m) => {
          if (!m.reg.deleteValue(r, k, n)) fail(ERR.FILE_NOT_FOUND, 'RegDeleteValueW');
        });
      },
      deleteKey: async (root, key): Promise<void> => {
        const [r, k] = [registryRootArg(root), deletedKeyPathArg(key)];
        await this.mutate((m) => {
          m.reg.deleteKey(r, k);
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
