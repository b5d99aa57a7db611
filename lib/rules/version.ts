// [Version] entries (Signature aside: syntax.ts), DriverVer wherever it is written, GUID syntax,
// and the [Manufacturer] entries with their TargetOSVersion decorations.
import { parseDriverVerDate, readDestinationDirs, readManufacturers, readModels, readVersion } from '../inf/model.js';
import { foldCase } from '../inf/lexer.js';
import { ARCH_PLACEHOLDER, ARCHITECTURES, parseTargetOsVersion, selectInstallSection } from '../inf/platform.js';
import type { InfField, InfLine } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { everyMode, onlyIn } from './catalogue.js';
import { directiveLines, isGuid } from './helpers.js';

// Tested on every field and section, so module constants: a regex literal inside a function is
// a new RegExp object per call, and here those objects survived V8's young generation (over the
// corpus 16 times, 30,000 files: 450 MB more allocated and 200 MB more promoted to the old
// generation than with constants, and peak RSS grew with the file count).
const GUID_LIKE = /^\{[0-9a-z-]{20,44}\}$/i;
/** Sections whose fields are not checked for GUID-like text. */
const NO_GUID_SECTIONS = /^(strings(\..*)?|interfaceinstall32)$/i;

/** A field that was meant to be a GUID: braces around hex and dashes, roughly GUID-sized. */
function looksLikeGuid(text: string): boolean {
  return GUID_LIKE.test(text) && text.includes('-');
}

/**
 * A stampinf input: an .inx template, or an .inf that still holds stampinf's `$ARCH$` (the WDK
 * build stamps a driver project's .inf files too). stampinf writes DriverVer into it, so the
 * DriverVer it holds is not the one Windows will read.
 */
function isStampInput(ctx: RuleContext): boolean {
  if (ctx.stampinf) return true;
  for (const section of ctx.doc.sections) {
    if (section.name.includes(ARCH_PLACEHOLDER)) return true;
    for (const line of section.lines) {
      if (line.keyField?.raw.includes(ARCH_PLACEHOLDER)) return true;
      for (const f of line.fields) if (f.raw.includes(ARCH_PLACEHOLDER)) return true;
    }
  }
  return false;
}

const badClassGuid: Rule = {
  code: 'INF1010',
  description:
    'ClassGuid in [Version] must be written `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` (8-4-4-4-12 hex digits, in braces). ' +
    'Windows files the device under this GUID, so a malformed one leaves it without a setup class.',
  fix: 'Correct the GUID (count the digits in each group); for a new class generate one with guidgen.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be1031}',
  good: '[Version]\nSignature = "$Windows NT$"\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const { classGuid } = readVersion(ctx.doc);
    if (!classGuid || classGuid.value.trim() === '') return; // INF1234
    if (!isGuid(classGuid.value))
      ctx.report(classGuid.field, `ClassGuid "${classGuid.value.trim()}" is not a GUID of the form {8-4-4-4-12 hex digits}`);
  },
};

/** Directives whose first field is a GUID: device interface classes, property categories, ETW providers. */
const GUID_FIRST_FIELD = new Set(['addinterface', 'addeventprovider']);
/** AddProperty/DelProperty sections: a line starting with `{` names the property by GUID. */
const PROPERTY_DIRECTIVES = new Set(['addproperty', 'delproperty']);

/** The GUID fields of directives and of the AddProperty/DelProperty sections they name, with what they are. */
function directiveGuids(ctx: RuleContext): Array<{ field: InfField; what: string }> {
  const out: Array<{ field: InfField; what: string }> = [];
  const propertySections = new Set<string>();
  for (const d of directiveLines(ctx.doc)) {
    if (GUID_FIRST_FIELD.has(d.directive)) {
      const field = d.line.fields[0];
      if (field) out.push({ field, what: d.directive === 'addinterface' ? 'AddInterface interface class' : 'AddEventProvider provider' });
    } else if (PROPERTY_DIRECTIVES.has(d.directive)) {
      for (const f of d.line.fields) if (f.value.trim() !== '') propertySections.add(foldCase(f.value.trim()));
    }
  }
  for (const name of propertySections) {
    for (const line of ctx.doc.section(name)?.lines ?? []) {
      const first = line.keyField ?? line.fields[0];
      if (first?.value.trim().startsWith('{')) out.push({ field: first, what: 'property category' });
    }
  }
  return out;
}

