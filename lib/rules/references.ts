// References between sections and names: directive targets, %strkey% tokens, CopyFiles vs
// SourceDisksFiles vs SourceDisksNames, and DestinationDirs.
import type { InfDocument, InfField, InfSection } from '../inf/types.js';
import type { Rule } from './types.js';
import { everyMode } from './catalogue.js';
import {
  EDIT_DIRECTIVES,
  directiveLines,
  includesOtherInfs,
  installSectionVariants,
  isMisreadNoBreakSpace,
  isStringsSection,
  modelsSectionNames,
  sectionsWithBase,
  stringTokens,
} from './helpers.js';
import { infInt, readDestinationDirs, readInterfaceInstall32, readManufacturers, readModels, readVersion } from '../inf/model.js';
import { selectModelsSection } from '../inf/platform.js';
import { isKnownDirid } from './dirids.js';

/** Directives whose every field names a section. */
const LIST_DIRECTIVES = new Set([
  ...EDIT_DIRECTIVES,
  'profileitems',
  'registerdlls',
  'unregisterdlls',
  'logconfig',
  'addpowersetting',
  'needs',
]);

const SINGLE_FILE_DIRECTIVES = new Set(['copyfiles', 'delfiles']);

/** Directives with a section at one field index: AddService's service and event-log sections, ... */
const FIELD_DIRECTIVES: Record<string, number[]> = {
  addservice: [2, 3],
  addinterface: [2],
  addcomponent: [2],
};

export interface SectionReference {
  /** The field that names the section. */
  field: InfField;
  /** The section name as written after substitution. */
  name: string;
  /** What names it: 'AddReg', 'Models', 'DDInstall', ... */
  via: string;
}

/**
 * Every place a section is named: directive targets, Models sections from [Manufacturer]
 * (one per decoration), DDInstall sections from Models lines, and the install-interface
 * sections of [InterfaceInstall32]. `CopyFiles=@file` names a file, not a section; `Needs` is
 * skipped when the INF includes others (the target may be there).
 */
export function sectionReferences(doc: InfDocument): SectionReference[] {
  const refs: SectionReference[] = [];
  const hasInclude = includesOtherInfs(doc);
  for (const { line, directive } of directiveLines(doc)) {
    const via = line.keyField?.value.trim() ?? directive;
    let fields: InfField[] = [];
    if (LIST_DIRECTIVES.has(directive)) {
      if (directive === 'needs' && hasInclude) continue;
      // CopyFiles=@file and DelFiles=@file name a single file, not a section.
      fields = line.fields.filter((f) => !(SINGLE_FILE_DIRECTIVES.has(directive) && f.value.trim().startsWith('@')));
    } else if (FIELD_DIRECTIVES[directive]) {
      fields = FIELD_DIRECTIVES[directive].map((i) => line.fields[i]).filter((f): f is InfField => f !== undefined);
    }
    for (const field of fields) {
      const name = field.value.trim();
      if (name !== '') refs.push({ field, name, via });
    }
  }
  for (const entry of readManufacturers(doc)) {
    const base = entry.modelsSection.trim();
    if (base === '') continue;
    const names = entry.decorations.length ? entry.decorations.map((d) => `${base}.${d.trim()}`) : [base];
    for (const name of names) refs.push({ field: entry.line.fields[0]!, name, via: 'Manufacturer' });
  }
  for (const entry of readInterfaceInstall32(doc)) {
    const name = entry.installSection?.trim();
    if (name) refs.push({ field: entry.line.fields[0]!, name, via: 'InterfaceInstall32' });
  }
  for (const name of modelsSectionNames(doc)) {
    for (const model of readModels(doc, name)) {
      if (model.line.key !== null && model.installSection.trim() !== '') {
        refs.push({ field: model.line.fields[0]!, name: model.installSection.trim(), via: 'Models' });
      }
    }
  }
  return refs;
}

/**
 * Directives whose missing target InfVerif lets pass: Microsoft's netvadapter sample names a
 * missing AddProperty section and builds with InfVerif in Microsoft's CI. A warning for these.
 */
