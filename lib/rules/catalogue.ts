// The catalogue: every InfVerif code with its level in each mode, and every infkit code,
// each marked checked or not (with why not). `infkit rules --json` prints it and docs/rules.md
// is generated from it.
//
// Microsoft's page gives three columns: /k, /u and /w. The two other modes are derived, and
// test/infverif/ (real InfVerif output posted in public repositories) checks the derivation:
// - default (no flag): the /k column, the least strict one (no code is stricter under /k than
//   under /u, and only 1304 and 1306 are stricter than under /w, which reports 1320-1322
//   instead), except that the Universal INF checks are warnings: the 2021 page said "issues
//   related to the Universal setting appear as warnings if you do not specify /u" (the legacy
//   operations 1300-1309), and posted plain-mode results show 1303, 1420 and 1421 as warnings
//   where /k has errors (the primitive-driver checks 1420-1423).
// - hlk (/h): infverif_h.md defines /h as the driver package isolation requirements (/w) with
//   listed exceptions (registry roots, DIRIDs), which the checks apply in that mode. So /h takes
//   the /w level; a posted /h build shows 1324 as an error, as /w has it.
import type { CatalogueEntry, InfVerifCode, Level, Levels, Rule, Severity, ValidationMode } from './types.js';
import { VALIDATION_MODES } from './types.js';
import { INFVERIF_CODES } from './infverif-codes.js';

/** 'INF1324' for 1324. */
export function infCode(n: number): string {
  return `INF${String(n).padStart(4, '0')}`;
}

/** Codes the plain mode reports as warnings where /k has errors: the Universal INF checks (see the header). */
const PLAIN_MODE_WARNINGS: ReadonlyArray<readonly [number, number]> = [
  [1300, 1309],
  [1420, 1423],
];

/** The levels of an InfVerif code in every mode, from the page's three columns (see the header). */
export function infverifLevels(entry: InfVerifCode): Levels {
  const { k, u, w } = entry.page;
  const universalCheck = PLAIN_MODE_WARNINGS.some(([lo, hi]) => entry.code >= lo && entry.code <= hi);
  const plain = universalCheck && k === 'error' ? 'warning' : k;
  return { default: plain, universal: u, declarative: k, windowsDriver: w, hlk: w };
}

const byNumber = new Map(INFVERIF_CODES.map((e) => [infCode(e.code), e]));

/** The page's entry for an InfVerif code ('INF1324'), if it is one. */
export function infverifEntry(code: string): InfVerifCode | undefined {
  return byNumber.get(code);
}

/** The same level in every mode. */
export function everyMode(level: Level): Levels {
  return Object.fromEntries(VALIDATION_MODES.map((m) => [m, level])) as Levels;
}

/** `level` in the listed modes, none elsewhere. */
export function onlyIn(level: Level, modes: readonly ValidationMode[]): Levels {
  return Object.fromEntries(VALIDATION_MODES.map((m) => [m, modes.includes(m) ? level : 'none'])) as Levels;
}

const ruleLevels = new WeakMap<Rule, Levels>();

/** A rule's level in every mode: the catalogue's for an InfVerif code, the rule's own otherwise. Worked out once per rule. */
export function levelsOf(rule: Rule): Levels {
  let levels = ruleLevels.get(rule);
  if (!levels) {
    const entry = byNumber.get(rule.code);
    if (entry && !entry.retired) levels = infverifLevels(entry);
    else if (rule.levels) levels = rule.levels;
    else throw new Error(`rule ${rule.code} has no levels and is not in InfVerif's catalogue`);
    ruleLevels.set(rule, levels);
  }
  return levels;
}

/** A rule's title: its own, or the catalogue's for an InfVerif code. */
export function titleOf(rule: Rule): string {
  return rule.title ?? byNumber.get(rule.code)?.title ?? rule.code;
}

const ORDER: Record<Level, number> = { none: 0, info: 1, warning: 2, error: 3 };

/** The lesser of two severities. */
export function lesser(a: Severity, b: Severity): Severity {
  return ORDER[a] <= ORDER[b] ? a : b;
}

/** True when `severity` is at least `min`. */
export function atLeast(severity: Severity, min: Severity): boolean {
  return ORDER[severity] >= ORDER[min];
}

/**
 * The whole catalogue, in code order: every InfVerif code (current and retired) and every
 * infkit code. `unchecked` gives, for each InfVerif code infkit has no check for, the reason.
 */
export function buildCatalogue(rules: readonly Rule[], unchecked: Readonly<Record<string, string>>): CatalogueEntry[] {
  const ruleByCode = new Map(rules.map((r) => [r.code, r]));
  const out: CatalogueEntry[] = [];
  for (const entry of INFVERIF_CODES) {
    const code = infCode(entry.code);
    const rule = ruleByCode.get(code);
    const reason = unchecked[code];
    out.push({
      code,
      title: entry.title,
      levels: rule ? levelsOf(rule) : infverifLevels(entry),
      checked: rule !== undefined,
      ...(rule === undefined && reason ? { reason } : {}),
      infverif: true,
      ...(entry.retired ? { retired: entry.retired } : {}),
    });
  }
  for (const rule of rules) {
    if (byNumber.has(rule.code)) continue;
    out.push({ code: rule.code, title: titleOf(rule), levels: levelsOf(rule), checked: true, infverif: false });
  }
  return out.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
