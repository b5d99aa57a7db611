// The shapes of validation: a rule is data (code, severity, title, examples) plus a check,
// the same split ESLint makes between a rule's `meta` and its `create`. docs/rules.md is
// generated from the data (npm run docs:rules).
import type { InfDocument, Position, Severity } from '../inf/types.js';

export type { Severity };

/** Which rule set runs: syntax and semantics, Universal INF, or Windows Driver package. */
export type ValidationMode = 'default' | 'universal' | 'driver';

export interface ValidateOptions {
  /** Rule set; default 'default'. 'universal' and 'driver' add their rules to the default ones. */
  mode?: ValidationMode;
  /** Target architecture for decorated sections ('x86', 'amd64', 'arm', 'arm64', 'ia64'); default 'amd64'. */
  arch?: string;
  /** LANGID in hex ('0409') used for [Strings.LLLL] substitution. */
  locale?: string;
  /** validatePaths: threads that read files ahead (ReadManyOptions.readThreads); default 'auto'. */
  readThreads?: number | 'auto';
}

/** One finding: what is wrong, where, and how bad it is. */
export interface Diagnostic {
  /** Stable code, e.g. 'INF1203'. Documented in docs/rules.md. */
  code: string;
  severity: Severity;
  file: string;
  /** 1-based; 0 when the finding is about the whole file. */
  line: number;
  /** 1-based; 0 when the finding is about the whole file. */
  column: number;
  message: string;
}

/** What a rule's check receives. */
export interface RuleContext {
  readonly doc: InfDocument;
  readonly mode: ValidationMode;
  readonly arch: string;
  /**
   * Report a finding of this rule at `at` (a line, field or section; none = the whole file).
   * `severity` overrides the rule's own, for findings whose weight depends on the case.
   */
  report(at: Position | null | undefined, message: string, severity?: Severity): void;
}

export interface Rule {
  /** 'INF' + 4 digits. Numbers below 9000 are InfVerif's for the same check; 9xxx are infkit's. */
  code: string;
  severity: Severity;
  /** Short title, also the heading in docs/rules.md. */
  title: string;
  /** What the rule checks and why it matters. */
  description: string;
  /** How to fix a finding. */
  fix: string;
  /** An INF snippet that triggers the rule. */
  bad: string;
  /** The same snippet, fixed. */
  good: string;
  /** Modes the rule runs in; every mode when absent. */
  modes?: ValidationMode[];
  /**
   * For a rule with an infkit code (9xxx): the InfVerif code(s) of a related but not identical
   * check ('1002', '1300-1302'), named in docs/rules.md. Absent when InfVerif has no relative.
   */
  seeAlso?: string;
  check(ctx: RuleContext): void;
}

/** The result for one file, as validatePaths yields it. */
export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
}

/** Counts over a run: by severity, by code, and files. */
export interface ValidationSummary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  byCode: Record<string, number>;
}
