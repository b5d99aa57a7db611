// The one contract every backend (native addon, koffi, mock) implements.
// Types only: the consumer receives a Backend as a parameter, and one contract
// suite (test/contract/) runs unchanged against each implementation.
//
// Conventions:
// - GUIDs are returned upper-case in braces: '{4D36E97B-E325-11CE-BFC1-08002BE10318}'.
//   Inputs accept any case, with or without braces.
// - A Windows failure is a WinError (lib/backend/errors.ts) naming the API that failed; a bad
//   argument is an InfkitError E_USAGE, and a class, device or package that is not there E_NOT_FOUND.
// - Every method is async, even where the implementation is synchronous.

export type BackendKind = 'native' | 'koffi' | 'mock';

export interface BackendInfo {
  kind: BackendKind;
  /** True when running on Wine (ntdll exports wine_get_version). */
  wine: boolean;
  /** Wine version string when wine is true. */
  wineVersion?: string;
  /** Whether the process holds administrator rights (always true for mock). */
  elevated: boolean;
  /** 'x86' | 'amd64' | 'arm64' of the machine the backend acts on. */
  arch: string;
  /** Windows build, e.g. '10.0.19045'. */
  osVersion: string;
}

export interface SetupClass {
  guid: string;
  name: string;
  description: string;
  icon?: string;
  noInstallClass: boolean;
  noDisplayClass: boolean;
  silentInstall: boolean;
  upperFilters: string[];
  lowerFilters: string[];
}

export interface ListClassesOptions {
  /** DIBCI_NOINSTALLCLASS: leave out classes flagged NoInstallClass. */
  excludeNoInstall?: boolean;
  /** DIBCI_NODISPLAYCLASS: leave out classes flagged NoDisplayClass. */
  excludeNoDisplay?: boolean;
}

export interface InstallClassResult {
  classGuid: string;
  className: string;
  /** The class existed before: Windows ignores [ClassInstall32] then. */
  alreadyExisted: boolean;
  rebootRequired: boolean;
}

export interface InterfaceClass {
  guid: string;
}

export interface InstallInterfaceClassesOptions {
  /** Only this [InterfaceInstall32] entry; all of them when absent. */
  guid?: string;
}

export interface InstallInterfaceClassesResult {
  installed: Array<{ guid: string; section: string; created: boolean }>;
  rebootRequired: boolean;
}

export interface SectionFailure {
  /** File the queue failed on, when a file operation failed. */
  file?: string;
  code: number;
  name: string;
  message: string;
}

export interface InstallSectionOptions {
  /**
   * 'setupapi': SetupInstallFromInfSection + SetupInstallServicesFromInfSection with a
   * file queue that collects failures. 'hinf': InstallHinfSection, exactly as
   * `rundll32 setupapi,InstallHinfSection <section> <mode> <inf>`.
   */
  mode?: 'setupapi' | 'hinf';
  /** InstallHinfSection reboot mode (default 128 = never reboot; 132 = 128|4 ask). */
  hinfMode?: number;
  /** Directory the files are copied from (default: the INF's directory). */
  sourceDir?: string;
}

export interface InstallSectionResult {
  section: string;
  rebootRequired: boolean;
  failures: SectionFailure[];
}

export interface DeviceInterface {
  symbolicLink: string;
  classGuid: string;
  deviceInstanceId: string;
  referenceString: string;
  enabled: boolean;
  removed: boolean;
}

export interface ListInterfacesOptions {
  classGuid: string;
  /** Only interfaces of present devices (CM_GET_DEVICE_INTERFACE_LIST_PRESENT). */
  present?: boolean;
}

export interface CreateDeviceOptions {
  hardwareId: string;
  /** Setup class by GUID; defaults to the class of `inf` or {GUID_DEVCLASS_SYSTEM}. */
  classGuid?: string;
  /** Setup class by name, when classGuid is absent. */
  className?: string;
  description?: string;
  /** Install this driver on the new device after registering it. */
  inf?: string;
}

