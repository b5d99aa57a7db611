// References between sections and names: which sections directives, [Manufacturer], Models
// lines and [InterfaceInstall32] name, whether they exist, whether anything uses a section,
// %strkey% tokens, and [DestinationDirs] subdirectories.
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule } from './types.js';
import { everyMode } from './catalogue.js';
import {
  INSTALL_DECORATIONS,
  allFields,
  directiveLines,
  includesOtherInfs,
  installSectionVariants,
  isStringsSection,
  modelsSectionNames,
  perDocument,
  stringTokens,
} from './helpers.js';
import { foldCase } from '../inf/lexer.js';
import { readDestinationDirs, readInterfaceInstall32, readManufacturers, readModels } from '../inf/model.js';
import { ARCHITECTURES, parseTargetOsVersion, selectInstallSection, selectModelsSection } from '../inf/platform.js';
import { getOrInsertComputed } from '../base/maps.js';

/** What a directive expects the sections it names to hold. */
type SectionKind =
  | 'install'
  | 'file list'
  | 'registry'
  | 'property'
  | 'INI'
  | 'ProfileItems'
  | 'DLL registration'
  | 'LogConfig'
  | 'power setting'
  | 'UpdateAutoBat'
  | 'UpdateCfgSys'
  | 'service install'
  | 'event log install'
  | 'component install'
  | 'software install'
  | 'filter install'
  | 'event provider'
  | 'channel install'
  | 'autologger'
  | 'COM server'
  | 'COM class'
  | 'WMI interface'
  | 'WDF service'
  | 'printer data'
  | 'service trigger'
  | 'WIA data';

/**
 * How a directive names sections: every field, or the fields at these indexes; `missing` is what
 * INF1203 does when the section does not exist ('skip': another code reports it).
 */
interface Target {
  fields: 'all' | number;
  kind: SectionKind;
  missing: 'error' | 'warning' | 'skip';
}

const every = (kind: SectionKind, missing: Target['missing'] = 'error'): Target[] => [{ fields: 'all', kind, missing }];
const at = (index: number, kind: SectionKind, missing: Target['missing'] = 'error'): Target => ({ fields: index, kind, missing });

/** Directives that name sections (lower case), from the install/inf-*-directive.md pages. */
const TARGETS: Readonly<Record<string, readonly Target[]>> = {
  addreg: every('registry'),
  delreg: every('registry'),
  bitreg: every('registry'),
  copyfiles: every('file list'),
  delfiles: every('file list'),
  renfiles: every('file list'),
  // Microsoft's netvadapter sample names a missing AddProperty section and passes InfVerif.
  addproperty: every('property', 'warning'),
  delproperty: every('property', 'warning'),
  updateinis: every('INI'),
  updateinifields: every('INI'),
  ini2reg: every('INI'),
  profileitems: every('ProfileItems'),
  registerdlls: every('DLL registration'),
  unregisterdlls: every('DLL registration'),
  logconfig: every('LogConfig'),
  addpowersetting: every('power setting'),
  updateautobat: every('UpdateAutoBat'),
  updatecfgsys: every('UpdateCfgSys'),
  // Needs' own codes are needs.ts's; a printer's DataSection is usually in the included ntprint.inf.
  needs: every('install', 'skip'),
  datasection: every('printer data', 'skip'),
  addtrigger: every('service trigger'),
  // A WIA device's DDInstall: Events= and DeviceData= name sections of its own.
  events: every('WIA data'),
  devicedata: every('WIA data'),
  // A missing service install section is INF2006 (the services family).
  addservice: [at(2, 'service install', 'skip'), at(3, 'event log install')],
  addinterface: [at(2, 'install')],
  addcomponent: [at(2, 'component install')],
  addsoftware: [at(2, 'software install')],
  addfilter: [at(2, 'filter install')],
  addeventprovider: [at(1, 'event provider')],
  addchannel: [at(2, 'channel install')],
  addautologger: [at(2, 'autologger')],
  updateautologger: [at(1, 'autologger')],
  addcomserver: [at(2, 'COM server')],
  addcomclass: [at(2, 'COM class')],
  wmiinterface: [at(2, 'WMI interface')],
  kmdfservice: [at(1, 'WDF service')],
  umdfservice: [at(1, 'WDF service')],
};

/** Directives whose `@file` value names a single file, not a section. */
const SINGLE_FILE_DIRECTIVES = new Set(['copyfiles', 'delfiles']);

export interface SectionReference {
  /** The field that names the section. */
  field: InfField;
  /** The section name after substitution, trimmed. */
  name: string;
  /** The directive as written ('AddReg'). */
  via: string;
  /** Lower-case directive. */
  directive: string;
  kind: SectionKind;
  missing: Target['missing'];
  /** The section the directive line is in. */
  from: InfSection;
}

