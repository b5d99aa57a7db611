// Device nodes: create a root-enumerated node for a hardware ID (SetupDiCreateDeviceInfo +
// DIF_REGISTERDEVICE), list and read nodes (SetupDiGetClassDevs, CM_Get_DevNode_Status, the
// SPDRP_* and DEVPKEY_Device_Driver* properties), change their state (DIF_PROPERTYCHANGE),
// remove them (DIF_REMOVE) and re-enumerate the tree (CM_Reenumerate_DevNode).
import type { CreateDeviceResult, RawDevice, Primitives } from '../types.js';
import { PrimitiveError } from '../errors.js';
import { guidFromBytes, guidToBytes } from '../guid.js';
import { CR, ERR } from '../winerror-table.js';
import { fromWide, toMultiSz } from '../../base/utf16.js';
import { check, checkCr, spData, SP_DATA_DWORD_OFFSET, SP_DATA_GUID_OFFSET, type Ffi } from './ffi.js';
import { CLASS_KEY } from '../../base/registry-paths.js';
import { parseDriverVerDate } from '../../inf/model.js';
import {
  deviceProperty,
  findDevice,
  instanceIdOf,
  needsReboot,
  openDevice,
  removeElement,
  withDevInfoSet,
  withEmptySet,
} from './devinfo.js';
import { readValues, regMultiSz, regString, withKey, type TypedData } from './registry.js';

const DICD_GENERATE_ID = 0x1;
const DIF_REGISTERDEVICE = 0x19;
const DIF_PROPERTYCHANGE = 0x12;
const DICS_FLAG_GLOBAL = 0x1;
const DIGCF_PRESENT = 0x2;
const DIGCF_ALLCLASSES = 0x4;
const SPDRP_DEVICEDESC = 0x00;
const SPDRP_HARDWAREID = 0x01;
const SPDRP_COMPATIBLEIDS = 0x02;
const SPDRP_SERVICE = 0x04;
const SPDRP_CLASS = 0x07;
const SPDRP_DRIVER = 0x09;
const SPDRP_FRIENDLYNAME = 0x0c;
const CM_LOCATE_DEVNODE_NORMAL = 0x0;
const CM_REENUMERATE_SYNCHRONOUS = 0x1;

// ---------------------------------------------------------------------------------------------
// Creating and removing nodes
// ---------------------------------------------------------------------------------------------

/**
 * createDevice: ROOT\<className>\NNNN (DICD_GENERATE_ID) with the hardware ID, registered with
 * DIF_REGISTERDEVICE. A registered node outlives the set, so when a later step fails it is
 * removed (DIF_REMOVE) before the failure is thrown, as wintun does.
 */
export function createDevice(
  ffi: Ffi,
  hardwareId: string,
  classGuid: string,
  className: string,
  description: string | null,
): CreateDeviceResult {
  if (hardwareId === '' || className === '') throw new TypeError('hardwareId and className may not be empty');
  const guid = guidToBytes(classGuid);
  return withEmptySet(ffi, guid, (set) => {
    const devinfo = spData(ffi);
    check(
      ffi,
      ffi.api.SetupDiCreateDeviceInfoW(set, className, guid, description, 0, DICD_GENERATE_ID, devinfo),
      'SetupDiCreateDeviceInfoW',
    );
    const ids = toMultiSz([hardwareId]);
    check(
      ffi,
      ffi.api.SetupDiSetDeviceRegistryPropertyW(set, devinfo, SPDRP_HARDWAREID, ids, ids.length),
      'SetupDiSetDeviceRegistryPropertyW',
    );
    // Until DIF_REGISTERDEVICE succeeds the node exists only in this set and goes with it.
    check(ffi, ffi.api.SetupDiCallClassInstaller(DIF_REGISTERDEVICE, set, devinfo), 'SetupDiCallClassInstaller');
    try {
      return { deviceInstanceId: instanceIdOf(ffi, set, devinfo), rebootRequired: needsReboot(ffi, set, devinfo) };
    } catch (e) {
      try {
        removeElement(ffi, set, devinfo);
      } catch {
        // the first failure is the one to report
      }
      throw e;
    }
  });
}

/** removeDevice: DIF_REMOVE (ERROR_NO_SUCH_DEVINST for an unknown device). */
export function removeDevice(ffi: Ffi, deviceInstanceId: string): { rebootRequired: boolean } {
  return withEmptySet(ffi, null, (set) => {
    const devinfo = openDevice(ffi, set, deviceInstanceId);
    removeElement(ffi, set, devinfo);
    return { rebootRequired: needsReboot(ffi, set, devinfo, true) };
  });
}

