// AddReg / DelReg / BitReg lines: registry roots, flags, value types and data, keys an INF may not
// write, and the model of which key each entry writes (what HKR means where) that isolation.ts uses.
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { everyMode } from './catalogue.js';
import { infInt, readInterfaceInstall32, readManufacturers, readModels } from '../inf/model.js';
import { ARCH_PLACEHOLDER, parseTargetOsVersion, selectInstallSection } from '../inf/platform.js';
import {
  INSTALL_DECORATIONS,
  allFields,
  hasUnresolvedToken,
  installSectionVariants,
  linesOfDirective,
  perDocument,
  targetSections,
} from './helpers.js';
import { getOrInsertComputed } from '../base/maps.js';

// ---------------------------------------------------------------- flags and types

// FLG_ADDREG_*: BINVALUETYPE 0x1, NOCLOBBER 0x2, DELVAL 0x4, APPEND 0x8, KEYONLY 0x10,
// OVERWRITEONLY 0x20, 64BITKEY 0x1000, KEYONLY_COMMON 0x2000, 32BITKEY 0x4000, DELREG_BIT 0x8000;
// the high word is the value type.
const ADDREG_LOW_BITS = 0x1 | 0x2 | 0x4 | 0x8 | 0x10 | 0x20 | 0x1000 | 0x2000 | 0x4000 | 0x8000;
export const FLG_ADDREG_BINVALUETYPE = 0x1;
export const FLG_ADDREG_DELVAL = 0x4;
export const FLG_ADDREG_APPEND = 0x8;
export const FLG_ADDREG_KEYONLY = 0x10;
export const FLG_ADDREG_KEYONLY_COMMON = 0x2000;
const FLG_ADDREG_DELREG_BIT = 0x8000;
/** FLG_DELREG_MULTI_SZ_DELSTRING: delete one string from a REG_MULTI_SZ value. */
const FLG_DELREG_MULTI_SZ_DELSTRING = 0x00018002;
/** The type bits of AddReg flags (high word and BINVALUETYPE). */
const TYPE_MASK = 0xffff0001;

// REG_* numbers.
export const REG_NONE = 0;
export const REG_SZ = 1;
export const REG_EXPAND_SZ = 2;
export const REG_BINARY = 3;
export const REG_DWORD = 4;
export const REG_MULTI_SZ = 7;
export const REG_QWORD = 11;

/**
 * The REG_* type AddReg flags give (SetupAPI's switch over FLG_ADDREG_TYPE_*: with BINVALUETYPE an
 * unknown high word is the type number itself), or undefined for a high word without BINVALUETYPE.
 */
export function valueTypeOf(flags: number): number | undefined {
  switch ((flags & TYPE_MASK) >>> 0) {
    case 0x00000000:
      return REG_SZ;
    case 0x00010000:
      return REG_MULTI_SZ;
    case 0x00020000:
      return REG_EXPAND_SZ;
    case 0x00000001:
      return REG_BINARY;
    case 0x00010001:
      return REG_DWORD;
    case 0x00020001:
      return REG_NONE;
    default:
      return flags & FLG_ADDREG_BINVALUETYPE ? flags >>> 16 : undefined;
  }
}

/** The flags field of a registry line as a number (absent or empty = 0), or undefined when it is not a number. */
export function flagsOf(field: InfField | undefined): number | undefined {
  return infInt(field?.value.trim() ?? '');
}

/** True when an AddReg entry with these flags deletes or creates a key only: it sets no value. */
export function setsNoValue(flags: number): boolean {
  return (flags & (FLG_ADDREG_DELVAL | FLG_ADDREG_KEYONLY | FLG_ADDREG_KEYONLY_COMMON | FLG_ADDREG_DELREG_BIT)) !== 0;
}

const hex8 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

// ---------------------------------------------------------------- the lines

const ROOTS = new Set(['hkr', 'hkcr', 'hkcu', 'hklm', 'hku']);

export type RegistryDirective = 'addreg' | 'delreg' | 'bitreg';

type RegistryLineOf = { section: InfSection; line: InfLine; fields: InfField[] };

/** registryLines by directive, for the document being validated (perDocument). */
const registryLinesByDirective = perDocument((): Map<RegistryDirective, RegistryLineOf[]> => new Map());

/** Every line of every section a `directive` names, with its fields (worked out once per document). */
function registryLines(ctx: RuleContext, directive: RegistryDirective): RegistryLineOf[] {
  const known = registryLinesByDirective(ctx.doc);
  let lines = known.get(directive);
  if (!lines) {
    lines = targetSections(ctx.doc, directive).flatMap((section) =>
      section.lines.map((line) => ({ section, line, fields: allFields(line) })),
    );
    known.set(directive, lines);
  }
  return lines;
}

const BACKSLASHES = /\\+/g;
const END_BACKSLASH = /^\\|\\$/g;