/**
 * Every section a directive names, in file order: the fields of list directives (AddReg=a,b),
 * AddService's service and event-log sections, AddInterface's section, ... `CopyFiles=@file`
 * names a file. Remembered for the document being validated (perDocument).
 */
export const directiveReferences = perDocument((doc: InfDocument): SectionReference[] => {
  const refs: SectionReference[] = [];
  for (const { section, line, directive } of directiveLines(doc)) {
    const targets = TARGETS[directive];
    if (!targets) continue;
    const via = line.keyField?.value.trim() ?? directive;
    for (const target of targets) {
      const fields = target.fields === 'all' ? line.fields : line.fields[target.fields] ? [line.fields[target.fields]!] : [];
      for (const field of fields) {
        const name = field.value.trim();
        if (name === '' || (SINGLE_FILE_DIRECTIVES.has(directive) && name.startsWith('@'))) continue;
        refs.push({ field, name, via, directive, kind: target.kind, missing: target.missing, from: section });
      }
    }
  }
  return refs;
});

/** The Models sections [Manufacturer] names: one per decoration, or the plain one without any. */
function manufacturerReferences(doc: InfDocument): Array<{ field: InfField; name: string }> {
  const out: Array<{ field: InfField; name: string }> = [];
  for (const entry of readManufacturers(doc)) {
    const base = entry.modelsSection.trim();
    if (base === '') continue;
    const names = entry.decorations.length ? entry.decorations.map((d) => `${base}.${d.trim()}`) : [base];
    for (const name of names) out.push({ field: entry.line.fields[0]!, name });
  }
  return out;
}

/** The architecture each decorated Models section is for (lower-case name → arch); absent when it may be any. */
function modelsArches(doc: InfDocument): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readManufacturers(doc)) {
    const base = entry.modelsSection.trim();
    for (const d of entry.decorations) {
      const arch = parseTargetOsVersion(d)?.arch;
      const name = foldCase(`${base}.${d.trim()}`);
      if (arch && (ARCHITECTURES as readonly string[]).includes(arch) && !out.has(name)) out.set(name, arch);
    }
  }
  return out;
}

/** Each line of each existing Models section, with the architecture its section is for (null: any). */
const modelLines = perDocument((doc: InfDocument): Array<{ arch: string | null; model: ReturnType<typeof readModels>[number] }> => {
  const out: Array<{ arch: string | null; model: ReturnType<typeof readModels>[number] }> = [];
  const arches = modelsArches(doc);
  for (const name of modelsSectionNames(doc)) {
    if (!doc.hasSection(name)) continue;
    const arch = arches.get(foldCase(name)) ?? null;
    for (const model of readModels(doc, name)) if (model.line.key !== null) out.push({ arch, model });
  }
  return out;
});

const missingSection: Rule = {
  code: 'INF1203',
  description:
    "A directive (AddReg, DelReg, CopyFiles, AddInterface, AddFilter, AddService's event-log section, ...), a " +
    '[Manufacturer] entry or an [InterfaceInstall32] entry names a section that does not exist. SetupAPI looks the ' +
    'name up as written (no `.nt` decoration is added) and skips the line, so the install silently does less. A ' +
    '[Manufacturer] entry with TargetOSVersion decorations needs one Models section per decoration. ' +
    '`CopyFiles=@file` and `DelFiles=@file` name a single file. Include= does not help: a section of an included ' +
    'INF may be named only through Needs. A missing AddProperty/DelProperty section is a warning, as InfVerif lets ' +
    "it pass; Needs (INF1315, INF2651), a missing service install section (INF2006) and a Models line's install " +
    'section (INF1261) have their own codes.',
  fix: 'Add the section, correct the name, or for a single file write `CopyFiles=@file.sys`.',
  bad: '[Install.NT]\nCopyFiles = Driver_Files\n',
  good: '[Install.NT]\nCopyFiles = Driver_Files\n\n[Driver_Files]\nsample.sys',
  check(ctx) {
    const { doc } = ctx;
    // A section of an included INF cannot be named directly (InfVerif: 1220), so Include= changes only the message.
    const included = includesOtherInfs(doc) ? '; a section of an included INF may be reached only through Needs' : '';
    for (const ref of directiveReferences(doc)) {
      if (ref.missing === 'skip' || doc.hasSection(ref.name)) continue;
      const message = `section [${ref.name}] named by ${ref.via} in [${ref.from.name}] does not exist${included}`;
      if (ref.missing === 'warning') ctx.report(ref.field, `${message}; the properties are not set`, 'warning');
      else ctx.report(ref.field, message);
    }
    for (const ref of manufacturerReferences(doc)) {
      if (!doc.hasSection(ref.name)) ctx.report(ref.field, `Models section [${ref.name}] named by [Manufacturer] does not exist`);
    }
    for (const entry of readInterfaceInstall32(doc)) {
      const name = entry.installSection?.trim();
      if (name && !doc.hasSection(name)) {
        ctx.report(entry.line.fields[0], `section [${name}] named by [InterfaceInstall32] for ${entry.interfaceClassGuid} does not exist`);
      }
    }
  },
};