export interface CreateDeviceResult {
  deviceInstanceId: string;
  rebootRequired: boolean;
}

/** The driver a device runs (DEVPKEY_Device_Driver* properties). */
export interface DeviceDriver {
  /** oemNN.inf (or the inbox INF's name). */
  publishedName: string;
  /** The INF's original name when the driver store knows it, else publishedName. */
  originalInf: string;
  /** The DDInstall section as the Models line names it (DEVPKEY_Device_DriverInfSection, undecorated). */
  section: string;
  provider: string;
  /** DriverVer's version, e.g. '10.0.19041.1'. */
  version: string;
  /** DriverVer's date as YYYY-MM-DD, or '' when unknown. */
  date: string;
  /** The hardware or compatible ID the driver matched. */
  matchingId: string;
  /** DriverRank: 0x00000000 is the best. */
  rank: number;
}

/** A CM_PROB_* problem code with its name and what it means. */
export interface DeviceProblem {
  code: number;
  name: string;
  message: string;
}

export interface Device {
  deviceInstanceId: string;
  hardwareIds: string[];
  compatibleIds: string[];
  classGuid: string;
  className: string;
  /** The friendly name, else the device description, else ''. */
  description: string;
  present: boolean;
  /** DN_* flags by name (DN_STARTED, DN_HAS_PROBLEM, DN_DISABLEABLE, ...); [] when not present. */
  status: string[];
  /** Null when the device has no problem (or is not present). */
  problem: DeviceProblem | null;
  driver: DeviceDriver | null;
  /** The function driver's service, or ''. */
  service: string;
  /** Symbolic links of the device's interfaces (only when asked for: ListDevicesOptions.interfaces). */
  interfaces?: string[];
}

export interface ListDevicesOptions {
  /** Matches any hardware ID (case-insensitive; `*` and `?` as devcon's). */
  hardwareId?: string;
  /** Matches the device instance ID (case-insensitive; `*` and `?`). */
  instanceId?: string;
  /** Only devices of this setup class (GUID, or class name). */
  setupClass?: string;
  /** Only devices with a problem: any (true) or this CM_PROB_* code. */
  problem?: true | number;
  /** Only present devices (DIGCF_PRESENT); default false: every device node. */
  present?: boolean;
  /** Fill `interfaces` (one CM_Get_Device_Interface_List per interface class). */
  interfaces?: boolean;
}

export interface DeviceChangeResult {
  deviceInstanceId: string;
  /** False when the device already was in the asked state. */
  changed: boolean;
  rebootRequired: boolean;
}

/** SPDRP_* properties by their name as in setupapi.h without the prefix. */
export type DeviceRegistryPropertyName =
  | 'DEVICEDESC'
  | 'HARDWAREID'
  | 'COMPATIBLEIDS'
  | 'SERVICE'
  | 'CLASS'
  | 'CLASSGUID'
  | 'DRIVER'
  | 'CONFIGFLAGS'
  | 'MFG'
  | 'FRIENDLYNAME'
  | 'LOCATION_INFORMATION'
  | 'PHYSICAL_DEVICE_OBJECT_NAME'
  | 'CAPABILITIES'
  | 'UI_NUMBER'
  | 'UPPERFILTERS'
  | 'LOWERFILTERS'
  | 'BUSTYPEGUID'
  | 'LEGACYBUSTYPE'
  | 'BUSNUMBER'
  | 'ENUMERATOR_NAME'
  | 'SECURITY_SDS'
  | 'DEVTYPE'
  | 'EXCLUSIVE'
  | 'CHARACTERISTICS'
  | 'ADDRESS'
  | 'UI_NUMBER_DESC_FORMAT'
  | 'REMOVAL_POLICY'
  | 'INSTALL_STATE'
  | 'LOCATION_PATHS'
  | 'BASE_CONTAINERID';

export interface RegisterInterfaceOptions {
  deviceInstanceId: string;
  classGuid: string;
  /** May not contain '/' or '\\'. */
  referenceString?: string;
}

