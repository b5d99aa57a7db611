// The one implementation of Backend. Every operation's meaning is written here once: argument
// checks, defaults, the order of checks (arguments, then elevation, then the machine), result
// shapes and the mapping of every failure to a WinError. Below it sits a flat Primitives
// surface (lib/backend/types.ts) that the addon (native/), koffi (./koffi/) and the mock
// (./mock/primitives.ts) each implement with the Windows calls, or a simulation of them.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { InfkitError } from '../errors.js';
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
import { CM_PROB, describeProblem, statusFlagNames } from './devnode-table.js';
import { isPrimitiveFailure, isWinError, type WinError, type WinErrorSource } from './errors.js';
import { GUID_DEVCLASS_SYSTEM, GUID_NULL, canonicalGuid, requireGuid } from './guid.js';
import { decodeValue, encodeValue } from '../base/registry-values.js';
import { defaultLogPath, logSize, readLogSince } from '../log/setupapi-log.js';
import type {
  Backend,
  BackendInfo,
  BackendKind,
  CertificateStore,
  CodeIntegrity,
  CreateDeviceOptions,
  CreateDeviceResult,
  Device,
  DeviceChangeResult,
  DeviceInterface,
  DeviceRegistryPropertyName,
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
  ListDevicesOptions,
  ListInterfacesOptions,
  MachineInfo,
  Primitives,
  QueueFailure,
  RawDevice,
  RegisterInterfaceOptions,
  RegisterInterfaceResult,
  RegistryAccess,
  RegistryValue,
  SectionFailure,
  SetupClass,
  StageDriverResult,
  StoredCertificate,
  TrustVerdict,
} from './types.js';
import { ERR, HINTS, describeWinError, isSetupapiCode, systemMessageCode, winErrorFrom } from './winerror-table.js';
import { CLASS_KEY, DEVICE_CLASSES_KEY } from '../base/registry-paths.js';

const SPINT_ACTIVE = 0x1;
const SPINT_REMOVED = 0x4;
const DIBCI_NOINSTALLCLASS = 0x1;
const DIBCI_NODISPLAYCLASS = 0x2;
/** SetupDiChangeState's state changes (SP_PROPCHANGE_PARAMS.StateChange). */
export const DICS = { ENABLE: 1, DISABLE: 2, PROPCHANGE: 3 } as const;
/** The code a failed call reports when it left none (GetLastError() was 0). */
const NO_CODE = ERR.GEN_FAILURE;

/** SPDRP_* values (setupapi.h). */
export const SPDRP: Record<DeviceRegistryPropertyName, number> = {
  DEVICEDESC: 0x00,
  HARDWAREID: 0x01,
  COMPATIBLEIDS: 0x02,
  SERVICE: 0x04,
  CLASS: 0x07,
  CLASSGUID: 0x08,
  DRIVER: 0x09,
  CONFIGFLAGS: 0x0a,
  MFG: 0x0b,
  FRIENDLYNAME: 0x0c,
  LOCATION_INFORMATION: 0x0d,
  PHYSICAL_DEVICE_OBJECT_NAME: 0x0e,
  CAPABILITIES: 0x0f,
  UI_NUMBER: 0x10,
  UPPERFILTERS: 0x11,
  LOWERFILTERS: 0x12,
  BUSTYPEGUID: 0x13,
  LEGACYBUSTYPE: 0x14,
  BUSNUMBER: 0x15,
  ENUMERATOR_NAME: 0x16,
  SECURITY_SDS: 0x18,
  DEVTYPE: 0x19,
  EXCLUSIVE: 0x1a,
  CHARACTERISTICS: 0x1b,
  ADDRESS: 0x1c,
  UI_NUMBER_DESC_FORMAT: 0x1d,
  REMOVAL_POLICY: 0x1f,
  INSTALL_STATE: 0x22,
  LOCATION_PATHS: 0x23,
  BASE_CONTAINERID: 0x24,
};

