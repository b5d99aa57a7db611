// Driver packages: SetupCopyOEMInf (stage, oemNN.inf), SetupUninstallOEMInf, the staged list
// (%windir%\INF\oem*.inf read through SetupAPI), UpdateDriverForPlugAndPlayDevices /
// DiInstallDriver, and CMP_WaitNoPendingInstallEvents.
import path from 'node:path';
import type { DriverPackage, StageDriverResult, Primitives } from '../types.js';
import { PrimitiveError } from '../errors.js';
import { ERR } from '../winerror-table.js';
import { fromWide, wideBuffer } from '../../base/utf16.js';
import { check, infContext, isValidHandle, lastError, type Ffi } from './ffi.js';
import { requireInf } from './inf.js';

const SPOST_PATH = 1;
const SP_COPY_NOOVERWRITE = 0x8;
const SUOI_FORCEDELETE = 0x1;
const INSTALLFLAG_FORCE = 0x1;
const DIIRFLAG_FORCE_INF = 0x2;
const INF_STYLE_WIN4 = 0x2;
const INFINFO_INF_NAME_IS_ABSOLUTE = 2;
const MAX_PATH = 260;
const LINE_LEN = 256;
const ERROR_NO_MORE_FILES = 18;
const WAIT_OBJECT_0 = 0;
const WAIT_FAILED = 0xffffffff;
/** WIN32_FIND_DATAW's size and the offset of cFileName[MAX_PATH]. */
const FIND_DATA_SIZE = 592;
const FIND_DATA_NAME_OFFSET = 44;

/**
 * stageDriver: SetupCopyOEMInf with SP_COPY_NOOVERWRITE. When the package is already in the store
 * it fails with ERROR_FILE_EXISTS and names the existing copy.
 */
export async function stageDriver(ffi: Ffi, infPath: string): Promise<StageDriverResult> {
  requireInf(ffi, infPath);
  const dest = wideBuffer(MAX_PATH);
  if (ffi.api.SetupCopyOEMInfW(infPath, null, SPOST_PATH, SP_COPY_NOOVERWRITE, dest, MAX_PATH, null, null)) {
    return { publishedName: path.win32.basename(fromWide(dest)), alreadyStaged: false };
  }
  const err = ffi.api.GetLastError() as number;
  if (err !== ERR.FILE_EXISTS || fromWide(dest) === '') throw new PrimitiveError('SetupCopyOEMInfW', err);
  return { publishedName: path.win32.basename(fromWide(dest)), alreadyStaged: true };
}

/** removeDriver: SetupUninstallOEMInfW(name, SUOI_FORCEDELETE when forced). */
export function removeDriver(ffi: Ffi, publishedName: string, force: boolean): void {
  check(ffi, ffi.api.SetupUninstallOEMInfW(publishedName, force ? SUOI_FORCEDELETE : 0, null), 'SetupUninstallOEMInfW');
}

function windowsDirectory(ffi: Ffi): string {
  const buf = wideBuffer(MAX_PATH);
  const n = ffi.api.GetWindowsDirectoryW(buf, MAX_PATH) as number;
  if (n === 0) throw lastError(ffi, 'GetWindowsDirectoryW');
  return fromWide(buf, n);
}

/** The name the package had before SetupCopyOEMInf renamed it; '' when the system keeps none. */
function originalName(ffi: Ffi, infPath: string): string {
  const required: [number] = [0];
  if (!ffi.api.SetupGetInfInformationW(infPath, INFINFO_INF_NAME_IS_ABSOLUTE, null, 0, required)) return '';
  const info = Buffer.alloc(required[0]);
  if (!ffi.api.SetupGetInfInformationW(infPath, INFINFO_INF_NAME_IS_ABSOLUTE, info, info.length, null)) return '';
  // SP_ORIGINAL_FILE_INFO_W: cbSize, OriginalInfName[MAX_PATH], OriginalCatalogName[MAX_PATH].
  const original = Buffer.alloc(4 + 4 * MAX_PATH);
  original.writeUInt32LE(original.length, 0);
  if (!ffi.api.SetupQueryInfOriginalFileInformationW(info, 0, null, original)) return '';
  return path.win32.basename(fromWide(original.subarray(4), MAX_PATH));
}

