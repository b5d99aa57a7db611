// [Version] entries: GUID syntax, DriverVer, and Class/ClassGuid against the system classes.
import { readVersion } from '../inf/model.js';
import type { InfField } from '../inf/types.js';
import type { Rule } from './types.js';
import { everyMode, onlyIn } from './catalogue.js';
import { systemClassByGuid, systemClassByName } from './classes.js';
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

const malformedGuid: Rule = {
  code: 'INF9101',
  levels: everyMode('error'),
  title: 'Malformed GUID',
  description:
    'A GUID must be written `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` (8-4-4-4-12 hex digits, in braces). ' +
    'A malformed ClassGuid or AddInterface GUID is an error: Windows cannot file the device or interface. ' +
    'Any other brace-enclosed field that looks like a GUID but is malformed (a registry value, for instance) is a warning.',
  fix: 'Correct the GUID (count the digits in each group) or generate a new one.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be1031}',
  good: '[Version]\nSignature = "$Windows NT$"\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const { doc } = ctx;
    const { classGuid } = readVersion(doc);
    const strict = new Set<InfField>();
    if (classGuid) strict.add(classGuid.field);
    for (const d of directiveLines(doc)) if (d.directive === 'addinterface' && d.line.fields[0]) strict.add(d.line.fields[0]);
    for (const field of strict) {
      if (!isGuid(field.value)) ctx.report(field, `"${field.value.trim()}" is not a GUID of the form {8-4-4-4-12 hex digits}`);
    }
    for (const section of doc.sections) {
      if (NO_GUID_SECTIONS.test(section.name)) continue;
      for (const line of section.lines) {
        for (const field of line.fields) {
          const v = field.value.trim();
          if (strict.has(field) || !looksLikeGuid(v) || isGuid(v)) continue;
          ctx.report(field, `"${v}" looks like a GUID but is not of the form {8-4-4-4-12 hex digits}`, 'warning');
        }
      }
    }
  },
};

const DATE_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Why a DriverVer value is wrong, with the severity of the worst problem, or null. */
function checkDriverVer(value: string): { severity: 'error' | 'warning'; message: string } | null {
  const [date = '', version, ...rest] = value.split(',').map((s) => s.trim());
  const m = DATE_RE.exec(date);
  if (!m) return { severity: 'error', message: `DriverVer date "${date}" is not mm/dd/yyyy` };
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || year < 1980) {
    return { severity: 'error', message: `DriverVer date "${date}" is not a real date (mm/dd/yyyy, year 1980 or later)` };
  }
  if (rest.length > 0) return { severity: 'error', message: 'DriverVer has more than two fields (date, version)' };
  if (version === undefined || version === '') {
    return { severity: 'warning', message: 'DriverVer has no version; add one as w.x.y.z' };
  }
  const parts = version.split('.');
  if (parts.length > 4 || parts.some((p) => !/^\d{1,5}$/.test(p) || Number(p) > 65535)) {
    return { severity: 'error', message: `DriverVer version "${version}" is not w.x.y.z with each part 0-65535` };
  }
  if (parts.length < 4) {
    return { severity: 'warning', message: `DriverVer version "${version}" has ${parts.length} parts; Windows pads it to 4 (write w.x.y.z)` };
  }
  return null;
}

const badDriverVer: Rule = {
  code: 'INF9102',
  levels: everyMode('error'),
  title: 'Malformed DriverVer',
  description:
    '`DriverVer = mm/dd/yyyy,w.x.y.z`: Windows ranks drivers by this date and version. A date that is not a real ' +
    'mm/dd/yyyy date, or a version part that is not a number from 0 to 65535, is an error. A version with fewer ' +
    'than four parts, or none, is a warning. An empty DriverVer in an .inx template is left to stampinf.',
  fix: 'Write the date as mm/dd/yyyy and the version as four numbers: `DriverVer = 06/21/2024,1.0.0.0`.',
  bad: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 2024-06-21,1.0',
  good: '[Version]\nSignature = "$Windows NT$"\nDriverVer = 06/21/2024,1.0.0.0',
  check(ctx) {
    const line = readVersion(ctx.doc).driverVer?.line;
    if (!line) return;
    const value = line.fields.map((f) => f.value).join(',').trim();
    if (value === '' && /\.inx$/i.test(ctx.doc.file)) return;
    if (value === '') {
      ctx.report(line, 'DriverVer is empty; set it to mm/dd/yyyy,w.x.y.z', 'warning');
      return;
    }
    const problem = checkDriverVer(value);
    if (problem) ctx.report(line.fields[0] ?? line, problem.message, problem.severity);
  },
};

