// Windows 95/98 leftovers: read and checked like the rest, and flagged as legacy.
import type { Rule } from './types.js';
import { everyMode } from './catalogue.js';
import { readVersion } from '../inf/model.js';
import { directiveLines } from './helpers.js';

const legacySignature: Rule = {
  code: 'INF9901',
  levels: everyMode('info'),
  title: 'Windows 95 signature',
  description:
    '`Signature = "$Chicago$"` or `"$Windows 95$"` marks an INF written for Windows 95/98. NT-based Windows still ' +
    'reads it, but driver signing and InfVerif expect `$Windows NT$`.',
  fix: 'Use `Signature = "$Windows NT$"` once the INF no longer targets Windows 9x.',
  bad: '[Version]\nSignature = "$Chicago$"',
  good: '[Version]\nSignature = "$Windows NT$"',
  check(ctx) {
    const { signature } = readVersion(ctx.doc);
    const value = signature?.value.trim();
    if (value && /^\$(chicago|windows 95)\$$/i.test(value)) {
      ctx.report(signature!.field, `Signature ${value} is the legacy Windows 95 signature`);
    }
  },
};

const legacyClassInstall: Rule = {
  code: 'INF9902',
  levels: everyMode('warning'),
  title: 'Windows 95 [ClassInstall] section',
  description:
    '[ClassInstall] is the Windows 95 form of [ClassInstall32]. NT-based Windows ignores it; its directives are ' +
    'still checked like any install section.',
  fix: 'Rename it to [ClassInstall32] if NT-based Windows should install the class.',
  bad: '[ClassInstall]\nAddReg = Class_AddReg',
  good: '[ClassInstall32]\nAddReg = Class_AddReg',
  check(ctx) {
    const section = ctx.doc.section('ClassInstall');
    if (section) ctx.report(section, '[ClassInstall] is the legacy Windows 95 class section; NT-based Windows reads [ClassInstall32]');
  },
};

const WIN95_DIRECTIVES = new Set(['updateautobat', 'updatecfgsys', 'syscfgclasses']);

const legacyDirective: Rule = {
  code: 'INF2222',
  levels: everyMode('warning'),
  title: 'Windows 95 directive',
  description:
    'UpdateAutoBat, UpdateCfgSys and SysCfgClasses edit AUTOEXEC.BAT, CONFIG.SYS and the Windows 9x class list. ' +
    'NT-based Windows ignores them.',
  fix: 'Remove the directive.',
  bad: '[Install]\nUpdateAutoBat = Sample_AutoBat',
  good: '[Install]\nCopyFiles = Files',
  check(ctx) {
    for (const { line, directive } of directiveLines(ctx.doc)) {
      if (WIN95_DIRECTIVES.has(directive)) ctx.report(line, `${line.key!.trim()} is a Windows 95 directive; NT-based Windows ignores it`);
    }
  },
};

export const rules: Rule[] = [legacySignature, legacyClassInstall, legacyDirective];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