const undefinedDevice: Rule = {
  code: 'INF1261',
  description:
    'A Models line names an install section (DDInstall) of which no variant exists: for a Models section decorated ' +
    'for one architecture (`[Models.NTamd64]`), SetupAPI looks for [Install.NTamd64], then [Install.NT], then ' +
    '[Install]; for an undecorated one, any of them will do. The device cannot be installed from this INF.',
  fix: 'Add the install section (`[Install.NTamd64]` or `[Install.NT]`), or correct the name on the Models line.',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = Install, Root\\Sample\n\n[Install.NTx86]\nCopyFiles = Files',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = Install, Root\\Sample\n\n[Install.NT]\nCopyFiles = Files',
  check(ctx) {
    const { doc } = ctx;
    for (const { arch, model } of modelLines(doc)) {
      const name = model.installSection.trim();
      if (name === '') continue;
      const device = model.description || model.hardwareId || name;
      if (arch === null) {
        if (installSectionVariants(doc, name).length === 0) {
          ctx.report(
            model.line.fields[0],
            `device ${device} names install section [${name}], which does not exist (plain or .nt-decorated)`,
          );
        }
      } else if (selectInstallSection(doc, name, { arch }).section === null) {
        ctx.report(
          model.line.fields[0],
          `device ${device} names install section [${name}], which has no variant for ${arch} ([${name}.NT${arch}], [${name}.NT] or [${name}])`,
        );
      }
    }
  },
};

const noInstallSection: Rule = {
  code: 'INF1271',
  description:
    'A Models line gives a hardware ID but no install section (`%Desc% = , PCI\\VEN_1234`): Windows matches the ' +
    'device and has nothing to install on it.',
  fix: 'Name the install section: `%Desc% = Install, PCI\\VEN_1234`.',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = , Root\\Sample',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = Install, Root\\Sample\n\n[Install.NT]\n',
  check(ctx) {
    for (const { model } of modelLines(ctx.doc)) {
      if (model.installSection.trim() === '' && model.hardwareIds.some((id) => id.trim() !== '')) {
        ctx.report(model.line.fields[0], `the Models line for ${model.hardwareIds[0]!.trim()} names no install section`);
      }
    }
  },
};

/** Every place a section is named, with the kind of section expected: directives, Models lines, [InterfaceInstall32]. */
function referencesBySection(
  doc: InfDocument,
  arches: readonly string[],
): Map<InfSection, Array<{ field: InfField; via: string; kind: SectionKind; from: string }>> {
  const out = new Map<InfSection, Array<{ field: InfField; via: string; kind: SectionKind; from: string }>>();
  const add = (section: InfSection | undefined, field: InfField, via: string, kind: SectionKind, from: string): void => {
    if (!section) return;
    getOrInsertComputed(out, section, () => []).push({ field, via, kind, from });
  };
  for (const ref of directiveReferences(doc)) add(doc.section(ref.name), ref.field, ref.via, ref.kind, ref.from.name);
  for (const { arch, model } of modelLines(doc)) {
    const name = model.installSection.trim();
    if (name === '') continue;
    // The variant SetupAPI installs from on each architecture the Models section is for.
    const chosen = new Set<InfSection>();
    for (const a of arch === null ? arches : [arch]) {
      const picked = selectInstallSection(doc, name, { arch: a }).section;
      if (picked) chosen.add(doc.section(picked)!);
    }
    for (const section of chosen) add(section, model.line.fields[0]!, 'a Models line', 'install', 'Models');
  }
  for (const entry of readInterfaceInstall32(doc)) {
    const name = entry.installSection?.trim();
    if (name) add(doc.section(name), entry.line.fields[0]!, '[InterfaceInstall32]', 'install', 'InterfaceInstall32');
  }
  for (const list of out.values()) list.sort((x, y) => x.field.line - y.field.line || x.field.column - y.field.column);
  return out;
}

const article = (kind: string): string => (/^[aeiouAEIOU]/.test(kind) && !kind.startsWith('UpdateAuto') ? 'an' : 'a');

