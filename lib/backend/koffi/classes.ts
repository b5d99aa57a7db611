// Setup classes and device-interface classes: SetupDiBuildClassInfoListEx, SetupDiClassNameFromGuid,
// SetupDiGetClassDescription, SetupDiOpenClassRegKeyEx, SetupDiClassGuidsFromName,
// SetupDiInstallClass and SetupDiInstallClassEx (with Wine's replacement path).
import type {
  InstallClassResult,
  InstallInterfaceClassesOptions,
  InstallInterfaceClassesResult,
  InterfaceClass,
  ListClassesOptions,
  RegistryValue,
  SetupClass,
} from '../types.js';
import { canonicalGuid, guidFromBytes, guidToBytes, requireGuid } from '../guid.js';
import { InfkitError } from '../../errors.js';
import { isWinError } from '../errors.js';
import { ERR } from '../winerror-table.js';
import { check, isValidHandle, lastWinError, readWideString, requireElevation, winError, type Ffi } from './ffi.js';
import { actualSection, infPathOf, requireSection, sectionLines, withInf } from './inf.js';
import { KEY_ALL_ACCESS, KEY_READ, closeKey, deleteTree, readSubkeys, readValues } from './registry.js';
import { installFromSection } from './sections.js';
import path from 'node:path';

export const CLASS_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Class';
export const DEVICE_CLASSES_KEY = 'SYSTEM\\CurrentControlSet\\Control\\DeviceClasses';

const DIBCI_NOINSTALLCLASS = 0x1;
const DIBCI_NODISPLAYCLASS = 0x2;
const DIOCR_INSTALLER = 0x1;
const DIOCR_INTERFACE = 0x2;
const MAX_CLASS_NAME_LEN = 32;
const LINE_LEN = 256;

/** GUID structs out of a buffer filled by SetupDiBuildClassInfoListEx / SetupDiClassGuidsFromName. */
function guidList(ffi: Ffi, api: string, fill: (buf: Buffer | null, count: number, required: [number]) => unknown, guess = 0): string[] {
  // A good first guess saves the sizing call (each costs a registry walk).
  let count = guess;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = count > 0 ? Buffer.alloc(count * 16) : null;
    const required: [number] = [0];
    if (fill(buf, count, required)) {
      const n = Math.min(required[0], count);
      return Array.from({ length: n }, (_, i) => guidFromBytes(buf!, i * 16));
    }
    const err = ffi.api.GetLastError() as number;
    if (err !== ERR.INSUFFICIENT_BUFFER) throw lastWinErrorOf(ffi, err, api);
    count = required[0];
  }
  throw winError(ffi, ERR.INSUFFICIENT_BUFFER, api);
}

function lastWinErrorOf(ffi: Ffi, code: number, api: string) {
  return winError(ffi, code || ERR.INVALID_FUNCTION, api);
}

/** Opens a class key (DIOCR_INSTALLER) or interface class key (DIOCR_INTERFACE); null when absent. */
function openClassKey(ffi: Ffi, guid: string | null, flags: number, sam = KEY_READ): number | null {
  const key = ffi.api.SetupDiOpenClassRegKeyExW(guid === null ? null : guidToBytes(guid), sam, flags, null, null) as number;
  return isValidHandle(key) ? key : null;
}

function classKeyExists(ffi: Ffi, guid: string, flags: number): boolean {
  const key = openClassKey(ffi, guid, flags);
  if (key === null) return false;
  closeKey(ffi, key);
  return true;
}