/**
 * changeDeviceState: SP_PROPCHANGE_PARAMS { header { cbSize 8, DIF_PROPERTYCHANGE }, StateChange,
 * Scope DICS_FLAG_GLOBAL, HwProfile 0 } + DIF_PROPERTYCHANGE. stateChange: DICS_ENABLE 1,
 * DICS_DISABLE 2, DICS_PROPCHANGE 3.
 */
export function changeDeviceState(ffi: Ffi, deviceInstanceId: string, stateChange: number): { rebootRequired: boolean } {
  return withEmptySet(ffi, null, (set) => {
    const devinfo = openDevice(ffi, set, deviceInstanceId);
    const params = Buffer.alloc(20);
    params.writeUInt32LE(8, 0);
    params.writeUInt32LE(DIF_PROPERTYCHANGE, 4);
    params.writeUInt32LE(stateChange, 8);
    params.writeUInt32LE(DICS_FLAG_GLOBAL, 12);
    // Wine 8's stub fails without setting a code: report that (0), not an earlier call's code.
    ffi.api.SetLastError(0);
    check(ffi, ffi.api.SetupDiSetClassInstallParamsW(set, devinfo, params, params.length), 'SetupDiSetClassInstallParamsW');
    check(ffi, ffi.api.SetupDiCallClassInstaller(DIF_PROPERTYCHANGE, set, devinfo), 'SetupDiCallClassInstaller');
    return { rebootRequired: needsReboot(ffi, set, devinfo) };
  });
}

/** reenumerate: CM_Locate_DevNode(root) + CM_Reenumerate_DevNode(CM_REENUMERATE_SYNCHRONOUS). */
export function reenumerate(ffi: Ffi): void {
  const root: [number] = [0];
  checkCr(ffi.api.CM_Locate_DevNodeW(root, null, CM_LOCATE_DEVNODE_NORMAL) as number, 'CM_Locate_DevNodeW');
  checkCr(ffi.api.CM_Reenumerate_DevNode(root[0], CM_REENUMERATE_SYNCHRONOUS) as number, 'CM_Reenumerate_DevNode');
}

// ---------------------------------------------------------------------------------------------
// Reading nodes
// ---------------------------------------------------------------------------------------------

/** listDevices: every node of every class (present: DIGCF_PRESENT only); the loop ends only on ERROR_NO_MORE_ITEMS. */
export function listDevices(ffi: Ffi, present: boolean): RawDevice[] {
  const set = ffi.api.SetupDiGetClassDevsW(null, null, 0, DIGCF_ALLCLASSES | (present ? DIGCF_PRESENT : 0)) as number;
  return withDevInfoSet(ffi, set, 'SetupDiGetClassDevsW', (set) => {
    const devices: RawDevice[] = [];
    for (let index = 0; ; index++) {
      const devinfo = spData(ffi);
      if (!ffi.api.SetupDiEnumDeviceInfo(set, index, devinfo)) {
        const err = ffi.api.GetLastError() as number;
        if (err === ERR.NO_MORE_ITEMS) return devices;
        throw new PrimitiveError('SetupDiEnumDeviceInfo', err);
      }
      devices.push(rawDevice(ffi, set, devinfo));
    }
  });
}

/** getDevice: one node by instance ID; null when there is none. */
export function getDevice(ffi: Ffi, deviceInstanceId: string): RawDevice | null {
  return withEmptySet(ffi, null, (set) => {
    const devinfo = findDevice(ffi, set, deviceInstanceId);
    return devinfo === null ? null : rawDevice(ffi, set, devinfo);
  });
}

/** deviceRegistryProperty: SPDRP_* as {REG_* type, raw data}; null when the device lacks it. */
export function deviceRegistryProperty(ffi: Ffi, deviceInstanceId: string, spdrp: number): TypedData | null {
  return withEmptySet(ffi, null, (set) => deviceProperty(ffi, set, openDevice(ffi, set, deviceInstanceId), spdrp));
}

function rawDevice(ffi: Ffi, set: number, devinfo: Buffer): RawDevice {
  const text = (spdrp: number) => regString(deviceProperty(ffi, set, devinfo, spdrp)) ?? '';
  const list = (spdrp: number) => regMultiSz(deviceProperty(ffi, set, devinfo, spdrp));
  return {
    deviceInstanceId: instanceIdOf(ffi, set, devinfo),
    hardwareIds: list(SPDRP_HARDWAREID),
    compatibleIds: list(SPDRP_COMPATIBLEIDS),
    classGuid: guidFromBytes(devinfo, SP_DATA_GUID_OFFSET),
    className: text(SPDRP_CLASS),
    friendlyName: text(SPDRP_FRIENDLYNAME),
    deviceDesc: text(SPDRP_DEVICEDESC),
    service: text(SPDRP_SERVICE),
    ...nodeStatus(ffi, devinfo.readUInt32LE(SP_DATA_DWORD_OFFSET)),
    driver: driverOf(ffi, set, devinfo),
  };
}

