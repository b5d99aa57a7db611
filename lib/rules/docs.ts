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

function origin(rule: Rule): string {
  const n = Number(rule.code.slice(3));
  if (n < 1100) return 'reader (SetupAPI parsing)';
  if (n < 9000) return `InfVerif ${n}`;
  return rule.seeAlso ? `infkit (InfVerif's ${rule.seeAlso} covers the same ground)` : 'infkit';
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
    '**Codes.** Where Microsoft\'s InfVerif has the same check, infkit uses its number (INF1203 is InfVerif 1203), so',
    'findings can be matched. INF1001-INF1099 are the reader\'s findings while it lexes the file the way SetupAPI does.',
    'INF9000-INF9999 are infkit\'s own; a rule that overlaps an InfVerif check names it. Codes never change meaning.',
    '',
    '**Severities.** `error`: the INF does not do what it says (or does not install); `validate` exits 1.',
    '`warning`: probably a mistake, or legal but fragile; exit 0. `info`: worth knowing. Some rules report a lesser',
    'severity in a case they explain (the finding carries its own severity).',
    '',
    '**Modes.** Default mode checks syntax and semantics. `--universal` adds the Universal INF rules and',
    '`--driver` the Windows Driver package rules; both include everything default mode checks.',
    '',
    '| Code | Severity | Modes | Title |',
    '| --- | --- | --- | --- |',
  );
  for (const r of rules) out.push(`| [${r.code}](#${r.code.toLowerCase()}) | ${r.severity} | ${modesOf(r)} | ${r.title} |`);
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
    'Legacy Windows 95 constructs are read and checked like everything else, and flagged by INF9901-INF9903.',
    '',
    '## Rules',
    '',
  );
  for (const r of rules) {
    out.push(
      `### ${r.code}`,
      '',
      `**${r.title}** · ${r.severity} · ${modesOf(r)} · ${origin(r)}`,
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
