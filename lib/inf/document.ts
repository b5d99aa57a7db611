// The parsed INF: lexer output plus decoding facts, with case-insensitive lookup,
// %strkey%/DIRID substitution of every key and field, and SetupOpenInfFile's verdict.
import { type FoldedMap, foldCase } from './fold.js';
import { type LexResult, rawKeyOf, STRINGS } from './lexer.js';
import { substitute as substituteText, type SubstitutionTables } from './substitute.js';
import type {
  InfDocument,
  InfDocumentJson,
  InfEncoding,
  InfLine,
  InfOpenError,
  InfSection,
  ParseOptions,
  ReaderDiagnostic,
} from './types.js';

/** SetupAPI's own error codes (setupapi.h), for InfOpenError. */
export const SETUPAPI_ERRORS = {
  ERROR_EXPECTED_SECTION_NAME: 0xe0000000,
  ERROR_BAD_SECTION_NAME_LINE: 0xe0000001,
  ERROR_SECTION_NAME_TOO_LONG: 0xe0000002,
  ERROR_GENERAL_SYNTAX: 0xe0000003,
  ERROR_WRONG_INF_STYLE: 0xe0000100,
  ERROR_SECTION_NOT_FOUND: 0xe0000101,
  ERROR_LINE_NOT_FOUND: 0xe0000102,
} as const;
export type SetupApiErrorName = keyof typeof SETUPAPI_ERRORS;

const OPEN_ERROR_MESSAGES: Record<string, string> = {
  ERROR_EXPECTED_SECTION_NAME: 'text appears before the first section header',
  ERROR_BAD_SECTION_NAME_LINE: "a section header is not closed by ']'",
  ERROR_SECTION_NAME_TOO_LONG: 'a section name is longer than 255 characters',
};

/** Signatures SetupOpenInfFile accepts for INF_STYLE_WIN4 (compared case-insensitively). */
const WIN4_SIGNATURES = new Set(['$chicago$', '$windows nt$', '$windows 95$']);

function openError(name: SetupApiErrorName, message: string, line?: number): InfOpenError {
  return { name, code: SETUPAPI_ERRORS[name], message, ...(line ? { line } : {}) };
}

/**
 * The key SetupAPI matches a line by: its key, or, for a line that is a single field
 * without `=`, that field (SetupAPI makes such a field the key too).
 */
export function lookupKey(line: InfLine): string | null {
  if (line.key !== null) return line.key;
  return line.fields.length === 1 ? line.fields[0]!.value : null;
}

export interface DocumentSource {
  file: string;
  encoding: InfEncoding;
  /** Lexed with LexOptions.strings = stringSections(the options' locale): the string tables are its. */
  lexed: LexResult;
  extraDiagnostics?: ReaderDiagnostic[];
}

export class ParsedInf implements InfDocument {
  readonly file: string;
  readonly encoding: InfEncoding;
  readonly sections: readonly InfSection[];
  readonly openError: InfOpenError | null;
  readonly diagnostics: readonly ReaderDiagnostic[];
  readonly locale: string | null;
  readonly #byName: FoldedMap<InfSection>;
  readonly #tables: SubstitutionTables;

