// The typed model over an InfDocument: [Version], [Manufacturer] and Models sections,
// install sections and their directives, and the sections those directives name. Every
// object keeps the InfLine it came from (and InfFields where a value matters), so rules
// and plans can point at text. Reading never throws: what is missing is undefined/empty.
import { foldCase } from './lexer.js';
import { archVariants, parseTargetOsVersion, selectInstallSection, type PlatformChoice, type TargetOsVersion } from './platform.js';
import type { InfDocument, InfField, InfLine, InfSection, PlatformTarget } from './types.js';

// ---------------------------------------------------------------- helpers

/** Every model object points back at its line. */
export interface FromLine {
  line: InfLine;
}

/**
 * The number C's strtol/wcstoul (base 0) read at the start of `text` (white space already
 * skipped): optional sign, `0x` hex, leading `0` octal, else decimal. `length` is how much
 * of `text` it read; undefined when `text` does not start with a number.
 */
export function leadingCInteger(text: string): { value: number; length: number } | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!;
  const magnitude = /^0[xX]/.test(digits)
    ? Number.parseInt(digits.slice(2), 16)
    : digits.length > 1 && digits[0] === '0'
      ? Number.parseInt(digits, 8)
      : Number(digits);
  return { value: m[1] === '-' ? -magnitude : magnitude, length: m[0].length };
}

/**
 * An integer field as SetupGetIntField reads it (C strtol, base 0, see leadingCInteger);
 * an empty field is 0; anything but a number and leading white space is undefined.
 */
export function infInt(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (text === '') return 0;
  const body = text.replace(/^[ \t\n\v\f\r]+/, '');
  const n = leadingCInteger(body);
  if (n === undefined || n.length !== body.length) return undefined;
  // strtol saturates at LONG_MIN/LONG_MAX; SetupAPI flags fields are DWORDs written in hex
  // (0x80000000 and up), which strtol would clamp, so keep them as unsigned 32-bit values.
  return n.value >= -0x80000000 && n.value <= 0xffffffff ? n.value : undefined;
}

const fieldValue = (line: InfLine, index: number): string | undefined => line.fields[index]?.value;
const nonEmpty = (text: string | undefined): string | undefined => (text === undefined || text === '' ? undefined : text);

/** Keyed line whose key is `key` (case-insensitive), or undefined. */
function keyIs(line: InfLine, key: string): boolean {
  return line.key !== null && foldCase(line.key) === foldCase(key);
}

/** A section's lines, [] when the section does not exist. */
function linesOf(doc: InfDocument, name: string): readonly InfLine[] {
  return doc.section(name)?.lines ?? [];
}

// ---------------------------------------------------------------- [Version]

export interface VersionValue extends FromLine {
  value: string;
  field: InfField;
}

export interface CatalogFileEntry extends FromLine {
  /** Platform decoration of the key (`CatalogFile.NTamd64` → 'NTamd64'), or null. */
  decoration: string | null;
  file: string;
  field: InfField;
}

export interface VersionInfo {
  section: InfSection | undefined;
  signature?: VersionValue;
  class?: VersionValue;
  classGuid?: VersionValue;
  provider?: VersionValue;
  /** DriverVer=mm/dd/yyyy[,w.x.y.z] */
  driverVer?: FromLine & { date: string; version?: string; dateField: InfField; versionField?: InfField };
  catalogFiles: CatalogFileEntry[];
  /** LayoutFile=file[,file...] */
  layoutFiles: VersionValue[];
  pnpLockdown?: VersionValue;
}

/** A DriverVer date that names a day. */
export interface DriverVerDate {
  /** YYYY-MM-DD. */
  iso: string;
  /** The day's midnight UTC, in ms since 1970. */
  ms: number;
}

/** Why a DriverVer date is not one: not written mm/dd/yyyy, or no such day (02/30/2024). */
export type DriverVerDateProblem = 'not-mm/dd/yyyy' | 'no-such-day';

const DRIVER_VER_DATE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$/;

/**
 * The date of `DriverVer = mm/dd/yyyy[,w.x.y.z]`: month first, `/` or `-` between the parts
 * (inf-driverver-directive.md), white space around it ignored. Windows takes a date that is
 * not one as 00/00/0000.
 */