const wrongKind: Rule = {
  code: 'INF1206',
  description:
    'One section is named by directives that expect different kinds of section: a file list (CopyFiles, DelFiles, ' +
    'RenFiles) also named by AddReg or AddFilter, an install section also used as a registry section, ... SetupAPI ' +
    'reads the same lines two ways, and at least one of them is wrong.',
  fix: 'Give each use its own section.',
  bad: '[Install.NT]\nCopyFiles = Files\nAddReg = Files\n\n[Files]\nsample.sys',
  good: '[Install.NT]\nCopyFiles = Files\nAddReg = Registry\n\n[Files]\nsample.sys\n\n[Registry]\nHKR,,Enabled,0x00010001,1',
  check(ctx) {
    for (const [section, refs] of referencesBySection(ctx.doc, ctx.arches)) {
      const first = refs[0]!;
      const reported = new Set<string>();
      for (const ref of refs) {
        if (ref.kind === first.kind || reported.has(ref.via.toLowerCase())) continue;
        reported.add(ref.via.toLowerCase());
        ctx.report(
          ref.field,
          `section [${section.name}] is ${article(first.kind)} ${first.kind} section (named by ${first.via} in [${first.from}]), ` +
            `but ${ref.via} in [${ref.from}] expects ${article(ref.kind)} ${ref.kind} section`,
        );
      }
    }
  },
};

const twoDirectives: Rule = {
  code: 'INF1205',
  description:
    'One section is named by two different directives of the same kind: a file list by both CopyFiles and DelFiles, ' +
    "a registry section by both AddReg and DelReg, ... Microsoft's file-system minifilter samples do this in " +
    '[DefaultUninstall]; InfVerif warns because one edit usually undoes the other. Install sections are not ' +
    'counted (a Models line and Needs may share one).',
  fix: 'Give each directive its own section (e.g. a separate file list for DelFiles).',
  bad: '[Install.NT]\nCopyFiles = Files\n\n[Remove.NT]\nDelFiles = Files\n\n[Files]\nsample.sys',
  good: '[Install.NT]\nCopyFiles = Files\n\n[Remove.NT]\nDelFiles = Old_Files\n\n[Files]\nsample.sys\n\n[Old_Files]\nold.sys',
  check(ctx) {
    for (const [section, refs] of referencesBySection(ctx.doc, ctx.arches)) {
      const first = refs[0]!;
      if (first.kind === 'install' || refs.some((r) => r.kind !== first.kind)) continue; // INF1206's
      const other = refs.find((r) => r.via.toLowerCase() !== first.via.toLowerCase());
      if (other) {
        ctx.report(
          section,
          `section [${section.name}] is named by ${first.via} (in [${first.from}]) and by ${other.via} (in [${other.from}])`,
        );
      }
    }
  },
};

/** The suffixes of DDInstall, [DefaultInstall] and [ClassInstall32] sections that Windows reads. */
const INSTALL_SUFFIXES = new Set([
  'services',
  'hw',
  'coinstallers',
  'interfaces',
  'filters',
  'components',
  'software',
  'wmi',
  'events',
  'logconfigoverride',
  'factdef',
  'com',
  'wdf',
  'netdrivers',
  // Read by the display class installer of Windows XP-era display INFs.
  'softwaresettings',
  'generalconfigdata',
]);
const DECORATIONS = new Set(INSTALL_DECORATIONS);

/** Sections SetupAPI reads by their own name. */
const FIXED_SECTIONS =
  /^(version|strings(\..*)?|sourcedisksnames(\..*)?|sourcedisksfiles(\..*)?|destinationdirs|manufacturer|controlflags|signatureattributes(\..*)?|interfaceinstall32|deviceinstall32|printerpackageinstallation(\..*)?)$/;

/** Install sections Windows finds by their own name, with any decoration or suffix. */
const FIXED_INSTALL = /^(defaultinstall|defaultuninstall|classinstall32)(\..*)?$/;

/**
 * Whether `lower` is one of `bases` or one of them with a trailing install suffix, `.Remove` and
 * `.nt*` decoration (each optional, stripped from the end in that order).
 */
function isInstallVariant(lower: string, bases: ReadonlySet<string>): boolean {
  if (bases.has(lower)) return true;
  const parts = lower.split('.');
  const strip = (ok: (part: string) => boolean): boolean => {
    if (parts.length < 2 || !ok(parts[parts.length - 1]!)) return false;
    parts.pop();
    return bases.has(parts.join('.'));
  };
  // A network driver's [DDInstall.Remove] and [DDInstall.Remove.Services] are read when it is removed.
  return strip((p) => INSTALL_SUFFIXES.has(p)) || strip((p) => p === 'remove') || strip((p) => DECORATIONS.has(p));
}

