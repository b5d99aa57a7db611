// Legacy operations (InfVerif's Universal range, 1300-1309; install/using-a-universal-inf-file.md):
// constructs and operations a universal INF may not use. 1300-1302 are what modern Windows does not
// support, 1303 co-installers (driver.ts), 1304 registry roots other than HKR, 1305 appended multi-sz
// values, 1306 copies outside %SystemRoot%, 1307 desktop-only constructs, 1308-1309 removals. Every
// mode reports them at the catalogue's level (catalogue.ts: warnings in the plain mode).
//
// [DefaultUninstall] sections, a section with LegacyUninstall = 1, and the Remove sections of network
// components ([Install.Remove], network/remove-section-in-a-network-inf-file.md) are skipped: removing
// is their job, and InfVerif reports nothing in [DefaultUninstall] (posted /u results for the
// minifilter samples, whose [DefaultUninstall] had DelFiles and DelService, show none of these codes).
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { onlyIn } from './catalogue.js';
import { DIRIDS } from '../inf/dirids.js';
import { infInt, readDestinationDirs, type DestinationDir } from '../inf/model.js';
import { microsoftClass } from './class-install.js';
import { allFields, directiveLines, installSectionVariants, perDocument, type DirectiveLine } from './helpers.js';
import { readDefaultSection } from './primitive.js';

// ---------------------------------------------------------------- which sections count

/** A network component's Remove section ([Install.Remove], [Install.Remove.Services]), run when it is removed. */
function isRemoveSection(name: string): boolean {
  const parts = name.toLowerCase().split('.');
  return parts.length > 1 && (parts[parts.length - 1] === 'remove' || (parts.length > 2 && parts[parts.length - 2] === 'remove'));
}

/** [DefaultUninstall...] sections, Remove sections, and any section with LegacyUninstall = 1: not checked here. */
const uninstallSections = perDocument((doc: InfDocument): Set<InfSection> => {
  const out = new Set<InfSection>();
  for (const section of doc.sections) {
    if (readDefaultSection(section)?.kind === 'uninstall' || isRemoveSection(section.name)) out.add(section);
    else if (section.lines.some((l) => l.key?.trim().toLowerCase() === 'legacyuninstall' && infInt(l.fields[0]?.value.trim()) === 1)) {
      out.add(section);
    }
  }
  return out;
});

/** The directive lines of every section but the uninstall ones. */
const installDirectives = perDocument((doc: InfDocument): DirectiveLine[] => {
  const skip = uninstallSections(doc);
  return skip.size === 0 ? directiveLines(doc) : directiveLines(doc).filter((d) => !skip.has(d.section));
});

