// Device information sets: the handle owner and the per-element reads (instance ID,
// registry properties, interface detail) shared by the device and interface operations.
import { ERR } from '../winerror-table.js';
import {
  check,
  interfaceDetailCbSize,
  isValidHandle,
  lastWinError,
  readWideString,
  spData,
  winError,
  type Ffi,
} from './ffi.js';
import { fromWide } from '../utf16.js';

/** Runs `body` with a device information set and always destroys it. */
export function withDevInfoSet<T>(ffi: Ffi, set: number, api: string, body: (set: number) => T): T {
  if (!isValidHandle(set)) throw lastWinError(ffi, api);
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
  return readWideString(ffi, 'SetupDiGetDeviceInstanceIdW', (buf, chars, required) =>
    ffi.api.SetupDiGetDeviceInstanceIdW(set, devinfo, buf, chars, required),
  200);
}

/** Opens a device by instance ID into `set`; ERROR_NO_SUCH_DEVINST when there is none. */
export function openDevice(ffi: Ffi, set: number, deviceInstanceId: string): Buffer {
  const devinfo = spData(ffi);
  check(ffi, ffi.api.SetupDiOpenDeviceInfoW(set, deviceInstanceId, 0, 0, devinfo), 'SetupDiOpenDeviceInfoW');
  return devinfo;
}

/** A device registry property (SPDRP_*) as raw bytes; null when the device has none. */
export function deviceProperty(ffi: Ffi, set: number, devinfo: Buffer, property: number): Buffer | null {
  let size = 256;
  for (let attempt = 0; attempt < 3; attempt++) {
    const buf = Buffer.alloc(size);
    const type: [number] = [0];
    const required: [number] = [0];
    if (ffi.api.SetupDiGetDeviceRegistryPropertyW(set, devinfo, property, type, buf, size, required)) {
      return buf.subarray(0, Math.min(required[0] || size, size));
    }
    const err = ffi.api.GetLastError() as number;
    if (err === ERR.INVALID_DATA || err === ERR.FILE_NOT_FOUND) return null; // property not set
    if (err !== ERR.INSUFFICIENT_BUFFER) throw winError(ffi, err, 'SetupDiGetDeviceRegistryPropertyW');
    size = Math.max(required[0], size * 2);
  }
  throw winError(ffi, ERR.INSUFFICIENT_BUFFER, 'SetupDiGetDeviceRegistryPropertyW');
}

/** SetupDiGetDeviceInterfaceDetail: the interface's path and, filled in, its device's SP_DEVINFO_DATA. */
export function interfaceDetail(ffi: Ffi, set: number, ifdata: Buffer): { path: string; devinfo: Buffer } {
  const required: [number] = [0];
  const api = 'SetupDiGetDeviceInterfaceDetailW';
  if (!ffi.api.SetupDiGetDeviceInterfaceDetailW(set, ifdata, null, 0, required, null)) {
    const err = ffi.api.GetLastError() as number;
    if (err !== ERR.INSUFFICIENT_BUFFER) throw winError(ffi, err || ERR.INVALID_FUNCTION, api);
  }
  const size = Math.max(required[0], 8);
  const detail = Buffer.alloc(size + 2);
  detail.writeUInt32LE(interfaceDetailCbSize(ffi), 0);
  const devinfo = spData(ffi);
  check(ffi, ffi.api.SetupDiGetDeviceInterfaceDetailW(set, ifdata, detail, size, null, devinfo), api);
  return { path: fromWide(detail.subarray(4)), devinfo };
}
