// Setup classes and device-interface classes: SetupDiBuildClassInfoListEx (with each class
// key's values), SetupDiClassGuidsFromName, SetupDiClassNameFromGuid, SetupDiGetINFClass,
// SetupDiInstallClass and SetupDiInstallClassEx (with Wine's replacement path).
import type { InterfaceClassInstalled, QueueFailure, SetupClass, Primitives } from '../types.js';
import { PrimitiveError } from '../errors.js';
import { canonicalGuid, guidFromBytes, guidToBytes } from '../guid.js';
import { ERR } from '../winerror-table.js';
import { fromWide } from '../../base/utf16.js';
import { check, infContext, isValidHandle, lastError, readWideString, type Ffi } from './ffi.js';
import { actualSection, forEachLine, requireSection, stringField, withInf } from './inf.js';
import { KEY_ALL_ACCESS, KEY_READ, closeKey, createKey, openKey, readValues, regMultiSz, regString, type RawValue } from './registry.js';
import { commitQueue, installFromSection } from './sections.js';
import { CLASS_KEY, DEVICE_CLASSES_KEY } from '../../base/registry-paths.js';

const DIOCR_INSTALLER = 0x1;
const DIOCR_INTERFACE = 0x2;
const DI_NOVCP = 0x8;
const MAX_CLASS_NAME_LEN = 32;
const LINE_LEN = 256;

/** GUID structs out of a buffer filled by SetupDiBuildClassInfoListEx / SetupDiClassGuidsFromName. */
function guidList(ffi: Ffi, api: string, fill: (buf: Buffer | null, count: number, required: [number]) => unknown, guess = 0): string[] {
  // A good first guess saves the sizing call (each costs a walk of the Class key).
  let count = guess;
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = count > 0 ? Buffer.alloc(count * 16) : null;
    const required: [number] = [0];
    if (fill(buf, count, required)) {
      const n = Math.min(required[0], count);
      return Array.from({ length: n }, (_, i) => guidFromBytes(buf!, i * 16));
    }
    const err = ffi.api.GetLastError() as number;
    // Classes may be added between the two calls: size again.
    if (err !== ERR.INSUFFICIENT_BUFFER || required[0] <= count) throw new PrimitiveError(api, err);
    count = required[0];
  }
  throw new PrimitiveError(api, ERR.INSUFFICIENT_BUFFER);
}

/**
 * The class's description, or undefined when it has none (its key has no default value). Wine 8
 * fails with ERROR_INSUFFICIENT_BUFFER (required == the size given) for such classes, so a
 * failure counts only when the key has a default value (docs/wine-gaps.md).
 */
function classDescription(ffi: Ffi, guid: Buffer, keyHasDefault: boolean): string | undefined {
  try {
    return readWideString(
      ffi,
      'SetupDiGetClassDescriptionW',
      (buf, chars, required) => ffi.api.SetupDiGetClassDescriptionW(guid, buf, chars, required),
      LINE_LEN,
    );
  } catch (e) {
    if (!keyHasDefault) return undefined;
    throw e;
  }
}

/**
 * One class, from one pass over its key's values. The name is the key's Class value, which is
 * what SetupDiClassNameFromGuid reads; that call is made only when the value is too long, so
 * that its error is the one reported. Null when the class key is gone (it vanished after the
 * list was built) or has no Class value (no class: Wine leaves such keys), as the addon does.
 */
function describeClass(ffi: Ffi, guid: string): SetupClass | null {
  const g = guidToBytes(guid);
  const key = ffi.api.SetupDiOpenClassRegKeyExW(g, KEY_READ, DIOCR_INSTALLER, null, null) as number;
  if (!isValidHandle(key)) return null;
  let values: Map<string, RawValue>;
  try {
    values = new Map(readValues(ffi, key).map((v) => [v.name.toLowerCase(), v]));
  } finally {
    closeKey(ffi, key);
  }
  const classValue = regString(values.get('class'));
  if (!classValue) return null;
  const name = classValue.length < MAX_CLASS_NAME_LEN ? classValue : className(ffi, guid);
  const icon = regString(values.get('icon'));
  return {
    guid,
    name,
    description: classDescription(ffi, g, values.has('')) ?? name,
    ...(icon !== undefined && { icon }),
    // SetupAPI treats these as flags by their presence, whatever their data.
    noInstallClass: values.has('noinstallclass'),
    noDisplayClass: values.has('nodisplayclass'),
    silentInstall: values.has('silentinstall'),
    upperFilters: regMultiSz(values.get('upperfilters')),
    lowerFilters: regMultiSz(values.get('lowerfilters')),
  };
}