export interface RegisterInterfaceResult {
  symbolicLink: string;
  /** False when the interface was already registered (the existing link is returned). */
  created: boolean;
}

export interface DriverPackage {
  /** oemNN.inf */
  publishedName: string;
  originalName: string;
  provider: string;
  className: string;
  classGuid: string;
  driverVer: string;
}

export interface StageDriverResult {
  publishedName: string;
  alreadyStaged: boolean;
}

export interface InstallDriverOptions {
  inf: string;
  /** Devices with this hardware ID get the driver (UpdateDriverForPlugAndPlayDevices). */
  hardwareId?: string;
  /** Force even when a better-ranked driver is installed (INSTALLFLAG_FORCE). */
  force?: boolean;
}

export interface InstallDriverResult {
  rebootRequired: boolean;
  /** Published name of the staged package when known. */
  publishedName?: string;
}

export type { RegistryRoot, RegistryValue } from '../base/registry-values.js';
import type { RegistryRoot, RegistryValue } from '../base/registry-values.js';

export interface RegistryKeySnapshot {
  values: Record<string, RegistryValue>;
  subkeys: string[];
}

/** The minimal registry access the planner and `apply --undo` need. Paths use backslashes. */
export interface RegistryAccess {
  /** The key's values and subkey names, or null when it does not exist. */
  readKey(root: RegistryRoot, path: string): Promise<RegistryKeySnapshot | null>;
  setValue(root: RegistryRoot, path: string, name: string, value: RegistryValue): Promise<void>;
  deleteValue(root: RegistryRoot, path: string, name: string): Promise<void>;
  /** Deletes the key and everything below it; no error when it does not exist. */
  deleteKey(root: RegistryRoot, path: string): Promise<void>;
}

export type CertificateStore = 'Root' | 'TrustedPublisher';

export interface StoredCertificate {
  /** SHA-1 of the DER, upper-case hex (what certutil and the Certificates snap-in show). */
  thumbprint: string;
  der: Uint8Array;
}

export interface TrustVerdict {
  file: string;
  trusted: boolean;
  /** WinVerifyTrust's result: 0, or TRUST_E_* / CERT_E_* (an HRESULT). */
  code: number;
  name: string;
  message: string;
}

export interface CodeIntegrity {
  /** CODEINTEGRITY_OPTION_ENABLED. */
  enabled: boolean;
  /** CODEINTEGRITY_OPTION_TESTSIGN: test-signed drivers load (bcdedit /set testsigning on). */
  testSigning: boolean;
  /** The CodeIntegrityOptions bits as Windows gives them. */
  options: number;
}

/**
 * What infkit can do to a machine. One implementation, `WindowsBackend` (lib/backend/core.ts),
 * gives every member its meaning (argument checks, defaults, order of checks, result shape,
 * errors) over a flat `Primitives` surface below, which the addon, koffi and the mock each
 * implement. Failures:
 * - a bad argument: InfkitError E_USAGE, before anything else;
 * - a changing call without administrator rights: WinError ERROR_ELEVATION_REQUIRED (740),
 *   before the machine is touched (after the argument checks, before the INF is opened);
 * - a class, interface entry or device that is not there, where Windows has no code for it:
 *   InfkitError E_NOT_FOUND; an unreadable INF: InfkitError E_INF_INVALID;
 * - any failed Windows call: WinError with its code, symbolic name, message and the API.
 */
export interface Backend {
  readonly kind: BackendKind;
  /** The machine: architecture, OS build, elevation, Wine. Never fails after opening. */
  info(): Promise<BackendInfo>;