export function parseDriverVerDate(text: string): DriverVerDate | DriverVerDateProblem {
  const m = DRIVER_VER_DATE.exec(text.trim());
  if (!m) return 'not-mm/dd/yyyy';
  const [month, day, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'no-such-day';
  return { iso: date.toISOString().slice(0, 10), ms: date.getTime() };
}

/**
 * The CatalogFile entry for a target architecture: CatalogFile.NT<arch>, else CatalogFile.NT,
 * else CatalogFile (inf-version-section.md); null when [Version] names none for it.
 */
export function catalogFileFor(doc: InfDocument, target: { arch: string }): { key: string; file: string } | null {
  const entries = readVersion(doc).catalogFiles;
  for (const decoration of [`nt${target.arch.toLowerCase()}`, 'nt', null]) {
    const entry = entries.find((e) => (e.decoration === null ? decoration === null : foldCase(e.decoration) === decoration));
    if (entry && entry.file.trim() !== '') return { key: entry.line.key!, file: entry.file.trim() };
  }
  return null;
}

export function readVersion(doc: InfDocument): VersionInfo {
  const section = doc.section('Version');
  const info: VersionInfo = { section, catalogFiles: [], layoutFiles: [] };
  const single = (line: InfLine): VersionValue | undefined => {
    const field = line.fields[0];
    return field ? { value: field.value, field, line } : undefined;
  };
  for (const line of section?.lines ?? []) {
    if (line.key === null) continue;
    const key = foldCase(line.key);
    // The first line with a key wins, as SetupFindFirstLine does.
    if (key === 'signature') info.signature ??= single(line);
    else if (key === 'class') info.class ??= single(line);
    else if (key === 'classguid') info.classGuid ??= single(line);
    else if (key === 'provider') info.provider ??= single(line);
    else if (key === 'pnplockdown') info.pnpLockdown ??= single(line);
    else if (key === 'driverver' && !info.driverVer && line.fields[0]) {
      const [dateField, versionField] = line.fields;
      info.driverVer = {
        line,
        date: dateField!.value,
        dateField: dateField!,
        ...(versionField ? { version: versionField.value, versionField } : {}),
      };
    } else if (key === 'catalogfile' || key.startsWith('catalogfile.')) {
      const field = line.fields[0];
      if (field) {
        const dot = line.key.indexOf('.');
        info.catalogFiles.push({ line, decoration: dot < 0 ? null : line.key.slice(dot + 1), file: field.value, field });
      }
    } else if (key === 'layoutfile') {
      for (const field of line.fields) info.layoutFiles.push({ value: field.value, field, line });
    }
  }
  return info;
}

// ---------------------------------------------------------------- [Manufacturer] and Models

export interface ManufacturerEntry extends FromLine {
  /** The manufacturer name (the key, substituted), or the models section name when the line has no key. */
  name: string;
  /** Base name of the Models section. */
  modelsSection: string;
  /** TargetOSVersion decorations as written (`NTamd64.10.0...16299`). */
  decorations: string[];
  /** Parsed decorations (undefined where one is not a valid TargetOSVersion). */
  targets: Array<TargetOsVersion | undefined>;
}

export function readManufacturers(doc: InfDocument): ManufacturerEntry[] {
  const entries: ManufacturerEntry[] = [];
  for (const line of linesOf(doc, 'Manufacturer')) {
    const modelsSection = fieldValue(line, 0);
    if (modelsSection === undefined) continue;
    const decorations = line.fields
      .slice(1)
      .map((f) => f.value)
      .filter((d) => d !== '');
    entries.push({
      line,
      name: line.key ?? modelsSection,
      modelsSection,
      decorations,
      targets: decorations.map(parseTargetOsVersion),
    });
  }
  return entries;
}

export interface ModelEntry extends FromLine {
  /** device-description (the key), '' when the line has none. */
  description: string;
  /** install-section-name (DDInstall base name). */
  installSection: string;
  /** hw-id, then compatible-ids, as listed (empty ones dropped). */
  hardwareIds: string[];
  /** The first hardware ID, or null. */
  hardwareId: string | null;
  compatibleIds: string[];
}

/** The lines of a Models section: `device-description=install-section-name[,hw-id][,compatible-id...]`. */
export function readModels(doc: InfDocument, modelsSection: string): ModelEntry[] {
  return linesOf(doc, modelsSection).flatMap((line): ModelEntry[] => {
    const installSection = fieldValue(line, 0);
    if (installSection === undefined) return [];
    const ids = line.fields.slice(1).map((f) => f.value);
    const hardwareId = nonEmpty(ids[0]) ?? null;
    return [
      {
        line,
        description: line.key ?? '',
        installSection,
        hardwareIds: ids.filter((id) => id !== ''),
        hardwareId,
        compatibleIds: ids.slice(1).filter((id) => id !== ''),
      },
    ];
  });
}

// ---------------------------------------------------------------- install sections

/** Directives of install sections (DDInstall and its .Services/.HW/.Interfaces/.CoInstallers, DefaultInstall, ClassInstall32, ...). */
export const DIRECTIVES = [
  'CopyFiles',
  'AddReg',
  'DelReg',
  'BitReg',
  'RenFiles',
  'DelFiles',
  'Include',
  'Needs',
  'CopyINF',
  'AddProperty',
  'DelProperty',
  'AddService',
  'DelService',
  'AddInterface',
  'AddComponent',
  'AddSoftware',
  'AddEventProvider',
  'AddPowerSetting',
  'LogConfig',
  'Reboot',
  'Restart',
  'UpdateInis',
  'UpdateIniFields',
  'Ini2Reg',
  'ProfileItems',
  'RegisterDlls',
  'UnregisterDlls',
  'UpdateAutoBat',
  'UpdateCfgSys',
  'DriverVer',
  'FeatureScore',
  'WmiInterface',
  'Capabilities',
] as const;
export type DirectiveName = (typeof DIRECTIVES)[number];
const DIRECTIVE_BY_KEY = new Map<string, DirectiveName>(DIRECTIVES.map((d) => [foldCase(d), d]));

export interface Directive extends FromLine {
  /** Canonical spelling for a known directive, else the key as written. */
  name: DirectiveName | string;
  known: boolean;
  /** The values (fields after `=`), empty values kept. */
  values: InfField[];
}

export interface InstallSection {
  /** The section name as the INF spells it. */
  name: string;
  section: InfSection;
  directives: Directive[];
  /** Lines that are not `key=value` directives (SetupAPI ignores them). */
  other: InfLine[];
}

export function readInstallSection(doc: InfDocument, name: string): InstallSection | undefined {
  const section = doc.section(name);
  if (!section) return undefined;
  const directives: Directive[] = [];
  const other: InfLine[] = [];
  for (const line of section.lines) {
    if (line.key === null) {
      other.push(line);
      continue;
    }
    const known = DIRECTIVE_BY_KEY.get(foldCase(line.key));
    directives.push({ line, name: known ?? line.key, known: known !== undefined, values: line.fields });
  }
  return { name: section.name, section, directives, other };
}

/** Directives named `name` (case-insensitive), in order. */
export function directivesNamed(install: InstallSection | undefined, name: DirectiveName): Directive[] {
  return install?.directives.filter((d) => d.name === name) ?? [];
}

/** The section names listed by a directive (AddReg=a,b → ['a','b']), empty values dropped. */
export function listedSections(directive: Directive): InfField[] {
  return directive.values.filter((v) => v.value !== '');
}

/** The install section SetupAPI would use for a DDInstall base name on `target`, read. */
export function readDecoratedInstall(
  doc: InfDocument,
  base: string,
  target: Pick<PlatformTarget, 'arch'>,
): { choice: PlatformChoice; install: InstallSection | undefined } {
  const choice = selectInstallSection(doc, base, target);
  return { choice, install: choice.section ? readInstallSection(doc, choice.section) : undefined };
}

// ---- CopyFiles, RenFiles, DelFiles

export type CopyFilesTarget = { kind: 'file'; file: string; field: InfField } | { kind: 'section'; section: string; field: InfField };

/** CopyFiles=@file (a single file) or file-list-section names. */
export function copyFilesTargets(directive: Directive): CopyFilesTarget[] {
  return listedSections(directive).map((field) =>
    field.value.startsWith('@') ? { kind: 'file', file: field.value.slice(1), field } : { kind: 'section', section: field.value, field },
  );
}

export interface CopyFileEntry extends FromLine {
  /** destination-file-name */
  destination: string;
  /** source-file-name (defaults to the destination name) */
  source: string;
  temporary?: string;
  flags: number | undefined;
}

/** A file-list section of CopyFiles: `destination-file-name[,source-file-name][,temporary-file-name][,flag]`. */
export function readCopyFilesSection(doc: InfDocument, name: string): CopyFileEntry[] {
  return linesOf(doc, name).flatMap((line): CopyFileEntry[] => {
    const destination = fieldValue(line, 0);
    if (!destination) return [];
    const temporary = nonEmpty(fieldValue(line, 2));
    return [
      {
        line,
        destination,
        source: nonEmpty(fieldValue(line, 1)) ?? destination,
        ...(temporary !== undefined ? { temporary } : {}),
        flags: infInt(fieldValue(line, 3)),
      },
    ];
  });
}

export interface RenFileEntry extends FromLine {
  newName: string;
  oldName: string;
}

/** RenFiles section: `new-dest-file-name,old-source-file-name`. */
export function readRenFilesSection(doc: InfDocument, name: string): RenFileEntry[] {
  return linesOf(doc, name).flatMap((line) => {
    const [newName, oldName] = [fieldValue(line, 0), fieldValue(line, 1)];
    return newName && oldName ? [{ line, newName, oldName }] : [];
  });
}

export interface DelFileEntry extends FromLine {
  file: string;
  flags: number | undefined;
}

/** DelFiles section: `file-name[,,,flag]`. */
export function readDelFilesSection(doc: InfDocument, name: string): DelFileEntry[] {
  return linesOf(doc, name).flatMap((line) => {
    const file = fieldValue(line, 0);
    return file ? [{ line, file, flags: infInt(fieldValue(line, 3)) }] : [];
  });
}

// ---- registry: AddReg, DelReg, BitReg, Ini2Reg

export interface RegistryEntry extends FromLine {
  /** HKCR, HKCU, HKLM, HKU or HKR (as written). */
  root: string;
  subkey: string;
  /** value-entry-name; null when the field is absent (the key's default value is ''). */
  valueName: string | null;
}

export interface AddRegEntry extends RegistryEntry {
  /** FLG_ADDREG_* (undefined when the flags field is not a number). */
  flags: number | undefined;
  flagsField?: InfField;
  /** value fields (several for REG_MULTI_SZ and REG_BINARY). */
  values: InfField[];
}

function registryEntry(line: InfLine): RegistryEntry | undefined {
  const root = fieldValue(line, 0);
  if (root === undefined) return undefined;
  return { line, root, subkey: fieldValue(line, 1) ?? '', valueName: fieldValue(line, 2) ?? null };
}

/** AddReg section: `reg-root,[subkey],[value-entry-name],[flags],[value][,value...]`. */
export function readAddRegSection(doc: InfDocument, name: string): AddRegEntry[] {
  return linesOf(doc, name).flatMap((line): AddRegEntry[] => {
    const base = registryEntry(line);
    if (!base) return [];
    const flagsField = line.fields[3];
    return [{ ...base, flags: infInt(flagsField?.value), ...(flagsField ? { flagsField } : {}), values: line.fields.slice(4) }];
  });
}

export interface DelRegEntry extends RegistryEntry {
  flags: number | undefined;
  /** Value to delete from a REG_MULTI_SZ (FLG_DELREG_MULTI_SZ_DELSTRING). */
  value?: string;
}

/** DelReg section: `reg-root,subkey[,value-entry-name][,flags][,value]`. */
export function readDelRegSection(doc: InfDocument, name: string): DelRegEntry[] {
  return linesOf(doc, name).flatMap((line): DelRegEntry[] => {
    const base = registryEntry(line);
    if (!base) return [];
    const value = fieldValue(line, 4);
    return [{ ...base, flags: infInt(fieldValue(line, 3)), ...(value !== undefined ? { value } : {}) }];
  });
}

export interface BitRegEntry extends RegistryEntry {
  /** FLG_BITREG_SETBITS (1) or FLG_BITREG_CLEARBITS (0). */
  flags: number | undefined;
  byteMask: number | undefined;
  byteToModify: number | undefined;
}

/** BitReg section: `reg-root,[subkey],value-entry-name,[flags],byte-mask,byte-to-modify`. */
export function readBitRegSection(doc: InfDocument, name: string): BitRegEntry[] {
  return linesOf(doc, name).flatMap((line): BitRegEntry[] => {
    const base = registryEntry(line);
    if (!base) return [];
    return [
      {
        ...base,
        flags: infInt(fieldValue(line, 3)),
        byteMask: infInt(fieldValue(line, 4)),
        byteToModify: infInt(fieldValue(line, 5)),
      },
    ];
  });
}

/** The first two fields of every INI-file line: `ini-file,ini-section,...`. */
export interface IniFileEntry extends FromLine {
  iniFile: string;
  iniSection: string;
}

/** A line of an INI-file section, or undefined when it names no file. */
function iniFileEntry(line: InfLine): IniFileEntry | undefined {
  const iniFile = fieldValue(line, 0);
  if (!iniFile) return undefined;
  return { line, iniFile, iniSection: fieldValue(line, 1) ?? '' };
}

export interface Ini2RegEntry extends IniFileEntry {
  iniKey: string | null;
  root: string;
  subkey: string;
  flags: number | undefined;
}

/** Ini2Reg section: `ini-file,ini-section,[ini-key],reg-root,subkey[,flags]`. */
export function readIni2RegSection(doc: InfDocument, name: string): Ini2RegEntry[] {
  return linesOf(doc, name).flatMap((line): Ini2RegEntry[] => {
    const base = iniFileEntry(line);
    if (!base) return [];
    return [
      {
        ...base,
        iniKey: nonEmpty(fieldValue(line, 2)) ?? null,
        root: fieldValue(line, 3) ?? '',
        subkey: fieldValue(line, 4) ?? '',
        flags: infInt(fieldValue(line, 5)),
      },
    ];
  });
}

// ---- INI files: UpdateInis, UpdateIniFields

export interface UpdateIniEntry extends IniFileEntry {
  oldEntry: string | null;
  newEntry: string | null;
  flags: number | undefined;
}

/** UpdateInis section: `ini-file,ini-section[,old-ini-entry][,new-ini-entry][,flags]`. */
export function readUpdateInisSection(doc: InfDocument, name: string): UpdateIniEntry[] {
  return linesOf(doc, name).flatMap((line): UpdateIniEntry[] => {
    const base = iniFileEntry(line);
    if (!base) return [];
    return [
      {
        ...base,
        oldEntry: nonEmpty(fieldValue(line, 2)) ?? null,
        newEntry: nonEmpty(fieldValue(line, 3)) ?? null,
        flags: infInt(fieldValue(line, 4)),
      },
    ];
  });
}

export interface UpdateIniFieldEntry extends IniFileEntry {
  profileName: string;
  oldField: string | null;
  newField: string | null;
  flags: number | undefined;
}

/** UpdateIniFields section: `ini-file,ini-section,profile-name[,old-field][,new-field][,flags]`. */
export function readUpdateIniFieldsSection(doc: InfDocument, name: string): UpdateIniFieldEntry[] {
  return linesOf(doc, name).flatMap((line): UpdateIniFieldEntry[] => {
    const base = iniFileEntry(line);
    if (!base) return [];
    return [
      {
        ...base,
        profileName: fieldValue(line, 2) ?? '',
        oldField: nonEmpty(fieldValue(line, 3)) ?? null,
        newField: nonEmpty(fieldValue(line, 4)) ?? null,
        flags: infInt(fieldValue(line, 5)),
      },
    ];
  });
}

// ---- services

export interface AddServiceEntry extends FromLine {
  serviceName: string;
  /** SPSVCINST_* flags. */
  flags: number | undefined;
  /** service-install-section (absent for a null driver: `AddService=,2`). */
  installSection: string | null;
  eventLogInstallSection: string | null;
  eventLogType: string | null;
  eventName: string | null;
}

/** AddService=ServiceName,[flags],service-install-section[,event-log-install-section[,[EventLogType][,EventName]]] */
export function readAddService(directive: Directive): AddServiceEntry {
  const v = (i: number): string | undefined => directive.values[i]?.value;
  return {
    line: directive.line,
    serviceName: v(0) ?? '',
    flags: infInt(v(1)),
    installSection: nonEmpty(v(2)) ?? null,
    eventLogInstallSection: nonEmpty(v(3)) ?? null,
    eventLogType: nonEmpty(v(4)) ?? null,
    eventName: nonEmpty(v(5)) ?? null,
  };
}

export interface ServiceInstall {
  name: string;
  section: InfSection;
  displayName?: string;
  description?: string;
  serviceType: number | undefined;
  startType: number | undefined;
  errorControl: number | undefined;
  serviceBinary?: string;
  loadOrderGroup?: string;
  dependencies: string[];
  security?: string;
  startName?: string;
  addReg: string[];
  delReg: string[];
  bitReg: string[];
  /** Every line by lower-cased key, for keys not modelled above. */
  byKey: Map<string, InfLine[]>;
}

/** A service-install section (the one AddService names). */
export function readServiceInstallSection(doc: InfDocument, name: string): ServiceInstall | undefined {
  const section = doc.section(name);
  if (!section) return undefined;
  const byKey = new Map<string, InfLine[]>();
  for (const line of section.lines) {
    if (line.key === null) continue;
    const key = foldCase(line.key);
    byKey.set(key, [...(byKey.get(key) ?? []), line]);
  }
  const first = (key: string): string | undefined => byKey.get(key)?.[0]?.fields[0]?.value;
  const all = (key: string): string[] => (byKey.get(key) ?? []).flatMap((l) => l.fields.map((f) => f.value)).filter((v) => v !== '');
  const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
    value === undefined ? {} : ({ [key]: value } as Record<K, string>);
  return {
    name: section.name,
    section,
    ...optional('displayName', first('displayname')),
    ...optional('description', first('description')),
    serviceType: infInt(first('servicetype')),
    startType: infInt(first('starttype')),
    errorControl: infInt(first('errorcontrol')),
    ...optional('serviceBinary', first('servicebinary')),
    ...optional('loadOrderGroup', first('loadordergroup')),
    dependencies: all('dependencies'),
    ...optional('security', first('security')),
    ...optional('startName', first('startname')),
    addReg: all('addreg'),
    delReg: all('delreg'),
    bitReg: all('bitreg'),
    byKey,
  };
}

// ---- interfaces

export interface AddInterfaceEntry extends FromLine {
  interfaceClassGuid: string;
  referenceString: string | null;
  installSection: string | null;
  flags: number | undefined;
}

/** AddInterface={InterfaceClassGUID}[,[reference-string][,[add-interface-section][,flags]]] (in DDInstall.Interfaces). */
export function readAddInterface(directive: Directive): AddInterfaceEntry {
  const v = (i: number): string | undefined => directive.values[i]?.value;
  return {
    line: directive.line,
    interfaceClassGuid: v(0) ?? '',
    referenceString: nonEmpty(v(1)) ?? null,
    installSection: nonEmpty(v(2)) ?? null,
    flags: infInt(v(3)),
  };
}

export interface InterfaceInstallEntry extends FromLine {
  interfaceClassGuid: string;
  installSection: string | null;
  flags: number | undefined;
}

/** [InterfaceInstall32]: `{InterfaceClassGUID}=[install-interface-section][,flags]`. */
export function readInterfaceInstall32(doc: InfDocument): InterfaceInstallEntry[] {
  return linesOf(doc, 'InterfaceInstall32').flatMap((line): InterfaceInstallEntry[] => {
    // A bare `{guid}` line has no `=`: its single field is the GUID.
    const guid = line.key ?? (line.fields.length === 1 ? line.fields[0]!.value : undefined);
    if (guid === undefined) return [];
    const hasKey = line.key !== null;
    return [
      {
        line,
        interfaceClassGuid: guid,
        installSection: hasKey ? (nonEmpty(fieldValue(line, 0)) ?? null) : null,
        flags: hasKey ? infInt(fieldValue(line, 1)) : undefined,
      },
    ];
  });
}

// ---- properties

export interface PropertyEntry extends FromLine {
  /** property-name (e.g. DeviceModel), or null when a GUID/PID pair names the property. */
  name: string | null;
  categoryGuid: string | null;
  pid: number | undefined;
  /** DEVPROPTYPE for the GUID form. */
  type: number | undefined;
  flags: number | undefined;
  /** value (AddProperty only). */
  value: string | undefined;
}

/**
 * AddProperty / DelProperty section lines:
 * `property-name,,,[flags],value` or `{property-category-guid},property-pid,type,[flags],value`.
 */
export function readPropertySection(doc: InfDocument, name: string): PropertyEntry[] {
  return linesOf(doc, name).flatMap((line): PropertyEntry[] => {
    const first = fieldValue(line, 0);
    if (!first) return [];
    const isGuid = first.startsWith('{');
    return [
      {
        line,
        name: isGuid ? null : first,
        categoryGuid: isGuid ? first : null,
        pid: isGuid ? infInt(fieldValue(line, 1)) : undefined,
        type: isGuid ? infInt(fieldValue(line, 2)) : undefined,
        flags: infInt(fieldValue(line, 3)),
        value: fieldValue(line, 4),
      },
    ];
  });
}

// ---- DLL registration, shortcuts

export interface RegisterDllEntry extends FromLine {
  dirid: number | undefined;
  subdir: string;
  filename: string;
  registrationFlags: number | undefined;
  timeout: number | undefined;
  arguments: string | null;
}

/** RegisterDlls / UnregisterDlls section: `dirid,[subdir],filename,registration-flags[,[timeout][,argument]]`. */
export function readRegisterDllsSection(doc: InfDocument, name: string): RegisterDllEntry[] {
  return linesOf(doc, name).flatMap((line): RegisterDllEntry[] => {
    const filename = fieldValue(line, 2);
    if (!filename) return [];
    return [
      {
        line,
        dirid: infInt(fieldValue(line, 0)),
        subdir: fieldValue(line, 1) ?? '',
        filename,
        registrationFlags: infInt(fieldValue(line, 3)),
        timeout: infInt(nonEmpty(fieldValue(line, 4))),
        arguments: nonEmpty(fieldValue(line, 5)) ?? null,
      },
    ];
  });
}

export interface ProfileItem {
  section: InfSection;
  /** Name=link-name[,name-attributes] */
  name?: string;
  nameAttributes: number | undefined;
  /** CmdLine=dirid,[subdir],filename */
  cmdLine?: { dirid: number | undefined; subdir: string; filename: string; line: InfLine };
  subDir?: string;
  workingDir?: string;
  iconPath?: string;
  iconIndex: number | undefined;
  hotKey: number | undefined;
  infoTip?: string;
  displayResource?: string;
}

/** A ProfileItems section (a Start-menu shortcut). */
export function readProfileItemsSection(doc: InfDocument, name: string): ProfileItem | undefined {
  const section = doc.section(name);
  if (!section) return undefined;
  const item: ProfileItem = { section, nameAttributes: undefined, iconIndex: undefined, hotKey: undefined };
  for (const line of section.lines) {
    const v0 = fieldValue(line, 0);
    if (keyIs(line, 'Name')) {
      if (v0 !== undefined) item.name = v0;
      item.nameAttributes = infInt(fieldValue(line, 1));
    } else if (keyIs(line, 'CmdLine')) {
      item.cmdLine = { line, dirid: infInt(v0), subdir: fieldValue(line, 1) ?? '', filename: fieldValue(line, 2) ?? '' };
    } else if (keyIs(line, 'SubDir') && v0 !== undefined) item.subDir = v0;
    else if (keyIs(line, 'WorkingDir') && v0 !== undefined) item.workingDir = line.fields.map((f) => f.value).join(',');
    else if (keyIs(line, 'IconPath') && v0 !== undefined) item.iconPath = line.fields.map((f) => f.value).join(',');
    else if (keyIs(line, 'IconIndex')) item.iconIndex = infInt(v0);
    else if (keyIs(line, 'HotKey')) item.hotKey = infInt(v0);
    else if (keyIs(line, 'InfoTip') && v0 !== undefined) item.infoTip = v0;
    else if (keyIs(line, 'DisplayResource') && v0 !== undefined) item.displayResource = line.fields.map((f) => f.value).join(',');
  }
  return item;
}

// ---- Windows 95 sections: LogConfig resources, UpdateAutoBat, UpdateCfgSys

/** A `key=values` line of a section whose entries are commands or resource descriptions. */
export interface KeyedEntry extends FromLine {
  key: string;
  values: InfField[];
}

function readKeyedSection(doc: InfDocument, name: string): KeyedEntry[] {
  return linesOf(doc, name).flatMap((line) => (line.key === null ? [] : [{ line, key: line.key, values: line.fields }]));
}

/** A LogConfig section: ConfigPriority=, MemConfig=, I/OConfig=, IRQConfig=, DMAConfig=, PcCardConfig=, MfCardConfig= entries. */
export function readLogConfigSection(doc: InfDocument, name: string): KeyedEntry[] {
  return readKeyedSection(doc, name);
}

/** UpdateAutoBat section (CmdAdd=, CmdDelete=, PrefixPath=, RemOldPath=, TmpDir=, UnSet=) — Windows 9x only. */
export function readUpdateAutoBatSection(doc: InfDocument, name: string): KeyedEntry[] {
  return readKeyedSection(doc, name);
}

/** UpdateCfgSys section (Buffers=, DelKey=, DevAddDev=, DevDelete=, DevRename=, Files=, PrefixPath=, RenKey=, Stacks=) — Windows 9x only. */
export function readUpdateCfgSysSection(doc: InfDocument, name: string): KeyedEntry[] {
  return readKeyedSection(doc, name);
}

// ---------------------------------------------------------------- [DestinationDirs]

export interface DestinationDir extends FromLine {
  /** The file-list section this applies to, or 'DefaultDestDir'. */
  key: string;
  dirid: number | undefined;
  diridText: string;
  subdir: string | null;
}

export interface DestinationDirs {
  defaultDestDir: DestinationDir | undefined;
  entries: DestinationDir[];
  /** Where a file-list section's files go: its own entry, else DefaultDestDir. */
  forSection(name: string): DestinationDir | undefined;
}

/** [DestinationDirs]: `file-list-section=dirid[,subdir]` and `DefaultDestDir=dirid[,subdir]`. */
export function readDestinationDirs(doc: InfDocument): DestinationDirs {
  const entries: DestinationDir[] = [];
  const byKey = new Map<string, DestinationDir>();
  for (const line of linesOf(doc, 'DestinationDirs')) {
    if (line.key === null) continue;
    const diridText = fieldValue(line, 0) ?? '';
    const entry: DestinationDir = {
      line,
      key: line.key,
      dirid: infInt(diridText),
      diridText,
      subdir: nonEmpty(fieldValue(line, 1)) ?? null,
    };
    entries.push(entry);
    const key = foldCase(line.key);
    if (!byKey.has(key)) byKey.set(key, entry);
  }
  const defaultDestDir = byKey.get('defaultdestdir');
  return {
    defaultDestDir,
    entries,
    forSection: (name) => byKey.get(foldCase(name)) ?? defaultDestDir,
  };
}

// ---------------------------------------------------------------- [SourceDisksNames] / [SourceDisksFiles]

export interface SourceDiskName extends FromLine {
  /** The section it came from ('SourceDisksNames' or 'SourceDisksNames.amd64'). */
  section: string;
  diskId: number | undefined;
  diskIdText: string;
  description: string;
  tagFile: string | null;
  path: string | null;
  flags: number | undefined;
  tagFile2: string | null;
}

/** diskid=disk-description[,[tag-or-cab-file],[unused],[path],[flags][,tag-file]] */
export function readSourceDisksNames(doc: InfDocument, arch?: string): SourceDiskName[] {
  return readArchVariants(
    doc,
    'SourceDisksNames',
    arch,
    (line, section): SourceDiskName | undefined => {
      if (line.key === null) return undefined;
      return {
        line,
        section,
        diskId: infInt(line.key),
        diskIdText: line.key,
        description: fieldValue(line, 0) ?? '',
        tagFile: nonEmpty(fieldValue(line, 1)) ?? null,
        path: nonEmpty(fieldValue(line, 3)) ?? null,
        flags: infInt(fieldValue(line, 4)),
        tagFile2: nonEmpty(fieldValue(line, 5)) ?? null,
      };
    },
    (e) => e.diskIdText,
  );
}

export interface SourceDiskFile extends FromLine {
  section: string;
  file: string;
  diskId: number | undefined;
  subdir: string | null;
  size: number | undefined;
}

/** filename=diskid[,[subdir][,size]] */
export function readSourceDisksFiles(doc: InfDocument, arch?: string): SourceDiskFile[] {
  return readArchVariants(
    doc,
    'SourceDisksFiles',
    arch,
    (line, section): SourceDiskFile | undefined => {
      const file = line.key ?? (line.fields.length === 1 ? line.fields[0]!.value : undefined);
      if (file === undefined) return undefined;
      const hasKey = line.key !== null;
      return {
        line,
        section,
        file,
        diskId: hasKey ? infInt(fieldValue(line, 0)) : undefined,
        subdir: hasKey ? (nonEmpty(fieldValue(line, 1)) ?? null) : null,
        size: hasKey ? infInt(nonEmpty(fieldValue(line, 2))) : undefined,
      };
    },
    (e) => e.file,
  );
}

/**
 * Entries of [Base.arch] then of [Base]; with an architecture, an entry of the decorated
 * section hides the undecorated one with the same key (SetupAPI looks there first).
 */
function readArchVariants<T>(
  doc: InfDocument,
  base: string,
  arch: string | undefined,
  read: (line: InfLine, section: string) => T | undefined,
  keyOf: (entry: T) => string,
): T[] {
  const names = arch ? archVariants(base, arch) : [base];
  const seen = new Set<string>();
  const out: T[] = [];
  for (const name of names) {
    const section = doc.section(name);
    if (!section) continue;
    for (const line of section.lines) {
      const entry = read(line, section.name);
      if (entry === undefined) continue;
      const key = foldCase(keyOf(entry));
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

// ---------------------------------------------------------------- whole-file summary

export interface InfModel {
  version: VersionInfo;
  manufacturers: ManufacturerEntry[];
  interfaceInstall32: InterfaceInstallEntry[];
  destinationDirs: DestinationDirs;
  /** [ClassInstall32] variant for the target (or plain [ClassInstall32] without one). */
  classInstall32: { choice: PlatformChoice; install: InstallSection | undefined };
  /** [DefaultInstall] variant for the target. */
  defaultInstall: { choice: PlatformChoice; install: InstallSection | undefined };
}

/** The file-level model; `target` picks decorated ClassInstall32/DefaultInstall variants (default amd64). */
export function readInfModel(doc: InfDocument, target: Pick<PlatformTarget, 'arch'> = { arch: 'amd64' }): InfModel {
  return {
    version: readVersion(doc),
    manufacturers: readManufacturers(doc),
    interfaceInstall32: readInterfaceInstall32(doc),
    destinationDirs: readDestinationDirs(doc),
    classInstall32: readDecoratedInstall(doc, 'ClassInstall32', target),
    defaultInstall: readDecoratedInstall(doc, 'DefaultInstall', target),
  };
}
