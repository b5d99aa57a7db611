// Test-rig devices: a root-enumerated device node for a hardware ID (SetupDiCreateDeviceInfo
// + DIF_REGISTERDEVICE), optionally with a driver, listed with SetupDiGetClassDevs and
// removed with DIF_REMOVE.
import { requireText } from '../args.js';
import type { CreateDeviceOptions, CreateDeviceResult, Device } from '../types.js';
import { guidFromBytes, guidToBytes, requireGuid } from '../guid.js';
import { ERR } from '../winerror-table.js';
import {
  check,
  lastWinError,
  readWideString,
  requireElevation,
  spData,
  SP_DATA_GUID_OFFSET,
  winError,
  type Ffi,
} from './ffi.js';
import { fromMultiSz, fromWide, toMultiSz } from '../utf16.js';
import { classGuidsFromName, infClass } from './classes.js';
import { deviceProperty, instanceIdOf, openDevice, withDevInfoSet, withEmptySet } from './devinfo.js';
import { installDriver } from './drivers.js';

const GUID_DEVCLASS_SYSTEM = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
const DICD_GENERATE_ID = 0x1;
const DIF_REMOVE = 0x05;
const DIF_REGISTERDEVICE = 0x19;
const DI_REMOVEDEVICE_GLOBAL = 0x1;
const DI_NEEDRESTART = 0x80;
const DI_NEEDREBOOT = 0x100;
const SPDRP_DEVICEDESC = 0x0;
const SPDRP_HARDWAREID = 0x1;
const DIGCF_ALLCLASSES = 0x4;

function classOf(ffi: Ffi, options: CreateDeviceOptions): string {
  if (options.classGuid !== undefined) return requireGuid(options.classGuid, 'class GUID');
  if (options.className !== undefined) {
    const guid = classGuidsFromName(ffi, options.className)[0];
    if (guid === undefined) {
      throw winError(ffi, ERR.INVALID_CLASS, 'SetupDiClassGuidsFromNameW', { hint: `No setup class is named '${options.className}'.` });
    }
    return guid;
  }
  if (options.inf !== undefined) return infClass(ffi, options.inf).guid;
  return GUID_DEVCLASS_SYSTEM;
}

/** DIF_REMOVE with global scope; true when Windows says a reboot is needed to finish. */
function removeElement(ffi: Ffi, set: number, devinfo: Buffer): boolean {
  // SP_REMOVEDEVICE_PARAMS: SP_CLASSINSTALL_HEADER { cbSize = 8, InstallFunction }, Scope, HwProfile.
  const params = Buffer.alloc(16);
  params.writeUInt32LE(8, 0);
  params.writeUInt32LE(DIF_REMOVE, 4);
  params.writeUInt32LE(DI_REMOVEDEVICE_GLOBAL, 8);
  if (!ffi.api.SetupDiSetClassInstallParamsW(set, devinfo, params, params.length)) {
    // Wine 8 stubs SetupDiSetClassInstallParamsW (FALSE, no error code); DIF_REMOVE's default
    // scope there is global anyway (docs/wine-gaps.md). On Windows a failure is an error.
    if (ffi.wineVersion === undefined) throw lastWinError(ffi, 'SetupDiSetClassInstallParamsW');
  }
  check(ffi, ffi.api.SetupDiCallClassInstaller(DIF_REMOVE, set, devinfo), 'SetupDiCallClassInstaller');
  return needsReboot(ffi, set, devinfo);
}

/** SP_DEVINSTALL_PARAMS_W.Flags has DI_NEEDREBOOT or DI_NEEDRESTART. */
function needsReboot(ffi: Ffi, set: number, devinfo: Buffer): boolean {
  const size = ffi.pointerSize === 8 ? 584 : 556;
  const params = Buffer.alloc(size);
  params.writeUInt32LE(size, 0);
  if (!ffi.api.SetupDiGetDeviceInstallParamsW(set, devinfo, params)) return false;
  return (params.readUInt32LE(4) & (DI_NEEDREBOOT | DI_NEEDRESTART)) !== 0;
}