/**
 * The sections SetupAPI may read: the fixed ones, Models sections, every DDInstall a Models line
 * names (with its decorations and suffixes), [DefaultInstall*], [DefaultUninstall*],
 * [ClassInstall32*], [InterfaceInstall32]'s sections, [SignatureAttributes]' sections, and what
 * the directives of a used section name, transitively.
 */
export function usedSections(doc: InfDocument): Set<InfSection> {
  const used = new Set<InfSection>();
  const queue: InfSection[] = [];
  const mark = (section: InfSection | undefined): void => {
    if (!section || used.has(section)) return;
    used.add(section);
    queue.push(section);
  };
  const ddinstall = new Set<string>();
  for (const { model } of modelLines(doc)) {
    const name = model.installSection.trim();
    if (name !== '') ddinstall.add(foldCase(name));
  }
  for (const name of modelsSectionNames(doc)) mark(doc.section(name));
  for (const section of doc.sections) {
    const lower = foldCase(section.name);
    if (FIXED_SECTIONS.test(lower) || FIXED_INSTALL.test(lower) || isInstallVariant(lower, ddinstall)) mark(section);
  }
  for (const entry of readInterfaceInstall32(doc)) if (entry.installSection) mark(doc.section(entry.installSection.trim()));
  for (const name of ['SignatureAttributes', 'DeviceInstall32']) {
    for (const line of doc.section(name)?.lines ?? []) for (const field of line.fields) mark(doc.section(field.value.trim()));
  }
  const from = new Map<InfSection, SectionReference[]>();
  for (const ref of directiveReferences(doc)) getOrInsertComputed(from, ref.from, () => []).push(ref);
  while (queue.length > 0) {
    const section = queue.pop()!;
    for (const ref of from.get(section) ?? []) {
      mark(doc.section(ref.name));
      // An AddReg or CopyFiles section's optional [name.security] holds the descriptor of what it writes.
      if (ref.directive === 'addreg' || ref.directive === 'copyfiles') mark(doc.section(`${ref.name}.security`));
    }
  }
  return used;
}

const unusedSection: Rule = {
  code: 'INF2083',
  description:
    'Nothing names the section and SetupAPI does not read it by its own name, so it is never used. Used are: ' +
    '[Version], [Strings*], [SourceDisks*], [DestinationDirs], [Manufacturer], [ControlFlags], ' +
    '[SignatureAttributes] and the sections it names, the Models sections [Manufacturer] names (with their ' +
    'decorations), the install sections Models lines name with their `.nt*` decorations and `.Services`, `.HW`, ' +
    '`.CoInstallers`, `.Interfaces`, `.Filters`, `.Components`, `.Software`, `.Wmi`, `.Events`, `.Wdf`, `.COM`, ' +
    '`.FactDef`, `.LogConfigOverride` suffixes, [DefaultInstall*], [DefaultUninstall*], [ClassInstall32*], ' +
    '[InterfaceInstall32] and its sections, and every section a directive of a used section names (AddReg, ' +
    "CopyFiles, AddService's service and event-log sections, AddInterface, Needs, ...) with the `.security` " +
    'section of an AddReg or CopyFiles section. A section named only by ' +
    'an unused section is unused too. An INF with none of these entry points is not checked.',
  fix: 'Delete the section, or name it where it was meant to be used (often a misspelt directive value or suffix).',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = Install, Root\\Sample\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys\n\n[Old_Files]\nold.sys',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = Install, Root\\Sample\n\n[Install.NT]\nCopyFiles = Files\n\n[Files]\nsample.sys',
  check(ctx) {
    const { doc } = ctx;
    const entryPoint =
      doc.sections.some((s) => FIXED_INSTALL.test(foldCase(s.name))) ||
      doc.hasSection('Manufacturer') ||
      doc.hasSection('InterfaceInstall32');
    if (!entryPoint) return;
    const used = usedSections(doc);
    for (const section of doc.sections) {
      if (!used.has(section))
        ctx.report(section, `section [${section.name}] is not used: no directive, Models line or [Manufacturer] entry names it`);
    }
  },
};

