// --universal: Universal INF rules (the subset of INF syntax that installs on every Windows
// edition, OneCore included).
import type { Rule } from './types.js';
import { onlyIn } from './catalogue.js';
import { directiveLines, installSectionVariants } from './helpers.js';

const classInstall: Rule = {
  code: 'INF9701',
  levels: onlyIn('error', ['universal']),
  title: '[ClassInstall32] in a Universal INF',
  description:
    'A Universal INF may not install a setup class: [ClassInstall32] (in any decoration) is not valid there. ' +
    'Use a system-defined class, or install the class from a separate, non-universal INF.',
  fix: 'Remove [ClassInstall32] and use a system-defined class such as Extension or SoftwareComponent.',
  bad: '[ClassInstall32]\nAddReg = Class_AddReg',
  good: '; no [ClassInstall32]: Class = System',
  check(ctx) {
    for (const section of installSectionVariants(ctx.doc, 'ClassInstall32')) {
      ctx.report(section, `[${section.name}] is not valid in a Universal INF`);
    }
  },
};

/** Directives a Universal INF may not use. */
export const NON_UNIVERSAL_DIRECTIVES = [
  'DelReg',
  'DelFiles',
  'RenFiles',
  'BitReg',
  'ProfileItems',
  'UpdateInis',
  'UpdateIniFields',
  'Ini2Reg',
  'RegisterDlls',
  'UnregisterDlls',
];
const nonUniversal = new Set(NON_UNIVERSAL_DIRECTIVES.map((d) => d.toLowerCase()));

const unsupportedDirective: Rule = {
  code: 'INF9702',
  seeAlso: '1300-1302',
  levels: onlyIn('error', ['universal']),
  title: 'Directive not supported in a Universal INF',
  description:
    `A Universal INF may not use ${NON_UNIVERSAL_DIRECTIVES.join(', ')}: they change state outside the driver ` +
    'package (files, INI files, COM registration) that not every Windows edition has. [DefaultInstall] is held to ' +
    'the same list. InfVerif reports them as 1300-1302 ("Found legacy ... operation"), depending on the directive.',
  fix: 'Remove the directive; do the work from the driver or a companion app, or use AddReg under HKR.',
  bad: '[Install.NTamd64]\nCopyFiles = Files\nDelFiles = Old_Files',
  good: '[Install.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    for (const { section, line, directive } of directiveLines(ctx.doc)) {
      if (nonUniversal.has(directive)) ctx.report(line, `${line.key!.trim()} in [${section.name}] is not supported in a Universal INF`);
    }
  },
};

export const rules: Rule[] = [classInstall, unsupportedDirective];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
