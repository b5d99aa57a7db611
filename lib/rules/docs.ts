// docs/rules.md, generated from the catalogue and the rule definitions (npm run docs:rules
// writes it; a test fails when the committed file differs from what this renders).
import type { CatalogueEntry, Level, Rule } from './types.js';
import { VALIDATION_MODES } from './types.js';
import { levelsOf, titleOf } from './catalogue.js';
import { TRUST_CODES, type TrustCode } from '../trust/codes.js';

const MODE_HEADINGS = ['default', '/u', '/k', '/w', '/h'];

function levelCell(level: Level): string {
  return level === 'none' ? '-' : level;
}

function fence(text: string): string {
  return ['```ini', text, '```'].join('\n');
}

/** The rule's levels as `default error · /u error · ...`, modes where it does not run left out. */
function levelsLine(rule: Rule): string {
  const levels = levelsOf(rule);
  const parts = VALIDATION_MODES.map((m, i) => (levels[m] === 'none' ? null : `${MODE_HEADINGS[i]} ${levels[m]}`)).filter(
    (p) => p !== null,
  );
  return parts.length > 0 ? parts.join(', ') : 'no mode';
}

/** What a rule is in InfVerif's terms: the same code, or infkit's alone (with the related code). */
function infverifOf(rule: Rule, entry: CatalogueEntry | undefined): string {
  if (entry?.infverif) return `InfVerif ${Number(rule.code.slice(3))}`;
  return rule.seeAlso ? `infkit only (related: InfVerif ${rule.seeAlso})` : 'infkit only';
}

function anchor(code: string): string {
  return `[${code}](#${code.toLowerCase()})`;
}

/** The whole of docs/rules.md. */
export function renderRulesMarkdown(unsorted: readonly Rule[], catalogue: readonly CatalogueEntry[]): string {
  const rules = [...unsorted].sort((a, b) => a.code.localeCompare(b.code));
  const entries = new Map(catalogue.map((e) => [e.code, e]));
  const infverif = catalogue.filter((e) => e.infverif && !e.retired);
  const checked = infverif.filter((e) => e.checked).length;
  const out: string[] = [];
  out.push(
    '# infkit validation rules',
    '',
    '<!-- Generated from lib/rules/*.ts by `npm run docs:rules`. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    '`infkit validate` checks INF files with the rules below. Every finding has a stable code, a level, and the file,',
    'line and column it points at:',
    '',
    '```',
    'sample.inf:27:13: error INF1203: section [Missing_Files] named by CopyFiles does not exist',
    '```',
    '',
    `**Codes.** Every code of Microsoft's [INF Validation Errors and Warnings]` +
      '(https://learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings) is listed below',
    `(${infverif.length} codes; infkit checks ${checked} of them). Where infkit makes InfVerif's check it reports InfVerif's`,
    "number: INF1203 is InfVerif's 1203. INF9000-INF9999 are infkit's own: checks InfVerif does not make (reading the",
    'file the way SetupAPI does, mostly), each naming the related InfVerif code where there is one. A code keeps its',
    'meaning from release to release. `infkit rules --json` prints this catalogue.',
    '',
    "**Modes.** As InfVerif's: `default` (no flag), `--universal` (`/u`), `--declarative` (`/k`), `--driver` or",
    '`--windows-driver` (`/w`), `--hlk` (`/h`, the WHQL signing requirements). Each code has a level in each mode:',
    "`error` (validate exits 1), `warning`, or `-` (not reported in that mode). Microsoft's page gives the /k, /u and /w",
    'levels. It has no column for the plain mode or /h, so infkit derives them (lib/rules/catalogue.ts): the plain mode',
    'takes the /k level, except that the Universal INF checks (1300-1309 and the primitive-driver checks 1420-1423) are',
    "warnings there, as Microsoft's 2021 page and posted plain-mode InfVerif results show; /h takes the /w level (the",
    'driver package isolation requirements), with the exceptions infverif_h.md lists applied by the checks.',
    '',
    '**Unchecked codes.** A code infkit does not check says why: most need something outside the INF and its',
    "package folder (the Windows image's own INFs, InfVerif's internal tables, or a command-line option of InfVerif's).",
    '',
    `| Code | ${MODE_HEADINGS.join(' | ')} | infkit | Title |`,
    `| --- | ${MODE_HEADINGS.map(() => '---').join(' | ')} | --- | --- |`,
  );
  for (const e of catalogue) {
    const levels = VALIDATION_MODES.map((m) => levelCell(e.levels[m])).join(' | ');
    const state = e.checked ? anchor(e.code) : e.retired ? `retired ${e.retired}` : `not checked: ${e.reason ?? 'no reason given'}`;
    out.push(`| ${e.code} | ${levels} | ${state} | ${e.title.replace(/\|/g, '\\|')} |`);
  }
  out.push(
    '',
    '## Codes of the catalog check',
    '',
    '`infkit trust check` (and `validate --driver` or `--hlk`, and every install of a driver package) checks the',
    "package's catalog: the `CatalogFile` beside the INF, its signature, and the hash of every file. Its findings",
    'have these codes; those marked "stops an install" refuse `install package`, `install device --inf` and the',
    'package and device items of `apply` before SetupAPI is called, unless `--force`.',
    '',
    '| Code | Level | Stops an install | Title |',
    '| --- | --- | --- | --- |',
  );
  for (const c of Object.values(TRUST_CODES) as TrustCode[]) {
    out.push(`| ${c.code} | ${c.severity} | ${c.stops === undefined ? '-' : `yes: ${c.stops}`} | ${c.title.replace(/\|/g, '\\|')} |`);
  }
  out.push('', '## Rules', '');
  for (const r of rules) {
    out.push(
      `### ${r.code}`,
      '',
      `**${titleOf(r)}** · ${levelsLine(r)} · ${infverifOf(r, entries.get(r.code))}`,
      '',
      r.description,
      '',
      `**Fix:** ${r.fix}`,
      '',
      'Bad:',
      '',
      fence(r.bad),
      '',
      'Good:',
      '',
      fence(r.good),
      '',
    );
  }
  return out.join('\n');
}
