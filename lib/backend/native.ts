// The native backend: the node-addon-api addon in native/ (prebuilt in prebuilds/<platform>-<arch>/,
// loaded with node-gyp-build). The addon only makes the Win32 calls; this layer checks
// arguments, fills in defaults, turns raw results into the Backend's objects and every
// failure into a WinError (lib/backend/winerror-table.ts names it and adds the hint).
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfkitError } from '../errors.js';
import type { WinErrorSource } from './errors.js';
import {
  deletedKeyPathArg,
  infPathArg,
  installModeArg,
  keyPathArg,
  publishedNameArg,
  referenceStringArg,
  registryRootArg,
  registryValueArg,
  requireText,
  timeoutArg,
  usage,
  valueNameArg,
} from './args.js';
import { canonicalGuid, requireGuid } from './guid.js';
import { decodeValue, encodeValue } from './registry-values.js';
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
  SectionFailure,
  SetupClass,
  StageDriverResult,
} from './types.js';
import { ERR, HINTS, describeWinError, isSetupapiCode, winErrorFrom } from './winerror-table.js';

// ---------------------------------------------------------------------------------------------
// The addon's surface (native/*.cc). Kept flat: strings, numbers, Buffers and plain objects.
// ---------------------------------------------------------------------------------------------

/** The addon's version of this surface; bumped when a function changes shape. */
export const NATIVE_ABI_VERSION = 2;

export interface NativeQueueFailure {
  file?: string;
  code: number;
}

export interface NativeAddon {
  abiVersion: number;
  info(): Omit<BackendInfo, 'kind'>;
  formatMessage(code: number, source: WinErrorSource): string;
  // classes.cc
  /** flags: DIBCI_NOINSTALLCLASS (1) | DIBCI_NODISPLAYCLASS (2). */
  listClasses(flags: number): SetupClass[];
  classGuidsFromName(name: string): string[];
  className(classGuid: string): string;
  infClass(infPath: string): { guid: string; name: string };
  installClass(infPath: string): InstallClassResult & { failures: NativeQueueFailure[] };
  // interfaces.cc
  interfaceInstallEntries(infPath: string): Array<{ key: string; section: string; flags: string }>;
  installInterfaceClass(
    infPath: string,
    guid: string,
  ): { guid: string; section: string; created: boolean; rebootRequired: boolean; failures: NativeQueueFailure[] };
  listInterfaces(
    classGuid: string,
    present: boolean,
  ): { via: 'cfgmgr32' | 'setupdi'; interfaces: Array<{ symbolicLink: string; deviceInstanceId: string; flags: number }> };
  registerInterface(deviceInstanceId: string, classGuid: string, referenceString: string | null): RegisterInterfaceResult;
  // sections.cc
  /** On the thread pool: file copies can take long. */
  installSection(
    infPath: string,
    section: string,
    sourceDir: string | null,
  ): Promise<{ section: string; rebootRequired: boolean; failures: NativeQueueFailure[] }>;
  installHinfSection(infPath: string, section: string, mode: number): { section: string };
  // devices.cc
  createDevice(hardwareId: string, classGuid: string, className: string, description: string | null): CreateDeviceResult;
  listDevices(): Device[];
  removeDevice(deviceInstanceId: string): { rebootRequired: boolean };
  // drivers.cc (stageDriver, installDriver and waitNoPendingInstalls work on the thread pool)
  stageDriver(infPath: string): Promise<StageDriverResult>;
  removeDriver(publishedName: string, force: boolean): void;
  listDrivers(): DriverPackage[];
  installDriver(infPath: string, hardwareId: string | null, force: boolean): Promise<{ rebootRequired: boolean }>;
  waitNoPendingInstalls(timeoutMs: number): Promise<boolean>;
  // registry.cc
  readKey(
    root: RegistryRoot,
    path: string,
  ): { values: Array<{ name: string; type: number; data: Buffer }>; subkeys: string[] } | null;
  setValue(root: RegistryRoot, path: string, name: string, type: number, data: Buffer): void;
  deleteValue(root: RegistryRoot, path: string, name: string): void;
  deleteKey(root: RegistryRoot, path: string): void;
}