const noSectionName: Rule = {
  code: 'INF1005',
  description:
    'A directive that names sections (AddReg, CopyFiles, DelFiles, AddProperty, Needs, ...) has no section name ' +
    '(`AddReg =`), so it does nothing.',
  fix: 'Name the section, or delete the line.',
  bad: '[Install.NT]\nAddReg =\n',
  good: '[Install.NT]\nAddReg = Install_AddReg\n\n[Install_AddReg]\nHKR,,Enabled,0x00010001,1',
  check(ctx) {
    for (const { section, line, directive } of directiveLines(ctx.doc)) {
      if (TARGETS[directive]?.[0]?.fields !== 'all' || line.fields.some((f) => f.value.trim() !== '')) continue;
      ctx.report(line, `${line.keyField?.value.trim() ?? directive} in [${section.name}] names no section`);
    }
  },
};

/** Whether a `%...%` pair can be a [Strings] key: not a DIRID number, not text between two unrelated percent signs (`"%1" "%2"`). */
function isStringKey(name: string): boolean {
  if (/^\s*[+-]?\d+$/.test(name)) return false;
  return !/["',]/.test(name) && name.trim() === name;
}

/**
 * Environment variables that people write as `%SystemRoot%` meaning the variable: SetupAPI leaves an
 * undefined token as written, but InfVerif reports it and asks for `%%SystemRoot%%`.
 */
const ENVIRONMENT_VARIABLES = new Set(
  [
    'SystemRoot',
    'windir',
    'SystemDrive',
    'ProgramFiles',
    'ProgramFiles(x86)',
    'ProgramW6432',
    'CommonProgramFiles',
    'CommonProgramFiles(x86)',
    'ProgramData',
    'ALLUSERSPROFILE',
    'USERPROFILE',
    'APPDATA',
    'LOCALAPPDATA',
    'PUBLIC',
    'TEMP',
    'TMP',
    'HOMEDRIVE',
    'HOMEPATH',
    'ComSpec',
    'PATH',
    'USERNAME',
    'COMPUTERNAME',
  ].map((v) => v.toLowerCase()),
);

/** Offset of a `%` with no closing `%` after the last token of `raw` (`%%` pairs are escapes), or -1. */
function lonePercent(raw: string): number {
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('%', i);
    if (start < 0) return -1;
    const end = raw.indexOf('%', start + 1);
    if (end < 0) return start;
    i = end + 1;
  }
  return -1;
}

