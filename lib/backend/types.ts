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

export interface Device {
  deviceInstanceId: string;
  hardwareIds: string[];
  classGuid: string;
  description: string;
}

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

export type RegistryRoot = 'HKLM' | 'HKCU' | 'HKCR' | 'HKU';

export type RegistryValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number | bigint }
  | { type: 'REG_BINARY' | 'REG_NONE'; data: Uint8Array }
  | { type: string; data: Uint8Array }; // any other REG_* type, raw

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

export interface Backend {
  readonly kind: BackendKind;
  info(): Promise<BackendInfo>;

  // Setup classes
  listClasses(options?: ListClassesOptions): Promise<SetupClass[]>;
  classGuidsFromName(name: string): Promise<string[]>;
  installClass(infPath: string): Promise<InstallClassResult>;
  /** Deletes a setup class key (used by `apply --undo`). */
  removeClass(guid: string): Promise<void>;

  // Device-interface classes
  listInterfaceClasses(): Promise<InterfaceClass[]>;
  installInterfaceClasses(
    infPath: string,
    options?: InstallInterfaceClassesOptions,
  ): Promise<InstallInterfaceClassesResult>;
  removeInterfaceClass(guid: string): Promise<void>;

  // INF sections
  installSection(infPath: string, section: string, options?: InstallSectionOptions): Promise<InstallSectionResult>;

  // Device interfaces
  listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]>;
  registerInterface(options: RegisterInterfaceOptions): Promise<RegisterInterfaceResult>;

  // Test-rig devices
  createDevice(options: CreateDeviceOptions): Promise<CreateDeviceResult>;
  listDevices(options?: { hardwareId?: string }): Promise<Device[]>;
  removeDevice(deviceInstanceId: string): Promise<{ rebootRequired: boolean }>;

  // Driver packages
  stageDriver(infPath: string): Promise<StageDriverResult>;
  removeDriver(publishedName: string, options?: { force?: boolean }): Promise<void>;
  listDrivers(): Promise<DriverPackage[]>;
  installDriver(options: InstallDriverOptions): Promise<InstallDriverResult>;

  /** CMP_WaitNoPendingInstallEvents: true when no installs are pending, false on timeout. */
  waitNoPendingInstalls(timeoutMs: number): Promise<boolean>;

  readonly registry: RegistryAccess;

  /** Releases whatever the backend holds (the mock's lock, native handles). */
  close(): Promise<void>;
}
