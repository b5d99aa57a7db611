// Device interfaces: CM_Get_Device_Interface_List (present or all), falling back to
// SetupDiGetClassDevs(DIGCF_DEVICEINTERFACE) + SetupDiEnumDeviceInterfaces; and registering
// interface instances with SetupDiCreateDeviceInterface.
import type { DeviceInterface, ListInterfacesOptions, RegisterInterfaceOptions, RegisterInterfaceResult } from '../types.js';
import { requireText } from '../args.js';
import { guidToBytes, requireGuid } from '../guid.js';
import { CR, ERR } from '../winerror-table.js';
import { check, requireElevation, spData, SP_DATA_DWORD_OFFSET, winError, type Ffi } from './ffi.js';
import { fromMultiSz, wideBuffer } from '../utf16.js';
import { instanceIdOf, interfaceDetail, openDevice, withDevInfoSet, withEmptySet } from './devinfo.js';

const CM_GET_DEVICE_INTERFACE_LIST_PRESENT = 0x0;
const CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES = 0x1;
const DIGCF_PRESENT = 0x2;
const DIGCF_DEVICEINTERFACE = 0x10;
const SPINT_ACTIVE = 0x1;
const SPINT_REMOVED = 0x4;

/** The reference string of a symbolic link: what follows `#{guid}\`, or ''. */
export function referenceStringOf(symbolicLink: string): string {
  const m = /#\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}(?:\\(.*))?$/i.exec(symbolicLink);
  return m?.[1] ?? '';
}

/** CONFIGRETs after which SetupDi enumeration is tried instead (Wine answers CR_FAILURE). */
const CM_UNAVAILABLE = new Set<number>([CR.FAILURE, CR.CALL_NOT_IMPLEMENTED, CR.NO_CM_SERVICES]);

/**
 * CM_Get_Device_Interface_List's symbolic links; null when CfgMgr32 cannot answer, so the
 * caller falls back to SetupDi enumeration. Any other CONFIGRET is a WinError naming it.
 */
function cmInterfaceList(ffi: Ffi, guid: Buffer, present: boolean): string[] | null {
  const flags = present ? CM_GET_DEVICE_INTERFACE_LIST_PRESENT : CM_GET_DEVICE_INTERFACE_LIST_ALL_DEVICES;
  const fail = (cr: number, api: string) => {
    if (CM_UNAVAILABLE.has(cr)) return null;
    throw winError(ffi, cr, api, { source: 'configret', crDefault: ERR.INVALID_DATA });
  };
  for (let attempt = 0; attempt < 4; attempt++) {
    const length: [number] = [0];
    const sized = ffi.api.CM_Get_Device_Interface_List_SizeW(length, guid, null, flags) as number;
    if (sized !== CR.SUCCESS) return fail(sized, 'CM_Get_Device_Interface_List_SizeW');
    const buf = wideBuffer(length[0] + 1);
    const cr = ffi.api.CM_Get_Device_Interface_ListW(guid, null, buf, length[0] + 1, flags) as number;
    if (cr === CR.BUFFER_SMALL) continue; // an interface arrived between the two calls
    if (cr !== CR.SUCCESS) return fail(cr, 'CM_Get_Device_Interface_ListW');
    return fromMultiSz(buf);
  }
  return null;
}

function describeInterface(ffi: Ffi, set: number, ifdata: Buffer, classGuid: string, link?: string): DeviceInterface {
  const { path, devinfo } = interfaceDetail(ffi, set, ifdata);
  const flags = ifdata.readUInt32LE(SP_DATA_DWORD_OFFSET);
  const symbolicLink = link ?? path;
  return {
    symbolicLink,
    classGuid,
    deviceInstanceId: instanceIdOf(ffi, set, devinfo),
    referenceString: referenceStringOf(symbolicLink),
    enabled: (flags & SPINT_ACTIVE) !== 0,
    removed: (flags & SPINT_REMOVED) !== 0,
  };
}

export function listInterfaces(ffi: Ffi, options: ListInterfacesOptions): DeviceInterface[] {
  const classGuid = requireGuid(options.classGuid, 'interface class GUID');
  const guid = guidToBytes(classGuid);
  const present = options.present ?? false;
  const links = cmInterfaceList(ffi, guid, present);
  if (links !== null) {
    return withEmptySet(ffi, null, (set) =>
      links.flatMap((link) => {
        const ifdata = spData(ffi);
        if (!ffi.api.SetupDiOpenDeviceInterfaceW(set, link, 0, ifdata)) {
          const err = ffi.api.GetLastError() as number;
          if (err === ERR.NO_SUCH_DEVICE_INTERFACE) return []; // removed since the list was taken
          throw winError(ffi, err || ERR.INVALID_FUNCTION, 'SetupDiOpenDeviceInterfaceW');
        }
        return [describeInterface(ffi, set, ifdata, classGuid, link)];
      }),
    );
  }
  const flags = DIGCF_DEVICEINTERFACE | (present ? DIGCF_PRESENT : 0);
  return withDevInfoSet(ffi, ffi.api.SetupDiGetClassDevsW(guid, null, 0, flags) as number, 'SetupDiGetClassDevsW', (set) => {
    const out: DeviceInterface[] = [];
    for (let index = 0; ; index++) {
      const ifdata = spData(ffi);
      if (!ffi.api.SetupDiEnumDeviceInterfaces(set, null, guid, index, ifdata)) {
        const err = ffi.api.GetLastError() as number;
        if (err === ERR.NO_MORE_ITEMS) return out;
        throw winError(ffi, err || ERR.INVALID_FUNCTION, 'SetupDiEnumDeviceInterfaces');
      }
      out.push(describeInterface(ffi, set, ifdata, classGuid));
    }
  });
}

export function registerInterface(ffi: Ffi, options: RegisterInterfaceOptions): RegisterInterfaceResult {
  const api = 'SetupDiCreateDeviceInterfaceW';
  const classGuid = requireGuid(options.classGuid, 'interface class GUID');
  const deviceInstanceId = requireText(options.deviceInstanceId, 'device instance ID');
  const ref = options.referenceString ?? '';
  if (/[\\/]/.test(ref)) {
    throw winError(ffi, ERR.INVALID_REFERENCE_STRING, api, { hint: `Reference string '${ref}' contains '/' or '\\', which Windows refuses.` });
  }
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return withEmptySet(ffi, null, (set) => {
    const devinfo = openDevice(ffi, set, deviceInstanceId);
    requireElevation(ffi, api);
    const existed = listInterfaces(ffi, { classGuid }).some(
      (i) => same(i.deviceInstanceId, deviceInstanceId) && same(i.referenceString, ref),
    );
    const ifdata = spData(ffi);
    check(ffi, ffi.api.SetupDiCreateDeviceInterfaceW(set, devinfo, guidToBytes(classGuid), ref === '' ? null : ref, 0, ifdata), api);
    const { path } = interfaceDetail(ffi, set, ifdata);
    return { symbolicLink: path, created: !existed };
  });
}
