// The simulated Windows machine: its registry (which holds the setup classes, interface
// classes, device nodes, interfaces and services exactly where Windows keeps them), its
// file tree, the present device nodes and the driver store. Synchronous and pure over a
// MachineState; index.ts loads, locks and saves the state around each operation.
import { PrimitiveError } from '../errors.js';
import { ERR } from '../winerror-table.js';
import { normalizeGuid } from '../../base/guid.js';
import { parseDriverVerDate } from '../../inf/model.js';
import { CM_PROB, DN } from '../devnode-table.js';
import type { DeviceInterface, DriverPackage, ListClassesOptions, RawDevice, SetupClass } from '../types.js';
import { BASELINE_CLASSES, BASELINE_DEVICES, BASELINE_INTERFACE_CLASSES } from './baseline-data.js';
import { RegistryTree, getOwn, newRegistry, setOwn, type RegNode } from './registry-tree.js';
import { CLASS_KEY, DEVICE_CLASSES_KEY, ENUM_KEY } from '../../base/registry-paths.js';

export const SYSTEM_ROOT = 'C:\\Windows';
const CONFIGFLAG_DISABLED = 0x1;

export interface StoredFile {
  /** The Windows path as first written. */
  path: string;
  /** sha256 of the content in the state directory's blobs/. */
  blob: string;
  size: number;
}

export interface StagedPackage extends DriverPackage {
  /** sha256 of the original INF's bytes: staging the same INF again finds it. */
  infHash: string;
  /**
   * Where the INF was staged from. Windows copies the whole package into the driver store;
   * the mock keeps only the INF, so a rescan installs from here (docs: mock limits).
   */
  sourcePath?: string;
}

export interface MachineState {
  format: 1;
  /** Counts committed mutations (tests use it to prove no write was lost). */
  generation: number;
  registry: RegNode;
  /** By lower-case Windows path. */
  files: Record<string, StoredFile>;
  /** Instance IDs (upper-case) of present device nodes. */
  present: string[];
  /** Instance IDs (upper-case) of devices that wait for a restart (CM_PROB_NEED_RESTART). */
  restartPending?: string[];
  /** The LocalMachine certificate stores, as base64 DER. */
  certificates?: Partial<Record<string, string[]>>;
  /** SYSTEM_CODEINTEGRITY_INFORMATION.CodeIntegrityOptions; default 1 (enabled, no test signing). */
  codeIntegrityOptions?: number;
  drivers: StagedPackage[];
}

/** A GUID as infkit returns it, or '' when the text is none (a value that is missing). */
function guidOrEmpty(text: string): string {
  return normalizeGuid(text) ?? '';
}

