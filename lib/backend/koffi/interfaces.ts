// Device interfaces: CM_Get_Device_Interface_List (present or all), falling back to
// SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) + SetupDiEnumDeviceInterfaces; and registering
// interface instances with SetupDiCreateDeviceInterface.
import type { RegisterInterfaceResult, Primitives } from '../types.js';
import { PrimitiveError } from '../errors.js';
import { guidToBytes } from '../guid.js';
import { CR, ERR } from '../winerror-table.js';
import { fromMultiSz, wideBuffer } from '../../base/utf16.js';
import { check, spData, SP_DATA_DWORD_OFFSET, type Ffi } from './ffi.js';
import { instanceIdOf, interfaceDetail, openDevice, withDevInfoSet, withEmptySet } from './devinfo.js';

const CM_GET_DEVICE_INTERFACE_LIST_PRESENT = 0x0;
const CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES = 0x1;
const DIGCF_PRESENT = 0x2;
const DIGCF_DEVICEINTERFACE = 0x10;

export interface InterfaceDetail {
  symbolicLink: string;
  deviceInstanceId: string;
  /** SPINT_ACTIVE 1 | SPINT_REMOVED 4. */
  flags: number;
}

/**
 * CM_Get_Device_Interface_List's symbolic links; null when CfgMgr32 cannot answer (Wine says
 * CR_FAILURE), so that the caller enumerates with SetupDi instead.
 */
function cmInterfaceList(ffi: Ffi, guid: Buffer, present: boolean): string[] | null {
  if (ffi.missing.has('CM_Get_Device_Interface_List_SizeW') || ffi.missing.has('CM_Get_Device_Interface_ListW')) return null;
  const flags = present ? CM_GET_DEVICE_INTERFACE_LIST_PRESENT : CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES;
  for (let attempt = 0; attempt < 8; attempt++) {
    const length: [number] = [0];
    if (ffi.api.CM_Get_Device_Interface_List_SizeW(length, guid, null, flags) !== CR.SUCCESS) return null;
    const buf = wideBuffer(length[0] + 1);
    const cr = ffi.api.CM_Get_Device_Interface_ListW(guid, null, buf, length[0], flags) as number;
    if (cr === CR.BUFFER_SMALL) continue; // an interface arrived between the two calls
    if (cr !== CR.SUCCESS) return null;
    return fromMultiSz(buf);
  }
  return null;
}

function describe(ffi: Ffi, set: number, ifdata: Buffer): InterfaceDetail {
  const { path, devinfo } = interfaceDetail(ffi, set, ifdata);
  return { symbolicLink: path, deviceInstanceId: instanceIdOf(ffi, set, devinfo), flags: ifdata.readUInt32LE(SP_DATA_DWORD_OFFSET) };
}

/** Every interface of a device-interface set; the loop ends only on ERROR_NO_MORE_ITEMS. */
function enumerate(ffi: Ffi, set: number, guid: Buffer): InterfaceDetail[] {
  const out: InterfaceDetail[] = [];
  for (let index = 0; ; index++) {
    const ifdata = spData(ffi);
    if (!ffi.api.SetupDiEnumDeviceInterfaces(set, null, guid, index, ifdata)) {
      const err = ffi.api.GetLastError() as number;
      if (err === ERR.NO_MORE_ITEMS) return out;
      throw new PrimitiveError('SetupDiEnumDeviceInterfaces', err);
    }
    out.push(describe(ffi, set, ifdata));
  }
}

/** SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) for one class, all devices or one (`enumerator`). */
function withInterfaceSet<T>(ffi: Ffi, guid: Buffer, enumerator: string | null, flags: number, body: (set: number) => T): T {
  const set = ffi.api.SetupDiGetClassDevsW(guid, enumerator, 0, DIGCF_DEVICEINTERFACE | flags) as number;
  return withDevInfoSet(ffi, set, 'SetupDiGetClassDevsW', body);
}

export function listInterfaces(ffi: Ffi, classGuid: string, present: boolean): InterfaceDetail[] {
  const guid = guidToBytes(classGuid);
  const links = cmInterfaceList(ffi, guid, present);
  if (links === null) return withInterfaceSet(ffi, guid, null, present ? DIGCF_PRESENT : 0, (set) => enumerate(ffi, set, guid));
  return withEmptySet(ffi, null, (set) =>
    links.map((link) => {
      const ifdata = spData(ffi);
      check(ffi, ffi.api.SetupDiOpenDeviceInterfaceW(set, link, 0, ifdata), 'SetupDiOpenDeviceInterfaceW');
      return describe(ffi, set, ifdata);
    }),
  );
}

/**
 * registerInterface: SetupDiCreateDeviceInterface on the device (ERROR_NO_SUCH_DEVINST for an
 * unknown one). created is false when the device already had that link.
 */
export function registerInterface(
  ffi: Ffi,
  deviceInstanceId: string,
  classGuid: string,
  referenceString: string | null,
): RegisterInterfaceResult {
  if (referenceString !== null && /[\\/]/.test(referenceString)) throw new TypeError("referenceString may not contain '/' or '\\'");
  const guid = guidToBytes(classGuid);
  return withEmptySet(ffi, null, (set) => {
    // Open the device first: an unknown instance ID is ERROR_NO_SUCH_DEVINST from here.
    const devinfo = openDevice(ffi, set, deviceInstanceId);
    const before = withInterfaceSet(ffi, guid, deviceInstanceId, 0, (existing) => enumerate(ffi, existing, guid));
    const ifdata = spData(ffi);
    const ref = referenceString === '' ? null : referenceString;
    check(ffi, ffi.api.SetupDiCreateDeviceInterfaceW(set, devinfo, guid, ref, 0, ifdata), 'SetupDiCreateDeviceInterfaceW');
    const { symbolicLink } = describe(ffi, set, ifdata);
    return { symbolicLink, created: !before.some((i) => i.symbolicLink.toLowerCase() === symbolicLink.toLowerCase()) };
  });
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(ffi: Ffi): Pick<Primitives, 'listInterfaces' | 'registerInterface'> {
  return {
    listInterfaces: (guid, present) => listInterfaces(ffi, guid, present),
    registerInterface: (id, guid, reference) => registerInterface(ffi, id, guid, reference),
  };
}