const LENIENT_DIRECTIVES = new Set(['addproperty', 'delproperty']);

const missingSection: Rule = {
  code: 'INF1203',
  title: 'Section not found',
  description:
    'A directive (AddReg, DelReg, CopyFiles, Needs, AddService, AddInterface, ...), a [Manufacturer] entry, a ' +
    'Models line or an [InterfaceInstall32] entry names a section that does not exist, neither plain nor with a ' +
    '`.nt`/`.ntx86`/`.ntamd64`/`.ntarm`/`.ntarm64`/`.ntia64` decoration. SetupAPI skips the line, so the install ' +
    'silently does less. A [Manufacturer] entry with TargetOSVersion decorations needs one Models section per ' +
    'decoration. `CopyFiles=@file` and `DelFiles=@file` name a single file, not a section. In an INF that uses Include=, ' +
    'SetupAPI also looks in the included INFs, so a section missing here is only a warning. A missing ' +
    'AddProperty/DelProperty section is also a warning, as InfVerif lets it pass.',
  fix: 'Add the section, correct the name, or for a single file write `CopyFiles=@file.sys`.',
  bad: '[Install.NT]\nCopyFiles = Driver_Files\n',
  good: '[Install.NT]\nCopyFiles = Driver_Files\n\n[Driver_Files]\nsample.sys',
  check(ctx) {
    const seen = new Set<string>();
    const included = includesOtherInfs(ctx.doc);
    for (const ref of sectionReferences(ctx.doc)) {
      const exists = ref.via === 'Manufacturer' ? ctx.doc.hasSection(ref.name) : installSectionVariants(ctx.doc, ref.name).length > 0;
      const key = `${ref.field.line}:${ref.field.column}:${ref.name.toLowerCase()}`;
      if (exists || seen.has(key)) continue;
      seen.add(key);
      if (included) {
        ctx.report(ref.field, `section [${ref.name}] named by ${ref.via} is not in this INF; it must come from an included INF`, 'warning');
      } else if (LENIENT_DIRECTIVES.has(ref.via.toLowerCase())) {
        ctx.report(ref.field, `section [${ref.name}] named by ${ref.via} does not exist; the properties are not set`, 'warning');
      } else {
        ctx.report(ref.field, `section [${ref.name}] named by ${ref.via} does not exist`);
      }
    }
  },
};

/**
 * Environment variables written as `%SystemRoot%` on purpose: SetupAPI leaves an undefined
 * token as written, so REG_EXPAND_SZ values and service paths keep them for Windows to expand.
 */
const ENVIRONMENT_VARIABLES = new Set(
  [
    'SystemRoot', 'windir', 'SystemDrive', 'ProgramFiles', 'ProgramFiles(x86)', 'ProgramW6432', 'CommonProgramFiles',
    'CommonProgramFiles(x86)', 'ProgramData', 'ALLUSERSPROFILE', 'USERPROFILE', 'APPDATA', 'LOCALAPPDATA', 'PUBLIC',
    'TEMP', 'TMP', 'HOMEDRIVE', 'HOMEPATH', 'ComSpec', 'PATH', 'USERNAME', 'COMPUTERNAME',
  ].map((v) => v.toLowerCase()),
);

/**
 * Whether a `%...%` pair can be a [Strings] key someone meant: not a DIRID number, not an
 * environment variable, and not text between two unrelated percent signs (`"%1" "%2"`).
 */