const badGuid: Rule = {
  code: 'INF1019',
  description:
    'A GUID a directive takes must be written `{8-4-4-4-12}` hex digits in braces: the interface class of AddInterface, ' +
    'the provider of AddEventProvider, and the property category of a `{guid},pid,type,...` line in an AddProperty or ' +
    'DelProperty section. Windows cannot parse a malformed one, so the interface, provider or property is not installed. ' +
    'ClassGuid is INF1010; an [InterfaceInstall32] key is INF9401.',
  fix: 'Correct the GUID (count the digits in each group) or generate a new one with guidgen.',
  bad: '[Install.NT.Interfaces]\nAddInterface = {cac88484-7515-4c03-82e6-71a87abac36},,Iface\n\n[Iface]\nAddReg = Iface_Reg\n\n[Iface_Reg]\nHKR,,Friendly,,"x"',
  good: '[Install.NT.Interfaces]\nAddInterface = {cac88484-7515-4c03-82e6-71a87abac361},,Iface\n\n[Iface]\nAddReg = Iface_Reg\n\n[Iface_Reg]\nHKR,,Friendly,,"x"',
  check(ctx) {
    for (const { field, what } of directiveGuids(ctx)) {
      const v = field.value.trim();
      if (v !== '' && !isGuid(v)) ctx.report(field, `${what} GUID "${v}" is not of the form {8-4-4-4-12 hex digits}`);
    }
  },
};

const malformedGuid: Rule = {
  code: 'INF9101',
  seeAlso: '1019',
  levels: everyMode('warning'),
  title: 'Malformed GUID in a value',
  description:
    'A brace-enclosed field that looks like a GUID (a registry value, a service trigger, ...) but is not ' +
    '`{8-4-4-4-12}` hex digits. InfVerif checks the GUIDs directives take (INF1010 ClassGuid, INF1019); these other ' +
    'values are only data to it, but a reader of the value will fail to parse it.',
  fix: 'Correct the GUID (count the digits in each group) or generate a new one.',
  bad: '[Reg]\nHKR,,Id,,"{4d36e97d-e325-11ce-bfc1-08002be1031}"',
  good: '[Reg]\nHKR,,Id,,"{4d36e97d-e325-11ce-bfc1-08002be10318}"',
  check(ctx) {
    const { doc } = ctx;
    const skip = new Set<InfField>(directiveGuids(ctx).map((g) => g.field));
    const classGuid = readVersion(doc).classGuid;
    if (classGuid) skip.add(classGuid.field);
    for (const section of doc.sections) {
      if (NO_GUID_SECTIONS.test(section.name)) continue;
      for (const line of section.lines) {
        for (const field of line.fields) {
          const v = field.value.trim();
          if (skip.has(field) || !looksLikeGuid(v) || isGuid(v)) continue;
          ctx.report(field, `"${v}" looks like a GUID but is not of the form {8-4-4-4-12 hex digits}`);
        }
      }
    }
  },
};

// ---------------------------------------------------------------- DriverVer

const VERSION_PART = /^\d{1,5}$/;

/** Why a DriverVer date is not mm/dd/yyyy, or null. */
export function driverVerDateProblem(date: string): string | null {
  const parsed = parseDriverVerDate(date);
  if (parsed === 'not-mm/dd/yyyy') return 'is not MM/DD/YYYY';
  if (parsed === 'no-such-day') return 'is not a real date (MM/DD/YYYY)';
  return null;
}

/** Why a DriverVer version is not w.x.y.z (each 0-65535, not all zero), or null. */
export function driverVerVersionProblem(version: string): string | null {
  const parts = version.split('.');
  if (parts.length !== 4) return `has ${parts.length} part${parts.length === 1 ? '' : 's'}, not 4`;
  if (parts.some((p) => !VERSION_PART.test(p) || Number(p) > 65535)) return 'has a part that is not a number from 0 to 65535';
  if (parts.every((p) => Number(p) === 0)) return 'is 0.0.0.0, which Windows does not accept';
  return null;
}

/** Every DriverVer line: [Version]'s and those of install sections (each decorated variant is its own section). */
function driverVerLines(ctx: RuleContext): InfLine[] {
  const out: InfLine[] = [...ctx.doc.linesWithKey('Version', 'DriverVer')];
  for (const d of directiveLines(ctx.doc)) if (d.directive === 'driverver') out.push(d.line);
  return out;
}

/** A DriverVer value to check: not empty, not a template's, no %token% left. */
function checkable(field: InfField | undefined): field is InfField {
  return field !== undefined && field.value.trim() !== '' && !field.value.includes('%');
}

const badDriverVerVersion: Rule = {
  code: 'INF1217',
  description:
    '`DriverVer = mm/dd/yyyy,w.x.y.z`: the version must be four dot-separated numbers, each from 0 to 65535, and not ' +
    '0.0.0.0 (inf-driverver-directive.md). Windows ranks drivers by date and then by this version, so a three-part ' +
    'version such as `1.4.1` is an error. Checked in [Version] and in every install section that has its own DriverVer. ' +
    "A DriverVer without a version is a warning: the directive's syntax requires it, and Windows then compares the date only. " +
    'Not checked in a stampinf input (an .inx, or an .inf that still holds `$ARCH$`): stampinf writes its DriverVer.',
  fix: 'Write the version as four numbers: `DriverVer = 06/21/2024,1.4.1.0`.',
  bad: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 06/21/2024,1.4.1',
  good: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 06/21/2024,1.4.1.0',
  check(ctx) {
    if (isStampInput(ctx)) return;
    for (const line of driverVerLines(ctx)) {
      const [date, version] = line.fields;
      if (!checkable(date)) continue; // empty: INF1234
      if (!version || version.value.trim() === '') {
        ctx.report(date, 'DriverVer has no version; add one as w.x.y.z', 'warning');
        continue;
      }
      if (version.value.includes('%')) continue;
      const problem = driverVerVersionProblem(version.value.trim());
      if (problem) ctx.report(version, `DriverVer version "${version.value.trim()}" ${problem}; write w.x.y.z with each part 0-65535`);
    }
  },
};

