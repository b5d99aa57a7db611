// [InterfaceInstall32]: `{InterfaceClassGUID} = install-interface-section[,flags]`.
// Missing install-interface sections are INF1203 (references.ts), which accepts the plain
// name and the .nt/.ntx86/.ntamd64/.ntarm/.ntarm64/.ntia64 decorations. No InfVerif code names
// [InterfaceInstall32] entries (its nearest are 1019, 1083, 1086 and 1078, given as seeAlso; INF1019
// in version.ts leaves these keys to INF9401), so the four checks keep infkit codes.
import type { InfLine } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { everyMode } from './catalogue.js';
import { infInt } from '../inf/model.js';
import { EDIT_DIRECTIVES, installSectionVariants, isGuid } from './helpers.js';

function entries(ctx: RuleContext): InfLine[] {
  return ctx.doc.section('InterfaceInstall32')?.lines ?? [];
}

const badInterfaceGuid: Rule = {
  code: 'INF9401',
  seeAlso: '1019',
  levels: everyMode('error'),
  title: '[InterfaceInstall32] entry without a valid interface class GUID',
  description:
    'Each [InterfaceInstall32] line is keyed by the device interface class GUID it installs, written ' +
    '`{8-4-4-4-12}`. A line without `=` or with a malformed GUID installs nothing.',
  fix: 'Key the line with the interface class GUID in braces.',
  bad: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac36} = Sample_Interface',
  good: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Sample_Interface',
  check(ctx) {
    for (const line of entries(ctx)) {
      const key = line.keyField;
      if (!key) ctx.report(line, 'an [InterfaceInstall32] line must be {InterfaceClassGUID} = install-interface-section');
      else if (!isGuid(key.value)) ctx.report(key, `"${key.value.trim()}" is not an interface class GUID of the form {8-4-4-4-12}`);
    }
  },
};

const badInterfaceEntry: Rule = {
  code: 'INF9402',
  seeAlso: '1083',
  levels: everyMode('error'),
  title: '[InterfaceInstall32] entry without a section, or with flags other than 0',
  description:
    'An [InterfaceInstall32] entry must name its install-interface section, and its optional flags field, if ' +
    'given, must be 0: no other flags are defined.',
  fix: 'Name the install-interface section and drop the flags (or write 0).',
  bad: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Sample_Interface, 1',
  good: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Sample_Interface',
  check(ctx) {
    for (const line of entries(ctx)) {
      if (!line.keyField) continue; // INF9401
      const [section, flags] = line.fields;
      if (!section || section.value.trim() === '') {
        ctx.report(line, 'the entry names no install-interface section');
      }
      const text = flags?.value.trim() ?? '';
      if (text !== '' && infInt(text) !== 0) ctx.report(flags, `[InterfaceInstall32] flags must be 0, not "${text}"`);
    }
  },
};

const duplicateInterfaceSection: Rule = {
  code: 'INF9403',
  seeAlso: '1086',
  levels: everyMode('error'),
  title: 'install-interface section used twice',
  description:
    'Each install-interface section named in [InterfaceInstall32] must be unique within the INF: two interface ' +
    'classes sharing one section (or one GUID listed twice) install the same registry values for both, which ' +
    'is almost always a copy-and-paste slip.',
  fix: 'Give each interface class its own install-interface section, and list each GUID once.',
  bad: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Iface_Install\n{cac88484-7515-4c03-82e6-71a87abac362} = Iface_Install',
  good: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Iface1_Install\n{cac88484-7515-4c03-82e6-71a87abac362} = Iface2_Install',
  check(ctx) {
    const sections = new Map<string, InfLine>();
    const guids = new Map<string, InfLine>();
    for (const line of entries(ctx)) {
      if (!line.keyField) continue; // INF9401
      const guid = line.key?.trim().toLowerCase();
      const name = line.fields[0]?.value.trim();
      if (guid) {
        const first = guids.get(guid);
        if (first) ctx.report(line.keyField, `interface class ${line.key!.trim()} is already listed on line ${first.line}`);
        else guids.set(guid, line);
      }
      if (name) {
        const first = sections.get(name.toLowerCase());
        if (first) ctx.report(line.fields[0], `install-interface section [${name}] is already used on line ${first.line}`);
        else sections.set(name.toLowerCase(), line);
      }
    }
  },
};

/** Directives an install-interface section may hold. */
const INTERFACE_DIRECTIVES = new Set(EDIT_DIRECTIVES);

const badInterfaceDirective: Rule = {
  code: 'INF9404',
  seeAlso: '1078',
  levels: everyMode('error'),
  title: 'Directive not allowed in an install-interface section',
  description:
    'An install-interface section (named in [InterfaceInstall32]) may only hold AddReg, DelReg, BitReg, ' +
    'AddProperty, DelProperty, CopyFiles, DelFiles, RenFiles, UpdateInis, UpdateIniFields and Ini2Reg. Other ' +
    'directives (AddService, Include, Needs, ...) are not processed there.',
  fix: "Move the directive to the device's DDInstall section (or its .Services section).",
  bad: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Iface_Install\n\n[Iface_Install]\nAddReg = Iface_AddReg\nAddService = Sample,2,Sample_Service',
  good: '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = Iface_Install\n\n[Iface_Install]\nAddReg = Iface_AddReg',
  check(ctx) {
    const seen = new Set<string>();
    for (const line of entries(ctx)) {
      const name = line.keyField ? line.fields[0]?.value.trim() : undefined;
      if (!name) continue;
      for (const section of installSectionVariants(ctx.doc, name)) {
        if (seen.has(section.name.toLowerCase())) continue;
        seen.add(section.name.toLowerCase());
        for (const l of section.lines) {
          if (l.key !== null && !INTERFACE_DIRECTIVES.has(l.key.trim().toLowerCase())) {
            ctx.report(l, `${l.key.trim()} is not allowed in install-interface section [${section.name}]`);
          }
        }
      }
    }
  },
};

export const rules: Rule[] = [badInterfaceGuid, badInterfaceEntry, duplicateInterfaceSection, badInterfaceDirective];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