/** A registry subkey as one canonical path: single backslashes, none at either end. */
export function normaliseSubkey(subkey: string): string {
  return subkey.trim().replace(BACKSLASHES, '\\').replace(END_BACKSLASH, '');
}

/** True when `path` is `prefix` or lies below it (case-insensitive, whole path components). */
export function isUnder(path: string, prefix: string): boolean {
  const p = path.toLowerCase();
  const q = prefix.toLowerCase();
  return p === q || p.startsWith(`${q}\\`);
}

// ---------------------------------------------------------------- which key each entry writes

/**
 * What HKR stands for in a registry section, by the section whose directive names it (the table in
 * inf-addreg-directive.md): the device's software key (DDInstall, DDInstall.CoInstallers), its hardware
 * key (DDInstall.HW), the service key (service-install section), the event-log key, the device
 * interface's key (add-interface section), the interface class key (install-interface section), the
 * setup class key (ClassInstall32), nothing ([DefaultInstall]: HKR may not be used there), or not known
 * (a section named from a section nothing installs, or from an included INF's section).
 */
export type HkrContext =
  | 'software'
  | 'hardware'
  | 'service'
  | 'eventlog'
  | 'interface'
  | 'interfaceClass'
  | 'class'
  | 'defaultInstall'
  | 'unknown';

/** A section that installs registry sections, and what HKR means for them. */
export interface RegistryOrigin {
  /** The install, service-install, interface or class section whose AddReg/DelReg/BitReg (or Needs) names the section. */
  install: InfSection;
  context: HkrContext;
  /** For service and eventlog: the service's name (AddService's first field). */
  service?: string;
  /** For interfaceClass: the interface class GUID. */
  interfaceGuid?: string;
}

export interface RegistrySectionUse {
  directive: RegistryDirective;
  section: InfSection;
  /** Every section that installs it; empty when no known install section does ('unknown'). */
  origins: RegistryOrigin[];
}

function* addServiceOrigins(doc: InfDocument, services: InfSection | undefined): Generator<RegistryOrigin> {
  for (const line of services?.lines ?? []) {
    if (line.key?.trim().toLowerCase() !== 'addservice') continue;
    const service = line.fields[0]?.value.trim() ?? '';
    const install = doc.section(line.fields[2]?.value.trim() ?? '');
    const eventLog = doc.section(line.fields[3]?.value.trim() ?? '');
    if (install) yield { install, context: 'service', service };
    if (eventLog) yield { install: eventLog, context: 'eventlog', service };
  }
}

/** True when a TargetOSVersion decoration may apply on `arch` (its architecture is that one, or none). */
function appliesToArch(decoration: string, arch: string): boolean {
  const parsed = parseTargetOsVersion(decoration);
  return parsed !== undefined && (parsed.arch === null || parsed.arch === ARCH_PLACEHOLDER || parsed.arch === arch.toLowerCase());
}

/**
 * The DDInstall base names the Models sections give, once each (case-insensitive); with an
 * architecture, only from the Models sections whose decoration applies there (the undecorated one
 * when none does).
 */
export function ddinstallBases(doc: InfDocument, arch?: string): string[] {
  const bases = new Map<string, string>();
  for (const entry of readManufacturers(doc)) {
    const decorations = arch ? entry.decorations.filter((d) => appliesToArch(d, arch)) : entry.decorations;
    const names = [
      ...(!arch || decorations.length === 0 ? [entry.modelsSection] : []),
      ...decorations.map((d) => `${entry.modelsSection}.${d}`),
    ];
    for (const name of names) {
      for (const model of readModels(doc, name.trim())) {
        const base = model.installSection.trim();
        if (base !== '') bases.set(base.toLowerCase(), base);
      }
    }
  }
  return [...bases.values()];
}