/** The state of a fresh machine. */
export function baselineState(): MachineState {
  const state: MachineState = { format: 1, generation: 0, registry: newRegistry(), files: {}, present: [], drivers: [] };
  const m = new Machine(state);
  for (const c of BASELINE_CLASSES) {
    // Windows keeps the system classes' keys in lower case.
    const key = `${CLASS_KEY}\\${c.guid.toLowerCase()}`;
    m.reg.setValue('HKLM', key, 'Class', { type: 'REG_SZ', data: c.name });
    m.reg.setValue('HKLM', key, '', { type: 'REG_SZ', data: c.description });
    if (c.noInstallClass) m.reg.setValue('HKLM', key, 'NoInstallClass', { type: 'REG_SZ', data: '1' });
    if (c.noDisplayClass) m.reg.setValue('HKLM', key, 'NoDisplayClass', { type: 'REG_SZ', data: '1' });
    if (c.silentInstall) m.reg.setValue('HKLM', key, 'SilentInstall', { type: 'REG_SZ', data: '1' });
    if (c.upperFilters) m.reg.setValue('HKLM', key, 'UpperFilters', { type: 'REG_MULTI_SZ', data: c.upperFilters });
    if (c.lowerFilters) m.reg.setValue('HKLM', key, 'LowerFilters', { type: 'REG_MULTI_SZ', data: c.lowerFilters });
  }
  // Where Windows says its own directory is (what a plan with this machine's facts reads).
  m.reg.setValue('HKLM', 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', 'SystemRoot', { type: 'REG_SZ', data: SYSTEM_ROOT });
  for (const guid of Object.values(BASELINE_INTERFACE_CLASSES)) m.createInterfaceClass(guid);
  for (const d of BASELINE_DEVICES) {
    const cls = BASELINE_CLASSES.find((c) => c.name === d.className)!;
    m.addDevice({
      deviceInstanceId: d.deviceInstanceId,
      hardwareIds: d.hardwareIds,
      classGuid: cls.guid,
      className: cls.name,
      description: d.description,
    });
    if (d.service) m.reg.setValue('HKLM', `${ENUM_KEY}\\${d.deviceInstanceId}`, 'Service', { type: 'REG_SZ', data: d.service });
    const driverKey = `${CLASS_KEY}\\${m.createDriverKey(d.deviceInstanceId, cls.guid)}`;
    for (const [name, data] of [
      ['InfPath', d.inf],
      ['InfSection', d.section],
      ['ProviderName', 'Microsoft'],
      ['DriverDate', '6/21/2006'],
      ['DriverVersion', '10.0.19041.1'],
    ]) {
      m.reg.setValue('HKLM', driverKey, name!, { type: 'REG_SZ', data: data! });
    }
    m.reg.setValue('HKLM', driverKey, 'MatchingDeviceId', { type: 'REG_SZ', data: d.hardwareIds.at(-1)!.toLowerCase() });
    for (const name of d.interfaces) {
      const { symbolicLink } = m.registerInterface(d.deviceInstanceId, BASELINE_INTERFACE_CLASSES[name]!, '');
      m.setInterfaceEnabled(symbolicLink, true);
    }
  }
  return state;
}

/** `\\?\<instance, \ as #>#{guid in lower case}[\ref]`, as Windows 10 forms it. */
function symbolicLinkOf(deviceInstanceId: string, guid: string, referenceString: string): string {
  const link = `\\\\?\\${deviceInstanceId.replaceAll('\\', '#')}#${guid.toLowerCase()}`;
  return referenceString === '' ? link : `${link}\\${referenceString}`;
}

/** The DeviceClasses subkey of one interface: `##?#<instance, \ as #>#{guid}`. */
function interfaceKeyName(deviceInstanceId: string, guid: string): string {
  return `##?#${deviceInstanceId.replaceAll('\\', '#')}#${guid.toLowerCase()}`;
}

function isFlagSet(value: string | undefined): boolean {
  // SetupDiBuildClassInfoList honours the value's presence, as Wine and Windows do.
  return value !== undefined;
}

export class Machine {
  readonly reg: RegistryTree;

  constructor(readonly state: MachineState) {
    this.reg = new RegistryTree(state.registry);
  }

  // ----- setup classes ------------------------------------------------------------------

  /** The class key's path as stored (its first writer's case), or undefined. */
  classKey(guid: string): string | undefined {
    const node = this.reg.node('HKLM', `${CLASS_KEY}\\${guid}`);
    return node === undefined ? undefined : `${CLASS_KEY}\\${node.name}`;
  }

  classExists(guid: string): boolean {
    return this.classKey(guid) !== undefined;
  }

  /** A key under Control\Class is a setup class when it is named by a GUID and has a Class value. */
  #classKeys(): Array<{ name: string; key: string; className: string }> {
    return this.reg.subkeyNames('HKLM', CLASS_KEY).flatMap((name) => {
      if (!/^\{[0-9a-f-]{36}\}$/i.test(name)) return [];
      const key = `${CLASS_KEY}\\${name}`;
      const className = this.reg.getString('HKLM', key, 'Class');
      return className === undefined ? [] : [{ name, key, className }];
    });
  }

  /** The setup classes' GUIDs: what a plan needs to know of them, without the rest listClasses reads. */
  classGuids(): string[] {
    return this.#classKeys().map((c) => guidOrEmpty(c.name));
  }

  listClasses(options: ListClassesOptions = {}): SetupClass[] {
    const out: SetupClass[] = [];
    for (const { name, key, className } of this.#classKeys()) {
      const noInstallClass = isFlagSet(this.reg.getString('HKLM', key, 'NoInstallClass'));
      const noDisplayClass = isFlagSet(this.reg.getString('HKLM', key, 'NoDisplayClass'));
      if ((options.excludeNoInstall && noInstallClass) || (options.excludeNoDisplay && noDisplayClass)) continue;
      const icon = this.reg.getString('HKLM', key, 'Icon');
      const multi = (v: string) => {
        const value = this.reg.getValue('HKLM', key, v);
        return Array.isArray(value?.data) ? value.data : [];
      };
      out.push({
        guid: guidOrEmpty(name),
        name: className,
        // SetupDiGetClassDescription: the key's default value, else the class name.
        description: this.reg.getString('HKLM', key, '') || className,
        ...(icon !== undefined && { icon }),
        noInstallClass,
        noDisplayClass,
        silentInstall: this.reg.getValue('HKLM', key, 'SilentInstall') !== undefined,
        upperFilters: multi('UpperFilters'),
        lowerFilters: multi('LowerFilters'),
      });
    }
    return out;
  }

  classGuidsFromName(name: string): string[] {
    return this.listClasses()
      .filter((c) => c.name.toLowerCase() === name.toLowerCase())
      .map((c) => c.guid);
  }

  /** Creates the class key with its Class value; false when it existed. */
  createClass(guid: string, name: string): boolean {
    if (this.classExists(guid)) return false;
    this.reg.setValue('HKLM', `${CLASS_KEY}\\${guid}`, 'Class', { type: 'REG_SZ', data: name });
    return true;
  }

  removeClass(guid: string): boolean {
    const key = this.classKey(guid);
    return key !== undefined && this.reg.deleteKey('HKLM', key);
  }

  // ----- device-interface classes -------------------------------------------------------

  interfaceClassExists(guid: string): boolean {
    return this.reg.has('HKLM', `${DEVICE_CLASSES_KEY}\\${guid}`);
  }

  /** Creates DeviceClasses\{guid} (lower case, as Windows names it); false when it existed. */
  createInterfaceClass(guid: string): boolean {
    return this.reg.createKey('HKLM', `${DEVICE_CLASSES_KEY}\\${guid.toLowerCase()}`).created;
  }

  listInterfaceClasses(): string[] {
    return this.reg
      .subkeyNames('HKLM', DEVICE_CLASSES_KEY)
      .filter((n) => /^\{[0-9a-f-]{36}\}$/i.test(n))
      .map((guid) => normalizeGuid(guid) ?? '');
  }

  removeInterfaceClass(guid: string): boolean {
    return this.reg.deleteKey('HKLM', `${DEVICE_CLASSES_KEY}\\${guid}`);
  }

  // ----- devices ------------------------------------------------------------------------

  deviceExists(deviceInstanceId: string): boolean {
    return this.reg.has('HKLM', `${ENUM_KEY}\\${deviceInstanceId}`);
  }

  /** The instance ID as registered (its case), or undefined. */
  canonicalDeviceId(deviceInstanceId: string): string | undefined {
    const parts = deviceInstanceId.split('\\');
    if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
    const names: string[] = [];
    let path = ENUM_KEY;
    for (const part of parts) {
      const node = this.reg.node('HKLM', `${path}\\${part}`);
      if (node === undefined) return undefined;
      names.push(node.name);
      path = `${path}\\${node.name}`;
    }
    return names.join('\\');
  }

  addDevice(d: { deviceInstanceId: string; hardwareIds: string[]; classGuid: string; className: string; description: string }): void {
    const key = `${ENUM_KEY}\\${d.deviceInstanceId}`;
    this.reg.setValue('HKLM', key, 'DeviceDesc', { type: 'REG_SZ', data: d.description });
    this.reg.setValue('HKLM', key, 'HardwareID', { type: 'REG_MULTI_SZ', data: d.hardwareIds });
    this.reg.setValue('HKLM', key, 'ClassGUID', { type: 'REG_SZ', data: d.classGuid.toLowerCase() });
    this.reg.setValue('HKLM', key, 'Class', { type: 'REG_SZ', data: d.className });
    this.reg.setValue('HKLM', key, 'ConfigFlags', { type: 'REG_DWORD', data: 0 });
    this.reg.createKey('HKLM', `${key}\\Device Parameters`);
    this.state.present.push(d.deviceInstanceId.toUpperCase());
    this.#present?.add(d.deviceInstanceId.toUpperCase());
  }

  /** ROOT\<NAME>\NNNN with the first free NNNN, as DICD_GENERATE_ID makes it. */
  nextRootInstanceId(name: string): string {
    const device = name.toUpperCase();
    const taken = new Set(this.reg.subkeyNames('HKLM', `${ENUM_KEY}\\ROOT\\${device}`).map((n) => n.toUpperCase()));
    let n = 0;
    while (taken.has(String(n).padStart(4, '0'))) n++;
    return `ROOT\\${device}\\${String(n).padStart(4, '0')}`;
  }

  listDevices(): Array<{ deviceInstanceId: string; hardwareIds: string[]; classGuid: string; description: string }> {
    const out = [];
    for (const enumerator of this.reg.subkeyNames('HKLM', ENUM_KEY)) {
      for (const device of this.reg.subkeyNames('HKLM', `${ENUM_KEY}\\${enumerator}`)) {
        for (const instance of this.reg.subkeyNames('HKLM', `${ENUM_KEY}\\${enumerator}\\${device}`)) {
          const id = `${enumerator}\\${device}\\${instance}`;
          const key = `${ENUM_KEY}\\${id}`;
          const hwids = this.reg.getValue('HKLM', key, 'HardwareID');
          out.push({
            deviceInstanceId: id,
            hardwareIds: Array.isArray(hwids?.data) ? hwids.data : [],
            classGuid: guidOrEmpty(this.reg.getString('HKLM', key, 'ClassGUID') ?? ''),
            description: this.reg.getString('HKLM', key, 'DeviceDesc') ?? '',
          });
        }
      }
    }
    return out;
  }

  #present: Set<string> | undefined;

  isPresent(deviceInstanceId: string): boolean {
    // One set per state: listing 2,000 devices asks 2,000 times.
    this.#present ??= new Set(this.state.present);
    return this.#present.has(deviceInstanceId.toUpperCase());
  }

  isDisabled(deviceInstanceId: string): boolean {
    const flags = this.reg.getValue('HKLM', `${ENUM_KEY}\\${deviceInstanceId}`, 'ConfigFlags');
    return flags?.type === 'REG_DWORD' && (Number(flags.data) & CONFIGFLAG_DISABLED) !== 0;
  }

  /** CONFIGFLAG_DISABLED in the device's ConfigFlags, as DICS_DISABLE (global) sets it. */
  setDisabled(deviceInstanceId: string, disabled: boolean): void {
    const key = `${ENUM_KEY}\\${deviceInstanceId}`;
    const flags = this.reg.getValue('HKLM', key, 'ConfigFlags');
    const old = flags?.type === 'REG_DWORD' ? Number(flags.data) : 0;
    const data = disabled ? old | CONFIGFLAG_DISABLED : old & ~CONFIGFLAG_DISABLED;
    this.reg.setValue('HKLM', key, 'ConfigFlags', { type: 'REG_DWORD', data: data >>> 0 });
  }

  setRestartPending(deviceInstanceId: string, pending: boolean): void {
    const id = deviceInstanceId.toUpperCase();
    const others = (this.state.restartPending ?? []).filter((p) => p !== id);
    this.state.restartPending = pending ? [...others, id] : others;
    if (this.state.restartPending.length === 0) delete this.state.restartPending;
  }

  /**
   * The device as CM_Get_DevNode_Status and its properties show it. The mock's rules, as
   * Windows': a disabled device has CM_PROB_DISABLED, one without a driver
   * CM_PROB_FAILED_INSTALL, one waiting for a restart CM_PROB_NEED_RESTART; else it runs.
   */
  rawDevice(deviceInstanceId: string): RawDevice {
    const id = deviceInstanceId;
    const key = `${ENUM_KEY}\\${id}`;
    const list = (name: string) => {
      const v = this.reg.getValue('HKLM', key, name);
      return v?.type === 'REG_MULTI_SZ' && Array.isArray(v.data) ? v.data.map(String) : [];
    };
    const text = (name: string) => this.reg.getString('HKLM', key, name) ?? '';
    const present = this.isPresent(id);
    const driverKey = this.reg.getString('HKLM', key, 'Driver');
    const driverText = (name: string) =>
      driverKey === undefined ? '' : (this.reg.getString('HKLM', `${CLASS_KEY}\\${driverKey}`, name) ?? '');
    const infPath = driverText('InfPath');
    let problem = 0;
    if (present) {
      if (this.isDisabled(id)) problem = CM_PROB.DISABLED;
      else if (infPath === '') problem = CM_PROB.FAILED_INSTALL;
      else if ((this.state.restartPending ?? []).includes(id.toUpperCase())) problem = CM_PROB.NEED_RESTART;
    }
    let status = 0;
    if (present) {
      status = DN.NT_ENUMERATOR | DN.DISABLEABLE | (id.toUpperCase().startsWith('ROOT\\') ? DN.ROOT_ENUMERATED : 0);
      status |= problem === 0 ? DN.STARTED | DN.DRIVER_LOADED | DN.NT_DRIVER : DN.HAS_PROBLEM;
    }
    const date = parseDriverVerDate(driverText('DriverDate'));
    const rank = driverKey === undefined ? undefined : this.reg.getValue('HKLM', `${CLASS_KEY}\\${driverKey}`, 'DriverRank');
    return {
      deviceInstanceId: id,
      hardwareIds: list('HardwareID'),
      compatibleIds: list('CompatibleIDs'),
      classGuid: guidOrEmpty(text('ClassGUID')),
      className: text('Class'),
      friendlyName: text('FriendlyName'),
      deviceDesc: text('DeviceDesc'),
      service: text('Service'),
      present,
      status: status >>> 0,
      problem,
      driver:
        infPath === ''
          ? null
          : {
              infPath,
              section: driverText('InfSection'),
              provider: driverText('ProviderName'),
              version: driverText('DriverVersion'),
              dateMs: typeof date === 'string' ? null : date.ms,
              matchingId: driverText('MatchingDeviceId'),
              rank: rank?.type === 'REG_DWORD' ? Number(rank.data) : 0,
            },
    };
  }

  /** DIF_REMOVE: the device's Enum key, driver key and interfaces go. */
  removeDevice(deviceInstanceId: string): void {
    const key = `${ENUM_KEY}\\${deviceInstanceId}`;
    const driver = this.reg.getString('HKLM', key, 'Driver');
    if (driver !== undefined) this.reg.deleteKey('HKLM', `${CLASS_KEY}\\${driver}`);
    for (const guid of this.listInterfaceClasses()) {
      this.reg.deleteKey('HKLM', `${DEVICE_CLASSES_KEY}\\${guid}\\${interfaceKeyName(deviceInstanceId, guid)}`);
    }
    this.reg.deleteKey('HKLM', key);
    // Empty parents go too, as SetupAPI removes them.
    const [enumerator, device] = deviceInstanceId.split('\\');
    for (const parent of [`${ENUM_KEY}\\${enumerator}\\${device}`, `${ENUM_KEY}\\${enumerator}`]) {
      if (this.reg.subkeyNames('HKLM', parent).length === 0) this.reg.deleteKey('HKLM', parent);
    }
    this.state.present = this.state.present.filter((p) => p !== deviceInstanceId.toUpperCase());
    this.#present?.delete(deviceInstanceId.toUpperCase());
  }

  /** A new driver key Class\{guid}\NNNN for the device, recorded in its Driver value. */
  createDriverKey(deviceInstanceId: string, classGuid: string): string {
    const enumKey = `${ENUM_KEY}\\${deviceInstanceId}`;
    const existing = this.reg.getString('HKLM', enumKey, 'Driver');
    if (existing !== undefined) return existing;
    const classKey = this.classKey(classGuid) ?? `${CLASS_KEY}\\${classGuid}`;
    const taken = new Set(this.reg.subkeyNames('HKLM', classKey));
    let n = 0;
    while (taken.has(String(n).padStart(4, '0'))) n++;
    const driver = `${classKey.slice(CLASS_KEY.length + 1)}\\${String(n).padStart(4, '0')}`;
    this.reg.createKey('HKLM', `${CLASS_KEY}\\${driver}`);
    this.reg.setValue('HKLM', enumKey, 'Driver', { type: 'REG_SZ', data: driver });
    return driver;
  }

  // ----- device interfaces --------------------------------------------------------------

  /**
   * SetupDiCreateDeviceInterface: creates the interface class when needed and the
   * interface's keys; an existing interface (same class and reference string, any case)
   * is returned as it is.
   */
  registerInterface(deviceInstanceId: string, guid: string, referenceString: string): { symbolicLink: string; created: boolean } {
    this.createInterfaceClass(guid);
    const classKey = `${DEVICE_CLASSES_KEY}\\${guid}`;
    const ifaceKey = `${classKey}\\${interfaceKeyName(deviceInstanceId, guid)}`;
    const refKey = `${ifaceKey}\\#${referenceString}`;
    const existing = this.reg.getString('HKLM', refKey, 'SymbolicLink');
    if (existing !== undefined) return { symbolicLink: existing, created: false };
    const symbolicLink = symbolicLinkOf(deviceInstanceId, guid, referenceString);
    this.reg.setValue('HKLM', ifaceKey, 'DeviceInstance', { type: 'REG_SZ', data: deviceInstanceId });
    this.reg.setValue('HKLM', refKey, 'SymbolicLink', { type: 'REG_SZ', data: symbolicLink });
    return { symbolicLink, created: true };
  }

  listInterfaces(guid: string, presentOnly: boolean): DeviceInterface[] {
    const classKey = `${DEVICE_CLASSES_KEY}\\${guid}`;
    const out: DeviceInterface[] = [];
    for (const ifaceName of this.reg.subkeyNames('HKLM', classKey)) {
      const ifaceKey = `${classKey}\\${ifaceName}`;
      const deviceInstanceId = this.reg.getString('HKLM', ifaceKey, 'DeviceInstance') ?? '';
      for (const refName of this.reg.subkeyNames('HKLM', ifaceKey)) {
        if (!refName.startsWith('#')) continue;
        const refKey = `${ifaceKey}\\${refName}`;
        const symbolicLink = this.reg.getString('HKLM', refKey, 'SymbolicLink');
        if (symbolicLink === undefined) continue;
        const linked = this.reg.getValue('HKLM', `${refKey}\\Control`, 'Linked');
        const enabled = linked?.data === 1 && this.isPresent(deviceInstanceId);
        if (presentOnly && !enabled) continue;
        out.push({
          symbolicLink,
          classGuid: guidOrEmpty(guid),
          deviceInstanceId,
          referenceString: refName.slice(1),
          enabled,
          removed: !this.deviceExists(deviceInstanceId),
        });
      }
    }
    return out;
  }

  /** IoSetDeviceInterfaceState: enables (Control\Linked = 1) or disables an interface; false when unknown. */
  setInterfaceEnabled(symbolicLink: string, enabled: boolean): boolean {
    for (const guid of this.listInterfaceClasses()) {
      for (const i of this.listInterfaces(guid, false)) {
        if (i.symbolicLink.toLowerCase() !== symbolicLink.toLowerCase()) continue;
        const control = `${DEVICE_CLASSES_KEY}\\${guid}\\${interfaceKeyName(i.deviceInstanceId, guid)}\\#${i.referenceString}\\Control`;
        this.reg.setValue('HKLM', control, 'Linked', { type: 'REG_DWORD', data: enabled ? 1 : 0 });
        return true;
      }
    }
    return false;
  }

  /** True when a driver is installed on the device (its Enum key names a driver key). */
  hasDriver(deviceInstanceId: string): boolean {
    return this.reg.getString('HKLM', `${ENUM_KEY}\\${deviceInstanceId}`, 'Driver') !== undefined;
  }

  /**
   * The mock's drivers enable every interface registered on their device, as a lab rig's
   * driver does with IoSetDeviceInterfaceState when it starts. A device without a driver
   * enables nothing: its interfaces stay registered but not present, as on Windows.
   */
  enableInterfacesOfDriver(deviceInstanceId: string): void {
    if (!this.hasDriver(deviceInstanceId)) return;
    for (const guid of this.listInterfaceClasses()) {
      for (const i of this.listInterfaces(guid, false)) {
        if (i.deviceInstanceId.toLowerCase() === deviceInstanceId.toLowerCase() && !i.enabled)
          this.setInterfaceEnabled(i.symbolicLink, true);
      }
    }
  }

  // ----- files --------------------------------------------------------------------------

  getFile(windowsPath: string): StoredFile | undefined {
    return getOwn(this.state.files, windowsPath.toLowerCase());
  }

  putFile(windowsPath: string, blob: string, size: number): void {
    const existing = this.getFile(windowsPath);
    setOwn(this.state.files, windowsPath.toLowerCase(), { path: existing?.path ?? windowsPath, blob, size });
  }

  deleteFile(windowsPath: string): boolean {
    if (this.getFile(windowsPath) === undefined) return false;
    delete this.state.files[windowsPath.toLowerCase()];
    return true;
  }

  // ----- driver store -------------------------------------------------------------------

  findPackage(publishedName: string): StagedPackage | undefined {
    return this.state.drivers.find((p) => p.publishedName.toLowerCase() === publishedName.toLowerCase());
  }

  /** oemNN.inf with the lowest free NN, as SetupCopyOEMInf picks it. */
  nextPublishedName(): string {
    const taken = new Set(this.state.drivers.map((p) => p.publishedName.toLowerCase()));
    let n = 0;
    while (taken.has(`oem${n}.inf`) || this.getFile(`${SYSTEM_ROOT}\\INF\\oem${n}.inf`)) n++;
    return `oem${n}.inf`;
  }

  /** Devices whose driver came from this package. */
  devicesUsingPackage(publishedName: string): string[] {
    return this.listDevices()
      .filter((d) => {
        const driver = this.reg.getString('HKLM', `${ENUM_KEY}\\${d.deviceInstanceId}`, 'Driver');
        const inf = driver === undefined ? undefined : this.reg.getString('HKLM', `${CLASS_KEY}\\${driver}`, 'InfPath');
        return inf?.toLowerCase() === publishedName.toLowerCase();
      })
      .map((d) => d.deviceInstanceId);
  }

  removePackage(publishedName: string): void {
    this.state.drivers = this.state.drivers.filter((p) => p.publishedName.toLowerCase() !== publishedName.toLowerCase());
    this.deleteFile(`${SYSTEM_ROOT}\\INF\\${publishedName}`);
  }
}

/** A failed call as the mock reports it: the code and API Windows gives (the core names it). */
export function fail(code: number, api: string): never {
  throw new PrimitiveError(api, code);
}

export { ERR };
