// The parsed INF: lexer output plus decoding facts, with case-insensitive lookup,
// %strkey%/DIRID substitution of every key and field, and SetupOpenInfFile's verdict.
import { foldCase, type LexLine, type LexResult } from './lexer.js';
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

/** lookupKey before substitution (what SetupAPI compares [Strings] and Signature lookups with). */
function rawKeyOf(line: LexLine): string | null {
  if (line.keyField) return line.keyField.text;
  return line.fields.length === 1 ? line.fields[0]!.text : null;
}

export interface DocumentSource {
  file: string;
  encoding: InfEncoding;
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
  readonly #byName: Map<string, InfSection>;
  readonly #tables: SubstitutionTables;

  constructor(source: DocumentSource, options: ParseOptions = {}) {
    const { lexed } = source;
    this.file = source.file;
    this.encoding = source.encoding;
    this.diagnostics = [...(source.extraDiagnostics ?? []), ...lexed.diagnostics];

    // String tables come from the raw text (values are never substituted again).
    const rawByName = lexed.byName;
    this.#byName = lexed.byName;
    const stringTable = (name: string): Map<string, string> | undefined => {
      const section = rawByName.get(foldCase(name));
      if (!section) return undefined;
      const table = new Map<string, string>();
      for (const line of section.lines) {
        const key = rawKeyOf(line);
        if (key === null) continue;
        const folded = foldCase(key);
        if (!table.has(folded)) table.set(folded, line.fields[0]?.text ?? '');
      }
      return table;
    };
    const chosen = chooseLocale(options.locale, rawByName);
    this.locale = chosen?.locale ?? null;
    // Built on the first lookup: a file without %strkey% never needs them.
    let tables: [Map<string, string> | undefined, Map<string, string> | undefined] | undefined;
    this.#tables = {
      lookupString: (key) => {
        tables ??= [chosen ? stringTable(chosen.section) : undefined, stringTable('Strings')];
        const folded = foldCase(key);
        return tables[0]?.get(folded) ?? tables[1]?.get(folded);
      },
      dirids: options.dirids,
    };

    // Substitute in place: the lexer's objects hold the unsubstituted text in `value`/`key`,
    // and it listed the fields and keys that have a '%' (no others can change).
    for (const field of lexed.percentFields) field.value = substituteText(field.text, this.#tables);
    for (const line of lexed.percentKeys) line.key = line.keyField!.value = substituteText(line.keyField!.text, this.#tables);
    this.sections = lexed.sections;

    this.openError = lexed.error
      ? openError(lexed.error.name, OPEN_ERROR_MESSAGES[lexed.error.name] ?? lexed.error.name, lexed.error.line)
      : checkSignature(rawByName);
  }

  section(name: string): InfSection | undefined {
    return this.#byName.get(foldCase(name));
  }

  hasSection(name: string): boolean {
    return this.#byName.has(foldCase(name));
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

/** [Strings.LLLL] for the exact LANGID, else for its primary language (SUBLANG_NEUTRAL). */
function chooseLocale(locale: string | undefined, sections: Map<string, unknown>): { locale: string; section: string } | undefined {
  if (!locale) return undefined;
  const id = Number.parseInt(locale, 16);
  if (!Number.isFinite(id)) return undefined;
  for (const candidate of [id, id & 0x3ff]) {
    const hex = candidate.toString(16).padStart(4, '0');
    const name = `Strings.${hex}`;
    if (sections.has(foldCase(name))) return { locale: hex, section: name };
  }
  return undefined;
}

/** INF_STYLE_WIN4: [Version] must have Signature= one of the accepted values. */
function checkSignature(sections: Map<string, LexResult['sections'][number]>): InfOpenError | null {
  const version = sections.get('version');
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