/** The sections that install registry sections: DDInstall and its .HW/.CoInstallers/.Services/.Interfaces, [DefaultInstall], [ClassInstall32], [InterfaceInstall32]. */
function registryInstallers(doc: InfDocument, arch: string | undefined): RegistryOrigin[] {
  const out: RegistryOrigin[] = [];
  // With an architecture, only the variant SetupAPI picks there; else every variant that may install.
  const variants = (base: string): InfSection[] => {
    if (!arch) return installSectionVariants(doc, base);
    const chosen = selectInstallSection(doc, base, { arch }).section;
    const section = chosen ? doc.section(chosen) : undefined;
    return section ? [section] : [];
  };
  const withServices = (section: InfSection): void => {
    out.push(...addServiceOrigins(doc, doc.section(`${section.name}.Services`)));
  };
  for (const base of ddinstallBases(doc, arch)) {
    // A DDInstall section may be missing (INF1203) while its .HW or .Services section is there.
    const found = variants(base);
    for (const name of found.length ? found.map((s) => s.name) : [base, ...INSTALL_DECORATIONS.map((d) => `${base}.${d}`)]) {
      const ddinstall = doc.section(name);
      if (ddinstall) out.push({ install: ddinstall, context: 'software' });
      const hw = doc.section(`${name}.HW`);
      if (hw) out.push({ install: hw, context: 'hardware' });
      const co = doc.section(`${name}.CoInstallers`);
      if (co) out.push({ install: co, context: 'software' });
      out.push(...addServiceOrigins(doc, doc.section(`${name}.Services`)));
      for (const line of doc.section(`${name}.Interfaces`)?.lines ?? []) {
        if (line.key?.trim().toLowerCase() !== 'addinterface') continue;
        const section = doc.section(line.fields[2]?.value.trim() ?? '');
        if (section) out.push({ install: section, context: 'interface' });
      }
    }
  }
  for (const section of variants('DefaultInstall')) {
    out.push({ install: section, context: 'defaultInstall' });
    withServices(section);
  }
  for (const section of variants('ClassInstall32')) {
    out.push({ install: section, context: 'class' });
    withServices(section);
  }
  for (const entry of readInterfaceInstall32(doc)) {
    if (!entry.installSection) continue;
    for (const section of installSectionVariants(doc, entry.installSection.trim())) {
      out.push({ install: section, context: 'interfaceClass', interfaceGuid: entry.interfaceClassGuid.trim().toLowerCase() });
    }
  }
  return out;
}

const REGISTRY_DIRECTIVES = new Set<string>(['addreg', 'delreg', 'bitreg']);

/** The uses of the document being validated, by architecture ('' for all) (perDocument). */
const usesByArch = perDocument((): Map<string, RegistrySectionUse[]> => new Map());

/**
 * Every AddReg, DelReg and BitReg section the INF names, each with the sections that install it and
 * so what its HKR means. With `arch`, DDInstall, [DefaultInstall] and [ClassInstall32] count only in
 * the variant SetupAPI picks for it (two variants never install together). Needs= of a section of this
 * INF installs that section's registry sections in the same context.
 */
export function registrySectionUses(doc: InfDocument, arch?: string): RegistrySectionUse[] {
  const cached = usesByArch(doc);
  const known = cached.get(arch ?? '');
  if (known) return known;
  const byKey = new Map<string, RegistrySectionUse>();
  const use = (directive: RegistryDirective, section: InfSection): RegistrySectionUse => {
    const key = `${directive}\0${section.name.toLowerCase()}`;
    return getOrInsertComputed(byKey, key, () => ({ directive, section, origins: [] }));
  };
  for (const origin of registryInstallers(doc, arch)) {
    const seen = new Set<InfSection>();
    const walk = (section: InfSection): void => {
      if (seen.has(section)) return;
      seen.add(section);
      for (const line of section.lines) {
        const key = line.key?.trim().toLowerCase();
        if (!key) continue;
        if (REGISTRY_DIRECTIVES.has(key)) {
          for (const field of line.fields) {
            const target = doc.section(field.value.trim());
            if (!target) continue;
            const u = use(key as RegistryDirective, target);
            if (!u.origins.some((o) => o.install === origin.install && o.context === origin.context && o.service === origin.service)) {
              u.origins.push(origin);
            }
          }
        } else if (key === 'needs') {
          for (const field of line.fields) {
            const needed = doc.section(field.value.trim());
            if (needed) walk(needed);
          }
        }
      }
    };
    walk(origin.install);
  }
  // Sections named only from sections nothing above installs: HKR unknown.
  for (const directive of REGISTRY_DIRECTIVES) {
    for (const d of linesOfDirective(doc, directive)) {
      for (const field of d.line.fields) {
        const target = doc.section(field.value.trim());
        if (target) use(directive as RegistryDirective, target);
      }
    }
  }
  const uses = [...byKey.values()];
  cached.set(arch ?? '', uses);
  return uses;
}

/** One line of a registry section, read: root, subkey, value name, flags. */
export interface RegistryLine {
  line: InfLine;
  fields: InfField[];
  /** Upper case: HKR, HKLM, ... (as written otherwise). */
  root: string;
  /** normaliseSubkey of the subkey field. */
  subkey: string;
  /** The value-entry-name field, or null when absent. */
  valueName: string | null;
  flags: number | undefined;
}

export function readRegistryLine(line: InfLine): RegistryLine {
  const fields = allFields(line);
  return {
    line,
    fields,
    root: (fields[0]?.value.trim() ?? '').toUpperCase(),
    subkey: normaliseSubkey(fields[1]?.value ?? ''),
    valueName: fields[2] ? fields[2].value.trim() : null,
    flags: flagsOf(fields[3]),
  };
}

/**
 * True when an AddReg/DelReg line writes (or deletes) a value, not only a key: it names a value,
 * or an AddReg line gives data for the key's default value; KEYONLY flags make it a key.
 */
