// The reader's public types. Everything above lib/inf/ (rules, plans, backends, CLI)
// depends only on these shapes, never on how the lexer arrives at them.
//
// Positions are 1-based line and column in the ORIGINAL file, counted in UTF-16 code
// units of the decoded text (what an editor shows), before continuation lines are joined.

/** How the bytes were turned into text. */
export type InfEncoding =
  | 'utf16le-bom'
  | 'utf16le' // no BOM, detected the way SetupAPI detects it
  | 'utf8-bom'
  | 'ansi'; // an 8-bit code page (ParseOptions.codepage, windows-1252 by default)

export interface Position {
  line: number;
  column: number;
}

/** One field of a line: the text as written (quotes kept) and its value after substitution. */
export interface InfField extends Position {
  /** Text exactly as in the file, quotes and all, outer whitespace trimmed. */
  raw: string;
  /** Unquoted text before %strkey%/DIRID substitution. */
  text: string;
  /** Value after %strkey%, %%, and %DIRID% substitution: what SetupGetStringField returns. */
  value: string;
}

export interface InfLine extends Position {
  /** The key with substitution applied, or null when the line has no `=`. */
  key: string | null;
  /** The key as a field (raw/text/value and position), or null. */
  keyField: InfField | null;
  /** Fields after the key (or all fields when there is no key). */
  fields: InfField[];
  /** Index of this line in its merged section. */
  index: number;
}

export interface InfSection extends Position {
  /** The name as first written in the file (later same-named sections merge into it). */
  name: string;
  lines: InfLine[];
  /** Every header that contributed to this merged section, in file order. */
  headers: Position[];
}

/** A SetupAPI-level refusal of the whole file, as SetupOpenInfFile would report it. */
export interface InfOpenError {
  /** e.g. 'ERROR_WRONG_INF_STYLE', 'ERROR_EXPECTED_SECTION_NAME', 'ERROR_BAD_SECTION_NAME_LINE' */
  name: string;
  /** Win32 / SetupAPI numeric code (0xE0000xxx for SetupAPI codes, as an unsigned number). */
  code: number;
  message: string;
  /** Line where SetupAPI stopped, when it names one. */
  line?: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** Something the reader noticed while lexing (the rules layer reports these). */
export interface ReaderDiagnostic extends Position {
  /** Stable code, e.g. 'INF1002' (docs/rules.md lists them all). */
  code: string;
  severity: Severity;
  message: string;
}

export interface ParseOptions {
  /** Display name / path recorded in the result; defaults to the path read, or '<buffer>'. */
  file?: string;
  /** 8-bit code page for files that are neither UTF-16 nor UTF-8 with BOM. Default 'windows-1252'. */
  codepage?: string;
  /** LANGID in hex ('0407'): substitution prefers [Strings.0407], falling back to [Strings]. */
  locale?: string;
  /** DIRID → path table for %N% substitution. Unlisted DIRIDs stay as written. */
  dirids?: Record<number, string>;
  /**
   * Stamp the text as stampinf would before reading it: each case-sensitive `$ARCH$` becomes this
   * architecture ('amd64'). For .inx templates. Lines keep their numbers; columns after a token shift.
   */
  stamp?: string;
}

/** JSON form of a parsed INF (JSON.stringify of InfDocument and `infkit parse --json`). */
export interface InfDocumentJson {
  file: string;
  encoding: InfEncoding;
  sections: Array<{
    name: string;
    line: number;
    lines: Array<{ line: number; key: string | null; fields: string[] }>;
  }>;
}

/** Target platform for decorated-section selection. */
export interface PlatformTarget {
  /** 'x86' | 'amd64' | 'arm64' | 'arm' | 'ia64' */
  arch: string;
  /** Windows version as 'major.minor.build', e.g. '10.0.22631'. */
  osVersion: string;
  /** Product type for Models decorations (1 workstation, 2 DC, 3 server); default 1. */
  productType?: number;
}

/**
 * A parsed INF: sections in file order (same-named sections merged), case-insensitive
 * lookup, and substitution. Implemented in lib/inf/document.ts.
 */
export interface InfDocument {
  readonly file: string;
  readonly encoding: InfEncoding;
  readonly sections: readonly InfSection[];
  /** Set when SetupOpenInfFile would refuse the file; the sections are still what could be read. */
  readonly openError: InfOpenError | null;
  /** Lexer-level findings (unterminated header, over-long names, text before first section, ...). */
  readonly diagnostics: readonly ReaderDiagnostic[];
  /** The LANGID chosen for [Strings.LLLL], or null. */
  readonly locale: string | null;
  /** Case-insensitive lookup of a merged section. */
  section(name: string): InfSection | undefined;
  hasSection(name: string): boolean;
  /** Lines of `section` whose key equals `key` (case-insensitive), in order. */
  linesWithKey(section: string, key: string): InfLine[];
  /** Substituted value of field `index` (0-based, after the key) of the first `key` line in `section`. */
  value(section: string, key: string, index?: number): string | undefined;
  /** The [Strings] (or [Strings.LLLL]) value of `key`, case-insensitive. */
  string(key: string): string | undefined;
  /** %strkey%, %% and %DIRID% substitution of arbitrary text, as SetupAPI does it (never recursive). */
  substitute(text: string): string;
  toJSON(): InfDocumentJson;
}
