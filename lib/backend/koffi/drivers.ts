// Driver packages: SetupCopyOEMInf (stage, oemNN.inf), SetupUninstallOEMInf, the staged list
// (%windir%\INF\oem*.inf read through SetupAPI), UpdateDriverForPlugAndPlayDevices /
// DiInstallDriver, and CMP_WaitNoPendingInstallEvents.
import fs from 'node:fs';
import path from 'node:path';
import { InfkitError } from '../../errors.js';
import { publishedNameArg, timeoutArg } from '../args.js';
import type { DriverPackage, InstallDriverOptions, InstallDriverResult, StageDriverResult } from '../types.js';
import { ERR, HINTS } from '../winerror-table.js';
import { check, lastWinError, requireElevation, winError, type Ffi } from './ffi.js';
import { fromWide, wideBuffer } from '../utf16.js';
import { infPathOf, sectionLines, withInf } from './inf.js';

const SPOST_PATH = 1;
const SP_COPY_NOOVERWRITE = 0x8;
const SUOI_FORCEDELETE = 0x1;
const INSTALLFLAG_FORCE = 0x1;
const DIIRFLAG_FORCE_INF = 0x2;
const INFINFO_INF_NAME_IS_ABSOLUTE = 2;
const MAX_PATH = 260;
const WAIT_OBJECT_0 = 0;
const WAIT_TIMEOUT = 258;

/** Fails like the API would for a missing INF, before any elevation check hides it. */
function requireInfFile(ffi: Ffi, inf: string, api: string): string {
  const infPath = infPathOf(inf);
  if (!fs.existsSync(infPath)) throw winError(ffi, ERR.FILE_NOT_FOUND, api, { hint: `No such INF: ${infPath}` });
  return infPath;
}

/** SetupCopyOEMInf with SP_COPY_NOOVERWRITE: the published name, new or already there. */
function copyOemInf(ffi: Ffi, infPath: string): StageDriverResult {
  const dest = wideBuffer(MAX_PATH);
  const ok = ffi.api.SetupCopyOEMInfW(infPath, null, SPOST_PATH, SP_COPY_NOOVERWRITE, dest, MAX_PATH, [0], null);
  if (ok) return { publishedName: path.win32.basename(fromWide(dest)), alreadyStaged: false };
  const err = ffi.api.GetLastError() as number;
  // The same package is already staged: Windows names the existing oemNN.inf.
  if (err === ERR.FILE_EXISTS && fromWide(dest) !== '') return { publishedName: path.win32.basename(fromWide(dest)), alreadyStaged: true };
  throw winError(ffi, err || ERR.INVALID_FUNCTION, 'SetupCopyOEMInfW');
}

export function stageDriver(ffi: Ffi, inf: string): StageDriverResult {
  const infPath = requireInfFile(ffi, inf, 'SetupCopyOEMInfW');
  requireElevation(ffi, 'SetupCopyOEMInfW');
  return copyOemInf(ffi, infPath);
}

export function removeDriver(ffi: Ffi, publishedName: string, options: { force?: boolean } = {}): void {
  const name = publishedNameArg(publishedName, HINTS.notOemInf);
  requireElevation(ffi, 'SetupUninstallOEMInfW');
  check(ffi, ffi.api.SetupUninstallOEMInfW(name, options.force ? SUOI_FORCEDELETE : 0, null), 'SetupUninstallOEMInfW');
}

function windowsDirectory(ffi: Ffi): string {
  const buf = wideBuffer(MAX_PATH);
  const n = ffi.api.GetWindowsDirectoryW(buf, MAX_PATH) as number;
  if (n === 0) throw lastWinError(ffi, 'GetWindowsDirectoryW');
  return fromWide(buf, n);
}