export function touchesValue(directive: RegistryDirective, entry: RegistryLine): boolean {
  const flags = entry.flags ?? 0;
  if (flags & FLG_ADDREG_KEYONLY_COMMON || (directive === 'addreg' && flags & FLG_ADDREG_KEYONLY)) return false;
  if (entry.valueName !== null && entry.valueName !== '') return true;
  return directive === 'addreg' && entry.fields.length > 4;
}

// ---------------------------------------------------------------- rules: roots and keys

const badRoot: Rule = {
  code: 'INF1224',
  description:
    'The first field of an AddReg, DelReg or BitReg line must be one of HKR (the key the section is installed ' +
    'for), HKCR, HKCU, HKLM or HKU. SetupAPI skips a line with any other root (long names such as ' +
    'HKEY_LOCAL_MACHINE included).',
  fix: 'Use one of the five abbreviations.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKEY_LOCAL_MACHINE, Software\\Sample, Enabled, 0x10001, 1',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKLM, Software\\Sample, Enabled, 0x10001, 1',
  check(ctx) {
    for (const directive of ['addreg', 'delreg', 'bitreg'] as const) {
      for (const { line, fields } of registryLines(ctx, directive)) {
        const root = fields[0]?.value.trim() ?? '';
        if (ROOTS.has(root.toLowerCase()) || hasUnresolvedToken(fields[0])) continue;
        ctx.report(
          fields[0] ?? line,
          root === ''
            ? 'registry line has no root; start it with HKR, HKCR, HKCU, HKLM or HKU'
            : `invalid registry root "${root}"; use HKR, HKCR, HKCU, HKLM or HKU`,
        );
      }
    }
  },
};

/** The HKLM top-level keys an INF may write under (the other hives are the system's: SAM, SECURITY, HARDWARE, BCD00000000). */
const WRITABLE_HKLM_KEYS = new Set(['software', 'system']);

/** Keys PnP owns and HKR reaches for the INF: device instance keys. */
const PNP_OWNED_KEYS = ['SYSTEM\\CurrentControlSet\\Enum'];

/** Each registry line of each registry section (any directive), read. */
function* everyRegistryLine(ctx: RuleContext): Generator<{ directive: RegistryDirective; section: InfSection; entry: RegistryLine }> {
  for (const directive of ['addreg', 'delreg', 'bitreg'] as const) {
    for (const section of targetSections(ctx.doc, directive)) {
      for (const line of section.lines) yield { directive, section, entry: readRegistryLine(line) };
    }
  }
}

const systemTree: Rule = {
  code: 'INF1222',
  description:
    'Under HKLM\\SYSTEM an INF may write only below CurrentControlSet. The other keys there (Setup, Select, ' +
    'ControlSet001, ...) belong to Windows: a control set other than the current one is not the one in use, ' +
    'and the rest is the boot and setup state.',
  fix: 'Write device and driver state with HKR entries; where a global key is needed, write it under HKLM\\SYSTEM\\CurrentControlSet.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKLM, SYSTEM\\ControlSet001\\Services\\Sample, Start, 0x10001, 3',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Start, 0x10001, 3',
  check(ctx) {
    for (const { entry } of everyRegistryLine(ctx)) {
      if (entry.root !== 'HKLM' || !isUnder(entry.subkey, 'SYSTEM') || isUnder(entry.subkey, 'SYSTEM\\CurrentControlSet')) continue;
      if (hasUnresolvedToken(entry.fields[1])) continue;
      ctx.report(
        entry.fields[1] ?? entry.line,
        `cannot modify HKLM\\${entry.subkey}: under HKLM\\SYSTEM only HKLM\\SYSTEM\\CurrentControlSet may be written`,
      );
    }
  },
};

const forbiddenKey: Rule = {
  code: 'INF1223',
  description:
    'Some registry keys an INF may not write at all: the HKLM hives other than SOFTWARE and SYSTEM (SAM, ' +
    'SECURITY, HARDWARE, BCD00000000, which Windows builds or guards itself), and the device instance keys ' +
    "under HKLM\\SYSTEM\\CurrentControlSet\\Enum, which Plug and Play owns. A device's own keys are reached " +
    'with HKR.',
  fix: "Write the state with an HKR entry in the DDInstall or DDInstall.HW section's AddReg instead.",
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKLM, "SYSTEM\\CurrentControlSet\\Enum\\Root\\Sample\\0000", Mode, 0x10001, 1',
  good: '[Install.NT.HW]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Mode, 0x10001, 1',
  check(ctx) {
    for (const { entry } of everyRegistryLine(ctx)) {
      if (entry.root !== 'HKLM' || hasUnresolvedToken(entry.fields[1])) continue;
      const top = entry.subkey.split('\\')[0]!.toLowerCase();
      if (top === '') continue; // a value directly under HKLM: no key named
      const owned = PNP_OWNED_KEYS.find((k) => isUnder(entry.subkey, k));
      if (owned)
        ctx.report(entry.fields[1] ?? entry.line, `cannot modify HKLM\\${owned}: device instance keys belong to Plug and Play; use HKR`);
      else if (!WRITABLE_HKLM_KEYS.has(top))
        ctx.report(entry.fields[1] ?? entry.line, `cannot modify HKLM\\${entry.subkey.split('\\')[0]}: that hive belongs to Windows`);
    }
  },
};

