// What a dry run expects the machine to be once the items before the one it looks at are
// applied: the backend's answers, with the changes of the items predicted to change laid
// over them. Each step says what its change does to the machine (Step.foresee) and observes
// this view, so `apply --dry-run` predicts item by item what the real run does: a package
// that an earlier device item installs is `unchanged`, as the real run then finds it.
//
// Modelled: setup classes, interface classes, staged packages (by original name), devices
// by hardware ID (created, their driver, enabled, running), their interfaces (the
// manifest's and the driver's AddInterface lines), and the registry values of sections.
// Not modelled: the registry writes of class and driver installs, and a driver that fails
// to start its device (a device with a driver is taken to run).
import path from 'node:path';
import type {
  Backend,
  Device,
  DeviceInterface,
  DriverPackage,
  InterfaceClass,
  ListDevicesOptions,
  ListInterfacesOptions,
  RegistryAccess,
  RegistryKeySnapshot,
  RegistryRoot,
  RegistryValue,
  SetupClass,
} from '../backend/types.js';
import { CM_PROB, describeProblem } from '../backend/devnode-table.js';
import type { PlatformTarget } from '../inf/types.js';
import { classOfInf, interfacesOfDriver, type RegistryEffect } from './infs.js';

/** What observing the machine reads: the backend's queries, none that change anything. */
export type MachineView = Pick<Backend, 'listClasses' | 'listInterfaceClasses' | 'listDrivers' | 'listDevices' | 'listInterfaces'> & {
  readonly registry: Pick<RegistryAccess, 'readKey'>;
};