  // Setup classes
  /**
   * The installed setup classes (SetupDiBuildClassInfoListEx, then per class
   * SetupDiClassNameFromGuid, SetupDiGetClassDescription and the class key's values).
   * Classes whose key vanishes while listing are left out.
   */
  listClasses(options?: ListClassesOptions): Promise<SetupClass[]>;
  /** SetupDiClassGuidsFromName: every class GUID with this name; [] when none. E_USAGE for ''. */
  classGuidsFromName(name: string): Promise<string[]>;
  /**
   * SetupDiInstallClass: the INF's [ClassInstall32] creates the class key. When the class
   * already exists Windows ignores the section: alreadyExisted. Fails with ERROR_INVALID_CLASS
   * when [Version] has no usable ClassGUID, and with the file queue's first failure.
   */
  installClass(infPath: string): Promise<InstallClassResult>;
  /**
   * Deletes a setup class key (RegDeleteTree). It stays because `apply --undo` must take back a
   * class it created and Windows has no API for that; nothing to delete is no error.
   */
  removeClass(guid: string): Promise<void>;

  // Device-interface classes
  /**
   * The interface classes registered under DeviceClasses (a registry read: SetupAPI has no
   * list call). It stays because `interfaces` and `apply --undo` need to see them.
   */
  listInterfaceClasses(): Promise<InterfaceClass[]>;
  /**
   * SetupDiInstallClassEx(DI_NOVCP, InterfaceClassGuid) for each [InterfaceInstall32] entry, or
   * the one `guid`. E_NOT_FOUND when the INF lists no such entry; E_INF_INVALID for an entry
   * that is not a GUID.
   */
  installInterfaceClasses(infPath: string, options?: InstallInterfaceClassesOptions): Promise<InstallInterfaceClassesResult>;
  /** Deletes an interface class key (RegDeleteTree), for `apply --undo`; absent is no error. */
  removeInterfaceClass(guid: string): Promise<void>;

  // INF sections
  /**
   * SetupDiGetActualSectionToInstall, then SetupInstallFromInfSection (SPINST_ALL) and
   * SetupInstallServicesFromInfSection with a queue callback that skips failed copies and
   * reports them in `failures`; or InstallHinfSection (mode 'hinf'), which reports nothing.
   * ERROR_SECTION_NOT_FOUND when neither the section nor a decorated form exists.
   */
  installSection(infPath: string, section: string, options?: InstallSectionOptions): Promise<InstallSectionResult>;

