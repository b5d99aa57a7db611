// [Version] Class/ClassGuid against the well-known classes, and [ClassInstall32] (plain or
// .nt/.ntx86/.ntamd64/.ntarm/.ntarm64/.ntia64): when it is allowed, when it applies, and the
// well-known values its AddReg sections write to the class key.
import type { InfDocument, InfField } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { everyMode } from './catalogue.js';
import { reservedClassByName, wellKnownClassByGuid, wellKnownClassByName } from './classes.js';
import type { SystemClass } from './classes.js';
import { infInt, readVersion } from '../inf/model.js';
import { allFields, installSectionVariants, isGuid, targetSections } from './helpers.js';

/** Class and ClassGuid of [Version], trimmed, with the fields they came from. */
function versionClass(doc: InfDocument): { name?: string; nameField?: InfField; guid?: string; guidField?: InfField } {
  const { class: name, classGuid: guid } = readVersion(doc);
  return {
    ...(name && name.value.trim() !== '' ? { name: name.value.trim(), nameField: name.field } : {}),
    ...(guid && guid.value.trim() !== '' ? { guid: guid.value.trim(), guidField: guid.field } : {}),
  };
}

/** The Microsoft-defined class the INF names, by Class or by ClassGuid: a system class or Sample. */
export function microsoftClass(doc: InfDocument): SystemClass | undefined {
  const { name, guid } = versionClass(doc);
  return (name ? wellKnownClassByName(name) : undefined) ?? (guid && isGuid(guid) ? wellKnownClassByGuid(guid) : undefined);
}

const classNameMismatch: Rule = {
  code: 'INF1280',
  description:
    'ClassGuid is the GUID of a well-known class (a system-defined setup class, a file system filter class, or ' +
    'Sample), but Class names another class. Windows files the device under the GUID, so the name is wrong. ' +
    'The table is lib/rules/classes.ts. When both are well-known but disagree, this code is reported (the GUID ' +
    'decides), not 1281.',
  fix: 'Set Class to the name of the class the GUID identifies (or use the GUID of the class you meant).',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Contoso\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const { name, nameField, guid } = versionClass(ctx.doc);
    if (!name || !guid || !isGuid(guid)) return;
    const known = wellKnownClassByGuid(guid);
    if (known && known.name.toLowerCase() !== name.toLowerCase()) {
      ctx.report(nameField, `Class "${name}" does not match ClassGuid ${guid}: that GUID is the well-known class "${known.name}"`);
    }
  },
};

const classGuidMismatch: Rule = {
  code: 'INF1281',
  description:
    'Class names a well-known class (a system-defined setup class, a file system filter class, or Sample), but ' +
    "ClassGuid is not that class's GUID. Windows files the device under the GUID, so it lands in the wrong class " +
    'or in a bogus one. When the GUID is itself well-known, 1280 is reported instead.',
  fix: 'Set ClassGuid to the GUID of the named class.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Net\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10319}',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Net\nClassGuid = {4d36e972-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const { name, guid, guidField } = versionClass(ctx.doc);
    if (!name || !guid || !isGuid(guid) || wellKnownClassByGuid(guid)) return;
    const known = wellKnownClassByName(name);
    if (known && known.guid !== guid.toLowerCase()) {
      ctx.report(guidField, `ClassGuid ${guid} does not match Class "${name}": the well-known class "${known.name}" is ${known.guid}`);
    }
  },
};

const reservedClass: Rule = {
  code: 'INF1284',
  description:
    "Class is Sample, the placeholder class of Microsoft's driver samples, which no shipping driver may use. " +
    'A driver built from a sample must pick the setup class that fits its device. Microsoft builds its samples with ' +
    'InfVerif /samples (`--samples`), which leaves this out.',
  fix: 'Use the system-defined class that fits the device (e.g. `Class = System` with its ClassGuid), or a class of your own.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Sample\nClassGuid = {78A1C341-4539-11d3-B88D-00C04FAD5171}',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const { name, nameField } = versionClass(ctx.doc);
    const reserved = name ? reservedClassByName(name) : undefined;
    if (reserved) ctx.report(nameField, `Class "${name}" is reserved for Microsoft's samples`);
  },
};

const classInstallForMicrosoftClass: Rule = {
  code: 'INF1285',
  description:
    'Since Windows 10, a third-party INF of a Microsoft-defined class (a system-defined setup class, a file ' +
    'system filter class, or Sample) may not have a [ClassInstall32] section (in any decoration): the class is ' +
    "Microsoft's to install. `--samples` (InfVerif /samples) leaves it out, for Microsoft's samples of class Sample.",
  fix: 'Remove [ClassInstall32]; the class is already installed by Windows.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\n\n[ClassInstall32]\nAddReg = Class_AddReg',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    const sections = installSectionVariants(ctx.doc, 'ClassInstall32');
    if (sections.length === 0) return;
    const ms = microsoftClass(ctx.doc);
    if (!ms) return;
    for (const section of sections) {
      ctx.report(section, `[${section.name}] installs class ${ms.name}, which Microsoft defines`);
    }
  },
};

const classInstallIgnored: Rule = {
  code: 'INF9501',
  seeAlso: '1285',
  levels: everyMode('warning'),
  title: '[ClassInstall32] is ignored when the class already exists',
  description:
    'Windows processes [ClassInstall32] only when the setup class is installed for the first time. When the class ' +
    "already exists on the machine, the section is skipped: it cannot change an installed class's installer, icon, " +
    "security or filters. For a Microsoft-defined class InfVerif's 1285 refuses the section outright; this rule " +
    "covers the INF's own classes.",
  fix: 'Do not rely on [ClassInstall32] to change a class that may already be installed.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Contoso\nClassGuid = {2c0e1a7c-56b8-4b0e-9e76-3d0bd2c1f4a1}\n\n[ClassInstall32]\nAddReg = Class_AddReg',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Contoso\nClassGuid = {2c0e1a7c-56b8-4b0e-9e76-3d0bd2c1f4a1}',
  check(ctx) {
    if (microsoftClass(ctx.doc)) return; // INF1285
    const className = versionClass(ctx.doc).name;
    for (const section of installSectionVariants(ctx.doc, 'ClassInstall32')) {
      ctx.report(
        section,
        `[${section.name}] applies only when class ${className ?? '(unnamed)'} is first installed; it cannot change an existing class`,
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
    'ignored or misread by Windows. An empty value is not reported.',
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
        const text = data?.value.trim() ?? '';
        if (text === '') continue; // an empty value: nothing Windows could misread (Microsoft's WFPSampler writes them)
        const problem = checkValue(kind, flags, text);
        if (problem) ctx.report(data ?? name, `class value ${name.value.trim()} ${problem}`);
      }
    }
  },
};

export const rules: Rule[] = [
  classNameMismatch,
  classGuidMismatch,
  reservedClass,
  classInstallForMicrosoftClass,
  classInstallIgnored,
  badClassValue,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