function isStringKey(name: string): boolean {
  if (/^\s*[+-]?\d+$/.test(name)) return false;
  if (ENVIRONMENT_VARIABLES.has(name.toLowerCase())) return false;
  return !/["',]/.test(name) && name.trim() === name;
}

const undefinedString: Rule = {
  code: 'INF1235',
  title: 'String token not defined in [Strings]',
  description:
    'A `%strkey%` token has no entry in [Strings] (or the [Strings.LLLL] section for --locale). SetupAPI leaves ' +
    'the token as written, percent signs and all, so the user sees `%DeviceDesc%` or a registry value gets the ' +
    'literal text. `%%` is a literal percent sign and `%<number>%` a DIRID; neither is reported, nor are ' +
    'environment variables such as `%SystemRoot%` (left for Windows to expand), nor text between two unrelated ' +
    'percent signs (`"%1" "%2"`). In an INF ' +
    'that uses Include=, the token may be defined by an included INF, so it is only a warning.',
  fix: 'Define the key in [Strings], or correct its spelling.',
  bad: '[Models]\n%DeviceDesc% = Install, Root\\Sample\n\n[Strings]\nDeviceDescription = "Sample Device"',
  good: '[Models]\n%DeviceDesc% = Install, Root\\Sample\n\n[Strings]\nDeviceDesc = "Sample Device"',
  check(ctx) {
    const { doc } = ctx;
    const included = includesOtherInfs(doc);
    for (const section of doc.sections) {
      if (isStringsSection(section.name)) continue;
      for (const line of section.lines) {
        for (const field of line.keyField ? [line.keyField, ...line.fields] : line.fields) {
          if (!field.raw.includes('%')) continue;
          for (const token of stringTokens(field.raw)) {
            if (!isStringKey(token.name) || doc.string(token.name) !== undefined) continue;
            ctx.report(
              { line: field.line, column: field.column + token.offset },
              included
                ? `string token %${token.name}% is not defined in this INF's [Strings]; it must come from an included INF`
                : `string token %${token.name}% is not defined in [Strings]`,
              included ? 'warning' : 'error',
            );
          }
        }
      }
    }
  },
};

const stringInString: Rule = {
  code: 'INF9205',
  seeAlso: '1235',
  levels: everyMode('warning'),
  title: 'String value uses another string token',
  description:
    'A [Strings] (or [Strings.LLLL]) value contains a `%strkey%` token that names a string. SetupAPI substitutes ' +
    'once and never again: a field that uses the first string gets the second one\'s token as written, percent ' +
    'signs and all, not its value. Strings that refer to each other (`a = "%b%"`, `b = "%a%"`) are the extreme case. ' +
    'DIRIDs and environment variables such as `%SystemRoot%` in a string value are not reported.',
  fix: 'Write the other string\'s text into the value, or use both tokens where the value is used (`%Vendor% %Product%`).',
  bad: '[Strings]\nVendor = "Contoso"\nDeviceDesc = "%Vendor% Sample Device"',
  good: '[Strings]\nVendor = "Contoso"\nDeviceDesc = "Contoso Sample Device"',
  check(ctx) {
    const { doc } = ctx;
    for (const section of doc.sections) {
      if (!isStringsSection(section.name)) continue;
      for (const line of section.lines) {
        const value = line.keyField ? line.fields[0] : undefined;
        if (!value || !value.raw.includes('%')) continue;
        for (const token of stringTokens(value.raw)) {
          if (!isStringKey(token.name) || doc.string(token.name) === undefined) continue;
          ctx.report(
            { line: value.line, column: value.column + token.offset },
            `%${token.name}% in the value of ${line.key} is not expanded: SetupAPI substitutes [Strings] values once, never again`,
          );
        }
      }
    }
  },
};

/** Lower-case names of every file listed in any [SourceDisksFiles*] section. */
function sourceDiskFileNames(doc: InfDocument): Set<string> {
  const names = new Set<string>();
  for (const section of sectionsWithBase(doc, 'SourceDisksFiles')) {
    for (const line of section.lines) {
      const name = line.keyField?.value ?? line.fields[0]?.value;
      if (name) names.add(name.trim().toLowerCase());
    }
  }
  return names;
}

/** [Section] entries of a copy-file list: the source file name and where it is written. */
function copyListSources(section: InfSection): Array<{ name: string; at: InfField }> {
  const out: Array<{ name: string; at: InfField }> = [];
  for (const line of section.lines) {
    const fields = line.keyField ? [line.keyField, ...line.fields] : line.fields;
    const dest = fields[0];
    if (!dest || dest.value.trim() === '' || isMisreadNoBreakSpace(dest.value)) continue;
    const source = fields[1] && fields[1].value.trim() !== '' ? fields[1] : dest;
    out.push({ name: source.value.trim(), at: source });
  }
  return out;
}

const fileNotInSourceDisks: Rule = {
  code: 'INF1230',
  title: 'File missing from [SourceDisksFiles]',
  description:
    'A file copied by CopyFiles (from a file list or as `@file`) is not listed in any [SourceDisksFiles] or ' +
    '[SourceDisksFiles.<arch>] section, so Windows does not know which disk it is on and the driver package is ' +
    'incomplete. INFs with a LayoutFile entry in [Version] take their file list from that layout file and are not checked.',
  fix: 'Add the file to [SourceDisksFiles] with the number of its disk from [SourceDisksNames].',
  bad: '[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys\n\n[SourceDisksFiles]\nother.sys = 1',
  good: '[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys\n\n[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    const { doc } = ctx;
    if (readVersion(doc).layoutFiles.length > 0) return;
    const known = sourceDiskFileNames(doc);
    const checkedSections = new Set<InfSection>();
    const reportMissing = (name: string, at: InfField): void => {
      if (!known.has(name.toLowerCase())) ctx.report(at, `file ${name} is copied but not listed in [SourceDisksFiles]`);
    };
    for (const { line, directive } of directiveLines(doc)) {
      if (directive !== 'copyfiles') continue;
      for (const field of line.fields) {
        const value = field.value.trim();
        if (value.startsWith('@')) {
          reportMissing(value.slice(1).trim(), field);
          continue;
        }
        for (const section of installSectionVariants(doc, value)) {
          if (checkedSections.has(section)) continue;
          checkedSections.add(section);
          for (const source of copyListSources(section)) reportMissing(source.name, source.at);
        }
      }
    }
  },
};

