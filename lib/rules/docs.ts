// docs/rules.md, generated from the rule definitions (npm run docs:rules writes it; a test
// fails when the committed file differs from what this renders).
import type { Rule, ValidationMode } from './types.js';

const MODE_NAMES: Record<ValidationMode, string> = {
  default: 'every mode',
  universal: '`--universal`',
  driver: '`--driver`',
};

function modesOf(rule: Rule): string {
  return rule.modes ? rule.modes.map((m) => MODE_NAMES[m]).join(', ') : MODE_NAMES.default;
}

/** InfVerif's code for the same check: the rule's own number below 9000, none for infkit's 9xxx. */
function infverifCode(rule: Rule): string | undefined {
  const n = Number(rule.code.slice(3));
  return n < 9000 ? String(n) : undefined;
}

/** What a rule is in InfVerif's terms: the same check, a related one, or infkit's alone. */
function infverifOf(rule: Rule): string {
  const same = infverifCode(rule);
  if (same) return `InfVerif ${same}`;
  return rule.seeAlso ? `infkit only (related: InfVerif ${rule.seeAlso})` : 'infkit only';
}

/** The summary table's InfVerif column: the code, or infkit only (with the related code). */
function infverifColumn(rule: Rule): string {
  return infverifCode(rule) ?? (rule.seeAlso ? `infkit only (see ${rule.seeAlso})` : 'infkit only');
}

/** Rows of the InfVerif → infkit table: every InfVerif code a rule matches or relates to. */
function infverifTable(rules: readonly Rule[]): string[] {
  const rows = new Map<string, { same: Rule[]; related: Rule[] }>();
  const row = (code: string) => rows.get(code) ?? rows.set(code, { same: [], related: [] }).get(code)!;
  for (const r of rules) {
    const same = infverifCode(r);
    if (same) row(same).same.push(r);
    else if (r.seeAlso) row(r.seeAlso).related.push(r);
  }
  const link = (r: Rule) => `[${r.code}](#${r.code.toLowerCase()}) ${r.title}`;
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, { same, related }]) => `| ${code} | ${same.map(link).join('<br>') || '-'} | ${related.map(link).join('<br>') || '-'} |`);
}

function fence(text: string): string {
  return '```ini\n' + text + '\n```';
}

/** The whole of docs/rules.md. */
export function renderRulesMarkdown(unsorted: readonly Rule[]): string {
  const rules = [...unsorted].sort((a, b) => a.code.localeCompare(b.code));
  const out: string[] = [];
  out.push(
    '# infkit validation rules',
    '',
    '<!-- Generated from lib/rules/*.ts by `npm run docs:rules`. Do not edit by hand: a test fails when this file is stale. -->',
    '',
    '`infkit validate` checks INF files with the rules below. Every finding has a stable code, a severity, and the file,',
    'line and column it points at:',
    '',
    '```',
    'sample.inf:27:13: error INF1203: section [Missing_Files] named by CopyFiles does not exist',
    '```',
    '',
    '**Codes.** Where Microsoft\'s InfVerif has the same check, infkit uses its number: INF1203 is InfVerif 1203,',
    'so findings can be matched. INF9000-INF9999 are infkit\'s own: checks InfVerif does not make, or makes',
    'differently (the rule then names the related InfVerif code). INF9000-INF9099 are about reading the file: SetupAPI',
    'refusing it, its encoding, and what the reader finds while it lexes the file the way SetupAPI does (INF1002 and',
    'INF1003 are reader findings too, numbered after the same InfVerif check). INF9001 and INF9002 are not used: they',
    'were merged into INF1001. A code keeps its meaning from release to release.',
    '',
    '**InfVerif codes.** From Microsoft\'s [INF Validation Errors and Warnings]' +
      '(https://learn.microsoft.com/windows-hardware/drivers/devtest/inf-validation-errors-and-warnings):',
    '',
    '| InfVerif | infkit, the same check | infkit, a related check |',
    '| --- | --- | --- |',
    ...infverifTable(rules),
    '',
    '**Severities.** `error`: the INF does not do what it says (or does not install); `validate` exits 1.',
    '`warning`: probably a mistake, or legal but fragile; exit 0. `info`: worth knowing. Some rules report a lesser',
    'severity in a case they explain (the finding carries its own severity).',
    '',
    '**Modes.** Default mode checks syntax and semantics. `--universal` adds the Universal INF rules and',
    '`--driver` the Windows Driver package rules; both include everything default mode checks.',
    '',
    '| Code | Severity | Modes | InfVerif | Title |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const r of rules) {
    out.push(`| [${r.code}](#${r.code.toLowerCase()}) | ${r.severity} | ${modesOf(r)} | ${infverifColumn(r)} | ${r.title} |`);
  }
  out.push('');
  const driver = rules.filter((r) => r.modes?.includes('driver'));
  const universal = rules.filter((r) => r.modes?.includes('universal'));
  const list = (subset: Rule[]): string[] => subset.map((r) => `- [${r.code}](#${r.code.toLowerCase()}): ${r.title}`);
  out.push(
    '## Windows Driver rules (`--driver`)',
    '',
    'infkit implements these Windows Driver package checks:',
    '',
    ...list(driver),
    '',
    'Not implemented: the API-layering and registry-isolation checks, which need the driver binaries or a list of',
    'allowed registry locations.',
    '',
    '## Universal INF rules (`--universal`)',
    '',
    ...list(universal),
    '',
    'Legacy Windows 95 constructs are read and checked like everything else, and flagged by INF9901, INF9902 and INF2222.',
    '',
    '## Rules',
    '',
  );
  for (const r of rules) {
    out.push(
      `### ${r.code}`,
      '',
      `**${r.title}** · ${r.severity} · ${modesOf(r)} · ${infverifOf(r)}`,
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