/** listClasses(flags): flags are DIBCI_NOINSTALLCLASS (1) | DIBCI_NODISPLAYCLASS (2). */
export function listClasses(ffi: Ffi, flags: number): SetupClass[] {
  // Room for every class of a typical system, so that one call usually does.
  const guids = guidList(
    ffi,
    'SetupDiBuildClassInfoListExW',
    (buf, count, required) => ffi.api.SetupDiBuildClassInfoListExW(flags & 3, buf, count, required, null, null),
    128,
  );
  return [...new Set(guids)].flatMap((guid) => describeClass(ffi, guid) ?? []);
}

export function classGuidsFromName(ffi: Ffi, name: string): string[] {
  return guidList(ffi, 'SetupDiClassGuidsFromNameW', (buf, count, required) =>
    ffi.api.SetupDiClassGuidsFromNameW(name, buf, count, required),
  );
}

/**
 * SetupDiClassNameFromGuid. Any failure is ERROR_INVALID_CLASS, what Windows says for a class it
 * does not know (Wine says ERROR_FILE_NOT_FOUND for the same call).
 */
export function className(ffi: Ffi, guid: string): string {
  const buf = Buffer.alloc(MAX_CLASS_NAME_LEN * 2);
  if (!ffi.api.SetupDiClassNameFromGuidW(guidToBytes(guid), buf, MAX_CLASS_NAME_LEN, null))
    throw lastError(ffi, 'SetupDiClassNameFromGuidW');
  return fromWide(buf);
}

/**
 * The INF's class (SetupDiGetINFClass). A ClassGUID that is not a GUID is ERROR_INVALID_CLASS,
 * as on Windows (Wine's SetupDiGetINFClass says ERROR_INVALID_PARAMETER; docs/wine-gaps.md).
 */
function infClassOf(ffi: Ffi, hinf: number, infPath: string): { guid: string; name: string } {
  const context = infContext(ffi);
  if (ffi.api.SetupFindFirstLineW(hinf, 'Version', 'ClassGUID', context) && canonicalGuid(stringField(ffi, context, 1)) === null) {
    throw new PrimitiveError('SetupDiGetINFClassW', ERR.INVALID_CLASS);
  }
  const guidBuf = Buffer.alloc(16);
  const nameBuf = Buffer.alloc(MAX_CLASS_NAME_LEN * 2);
  check(ffi, ffi.api.SetupDiGetINFClassW(infPath, guidBuf, nameBuf, MAX_CLASS_NAME_LEN, null), 'SetupDiGetINFClassW');
  return { guid: guidFromBytes(guidBuf), name: fromWide(nameBuf) };
}

export function infClass(ffi: Ffi, infPath: string): { guid: string; name: string } {
  return withInf(ffi, infPath, (hinf) => infClassOf(ffi, hinf, infPath));
}

function keyExists(ffi: Ffi, path: string): boolean {
  const key = openKey(ffi, 'HKLM', path);
  if (key === null) return false;
  closeKey(ffi, key);
  return true;
}

/**
 * installClass: SetupDiInstallClass with our own file queue (DI_NOVCP), committed with the
 * collecting callback. Windows ignores [ClassInstall32] for a class that is already installed;
 * so do we, without calling SetupDiInstallClass, because Wine's runs the section again.
 */
export function installClass(
  ffi: Ffi,
  infPath: string,
): {
  classGuid: string;
  className: string;
  alreadyExisted: boolean;
  rebootRequired: boolean;
  failures: QueueFailure[];
} {
  return withInf(ffi, infPath, (hinf) => {
    requireSection(ffi, hinf, actualSection(ffi, hinf, 'ClassInstall32'));
    const { guid, name } = infClassOf(ffi, hinf, infPath);
    const alreadyExisted = keyExists(ffi, `${CLASS_KEY}\\${guid}`);
    const done = alreadyExisted
      ? { failures: [], rebootRequired: false }
      : commitQueue(ffi, (queue) => check(ffi, ffi.api.SetupDiInstallClassW(0, infPath, DI_NOVCP, queue), 'SetupDiInstallClassW'));
    return { classGuid: guid, className: name, alreadyExisted, ...done };
  });
}