const badDriverVerDate: Rule = {
  code: 'INF1218',
  description:
    'The date of `DriverVer = mm/dd/yyyy,w.x.y.z` must be a real date, month first, with `/` (or `-`) between the parts. ' +
    'Windows prefers the driver with the later date, and an invalid date counts as 00/00/0000, the oldest of all. ' +
    'Checked in [Version] and in every install section that has its own DriverVer, except in a stampinf input (an .inx, ' +
    'or an .inf that still holds `$ARCH$`), whose DriverVer stampinf writes.',
  fix: 'Write the date as MM/DD/YYYY: `DriverVer = 06/21/2024,1.0.0.0`.',
  bad: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 2024-06-21,1.0.0.0',
  good: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 06/21/2024,1.0.0.0',
  check(ctx) {
    if (isStampInput(ctx)) return;
    for (const line of driverVerLines(ctx)) {
      const date = line.fields[0];
      if (!checkable(date)) continue;
      const problem = driverVerDateProblem(date.value.trim());
      if (problem) ctx.report(date, `DriverVer date "${date.value.trim()}" ${problem}`);
    }
  },
};

/** [Version] entries that take one value (DriverVer two), and LayoutFile/others not listed take lists. */
const VERSION_ARITY: Record<string, number> = {
  signature: 1,
  class: 1,
  classguid: 1,
  provider: 1,
  driverver: 2,
  pnplockdown: 1,
  extensionid: 1,
};

const extraValue: Rule = {
  code: 'INF1201',
  description:
    'A [Version] entry has more values than it takes: Signature, Class, ClassGuid, Provider, ExtensionId, PnpLockdown and ' +
    'CatalogFile take one, DriverVer two (date and version, also in install sections). Windows ignores the rest, which is ' +
    'usually a comma written where none belongs (`Provider = Contoso, Inc.` is two values; quote it).',
  fix: 'Remove the extra values, or quote a value that contains a comma.',
  bad: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 06/21/2024,1.0.0.0,beta',
  good: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 06/21/2024,1.0.0.0',
  check(ctx) {
    const lines: Array<{ line: InfLine; arity: number }> = [];
    for (const line of ctx.doc.section('Version')?.lines ?? []) {
      if (line.key === null) continue;
      const key = foldCase(line.key.trim());
      const arity = VERSION_ARITY[key] ?? (key === 'catalogfile' || key.startsWith('catalogfile.') ? 1 : undefined);
      if (arity !== undefined) lines.push({ line, arity });
    }
    for (const d of directiveLines(ctx.doc)) if (d.directive === 'driverver') lines.push({ line: d.line, arity: 2 });
    for (const { line, arity } of lines) {
      const extra = line.fields.slice(arity).find((f) => f.value.trim() !== '');
      if (extra)
        ctx.report(
          extra,
          `${line.key?.trim()} takes ${arity === 1 ? 'one value' : `${arity} values`}; the extra value "${extra.value.trim()}" is ignored`,
        );
    }
  },
};

// ---------------------------------------------------------------- Class, Provider, CatalogFile

const INSTALL_ENTRIES = ['manufacturer', 'defaultinstall', 'classinstall32'];

/** An INF that installs something: [Manufacturer], or [DefaultInstall] / [ClassInstall32] in any decoration. */
function installsSomething(ctx: RuleContext): boolean {
  return ctx.doc.sections.some((s) => {
    const name = foldCase(s.name);
    const dot = name.indexOf('.');
    return INSTALL_ENTRIES.includes(dot < 0 ? name : name.slice(0, dot));
  });
}

/** A device INF: one with a [Manufacturer] section (PnP installs its devices). */
function isDeviceInf(ctx: RuleContext): boolean {
  return ctx.doc.hasSection('Manufacturer');
}

const classPair: Rule = {
  code: 'INF9104',
  seeAlso: '1234',
  levels: everyMode('warning'),
  title: 'Class without ClassGuid (or the reverse) outside a device INF',
  description:
    'An INF without [Manufacturer] (a class installer, a [DefaultInstall] INF) gives Class or ClassGuid in [Version] ' +
    'but not both. With only one of them, Windows has to look the other up (or cannot), which fails for a class that ' +
    'is not installed yet. In a device INF both are required, and InfVerif reports the missing one (INF1234).',
  fix: 'Add the missing entry.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Net',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Net\nClassGuid = {4d36e972-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    if (isDeviceInf(ctx)) return;
    const { class: name, classGuid: guid } = readVersion(ctx.doc);
    if (name && !guid) ctx.report(name.line, `Class is set but ClassGuid is not; add ClassGuid for class ${name.value.trim()}`);
    if (guid && !name) ctx.report(guid.line, 'ClassGuid is set but Class is not; add the class name');
  },
};