/** CM_Get_DevNode_Status; a node that is not present (CR_NO_SUCH_DEVNODE) has status and problem 0. */
function nodeStatus(ffi: Ffi, devInst: number): { present: boolean; status: number; problem: number } {
  const status: [number] = [0];
  const problem: [number] = [0];
  const cr = ffi.api.CM_Get_DevNode_Status(status, problem, devInst, 0) as number;
  if (cr === CR.NO_SUCH_DEVNODE) return { present: false, status: 0, problem: 0 };
  checkCr(cr, 'CM_Get_DevNode_Status');
  return { present: true, status: status[0] >>> 0, problem: problem[0] >>> 0 };
}

// ---------------------------------------------------------------------------------------------
// The driver of a node: DEVPKEY_Device_Driver* through CfgMgr32, else SetupDi, else the driver key
// ---------------------------------------------------------------------------------------------

const DEVPKEY_DRIVER_FMTID = '{A8B865DD-2E3D-4094-AD97-E593A70C75D6}';
/** The property IDs of DEVPKEY_Device_Driver* (devpkey.h). */
const PID = { date: 2, version: 3, infPath: 5, section: 6, matchingId: 8, provider: 9, rank: 14 } as const;
const DEVPROP_TYPE_UINT32 = 0x07;
const DEVPROP_TYPE_STRING = 0x12;
/** 100 ns intervals from 1601-01-01 to 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116444736000000000n;

/** A DEVPROPKEY: the fmtid GUID and the property ID. */
function devpropKey(pid: number): Buffer {
  const key = Buffer.alloc(20);
  guidToBytes(DEVPKEY_DRIVER_FMTID).copy(key, 0);
  key.writeUInt32LE(pid, 16);
  return key;
}

/** A DEVPROPTYPE_* value; null when the device lacks it, undefined when the source cannot answer here. */
type PropertyRead = TypedData | null | undefined;
type PropertySource = (ffi: Ffi, set: number, devinfo: Buffer, pid: number) => PropertyRead;

/** CM_Get_DevNode_PropertyW; undefined when cfgmgr32 lacks it or says CR_CALL_NOT_IMPLEMENTED. */
function cfgmgrProperty(ffi: Ffi, _set: number, devinfo: Buffer, pid: number): PropertyRead {
  if (ffi.missing.has('CM_Get_DevNode_PropertyW')) return undefined;
  const devInst = devinfo.readUInt32LE(SP_DATA_DWORD_OFFSET);
  let size = 256;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = Buffer.alloc(size);
    const type: [number] = [0];
    const length: [number] = [size];
    const cr = ffi.api.CM_Get_DevNode_PropertyW(devInst, devpropKey(pid), type, buf, length, 0) as number;
    if (cr === 0) return { type: type[0], data: buf.subarray(0, Math.min(length[0], size)) };
    // A node that is not present may be refused (CR_NO_SUCH_DEVNODE): its driver key tells.
    if (cr === CR.NO_SUCH_VALUE || cr === CR.NO_SUCH_DEVNODE) return null;
    if (cr === CR.CALL_NOT_IMPLEMENTED) return undefined;
    if (cr !== CR.BUFFER_SMALL) throw new PrimitiveError('CM_Get_DevNode_PropertyW', cr, 'configret');
    size = Math.max(length[0], size * 2);
  }
  throw new PrimitiveError('CM_Get_DevNode_PropertyW', CR.BUFFER_SMALL, 'configret');
}

/** SetupDiGetDevicePropertyW; undefined when setupapi lacks it or says ERROR_CALL_NOT_IMPLEMENTED. */
function setupDiProperty(ffi: Ffi, set: number, devinfo: Buffer, pid: number): PropertyRead {
  const api = 'SetupDiGetDevicePropertyW';
  if (ffi.missing.has(api)) return undefined;
  let size = 256;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = Buffer.alloc(size);
    const type: [number] = [0];
    const required: [number] = [0];
    if (ffi.api.SetupDiGetDevicePropertyW(set, devinfo, devpropKey(pid), type, buf, size, required, 0)) {
      return { type: type[0], data: buf.subarray(0, Math.min(required[0], size)) };
    }
    const err = ffi.api.GetLastError() as number;
    if (err === ERR.NOT_FOUND) return null;
    if (err === ERR.CALL_NOT_IMPLEMENTED) return undefined;
    if (err !== ERR.INSUFFICIENT_BUFFER) throw new PrimitiveError(api, err);
    size = Math.max(required[0], size * 2);
  }
  throw new PrimitiveError(api, ERR.INSUFFICIENT_BUFFER);
}