/** The INF's original file name from its PNF (SetupQueryInfOriginalFileInformation), if any. */
function originalName(ffi: Ffi, infPath: string): string | undefined {
  const required: [number] = [0];
  ffi.api.SetupGetInfInformationW(infPath, INFINFO_INF_NAME_IS_ABSOLUTE, null, 0, required);
  if (required[0] === 0) return undefined;
  const info = Buffer.alloc(required[0]);
  if (!ffi.api.SetupGetInfInformationW(infPath, INFINFO_INF_NAME_IS_ABSOLUTE, info, info.length, null)) return undefined;
  // SP_ORIGINAL_FILE_INFO_W: cbSize, OriginalInfName[MAX_PATH], OriginalCatalogName[MAX_PATH].
  const original = Buffer.alloc(4 + 4 * MAX_PATH);
  original.writeUInt32LE(original.length, 0);
  if (!ffi.api.SetupQueryInfOriginalFileInformationW(info, 0, null, original)) return undefined;
  const name = fromWide(original.subarray(4), MAX_PATH);
  return name ? path.win32.basename(name) : undefined;
}

export function listDrivers(ffi: Ffi): DriverPackage[] {
  const infDir = path.win32.join(windowsDirectory(ffi), 'INF');
  let names: string[];
  try {
    names = fs.readdirSync(infDir).filter((n) => /^oem\d+\.inf$/i.test(n));
  } catch (e) {
    throw new InfkitError('E_IO', `cannot list ${infDir}: ${(e as Error).message}`);
  }
  names.sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  return names.map((publishedName) => {
    const infPath = path.win32.join(infDir, publishedName);
    const version = withInf(ffi, infPath, (hinf) => {
      const values: Record<string, string> = {};
      for (const line of sectionLines(ffi, hinf, 'Version')) values[line.key.toLowerCase()] = line.fields.join(',');
      return values;
    });
    return {
      publishedName,
      originalName: originalName(ffi, infPath) ?? publishedName,
      provider: version['provider'] ?? '',
      className: version['class'] ?? '',
      classGuid: (version['classguid'] ?? '').toUpperCase(),
      driverVer: version['driverver'] ?? '',
    };
  });
}

export function installDriver(ffi: Ffi, options: InstallDriverOptions): InstallDriverResult {
  const api = options.hardwareId !== undefined ? 'UpdateDriverForPlugAndPlayDevicesW' : 'DiInstallDriverW';
  const infPath = requireInfFile(ffi, options.inf, api);
  requireElevation(ffi, api);
  const reboot: [number] = [0];
  const ok =
    options.hardwareId !== undefined
      ? ffi.api.UpdateDriverForPlugAndPlayDevicesW(0, options.hardwareId, infPath, options.force ? INSTALLFLAG_FORCE : 0, reboot)
      : ffi.api.DiInstallDriverW(0, infPath, options.force ? DIIRFLAG_FORCE_INF : 0, reboot);
  if (!ok) {
    const err = ffi.api.GetLastError() as number;
    const hint =
      err === ERR.NO_SUCH_DEVINST ? HINTS.noMatchingDevice : err === ERR.NO_MORE_ITEMS ? HINTS.noBetterDriver : undefined;
    throw winError(ffi, err || ERR.INVALID_FUNCTION, api, hint === undefined ? {} : { hint });
  }
  // The package is in the store now: SP_COPY_NOOVERWRITE names its oemNN.inf without copying.
  let publishedName: string | undefined;
  try {
    publishedName = copyOemInf(ffi, infPath).publishedName;
  } catch {
    publishedName = undefined;
  }
  return { rebootRequired: reboot[0] !== 0, ...(publishedName !== undefined && { publishedName }) };
}

export function waitNoPendingInstalls(ffi: Ffi, timeoutMs: number): boolean {
  const timeout = timeoutArg(timeoutMs);
  const result = (ffi.api.CMP_WaitNoPendingInstallEvents(timeout) as number) >>> 0;
  if (result === WAIT_OBJECT_0) return true;
  if (result === WAIT_TIMEOUT) return false;
  throw lastWinError(ffi, 'CMP_WaitNoPendingInstallEvents');
}