/** What the addon throws for a failed Win32 call (native/errors.cc, Guard). */
interface NativeFailure {
  winCode: number;
  api: string;
  source: WinErrorSource;
  systemMessage: string;
}

function isNativeFailure(e: unknown): e is NativeFailure {
  const f = e as Partial<NativeFailure> | null;
  return typeof f === 'object' && f !== null && typeof f.winCode === 'number' && typeof f.api === 'string';
}

/** The package root: dist/backend/native.js and lib/backend/native.ts both sit two levels down. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Loads the addon for this platform and architecture (build/Release first, then prebuilds/). */
export function loadNativeAddon(root = PACKAGE_ROOT): NativeAddon {
  const require = createRequire(import.meta.url);
  const load = require('node-gyp-build') as (dir: string) => NativeAddon;
  const addon = load(root);
  if (addon.abiVersion !== NATIVE_ABI_VERSION) {
    throw new Error(`the addon has surface version ${String(addon.abiVersion)}, this infkit expects ${NATIVE_ABI_VERSION}: rebuild it`);
  }
  return addon;
}

// ---------------------------------------------------------------------------------------------
// Argument checks shared by the operations
// ---------------------------------------------------------------------------------------------

const CLASS_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Class';
const DEVICE_CLASSES_KEY = 'SYSTEM\\CurrentControlSet\\Control\\DeviceClasses';
const GUID_DEVCLASS_SYSTEM = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
const SPINT_ACTIVE = 0x1;
const SPINT_REMOVED = 0x4;
/** The reference string appended after the interface class GUID in a symbolic link, or ''. */
export function referenceStringOf(symbolicLink: string, classGuid: string): string {
  const marker = `#${classGuid.toLowerCase()}`;
  const at = symbolicLink.toLowerCase().lastIndexOf(marker);
  if (at < 0) return '';
  const rest = symbolicLink.slice(at + marker.length);
  return rest.startsWith('\\') ? rest.slice(1) : '';
}

// ---------------------------------------------------------------------------------------------
// The backend
// ---------------------------------------------------------------------------------------------

export class NativeBackend implements Backend {
  readonly kind = 'native' as const;
  readonly registry: RegistryAccess;
  readonly #addon: NativeAddon;
  readonly #machine: Omit<BackendInfo, 'kind'>;

  constructor(addon: NativeAddon) {
    this.#addon = addon;
    this.#machine = this.#call(() => addon.info());
    this.registry = this.#createRegistry();
  }