const diskNotInSourceDisksNames: Rule = {
  code: 'INF9201',
  levels: everyMode('error'),
  title: 'Source disk not in [SourceDisksNames]',
  description:
    'A [SourceDisksFiles] entry names a disk number that no [SourceDisksNames] section defines (for ' +
    '[SourceDisksFiles.<arch>], neither [SourceDisksNames.<arch>] nor [SourceDisksNames]). Windows cannot find the ' +
    'file. InfVerif reports missing source media in its 1200 range.',
  fix: 'Define the disk in [SourceDisksNames] (`1 = %DiskName%`) or correct the disk number.',
  bad: '[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 2',
  good: '[SourceDisksNames]\n1 = %Disk%\n\n[SourceDisksFiles]\nsample.sys = 1',
  check(ctx) {
    const { doc } = ctx;
    const diskIds = (section: InfSection | undefined): Set<string> =>
      new Set((section?.lines ?? []).map((l) => normalizeDisk(l.keyField?.value ?? l.fields[0]?.value ?? '')));
    const plain = diskIds(doc.section('SourceDisksNames'));
    const anyNames = new Set(sectionsWithBase(doc, 'SourceDisksNames').flatMap((s) => [...diskIds(s)]));
    for (const section of sectionsWithBase(doc, 'SourceDisksFiles')) {
      const decoration = section.name.slice('SourceDisksFiles'.length); // '' or '.amd64'
      const allowed = decoration === '' ? anyNames : new Set([...plain, ...diskIds(doc.section(`SourceDisksNames${decoration}`))]);
      for (const line of section.lines) {
        if (line.keyField === null) continue;
        const disk = line.fields[0];
        const id = normalizeDisk(disk?.value ?? '');
        if (id === '') {
          ctx.report(line, `${line.key} names no source disk; give the disk number from [SourceDisksNames]`);
        } else if (!allowed.has(id)) {
          ctx.report(disk, `${line.key} is on disk ${id}, which [SourceDisksNames${decoration}] does not define`);
        }
      }
    }
  },
};

/** Disk ids compare as numbers when they are numbers ("01" is disk 1). */
function normalizeDisk(text: string): string {
  const t = text.trim();
  const n = t === '' ? undefined : infInt(t);
  return n === undefined ? t.toLowerCase() : String(n);
}