const securityDirectlyUnderHkr: Rule = {
  code: 'INF1226',
  description:
    'An [add-registry-section.security] section gives the keys and values of its AddReg section a security ' +
    'descriptor. A value written directly under HKR (no subkey) lives in a key Windows creates and secures ' +
    'itself, so it cannot take a descriptor of its own.',
  fix: 'Move the values that need their own security descriptor to a subkey (HKR, Subkey, ...), or drop the .security section.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Mode, 0x10001, 1\n\n[Sample_AddReg.security]\n"D:P(A;;GA;;;SY)(A;;GA;;;BA)"',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR, Settings, Mode, 0x10001, 1\n\n[Sample_AddReg.security]\n"D:P(A;;GA;;;SY)(A;;GA;;;BA)"',
  check(ctx) {
    for (const section of targetSections(ctx.doc, 'addreg')) {
      if (!ctx.doc.section(`${section.name}.security`)) continue;
      for (const line of section.lines) {
        const entry = readRegistryLine(line);
        if (entry.root !== 'HKR' || entry.subkey !== '' || !touchesValue('addreg', entry)) continue;
        if (entry.flags !== undefined && setsNoValue(entry.flags)) continue;
        ctx.report(
          line,
          `value "${entry.valueName ?? ''}" is directly under HKR, so the security descriptor of [${section.name}.security] cannot apply to it`,
        );
      }
    }
  },
};

// ---------------------------------------------------------------- rules: flags, types, data

const undefinedFlags: Rule = {
  code: 'INF9302',
  seeAlso: '1268',
  levels: everyMode('warning'),
  title: 'AddReg flags set bits no FLG_ADDREG_* flag has',
  description:
    'The low word of AddReg flags holds FLG_ADDREG_* bits (0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x1000, 0x2000, 0x4000, ' +
    '0x8000); the high word is the value type. Other low-word bits mean nothing to Windows, which ignores them: ' +
    'usually a typo for the intended flag. (Flags that are not a number are INF1268.)',
  fix: 'Write the flags from the documented FLG_ADDREG_* values.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Enabled, 0x00010041, 1',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Enabled, 0x00010001, 1',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined) continue;
      const extra = flags & 0xffff & ~ADDREG_LOW_BITS;
      if (extra !== 0) ctx.report(fields[3], `AddReg flags 0x${(flags >>> 0).toString(16)} set undefined bits 0x${extra.toString(16)}`);
    }
  },
};

const wideBitmask: Rule = {
  code: 'INF1262',
  description: 'BitReg changes bits of one byte of a binary value: its byte-mask field (the 5th) must fit in one byte, 0x00-0xFF.',
  fix: 'Give a one-byte mask and choose the byte with the byte-to-modify field (the 6th).',
  bad: '[Install.NT]\nBitReg = Sample_BitReg\n\n[Sample_BitReg]\nHKR,, Options, 1, 0x1ff, 0',
  good: '[Install.NT]\nBitReg = Sample_BitReg\n\n[Sample_BitReg]\nHKR,, Options, 1, 0x80, 0',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'bitreg')) {
      const mask = fields[4];
      if (!mask || hasUnresolvedToken(mask)) continue;
      const value = infInt(mask.value.trim());
      if (value !== undefined && (value < 0 || value > 0xff))
        ctx.report(mask, `BitReg mask 0x${(value >>> 0).toString(16)} is wider than one byte`);
    }
  },
};

const customTypeConflict: Rule = {
  code: 'INF1263',
  description:
    'With FLG_ADDREG_BINVALUETYPE set, a high word other than 0, 1 and 2 is taken as the registry type number ' +
    'itself: a custom type, written as bytes. That number may not be one of the string types (REG_SZ 1, ' +
    'REG_EXPAND_SZ 2, REG_MULTI_SZ 7) or REG_NONE, whose data is not bytes; the high word 7 with the binary bit ' +
    'does that.',
  fix: 'For a REG_MULTI_SZ value write the flags 0x00010000 and the strings; keep the binary bit for numeric custom types.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Names, 0x00070001, 41,00,00,00',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Names, 0x00010000, "A"',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined || setsNoValue(flags) || !(flags & FLG_ADDREG_BINVALUETYPE)) continue;
      // High words 0, 1 and 2 are REG_BINARY, REG_DWORD and REG_NONE; above that the number is the type.
      const type = valueTypeOf(flags);
      if (flags >>> 16 > 2 && (type === REG_SZ || type === REG_EXPAND_SZ || type === REG_MULTI_SZ || type === REG_NONE)) {
        ctx.report(fields[3], `AddReg flags ${hex8(flags)} give a custom value type ${type}, which is a string type, not a binary one`);
      }
    }
  },
};