export function createDevice(ffi: Ffi, options: CreateDeviceOptions): CreateDeviceResult {
  requireText(options.hardwareId, 'hardware ID');
  const classGuid = classOf(ffi, options);
  const guid = guidToBytes(classGuid);
  requireElevation(ffi, 'SetupDiCallClassInstaller');
  const className = readWideString(ffi, 'SetupDiClassNameFromGuidW', (buf, chars, required) =>
    ffi.api.SetupDiClassNameFromGuidW(guid, buf, chars, required),
  32);
  return withEmptySet(ffi, guid, (set) => {
    const devinfo = spData(ffi);
    check(
      ffi,
      ffi.api.SetupDiCreateDeviceInfoW(set, className, guid, options.description ?? null, 0, DICD_GENERATE_ID, devinfo),
      'SetupDiCreateDeviceInfoW',
    );
    const ids = toMultiSz([options.hardwareId]);
    check(ffi, ffi.api.SetupDiSetDeviceRegistryPropertyW(set, devinfo, SPDRP_HARDWAREID, ids, ids.length), 'SetupDiSetDeviceRegistryPropertyW');
    check(ffi, ffi.api.SetupDiCallClassInstaller(DIF_REGISTERDEVICE, set, devinfo), 'SetupDiCallClassInstaller');
    const deviceInstanceId = instanceIdOf(ffi, set, devinfo);
    if (options.inf === undefined) return { deviceInstanceId, rebootRequired: false };
    try {
      const { rebootRequired } = installDriver(ffi, { inf: options.inf, hardwareId: options.hardwareId, force: true });
      return { deviceInstanceId, rebootRequired };
    } catch (e) {
      // Leave no half-made device behind: the caller gets the driver's failure.
      try {
        removeElement(ffi, set, devinfo);
      } catch {
        // the original failure is what matters
      }
      throw e;
    }
  });
}

export function listDevices(ffi: Ffi, options: { hardwareId?: string } = {}): Device[] {
  const want = options.hardwareId?.toLowerCase();
  const set = ffi.api.SetupDiGetClassDevsW(null, null, 0, DIGCF_ALLCLASSES) as number;
  return withDevInfoSet(ffi, set, 'SetupDiGetClassDevsW', (set) => {
    const devices: Device[] = [];
    for (let index = 0; ; index++) {
      const devinfo = spData(ffi);
      if (!ffi.api.SetupDiEnumDeviceInfo(set, index, devinfo)) {
        const err = ffi.api.GetLastError() as number;
        if (err === ERR.NO_MORE_ITEMS) return devices;
        throw winError(ffi, err || ERR.INVALID_FUNCTION, 'SetupDiEnumDeviceInfo');
      }
      const ids = deviceProperty(ffi, set, devinfo, SPDRP_HARDWAREID);
      const hardwareIds = ids ? fromMultiSz(ids) : [];
      if (want !== undefined && !hardwareIds.some((id) => id.toLowerCase() === want)) continue;
      const desc = deviceProperty(ffi, set, devinfo, SPDRP_DEVICEDESC);
      devices.push({
        deviceInstanceId: instanceIdOf(ffi, set, devinfo),
        hardwareIds,
        classGuid: guidFromBytes(devinfo, SP_DATA_GUID_OFFSET),
        description: desc ? fromWide(desc) : '',
      });
    }
  });
}

export function removeDevice(ffi: Ffi, deviceInstanceId: string): { rebootRequired: boolean } {
  const id = requireText(deviceInstanceId, 'device instance ID');
  return withEmptySet(ffi, null, (set) => {
    const devinfo = openDevice(ffi, set, id);
    requireElevation(ffi, 'SetupDiCallClassInstaller');
    return { rebootRequired: removeElement(ffi, set, devinfo) };
  });
}