const unknownDirid: Rule = {
  code: 'INF9202',
  levels: everyMode('error'),
  title: 'Unknown DIRID in [DestinationDirs]',
  description:
    'A [DestinationDirs] entry must give a directory id: a number Windows defines (10 Windows, 11 System32, ' +
    '12 drivers, 13 the driver store, 16384+ shell folders, 66000-66004 printer directories, ...), -1 for an ' +
    'absolute path, or a user-defined id from 32768. Text that is not a number is an error (Windows cannot ' +
    'resolve the directory); a number Windows does not define is a warning.',
  fix: 'Use a DIRID from the documented table, e.g. `DefaultDestDir = 13`.',
  bad: '[DestinationDirs]\nDefaultDestDir = System32',
  good: '[DestinationDirs]\nDefaultDestDir = 11',
  check(ctx) {
    for (const entry of readDestinationDirs(ctx.doc).entries) {
      const text = entry.diridText.trim();
      const at = entry.line.fields[0] ?? entry.line;
      if (text === '') ctx.report(at, `${entry.key} gives no DIRID`);
      else if (entry.dirid === undefined) ctx.report(at, `${entry.key}: "${text}" is not a DIRID number`);
      else if (!isKnownDirid(entry.dirid)) ctx.report(at, `${entry.key}: DIRID ${entry.dirid} is not one Windows defines`, 'warning');
    }
  },
};

const climbingSubdir: Rule = {
  code: 'INF9203',
  levels: everyMode('error'),
  title: 'DestinationDirs subdirectory climbs out with ..',
  description:
    'A [DestinationDirs] subdirectory contains a `..` component, so files land outside the directory the DIRID ' +
    'names (and outside what a reviewer expects the package to touch).',
  fix: 'Use the DIRID of the directory you mean and a subdirectory below it.',
  bad: '[DestinationDirs]\nDefaultDestDir = 12,..\\..\\Temp',
  good: '[DestinationDirs]\nDefaultDestDir = 12,Sample',
  check(ctx) {
    for (const entry of readDestinationDirs(ctx.doc).entries) {
      const sub = entry.subdir ?? '';
      if (sub.split(/[\\/]/).some((part) => part.trim() === '..')) {
        ctx.report(entry.line.fields[1], `${entry.key}: subdirectory "${sub}" climbs out of its DIRID with ..`);
      }
    }
  },
};

/** The Windows build --arch is checked against: the newest, so every OS-version decoration applies. */
const TARGET_OS_VERSION = '10.0.65535';

const nothingForArch: Rule = {
  code: 'INF9204',
  levels: everyMode('warning'),
  title: 'Nothing to install on the target architecture',
  description:
    'A [Manufacturer] entry has no Models section that applies to the architecture given with --arch (amd64 by ' +
    'default): its TargetOSVersion decorations name other architectures, or it has none and the target is not x86 ' +
    '(only x86 Windows uses an undecorated Models section). On that architecture Windows finds no device to install.',
  fix: 'Add the decoration for the architecture (`%Mfg% = Models,NTamd64`) and its [Models.NTamd64] section, or check with --arch for the one you build.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%DeviceDesc% = Install, Root\\Sample',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%DeviceDesc% = Install, Root\\Sample',
  check(ctx) {
    for (const entry of readManufacturers(ctx.doc)) {
      if (entry.modelsSection.trim() === '') continue;
      const choice = selectModelsSection(ctx.doc, entry.modelsSection.trim(), entry.decorations.map((d) => d.trim()), {
        arch: ctx.arch,
        osVersion: TARGET_OS_VERSION,
      });
      // A chosen section that does not exist is INF1203's finding.
      if (choice.decoration === null && choice.section === null && !(ctx.arch === 'x86')) {
        ctx.report(entry.line.fields[0], `[Manufacturer] entry ${entry.name} installs nothing on ${ctx.arch}: ${choice.reason}`);
      }
    }
  },
};

export const rules: Rule[] = [missingSection, nothingForArch, undefinedString, stringInString, fileNotInSourceDisks, diskNotInSourceDisksNames, unknownDirid, climbingSubdir];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