const customTypeWithoutBinary: Rule = {
  code: 'INF1264',
  description:
    'A value type in the high word of AddReg flags other than the predefined ones (0x0000 REG_SZ, 0x0001 ' +
    'REG_MULTI_SZ, 0x0002 REG_EXPAND_SZ) is a custom type, and needs FLG_ADDREG_BINVALUETYPE (0x1) in the low ' +
    'word: its data is bytes.',
  fix: 'Add 0x1 to the flags (0x00380000 → 0x00380001) and give the data as hex bytes, or use a predefined type.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Data, 0x00040000, 1',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Data, 0x00010001, 1',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined || setsNoValue(flags)) continue;
      if (valueTypeOf(flags) === undefined)
        ctx.report(
          fields[3],
          `AddReg flags ${hex8(flags)} give custom value type 0x${(flags >>> 16).toString(16)} without FLG_ADDREG_BINVALUETYPE (0x1)`,
        );
    }
  },
};

const appendToNonMultiSz: Rule = {
  code: 'INF1265',
  description:
    'FLG_ADDREG_APPEND (0x8) adds a string to a REG_MULTI_SZ value and is valid only with that type ' +
    '(flags 0x00010008). With any other type Windows fails the entry.',
  fix: 'Use 0x00010008 to append to a REG_MULTI_SZ value, or drop 0x8 to set the value.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Name, 0x00000008, "Extra"',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Names, 0x00010008, "Extra"',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined || !(flags & FLG_ADDREG_APPEND) || setsNoValue(flags)) continue;
      if (valueTypeOf(flags) !== REG_MULTI_SZ)
        ctx.report(fields[3], `AddReg flags ${hex8(flags)} append (0x8) to a value that is not REG_MULTI_SZ`);
    }
  },
};

const multiSzDeleteWithoutValue: Rule = {
  code: 'INF1266',
  description:
    'FLG_DELREG_MULTI_SZ_DELSTRING (0x00018002) removes one string from a REG_MULTI_SZ value: the line must ' +
    'name the value and, in its 5th field, the string to remove.',
  fix: 'Give the string to remove, or use flags 0 to delete the whole value.',
  bad: '[Install.NT]\nDelReg = Sample_DelReg\n\n[Sample_DelReg]\nHKR,, UpperFilters, 0x00018002',
  good: '[Install.NT]\nDelReg = Sample_DelReg\n\n[Sample_DelReg]\nHKR,, UpperFilters, 0x00018002, OldFilter',
  check(ctx) {
    for (const directive of ['delreg', 'addreg'] as const) {
      for (const { line, fields } of registryLines(ctx, directive)) {
        const flags = flagsOf(fields[3]);
        if (flags === undefined || (flags | FLG_ADDREG_DELREG_BIT) >>> 0 !== FLG_DELREG_MULTI_SZ_DELSTRING) continue;
        const value = fields[4]?.value.trim() ?? '';
        const name = fields[2]?.value.trim() ?? '';
        if (value === '' || name === '')
          ctx.report(
            fields[3] ?? line,
            name === ''
              ? 'a delete from a REG_MULTI_SZ value names no value'
              : `a delete from REG_MULTI_SZ value "${name}" names no string to remove`,
          );
      }
    }
  },
};

const HEX_BYTE = /^(0x)?[0-9a-f]{1,2}$/i;

const badBinaryData: Rule = {
  code: 'INF1267',
  description:
    'The data of a binary value (FLG_ADDREG_BINVALUETYPE: REG_BINARY, REG_NONE, custom types, and REG_DWORD or ' +
    'REG_QWORD given as several fields) is a list of bytes, one per field, each hex 00-FF.',
  fix: 'Write each byte as two hex digits, separated by commas: 01,ff,2a.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Blob, 0x00000001, 01, 1ff',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Blob, 0x00000001, 01, ff',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined || setsNoValue(flags) || !(flags & FLG_ADDREG_BINVALUETYPE)) continue;
      const type = valueTypeOf(flags);
      const values = fields.slice(4);
      if ((type === REG_DWORD || type === REG_QWORD) && values.length === 1) continue; // a number: INF1268
      if (type === REG_MULTI_SZ) continue; // INF1263
      for (const v of values) {
        const text = v.value.trim();
        if (text === '' || hasUnresolvedToken(v) || HEX_BYTE.test(text)) continue;
        ctx.report(v, `binary data "${text}" is not a byte 00-FF`);
        break;
      }
    }
  },
};