  constructor(source: DocumentSource, options: ParseOptions = {}) {
    const { lexed } = source;
    this.file = source.file;
    this.encoding = source.encoding;
    this.diagnostics = source.extraDiagnostics?.length ? [...source.extraDiagnostics, ...lexed.diagnostics] : lexed.diagnostics;

    // String tables come from the raw text (values are never substituted again): the lexer made
    // them of the sections stringSections names.
    this.#byName = lexed.byName;
    const chosen = chooseLocale(options.locale, lexed.byName);
    this.locale = chosen?.locale ?? null;
    const localized = chosen ? lexed.strings.get(chosen.section) : undefined;
    const strings = lexed.strings.get('Strings');
    const lookupString = (key: string, hash?: number) => localized?.get(key, hash) ?? strings?.get(key, hash);
    this.#tables = { lookupString, dirids: options.dirids };

    // Substitute in place: the lexer's objects hold the unsubstituted text in `value`/`key`,
    // and it listed the fields and keys that have a '%' (no others can change). A text that
    // is one %name% the scanner hashed is looked up directly (a [Strings] value is never
    // longer than MAX_STRING_LENGTH: it is a token).
    const substitute = (text: string, hash: number) =>
      (hash >= 0 ? lookupString(text.slice(1, -1), hash) : undefined) ?? substituteText(text, this.#tables);
    const { percentFields, percentKeys, percentFieldHashes, percentKeyHashes } = lexed;
    for (let i = 0; i < percentFields.length; i++) {
      const field = percentFields[i]!;
      field.value = substitute(field.text, percentFieldHashes[i]!);
    }
    for (let i = 0; i < percentKeys.length; i++) {
      const line = percentKeys[i]!;
      line.key = line.keyField!.value = substitute(line.keyField!.text, percentKeyHashes[i]!);
    }
    this.sections = lexed.sections;

    this.openError = lexed.error
      ? openError(lexed.error.name, OPEN_ERROR_MESSAGES[lexed.error.name] ?? lexed.error.name, lexed.error.line)
      : checkSignature(lexed.byName);
  }

  section(name: string): InfSection | undefined {
    return this.#byName.get(name);
  }

  hasSection(name: string): boolean {
    return this.#byName.has(name);
  }

  linesWithKey(section: string, key: string): InfLine[] {
    const s = this.section(section);
    if (!s) return [];
    const wanted = foldCase(key);
    return s.lines.filter((line) => {
      const k = lookupKey(line);
      return k !== null && foldCase(k) === wanted;
    });
  }

  value(section: string, key: string, index = 0): string | undefined {
    return this.linesWithKey(section, key)[0]?.fields[index]?.value;
  }

  string(key: string): string | undefined {
    return this.#tables.lookupString(key);
  }

  substitute(text: string): string {
    return substituteText(text, this.#tables);
  }

  toJSON(): InfDocumentJson {
    return {
      file: this.file,
      encoding: this.encoding,
      sections: this.sections.map((s) => ({
        name: s.name,
        line: s.line,
        lines: s.lines.map((l) => ({ line: l.line, key: l.key, fields: l.fields.map((f) => f.value) })),
      })),
    };
  }
}

/** The LANGIDs whose [Strings.LLLL] substitution prefers for `locale`, in order: the exact one, then its primary language (SUBLANG_NEUTRAL). */
function localeIds(locale: string | undefined): string[] {
  const id = locale ? Number.parseInt(locale, 16) : Number.NaN;
  if (!Number.isFinite(id)) return [];
  return [id, id & 0x3ff].map((candidate) => candidate.toString(16).padStart(4, '0'));
}

/** The sections substitution takes strings from for `locale` (the lexer makes their tables). */
export function stringSections(locale: string | undefined): readonly string[] {
  return locale ? [...localeIds(locale).map((hex) => `Strings.${hex}`), ...STRINGS] : STRINGS;
}

/** [Strings.LLLL] for the exact LANGID, else for its primary language. */
function chooseLocale(locale: string | undefined, sections: FoldedMap<unknown>): { locale: string; section: string } | undefined {
  for (const hex of localeIds(locale)) {
    const name = `Strings.${hex}`;
    if (sections.has(name)) return { locale: hex, section: name };
  }
  return undefined;
}

/** INF_STYLE_WIN4: [Version] must have Signature= one of the accepted values. */
function checkSignature(sections: LexResult['byName']): InfOpenError | null {
  const version = sections.get('Version');
  if (!version) return openError('ERROR_WRONG_INF_STYLE', 'the file has no [Version] section');
  const line = version.lines.find((l) => {
    const k = rawKeyOf(l);
    return k !== null && foldCase(k) === 'signature';
  });
  if (!line || line.fields.length === 0) {
    return openError('ERROR_WRONG_INF_STYLE', '[Version] has no Signature');
  }
  const signature = line.fields[0]!.text;
  if (WIN4_SIGNATURES.has(foldCase(signature))) return null;
  return openError('ERROR_WRONG_INF_STYLE', `Signature "${signature}" is not $Windows NT$, $Chicago$ or $Windows 95$`);
}