/** The whole text of a [Version] line (SetupGetLineText), '' when the INF has none. */
function versionLine(ffi: Ffi, hinf: number, key: string): string {
  const context = infContext(ffi);
  if (!ffi.api.SetupFindFirstLineW(hinf, 'Version', key, context)) return '';
  const buf = wideBuffer(LINE_LEN * 4);
  if (!ffi.api.SetupGetLineTextW(context, 0, null, null, buf, LINE_LEN * 4, null)) return '';
  return fromWide(buf);
}

function describePackage(ffi: Ffi, infPath: string, publishedName: string): DriverPackage | null {
  const hinf = ffi.api.SetupOpenInfFileW(infPath, null, INF_STYLE_WIN4, [0]) as number;
  if (!isValidHandle(hinf)) return null; // not an INF SetupAPI can read: not a package
  try {
    return {
      publishedName,
      originalName: originalName(ffi, infPath),
      provider: versionLine(ffi, hinf, 'Provider'),
      className: versionLine(ffi, hinf, 'Class'),
      classGuid: versionLine(ffi, hinf, 'ClassGuid'),
      driverVer: versionLine(ffi, hinf, 'DriverVer'),
    };
  } finally {
    ffi.api.SetupCloseInfFile(hinf);
  }
}

/** listDrivers: every oem*.inf in the system INF directory; the loop ends only on ERROR_NO_MORE_FILES. */
export function listDrivers(ffi: Ffi): DriverPackage[] {
  const dir = `${windowsDirectory(ffi)}\\INF\\`;
  const found = Buffer.alloc(FIND_DATA_SIZE);
  const find = ffi.api.FindFirstFileW(`${dir}oem*.inf`, found) as number;
  if (!isValidHandle(find)) {
    const err = ffi.api.GetLastError() as number;
    if (err === ERR.FILE_NOT_FOUND) return [];
    throw new PrimitiveError('FindFirstFileW', err);
  }
  const packages: DriverPackage[] = [];
  try {
    do {
      const name = fromWide(found.subarray(FIND_DATA_NAME_OFFSET), MAX_PATH);
      const described = describePackage(ffi, dir + name, name);
      if (described !== null) packages.push(described);
    } while (ffi.api.FindNextFileW(find, found));
    const err = ffi.api.GetLastError() as number;
    if (err !== ERROR_NO_MORE_FILES) throw new PrimitiveError('FindNextFileW', err);
    return packages;
  } finally {
    ffi.api.FindClose(find);
  }
}

/** installDriver: UpdateDriverForPlugAndPlayDevicesW with a hardware ID, DiInstallDriverW without. */
export async function installDriver(
  ffi: Ffi,
  infPath: string,
  hardwareId: string | null,
  force: boolean,
): Promise<{ rebootRequired: boolean }> {
  requireInf(ffi, infPath);
  const reboot: [number] = [0];
  if (hardwareId !== null) {
    const ok = ffi.api.UpdateDriverForPlugAndPlayDevicesW(0, hardwareId, infPath, force ? INSTALLFLAG_FORCE : 0, reboot);
    check(ffi, ok, 'UpdateDriverForPlugAndPlayDevicesW');
  } else {
    check(ffi, ffi.api.DiInstallDriverW(0, infPath, force ? DIIRFLAG_FORCE_INF : 0, reboot), 'DiInstallDriverW');
  }
  return { rebootRequired: reboot[0] !== 0 };
}

/** waitNoPendingInstalls: true when none are pending, false on timeout. */
export async function waitNoPendingInstalls(ffi: Ffi, timeoutMs: number): Promise<boolean> {
  const result = (ffi.api.CMP_WaitNoPendingInstallEvents(timeoutMs) as number) >>> 0;
  if (result === WAIT_FAILED) throw lastError(ffi, 'CMP_WaitNoPendingInstallEvents');
  return result === WAIT_OBJECT_0;
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(
  ffi: Ffi,
): Pick<Primitives, 'stageDriver' | 'removeDriver' | 'listDrivers' | 'installDriver' | 'waitNoPendingInstalls'> {
  return {
    stageDriver: (inf) => stageDriver(ffi, inf),
    removeDriver: (name, force) => removeDriver(ffi, name, force),
    listDrivers: () => listDrivers(ffi),
    installDriver: (inf, hardwareId, force) => installDriver(ffi, inf, hardwareId, force),
    waitNoPendingInstalls: (ms) => waitNoPendingInstalls(ffi, ms),
  };
}