function propertyText(p: PropertyRead): string {
  return p && p.type === DEVPROP_TYPE_STRING ? fromWide(p.data, p.data.byteLength / 2) : '';
}

/** A FILETIME (100 ns since 1601: DEVPROP_TYPE_FILETIME, the driver key's DriverDateData) as ms since 1970. */
function fileTimeMs(p: TypedData | null | undefined): number | null {
  if (p?.data.byteLength !== 8) return null;
  const filetime = Buffer.from(p.data.buffer, p.data.byteOffset, 8).readBigUInt64LE(0);
  return Number(filetime - FILETIME_UNIX_EPOCH) / 10000;
}

function propertyUint32(p: PropertyRead): number {
  return p && p.type === DEVPROP_TYPE_UINT32 && p.data.byteLength >= 4
    ? Buffer.from(p.data.buffer, p.data.byteOffset, 4).readUInt32LE(0)
    : 0;
}

/**
 * The node's driver; null when it has no DriverInfPath. CfgMgr32 first; SetupDi where it is
 * missing or not implemented; the driver key where they know no DriverInfPath. Wine 8 implements
 * both property calls but keeps no driver properties (CR_NO_SUCH_VALUE, ERROR_NOT_FOUND), while
 * the driver key has InfPath and InfSection (ROOT\WINE\WINEBUS: winebus.inf): there the driver
 * key tells (docs/wine-gaps.md).
 */
function driverOf(ffi: Ffi, set: number, devinfo: Buffer): RawDevice['driver'] {
  for (const read of [cfgmgrProperty, setupDiProperty] satisfies PropertySource[]) {
    const infPath = read(ffi, set, devinfo, PID.infPath);
    if (infPath === undefined) continue;
    if (infPath === null) break;
    const get = (pid: number) => read(ffi, set, devinfo, pid);
    return {
      infPath: propertyText(infPath),
      section: propertyText(get(PID.section)),
      provider: propertyText(get(PID.provider)),
      version: propertyText(get(PID.version)),
      dateMs: fileTimeMs(get(PID.date)),
      matchingId: propertyText(get(PID.matchingId)),
      rank: propertyUint32(get(PID.rank)),
    };
  }
  return driverFromKey(ffi, set, devinfo);
}

/** "M-D-YYYY", the driver key's DriverDate, as ms since 1970 (UTC); null when it is not a date. */
function driverKeyDateMs(text: string | undefined): number | null {
  const date = parseDriverVerDate(text ?? '');
  return typeof date === 'string' ? null : date.ms;
}

/**
 * The driver from the node's driver key (SPDRP_DRIVER → Control\Class\<driver>), where Windows
 * keeps the values the driver DEVPKEYs read. The key does not keep the rank: 0.
 */
function driverFromKey(ffi: Ffi, set: number, devinfo: Buffer): RawDevice['driver'] {
  const driver = regString(deviceProperty(ffi, set, devinfo, SPDRP_DRIVER));
  if (!driver) return null;
  const values = withKey(ffi, 'HKLM', `${CLASS_KEY}\\${driver}`, (key) => readValues(ffi, key)) ?? [];
  const named = (name: string) => values.find((v) => v.name.toLowerCase() === name.toLowerCase());
  const value = (name: string) => regString(named(name));
  const infPath = value('InfPath');
  if (!infPath) return null;
  return {
    infPath,
    section: value('InfSection') ?? '',
    provider: value('ProviderName') ?? '',
    version: value('DriverVersion') ?? '',
    // DriverDateData is the FILETIME behind the DriverDate text.
    dateMs: fileTimeMs(named('DriverDateData')) ?? driverKeyDateMs(value('DriverDate')),
    matchingId: value('MatchingDeviceId') ?? '',
    rank: 0,
  };
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(
  ffi: Ffi,
): Pick<
  Primitives,
  'createDevice' | 'listDevices' | 'getDevice' | 'deviceRegistryProperty' | 'removeDevice' | 'changeDeviceState' | 'reenumerate'
> {
  return {
    createDevice: (hardwareId, guid, name, description) => createDevice(ffi, hardwareId, guid, name, description),
    listDevices: (present) => listDevices(ffi, present),
    getDevice: (id) => getDevice(ffi, id),
    deviceRegistryProperty: (id, spdrp) => deviceRegistryProperty(ffi, id, spdrp),
    removeDevice: (id) => removeDevice(ffi, id),
    changeDeviceState: (id, stateChange) => changeDeviceState(ffi, id, stateChange),
    reenumerate: () => reenumerate(ffi),
  };
}