const DECIMAL_OR_HEX_64 = /^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/i;

const badNumber: Rule = {
  code: 'INF1268',
  description:
    'Numbers in registry lines must be decimal or 0x hex and fit their width: the flags field (32 bits), a ' +
    "REG_DWORD value given as one field (32 bits), a REG_QWORD value given as one field (64 bits), and BitReg's " +
    'mask and byte fields. A leading 0 makes SetupAPI read octal, so 08 or 09 stops at the 8 or 9.',
  fix: 'Write the number in decimal or 0x hex, within the width of its field.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Timeout, 0x00010001, ten',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Timeout, 0x00010001, 10',
  check(ctx) {
    const bad32 = (field: InfField | undefined, what: string): boolean => {
      if (!field || hasUnresolvedToken(field)) return false;
      const text = field.value.trim();
      if (infInt(text) !== undefined) return false;
      const octal = /^0\d*[89]/.test(text) ? ' (a leading 0 makes it octal, so Windows stops at the 8 or 9)' : '';
      ctx.report(field, `${what} "${text}" is not a 32-bit decimal or 0x hex number${octal}`);
      return true;
    };
    for (const directive of ['addreg', 'delreg', 'bitreg'] as const) {
      for (const { fields } of registryLines(ctx, directive)) {
        if (bad32(fields[3], 'registry flags')) continue;
        if (directive === 'bitreg') {
          bad32(fields[4], 'BitReg mask') || bad32(fields[5], 'BitReg byte-to-modify');
          continue;
        }
        if (directive !== 'addreg') continue;
        const flags = flagsOf(fields[3])!;
        if (setsNoValue(flags) || fields.length !== 5) continue;
        const type = valueTypeOf(flags);
        if (type === REG_DWORD && fields[4]!.value.trim() !== '') bad32(fields[4], 'REG_DWORD value');
        else if (type === REG_QWORD && !hasUnresolvedToken(fields[4])) {
          const text = fields[4]!.value.trim();
          const big = DECIMAL_OR_HEX_64.test(text) ? BigInt(text) : undefined;
          if (text !== '' && (big === undefined || big > 0xffffffffffffffffn))
            ctx.report(fields[4], `REG_QWORD value "${text}" is not a 64-bit decimal or 0x hex number`);
        }
      }
    }
  },
};

/**
 * Values with a fixed meaning and type directly under a device's or class's HKR key (the special
 * value-entry-name keywords of inf-addreg-directive.md), with the AddReg type flags each needs and
 * the keys where the keyword has that meaning: the device's hardware key (DDInstall.HW) and the
 * setup class key for most; also the software key for EnumPropPages32 and the resource picker values.
 * (In a software key DeviceType, Security and the like are the driver's own values: modem INFs keep a
 * binary DeviceType there.)
 */
export const WELL_KNOWN_VALUES: Readonly<Record<string, { flags: number; type: string; where: readonly HkrContext[] }>> = {
  devicecharacteristics: { flags: 0x00010001, type: 'REG_DWORD', where: ['hardware', 'class'] },
  devicetype: { flags: 0x00010001, type: 'REG_DWORD', where: ['hardware', 'class'] },
  exclusive: { flags: 0x00010001, type: 'REG_DWORD', where: ['hardware', 'class'] },
  upperfilters: { flags: 0x00010000, type: 'REG_MULTI_SZ', where: ['hardware', 'class'] },
  lowerfilters: { flags: 0x00010000, type: 'REG_MULTI_SZ', where: ['hardware', 'class'] },
  security: { flags: 0x00000000, type: 'REG_SZ', where: ['hardware', 'class'] },
  locationinformationoverride: { flags: 0x00000000, type: 'REG_SZ', where: ['hardware'] },
  enumproppages32: { flags: 0x00000000, type: 'REG_SZ', where: ['software', 'class'] },
  resourcepickertags: { flags: 0x00000000, type: 'REG_SZ', where: ['software', 'hardware', 'class'] },
  resourcepickerexceptions: { flags: 0x00000000, type: 'REG_SZ', where: ['software', 'hardware', 'class'] },
};