const requiredVersion: Rule = {
  code: 'INF1234',
  description:
    'The [Version] of an INF that installs something ([Manufacturer], [DefaultInstall] or [ClassInstall32]) must give ' +
    'Provider and DriverVer (inf-version-section.md: DriverVer is required since Windows 2000), and ' +
    'a device INF (one with [Manufacturer]) also Class and ClassGuid ("required for device drivers that are installed ' +
    'through the PnP manager"). An entry that is present but empty counts as missing. DriverVer is left to stampinf in ' +
    'a stampinf input (an .inx, or an .inf that still holds `$ARCH$`).',
  fix: 'Add the entry to [Version] with its value.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nDriverVer = 06/21/2024,1.0.0.0\n\n[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\nDriverVer = 06/21/2024,1.0.0.0\n\n[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    const version = readVersion(ctx.doc);
    if (!version.section || !installsSomething(ctx)) return; // INF1001; or a registry fragment, not a driver package
    const lineOf = (key: string): InfLine | undefined => ctx.doc.linesWithKey('Version', key)[0];
    const wanted = ['Provider', 'DriverVer', ...(isDeviceInf(ctx) ? ['Class', 'ClassGuid'] : [])];
    const stampInput = isStampInput(ctx);
    for (const key of wanted) {
      if (key === 'DriverVer' && stampInput) continue;
      const line = lineOf(key);
      const value = line?.fields[0]?.value.trim() ?? '';
      if (!line) ctx.report(version.section, `[Version] has no ${key}`);
      else if (value === '') ctx.report(line, `${key} in [Version] is empty`);
    }
  },
};

const noCatalog: Rule = {
  code: 'INF1233',
  description:
    'A driver package is signed through its catalog, which [Version] names with CatalogFile (or CatalogFile.NTamd64 and ' +
    'the other decorated forms). Without one Windows treats the driver as unsigned (inf-version-section.md) and it ' +
    'cannot be submitted for signing. Reported for INFs that install something ([Manufacturer], [DefaultInstall] or ' +
    '[ClassInstall32]).',
  fix: 'Add `CatalogFile = name.cat` to [Version] (Inf2Cat or the signing service makes the catalog).',
  bad: '[Version]\nSignature = "$Windows NT$"\n\n[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  good: '[Version]\nSignature = "$Windows NT$"\nCatalogFile = sample.cat\n\n[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    const version = readVersion(ctx.doc);
    if (!version.section || version.catalogFiles.length > 0) return;
    if (installsSomething(ctx)) ctx.report(version.section, '[Version] has no CatalogFile, which signing the driver package requires');
  },
};

/** A plain file name ending in .cat: no path, no characters Windows forbids in names. */
const CATALOG_NAME = /^[^\\/:*?"<>|]+\.cat$/i;

const badCatalogName: Rule = {
  code: 'INF1214',
  description:
    'CatalogFile (and CatalogFile.NTamd64 and the other decorated forms) must be a file name ending in `.cat`, with no ' +
    'path: the catalog sits next to the INF. Empty values are skipped (a template may fill them in).',
  fix: "Write the catalog's file name only: `CatalogFile = sample.cat`.",
  bad: '[Version]\nSignature = "$Windows NT$"\nCatalogFile = x64\\sample.cat',
  good: '[Version]\nSignature = "$Windows NT$"\nCatalogFile = sample.cat',
  check(ctx) {
    for (const entry of readVersion(ctx.doc).catalogFiles) {
      const name = entry.file.trim();
      if (name === '' || name.includes('%')) continue;
      if (!CATALOG_NAME.test(name)) ctx.report(entry.field, `catalog file "${name}" is not a file name of the form filename.cat`);
    }
  },
};

/** MAX_CLASS_NAME_LEN is 32 characters with the terminating NUL (setupapi.h). */
const MAX_CLASS_NAME = 31;

const longClassName: Rule = {
  code: 'INF1286',
  description:
    `A Class name in [Version] may have at most ${MAX_CLASS_NAME} characters (MAX_CLASS_NAME_LEN, 32 with the terminating NUL): ` +
    "SetupAPI's class-name buffers are that size, so a longer name is refused or cut.",
  fix: 'Shorten the class name.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = ContosoExtremelyLongDeviceClassName',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = ContosoDevices',
  check(ctx) {
    const cls = readVersion(ctx.doc).class;
    const name = cls?.value.trim() ?? '';
    if (cls && name.length > MAX_CLASS_NAME) {
      ctx.report(cls.field, `Class "${name}" has ${name.length} characters; a class name may have at most ${MAX_CLASS_NAME}`);
    }
  },
};

/** "Microsoft", or a name that starts with it. */
const MICROSOFT = /^microsoft/i;

const microsoftProvider: Rule = {
  code: 'INF1204',
  description:
    'Provider names the organization that wrote the INF. Only Microsoft may give "Microsoft", or a name that starts with ' +
    'it, as the provider: an INF written by anyone else (a copy of a Microsoft sample, say) must name its own author. ' +
    'The value is checked after %strkey% substitution, case-insensitively.',
  fix: 'Set Provider to your organization: `Provider = %Mfg%` with `Mfg = "Contoso"` in [Strings].',
  bad: '[Version]\nSignature = "$Windows NT$"\nProvider = %Msft%\n\n[Strings]\nMsft = "Microsoft"',
  good: '[Version]\nSignature = "$Windows NT$"\nProvider = %Mfg%\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    const provider = readVersion(ctx.doc).provider;
    const value = provider?.value.trim() ?? '';
    if (provider && MICROSOFT.test(value)) {
      ctx.report(
        provider.field,
        `Provider is "${value}": only Microsoft may name Microsoft as the provider; name the organization that wrote the INF`,
      );
    }
  },
};