  // Device interfaces
  /** CM_Get_Device_Interface_List (SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) on Wine). */
  listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]>;
  /**
   * SetupDiCreateDeviceInterface + SetupDiInstallDeviceInterfaces. ERROR_NO_SUCH_DEVINST for an
   * unknown device; ERROR_INVALID_REFERENCE_STRING for a reference string with a slash.
   */
  registerInterface(options: RegisterInterfaceOptions): Promise<RegisterInterfaceResult>;

  // Devices
  /**
   * A root-enumerated device node: SetupDiCreateDeviceInfo(DICD_GENERATE_ID) +
   * DIF_REGISTERDEVICE, then with `inf` UpdateDriverForPlugAndPlayDevices for its hardware ID.
   * When the driver install fails the node is removed again and the driver's failure is thrown.
   * The class: classGuid, else className (E_NOT_FOUND when no class has it), else the INF's
   * class, else System. The description defaults to the hardware ID.
   */
  createDevice(options: CreateDeviceOptions): Promise<CreateDeviceResult>;
  /** Device nodes (SetupDiGetClassDevs + CM_Get_DevNode_Status + device properties), filtered. */
  listDevices(options?: ListDevicesOptions): Promise<Device[]>;
  /** One device by instance ID (any case), or null when there is no such node. */
  getDevice(deviceInstanceId: string): Promise<Device | null>;
  /**
   * SetupDiGetDeviceRegistryProperty by SPDRP name, decoded as a registry value; null when the
   * device does not have the property. ERROR_NO_SUCH_DEVINST for an unknown device.
   */
  deviceRegistryProperty(deviceInstanceId: string, name: DeviceRegistryPropertyName): Promise<RegistryValue | null>;
  /** DIF_REMOVE. ERROR_NO_SUCH_DEVINST for an unknown device. */
  removeDevice(deviceInstanceId: string): Promise<{ rebootRequired: boolean }>;
  /** SetupDiChangeState DICS_ENABLE / DICS_DISABLE (global); changed: false when already so. */
  setDeviceEnabled(deviceInstanceId: string, enabled: boolean): Promise<DeviceChangeResult>;
  /** SetupDiChangeState DICS_PROPCHANGE: the device is stopped and started again. */
  restartDevice(deviceInstanceId: string): Promise<DeviceChangeResult>;
  /**
   * CM_Reenumerate_DevNode(root, CM_REENUMERATE_SYNCHRONOUS), then waits up to timeoutMs for
   * pending installs: false when they did not finish in time.
   */
  rescan(timeoutMs: number): Promise<boolean>;

  // Driver packages
  /** SetupCopyOEMInf(SPOST_PATH): into the driver store; alreadyStaged when it was there. */
  stageDriver(infPath: string): Promise<StageDriverResult>;
  /** SetupUninstallOEMInf; ERROR_INF_IN_USE_BY_DEVICES unless force. */
  removeDriver(publishedName: string, options?: { force?: boolean }): Promise<void>;
  /** The OEM packages in the driver store (%windir%\INF\oem*.inf and SetupGetInfInformation). */
  listDrivers(): Promise<DriverPackage[]>;
  /**
   * With a hardware ID: UpdateDriverForPlugAndPlayDevices (ERROR_NO_SUCH_DEVINST when no present
   * device has it). Without: DiInstallDriver, staging it and installing it on matching devices.
   */
  installDriver(options: InstallDriverOptions): Promise<InstallDriverResult>;

  /** CMP_WaitNoPendingInstallEvents: true when no installs are pending, false on timeout. */
  waitNoPendingInstalls(timeoutMs: number): Promise<boolean>;

  // Trust on this machine
  /**
   * WinVerifyTrust(WINTRUST_ACTION_GENERIC_VERIFY_V2) of a signed file (a catalog, a driver
   * binary), without UI or revocation checks: whether this machine trusts its signer.
   */
  verifyTrust(file: string): Promise<TrustVerdict>;
  /** NtQuerySystemInformation(SystemCodeIntegrityInformation): code integrity and test signing. */
  codeIntegrity(): Promise<CodeIntegrity>;
  /** The certificates of a LocalMachine store ('Root' or 'TrustedPublisher'), as DER with their SHA-1 thumbprints. */
  listCertificates(store: CertificateStore): Promise<StoredCertificate[]>;
  /** CertAddEncodedCertificateToStore(CERT_STORE_ADD_NEW); added: false when it was there. */
  addCertificate(store: CertificateStore, der: Uint8Array): Promise<{ thumbprint: string; added: boolean }>;
  /** CertDeleteCertificateFromStore by SHA-1 thumbprint; removed: false when it was not there. */
  removeCertificate(store: CertificateStore, thumbprint: string): Promise<{ removed: boolean }>;

  /** Registry keys and values (RegOpenKeyEx, RegQueryValueEx, RegSetValueEx, RegDeleteTree). */
  readonly registry: RegistryAccess;

  /** Releases whatever the backend holds (the mock's lock, native handles). */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// The primitive surface: one Windows call (or a short fixed sequence of them) per function,
// plain values in and out. The addon (native/*.cc), koffi (lib/backend/koffi/) and the mock
// (lib/backend/mock/primitives.ts) implement it; lib/backend/core.ts gives it meaning.
// A primitive may return its value or a promise of it. It fails by throwing a PrimitiveFailure
// (or a TypeError for an argument it refuses); never a WinError, never an InfkitError, except
// the mock's E_INF_INVALID for an INF it cannot read (Windows reads INFs itself).
// ---------------------------------------------------------------------------------------------

/** The failure every primitive throws for a failed Windows call. */
export interface PrimitiveFailure {
  /** The code as the API gave it: a Win32 error, a SetupAPI 0xE000xxxx code, or a CONFIGRET. */
  winCode: number;
  api: string;
  source: 'win32' | 'setupapi' | 'configret';
  /** Optional detail: a file the call failed on. */
  file?: string;
}