const wellKnownType: Rule = {
  code: 'INF1431',
  description:
    "Some values directly under a device's or setup class's HKR key have a meaning and a type Windows relies " +
    'on: DeviceCharacteristics, DeviceType and Exclusive are REG_DWORD (0x00010001); UpperFilters and ' +
    'LowerFilters are REG_MULTI_SZ (0x00010000); Security, EnumPropPages32, LocationInformationOverride, ' +
    'ResourcePickerTags and ResourcePickerExceptions are REG_SZ (0). Written with another type they are misread ' +
    'or ignored. Checked where each has that meaning: the hardware key (DDInstall.HW) and [ClassInstall32] for ' +
    'most, the software key too for EnumPropPages32 and the resource picker values.',
  fix: 'Write the value with the type it needs.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.HW]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, UpperFilters, 0, "SampleFilter"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.HW]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, UpperFilters, 0x00010000, "SampleFilter"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  check(ctx) {
    for (const use of registrySectionUses(ctx.doc)) {
      if (use.directive !== 'addreg') continue;
      for (const line of use.section.lines) {
        const entry = readRegistryLine(line);
        if (entry.root !== 'HKR' || entry.subkey !== '' || entry.flags === undefined || setsNoValue(entry.flags)) continue;
        const known = WELL_KNOWN_VALUES[(entry.valueName ?? '').toLowerCase()];
        if (!known || (entry.flags & TYPE_MASK) >>> 0 === known.flags) continue;
        if (!use.origins.some((o) => known.where.includes(o.context))) continue;
        ctx.report(
          entry.fields[3] ?? line,
          `well-known registry value "${entry.valueName}" must be ${known.type}: expecting value type ${hex8(known.flags)}, not ${hex8(entry.flags & TYPE_MASK)}`,
        );
      }
    }
  },
};

/** A Windows directory written out in full: a drive letter and \Windows as a whole path component. */
const WINDOWS_DIR = /(^|[^a-z0-9])[a-z]:\\windows(?=\\|$|[";,\s])/i;

const windowsDirSpelledOut: Rule = {
  code: 'INF1257',
  description:
    'A registry string that holds the Windows directory written out (C:\\Windows\\...) is wrong wherever Windows ' +
    'is installed elsewhere, and in offline or image installs. Use %SystemRoot% (written %%SystemRoot%% in an ' +
    'INF) in a REG_EXPAND_SZ value instead.',
  fix: 'Replace the drive and Windows directory with %%SystemRoot%% and write the value as REG_EXPAND_SZ (0x00020000).',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, HelperPath, 0, "C:\\Windows\\System32\\helper.exe"',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, HelperPath, 0x00020000, "%%SystemRoot%%\\System32\\helper.exe"',
  check(ctx) {
    for (const { fields } of registryLines(ctx, 'addreg')) {
      const flags = flagsOf(fields[3]);
      if (flags === undefined || setsNoValue(flags)) continue;
      const type = valueTypeOf(flags);
      if (type !== REG_SZ && type !== REG_EXPAND_SZ && type !== REG_MULTI_SZ) continue;
      const hit = fields.slice(4).find((v) => WINDOWS_DIR.test(v.value));
      if (hit) ctx.report(hit, `registry data "${hit.value.trim()}" spells out the Windows directory; use %%SystemRoot%% instead`);
    }
  },
};

const badWmiFlags: Rule = {
  code: 'INF1256',
  description:
    'WMIInterface = {WmiClassGUID},[flags],WMI-class-section (in DDInstall.WMI): the only flag defined is 0x1 ' +
    '(SCWMI_CLOBBER_SECURITY, replace an existing security descriptor). Other bits, or flags that are not a number, are invalid.',
  fix: 'Leave the flags empty, or write 0 or 1.',
  bad: '[Install.NT.WMI]\nWMIInterface = {99999999-4cf9-11d2-ba4a-00a0c9062910}, 2, WmiSecurity\n\n[WmiSecurity]\nSecurity = "O:BAG:BAD:(A;;0x120fff;;;BA)"',
  good: '[Install.NT.WMI]\nWMIInterface = {99999999-4cf9-11d2-ba4a-00a0c9062910}, 1, WmiSecurity\n\n[WmiSecurity]\nSecurity = "O:BAG:BAD:(A;;0x120fff;;;BA)"',
  check(ctx) {
    for (const { line } of linesOfDirective(ctx.doc, 'wmiinterface')) {
      const field = line.fields[1];
      if (!field || line.fields.length < 3 || hasUnresolvedToken(field)) continue; // two fields: no flags
      const text = field.value.trim();
      const flags = infInt(text);
      if (flags === undefined || (flags & ~1) !== 0)
        ctx.report(field, `invalid WMI interface flags "${text}"; only 0x1 (SCWMI_CLOBBER_SECURITY) is defined`);
    }
  },
};

export const rules: Rule[] = [
  badRoot,
  systemTree,
  forbiddenKey,
  securityDirectlyUnderHkr,
  wellKnownType,
  windowsDirSpelledOut,
  badWmiFlags,
  wideBitmask,
  customTypeConflict,
  customTypeWithoutBinary,
  appendToNonMultiSz,
  multiSzDeleteWithoutValue,
  badBinaryData,
  badNumber,
  undefinedFlags,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF1225:
    "the page does not say which values it holds to a type, and the values whose type Microsoft documents (the AddReg special keywords) are INF1431's",
  INF1430:
    'the page names neither the values nor the keys, and no Microsoft document lists values an INF may not set under a key it may otherwise write',
};