interface InterfaceEntry {
  key: string;
  section: string;
  flags: string;
}

/** Every line of [InterfaceInstall32] as written: {GUID} = install-section[, flags]. */
function interfaceEntries(ffi: Ffi, hinf: number): InterfaceEntry[] {
  requireSection(ffi, hinf, 'InterfaceInstall32');
  const entries: InterfaceEntry[] = [];
  forEachLine(ffi, hinf, 'InterfaceInstall32', (context) => {
    entries.push({ key: stringField(ffi, context, 0), section: stringField(ffi, context, 1), flags: stringField(ffi, context, 2) });
  });
  return entries;
}

export function interfaceInstallEntries(ffi: Ffi, infPath: string): InterfaceEntry[] {
  return withInf(ffi, infPath, (hinf) => interfaceEntries(ffi, hinf));
}

/**
 * installInterfaceClass: one [InterfaceInstall32] entry (ERROR_LINE_NOT_FOUND when the INF has
 * none for the GUID). Windows: SetupDiInstallClassExW(InterfaceClassGuid) with our queue
 * (DI_NOVCP). Wine 8: SetupDiInstallClassExW is a stub that aborts the process, so the
 * DeviceClasses key is created, opened with SetupDiOpenClassRegKeyEx(DIOCR_INTERFACE), and the
 * platform-decorated install section runs against it with SetupInstallFromInfSection (HKR).
 */
export function installInterfaceClass(ffi: Ffi, infPath: string, interfaceGuid: string): InterfaceClassInstalled {
  const guid = guidToBytes(interfaceGuid);
  const canonical = guidFromBytes(guid);
  return withInf(ffi, infPath, (hinf) => {
    const entry = interfaceEntries(ffi, hinf).find((e) => canonicalGuid(e.key) === canonical);
    if (entry === undefined) throw new PrimitiveError('SetupFindFirstLineW', ERR.LINE_NOT_FOUND);
    const section = entry.section === '' ? '' : actualSection(ffi, hinf, entry.section);
    if (section !== '') requireSection(ffi, hinf, section);
    const keyPath = `${DEVICE_CLASSES_KEY}\\${canonical}`;
    const created = !keyExists(ffi, keyPath);
    let done: { failures: QueueFailure[]; rebootRequired: boolean } = { failures: [], rebootRequired: false };
    if (ffi.wineVersion === undefined) {
      done = commitQueue(ffi, (queue) =>
        check(ffi, ffi.api.SetupDiInstallClassExW(0, infPath, DI_NOVCP, queue, guid, null, null), 'SetupDiInstallClassExW'),
      );
    } else {
      closeKey(ffi, createKey(ffi, 'HKLM', keyPath));
      const key = ffi.api.SetupDiOpenClassRegKeyExW(guid, KEY_ALL_ACCESS, DIOCR_INTERFACE, null, null) as number;
      if (!isValidHandle(key)) throw lastError(ffi, 'SetupDiOpenClassRegKeyExW');
      try {
        if (section !== '') done = installFromSection(ffi, hinf, section, key, null);
      } finally {
        closeKey(ffi, key);
      }
    }
    return { guid: canonical, section, created, ...done };
  });
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(
  ffi: Ffi,
): Pick<
  Primitives,
  'listClasses' | 'classGuidsFromName' | 'className' | 'infClass' | 'installClass' | 'interfaceInstallEntries' | 'installInterfaceClass'
> {
  return {
    listClasses: (flags) => listClasses(ffi, flags),
    classGuidsFromName: (name) => classGuidsFromName(ffi, name),
    className: (guid) => className(ffi, guid),
    infClass: (inf) => infClass(ffi, inf),
    installClass: (inf) => installClass(ffi, inf),
    interfaceInstallEntries: (inf) => interfaceInstallEntries(ffi, inf),
    installInterfaceClass: (inf, guid) => installInterfaceClass(ffi, inf, guid),
  };
}