const undefinedString: Rule = {
  code: 'INF1235',
  description:
    'A `%strkey%` token has no entry in [Strings] (or the [Strings.LLLL] section for --locale). SetupAPI leaves ' +
    'the token as written, percent signs and all, so the user sees `%DeviceDesc%` or a registry value gets the ' +
    'literal text. An environment variable written `%SystemRoot%` is reported too (InfVerif asks for ' +
    '`%%SystemRoot%%`, which SetupAPI turns into `%SystemRoot%`), and so is a lone `%` left after the last token. ' +
    '`%%` is a literal percent sign and `%<number>%` a DIRID; neither is reported, nor is text between two ' +
    'unrelated percent signs (`"%1" "%2"`). In an INF that uses Include=, the token may be defined by an included ' +
    'INF, so it is only a warning.',
  fix: 'Define the key in [Strings] or correct its spelling; write `%%` for a literal percent sign (`%%SystemRoot%%`).',
  bad: '[Models]\n%DeviceDesc% = Install, Root\\Sample\n\n[Strings]\nDeviceDescription = "Sample Device"',
  good: '[Models]\n%DeviceDesc% = Install, Root\\Sample\n\n[Strings]\nDeviceDesc = "Sample Device"',
  check(ctx) {
    const { doc } = ctx;
    const included = includesOtherInfs(doc);
    const where = included ? " in this INF's [Strings]; it must come from an included INF" : ' in [Strings]';
    const severity = included ? 'warning' : 'error';
    for (const section of doc.sections) {
      if (isStringsSection(section.name)) continue;
      for (const line of section.lines) {
        for (const field of allFields(line)) {
          if (!field.raw.includes('%')) continue;
          for (const token of stringTokens(field.raw)) {
            if (!isStringKey(token.name) || doc.string(token.name) !== undefined) continue;
            const env = ENVIRONMENT_VARIABLES.has(token.name.toLowerCase()) ? `; for the environment variable write %%${token.name}%%` : '';
            ctx.report(
              { line: field.line, column: field.column + token.offset },
              `string token %${token.name}% is not defined${where}${env}`,
              severity,
            );
          }
          // LogConfig's IOConfig and MemConfig write an alignment mask after a %: `8@100-ffff%fff8`.
          const lone = line.key !== null && /^(io|mem)config$/i.test(line.key.trim()) ? -1 : lonePercent(field.raw);
          if (lone >= 0) {
            ctx.report(
              { line: field.line, column: field.column + lone },
              'a lone % starts a string token that never ends; write %% for a literal percent sign',
              severity,
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
    "once and never again: a field that uses the first string gets the second one's token as written, percent " +
    'signs and all, not its value. Strings that refer to each other (`a = "%b%"`, `b = "%a%"`) are the extreme case. ' +
    'DIRIDs and environment variables such as `%SystemRoot%` in a string value are not reported.',
  fix: "Write the other string's text into the value, or use both tokens where the value is used (`%Vendor% %Product%`).",
  bad: '[Strings]\nVendor = "Contoso"\nDeviceDesc = "%Vendor% Sample Device"',
  good: '[Strings]\nVendor = "Contoso"\nDeviceDesc = "Contoso Sample Device"',
  check(ctx) {
    const { doc } = ctx;
    for (const section of doc.sections) {
      if (!isStringsSection(section.name)) continue;
      for (const line of section.lines) {
        const value = line.keyField ? line.fields[0] : undefined;
        if (!value?.raw.includes('%')) continue;
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

const climbingSubdir: Rule = {
  code: 'INF9203',
  seeAlso: '1015',
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

/** The Windows build the architectures are checked against: the newest, so every OS-version decoration applies. */
const TARGET_OS_VERSION = '10.0.65535';

const nothingForArch: Rule = {
  code: 'INF9204',
  seeAlso: '2010',
  levels: everyMode('warning'),
  title: 'A [Manufacturer] entry installs nothing on a target architecture',
  description:
    'A [Manufacturer] entry with TargetOSVersion decorations has none that applies to one of the architectures ' +
    'the INF targets (those its decorations name, or --arch): e.g. one entry says `NTamd64,NTarm64` and another ' +
    "only `NTamd64`, so on arm64 Windows finds none of the second entry's devices. On x86 the undecorated Models " +
    "section is the fallback. Entries with the same manufacturer name may share the architectures out. An entry with no decoration at all is INF2010's.",
  fix: 'Add the decoration for the architecture (`%Mfg% = Models,NTamd64,NTarm64`) and its Models section, or check with --arch for the ones you build.',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64,NTarm64\n%Other% = Other,NTamd64\n\n[Models.NTamd64]\n[Models.NTarm64]\n[Other.NTamd64]\n',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64,NTarm64\n%Other% = Other,NTamd64,NTarm64\n\n[Models.NTamd64]\n[Models.NTarm64]\n[Other.NTamd64]\n[Other.NTarm64]\n',
  check(ctx) {
    // Entries of one manufacturer may split the architectures between them (one Models section each).
    const covered = new Map<string, Set<string>>();
    const gaps: Array<{ entry: ReturnType<typeof readManufacturers>[number]; missing: string[] }> = [];
    for (const entry of readManufacturers(ctx.doc)) {
      const base = entry.modelsSection.trim();
      if (base === '' || entry.decorations.length === 0) continue;
      const name = foldCase(entry.name.trim());
      const mine = covered.get(name) ?? new Set<string>();
      covered.set(name, mine);
      const missing: string[] = [];
      for (const arch of ctx.arches) {
        const choice = selectModelsSection(
          ctx.doc,
          base,
          entry.decorations.map((d) => d.trim()),
          { arch, osVersion: TARGET_OS_VERSION },
        );
        // A chosen section that does not exist is INF1203's finding.
        if (choice.decoration === null && choice.section === null) missing.push(arch);
        else mine.add(arch);
      }
      if (missing.length > 0) gaps.push({ entry, missing });
    }
    for (const { entry, missing } of gaps) {
      const left = missing.filter((arch) => !covered.get(foldCase(entry.name.trim()))!.has(arch));
      if (left.length > 0) {
        ctx.report(
          entry.line.fields[0],
          `[Manufacturer] entry ${entry.name} installs nothing on ${left.join(', ')}: no decoration of ${entry.decorations.join(', ')} applies`,
        );
      }
    }
  },
};

/** The filter install sections AddFilter names, each once. */
function filterSections(doc: InfDocument): InfSection[] {
  const out = new Set<InfSection>();
  for (const ref of directiveReferences(doc)) {
    const section = ref.directive === 'addfilter' ? doc.section(ref.name) : undefined;
    if (section) out.add(section);
  }
  return [...out];
}

/** Lines of `section` whose key is `key` (lower case). */
const keyed = (section: InfSection, key: string): InfLine[] =>
  section.lines.filter((l) => l.key !== null && foldCase(l.key.trim()) === key);

const levelAndPosition: Rule = {
  code: 'INF1087',
  description:
    'A filter install section (named by AddFilter) gives both FilterLevel and FilterPosition. The AddFilter page ' +
    'says a filter has one or the other, never both; Windows ignores one of them.',
  fix: 'Keep FilterLevel when the base driver package defines filter levels, else FilterPosition; delete the other.',
  bad: '[Install.NT.Filters]\nAddFilter = SampleFilter,,Filter_Inst\n\n[Filter_Inst]\nFilterLevel = Upper_Level\nFilterPosition = Upper',
  good: '[Install.NT.Filters]\nAddFilter = SampleFilter,,Filter_Inst\n\n[Filter_Inst]\nFilterLevel = Upper_Level',
  check(ctx) {
    for (const section of filterSections(ctx.doc)) {
      const level = keyed(section, 'filterlevel')[0];
      const position = keyed(section, 'filterposition')[0];
      if (!level || !position) continue;
      const later = level.line > position.line ? level : position;
      ctx.report(
        later,
        `filter install section [${section.name}] gives both FilterLevel and FilterPosition; ${later.key!.trim()} is ignored`,
      );
    }
  },
};

const duplicateFilterKey: Rule = {
  code: 'INF1088',
  description:
    'A filter install section (named by AddFilter) gives FilterLevel or FilterPosition more than once. Only one ' + 'can take effect.',
  fix: 'Keep one FilterLevel (or FilterPosition) line.',
  bad: '[Install.NT.Filters]\nAddFilter = SampleFilter,,Filter_Inst\n\n[Filter_Inst]\nFilterPosition = Upper\nFilterPosition = Lower',
  good: '[Install.NT.Filters]\nAddFilter = SampleFilter,,Filter_Inst\n\n[Filter_Inst]\nFilterPosition = Upper',
  check(ctx) {
    for (const section of filterSections(ctx.doc)) {
      for (const key of ['filterlevel', 'filterposition']) {
        for (const line of keyed(section, key).slice(1))
          ctx.report(line, `${line.key!.trim()} appears more than once in filter install section [${section.name}]`);
      }
    }
  },
};

/** Directives that add a named item, whose second mention of the same name in a section is skipped. */
const NAMED_ADDITIONS = new Set(['addcomponent', 'addsoftware', 'addfilter']);

const duplicateAddition: Rule = {
  code: 'INF1086',
  description:
    'One section adds the same component (AddComponent), software (AddSoftware) or filter (AddFilter) twice, by ' +
    'name. Windows keeps one of them, and which one is not defined.',
  fix: 'Delete one of the lines, or give the second item its own name.',
  bad: '[Install.NT.Components]\nAddComponent = Sample_Component,,Component_Inst\nAddComponent = Sample_Component,,Component_Inst2',
  good: '[Install.NT.Components]\nAddComponent = Sample_Component,,Component_Inst',
  check(ctx) {
    const seen = new Map<string, InfLine>();
    for (const { section, line, directive } of directiveLines(ctx.doc)) {
      if (!NAMED_ADDITIONS.has(directive)) continue;
      const name = line.fields[0]?.value.trim() ?? '';
      if (name === '') continue;
      const key = `${foldCase(section.name)}\0${directive}\0${foldCase(name)}`;
      const first = seen.get(key);
      if (!first) seen.set(key, line);
      else
        ctx.report(
          line.fields[0],
          `${line.key!.trim()} ${name} appears twice in [${section.name}] (first at line ${first.line}); one is skipped`,
        );
    }
  },
};

export const rules: Rule[] = [
  noSectionName,
  missingSection,
  undefinedDevice,
  noInstallSection,
  twoDirectives,
  wrongKind,
  unusedSection,
  duplicateAddition,
  levelAndPosition,
  duplicateFilterKey,
  nothingForArch,
  undefinedString,
  stringInString,
  climbingSubdir,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1078:
    'the page names no directive or entry that is "not valid in the context it is used", and none of the directive pages lists such entries, so which ones InfVerif skips is unknown',
  INF1080:
    'the page gives no directive and argument ("<value> directive missing <value>"); the known required arguments are checked under their own codes (INF1005 section names, INF1253 service names, INF2400 component fields)',
  INF1081:
    "the page names neither the directive nor the argument whose values are invalid, and InfVerif's list of valid values per directive argument is not published",
  INF1082:
    "the page names neither the directive nor the argument it finds invalid, and InfVerif's list of valid values per directive argument is not published",
  INF1083:
    'the page names neither the directive nor the flags it finds invalid; the documented flag values are checked by the families of those directives',
  INF1085:
    'the page does not say which directives need which further arguments to be complete, beyond the ones checked under INF1005, INF1253 and INF2400',
  INF1220:
    'a section that this INF names but does not define is either in an included system INF (InfVerif: 1220) or nowhere (1203); telling them apart needs the included INF from the Windows image, so infkit reports INF1203',
};