const requiredSignature: Rule = {
  code: 'INF9802',
  seeAlso: '1001',
  levels: onlyIn('error', ['windowsDriver', 'hlk']),
  title: 'Signature other than "$Windows NT$" (Windows Driver)',
  description:
    'SetupAPI still accepts the legacy signatures `$Chicago$` and `$Windows 95$` (INF9901), but a Windows Driver package ' +
    "must say `$Windows NT$`. InfVerif's 1001 reports a missing [Version] or an unknown signature; the required " +
    '[Version] entries are INF1233 and INF1234.',
  fix: 'Write `Signature = "$Windows NT$"`.',
  bad: '[Version]\nSignature = "$Chicago$"',
  good: '[Version]\nSignature = "$Windows NT$"',
  check(ctx) {
    const { signature } = readVersion(ctx.doc);
    const value = signature?.value.trim() ?? '';
    if (signature && value !== '' && foldCase(value) !== '$windows nt$') {
      ctx.report(signature.field, `a driver package must have Signature = "$Windows NT$", not "${value}"`);
    }
  },
};

// ---------------------------------------------------------------- [Manufacturer] and TargetOSVersion

const missingModelsName: Rule = {
  code: 'INF1011',
  description:
    'A `%Mfg% = models-section-name[,TargetOSVersion...]` entry of [Manufacturer] has no models section name, so none of ' +
    "the manufacturer's devices can be found.",
  fix: 'Name the Models section: `%Mfg% = Models,NTamd64`.',
  bad: '[Manufacturer]\n%Mfg% = ,NTamd64\n\n[Strings]\nMfg = "Contoso"',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    for (const line of ctx.doc.section('Manufacturer')?.lines ?? []) {
      if (line.key === null) continue; // a bare manufacturer-name is its own models section
      const first = line.fields[0];
      if (!first || first.value.trim() === '')
        ctx.report(first ?? line, `the [Manufacturer] entry ${line.key.trim()} names no Models section`);
    }
  },
};

const DECORATION_NUMBER = /^(0x[0-9a-f]+|\d+)$/i;
const ARCH_NAMES = new Set<string>(ARCHITECTURES);

/** Why a TargetOSVersion decoration cannot be parsed, or null; `$ARCH$` is INF1274's. */
export function decorationProblem(decoration: string): string | null {
  const parts = decoration.split('.');
  const head = parts[0]!.trim();
  if (!/^nt/i.test(head)) return 'does not start with NT';
  const arch = head.slice(2);
  if (arch !== '' && arch !== ARCH_PLACEHOLDER && !ARCH_NAMES.has(arch.toLowerCase())) return `names the unknown architecture "${arch}"`;
  if (parts.length > 6) return 'has more than six parts (NT[arch].major.minor.producttype.suitemask.build)';
  const bad = parts.slice(1).find((p) => p.trim() !== '' && !DECORATION_NUMBER.test(p.trim()));
  return bad !== undefined ? `has "${bad.trim()}" where a number belongs` : null;
}

/** The decoration fields of each [Manufacturer] entry (after the models section name). */
function decorationFields(ctx: RuleContext): Array<{ field: InfField; models: string }> {
  const out: Array<{ field: InfField; models: string }> = [];
  for (const entry of readManufacturers(ctx.doc)) {
    for (const field of entry.line.fields.slice(1)) if (field.value.trim() !== '') out.push({ field, models: entry.modelsSection.trim() });
  }
  return out;
}