/** The sections the `directive` lines name (each in plain and decorated form), each once, with the naming field. */
function namedSections(
  doc: InfDocument,
  lines: readonly DirectiveLine[],
  directive: string,
): Array<{ section: InfSection; field: InfField }> {
  const seen = new Set<InfSection>();
  const out: Array<{ section: InfSection; field: InfField }> = [];
  for (const d of lines) {
    if (d.directive !== directive) continue;
    for (const field of d.line.fields) {
      const name = field.value.trim();
      if (name === '' || name.startsWith('@')) continue;
      for (const section of installSectionVariants(doc, name)) {
        if (seen.has(section)) continue;
        seen.add(section);
        out.push({ section, field });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- registry paths

const ROOTS: Record<string, string> = {
  hkr: 'HKR',
  hklm: 'HKLM',
  hkey_local_machine: 'HKLM',
  hkcr: 'HKCR',
  hkey_classes_root: 'HKCR',
  hkcu: 'HKCU',
  hkey_current_user: 'HKCU',
  hku: 'HKU',
  hkey_users: 'HKU',
};

const EDGE_BACKSLASHES = /^\\+|\\+$/g;
const WINDOWS_PATH = /^(%systemroot%|%windir%|[a-z]:\\windows(\\|$))/i;

/** A registry entry's root (canonical), subkey and value name, or undefined when the line has no root. */
function registryPath(line: InfLine): { root: string; subkey: string; value: string | null; path: string } | undefined {
  const [rootField, subkeyField, valueField] = allFields(line);
  const rootText = rootField?.value.trim() ?? '';
  if (rootText === '') return undefined;
  const root = ROOTS[rootText.toLowerCase()] ?? rootText;
  const subkey = subkeyField?.value.trim().replace(EDGE_BACKSLASHES, '') ?? '';
  const value = valueField ? valueField.value.trim() : null;
  const path = [root, subkey, value ?? ''].filter((p) => p !== '').join('\\');
  return { root, subkey, value, path };
}

/** Keys outside HKR a universal INF may write (using-a-universal-inf-file.md): COM classes and Media Foundation transforms. */
const ALLOWED_HKLM = [
  'software\\classes',
  'software\\microsoft\\windows media foundation',
  'software\\wow6432node\\microsoft\\windows media foundation',
  'software\\wow3232node\\microsoft\\windows media foundation',
];

function allowedNonRelative(root: string, subkey: string): boolean {
  if (root === 'HKCR') return true;
  if (root !== 'HKLM') return false;
  const key = subkey.toLowerCase();
  return ALLOWED_HKLM.some((k) => key === k || key.startsWith(`${k}\\`));
}

const FLG_ADDREG_APPEND = 0x8;
const FLG_DELREG_MULTI_SZ_DELSTRING = 0x00018002;

// ---------------------------------------------------------------- legacy operations

type OpClass = 'invalid' | 'removal';

/** Directives that name sections of items, the class of operation, and how an item is named. */
const OPERATIONS: Record<string, { name: string; kind: OpClass; item: (line: InfLine) => string | undefined }> = {
  bitreg: { name: 'BitReg', kind: 'invalid', item: (l) => registryPath(l)?.path },
  renfiles: {
    name: 'RenFiles',
    kind: 'invalid',
    item: (l) => {
      const [to, from] = allFields(l).map((f) => f.value.trim());
      return from && to ? `${from}' to '${to}` : (from ?? to) || undefined;
    },
  },
  updateinis: { name: 'UpdateInis', kind: 'invalid', item: (l) => allFields(l)[0]?.value.trim() || undefined },
  updateinifields: { name: 'UpdateIniFields', kind: 'invalid', item: (l) => allFields(l)[0]?.value.trim() || undefined },
  ini2reg: { name: 'Ini2Reg', kind: 'invalid', item: (l) => allFields(l)[0]?.value.trim() || undefined },
  registerdlls: { name: 'RegisterDlls', kind: 'invalid', item: (l) => allFields(l)[2]?.value.trim() || undefined },
  unregisterdlls: { name: 'UnregisterDlls', kind: 'invalid', item: (l) => allFields(l)[2]?.value.trim() || undefined },
  delfiles: { name: 'DelFiles', kind: 'removal', item: (l) => allFields(l)[0]?.value.trim() || undefined },
  delreg: {
    name: 'DelReg',
    kind: 'removal',
    // A multi-sz string removal is INF1305's.
    item: (l) =>
      ((infInt(allFields(l)[3]?.value.trim() ?? '') ?? 0) & FLG_DELREG_MULTI_SZ_DELSTRING) === FLG_DELREG_MULTI_SZ_DELSTRING
        ? undefined
        : registryPath(l)?.path,
  },
  delproperty: { name: 'DelProperty', kind: 'removal', item: (l) => allFields(l)[0]?.value.trim() || undefined },
};

interface Operation {
  at: InfLine | InfField;
  /** The directive as written in the docs ('DelFiles'). */
  name: string;
  /** The item acted on, or null when the directive's sections name none. */
  item: string | null;
  where: string;
}

/** Every legacy operation of `kind` in the INF's install sections: one per item, or one per directive field without items. */
function operations(doc: InfDocument, kind: OpClass): Operation[] {
  const out: Operation[] = [];
  const seen = new Set<InfSection>();
  for (const { section, line, directive } of installDirectives(doc)) {
    if (kind === 'removal' && directive === 'delservice') {
      const service = line.fields[0]?.value.trim();
      out.push({ at: line, name: 'DelService', item: service || null, where: `[${section.name}]` });
      continue;
    }
    const op = OPERATIONS[directive];
    if (!op || op.kind !== kind) continue;
    for (const field of line.fields) {
      const name = field.value.trim();
      if (name === '') continue;
      if (name.startsWith('@')) {
        out.push({ at: field, name: op.name, item: name.slice(1).trim() || null, where: `[${section.name}]` });
        continue;
      }
      const targets = installSectionVariants(doc, name);
      let items = 0;
      for (const target of targets) {
        if (seen.has(target)) {
          items++;
          continue;
        }
        seen.add(target);
        for (const entry of target.lines) {
          const item = op.item(entry);
          if (item === undefined) continue;
          items++;
          out.push({ at: entry, name: op.name, item, where: `[${target.name}]` });
        }
      }
      // The section is missing (INF1203, or in an included INF) or names nothing: the directive itself.
      if (items === 0 && !(directive === 'delreg' && targets.some((t) => t.lines.length > 0))) {
        out.push({ at: field, name: op.name, item: null, where: `[${section.name}]` });
      }
    }
  }
  return out;
}

function operationRule(
  code: string,
  kind: OpClass,
  named: boolean,
  text: { description: string; fix: string; bad: string; good: string },
): Rule {
  return {
    code,
    ...text,
    check(ctx: RuleContext) {
      for (const op of operations(ctx.doc, kind)) {
        if ((op.item !== null) !== named) continue;
        const what =
          kind === 'invalid'
            ? 'which modern Windows does not support'
            : 'a removal; an INF should only add, and Windows removes what a driver package added';
        ctx.report(
          op.at,
          op.item !== null
            ? `legacy ${op.name} operation for '${op.item}' in ${op.where}, ${what}`
            : `legacy ${op.name} operation in ${op.where}, ${what}`,
        );
      }
    },
  };
}

const INVALID_LIST = 'BitReg, RenFiles, UpdateInis, UpdateIniFields, Ini2Reg, RegisterDlls and UnregisterDlls';
const REMOVAL_LIST = 'DelFiles, DelReg, DelProperty and DelService';

const legacyOperation = operationRule('INF1301', 'invalid', false, {
  description:
    `${INVALID_LIST} change state outside the driver package (bits of registry values, renamed files, INI files, ` +
    'self-registering DLLs) and are not valid in a modern (declarative, universal) INF. This code is the directive ' +
    'whose sections name no item (a section that is missing or empty); each item is INF1302.',
  fix: 'Remove the directive; write registry values with AddReg under HKR (COM registration with AddReg too; Reg2inf converts RegisterDlls).',
  bad: '[Install.NT]\nRegisterDlls = Missing_Dlls',
  good: '[Install.NT]\nAddReg = Install_AddReg',
});

const legacyOperationOn = operationRule('INF1302', 'invalid', true, {
  description:
    `Each item of a ${INVALID_LIST} section (or \`RenFiles=@file\`): a legacy operation that modern (declarative, ` +
    'universal) INFs may not perform, reported at the entry.',
  fix: 'Remove the operation; write registry values with AddReg under HKR, ship files under their final names.',
  bad: '[Install.NT]\nRegisterDlls = Install_Dlls\n\n[Install_Dlls]\n11,,contoso.dll,1',
  good: '[Install.NT]\nAddReg = Install_AddReg',
});

const removal = operationRule('INF1308', 'removal', false, {
  description:
    `${REMOVAL_LIST} remove things. An INF should only add configuration: Windows undoes a driver package's ` +
    'additions when it is removed. This code is a DelFiles, DelReg or DelProperty directive whose sections name ' +
    'no item (missing or empty), or a DelService without a service name; items are INF1309. [DefaultUninstall] ' +
    'sections are not checked.',
  fix: 'Remove the directive.',
  bad: '[Install.NT]\nDelFiles = Missing_Files',
  good: '[Install.NT]\nCopyFiles = Install_Files',
});

const removalOf = operationRule('INF1309', 'removal', true, {
  description:
    `Each item a ${REMOVAL_LIST} directive removes (a file, a registry key or value, a property, a service), reported ` +
    'at its entry. An INF should only add configuration; [DefaultUninstall] sections are not checked.',
  fix: 'Remove the entry (and the directive when nothing is left).',
  bad: '[Install.NT.Services]\nDelService = OldService',
  good: '[Install.NT.Services]\nAddService = Sample,0x00000002,Sample_Service',
});

// ---------------------------------------------------------------- legacy sections and directives

/** Sections of non-PnP hardware configuration, by their last name part. */
const LEGACY_SECTIONS = new Set(['factdef', 'logconfigoverride']);

function lastPart(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0
    ? ''
    : name
        .slice(dot + 1)
        .trim()
        .toLowerCase();
}

const legacyConstruct: Rule = {
  code: 'INF1300',
  description:
    'A construct modern Windows does not support: a LogConfig directive (hardware resources for non-PnP devices; ' +
    'Windows ignores it for PnP devices) or a DDInstall.FactDef or DDInstall.LogConfigOverride section. The ' +
    'section is reported, not the LogConfig lines in it.',
  fix: 'Remove the section or directive: PnP devices get their resources from their bus.',
  bad: '[Install.NT]\nLogConfig = Install_LogConfig',
  good: '[Install.NT]\nCopyFiles = Install_Files',
  check(ctx) {
    const skip = uninstallSections(ctx.doc);
    for (const section of ctx.doc.sections) {
      if (LEGACY_SECTIONS.has(lastPart(section.name)) && !skip.has(section))
        ctx.report(section, `legacy section [${section.name}], which modern Windows does not support`);
    }
    for (const { section, line, directive } of installDirectives(ctx.doc)) {
      if (directive === 'logconfig' && !LEGACY_SECTIONS.has(lastPart(section.name))) {
        ctx.report(line, `legacy directive LogConfig in [${section.name}], which modern Windows does not support`);
      }
    }
  },
};

const desktopOnly: Rule = {
  code: 'INF1307',
  description: 'ProfileItems adds Start menu shortcuts: a legacy directive that works only on desktop editions of Windows.',
  fix: 'Remove ProfileItems; let an app (or its installer) create shortcuts.',
  bad: '[Install.NT]\nProfileItems = Install_Shortcut',
  good: '[Install.NT]\nCopyFiles = Install_Files',
  check(ctx) {
    for (const { section, line, directive } of installDirectives(ctx.doc)) {
      if (directive === 'profileitems')
        ctx.report(line, `legacy directive ProfileItems in [${section.name}] works only on desktop editions of Windows`);
    }
  },
};

// ---------------------------------------------------------------- AddReg: roots and appended values

function addRegEntries(doc: InfDocument): Array<{ section: InfSection; line: InfLine }> {
  const out: Array<{ section: InfSection; line: InfLine }> = [];
  for (const { section } of namedSections(doc, installDirectives(doc), 'addreg')) {
    for (const line of section.lines) out.push({ section, line });
  }
  return out;
}

const nonRelativeKey: Rule = {
  code: 'INF1304',
  description:
    'An AddReg entry writes under a registry root other than HKR. HKR is the key of the section that uses it ' +
    '(the device, driver, service, interface or class key); absolute keys are shared with the rest of the system. ' +
    'A universal INF may write outside HKR only to register COM objects (HKCR, HKLM\\SOFTWARE\\Classes) and Media ' +
    'Foundation transforms (HKLM\\SOFTWARE\\[WOW6432Node\\]Microsoft\\Windows Media Foundation). /w checks isolation ' +
    'with its own codes instead (1320-1322).',
  fix: "Write the value under HKR, or read it from the device's or driver's own keys.",
  bad: '[Install.NT]\nAddReg = Install_AddReg\n\n[Install_AddReg]\nHKLM,SOFTWARE\\Contoso,Setting,0x00010001,1',
  good: '[Install.NT]\nAddReg = Install_AddReg\n\n[Install_AddReg]\nHKR,,Setting,0x00010001,1',
  check(ctx) {
    for (const { section, line } of addRegEntries(ctx.doc)) {
      const path = registryPath(line);
      if (!path || path.root === 'HKR' || path.root.includes('%') || allowedNonRelative(path.root, path.subkey)) continue;
      ctx.report(line, `AddReg entry of [${section.name}] writes ${path.path}: a non-relative key (use HKR)`);
    }
  },
};

const appendMultiSz: Rule = {
  code: 'INF1305',
  description:
    'An AddReg entry appends to a REG_MULTI_SZ value (FLG_ADDREG_APPEND, flags 0x00010008), or a DelReg entry ' +
    'removes one string from it (FLG_DELREG_MULTI_SZ_DELSTRING, 0x00018002). The result depends on what was there ' +
    'before and on the order of installs, so it is not deterministic.',
  fix: 'Write the whole value (flags 0x00010000), under a key the package owns.',
  bad: '[Install.NT]\nAddReg = Install_AddReg\n\n[Install_AddReg]\nHKR,,UpperFilters,0x00010008,ContosoFilter',
  good: '[Install.NT]\nAddReg = Install_AddReg\n\n[Install_AddReg]\nHKR,,UpperFilters,0x00010000,ContosoFilter',
  check(ctx) {
    for (const { section, line } of addRegEntries(ctx.doc)) {
      const flags = infInt(allFields(line)[3]?.value.trim() ?? '');
      const path = registryPath(line);
      if (path && flags !== undefined && (flags & FLG_ADDREG_APPEND) !== 0) {
        ctx.report(line, `AddReg entry of [${section.name}] appends to the multi-sz value ${path.path}`);
      }
    }
    for (const { section } of namedSections(ctx.doc, installDirectives(ctx.doc), 'delreg')) {
      for (const line of section.lines) {
        const flags = infInt(allFields(line)[3]?.value.trim() ?? '');
        const path = registryPath(line);
        if (path && flags !== undefined && (flags & FLG_DELREG_MULTI_SZ_DELSTRING) === FLG_DELREG_MULTI_SZ_DELSTRING) {
          ctx.report(line, `DelReg entry of [${section.name}] deletes a string from the multi-sz value ${path.path}`);
        }
      }
    }
  },
};

// ---------------------------------------------------------------- CopyFiles outside %SystemRoot%

/** A destination under %SystemRoot% (DIRIDs 10-13, 17, 18, 20, ..., the spooler's 66000-66004). */
function isSystemPath(dir: DestinationDir): boolean {
  const dirid = dir.dirid!;
  if (dirid >= 66000 && dirid <= 66004) return true;
  if (dirid === -1 || dirid === 0 || dirid === 0xffff) return WINDOWS_PATH.test(dir.subdir ?? '');
  return DIRIDS[dirid]?.template?.startsWith('{WINDIR}') ?? false;
}

function describeDir(dir: DestinationDir): string {
  const info = DIRIDS[dir.dirid!];
  return `DIRID ${dir.diridText.trim()}${info ? ` (${info.description})` : ''}${dir.subdir ? `\\${dir.subdir}` : ''}`;
}

const nonSystemTarget: Rule = {
  code: 'INF1306',
  description:
    "A file is copied to a directory outside %SystemRoot% (Program Files, the system drive's root, a user " +
    'profile, a shell folder, an absolute path, a user-defined DIRID). A universal INF copies only to DIRIDs ' +
    '11, 12, 13 and 10 with a subdirectory. Reported per file, in the file list (or at `CopyFiles=@file`); /w ' +
    'checks destinations with its own code instead (1322).',
  fix: 'Copy the file to DIRID 13 (the driver store) and use it from there.',
  bad: '[DestinationDirs]\nInstall_Files = 16422,Contoso\n\n[Install.NT]\nCopyFiles = Install_Files\n\n[Install_Files]\ncontoso.exe',
  good: '[DestinationDirs]\nInstall_Files = 13\n\n[Install.NT]\nCopyFiles = Install_Files\n\n[Install_Files]\ncontoso.exe',
  check(ctx) {
    const dirs = readDestinationDirs(ctx.doc);
    const seen = new Set<InfSection>();
    for (const { section, line, directive } of installDirectives(ctx.doc)) {
      if (directive !== 'copyfiles') continue;
      for (const field of line.fields) {
        const name = field.value.trim();
        if (name === '') continue;
        if (name.startsWith('@')) {
          const dir = dirs.defaultDestDir;
          if (dir?.dirid !== undefined && !isSystemPath(dir)) {
            ctx.report(field, `CopyFiles in [${section.name}] copies ${name.slice(1).trim()} to ${describeDir(dir)}, outside %SystemRoot%`);
          }
          continue;
        }
        const list = ctx.doc.section(name);
        if (!list || seen.has(list)) continue;
        seen.add(list);
        const dir = dirs.forSection(name);
        if (dir?.dirid === undefined || isSystemPath(dir)) continue;
        for (const entry of list.lines) {
          const file = entry.fields[0]?.value.trim();
          if (file) ctx.report(entry, `CopyFiles copies ${file} ([${list.name}]) to ${describeDir(dir)}, outside %SystemRoot%`);
        }
      }
    }
  },
};

// ---------------------------------------------------------------- infkit's own

const classInstall: Rule = {
  code: 'INF9701',
  seeAlso: '1285',
  levels: onlyIn('error', ['universal']),
  title: '[ClassInstall32] in a Universal INF',
  description:
    'A Universal INF may not install a setup class: [ClassInstall32] (in any decoration) is not valid there. ' +
    'Use a system-defined class, or install the class from a separate, non-universal INF. For a Microsoft-defined ' +
    "class InfVerif's 1285 reports the section in every mode instead.",
  fix: 'Remove [ClassInstall32] and use a system-defined class such as Extension or SoftwareComponent.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Contoso\nClassGuid = {2c0e1a7c-56b8-4b0e-9e76-3d0bd2c1f4a1}\n\n[ClassInstall32]\nAddReg = Class_AddReg',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Contoso\nClassGuid = {2c0e1a7c-56b8-4b0e-9e76-3d0bd2c1f4a1}',
  check(ctx) {
    if (microsoftClass(ctx.doc)) return; // INF1285
    for (const section of installSectionVariants(ctx.doc, 'ClassInstall32')) {
      ctx.report(section, `[${section.name}] is not valid in a Universal INF`);
    }
  },
};

export const rules: Rule[] = [
  legacyConstruct,
  legacyOperation,
  legacyOperationOn,
  nonRelativeKey,
  appendMultiSz,
  nonSystemTarget,
  desktopOnly,
  removal,
  removalOf,
  classInstall,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