/** SYSTEM_CODEINTEGRITY_INFORMATION.CodeIntegrityOptions bits. */
export const CODEINTEGRITY_OPTION = { ENABLED: 0x01, TESTSIGN: 0x02 } as const;
const CERTIFICATE_STORES: readonly CertificateStore[] = ['Root', 'TrustedPublisher'];

function certificateStoreArg(store: unknown): CertificateStore {
  if (!CERTIFICATE_STORES.includes(store as CertificateStore))
    throw usage(`certificate store '${String(store)}' is not one of ${CERTIFICATE_STORES.join(', ')}`);
  return store as CertificateStore;
}

/** A certificate's SHA-1 thumbprint as Windows shows it: upper-case hex. */
export function thumbprintOf(der: Uint8Array): string {
  return createHash('sha1').update(der).digest('hex').toUpperCase();
}

/** The reference string after the interface class GUID in a symbolic link, or ''. */
export function referenceStringOf(symbolicLink: string, classGuid: string): string {
  const marker = `#${classGuid.toLowerCase()}`;
  const at = symbolicLink.toLowerCase().lastIndexOf(marker);
  if (at < 0) return '';
  const rest = symbolicLink.slice(at + marker.length);
  return rest.startsWith('\\') ? rest.slice(1) : '';
}

/** A devcon-style pattern (`*` any run, `?` one character, case-insensitive) as a test. */
export function idPattern(pattern: string): (id: string) => boolean {
  const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  const re = new RegExp(`^${source}$`, 'is');
  return (id) => re.test(id);
}