const badDecoration: Rule = {
  code: 'INF1287',
  description:
    'A TargetOSVersion decoration of a [Manufacturer] entry must read `NT[Architecture][.[OSMajorVersion][.[OSMinorVersion]' +
    '[.[ProductType][.[SuiteMask][.[BuildNumber]]]]]]` (inf-manufacturer-section.md), the architecture one of x86, amd64, ' +
    'ia64, arm, arm64, and every other part a number. Windows ignores a decoration it cannot parse, so its Models ' +
    'section is never used.',
  fix: 'Correct the decoration, e.g. `NTamd64.10.0...19041`.',
  bad: '[Manufacturer]\n%Mfg% = Models,NTx64\n\n[Models.NTx64]\n\n[Strings]\nMfg = "Contoso"',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    for (const { field, models } of decorationFields(ctx)) {
      const problem = decorationProblem(field.value.trim());
      if (problem) ctx.report(field, `TargetOSVersion "${field.value.trim()}" of models section ${models} ${problem}`);
    }
  },
};

/** The first build that reads a BuildNumber in a decoration (Windows 10 version 1607 preview, inf-manufacturer-section.md). */
const FIRST_BUILD_DECORATION = 14310;

const lowBuild: Rule = {
  code: 'INF1288',
  description:
    `A TargetOSVersion with a build number must target Windows 10.0 build ${FIRST_BUILD_DECORATION} or later: build numbers in ` +
    'decorations were introduced then, and earlier Windows does not parse such a decoration at all ' +
    '(inf-manufacturer-section.md), so `NTamd64.6.1...7601` or `NTamd64.10.0...10240` does not do what it says.',
  fix: `Drop the build number, or give 10.0 and a build of ${FIRST_BUILD_DECORATION} or later (e.g. NTamd64.10.0...17763).`,
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64.10.0...10240\n\n[Models.NTamd64.10.0...10240]\n\n[Strings]\nMfg = "Contoso"',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64.10.0...17763\n\n[Models.NTamd64.10.0...17763]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    for (const { field } of decorationFields(ctx)) {
      const raw = field.value.trim();
      if (decorationProblem(raw)) continue;
      const t = parseTargetOsVersion(raw);
      if (!t || t.build === undefined) continue;
      const major = t.major ?? 0;
      const minor = t.minor ?? 0;
      if (major < 10 || (major === 10 && minor === 0 && t.build < FIRST_BUILD_DECORATION)) {
        ctx.report(
          field,
          `TargetOSVersion "${raw}" targets ${major}.${minor}.${t.build}; with a build number it must be 10.0.${FIRST_BUILD_DECORATION} or later`,
        );
      }
    }
  },
};

const x86Models: Rule = {
  code: 'INF2010',
  description:
    'A [Manufacturer] entry without any TargetOSVersion decoration names an undecorated Models section, which Windows ' +
    'uses on x86 only (every other architecture needs its NT<arch> decoration, inf-manufacturer-section.md). Say so ' +
    'explicitly with NTx86, or decorate it for the architectures the driver is for.',
  fix: 'Decorate the entry and rename the section: `%Mfg% = Models,NTamd64` with [Models.NTamd64] (or NTx86 for x86).',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n\n[Strings]\nMfg = "Contoso"',
  good: '[Manufacturer]\n%Mfg% = Models,NTx86\n\n[Models.NTx86]\n\n[Strings]\nMfg = "Contoso"',
  check(ctx) {
    for (const entry of readManufacturers(ctx.doc)) {
      const name = entry.modelsSection.trim();
      if (name === '' || entry.decorations.length > 0) continue;
      const section = ctx.doc.section(name);
      ctx.report(
        section ?? entry.line.fields[0]!,
        `Models section [${section?.name ?? name}] has no architecture decoration and is used as x86 only; decorate it (.NTx86, .NTamd64, ...)`,
      );
    }
  },
};

// ---------------------------------------------------------------- syntax newer than the targeted OS (1199)

/** Syntax newer than Windows 10 RTM: where it is written, the first build that reads it, and the page that says so. */
export interface NewSyntax {
  /** How the message names it. */
  syntax: string;
  /** A directive of a DDInstall section (or its .Events/.Filters/... variant), a key of a service-install section, or DIRID 13 in [DestinationDirs]. */
  kind: 'directive' | 'serviceKey' | 'dirid13';
  /** The directive or key, lower case. */
  key: string;
  build: number;
  release: string;
  source: string;
}

