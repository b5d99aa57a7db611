// The shapes of validation: a rule is data (code, levels, title, examples) plus a check, the
// same split ESLint makes between a rule's `meta` and its `create`. InfVerif's codes and their
// levels per mode are data too (infverif-codes.ts, catalogue.ts). docs/rules.md is generated
// from both (npm run docs:rules).
import type { InfDocument, Position, Severity } from '../inf/types.js';

export type { Severity };

/**
 * Which rule set runs, as InfVerif's modes: no flag, `/u` Universal, `/k` Declarative,
 * `/w` Windows Driver, `/h` WHQL (Hardware Dev Center signing).
 */
export type ValidationMode = 'default' | 'universal' | 'declarative' | 'windowsDriver' | 'hlk';

/** Every mode, in InfVerif's order of strictness as the docs present it. */
export const VALIDATION_MODES: readonly ValidationMode[] = ['default', 'universal', 'declarative', 'windowsDriver', 'hlk'];

/** Names a caller may use for a mode: infkit's own, InfVerif's flag letters, and the old `driver`. */
export const MODE_ALIASES: Readonly<Record<string, ValidationMode>> = {
  default: 'default',
  universal: 'universal',
  u: 'universal',
  declarative: 'declarative',
  k: 'declarative',
  windowsdriver: 'windowsDriver',
  'windows-driver': 'windowsDriver',
  driver: 'windowsDriver',
  w: 'windowsDriver',
  hlk: 'hlk',
  whql: 'hlk',
  h: 'hlk',
};

/** A finding's level in one mode: `none` means the check does not run there. */
export type Level = Severity | 'none';

/** A rule's level in every mode. */
export type Levels = Record<ValidationMode, Level>;

export interface ValidateOptions {
  /** Rule set; default 'default'. Also accepts the names in MODE_ALIASES ('driver' is 'windowsDriver'). */
  mode?: ValidationMode | 'driver';
  /**
   * Target architectures for decorated sections ('x86', 'amd64', 'arm', 'arm64', 'ia64'). Default: every
   * architecture the INF's own decorations name ([Manufacturer] and install sections), or amd64 when it names none.
   */
  arch?: string | readonly string[];
  /** LANGID in hex ('0409') used for [Strings.LLLL] substitution. */
  locale?: string;
  /** Codes whose findings are dropped ('INF1324' or '1324'). */
  ignore?: readonly string[];
  /** Drop findings below this severity ('warning' drops infos, 'error' keeps errors only). */
  minSeverity?: Severity;
  /**
   * InfVerif's /samples, which Microsoft builds its driver samples with: the codes that flag what a
   * sample leaves for its adopter to change (SAMPLES_CODES) are not reported.
   */
  samples?: boolean;
  /**
   * InfVerif's /stampinf: check every file as a stampinf input, as .inx templates always are:
   * `$ARCH$` is stamped with the architecture, and DriverVer, which stampinf writes, is not checked.
   */
  stampinf?: boolean;
  /** The folder of the driver package (for checks on its files); default: the INF's own folder, when the INF is a file. */
  packageDir?: string | null;
  /** The package's files as already listed (takes precedence over packageDir). */
  packageFiles?: PackageFiles | null;
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

/** The files of the driver package an INF belongs to (its folder and the folders below). */
export interface PackageFiles {
  /** The folder, absolute. */
  readonly dir: string;
  /**
   * Whether `relative` (a path below the folder, `\` or `/` separated) names a file there. Case-insensitive,
   * as on Windows.
   */
  has(relative: string): boolean;
  /** Every file below the folder, relative, with `/` separators, in the case found on disk. */
  list(): readonly string[];
}

/** What a rule's check receives. */
export interface RuleContext {
  readonly doc: InfDocument;
  readonly mode: ValidationMode;
  /** The architectures checked (at least one), e.g. ['amd64', 'arm64']. */
  readonly arches: readonly string[];
  /** The first of `arches`: for checks that look at one architecture. */
  readonly arch: string;
  /** The package's files, or null when the INF did not come from a folder (a string, a buffer). */
  readonly files: PackageFiles | null;
  /** The file is a stampinf input (an .inx, or any file under ValidateOptions.stampinf): stampinf writes its DriverVer. */
  readonly stampinf: boolean;
  /**
   * Report a finding of this rule at `at` (a line, field or section; none = the whole file), at the
   * rule's level for the mode. `severity` lowers it for a case the rule explains (never raises it).
   */
  report(at: Position | null | undefined, message: string, severity?: Severity): void;
}

export interface Rule {
  /** 'INF' + 4 digits. Numbers below 9000 are InfVerif's for the same check; 9xxx are infkit's. */
  code: string;
  /**
   * Levels per mode. For an InfVerif code the catalogue gives them (catalogue.ts) and this is left out;
   * an infkit code (9xxx) must give them.
   */
  levels?: Levels;
  /** Short title, also the heading in docs/rules.md. For an InfVerif code, the catalogue's title when left out. */
  title?: string;
  /** What the rule checks and why it matters. */
  description: string;
  /** How to fix a finding. */
  fix: string;
  /** An INF snippet that triggers the rule. */
  bad: string;
  /** The same snippet, fixed. */
  good: string;
  /**
   * For a rule with an infkit code (9xxx): the InfVerif code(s) of a related but not identical
   * check ('1002', '1300-1302'), named in docs/rules.md. Absent when InfVerif has no relative.
   */
  seeAlso?: string;
  check(ctx: RuleContext): void;
}

/** One InfVerif code as Microsoft's page "INF Validation Errors and Warnings" lists it. */
export interface InfVerifCode {
  /** InfVerif's number. */
  code: number;
  /** What it reports, in infkit's own words. */
  title: string;
  /** Its level under /k, /u and /w, as the page gives them (the page has no other columns). */
  page: { k: Level; u: Level; w: Level };
  /** For a code on older versions of the page only: the date of the last version that lists it. */
  retired?: string;
}

/** A catalogue row, as `infkit rules --json` prints it. */
export interface CatalogueEntry {
  /** 'INF' + InfVerif's number, or infkit's own 9xxx code. */
  code: string;
  title: string;
  levels: Levels;
  /** infkit has a check for it. */
  checked: boolean;
  /** For a code infkit does not check: why it cannot be decided from the INF and its package folder. */
  reason?: string;
  /** The code is InfVerif's (false: infkit's own). */
  infverif: boolean;
  /** Retired InfVerif code: the date of the last page that lists it. */
  retired?: string;
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