const classMismatch: Rule = {
  code: 'INF9103',
  levels: everyMode('error'),
  title: 'Class and ClassGuid disagree',
  description:
    'When Class names a system-defined device setup class, ClassGuid must be that class\'s GUID, and a system ' +
    'class GUID must come with its own name. Windows files the device under the GUID, so a mismatch puts it ' +
    'in the wrong class (or creates a bogus one). The table is in lib/rules/classes.ts (devguid.h plus the file ' +
    'system filter classes).',
  fix: 'Use the GUID that belongs to the class name (or the name that belongs to the GUID).',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Net\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Net\nClassGuid = {4d36e972-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const version = readVersion(ctx.doc);
    const name = version.class?.value.trim();
    const guid = version.classGuid?.value.trim();
    if (!name || !guid || !isGuid(guid)) return;
    const byName = systemClassByName(name);
    const byGuid = systemClassByGuid(guid);
    if (byName && byName.guid !== guid.toLowerCase()) {
      ctx.report(version.classGuid!.field, `Class ${name} is a system class whose ClassGuid is ${byName.guid}, not ${guid}`);
    } else if (byGuid && byGuid.name.toLowerCase() !== name.toLowerCase()) {
      ctx.report(version.class!.field, `ClassGuid ${guid} is the system class ${byGuid.name}, but Class is ${name}`);
    }
  },
};

const classPair: Rule = {
  code: 'INF9104',
  levels: everyMode('warning'),
  title: 'Class without ClassGuid (or the reverse)',
  description:
    'A device INF should give both Class and ClassGuid in [Version]. With only one of them, Windows has to look ' +
    'the other up (or cannot), which is slower and fails for a class that is not installed yet.',
  fix: 'Add the missing entry.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Net',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Net\nClassGuid = {4d36e972-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const { class: name, classGuid: guid } = readVersion(ctx.doc);
    if (name && !guid) ctx.report(name.line, `Class is set but ClassGuid is not; add ClassGuid for class ${name.value.trim()}`);
    if (guid && !name) ctx.report(guid.line, 'ClassGuid is set but Class is not; add the class name');
  },
};

const REQUIRED_VERSION_ENTRIES = ['Class', 'ClassGuid', 'Provider', 'DriverVer', 'CatalogFile'];

const requiredVersion: Rule = {
  code: 'INF9802',
  seeAlso: '1233',
  levels: onlyIn('error', ['windowsDriver', 'hlk']),
  title: 'Required [Version] entry missing (Windows Driver)',
  description:
    `A driver package needs ${REQUIRED_VERSION_ENTRIES.join(', ')} in [Version] and Signature = "$Windows NT$": ` +
    'the catalog carries the signature, and Class, Provider and DriverVer decide how Windows ranks and files the driver. ' +
    'A decorated CatalogFile (CatalogFile.NTamd64) counts. InfVerif\'s 1233 is the CatalogFile part of this check.',
  fix: 'Add the missing entry to [Version].',
  bad: '[Version]\nSignature = "$Chicago$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\nDriverVer = 06/21/2024,1.0.0.0',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\nDriverVer = 06/21/2024,1.0.0.0\nCatalogFile = sample.cat',
  check(ctx) {
    const version = ctx.doc.section('Version');
    if (!version) return; // INF1001
    const keys = new Set(version.lines.map((l) => l.key?.trim().toLowerCase().replace(/\..*$/, '')));
    for (const entry of REQUIRED_VERSION_ENTRIES) {
      if (!keys.has(entry.toLowerCase())) ctx.report(version, `[Version] has no ${entry}`);
    }
    const { signature } = readVersion(ctx.doc);
    if (signature && signature.value.trim().toLowerCase() !== '$windows nt$') {
      ctx.report(signature.field, `a driver package must have Signature = "$Windows NT$", not "${signature.value.trim()}"`);
    }
  },
};

export const rules: Rule[] = [malformedGuid, badDriverVer, classMismatch, classPair, requiredVersion];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