export const NEW_SYNTAX: readonly NewSyntax[] = [
  {
    syntax: 'AddComponent',
    kind: 'directive',
    key: 'addcomponent',
    build: 15063,
    release: 'Windows 10 version 1703',
    source: 'install/inf-addcomponent-directive.md, install/inf-ddinstall-components-section.md',
  },
  {
    syntax: 'AddSoftware',
    kind: 'directive',
    key: 'addsoftware',
    build: 15063,
    release: 'Windows 10 version 1703',
    source: 'install/inf-addsoftware-directive.md, install/inf-ddinstall-software-section.md',
  },
  {
    syntax: 'DIRID 13 (CopyFiles)',
    kind: 'dirid13',
    key: '13',
    build: 16299,
    release: 'Windows 10 version 1709',
    source: 'install/inf-destinationdirs-section.md; InfVerif output posted in forderud/HidBattery#68',
  },
  {
    syntax: 'AddEventProvider',
    kind: 'directive',
    key: 'addeventprovider',
    build: 17763,
    release: 'Windows 10 version 1809',
    source: 'install/inf-addeventprovider-directive.md, install/inf-ddinstall-events-section.md',
  },
  {
    syntax: 'AddFilter',
    kind: 'directive',
    key: 'addfilter',
    build: 18362,
    release: 'Windows 10 version 1903',
    source: 'install/inf-addfilter-directive.md, install/inf-ddinstall-filters-section.md',
  },
  {
    syntax: 'AddTrigger',
    kind: 'serviceKey',
    key: 'addtrigger',
    build: 19041,
    release: 'Windows 10 version 2004',
    source: 'install/inf-addservice-directive.md',
  },
  {
    syntax: 'AddAutoLogger',
    kind: 'directive',
    key: 'addautologger',
    build: 22000,
    release: 'Windows 11',
    source: 'install/inf-addupdateautologger-directive.md',
  },
  {
    syntax: 'UpdateAutoLogger',
    kind: 'directive',
    key: 'updateautologger',
    build: 22000,
    release: 'Windows 11',
    source: 'install/inf-addupdateautologger-directive.md',
  },
  {
    syntax: 'FailureActions',
    kind: 'serviceKey',
    key: 'failureactions',
    build: 22621,
    release: 'Windows 11 version 22H2',
    source: 'install/inf-addservice-directive.md',
  },
  {
    syntax: 'AddComServer',
    kind: 'directive',
    key: 'addcomserver',
    build: 26100,
    release: 'Windows 11 version 24H2',
    source: 'install/inf-addcomserver-directive.md, install/inf-ddinstall-com-section.md',
  },
];

const NEW_DIRECTIVES = new Map(NEW_SYNTAX.filter((s) => s.kind === 'directive').map((s) => [s.key, s]));
const NEW_SERVICE_KEYS = new Map(NEW_SYNTAX.filter((s) => s.kind === 'serviceKey').map((s) => [s.key, s]));
const DIRID13 = NEW_SYNTAX.find((s) => s.kind === 'dirid13')!;

/** The DDInstall variants a Models line leads to, besides the install section itself. */
const DDINSTALL_SUFFIXES = [
  '',
  '.Services',
  '.Components',
  '.Software',
  '.Events',
  '.Filters',
  '.COM',
  '.CoInstallers',
  '.HW',
  '.Interfaces',
];

/** ARM64 Windows starts at Windows 10 version 1709 (install/inf-ddinstall-section.md: .ntarm64 "Windows 10 version 1709 and later"). */
const ARCH_FIRST_BUILD: Record<string, number> = { arm64: 16299 };

/**
 * The lowest Windows 10.0 build a Models decoration lets its DDInstall sections install on, for
 * one architecture: its build number, or 0 for none (any build, or an earlier Windows);
 * Infinity for a version above 10.0.
 */
export function decorationFloor(t: ReturnType<typeof parseTargetOsVersion> | null, arch: string): number {
  const archFloor = ARCH_FIRST_BUILD[arch] ?? 0;
  if (!t) return archFloor;
  const major = t.major ?? 0;
  const minor = t.minor ?? 0;
  if (major > 10 || (major === 10 && minor > 0)) return Number.POSITIVE_INFINITY;
  if (major === 10) return Math.max(t.build ?? 0, archFloor);
  return archFloor;
}

interface Reach {
  /** The lowest build some Models section lets this install on. */
  floor: number;
  models: string;
  arch: string;
}

