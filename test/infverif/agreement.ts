// How far infkit agrees with what Microsoft's InfVerif reported for real INFs, as people posted it
// (issues, pull requests, build logs): see test/infverif/README.md and cases.json.
//
// For each case the INF is validated with infkit in the case's mode, and each posted InfVerif
// finding is put in one of three bins: matched (infkit reports the same code on the same line),
// other line (infkit reports the code, on another line) or missed. infkit's error-level findings
// left over are counted as extra, for complete cases only (where the post shows InfVerif's whole
// output for the file, so anything else infkit calls an error InfVerif did not).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { isFileError, validatePaths } from '../../lib/rules/index.js';
import type { Diagnostic, ValidationMode } from '../../lib/rules/index.js';

/** One finding as InfVerif reported it (line adjusted to the fixture for `fixture` cases). */
export interface PostedFinding {
  level: 'error' | 'warning';
  /** InfVerif's number: 1324 is infkit's INF1324. */
  code: number;
  /** 1-based; 0 for a finding about the whole file (MSBuild prints no line); null when the post gave none. */
  line: number | null;
  message: string;
  /** For `fixture` cases: the line as posted for the original INF. */
  posted?: { line: number | null };
}

export interface AgreementCase {
  id: string;
  source: string;
  repository: string;
  commit: string | null;
  path: string;
  mode: ValidationMode;
  complete: boolean;
  findings: PostedFinding[];
  inf: { kind: 'committed' | 'corpus' | 'fixture'; path: string };
  licence: string;
  note?: string;
}

export interface FindingOutcome {
  code: string;
  line: number | null;
  /** The lines infkit reported this code on, when the outcome is 'otherLine'. */
  infkitLines?: number[];
  outcome: 'matched' | 'otherLine' | 'missed';
}

export interface CaseResult {
  id: string;
  mode: ValidationMode;
  complete: boolean;
  /** Why the case was not measured (corpus absent, file unreadable); counts are then 0. */
  skipped?: string;
  findings: number;
  matched: number;
  otherLine: number;
  missed: number;
  /** infkit errors InfVerif did not report; null for incomplete cases, where it is not known. */
  extraErrors: number | null;
  outcomes: FindingOutcome[];
  /** The extra errors themselves (complete cases only). */
  extras: Array<Pick<Diagnostic, 'code' | 'line' | 'message'>>;
}

export interface AgreementTotals {
  cases: number;
  measured: number;
  skipped: number;
  findings: number;
  matched: number;
  otherLine: number;
  missed: number;
  /** Over complete, measured cases. */
  extraErrors: number;
  completeCases: number;
}

export interface AgreementReport {
  cases: CaseResult[];
  totals: AgreementTotals;
}

export interface MeasureOptions {
  /** Where `corpus` cases live; default `<root>/../shared/corpus`. */
  corpusDir?: string;
}

/** infkit's code for an InfVerif number: 1324 → 'INF1324'. */
export function infkitCode(code: number): string {
  return `INF${String(code).padStart(4, '0')}`;
}

/** Absolute path of a case's INF, or null when it lives in an absent corpus. */
export function caseFile(c: AgreementCase, root: string, corpusDir = path.resolve(root, '../shared/corpus')): string | null {
  if (c.inf.kind === 'corpus') {
    const file = path.join(corpusDir, c.inf.path);
    return existsSync(file) ? file : null;
  }
  return path.resolve(root, c.inf.path);
}

/** Pair posted findings with infkit's, one to one: same code and line first, then same code anywhere. */
export function compare(c: AgreementCase, diagnostics: readonly Diagnostic[]): Omit<CaseResult, 'id' | 'mode' | 'complete'> {
  const used = new Set<number>();
  const outcomes: Array<FindingOutcome | undefined> = c.findings.map(() => undefined);
  // Pass 1: exact (code and line).
  c.findings.forEach((f, i) => {
    if (f.line === null) return;
    const code = infkitCode(f.code);
    const j = diagnostics.findIndex((d, k) => !used.has(k) && d.code === code && d.line === f.line);
    if (j >= 0) {
      used.add(j);
      outcomes[i] = { code, line: f.line, outcome: 'matched' };
    }
  });
  // Pass 2: the same code on another line (or the post gave no line).
  c.findings.forEach((f, i) => {
    if (outcomes[i]) return;
    const code = infkitCode(f.code);
    const j = diagnostics.findIndex((d, k) => !used.has(k) && d.code === code);
    if (j >= 0) {
      used.add(j);
      const infkitLines = diagnostics.filter((d) => d.code === code).map((d) => d.line);
      outcomes[i] = { code, line: f.line, infkitLines, outcome: 'otherLine' };
    } else {
      outcomes[i] = { code, line: f.line, outcome: 'missed' };
    }
  });
  const done = outcomes as FindingOutcome[];
  const extras = c.complete
    ? diagnostics.filter((d, k) => !used.has(k) && d.severity === 'error').map((d) => ({ code: d.code, line: d.line, message: d.message }))
    : [];
  return {
    findings: c.findings.length,
    matched: done.filter((o) => o.outcome === 'matched').length,
    otherLine: done.filter((o) => o.outcome === 'otherLine').length,
    missed: done.filter((o) => o.outcome === 'missed').length,
    extraErrors: c.complete ? extras.length : null,
    outcomes: done,
    extras,
  };
}