/** A class key flag value: present and not 0 / "0". */
function flagValue(value: RegistryValue | undefined): boolean {
  if (value === undefined) return false;
  if (value.type === 'REG_DWORD' || value.type === 'REG_QWORD') return Number(value.data) !== 0;
  if (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') return String(value.data).trim() !== '0';
  return true;
}

function stringList(value: RegistryValue | undefined): string[] {
  if (value === undefined) return [];
  if (value.type === 'REG_MULTI_SZ') return value.data as string[];
  if (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') return value.data ? [String(value.data)] : [];
  return [];
}

function describeClass(ffi: Ffi, guid: string): SetupClass {
  const g = guidToBytes(guid);
  const name = readWideString(ffi, 'SetupDiClassNameFromGuidW', (buf, chars, required) =>
    ffi.api.SetupDiClassNameFromGuidW(g, buf, chars, required),
  MAX_CLASS_NAME_LEN);
  let description: string;
  try {
    description = readWideString(ffi, 'SetupDiGetClassDescriptionW', (buf, chars, required) =>
      ffi.api.SetupDiGetClassDescriptionW(g, buf, chars, required),
    LINE_LEN);
  } catch {
    description = name; // a class key without a default value: Device Manager shows the name
  }
  const cls: SetupClass = { guid, name, description, noInstallClass: false, noDisplayClass: false, silentInstall: false, upperFilters: [], lowerFilters: [] };
  const key = openClassKey(ffi, guid, DIOCR_INSTALLER);
  if (key === null) return cls;
  try {
    // One enumeration of the key's few values costs fewer calls than six lookups.
    const values = new Map(Object.entries(readValues(ffi, key)).map(([name, value]) => [name.toLowerCase(), value]));
    const icon = values.get('icon');
    if (icon && (icon.type === 'REG_SZ' || icon.type === 'REG_EXPAND_SZ')) cls.icon = String(icon.data);
    cls.noInstallClass = flagValue(values.get('noinstallclass'));
    cls.noDisplayClass = flagValue(values.get('nodisplayclass'));
    cls.silentInstall = flagValue(values.get('silentinstall'));
    cls.upperFilters = stringList(values.get('upperfilters'));
    cls.lowerFilters = stringList(values.get('lowerfilters'));
  } finally {
    closeKey(ffi, key);
  }
  return cls;
}

/** describeClass failures that mean the class key is gone, not that SetupAPI failed. */
const VANISHED_CLASS = new Set<number>([ERR.INVALID_CLASS, ERR.FILE_NOT_FOUND]);

export function listClasses(ffi: Ffi, options: ListClassesOptions = {}): SetupClass[] {
  const flags = (options.excludeNoInstall ? DIBCI_NOINSTALLCLASS : 0) | (options.excludeNoDisplay ? DIBCI_NODISPLAYCLASS : 0);
  const guids = guidList(ffi, 'SetupDiBuildClassInfoListExW', (buf, count, required) =>
    ffi.api.SetupDiBuildClassInfoListExW(flags, buf, count, required, null, null),
  128);
  return [...new Set(guids)].flatMap((guid) => {
    try {
      return [describeClass(ffi, guid)];
    } catch (e) {
      // The class key went away (or lost its Class value) after the list was built: it is
      // no longer a class. Any other failure is an error.
      if (isWinError(e) && VANISHED_CLASS.has(e.code)) return [];
      throw e;
    }
  });
}

export function classGuidsFromName(ffi: Ffi, name: string): string[] {
  return guidList(ffi, 'SetupDiClassGuidsFromNameW', (buf, count, required) =>
    ffi.api.SetupDiClassGuidsFromNameW(name, buf, count, required),
  );
}

/** The class an INF declares: SetupDiGetINFClass (GUID and name). */
export function infClass(ffi: Ffi, inf: string, api = 'SetupDiGetINFClassW'): { guid: string; name: string } {
  const guidBuf = Buffer.alloc(16);
  const name = readWideString(ffi, api, (buf, chars, required) =>
    ffi.api.SetupDiGetINFClassW(infPathOf(inf), guidBuf, buf, chars, required),
  MAX_CLASS_NAME_LEN);
  return { guid: guidFromBytes(guidBuf), name };
}

const GUID_NULL = '{00000000-0000-0000-0000-000000000000}';

/** Errors of SetupDiGetINFClass that mean the INF itself could not be read. */
const UNREADABLE_INF = new Set<number>([ERR.FILE_NOT_FOUND, ERR.PATH_NOT_FOUND, ERR.ACCESS_DENIED]);

export function installClass(ffi: Ffi, inf: string): InstallClassResult {
  const infPath = infPathOf(inf);
  const badClass = (why: string) =>
    winError(ffi, ERR.INVALID_CLASS, 'SetupDiInstallClassW', { hint: `${path.basename(infPath)}: [Version] ClassGUID ${why}.` });
  let declared: { guid: string; name: string };
  try {
    declared = infClass(ffi, infPath);
  } catch (e) {
    // SetupDiInstallClass fails with ERROR_INVALID_CLASS for an INF whose class it cannot
    // read; SetupDiGetINFClass says ERROR_INVALID_PARAMETER for the same INF on Wine.
    if (isWinError(e) && !UNREADABLE_INF.has(e.code)) throw badClass(`could not be read (${e.name})`);
    throw e;
  }
  const { guid, name } = declared;
  if (guid === GUID_NULL) throw badClass('is missing or is not a GUID');
  requireElevation(ffi, 'SetupDiInstallClassW');
  const alreadyExisted = classKeyExists(ffi, guid, DIOCR_INSTALLER);
  let rebootRequired = false;
  if (!(alreadyExisted && ffi.wineVersion !== undefined)) {
    // Wine re-runs [ClassInstall32] for an existing class; Windows ignores it (docs/wine-gaps.md).
    ffi.api.SetLastError(0);
    check(ffi, ffi.api.SetupDiInstallClassW(0, infPath, 0, 0), 'SetupDiInstallClassW');
    rebootRequired = (ffi.api.GetLastError() as number) === ERR.SUCCESS_REBOOT_REQUIRED;
  }
  return { classGuid: guid, className: name, alreadyExisted, rebootRequired };
}

export function removeClass(ffi: Ffi, guid: string): void {
  const g = requireGuid(guid, 'class GUID');
  requireElevation(ffi, 'RegDeleteTreeW');
  deleteTree(ffi, 'HKLM', `${CLASS_KEY}\\${g}`);
}

export function listInterfaceClasses(ffi: Ffi): InterfaceClass[] {
  const root = openClassKey(ffi, null, DIOCR_INTERFACE);
  if (root === null) throw lastWinError(ffi, 'SetupDiOpenClassRegKeyExW');
  try {
    return readSubkeys(ffi, root)
      .map((name) => canonicalGuid(name))
      .filter((g): g is string => g !== null)
      .map((guid) => ({ guid }));
  } finally {
    closeKey(ffi, root);
  }
}

export function removeInterfaceClass(ffi: Ffi, guid: string): void {
  const g = requireGuid(guid, 'interface class GUID');
  requireElevation(ffi, 'RegDeleteTreeW');
  deleteTree(ffi, 'HKLM', `${DEVICE_CLASSES_KEY}\\${g}`);
}

interface InterfaceEntry {
  guid: string;
  section: string;
}

/** The [InterfaceInstall32] entries: {GUID} = install-section[, flags]. */
function interfaceEntries(ffi: Ffi, hinf: number): InterfaceEntry[] {
  requireSection(ffi, hinf, 'InterfaceInstall32', 'SetupDiInstallClassExW');
  const entries: InterfaceEntry[] = [];
  for (const line of sectionLines(ffi, hinf, 'InterfaceInstall32')) {
    const guid = canonicalGuid(line.key);
    if (guid === null) {
      throw winError(ffi, ERR.INVALID_CLASS, 'SetupDiInstallClassExW', { hint: `[InterfaceInstall32] entry '${line.key}' is not a GUID.` });
    }
    entries.push({ guid, section: line.fields[0] ?? '' });
  }
  return entries;
}

export function installInterfaceClasses(ffi: Ffi, inf: string, options: InstallInterfaceClassesOptions = {}): InstallInterfaceClassesResult {
  const infPath = infPathOf(inf);
  const only = options.guid === undefined ? undefined : requireGuid(options.guid, 'interface class GUID');
  return withInf(ffi, infPath, (hinf) => {
    let entries = interfaceEntries(ffi, hinf);
    if (only !== undefined) {
      entries = entries.filter((e) => e.guid === only);
      if (entries.length === 0) {
        throw new InfkitError('E_NOT_FOUND', `${path.basename(infPath)} has no [InterfaceInstall32] entry for ${only}`, {
          hint: 'Leave out the GUID to install every entry, or name one the INF lists.',
        });
      }
    }
    requireElevation(ffi, 'SetupDiInstallClassExW');
    const installed: InstallInterfaceClassesResult['installed'] = [];
    let rebootRequired = false;
    for (const entry of entries) {
      const created = !classKeyExists(ffi, entry.guid, DIOCR_INTERFACE);
      const section = entry.section ? actualSection(ffi, hinf, entry.section) : '';
      if (ffi.wineVersion === undefined) {
        ffi.api.SetLastError(0);
        const ok = ffi.api.SetupDiInstallClassExW(0, infPath, 0, 0, guidToBytes(entry.guid), null, null);
        check(ffi, ok, 'SetupDiInstallClassExW');
        if ((ffi.api.GetLastError() as number) === ERR.SUCCESS_REBOOT_REQUIRED) rebootRequired = true;
      } else {
        installInterfaceClassOnWine(ffi, hinf, entry.guid, section, path.dirname(infPath));
      }
      installed.push({ guid: entry.guid, section, created });
    }
    return { installed, rebootRequired };
  });
}

/**
 * Wine 8's SetupDiInstallClassExW aborts the process, so there the interface class key is
 * created under DeviceClasses (opened with SetupDiOpenClassRegKeyEx(DIOCR_INTERFACE)) and
 * the decorated install section runs against it with SetupInstallFromInfSection (HKR = the key).
 */
function installInterfaceClassOnWine(ffi: Ffi, hinf: number, guid: string, section: string, sourceDir: string): void {
  const root = openClassKey(ffi, null, DIOCR_INTERFACE, KEY_ALL_ACCESS);
  if (root === null) throw lastWinError(ffi, 'SetupDiOpenClassRegKeyExW');
  try {
    const out: [number] = [0];
    const status = ffi.api.RegCreateKeyExW(root, guid, 0, null, 0, KEY_ALL_ACCESS | 0x100, null, out, [0]) as number;
    if (status !== 0) throw winError(ffi, status, 'RegCreateKeyExW');
    try {
      if (section) {
        const failures = installFromSection(ffi, hinf, section, { relativeKey: out[0], sourceDir });
        if (failures.length > 0) {
          const first = failures[0]!;
          throw winError(ffi, first.code, 'SetupInstallFromInfSectionW', { hint: `${first.file ?? section}: ${first.message}` });
        }
      }
    } finally {
      closeKey(ffi, out[0]);
    }
  } finally {
    closeKey(ffi, root);
  }
}