/** YYYY-MM-DD of a DriverDate in ms since 1970, '' when unknown. */
function isoDate(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

export interface WindowsBackendOptions {
  /**
   * Where the machine's setupapi.dev.log is, on this host; null when there is none. Default:
   * on Windows the LogPath SetupAPI uses (lib/log), elsewhere none.
   */
  setupLog?: () => Promise<string | null>;
}

export class WindowsBackend implements Backend {
  readonly kind: BackendKind;
  readonly registry: RegistryAccess;
  readonly #p: Primitives;
  readonly #machine: MachineInfo;
  readonly #setupLog: () => Promise<string | null>;
  #logFile: Promise<string | null> | undefined;

  constructor(primitives: Primitives, kind: BackendKind, options: WindowsBackendOptions = {}) {
    this.#p = primitives;
    this.kind = kind;
    this.#setupLog = options.setupLog ?? (async () => (process.platform === 'win32' ? defaultLogPath(this.registry) : null));
    try {
      this.#machine = primitives.info();
    } catch (e) {
      throw this.#mapped(e, undefined);
    }
    this.registry = this.#createRegistry();
  }

  // Failures ------------------------------------------------------------------------------------

  /**
   * Runs primitives and maps their failures. The caller's stack is taken first, so that a
   * failure from the thread pool still points at the caller's line.
   */
  async #call<T>(fn: () => T | Promise<T>): Promise<T> {
    const site = new Error();
    try {
      return await fn();
    } catch (e) {
      const error = this.#mapped(e, this.#machine.elevated);
      if (error instanceof Error && error !== e && site.stack !== undefined) {
        error.stack = `${error.name}: ${error.message}\n${site.stack.split('\n').slice(1).join('\n')}`;
      }
      throw error;
    }
  }

  /** A primitive's failure as a WinError, a refused argument as E_USAGE; anything else as it is. */
  #mapped(e: unknown, elevated: boolean | undefined): unknown {
    if (isPrimitiveFailure(e)) {
      const code = e.winCode >>> 0 || NO_CODE;
      // A CONFIGRET says so; any other code is SetupAPI's when it has SetupAPI's mask.
      const source: WinErrorSource = e.source === 'configret' ? 'configret' : isSetupapiCode(code) ? 'setupapi' : 'win32';
      const message = this.#message(code, source);
      return winErrorFrom(code, e.api, {
        message: e.file === undefined ? message : `${message} (${e.file})`,
        source,
        ...(elevated !== undefined && { elevated }),
      });
    }
    if (e instanceof TypeError) return usage(e.message);
    return e;
  }

  /** The system's text for a code (HRESULT_FROM_SETUPAPI, CONFIGRET mapped), else the table's. */
  #message(code: number, source: WinErrorSource): string {
    let text = '';
    try {
      text = this.#p.formatMessage(systemMessageCode(code, source));
    } catch {
      // no system text: the table's is used
    }
    return text || describeWinError(code, source).message;
  }

  #queueFailure(f: QueueFailure): SectionFailure {
    const code = f.code >>> 0;
    const entry = describeWinError(code);
    return { ...(f.file !== undefined && { file: f.file }), code, name: entry.name, message: this.#message(code, 'win32') };
  }

  /** The file queue's first failure, for operations whose result has no place for failures. */
  #throwFirstFailure(failures: QueueFailure[], api: string): void {
    const first = failures[0];
    if (first === undefined) return;
    const failure = this.#queueFailure(first);
    throw winErrorFrom(first.code, api, { message: first.file === undefined ? failure.message : `${failure.message} (${first.file})` });
  }

  /** Changing calls fail up front, before the machine is touched, when the process is not elevated. */
  #requireElevation(api: string): void {
    if (!this.#machine.elevated) throw winErrorFrom(ERR.ELEVATION_REQUIRED, api, { hint: HINTS.notElevated, elevated: false });
  }

  #noDevice(id: string, api = 'SetupDiOpenDeviceInfoW'): WinError {
    return winErrorFrom(ERR.NO_SUCH_DEVINST, api, { hint: `No device node has the instance ID ${id}.` });
  }

  /**
   * Runs a changing operation and, when it fails with a WinError, attaches what SetupAPI wrote
   * to its log meanwhile (issue 14): the size before, the sections appended after. A log that is
   * absent or locked adds nothing; it never changes the failure itself.
   */
  async #withLog<T>(work: () => Promise<T>): Promise<T> {
    this.#logFile ??= this.#setupLog().catch(() => null);
    const file = await this.#logFile;
    const before = file === null ? null : await logSize(file);
    try {
      return await work();
    } catch (e) {
      if (file !== null && isWinError(e) && e.log === undefined) {
        const log = await readLogSince(file, before ?? 0);
        if (log.sections.length > 0) e.log = { file, sections: log.sections };
      }
      throw e;
    }
  }

  async info(): Promise<BackendInfo> {
    return { kind: this.kind, ...this.#machine };
  }

  // Setup classes ------------------------------------------------------------------------------

  async listClasses(options: ListClassesOptions = {}): Promise<SetupClass[]> {
    const flags = (options.excludeNoInstall ? DIBCI_NOINSTALLCLASS : 0) | (options.excludeNoDisplay ? DIBCI_NODISPLAYCLASS : 0);
    return this.#call(() => this.#p.listClasses(flags));
  }

  async classGuidsFromName(name: string): Promise<string[]> {
    const className = requireText(name, 'class name');
    return this.#call(() => this.#p.classGuidsFromName(className));
  }

  async installClass(infPath: string): Promise<InstallClassResult> {
    const inf = infPathArg(infPath);
    this.#requireElevation('SetupDiInstallClassW');
    return this.#withLog(async () => {
      const { failures, ...result } = await this.#call(() => this.#p.installClass(inf));
      this.#throwFirstFailure(failures, 'SetupCommitFileQueueW');
      return result;
    });
  }

  async removeClass(guid: string): Promise<void> {
    const classGuid = requireGuid(guid, 'class GUID');
    this.#requireElevation('RegDeleteTreeW');
    await this.#call(() => this.#p.deleteKey('HKLM', `${CLASS_KEY}\\${classGuid}`));
  }

  // Device-interface classes -------------------------------------------------------------------

  async listInterfaceClasses(): Promise<InterfaceClass[]> {
    const key = await this.#call(() => this.#p.readKey('HKLM', DEVICE_CLASSES_KEY));
    const guids = (key?.subkeys ?? []).map((k) => canonicalGuid(k)).filter((g): g is string => g !== null);
    return [...new Set(guids)].map((guid) => ({ guid }));
  }

  async installInterfaceClasses(infPath: string, options: InstallInterfaceClassesOptions = {}): Promise<InstallInterfaceClassesResult> {
    const inf = infPathArg(infPath);
    const only = options.guid === undefined ? undefined : requireGuid(options.guid, 'interface class GUID');
    this.#requireElevation('SetupDiInstallClassExW');
    const entries = (await this.#call(() => this.#p.interfaceInstallEntries(inf))).map((e) => {
      const guid = canonicalGuid(e.key);
      if (guid === null) {
        throw new InfkitError('E_INF_INVALID', `[InterfaceInstall32] entry '${e.key}' is not a GUID`, { file: inf });
      }
      return guid;
    });
    const selected = [...new Set(only === undefined ? entries : entries.filter((g) => g === only))];
    if (selected.length === 0) {
      throw new InfkitError('E_NOT_FOUND', `${path.basename(inf)} has no [InterfaceInstall32] entry for ${only ?? 'any interface class'}`, {
        file: inf,
        hint: 'Leave out the GUID to install every entry, or name one the INF lists.',
      });
    }
    const result: InstallInterfaceClassesResult = { installed: [], rebootRequired: false };
    for (const guid of selected) {
      const one = await this.#withLog(() => this.#call(() => this.#p.installInterfaceClass(inf, guid)));
      this.#throwFirstFailure(one.failures, 'SetupCommitFileQueueW');
      result.installed.push({ guid: one.guid, section: one.section, created: one.created });
      result.rebootRequired ||= one.rebootRequired;
    }
    return result;
  }

  async removeInterfaceClass(guid: string): Promise<void> {
    const classGuid = requireGuid(guid, 'interface class GUID');
    this.#requireElevation('RegDeleteTreeW');
    await this.#call(() => this.#p.deleteKey('HKLM', `${DEVICE_CLASSES_KEY}\\${classGuid}`));
  }

  // INF sections ---------------------------------------------------------------------------------

  async installSection(infPath: string, section: string, options: InstallSectionOptions = {}): Promise<InstallSectionResult> {
    const inf = infPathArg(infPath);
    const name = requireText(section, 'section name');
    const { mode, hinfMode } = installModeArg(options);
    const sourceDir = options.sourceDir === undefined ? null : path.resolve(requireText(options.sourceDir, 'source directory'));
    if (mode === 'hinf') {
      this.#requireElevation('InstallHinfSectionW');
      const done = await this.#withLog(() => this.#call(() => this.#p.installHinfSection(inf, name, hinfMode)));
      // InstallHinfSection reports nothing: no failures, no reboot flag (it prompts itself per mode).
      return { section: done.section, rebootRequired: false, failures: [] };
    }
    this.#requireElevation('SetupInstallFromInfSectionW');
    const done = await this.#withLog(() => this.#call(() => this.#p.installSection(inf, name, sourceDir)));
    return { section: done.section, rebootRequired: done.rebootRequired, failures: done.failures.map((f) => this.#queueFailure(f)) };
  }

  // Device interfaces ----------------------------------------------------------------------------

  async listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]> {
    const classGuid = requireGuid(options?.classGuid, 'interface class GUID');
    const interfaces = await this.#call(() => this.#p.listInterfaces(classGuid, options.present === true));
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
    return this.#withLog(() => this.#call(() => this.#p.registerInterface(id, classGuid, reference === '' ? null : reference)));
  }

  // Devices --------------------------------------------------------------------------------------

  async createDevice(options: CreateDeviceOptions): Promise<CreateDeviceResult> {
    const hardwareId = requireText(options?.hardwareId, 'hardware ID');
    const inf = options.inf === undefined ? undefined : infPathArg(options.inf);
    const description = options.description === undefined ? hardwareId : requireText(options.description, 'description');
    const classGuid = options.classGuid === undefined ? undefined : requireGuid(options.classGuid, 'class GUID');
    const className = options.className === undefined ? undefined : requireText(options.className, 'class name');
    this.#requireElevation('SetupDiCallClassInstaller');
    const cls = await this.#deviceClass(classGuid, className, inf);
    const created = await this.#withLog(() => this.#call(() => this.#p.createDevice(hardwareId, cls.guid, cls.name, description)));
    if (inf === undefined) return created;
    try {
      const driver = await this.installDriver({ inf, hardwareId });
      return { deviceInstanceId: created.deviceInstanceId, rebootRequired: created.rebootRequired || driver.rebootRequired };
    } catch (e) {
      // A half-made test device helps no one: remove it, then report the driver's failure.
      try {
        await this.#p.removeDevice(created.deviceInstanceId);
      } catch {
        // the driver's failure is the one to report
      }
      throw e;
    }
  }

  /** The setup class a new device joins: classGuid, else className, else the INF's class, else System. */
  async #deviceClass(
    classGuid: string | undefined,
    className: string | undefined,
    inf: string | undefined,
  ): Promise<{ guid: string; name: string }> {
    if (classGuid !== undefined) return { guid: classGuid, name: await this.#call(() => this.#p.className(classGuid)) };
    if (className !== undefined) {
      const guid = (await this.#call(() => this.#p.classGuidsFromName(className)))[0];
      if (guid === undefined)
        throw new InfkitError('E_NOT_FOUND', `no setup class is named '${className}'`, {
          hint: 'See `infkit classes` for the installed classes.',
        });
      return { guid, name: className };
    }
    if (inf !== undefined) {
      const declared = await this.#call(() => this.#p.infClass(inf));
      const guid = canonicalGuid(declared.guid);
      if (guid === null || guid === GUID_NULL) {
        throw winErrorFrom(ERR.INVALID_CLASS, 'SetupDiGetINFClassW', {
          hint: `${path.basename(inf)}: [Version] ClassGUID is missing or is not a GUID.`,
        });
      }
      return { guid, name: declared.name };
    }
    return { guid: GUID_DEVCLASS_SYSTEM, name: await this.#call(() => this.#p.className(GUID_DEVCLASS_SYSTEM)) };
  }

  async listDevices(options: ListDevicesOptions = {}): Promise<Device[]> {
    const matches = this.#deviceFilter(options);
    const raw = await this.#call(() => this.#p.listDevices(options.present === true));
    const selected = raw.filter(matches);
    const shape = await this.#deviceShaper(selected);
    const devices = selected.map(shape);
    if (options.interfaces === true) await this.#attachInterfaces(devices);
    return devices;
  }

  /** The test a raw device must pass for the options; E_USAGE for a bad option. */
  #deviceFilter(options: ListDevicesOptions): (d: RawDevice) => boolean {
    const tests: Array<(d: RawDevice) => boolean> = [];
    if (options.hardwareId !== undefined) {
      const test = idPattern(requireText(options.hardwareId, 'hardware ID pattern'));
      tests.push((d) => d.hardwareIds.some(test) || d.compatibleIds.some(test));
    }
    if (options.instanceId !== undefined) {
      const test = idPattern(requireText(options.instanceId, 'instance ID pattern'));
      tests.push((d) => test(d.deviceInstanceId));
    }
    if (options.setupClass !== undefined) {
      const text = requireText(options.setupClass, 'setup class');
      const guid = canonicalGuid(text);
      tests.push(guid !== null ? (d) => canonicalGuid(d.classGuid) === guid : (d) => d.className.toLowerCase() === text.toLowerCase());
    }
    if (options.problem !== undefined) {
      const wanted = options.problem;
      if (wanted !== true && !(Number.isInteger(wanted) && wanted > 0))
        throw usage(`problem code ${String(wanted)} is not a positive whole number`);
      tests.push((d) => (wanted === true ? d.problem !== 0 : d.problem === wanted));
    }
    return (d) => tests.every((t) => t(d));
  }

  /** Raw device → Device; originalInf comes from the driver store, listed once per call. */
  async #deviceShaper(raws: RawDevice[]): Promise<(d: RawDevice) => Device> {
    let originals = new Map<string, string>();
    if (raws.some((d) => d.driver !== null && /^oem\d+\.inf$/i.test(d.driver.infPath))) {
      const store = await this.#call(() => this.#p.listDrivers());
      originals = new Map(store.map((p) => [p.publishedName.toLowerCase(), p.originalName]));
    }
    return (d) => {
      const present = d.present;
      const problem = present && d.problem !== 0 ? describeProblem(d.problem) : null;
      return {
        deviceInstanceId: d.deviceInstanceId,
        hardwareIds: d.hardwareIds,
        compatibleIds: d.compatibleIds,
        classGuid: canonicalGuid(d.classGuid) ?? GUID_NULL,
        className: d.className,
        description: d.friendlyName || d.deviceDesc,
        present,
        status: present ? statusFlagNames(d.status) : [],
        problem,
        driver:
          d.driver === null
            ? null
            : {
                publishedName: d.driver.infPath,
                originalInf: originals.get(d.driver.infPath.toLowerCase()) ?? d.driver.infPath,
                section: d.driver.section,
                provider: d.driver.provider,
                version: d.driver.version,
                date: isoDate(d.driver.dateMs),
                matchingId: d.driver.matchingId,
                rank: d.driver.rank >>> 0,
              },
        service: d.service,
      };
    };
  }

  /** Each device's interface links: one listInterfaces per registered interface class. */
  async #attachInterfaces(devices: Device[]): Promise<void> {
    const byId = new Map(devices.map((d) => [d.deviceInstanceId.toLowerCase(), d]));
    for (const d of devices) d.interfaces = [];
    for (const { guid } of await this.listInterfaceClasses()) {
      for (const i of await this.#call(() => this.#p.listInterfaces(guid, false))) {
        byId.get(i.deviceInstanceId.toLowerCase())?.interfaces?.push(i.symbolicLink);
      }
    }
  }

  async getDevice(deviceInstanceId: string): Promise<Device | null> {
    const id = requireText(deviceInstanceId, 'device instance ID');
    const raw = await this.#call(() => this.#p.getDevice(id));
    if (raw === null) return null;
    return (await this.#deviceShaper([raw]))(raw);
  }

  async #requireDevice(deviceInstanceId: string): Promise<Device> {
    const device = await this.getDevice(deviceInstanceId);
    if (device === null) throw this.#noDevice(deviceInstanceId);
    return device;
  }

  async deviceRegistryProperty(deviceInstanceId: string, name: DeviceRegistryPropertyName): Promise<RegistryValue | null> {
    const id = requireText(deviceInstanceId, 'device instance ID');
    const key = typeof name === 'string' ? name.toUpperCase().replace(/^SPDRP_/, '') : '';
    const spdrp = Object.hasOwn(SPDRP, key) ? SPDRP[key as DeviceRegistryPropertyName] : undefined;
    if (spdrp === undefined)
      throw usage(`'${String(name)}' is not a device registry property`, `Use one of ${Object.keys(SPDRP).join(', ')}.`);
    const raw = await this.#call(() => this.#p.deviceRegistryProperty(id, spdrp));
    return raw === null ? null : decodeValue(raw.type, raw.data);
  }

  async removeDevice(deviceInstanceId: string): Promise<{ rebootRequired: boolean }> {
    const id = requireText(deviceInstanceId, 'device instance ID');
    this.#requireElevation('SetupDiCallClassInstaller');
    return this.#withLog(() => this.#call(() => this.#p.removeDevice(id)));
  }

  async setDeviceEnabled(deviceInstanceId: string, enabled: boolean): Promise<DeviceChangeResult> {
    const id = requireText(deviceInstanceId, 'device instance ID');
    if (typeof enabled !== 'boolean') throw usage('enabled must be true or false');
    this.#requireElevation('SetupDiCallClassInstaller');
    const device = await this.#requireDevice(id);
    const disabled = device.problem?.code === CM_PROB.DISABLED;
    if (disabled === !enabled) return { deviceInstanceId: device.deviceInstanceId, changed: false, rebootRequired: false };
    const { rebootRequired } = await this.#withLog(() =>
      this.#call(() => this.#p.changeDeviceState(device.deviceInstanceId, enabled ? DICS.ENABLE : DICS.DISABLE)),
    );
    return { deviceInstanceId: device.deviceInstanceId, changed: true, rebootRequired };
  }

  async restartDevice(deviceInstanceId: string): Promise<DeviceChangeResult> {
    const id = requireText(deviceInstanceId, 'device instance ID');
    this.#requireElevation('SetupDiCallClassInstaller');
    const device = await this.#requireDevice(id);
    const { rebootRequired } = await this.#withLog(() =>
      this.#call(() => this.#p.changeDeviceState(device.deviceInstanceId, DICS.PROPCHANGE)),
    );
    return { deviceInstanceId: device.deviceInstanceId, changed: true, rebootRequired };
  }

  async rescan(timeoutMs: number): Promise<boolean> {
    const timeout = timeoutArg(timeoutMs);
    this.#requireElevation('CM_Reenumerate_DevNode');
    await this.#withLog(() => this.#call(() => this.#p.reenumerate()));
    return this.#call(() => this.#p.waitNoPendingInstalls(timeout));
  }

  // Driver packages --------------------------------------------------------------------------------

  async stageDriver(infPath: string): Promise<StageDriverResult> {
    const inf = infPathArg(infPath);
    this.#requireElevation('SetupCopyOEMInfW');
    return this.#withLog(() => this.#call(() => this.#p.stageDriver(inf)));
  }

  async removeDriver(publishedName: string, options: { force?: boolean } = {}): Promise<void> {
    // A bare file name: SetupUninstallOEMInf itself refuses what is not a staged package
    // (ERROR_NOT_AN_INSTALLED_OEM_INF), so any other name is left for it to judge.
    const name = publishedNameArg(publishedName, HINTS.notOemInf);
    this.#requireElevation('SetupUninstallOEMInfW');
    await this.#withLog(() => this.#call(() => this.#p.removeDriver(name, options.force === true)));
  }

  async listDrivers(): Promise<DriverPackage[]> {
    const packages = await this.#call(() => this.#p.listDrivers());
    return packages.map((d) => ({ ...d, classGuid: canonicalGuid(d.classGuid) ?? d.classGuid }));
  }

  async installDriver(options: InstallDriverOptions): Promise<InstallDriverResult> {
    const inf = infPathArg(options?.inf);
    const hardwareId = options.hardwareId === undefined ? null : requireText(options.hardwareId, 'hardware ID');
    this.#requireElevation(hardwareId === null ? 'DiInstallDriverW' : 'UpdateDriverForPlugAndPlayDevicesW');
    try {
      return await this.#withLog(() => this.#call(() => this.#p.installDriver(inf, hardwareId, options.force === true)));
    } catch (e) {
      // UpdateDriverForPlugAndPlayDevices says only "no such device": say which.
      if (hardwareId !== null && isWinError(e) && e.code === ERR.NO_SUCH_DEVINST) {
        const said = winErrorFrom(e.code, e.api, { hint: `${HINTS.noMatchingDevice} (hardware ID ${hardwareId})` });
        if (e.log !== undefined) said.log = e.log;
        throw said;
      }
      throw e;
    }
  }

  async waitNoPendingInstalls(timeoutMs: number): Promise<boolean> {
    const timeout = timeoutArg(timeoutMs);
    return this.#call(() => this.#p.waitNoPendingInstalls(timeout));
  }

  // Trust on this machine --------------------------------------------------------------------------

  async verifyTrust(file: string): Promise<TrustVerdict> {
    const target = path.resolve(requireText(file, 'file'));
    // A verdict is data: WinVerifyTrust answers with a code, and only a call it cannot make fails.
    const code = (await this.#call(() => this.#p.verifyTrust(target))) >>> 0;
    const entry = describeWinError(code);
    return {
      file: target,
      trusted: code === 0,
      code,
      name: code === 0 ? 'ERROR_SUCCESS' : entry.name,
      message: this.#message(code, 'win32'),
    };
  }

  async codeIntegrity(): Promise<CodeIntegrity> {
    const options = (await this.#call(() => this.#p.codeIntegrityOptions())) >>> 0;
    return {
      enabled: (options & CODEINTEGRITY_OPTION.ENABLED) !== 0,
      testSigning: (options & CODEINTEGRITY_OPTION.TESTSIGN) !== 0,
      options,
    };
  }

  async listCertificates(store: CertificateStore): Promise<StoredCertificate[]> {
    const name = certificateStoreArg(store);
    let ders: Uint8Array[];
    try {
      ders = await this.#call(() => this.#p.listCertificates(name));
    } catch (e) {
      // A store that was never created (CertOpenStore: ERROR_FILE_NOT_FOUND) holds nothing.
      if (isWinError(e) && e.code === ERR.FILE_NOT_FOUND) return [];
      throw e;
    }
    return ders.map((der) => ({ thumbprint: thumbprintOf(der), der }));
  }

  async addCertificate(store: CertificateStore, der: Uint8Array): Promise<{ thumbprint: string; added: boolean }> {
    const name = certificateStoreArg(store);
    // A DER certificate is a SEQUENCE (0x30): anything else is not one (PEM text, say).
    if (!(der instanceof Uint8Array) || der.length < 2 || der[0] !== 0x30)
      throw usage('a certificate must be DER bytes (a PEM file is converted by `infkit trust add`)');
    this.#requireElevation('CertAddEncodedCertificateToStore');
    const added = await this.#call(() => this.#p.addCertificate(name, der));
    return { thumbprint: thumbprintOf(der), added };
  }

  async removeCertificate(store: CertificateStore, thumbprint: string): Promise<{ removed: boolean }> {
    const name = certificateStoreArg(store);
    const hex = typeof thumbprint === 'string' ? thumbprint.replace(/[\s:]/g, '') : '';
    if (!/^[0-9a-f]{40}$/i.test(hex)) throw usage(`'${String(thumbprint)}' is not a SHA-1 thumbprint (40 hex digits)`);
    this.#requireElevation('CertDeleteCertificateFromStore');
    return { removed: await this.#call(() => this.#p.removeCertificate(name, Buffer.from(hex, 'hex'))) };
  }

  async close(): Promise<void> {
    // Primitives hold no handle between calls.
  }

  // Registry -------------------------------------------------------------------------------------------

  #createRegistry(): RegistryAccess {
    const p = this.#p;
    return {
      readKey: async (root, keyPath) => {
        const [r, k] = [registryRootArg(root), keyPathArg(keyPath)];
        const raw = await this.#call(() => p.readKey(r, k));
        if (raw === null) return null;
        const values: Record<string, RegistryValue> = {};
        // defineProperty: a value named __proto__ is just a name.
        for (const v of raw.values) {
          Object.defineProperty(values, v.name, {
            value: decodeValue(v.type, v.data),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return { values, subkeys: raw.subkeys };
      },
      setValue: async (root, keyPath, name, value) => {
        const [r, k] = [registryRootArg(root), keyPathArg(keyPath)];
        const encoded = encodeValue(registryValueArg(name, value));
        this.#requireElevationFor(r, 'RegSetValueExW');
        await this.#call(() => p.setValue(r, k, name, encoded.type, encoded.data));
      },
      deleteValue: async (root, keyPath, name) => {
        const [r, k, n] = [registryRootArg(root), keyPathArg(keyPath), valueNameArg(name)];
        this.#requireElevationFor(r, 'RegDeleteValueW');
        await this.#call(() => p.deleteValue(r, k, n));
      },
      deleteKey: async (root, keyPath) => {
        const [r, k] = [registryRootArg(root), deletedKeyPathArg(keyPath)];
        this.#requireElevationFor(r, 'RegDeleteTreeW');
        await this.#call(() => p.deleteKey(r, k));
      },
    };
  }

  /** HKCU is the user's own: writing it needs no elevation; the machine's roots do. */
  #requireElevationFor(root: string, api: string): void {
    if (root !== 'HKCU') this.#requireElevation(api);
  }
}
