// Windows 95/98 leftovers: read and checked like the rest, and flagged as legacy; and the InfVerif codes
// of legacy constructs that depend on tables InfVerif does not publish.
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
  seeAlso: '2009',
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

/** Windows 9x directives NT-based Windows never reads. */
const WIN95_DIRECTIVES = new Set(['updateautobat', 'updatecfgsys', 'syscfgclasses']);

const ignoredDirective: Rule = {
  code: 'INF2009',
  description:
    'UpdateAutoBat, UpdateCfgSys and SysCfgClasses edit AUTOEXEC.BAT, CONFIG.SYS and the Windows 9x class list. ' +
    "They are deprecated and NT-based Windows ignores them. (InfVerif's retired 2222 reported the same; LogConfig, " +
    'its old example, is reported as INF1300.)',
  fix: 'Remove the directive.',
  bad: '[Install]\nUpdateAutoBat = Sample_AutoBat',
  good: '[Install]\nCopyFiles = Files',
  check(ctx) {
    for (const { section, line, directive } of directiveLines(ctx.doc)) {
      if (WIN95_DIRECTIVES.has(directive))
        ctx.report(line, `legacy directive ${line.key!.trim()} in [${section.name}] will be ignored: it is a Windows 9x directive`);
    }
  },
};

export const rules: Rule[] = [legacySignature, legacyClassInstall, ignoredDirective];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {
  INF2222:
    'Retired by InfVerif (last listed on the page of 2023-02-10); its condition, a deprecated directive Windows ignores, is reported as INF2009.',
  INF1270:
    '[DeviceInstall32] is not documented (no page says how it names the devices it creates or their hardware IDs), so the IDs cannot be matched against the Models sections.',
  INF1450:
    'The page does not name the legacy unisolated directives that "may be ignored" on some OS versions or product types, and no other Microsoft page lists them.',
  INF2004: 'The page does not say which valid directives InfVerif does not recommend, and no other Microsoft page lists them.',
  INF2090:
    "Depends on InfVerif's internal table of INF shims (legacy patterns it rewrites); the page points to aka.ms/infshims, which the docs do not hold, and no shim is documented.",
  INF2091:
    "Depends on InfVerif's internal table of INF shims (legacy patterns it rewrites); the page points to aka.ms/infshims, which the docs do not hold, and no shim is documented.",
  INF2092:
    "Depends on InfVerif's internal table of INF shims (best-practice rewrites it applies); the page points to aka.ms/infshims, which the docs do not hold, and no shim is documented.",
  INF2093: "Reported when one of InfVerif's internal INF shims fails to apply; no shim is documented, so neither is its failure.",
};