export interface QueueFailure {
  file?: string;
  code: number;
}

export interface RawDevice {
  deviceInstanceId: string;
  hardwareIds: string[];
  compatibleIds: string[];
  /** SP_DEVINFO_DATA.ClassGuid, upper-case in braces; GUID_NULL when it has none. */
  classGuid: string;
  /** SPDRP_CLASS, '' when none. */
  className: string;
  friendlyName: string;
  deviceDesc: string;
  service: string;
  /** CM_Get_DevNode_Status succeeded. */
  present: boolean;
  /** DN_* bits (0 when not present). */
  status: number;
  /** CM_PROB_* (0 when none or not present). */
  problem: number;
  /** DEVPKEY_Device_Driver* properties, null when the device has no DriverInfPath. */
  driver: {
    infPath: string;
    section: string;
    provider: string;
    version: string;
    /** DriverDate as milliseconds since 1970 (FILETIME converted), or null. */
    dateMs: number | null;
    matchingId: string;
    rank: number;
  } | null;
}

export type MachineInfo = Omit<BackendInfo, 'kind'>;

export interface Primitives {
  info(): MachineInfo;
  /** FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM) for a Win32 code or HRESULT, trimmed; '' if none. */
  formatMessage(code: number): string;

  // classes
  /** SetupDiBuildClassInfoListEx(flags: DIBCI_NOINSTALLCLASS 1 | DIBCI_NODISPLAYCLASS 2) + describe. */
  listClasses(flags: number): SetupClass[] | Promise<SetupClass[]>;
  classGuidsFromName(name: string): string[] | Promise<string[]>;
  /** SetupDiClassNameFromGuid; throws ERROR_INVALID_CLASS when there is no such class. */
  className(classGuid: string): string | Promise<string>;
  /** SetupDiGetINFClass. */
  infClass(infPath: string): { guid: string; name: string } | Promise<{ guid: string; name: string }>;
  /** SetupDiInstallClass; alreadyExisted from the class key before the call. */
  installClass(
    infPath: string,
  ): (InstallClassResult & { failures: QueueFailure[] }) | Promise<InstallClassResult & { failures: QueueFailure[] }>;

  // interface classes
  /** The [InterfaceInstall32] lines as written: {GUID} = section[, flags]. */
  interfaceInstallEntries(
    infPath: string,
  ): Array<{ key: string; section: string; flags: string }> | Promise<Array<{ key: string; section: string; flags: string }>>;
  installInterfaceClass(infPath: string, guid: string): InterfaceClassInstalled | Promise<InterfaceClassInstalled>;

  // interfaces
  /** flags: SPINT_ACTIVE 1 | SPINT_REMOVED 4. */
  listInterfaces(
    classGuid: string,
    present: boolean,
  ):
    | Array<{ symbolicLink: string; deviceInstanceId: string; flags: number }>
    | Promise<Array<{ symbolicLink: string; deviceInstanceId: string; flags: number }>>;
  registerInterface(
    deviceInstanceId: string,
    classGuid: string,
    referenceString: string | null,
  ): RegisterInterfaceResult | Promise<RegisterInterfaceResult>;

  // sections
  installSection(
    infPath: string,
    section: string,
    sourceDir: string | null,
  ): Promise<{ section: string; rebootRequired: boolean; failures: QueueFailure[] }>;
  installHinfSection(infPath: string, section: string, mode: number): { section: string } | Promise<{ section: string }>;

