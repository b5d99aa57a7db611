// Device information sets: the handle owner and the per-element reads and calls (instance ID,
// registry properties, interface detail, install parameters, DIF_REMOVE) shared by the device
// and interface primitives.
import { PrimitiveError } from '../errors.js';
import { ERR } from '../winerror-table.js';
import { check, interfaceDetailCbSize, isValidHandle, lastError, readWideString, spData, type Ffi } from './ffi.js';
import { fromWide } from '../../base/utf16.js';

const DIF_REMOVE = 0x05;
const DI_REMOVEDEVICE_GLOBAL = 0x1;
const DI_NEEDRESTART = 0x80;
const DI_NEEDREBOOT = 0x100;

/** Runs `body` with a device information set and always destroys it. */
export function withDevInfoSet<T>(ffi: Ffi, set: number, api: string, body: (set: number) => T): T {
  if (!isValidHandle(set)) throw lastError(ffi, api);
  try {
    return body(set);
  } finally {
    ffi.api.SetupDiDestroyDeviceInfoList(set);
  }
}

/** An empty device information set (SetupDiCreateDeviceInfoList). */
export function withEmptySet<T>(ffi: Ffi, classGuid: Buffer | null, body: (set: number) => T): T {
  return withDevInfoSet(ffi, ffi.api.SetupDiCreateDeviceInfoList(classGuid, 0) as number, 'SetupDiCreateDeviceInfoList', body);
}

export function instanceIdOf(ffi: Ffi, set: number, devinfo: Buffer): string {
  return readWideString(
    ffi,
    'SetupDiGetDeviceInstanceIdW',
    (buf, chars, required) => ffi.api.SetupDiGetDeviceInstanceIdW(set, devinfo, buf, chars, required),
    200,
  );
}

/** Opens a device by instance ID into `set`; null when there is none (ERROR_NO_SUCH_DEVINST). */
export function findDevice(ffi: Ffi, set: number, deviceInstanceId: string): Buffer | null {
  const devinfo = spData(ffi);
  if (ffi.api.SetupDiOpenDeviceInfoW(set, deviceInstanceId, 0, 0, devinfo)) return devinfo;
  const err = ffi.api.GetLastError() as number;
  if (err === ERR.NO_SUCH_DEVINST) return null;
  throw new PrimitiveError('SetupDiOpenDeviceInfoW', err);
}

/** Opens a device by instance ID into `set`; throws ERROR_NO_SUCH_DEVINST when there is none. */
export function openDevice(ffi: Ffi, set: number, deviceInstanceId: string): Buffer {
  const devinfo = findDevice(ffi, set, deviceInstanceId);
  if (devinfo === null) throw new PrimitiveError('SetupDiOpenDeviceInfoW', ERR.NO_SUCH_DEVINST);
  return devinfo;
}

/** Property reads that mean "the device does not have it". */
const NO_PROPERTY = new Set<number>([ERR.INVALID_DATA, ERR.FILE_NOT_FOUND, ERR.NO_SUCH_DEVINST]);

/** A device registry property (SPDRP_*) with its REG_* type; null when the device has none. */
export function deviceProperty(ffi: Ffi, set: number, devinfo: Buffer, property: number): { type: number; data: Buffer } | null {
  const api = 'SetupDiGetDeviceRegistryPropertyW';
  let size = 256;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = Buffer.alloc(size);
    const type: [number] = [0];
    const required: [number] = [0];
    if (ffi.api.SetupDiGetDeviceRegistryPropertyW(set, devinfo, property, type, buf, size, required)) {
      return { type: type[0], data: buf.subarray(0, Math.min(required[0], size)) };
    }
    const err = ffi.api.GetLastError() as number;
    if (NO_PROPERTY.has(err)) return null;
    if (err !== ERR.INSUFFICIENT_BUFFER) throw new PrimitiveError(api, err);
    size = Math.max(required[0], size * 2);
  }
  throw new PrimitiveError(api, ERR.INSUFFICIENT_BUFFER);
}

/** SetupDiGetDeviceInterfaceDetail: the interface's path and, filled in, its device's SP_DEVINFO_DATA. */
export function interfaceDetail(ffi: Ffi, set: number, ifdata: Buffer): { path: string; devinfo: Buffer } {
  const api = 'SetupDiGetDeviceInterfaceDetailW';
  // Room for a typical symbolic link, so that one call usually does; a longer one is read again.
  let size = 4 + 512 * 2;
  for (let attempt = 0; attempt < 4; attempt++) {
    const detail = Buffer.alloc(size + 2);
    detail.writeUInt32LE(interfaceDetailCbSize(ffi), 0);
    const devinfo = spData(ffi);
    const required: [number] = [0];
    if (ffi.api.SetupDiGetDeviceInterfaceDetailW(set, ifdata, detail, size, required, devinfo)) {
      return { path: fromWide(detail.subarray(4)), devinfo };
    }
    const err = ffi.api.GetLastError() as number;
    if (err !== ERR.INSUFFICIENT_BUFFER || required[0] <= size) throw new PrimitiveError(api, err);
    size = required[0];
  }
  throw new PrimitiveError(api, ERR.INSUFFICIENT_BUFFER);
}

/**
 * DI_NEEDREBOOT / DI_NEEDRESTART of the element's install parameters. After DIF_REMOVE, Wine
 * forgets the element (ERROR_NO_SUCH_DEVINST) where Windows keeps it: nothing to restart then.
 */
export function needsReboot(ffi: Ffi, set: number, devinfo: Buffer, removed = false): boolean {
  // SP_DEVINSTALL_PARAMS_W: cbSize, Flags, FlagsEx, four pointers, a ULONG_PTR, Reserved, DriverPath[MAX_PATH].
  const size = ffi.pointerSize === 8 ? 584 : 556;
  const params = Buffer.alloc(size);
  params.writeUInt32LE(size, 0);
  if (!ffi.api.SetupDiGetDeviceInstallParamsW(set, devinfo, params)) {
    const err = ffi.api.GetLastError() as number;
    if (removed && err === ERR.NO_SUCH_DEVINST) return false;
    throw new PrimitiveError('SetupDiGetDeviceInstallParamsW', err);
  }
  return (params.readUInt32LE(4) & (DI_NEEDREBOOT | DI_NEEDRESTART)) !== 0;
}

/** DIF_REMOVE with global scope. */
export function removeElement(ffi: Ffi, set: number, devinfo: Buffer): void {
  // SP_REMOVEDEVICE_PARAMS: SP_CLASSINSTALL_HEADER { cbSize = 8, InstallFunction }, Scope, HwProfile.
  const params = Buffer.alloc(16);
  params.writeUInt32LE(8, 0);
  params.writeUInt32LE(DIF_REMOVE, 4);
  params.writeUInt32LE(DI_REMOVEDEVICE_GLOBAL, 8);
  if (!ffi.api.SetupDiSetClassInstallParamsW(set, devinfo, params, params.length)) {
    // Wine 8 stubs SetupDiSetClassInstallParamsW (FALSE, no error code); DIF_REMOVE's default
    // scope there is global anyway (docs/wine-gaps.md). On Windows a failure is an error.
    if (ffi.wineVersion === undefined) throw lastError(ffi, 'SetupDiSetClassInstallParamsW');
  }
  check(ffi, ffi.api.SetupDiCallClassInstaller(DIF_REMOVE, set, devinfo), 'SetupDiCallClassInstaller');
}
