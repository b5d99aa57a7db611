// [ClassInstall32] (plain or .nt/.ntx86/.ntamd64/.ntarm/.ntarm64/.ntia64): when it applies,
// and the well-known values its AddReg sections write to the class key.
import type { InfField } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { everyMode } from './catalogue.js';
import { systemClassByName } from './classes.js';
import { infInt, readVersion } from '../inf/model.js';
import { allFields, installSectionVariants, targetSections } from './helpers.js';

const classInstallIgnored: Rule = {
  code: 'INF9501',
  seeAlso: '1285',
  levels: everyMode('warning'),
  title: '[ClassInstall32] is ignored when the class already exists',
  description:
    'Windows processes [ClassInstall32] only when the setup class is installed for the first time. When the class ' +
    'already exists on the machine (always so for a system-defined class such as Net or System), the section is ' +
    'skipped: it cannot change an installed class\'s installer, icon, security or filters. InfVerif\'s 1285 refuses ' +
    '[ClassInstall32] for a Microsoft-defined class outright; this rule covers every class, as a warning.',
  fix: 'Do not rely on [ClassInstall32] to change an existing class; for a system-defined class, remove the section.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\n\n[ClassInstall32]\nAddReg = Class_AddReg',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const className = readVersion(ctx.doc).class?.value.trim();
    const system = className ? systemClassByName(className) : undefined;
    for (const section of installSectionVariants(ctx.doc, 'ClassInstall32')) {
      ctx.report(
        section,
        system
          ? `[${section.name}] is ignored: ${system.name} is a system-defined class, which always exists`
          : `[${section.name}] applies only when class ${className ?? '(unnamed)'} is first installed; it cannot change an existing class`,
      );
    }
  },
};

/** What a well-known class value must look like: its type and the form of its data. */
type ValueKind = 'dll-entry' | 'dll' | 'number' | 'dword' | 'sddl';

const WELL_KNOWN: Record<string, ValueKind> = {
  installer32: 'dll-entry',
  enumproppages32: 'dll',
  icon: 'number',
  silentinstall: 'number',
  noinstallclass: 'number',
  nodisplayclass: 'number',
  devicetype: 'dword',
  devicecharacteristics: 'dword',
  security: 'sddl',
};

const FLG_ADDREG_TYPE_MASK = 0xffff0001;
const FLG_ADDREG_TYPE_DWORD = 0x00010001;

/** Why this well-known value's flags and data are wrong, or null. */
function checkValue(kind: ValueKind, flags: number, data: string): string | null {
  const type = (flags & FLG_ADDREG_TYPE_MASK) >>> 0;
  const isString = type === 0 || type === 0x20000;
  switch (kind) {
    case 'dll-entry':
      if (!isString) return 'must be a string (flags 0)';
      return /^[^,]+,\s*\S+/.test(data) ? null : `must be "InstallerDll,EntryPoint", not "${data}"`;
    case 'dll':
      if (!isString) return 'must be a string (flags 0)';
      return data.trim() !== '' ? null : 'must name a property-page DLL';
    case 'number':
      if (!isString && type !== FLG_ADDREG_TYPE_DWORD) return 'must be a string or REG_DWORD holding a number';
      return data !== '' && infInt(data) !== undefined ? null : `must be a number, not "${data}"`;
    case 'dword':
      if (type !== FLG_ADDREG_TYPE_DWORD) return 'must be a REG_DWORD (flags 0x10001)';
      return data !== '' && infInt(data) !== undefined ? null : `must be a number, not "${data}"`;
    case 'sddl':
      if (!isString) return 'must be a string (flags 0)';
      return /^\s*[OGDS]:/i.test(data) ? null : `must be an SDDL security descriptor (starting O:, G:, D: or S:), not "${data}"`;
  }
}

const badClassValue: Rule = {
  code: 'INF9502',
  levels: everyMode('error'),
  title: 'Malformed well-known class value in a [ClassInstall32] AddReg section',
  description:
    'The class key values Windows reads have fixed forms: Installer32 is "Dll,EntryPoint"; EnumPropPages32 a ' +
    'DLL name; Icon, SilentInstall, NoInstallClass and NoDisplayClass numbers; DeviceType and ' +
    'DeviceCharacteristics REG_DWORD (0x10001) numbers; Security an SDDL string. A value in another form is ' +
    'ignored or misread by Windows.',
  fix: 'Write the value in its documented form, e.g. `HKR,,Installer32,,"MyCI.dll,MyClassInstaller"`.',
  bad: '[ClassInstall32]\nAddReg = Class_AddReg\n\n[Class_AddReg]\nHKR,,DeviceType,,"FILE_DEVICE_UNKNOWN"',
  good: '[ClassInstall32]\nAddReg = Class_AddReg\n\n[Class_AddReg]\nHKR,,DeviceType,0x10001,0x22',
  check(ctx: RuleContext) {
    const classSections = installSectionVariants(ctx.doc, 'ClassInstall32');
    if (classSections.length === 0) return;
    for (const section of targetSections(ctx.doc, 'addreg', classSections)) {
      for (const line of section.lines) {
        const fields: InfField[] = allFields(line);
        const [root, subkey, name, flagsField, data] = fields;
        if (root?.value.trim().toUpperCase() !== 'HKR' || (subkey?.value.trim() ?? '') !== '' || !name) continue;
        const kind = WELL_KNOWN[name.value.trim().toLowerCase()];
        if (!kind) continue;
        const flagsText = flagsField?.value.trim() ?? '';
        const flags = infInt(flagsText);
        if (flags === undefined) continue; // INF9302 reports it
        const problem = checkValue(kind, flags, data?.value.trim() ?? '');
        if (problem) ctx.report(data ?? name, `class value ${name.value.trim()} ${problem}`);
      }
    }
  },
};

export const rules: Rule[] = [classInstallIgnored, badClassValue];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