  /** Runs an addon call, turning its failure into a WinError (or E_USAGE for a refused argument). */
  #call<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      throw this.#mapped(e);
    }
  }

  /**
   * Runs an addon call that works on the thread pool (it returns a Promise). The caller's stack
   * is taken before the work leaves, so that a failure points at the caller's line.
   */
  async #callAsync<T>(fn: () => Promise<T>): Promise<T> {
    const site = new Error();
    try {
      return await fn();
    } catch (e) {
      const error = this.#mapped(e);
      if (error instanceof Error && site.stack !== undefined) {
        error.stack = `${error.name}: ${error.message}\n${site.stack.split('\n').slice(1).join('\n')}`;
      }
      throw error;
    }
  }

  /** An addon failure as a WinError, a refused argument as E_USAGE; anything else as it is. */
  #mapped(e: unknown): unknown {
    if (isNativeFailure(e)) {
      return winErrorFrom(e.winCode, e.api, { message: e.systemMessage, source: e.source, elevated: this.#machine?.elevated });
    }
    if (e instanceof TypeError) return usage(e.message);
    return e;
  }

  /** Operations that change the machine fail up front, clearly, when the process is not elevated. */
  #requireElevation(api: string): void {
    if (!this.#machine.elevated) throw winErrorFrom(ERR.ELEVATION_REQUIRED, api, { hint: HINTS.notElevated, elevated: false });
  }

  #failure(f: NativeQueueFailure): SectionFailure {
    const entry = describeWinError(f.code);
    const message = this.#addon.formatMessage(f.code >>> 0, isSetupapiCode(f.code) ? 'setupapi' : 'win32');
    return { ...(f.file !== undefined && { file: f.file }), code: f.code, name: entry.name, message: message || entry.message };
  }

  /** Failures the file queue collected, for operations whose result has no place for them. */
  #throwFirstFailure(failures: NativeQueueFailure[], api: string): void {
    const first = failures[0];
    if (first === undefined) return;
    const failure = this.#failure(first);
    throw winErrorFrom(first.code, api, {
      message: first.file === undefined ? failure.message : `${failure.message} (${first.file})`,
    });
  }

  async info(): Promise<BackendInfo> {
    return { kind: this.kind, ...this.#machine };
  }

  // Setup classes ------------------------------------------------------------------------------

  async listClasses(options: ListClassesOptions = {}): Promise<SetupClass[]> {
    const flags = (options.excludeNoInstall ? 1 : 0) | (options.excludeNoDisplay ? 2 : 0);
    return this.#call(() => this.#addon.listClasses(flags));
  }

  async classGuidsFromName(name: string): Promise<string[]> {
    const className = requireText(name, 'class name');
    return this.#call(() => this.#addon.classGuidsFromName(className));
  }

  async installClass(infPath: string): Promise<InstallClassResult> {
    const inf = infPathArg(infPath);
    this.#requireElevation('SetupDiInstallClassW');
    const { failures, ...result } = this.#call(() => this.#addon.installClass(inf));
    this.#throwFirstFailure(failures, 'SetupCommitFileQueueW');
    return result;
  }

  async removeClass(guid: string): Promise<void> {
    const classGuid = requireGuid(guid, 'class GUID');
    this.#requireElevation('RegDeleteTreeW');
    this.#call(() => this.#addon.deleteKey('HKLM', `${CLASS_KEY}\\${classGuid}`));
  }

  // Device-interface classes -------------------------------------------------------------------

  async listInterfaceClasses(): Promise<InterfaceClass[]> {
    const key = this.#call(() => this.#addon.readKey('HKLM', DEVICE_CLASSES_KEY));
    const guids = (key?.subkeys ?? []).map((k) => canonicalGuid(k)).filter((g): g is string => g !== null);
    return guids.map((guid) => ({ guid }));
  }

  async installInterfaceClasses(
    infPath: string,
    options: InstallInterfaceClassesOptions = {},
  ): Promise<InstallInterfaceClassesResult> {
    const inf = infPathArg(infPath);
    const only = options.guid === undefined ? undefined : requireGuid(options.guid, 'interface class GUID');
    const entries = this.#call(() => this.#addon.interfaceInstallEntries(inf)).map((e) => {
      const guid = canonicalGuid(e.key);
      if (guid === null) {
        throw new InfkitError('E_INF_INVALID', `[InterfaceInstall32] entry '${e.key}' is not a GUID`, { file: inf });
      }
      return guid;
    });
    const selected = only === undefined ? entries : entries.filter((g) => g === only);
    if (selected.length === 0) {
      throw new InfkitError('E_NOT_FOUND', `${inf} has no [InterfaceInstall32] entry for ${only ?? 'any interface class'}`, {
        file: inf,
      });
    }
    this.#requireElevation('SetupDiInstallClassExW');
    const result: InstallInterfaceClassesResult = { installed: [], rebootRequired: false };
    for (const guid of selected) {
      const one = this.#call(() => this.#addon.installInterfaceClass(inf, guid));
      this.#throwFirstFailure(one.failures, 'SetupCommitFileQueueW');
      result.installed.push({ guid: one.guid, section: one.section, created: one.created });
      result.rebootRequired ||= one.rebootRequired;
    }
    return result;
  }

  async removeInterfaceClass(guid: string): Promise<void> {
    const classGuid = requireGuid(guid, 'interface class GUID');
    this.#requireElevation('RegDeleteTreeW');
    this.#call(() => this.#addon.deleteKey('HKLM', `${DEVICE_CLASSES_KEY}\\${classGuid}`));
  }

  // INF sections ---------------------------------------------------------------------------------

  async installSection(infPath: string, section: string, options: InstallSectionOptions = {}): Promise<InstallSectionResult> {
    const inf = infPathArg(infPath);
    const name = requireText(section, 'section name');
    const { mode, hinfMode } = installModeArg(options);
    if (mode === 'hinf') {
      this.#requireElevation('InstallHinfSectionW');
      const done = this.#call(() => this.#addon.installHinfSection(inf, name, hinfMode));
      // InstallHinfSection reports nothing: no failures, no reboot flag (it prompts itself per mode).
      return { section: done.section, rebootRequired: false, failures: [] };
    }
    const sourceDir = options.sourceDir === undefined ? null : path.resolve(requireText(options.sourceDir, 'source directory'));
    this.#requireElevation('SetupInstallFromInfSectionW');
    const done = await this.#callAsync(() => this.#addon.installSection(inf, name, sourceDir));
    return { section: done.section, rebootRequired: done.rebootRequired, failures: done.failures.map((f) => this.#failure(f)) };
  }

  // Device interfaces ----------------------------------------------------------------------------

  async listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]> {
    const classGuid = requireGuid(options?.classGuid, 'interface class GUID');
    const { interfaces } = this.#call(() => this.#addon.listInterfaces(classGuid, options.present === true));
    return interfaces.map((i) => ({
      symbolicLink: i.symbolicLink,
      classGuid,
      deviceInstanceId: i.deviceInstanceId,
      referenceString: referenceStringOf(i.symbolicLink, classGuid),
      enabled: (i.flags & SPINT_ACTIVE) !== 0,
      removed: (i.flags & SPINT_REMOVED) !== 0,
    }));
  }

  async registerInterface(options: RegisterInterfaceOptions): Promise<RegisterInterfaceResult> {
    const classGuid = requireGuid(options?.classGuid, 'interface class GUID');
    const id = requireText(options.deviceInstanceId, 'device instance ID');
    const reference = referenceStringArg(options.referenceString);
    if (/[\\/]/.test(reference)) {
      throw winErrorFrom(ERR.INVALID_REFERENCE_STRING, 'SetupDiCreateDeviceInterfaceW', { hint: HINTS.referenceString });
    }
    this.#requireElevation('SetupDiCreateDeviceInterfaceW');
    return this.#call(() => this.#addon.registerInterface(id, classGuid, reference === '' ? null : reference));
  }

  // Test-rig devices -------------------------------------------------------------------------------

  async createDevice(options: CreateDeviceOptions): Promise<CreateDeviceResult> {
    const hardwareId = requireText(options?.hardwareId, 'hardware ID');
    const inf = options.inf === undefined ? undefined : infPathArg(options.inf);
    const description = options.description === undefined ? null : requireText(options.description, 'description');
    const { guid, name } = await this.#deviceClass(options, inf);
    this.#requireElevation('SetupDiCallClassInstaller');
    const created = this.#call(() => this.#addon.createDevice(hardwareId, guid, name, description));
    if (inf === undefined) return created;
    try {
      const driver = await this.installDriver({ inf, hardwareId });
      return { deviceInstanceId: created.deviceInstanceId, rebootRequired: created.rebootRequired || driver.rebootRequired };
    } catch (e) {
      // A half-made test device helps no one: remove it, then report the driver's failure.
      try {
        this.#addon.removeDevice(created.deviceInstanceId);
      } catch {
        // the driver failure below is the one to report
      }
      throw e;
    }
  }

  /** The setup class a new device joins: classGuid, else className, else the INF's class, else System. */
  async #deviceClass(options: CreateDeviceOptions, inf: string | undefined): Promise<{ guid: string; name: string }> {
    if (options.classGuid !== undefined) {
      const guid = requireGuid(options.classGuid, 'class GUID');
      return { guid, name: this.#call(() => this.#addon.className(guid)) };
    }
    if (options.className !== undefined) {
      const name = requireText(options.className, 'class name');
      const guid = (await this.classGuidsFromName(name))[0];
      if (guid === undefined) throw new InfkitError('E_NOT_FOUND', `no setup class is named '${name}'`);
      return { guid, name };
    }
    if (inf !== undefined) return this.#call(() => this.#addon.infClass(inf));
    return { guid: GUID_DEVCLASS_SYSTEM, name: this.#call(() => this.#addon.className(GUID_DEVCLASS_SYSTEM)) };
  }

  async listDevices(options: { hardwareId?: string } = {}): Promise<Device[]> {
    const wanted = options.hardwareId === undefined ? undefined : requireText(options.hardwareId, 'hardware ID').toLowerCase();
    const devices = this.#call(() => this.#addon.listDevices());
    if (wanted === undefined) return devices;
    return devices.filter((d) => d.hardwareIds.some((h) => h.toLowerCase() === wanted));
  }

  async removeDevice(deviceInstanceId: string): Promise<{ rebootRequired: boolean }> {
    const id = requireText(deviceInstanceId, 'device instance ID');
    this.#requireElevation('SetupDiCallClassInstaller');
    return this.#call(() => this.#addon.removeDevice(id));
  }

  // Driver packages --------------------------------------------------------------------------------

  async stageDriver(infPath: string): Promise<StageDriverResult> {
    const inf = infPathArg(infPath);
    this.#requireElevation('SetupCopyOEMInfW');
    return this.#callAsync(() => this.#addon.stageDriver(inf));
  }

  async removeDriver(publishedName: string, options: { force?: boolean } = {}): Promise<void> {
    // A bare file name: SetupUninstallOEMInf itself refuses what is not a staged package
    // (ERROR_NOT_AN_INSTALLED_OEM_INF), so any other name is left for it to judge.
    const name = publishedNameArg(publishedName, HINTS.notOemInf);
    this.#requireElevation('SetupUninstallOEMInfW');
    this.#call(() => this.#addon.removeDriver(name, options.force === true));
  }

  async listDrivers(): Promise<DriverPackage[]> {
    return this.#call(() => this.#addon.listDrivers()).map((d) => ({ ...d, classGuid: canonicalGuid(d.classGuid) ?? d.classGuid }));
  }

  async installDriver(options: InstallDriverOptions): Promise<InstallDriverResult> {
    const inf = infPathArg(options?.inf);
    const hardwareId = options.hardwareId === undefined ? null : requireText(options.hardwareId, 'hardware ID');
    this.#requireElevation(hardwareId === null ? 'DiInstallDriverW' : 'UpdateDriverForPlugAndPlayDevicesW');
    return this.#callAsync(() => this.#addon.installDriver(inf, hardwareId, options.force === true));
  }

  async waitNoPendingInstalls(timeoutMs: number): Promise<boolean> {
    const timeout = timeoutArg(timeoutMs);
    return this.#callAsync(() => this.#addon.waitNoPendingInstalls(timeout));
  }

  async close(): Promise<void> {
    // The addon holds no handle between calls.
  }

  // Registry -------------------------------------------------------------------------------------------

  #createRegistry(): RegistryAccess {
    const addon = this.#addon;
    return {
      readKey: async (root, keyPath): Promise<RegistryKeySnapshot | null> => {
        const [r, p] = [registryRootArg(root), keyPathArg(keyPath)];
        const raw = this.#call(() => addon.readKey(r, p));
        if (raw === null) return null;
        const values: Record<string, RegistryValue> = {};
        for (const v of raw.values) values[v.name] = decodeValue(v.type, v.data);
        return { values, subkeys: raw.subkeys };
      },
      setValue: async (root, keyPath, name, value) => {
        const [r, p] = [registryRootArg(root), keyPathArg(keyPath)];
        const encoded = encodeValue(registryValueArg(name, value));
        this.#call(() => addon.setValue(r, p, name, encoded.type, encoded.data));
      },
      deleteValue: async (root, keyPath, name) => {
        const [r, p, n] = [registryRootArg(root), keyPathArg(keyPath), valueNameArg(name)];
        this.#call(() => addon.deleteValue(r, p, n));
      },
      deleteKey: async (root, keyPath) => {
        const [r, p] = [registryRootArg(root), deletedKeyPathArg(keyPath)];
        this.#call(() => addon.deleteKey(r, p));
      },
    };
  }
}

/** Loads the addon and opens the native backend (lib/backend/select.ts calls this). */
export async function openNativeBackend(): Promise<Backend> {
  return new NativeBackend(loadNativeAddon());
}