  // devices
  /** SetupDiCreateDeviceInfo + SPDRP_HARDWAREID + DIF_REGISTERDEVICE; removes the node itself if a step after registering fails. */
  createDevice(
    hardwareId: string,
    classGuid: string,
    className: string,
    description: string | null,
  ): CreateDeviceResult | Promise<CreateDeviceResult>;
  /** Every device node (present: DIGCF_PRESENT only). */
  listDevices(present: boolean): RawDevice[] | Promise<RawDevice[]>;
  /** One device node by instance ID; null when there is none (CR_NO_SUCH_DEVNODE / ERROR_NO_SUCH_DEVINST). */
  getDevice(deviceInstanceId: string): RawDevice | null | Promise<RawDevice | null>;
  /** SetupDiGetDeviceRegistryPropertyW; null when the device lacks it. Throws ERROR_NO_SUCH_DEVINST. */
  deviceRegistryProperty(
    deviceInstanceId: string,
    spdrp: number,
  ): { type: number; data: Uint8Array } | null | Promise<{ type: number; data: Uint8Array } | null>;
  /** DIF_REMOVE. */
  removeDevice(deviceInstanceId: string): { rebootRequired: boolean } | Promise<{ rebootRequired: boolean }>;
  /** SetupDiSetClassInstallParams(SP_PROPCHANGE_PARAMS{stateChange, DICS_FLAG_GLOBAL}) + DIF_PROPERTYCHANGE. stateChange: DICS_ENABLE 1, DICS_DISABLE 2, DICS_PROPCHANGE 3. */
  changeDeviceState(deviceInstanceId: string, stateChange: number): { rebootRequired: boolean } | Promise<{ rebootRequired: boolean }>;
  /** CM_Locate_DevNode(root) + CM_Reenumerate_DevNode(CM_REENUMERATE_SYNCHRONOUS). */
  reenumerate(): void | Promise<void>;

  // drivers
  stageDriver(infPath: string): Promise<StageDriverResult>;
  removeDriver(publishedName: string, force: boolean): void | Promise<void>;
  listDrivers(): DriverPackage[] | Promise<DriverPackage[]>;
  installDriver(infPath: string, hardwareId: string | null, force: boolean): Promise<{ rebootRequired: boolean }>;
  waitNoPendingInstalls(timeoutMs: number): Promise<boolean>;

  // trust
  /** WinVerifyTrust(WINTRUST_ACTION_GENERIC_VERIFY_V2, WTD_UI_NONE, WTD_REVOKE_NONE, file): its LONG result. */
  verifyTrust(file: string): number | Promise<number>;
  /** SYSTEM_CODEINTEGRITY_INFORMATION.CodeIntegrityOptions. */
  codeIntegrityOptions(): number | Promise<number>;
  /** CertOpenStore(CERT_SYSTEM_STORE_LOCAL_MACHINE, store) + CertEnumCertificatesInStore: each DER. */
  listCertificates(store: string): Uint8Array[] | Promise<Uint8Array[]>;
  /** CertAddEncodedCertificateToStore(CERT_STORE_ADD_NEW): false when CRYPT_E_EXISTS. */
  addCertificate(store: string, der: Uint8Array): boolean | Promise<boolean>;
  /** The certificate whose SHA-1 hash is `sha1` (20 bytes) deleted; false when there is none. */
  removeCertificate(store: string, sha1: Uint8Array): boolean | Promise<boolean>;

  // registry (type: REG_* number)
  readKey(
    root: RegistryRoot,
    path: string,
  ):
    | { values: Array<{ name: string; type: number; data: Uint8Array }>; subkeys: string[] }
    | null
    | Promise<{ values: Array<{ name: string; type: number; data: Uint8Array }>; subkeys: string[] } | null>;
  setValue(root: RegistryRoot, path: string, name: string, type: number, data: Uint8Array): void | Promise<void>;
  /** Throws ERROR_FILE_NOT_FOUND when the value is not there. */
  deleteValue(root: RegistryRoot, path: string, name: string): void | Promise<void>;
  /** No error when the key is not there. */
  deleteKey(root: RegistryRoot, path: string): void | Promise<void>;
}

export interface InterfaceClassInstalled {
  guid: string;
  section: string;
  created: boolean;
  rebootRequired: boolean;
  failures: QueueFailure[];
}