const newSyntaxTooEarly: Rule = {
  code: 'INF1199',
  description:
    'A DDInstall section uses syntax that Windows reads only from a given build on, but a Models section that installs ' +
    'it targets earlier builds, where the syntax is ignored and the driver does not work. The table (NEW_SYNTAX in ' +
    'lib/rules/version.ts, each row with its docs page) lists AddComponent and AddSoftware (1703, build 15063), DIRID 13 ' +
    "for CopyFiles (1709, 16299), AddEventProvider (1809, 17763), AddFilter (1903, 18362), a service's AddTrigger " +
    '(2004, 19041), AddAutoLogger/UpdateAutoLogger (Windows 11, 22000), FailureActions (22H2, 22621) and AddComServer ' +
    '(24H2, 26100). A Models section reaches the install section SetupAPI picks for its architecture (with .Services, ' +
    '.Events, .Filters, ... of it); its TargetOSVersion build is the floor (an arm64 one starts at 16299, the first ' +
    "ARM64 Windows). DIRID 13 is reported by Partner Center's Desktop validation (/k, forderud/HidBattery#68) while " +
    "the same INF had passed its build's InfVerif, so it is checked in the declarative, windowsDriver and hlk modes only.",
  fix: 'Give the Models section a TargetOSVersion with the build, e.g. `%Mfg% = Models,NTamd64.10.0...18362` and [Models.NTamd64.10.0...18362].',
  bad: '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Dev% = Install, Root\\Sample\n\n[Install.NT]\n\n[Install.NT.Filters]\nAddFilter = Sample,,Sample_Filter\n\n[Sample_Filter]\nFilterPosition = Upper\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  good: '[Manufacturer]\n%Mfg% = Models,NTamd64.10.0...18362\n\n[Models.NTamd64.10.0...18362]\n%Dev% = Install, Root\\Sample\n\n[Install.NT]\n\n[Install.NT.Filters]\nAddFilter = Sample,,Sample_Filter\n\n[Sample_Filter]\nFilterPosition = Upper\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  check(ctx) {
    const { doc } = ctx;
    // Install section (lower case) → the lowest floor over the Models sections that reach it.
    const reach = new Map<string, Reach>();
    for (const entry of readManufacturers(doc)) {
      const base = entry.modelsSection.trim();
      if (base === '') continue;
      const targets = entry.decorations.length
        ? entry.decorations.map((d, i) => ({ name: `${base}.${d.trim()}`, t: entry.targets[i] ?? null }))
        : [{ name: base, t: null }];
      for (const { name, t } of targets) {
        if (entry.decorations.length && !t) continue; // INF1287
        const arches = t && t.arch !== null && t.arch !== ARCH_PLACEHOLDER ? [t.arch] : t ? ctx.arches : ['x86'];
        const models = readModels(doc, name);
        for (const arch of arches) {
          const floor = decorationFloor(t, arch);
          if (floor >= NEW_SYNTAX[NEW_SYNTAX.length - 1]!.build) continue;
          for (const model of models) {
            const chosen = selectInstallSection(doc, model.installSection.trim(), { arch }).section;
            if (!chosen) continue;
            const key = foldCase(chosen);
            const known = reach.get(key);
            // A template's NT$ARCH$ is named as written: the advice is to decorate the template.
            const shown = t?.arch === ARCH_PLACEHOLDER ? ARCH_PLACEHOLDER : arch;
            if (!known || floor < known.floor) reach.set(key, { floor, models: doc.section(name)?.name ?? name, arch: shown });
          }
        }
      }
    }
    const seen = new Set<string>();
    const dirs = readDestinationDirs(doc);
    const report = (at: InfLine, row: NewSyntax, install: string, r: Reach): void => {
      if (r.floor >= row.build) return;
      // Partner Center's Desktop validation (/k) reported DIRID 13 for an INF whose own build (InfVerif without /k) had passed it.
      if (row.kind === 'dirid13' && (ctx.mode === 'default' || ctx.mode === 'universal')) return;
      const key = `${at.line}:${row.key}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report(
        at,
        `the syntax '${row.syntax}' was introduced in ${row.release} (10.0.${row.build}), but [${install}] is installed from ` +
          `[${r.models}], which targets earlier builds${r.arch === ARCH_PLACEHOLDER ? '' : ` on ${r.arch}`}; restrict it with a TargetOSVersion such as ` +
          `NT${r.arch}.10.0...${row.build}`,
      );
    };
    for (const [key, r] of reach) {
      const install = doc.section(key)!.name;
      for (const suffix of DDINSTALL_SUFFIXES) {
        const section = doc.section(install + suffix);
        if (!section) continue;
        for (const line of section.lines) {
          if (line.key === null) continue;
          const directive = foldCase(line.key.trim());
          const row = NEW_DIRECTIVES.get(directive);
          if (row) report(line, row, section.name, r);
          if (directive === 'copyfiles' && (suffix === '' || suffix === '.CoInstallers')) {
            for (const f of line.fields) {
              const target = f.value.trim();
              if (target === '') continue;
              const dest = target.startsWith('@') ? dirs.defaultDestDir : dirs.forSection(target);
              if (dest?.dirid === 13) report(dest.line, DIRID13, section.name, r);
            }
          }
          if (directive === 'addservice' && suffix === '.Services') {
            const serviceSection = line.fields[2]?.value.trim();
            for (const sl of serviceSection ? (doc.section(serviceSection)?.lines ?? []) : []) {
              const row2 = sl.key === null ? undefined : NEW_SERVICE_KEYS.get(foldCase(sl.key.trim()));
              if (row2) report(sl, row2, section.name, r);
            }
          }
        }
      }
    }
  },
};

export const rules: Rule[] = [
  badClassGuid,
  badGuid,
  malformedGuid,
  badDriverVerVersion,
  badDriverVerDate,
  extraValue,
  classPair,
  requiredVersion,
  noCatalog,
  badCatalogName,
  longClassName,
  microsoftProvider,
  requiredSignature,
  missingModelsName,
  badDecoration,
  lowBuild,
  x86Models,
  newSyntaxTooEarly,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1210: "needs the provider name given on InfVerif's /provider switch, and infkit's validate has no such option",
  INF2411:
    'the page gives it the same condition as 1019 (a GUID not in {8-4-4-4-12} form) and no source says which fields InfVerif reports under 2411 instead; infkit reports them as INF1019',
};