const RUNNING = ['DN_DRIVER_LOADED', 'DN_STARTED'];

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export class Forecast implements MachineView {
  private readonly classes: SetupClass[] = [];
  private readonly interfaceClasses: InterfaceClass[] = [];
  private readonly drivers: DriverPackage[] = [];
  /** Devices as the run leaves them, by instance ID (upper-case): created ones and changed ones. */
  private readonly devices = new Map<string, { device: Device; created: boolean }>();
  private readonly interfaces: DeviceInterface[] = [];
  /** Values sections write (null: deleted), by 'ROOT\KEY' (upper-case); keys they create. */
  private readonly keys = new Map<string, Map<string, RegistryValue | null>>();

  constructor(
    private readonly backend: Backend,
    private readonly target: PlatformTarget,
  ) {}

  /** Whether any change is forecast: until one is, this view is the backend's. */
  get empty(): boolean {
    const lists = [this.classes, this.interfaceClasses, this.drivers, this.interfaces];
    return lists.every((l) => l.length === 0) && this.devices.size === 0 && this.keys.size === 0;
  }

  async listClasses(): Promise<SetupClass[]> {
    return [...(await this.backend.listClasses()), ...this.classes];
  }

  async listInterfaceClasses(): Promise<InterfaceClass[]> {
    return [...(await this.backend.listInterfaceClasses()), ...this.interfaceClasses];
  }

  async listDrivers(): Promise<DriverPackage[]> {
    return [...(await this.backend.listDrivers()), ...this.drivers];
  }

  /** The backend's devices as the run leaves them, and the ones it creates (these matched by hardware ID only). */
  async listDevices(options: ListDevicesOptions = {}): Promise<Device[]> {
    const found = (await this.backend.listDevices(options)).map((d) => this.devices.get(d.deviceInstanceId.toUpperCase())?.device ?? d);
    const created = [...this.devices.values()]
      .filter((d) => d.created && (options.hardwareId === undefined || d.device.hardwareIds.some((id) => same(id, options.hardwareId!))))
      .map((d) => d.device);
    return [...found, ...created];
  }

  async listInterfaces(options: ListInterfacesOptions): Promise<DeviceInterface[]> {
    return [...(await this.backend.listInterfaces(options)), ...this.interfaces.filter((i) => same(i.classGuid, options.classGuid))];
  }

  readonly registry = {
    readKey: async (root: RegistryRoot, key: string): Promise<RegistryKeySnapshot | null> => {
      const real = await this.backend.registry.readKey(root, key);
      const written = this.keys.get(`${root}\\${key}`.toUpperCase());
      if (written === undefined) return real;
      const values = { ...real?.values };
      for (const [name, value] of written) {
        if (value === null) delete values[name];
        else values[name] = value;
      }
      return { values, subkeys: real?.subkeys ?? [] };
    },
  };

  // ----- what items do ---------------------------------------------------------------------

  /** A setup class installed (nothing when it exists). */
  async installClass(guid: string, name: string): Promise<void> {
    if ((await this.listClasses()).some((c) => c.guid === guid)) return;
    this.classes.push({
      guid,
      name,
      description: name,
      noInstallClass: false,
      noDisplayClass: false,
      silentInstall: false,
      upperFilters: [],
      lowerFilters: [],
    });
  }

  async installInterfaceClass(guid: string): Promise<void> {
    if (!(await this.listInterfaceClasses()).some((c) => c.guid === guid)) this.interfaceClasses.push({ guid });
  }

  /** A package staged (nothing when a package of that file name is). */
  async stage(inf: string): Promise<void> {
    const originalName = path.basename(inf);
    if ((await this.listDrivers()).some((d) => same(d.originalName, originalName))) return;
    const { guid, name } = await classOfInf(inf);
    this.drivers.push({ publishedName: originalName, originalName, provider: '', className: name, classGuid: guid, driverVer: '' });
  }

  /**
   * A driver installed on the devices with the hardware ID: staged, its class installed, each
   * device runs it (a disabled one stays disabled) with the interfaces its AddInterface lines add.
   */
  async installDriver(inf: string, hardwareId: string): Promise<void> {
    await this.stage(inf);
    const { guid, name } = await classOfInf(inf);
    await this.installClass(guid, name);
    const added = await interfacesOfDriver(inf, hardwareId, this.target);
    for (const device of await this.listDevices({ hardwareId })) {
      const disabled = device.problem?.code === CM_PROB.DISABLED;
      this.put({
        ...device,
        classGuid: guid,
        className: name,
        driver: {
          publishedName: path.basename(inf),
          originalInf: path.basename(inf),
          section: '',
          provider: '',
          version: '',
          date: '',
          matchingId: hardwareId,
          rank: 0,
        },
        status: disabled ? [] : RUNNING,
        problem: disabled ? device.problem : null,
      });
      for (const i of added) await this.registerInterface(device.deviceInstanceId, i.classGuid, i.reference);
    }
  }

  /** A root-enumerated device created: without a driver it has problem 28 (CM_PROB_FAILED_INSTALL). */
  async createDevice(hardwareId: string, inf?: string): Promise<void> {
    const deviceInstanceId = `${hardwareId}\\(new)`;
    const device: Device = {
      deviceInstanceId,
      hardwareIds: [hardwareId],
      compatibleIds: [],
      classGuid: '',
      className: '',
      description: hardwareId,
      present: true,
      status: [],
      problem: describeProblem(CM_PROB.FAILED_INSTALL),
      driver: null,
      service: '',
    };
    this.devices.set(deviceInstanceId.toUpperCase(), { device, created: true });
    if (inf !== undefined) await this.installDriver(inf, hardwareId);
  }

  /** An interface registered on a device (its interface class created when missing). */
  async registerInterface(deviceInstanceId: string, classGuid: string, reference: string): Promise<void> {
    const existing = await this.listInterfaces({ classGuid });
    if (existing.some((i) => same(i.deviceInstanceId, deviceInstanceId) && same(i.referenceString, reference))) return;
    await this.installInterfaceClass(classGuid);
    this.interfaces.push({
      symbolicLink: `${deviceInstanceId}#${classGuid}${reference === '' ? '' : `\\${reference}`}`,
      classGuid,
      deviceInstanceId,
      referenceString: reference,
      enabled: true,
      removed: false,
    });
  }

  /**
   * Devices with the hardware ID enabled or disabled, and (started) restarted. Enabling a
   * disabled device, or restarting one, starts it when it has a driver.
   */
  async setDeviceState(hardwareId: string, enabled: boolean | undefined, started: boolean): Promise<void> {
    for (const device of await this.listDevices({ hardwareId })) {
      const wasDisabled = device.problem?.code === CM_PROB.DISABLED;
      if (enabled === false) this.put({ ...device, status: [], problem: describeProblem(CM_PROB.DISABLED) });
      else if (started || (enabled === true && wasDisabled)) {
        const runs = device.driver !== null;
        this.put({ ...device, status: runs ? RUNNING : [], problem: runs ? null : describeProblem(CM_PROB.FAILED_INSTALL) });
      }
    }
  }

  /** A section's registry effects (a value an append or no-clobber write leaves is only known to exist). */
  writeRegistry(effects: RegistryEffect[]): void {
    for (const effect of effects) {
      const id = `${effect.root}\\${effect.key}`.toUpperCase();
      const values = this.keys.get(id) ?? new Map<string, RegistryValue | null>();
      this.keys.set(id, values);
      if (effect.kind === 'delete') values.set(effect.name, null);
      else if (effect.kind === 'set') values.set(effect.name, effect.value ?? { type: 'REG_NONE', data: new Uint8Array() });
    }
  }

  private put(device: Device): void {
    const id = device.deviceInstanceId.toUpperCase();
    this.devices.set(id, { device, created: this.devices.get(id)?.created ?? false });
  }
}