function skippedResult(c: AgreementCase, why: string): CaseResult {
  return {
    id: c.id,
    mode: c.mode,
    complete: c.complete,
    skipped: why,
    findings: c.findings.length,
    matched: 0,
    otherLine: 0,
    missed: 0,
    extraErrors: null,
    outcomes: [],
    extras: [],
  };
}

/** Validate each case's INF with infkit in the case's mode and compare with what InfVerif reported. */
export async function measureAgreement(
  cases: readonly AgreementCase[],
  root: string,
  options: MeasureOptions = {},
): Promise<AgreementReport> {
  const corpusDir = options.corpusDir ?? path.resolve(root, '../shared/corpus');
  const results: CaseResult[] = [];
  for (const c of cases) {
    const file = caseFile(c, root, corpusDir);
    if (file === null) {
      results.push(skippedResult(c, `corpus absent: ${path.join(corpusDir, c.inf.path)}`));
      continue;
    }
    let diagnostics: Diagnostic[] | null = null;
    let failure = '';
    for await (const result of validatePaths([file], { mode: c.mode })) {
      if (isFileError(result)) failure = result.error.message;
      else diagnostics = result.diagnostics;
    }
    if (diagnostics === null) {
      results.push(skippedResult(c, failure || `no result for ${file}`));
      continue;
    }
    results.push({ id: c.id, mode: c.mode, complete: c.complete, ...compare(c, diagnostics) });
  }
  const measured = results.filter((r) => !r.skipped);
  const sum = (pick: (r: CaseResult) => number) => measured.reduce((n, r) => n + pick(r), 0);
  return {
    cases: results,
    totals: {
      cases: results.length,
      measured: measured.length,
      skipped: results.length - measured.length,
      findings: sum((r) => r.findings),
      matched: sum((r) => r.matched),
      otherLine: sum((r) => r.otherLine),
      missed: sum((r) => r.missed),
      extraErrors: sum((r) => r.extraErrors ?? 0),
      completeCases: measured.filter((r) => r.complete).length,
    },
  };
}

/** The report as a fixed-width table, one row a case, then the totals. */
export function formatReport(report: AgreementReport): string {
  const head = ['case', 'mode', 'complete', 'posted', 'matched', 'other line', 'missed', 'extra errors'];
  const rows = report.cases.map((r) => [
    r.id,
    r.mode,
    r.complete ? 'yes' : 'no',
    String(r.findings),
    r.skipped ? 'skipped' : String(r.matched),
    r.skipped ? '' : String(r.otherLine),
    r.skipped ? '' : String(r.missed),
    r.skipped || r.extraErrors === null ? '' : String(r.extraErrors),
  ]);
  const t = report.totals;
  const total = [
    'total',
    '',
    `${t.completeCases}`,
    String(t.findings),
    String(t.matched),
    String(t.otherLine),
    String(t.missed),
    String(t.extraErrors),
  ];
  const all = [head, ...rows, total];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(head), rule, ...rows.map(line), rule, line(total), '', formatTotals(report)].join('\n');
}

/** One-paragraph summary of the totals. */
export function formatTotals(report: AgreementReport): string {
  const t = report.totals;
  const pct = (n: number) => (t.findings ? `${((100 * n) / t.findings).toFixed(1)}%` : '-');
  return (
    `InfVerif agreement: ${t.measured} of ${t.cases} cases measured (${t.skipped} skipped), ${t.findings} posted findings: ` +
    `${t.matched} matched (${pct(t.matched)}), ${t.otherLine} same code on another line (${pct(t.otherLine)}), ` +
    `${t.missed} missed (${pct(t.missed)}); ${t.extraErrors} infkit errors InfVerif did not report, over ${t.completeCases} complete cases.`
  );
}
