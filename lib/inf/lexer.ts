// The INF lexer: SetupAPI's parser state machine over UTF-16 code units, written the way
// Wine's dlls/setupapi/parser.c writes it: a table of one small handler per state
// (LINE_START, SECTION_NAME, KEY_NAME, VALUE_NAME, EOL_BACKSLASH, QUOTES, LEADING_SPACES,
// TRAILING_SPACES, COMMENT), each reading on from a position, choosing the next state (with a
// small return stack) and returning where that state starts. So every quirk (where a key
// ends, how quotes and continuations join, what is trimmed) comes out the same. Tokens are
// slices of the text (a regular expression only looks past a Ctrl-Z). Lines of the common
// simple shape take a fast path: simple-lines.c, compiled to WebAssembly, finds them and where
// their fields are, and simpleLine builds them from its records. A differential test keeps the
// two identical.
//
// Output: sections merged by case-insensitive name, lines with their key and fields as
// written (unquoted, before substitution), each with its position in the original text.
import {
  type CodeUnits,
  FIELD_COLUMN,
  FIELD_END,
  FIELD_FLAGS,
  FIELD_HASH,
  FIELD_INTS,
  FIELD_KEY,
  FIELD_LINE,
  FIELD_NAME_HASH,
  FIELD_PERCENT,
  FIELD_QUOTED,
  FIELD_TEXT_HASH,
  KIND_HEADER,
  LINE_END,
  LINE_FIELDS,
  LINE_GAP,
  LINE_INTS,
  LINE_KIND,
  LINE_LAST_START,
  LINE_MORE,
  type ScanWindow,
  SimpleLines,
} from './simple-lines.js';
import { FoldedMap } from './fold.js';
import type { InfField, InfLine, InfSection, Position, ReaderDiagnostic } from './types.js';

export { foldCase } from './fold.js';

/** SetupAPI's limits (Windows Vista and later; see docs/wine-gaps.md for Wine's smaller field limit). */
export const LIMITS = {
  /** Longest section name; a longer one is ERROR_SECTION_NAME_TOO_LONG. */
  sectionName: 255,
  /** Longest key or field; longer tokens are cut to this many characters. */
  field: 4096,
  /**
   * infkit's own bound on memory, not SetupAPI's: the most items (section headers, keys, fields
   * and reader findings) kept from one file. The corpus' largest file has 142,049
   * (reactos/boot__bootdata__caroots.inf). Past it the rest of the file is not read (INF9010).
   */
  items: 1_048_576,
  /** More distinct sections than this is reported (INF9011) but still read. The corpus' most is 171. */
  sections: 65_536,
} as const;

// The lexer builds the document's own objects (InfSection, InfLine, InfField) so no second
// copy is made; `value` and `key` hold the unsubstituted text until the document fills them.
export type LexField = InfField;
export type LexLine = InfLine;
export type LexSection = InfSection;

export interface LexError {
  name: 'ERROR_EXPECTED_SECTION_NAME' | 'ERROR_BAD_SECTION_NAME_LINE' | 'ERROR_SECTION_NAME_TOO_LONG';
  line: number;
}

export interface LexResult {
  sections: LexSection[];
  /** The same sections by case-insensitive name. */
  byName: FoldedMap<LexSection>;
  /**
   * The string tables of the sections LexOptions.strings names, by section name: each line's
   * raw key (rawKeyOf) → its first field's text, the first line of a key winning.
   */
  strings: FoldedMap<FoldedMap<string>>;
  /** The first error that makes SetupAPI refuse the file; lexing carried on past it. */
  error: LexError | null;
  /** Fields whose text has a '%' (the only ones substitution can change). */
  percentFields: LexField[];
  /** Lines whose key has a '%'. */
  percentKeys: LexLine[];
  /** For each of percentFields: when its text is one %name%, the name's foldHash as the scanner found it; else -1. */
  percentFieldHashes: number[];
  /** The same for each of percentKeys' keys. */
  percentKeyHashes: number[];
  diagnostics: ReaderDiagnostic[];
}

export interface LexOptions {
  /** Maximum token length (defaults to LIMITS.field). */
  maxField?: number;
  /** Take the fast path for simple lines (default true; tests turn it off to compare). */
  fastPath?: boolean;
  /** Most items kept (defaults to LIMITS.items; tests make it small). */
  maxItems?: number;
  /** The bytes behind `input`, one or two to a code unit, for the fast path (decodeInf gives them). */
  units?: CodeUnits;
  /** The fast path's window and record room (tests make them small). */
  window?: ScanWindow;
  /** Sections to make string tables of (LexResult.strings); default [Strings] alone. */
  strings?: readonly string[];
}

// Parser states: indexes into HANDLERS.
const LINE_START = 0;
const SECTION_NAME = 1;
const KEY_NAME = 2;
const VALUE_NAME = 3;
const EOL_BACKSLASH = 4;
const QUOTES = 5;
const LEADING_SPACES = 6;
const TRAILING_SPACES = 7;
const COMMENT = 8;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const CTRL_Z = '\x1a';
/** Placeholder until a line is complete (never exposed). */
const NO_FIELDS: LexField[] = [];

/** iswspace: the Unicode White_Space characters in the BMP. */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/**
 * The next occurrence of one character at or after a position, cached: `at` is the first
 * occurrence at or after `from` (the end when there is none), so it answers every query in
 * [from, at]. The state machine's queries move forward with it: each character is searched once.
 */
class NextChar {
  at = -1;
  from = 0;
  constructor(
    readonly text: string,
    readonly ch: string,
  ) {}

  after(q: number): number {
    if (q > this.at || q < this.from) {
      const i = this.text.indexOf(this.ch, q);
      this.at = i < 0 ? this.text.length : i;
      this.from = q;
    }
    return this.at;
  }
}

/** The first `count` fields as an array of exactly that length: literals for the common short lines (cheaper than slice). */
function exactArray(fields: LexField[], count: number): LexField[] {
  switch (count) {
    case 1:
      return [fields[0]!];
    case 2:
      return [fields[0]!, fields[1]!];
    case 3:
      return [fields[0]!, fields[1]!, fields[2]!];
    case 4:
      return [fields[0]!, fields[1]!, fields[2]!, fields[3]!];
    default:
      return fields.slice(0, count);
  }
}

/** The key SetupAPI files a [Strings] line under, before substitution: its key, or the one field of a line without `=`. */
export function rawKeyOf(line: LexLine): string | null {
  if (line.keyField) return line.keyField.text;
  return line.fields.length === 1 ? line.fields[0]!.text : null;
}

/** Files a line of a [Strings] section in its table; `hash` is its raw key's foldHash, when known. */
function addString(table: FoldedMap<string>, line: LexLine, hash?: number): void {
  const key = rawKeyOf(line);
  if (key !== null) table.add(key, line.fields[0]?.text ?? '', hash);
}

/** The sections lex makes string tables of unless told otherwise: [Strings] alone. */
export const STRINGS: readonly string[] = ['Strings'];

export function lex(input: string, options: LexOptions = {}): LexResult {
  return new Lexer(input, options).run();
}

class Lexer {
  readonly text: string;
  readonly end: number;
  readonly maxField: number;
  readonly maxItems: number;
  readonly ctrlZ: number;
  readonly input: string;

  readonly sections: LexSection[] = [];
  readonly byName = new FoldedMap<LexSection>();
  readonly strings = new FoldedMap<FoldedMap<string>>();
  /** The string table of the section being read, if it is one. */
  table: FoldedMap<string> | null = null;
  readonly diagnostics: ReaderDiagnostic[] = [];
  error: LexError | null = null;

  state = LINE_START;
  readonly stack: number[] = [];
  /** Start of the text not yet pushed into the token. */
  start = 0;
  token = '';
  tokenLen = 0;
  truncated = false;
  /** Where the current token's source text begins and ends. */
  begin = -1;
  rawEnd = -1;
  /** A NUL in the token became a space. */
  spacedNul = false;
  section: LexSection | null = null;
  line: LexLine | null = null;
  lineNo = 1;
  lineStart = 0;
  brokenLine = 0;
  headerLine = 1;
  headerColumn = 1;
  /** The fast path's records of the text's simple lines; null when it is turned off or cannot run here. */
  readonly simple: SimpleLines | null;
  // Next occurrences of the characters SECTION_NAME, QUOTES, COMMENT and addField search for.
  readonly newlines: NextChar;
  readonly quotes: NextChar;
  readonly percents: NextChar;
  readonly closingBrackets: NextChar;
  /** Items kept so far (LIMITS.items); `full` once one had to be dropped, which ends the reading. */
  items = 0;
  full = false;
  readonly percentFields: LexField[] = [];
  readonly percentKeys: LexLine[] = [];
  readonly percentFieldHashes: number[] = [];
  readonly percentKeyHashes: number[] = [];
  /** Fields of the line being read. */
  readonly scratch: LexField[] = [];
  scratchLen = 0;

  constructor(input: string, options: LexOptions) {
    this.input = input;
    this.maxField = options.maxField ?? LIMITS.field;
    this.maxItems = options.maxItems ?? LIMITS.items;
    // Ctrl-Z ends the file: every state stops there as at the end of the buffer.
    this.ctrlZ = input.indexOf(CTRL_Z);
    this.text = this.ctrlZ < 0 ? input : input.slice(0, this.ctrlZ);
    this.end = this.text.length;
    const text = this.text;
    this.newlines = new NextChar(text, '\n');
    this.quotes = new NextChar(text, '"');
    this.percents = new NextChar(text, '%');
    this.closingBrackets = new NextChar(text, ']');
    this.simple = (options.fastPath ?? true) ? SimpleLines.open(text, this.end, this.maxField, options.units, options.window) : null;
    for (const name of options.strings ?? STRINGS) this.strings.add(name, new FoldedMap<string>());
  }

  diag(code: string, severity: ReaderDiagnostic['severity'], message: string, at: Position): void {
    if (this.keep(at)) this.diagnostics.push({ code, severity, message, line: at.line, column: at.column });
  }

  /**
   * Counts one more item to keep (a section header, key, field or finding). False once
   * LIMITS.items are kept: the reader reports INF9010 at `at` and stops there.
   */
  keep(at: Position): boolean {
    if (++this.items <= this.maxItems) return true;
    if (!this.full) {
      this.full = true;
      this.diagnostics.push({
        code: 'INF9010',
        severity: 'error',
        message: `more than ${this.maxItems} sections, keys, fields and findings: infkit stops reading the file here (SetupAPI would read on)`,
        line: at.line,
        column: at.column,
      });
    }
    return false;
  }

  fail(name: LexError['name'], line: number): void {
    if (!this.error) this.error = { name, line };
  }

  /**
   * Line and column of a text offset at or before the current position. Offsets before the
   * current line (a token continued over several lines) are found by walking back over the
   * lines in between, which the token spans anyway, so the cost stays linear.
   */
  positionOf(offset: number): Position {
    let line = this.lineNo;
    let start = this.lineStart;
    while (offset < start && start > 0) {
      line--;
      start = start >= 2 ? this.text.lastIndexOf('\n', start - 2) + 1 : 0;
    }
    return { line, column: offset - start + 1 };
  }

  newline(at: number): void {
    this.lineNo++;
    this.lineStart = at + 1;
  }

  /** Does text[from, to) contain a '%'? */
  hasPercent(from: number, to: number): boolean {
    return this.percents.after(from) < to;
  }

  newlineAfter(from: number): number {
    return this.newlines.after(from);
  }

  /** Append text from `start` up to `pos` to the token (NUL becomes a space, reported; cut at the limit). */
  pushToken(pos: number): void {
    const start = this.start;
    let len = pos - start;
    if (len > 0) {
      if (this.begin < 0) this.begin = start;
      if (pos > this.rawEnd) this.rawEnd = pos;
      if (len > this.maxField - this.tokenLen) {
        len = this.maxField - this.tokenLen;
        if (!this.truncated) {
          this.truncated = true;
          this.diag(
            'INF9006',
            'warning',
            `token longer than ${this.maxField} characters is cut, as SetupAPI does`,
            this.positionOf(this.begin),
          );
        }
      }
      if (len > 0) {
        let piece = this.text.slice(start, start + len);
        const nul = piece.indexOf('\0');
        if (nul >= 0) {
          piece = piece.replaceAll('\0', ' ');
          this.spacedNul = true;
          this.diag(
            'INF9009',
            'warning',
            'NUL character inside a key or field: SetupAPI reads it as a space',
            this.positionOf(start + nul),
          );
        }
        this.token = this.tokenLen === 0 ? piece : this.token + piece;
        this.tokenLen += len;
      }
    }
    this.start = pos;
  }

  resetToken(): void {
    this.token = '';
    this.tokenLen = 0;
    this.truncated = false;
    this.begin = -1;
    this.rawEnd = -1;
    this.spacedNul = false;
  }

  /** The section header just read; `hash` is its name's foldHash, when the scanner has it. */
  addSection(hash?: number): void {
    const at = { line: this.headerLine, column: this.headerColumn };
    if (!this.keep(at)) {
      this.resetToken();
      return;
    }
    if (this.tokenLen > LIMITS.sectionName) {
      this.fail('ERROR_SECTION_NAME_TOO_LONG', this.lineNo);
      this.diag('INF9005', 'error', `section name longer than ${LIMITS.sectionName} characters: SetupAPI refuses the file`, at);
    }
    // `headers: [at]` is an array of one; a push onto [] would reserve room for 16.
    const fresh: LexSection = { name: this.token, lines: [], headers: [at], line: at.line, column: at.column };
    const s = this.byName.add(this.token, fresh, hash);
    this.table = this.strings.get(this.token, hash) ?? null;
    if (s !== fresh) s.headers.push(at);
    else {
      this.sections.push(s);
      if (this.sections.length === LIMITS.sections + 1) {
        this.diag(
          'INF9011',
          'warning',
          `more than ${LIMITS.sections} sections: far more than any real INF has (a generated or damaged file?)`,
          at,
        );
      }
    }
    this.section = s;
    this.resetToken();
  }

  /** A field from the current token; `at` is where it sits when it has no text of its own. */
  addField(isKey: boolean, at: number): void {
    const from = this.begin < 0 ? at : this.begin;
    let line = this.lineNo;
    let column = from - this.lineStart + 1;
    if (from < this.lineStart) ({ line, column } = this.positionOf(from));
    if (!this.keep({ line, column })) {
      this.resetToken();
      return;
    }
    const token = this.token;
    const field: LexField = {
      // Same length means the same text (the token is the raw range minus quotes), unless
      // a NUL became a space: then reuse the token instead of slicing a copy.
      raw: this.rawEnd <= from ? '' : this.rawEnd - from === token.length && !this.spacedNul ? token : this.text.slice(from, this.rawEnd),
      text: token,
      value: token,
      line,
      column,
    };
    let current = this.line;
    if (!current) {
      const section = this.section!;
      current = { key: null, keyField: null, fields: NO_FIELDS, index: section.lines.length, line, column };
      section.lines.push(current);
      this.line = current;
    }
    const percent = this.rawEnd > from && this.hasPercent(from, this.rawEnd);
    if (isKey) {
      current.keyField = field;
      current.key = token;
      if (percent) this.percentKey(current, -1);
    } else {
      this.scratch[this.scratchLen++] = field;
      if (percent) this.percentField(field, -1);
    }
    this.resetToken();
  }

  /** The line is complete: give it an array of exactly its fields (a growing one wastes memory). */
  closeLine(): void {
    const current = this.line;
    if (!current) return;
    current.fields = exactArray(this.scratch, this.scratchLen);
    this.scratchLen = 0;
    this.line = null;
    if (this.table) addString(this.table, current);
  }

  percentField(field: LexField, hash: number): void {
    this.percentFields.push(field);
    this.percentFieldHashes.push(hash);
  }

  percentKey(line: LexLine, hash: number): void {
    this.percentKeys.push(line);
    this.percentKeyHashes.push(hash);
  }

  push(state: number): void {
    this.stack.push(state);
  }

  pop(): void {
    this.state = this.stack.pop()!;
  }

  /** The first position from `pos` that is not white space on this line (its '\n', or the end); `nul`: a NUL counts as white space. */
  skipSpaces(pos: number, nul: boolean): number {
    const { text, end } = this;
    let p = pos;
    for (; p < end; p++) {
      const c = text.charCodeAt(p);
      if (c === LF || !(isSpace(c) || (nul && c === 0))) break;
    }
    return p;
  }

  // Transitions KEY_NAME and VALUE_NAME share; `tokenEnd` ends the token without its
  // trailing white space, `p` is the character that causes the transition, and `resume` is
  // the state to come back to. Each returns where the next state starts reading.

  /** `=` after a key or `,` after a value ends the field; the next one is a value. */
  endField(isKey: boolean, tokenEnd: number, p: number): number {
    this.pushToken(tokenEnd);
    this.addField(isKey, p);
    this.start = p + 1;
    this.push(VALUE_NAME);
    this.state = LEADING_SPACES;
    return p + 1;
  }

  /** `;` ends the field and the line's fields: the rest of the line is a comment. */
  startComment(tokenEnd: number, p: number): number {
    this.pushToken(tokenEnd);
    this.addField(false, p);
    this.push(LINE_START);
    this.state = COMMENT;
    return p + 1;
  }

  /** `"` opens a quoted run inside the token. */
  openQuotes(p: number, resume: number): number {
    this.pushToken(p);
    if (this.begin < 0) this.begin = p;
    this.start = p + 1;
    this.push(resume);
    this.state = QUOTES;
    return p + 1;
  }

  /** `\` may continue the line: EOL_BACKSLASH decides. */
  atBackslash(tokenEnd: number, p: number, resume: number): number {
    this.pushToken(tokenEnd);
    this.start = p;
    this.push(resume);
    this.state = EOL_BACKSLASH;
    return p;
  }

  /** White space inside a token: trailing unless more text follows on the line. */
  atSpace(p: number, resume: number): number {
    this.pushToken(p);
    this.push(resume);
    this.state = TRAILING_SPACES;
    return p;
  }

  /**
   * The fast path (simple-lines.c finds the lines it can read): builds the section header or
   * line whose first non-space character is at `from` from its record, then each next one that
   * only blank lines and comments separate from it, and returns where the last one ends. -1
   * leaves the line at `from` to the state machine (it is not simple, or it would pass the
   * item budget).
   */
  simpleLine(from: number): number {
    const simple = this.simple!;
    const records = simple.records;
    let at = simple.lineAt(from, this.lineStart);
    if (at < 0 || !this.addRecord(records, at)) return -1;
    for (;;) {
      const end = records[at + LINE_END]!;
      const next = simple.nextLine(at);
      if (this.full || next < 0 || records[next + LINE_GAP]! < 0) return end;
      // The blank lines and comments in between, as lineStartState would pass them; the line
      // starts where its first field's column says.
      const lineNo = this.lineNo;
      const lineStart = this.lineStart;
      this.lineNo += records[next + LINE_GAP]!;
      this.lineStart = records[next + LINE_INTS]! - records[next + LINE_INTS + FIELD_COLUMN]! + 1;
      if (!this.addRecord(records, next)) {
        this.lineNo = lineNo;
        this.lineStart = lineStart;
        return end;
      }
      at = next;
    }
  }

  /** Builds what the record at `at` holds: a section header, or a line; false when a line would pass the item budget. */
  addRecord(records: Int32Array, at: number): boolean {
    if (records[at + LINE_KIND] !== KIND_HEADER) return this.addSimpleLine(records, at);
    const name = at + LINE_INTS;
    this.headerLine = this.lineNo;
    this.headerColumn = records[name + FIELD_COLUMN]! - 1; // where its '[' is
    this.token = this.text.slice(records[name]!, records[name + FIELD_END]!);
    this.tokenLen = this.token.length;
    this.addSection(records[name + FIELD_HASH]!);
    return true;
  }

  /** Builds the line of the record at `at`; false when it would pass the item budget. */
  addSimpleLine(records: Int32Array, at: number): boolean {
    const count = records[at + LINE_FIELDS]!;
    // Over the item budget: the state machine reads the line and stops at the exact field.
    if (this.items + count > this.maxItems) return false;
    this.items += count;
    const text = this.text;
    const fields = this.scratch;
    const lineNo = this.lineNo;
    let n = 0;
    let keyField: LexField | null = null;
    let keyPercent = false;
    for (let f = at + LINE_INTS, last = f + FIELD_INTS * count; f < last; f += FIELD_INTS) {
      const start = records[f]!;
      const end = records[f + FIELD_END]!;
      const flags = records[f + FIELD_FLAGS]!;
      const raw = text.slice(start, end);
      const value = flags & FIELD_QUOTED ? text.slice(start + 1, end - 1) : raw;
      const field: LexField = { raw, text: value, value, line: lineNo + records[f + FIELD_LINE]!, column: records[f + FIELD_COLUMN]! };
      if (flags & FIELD_KEY) {
        keyField = field;
        keyPercent = (flags & FIELD_PERCENT) !== 0;
      } else {
        fields[n++] = field;
        if (flags & FIELD_PERCENT) this.percentField(field, flags & FIELD_NAME_HASH ? records[f + FIELD_HASH]! : -1);
      }
    }
    const section = this.section!;
    const firstField = keyField ?? fields[0]!;
    const line: LexLine = {
      key: keyField ? keyField.text : null,
      keyField,
      fields: exactArray(fields, n),
      index: section.lines.length,
      line: firstField.line,
      column: firstField.column,
    };
    section.lines.push(line);
    // The line's first field: its key, or its one field when it has no key.
    const first = at + LINE_INTS;
    if (keyPercent) this.percentKey(line, records[first + FIELD_FLAGS]! & FIELD_NAME_HASH ? records[first + FIELD_HASH]! : -1);
    if (this.table) addString(this.table, line, records[first + FIELD_FLAGS]! & FIELD_TEXT_HASH ? records[first + FIELD_HASH]! : -1);
    this.lineNo += records[at + LINE_MORE]!;
    this.lineStart = records[at + LINE_LAST_START]!;
    return true;
  }

  /** Runs the state handlers from the start of the text until one reports the end (-1) or the item budget is spent. */
  run(): LexResult {
    let p = 0;
    while (p >= 0 && !this.full) p = HANDLERS[this.state]!(this, p);
    return this.finish();
  }

  finish(): LexResult {
    this.closeLine(); // the line being read when the item budget ran out
    if (this.brokenLine) {
      const hasStrings = this.byName.has('Strings');
      this.diag(
        'INF9004',
        hasStrings ? 'warning' : 'error',
        hasStrings
          ? 'text before the first section is ignored'
          : 'text before the first section: SetupAPI refuses a file like this unless it has a [Strings] section',
        { line: this.brokenLine, column: 1 },
      );
      if (!hasStrings) this.fail('ERROR_EXPECTED_SECTION_NAME', this.brokenLine);
    }
    const ctrlZ = this.ctrlZ;
    // The whole rest is looked at, not a window: a window counts characters, so a file's LF and
    // CRLF forms would disagree on text just past it (found by the fuzz round).
    if (ctrlZ >= 0 && /\S/.test(this.input.slice(ctrlZ + 1))) {
      this.diag('INF9008', 'info', 'Ctrl-Z ends the file: the text after it is ignored', this.positionOf(ctrlZ));
    }
    return {
      sections: this.sections,
      byName: this.byName,
      error: this.error,
      diagnostics: this.diagnostics,
      strings: this.strings,
      percentFields: this.percentFields,
      percentKeys: this.percentKeys,
      percentFieldHashes: this.percentFieldHashes,
      percentKeyHashes: this.percentKeyHashes,
    };
  }
}

// The state handlers, one per parser state as in Wine's dlls/setupapi/parser.c: each reads
// from `pos`, sets the next state (pushing or popping the return stack) and returns where
// that state goes on, or -1 when the text is done.
type StateHandler = (lx: Lexer, pos: number) => number;

/** At the beginning of a line: a comment, a section header, a key or value, or blank space. */
function lineStartState(lx: Lexer, pos: number): number {
  const { text, end } = lx;
  for (let p = pos; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === LF) {
      lx.newline(p);
      lx.closeLine();
    } else if (c === SEMICOLON) {
      lx.push(LINE_START);
      lx.state = COMMENT;
      return p + 1;
    } else if (!isSpace(c)) {
      if (c !== LBRACKET && !lx.section) {
        // Text before the first section: skipped character by character (a '[' or ';'
        // later on the same line still counts), remembered for finish()'s error.
        if (!lx.brokenLine) lx.brokenLine = lx.lineNo;
        continue;
      }
      const lineEnd = lx.simple ? lx.simpleLine(p) : -1;
      if (lineEnd >= 0) {
        if (lx.full) return lineEnd;
        p = lineEnd - 1; // the loop moves on to the '\n'
        continue;
      }
      if (c === LBRACKET) {
        lx.headerLine = lx.lineNo;
        lx.headerColumn = p - lx.lineStart + 1;
        lx.start = p + 1;
        lx.state = SECTION_NAME;
        return p + 1;
      }
      lx.start = p;
      lx.state = KEY_NAME;
      return p;
    }
  }
  lx.closeLine();
  return -1;
}

/** After '[': the name runs to ']', and the rest of the header line is ignored. */
function sectionNameState(lx: Lexer, pos: number): number {
  const p = lx.closingBrackets.after(pos);
  const eol = lx.newlineAfter(pos);
  if (p < eol) {
    lx.pushToken(p);
    lx.addSection();
    lx.push(LINE_START);
    lx.state = COMMENT;
    return p + 1;
  }
  // Unfinished section name: SetupAPI stops here. We skip the line and go on reading.
  lx.fail('ERROR_BAD_SECTION_NAME_LINE', lx.lineNo);
  lx.diag('INF1002', 'error', "section header has no closing ']': SetupAPI refuses the file", {
    line: lx.headerLine,
    column: lx.headerColumn,
  });
  lx.resetToken();
  lx.state = LINE_START;
  return eol;
}

/** The line's first token: a key if '=' ends it, else its first value (',' or the line's end). */
function keyNameState(lx: Lexer, pos: number): number {
  const { text, end } = lx;
  let tokenEnd = lx.start;
  let p = pos;
  for (; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === LF || c === COMMA) break;
    switch (c) {
      case EQUALS:
        return lx.endField(true, tokenEnd, p);
      case SEMICOLON:
        return lx.startComment(tokenEnd, p);
      case QUOTE:
        return lx.openQuotes(p, KEY_NAME);
      case BACKSLASH:
        return lx.atBackslash(tokenEnd, p, KEY_NAME);
      default:
        if (isSpace(c)) return lx.atSpace(p, KEY_NAME);
        tokenEnd = p + 1;
    }
  }
  lx.pushToken(tokenEnd);
  lx.state = VALUE_NAME;
  return p;
}

/** A value: it ends at ',' (another value follows), ';' or the line's end. */
function valueNameState(lx: Lexer, pos: number): number {
  const { text, end } = lx;
  let tokenEnd = lx.start;
  let p = pos;
  for (; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === LF) break;
    switch (c) {
      case SEMICOLON:
        return lx.startComment(tokenEnd, p);
      case COMMA:
        return lx.endField(false, tokenEnd, p);
      case QUOTE:
        return lx.openQuotes(p, VALUE_NAME);
      case BACKSLASH:
        return lx.atBackslash(tokenEnd, p, VALUE_NAME);
      default:
        // In values a NUL counts as white space (so trailing NULs are trimmed).
        if (c === 0 || isSpace(c)) return lx.atSpace(p, VALUE_NAME);
        tokenEnd = p + 1;
    }
  }
  lx.pushToken(tokenEnd);
  lx.addField(false, p);
  lx.state = LINE_START;
  return p;
}

/** At a '\': if only white space (or a comment) follows it on the line, the line goes on at the next one. */
function eolBackslashState(lx: Lexer, pos: number): number {
  const { text, end } = lx;
  for (let p = pos; p < end; p++) {
    const c = text.charCodeAt(p);
    if (c === LF) {
      lx.newline(p);
      lx.start = p + 1;
      lx.state = LEADING_SPACES;
      return p + 1;
    }
    if (c === SEMICOLON) {
      lx.push(EOL_BACKSLASH);
      lx.state = COMMENT;
      return p + 1;
    }
    if (c !== BACKSLASH && !isSpace(c)) {
      // Something follows on the same line: the backslashes were literal text.
      lx.pushToken(p);
      lx.pop();
      return p;
    }
  }
  lx.start = end;
  lx.pop();
  return end;
}

/** Inside quotes: text up to the closing '"' ("" is one quote) or the line's end. */
function quotesState(lx: Lexer, pos: number): number {
  const { text, end } = lx;
  const eol = lx.newlineAfter(pos);
  for (let p = pos; ; ) {
    const q = lx.quotes.after(p);
    if (q >= eol) break;
    if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
      lx.pushToken(q + 1);
      lx.start = p = q + 2;
    } else {
      lx.pushToken(q);
      lx.rawEnd = q + 1;
      lx.start = q + 1;
      lx.pop();
      return q + 1;
    }
  }
  // Wine's QUOTES state runs to the '\n' and keeps a CR before it; SetupAPI on Windows
  // (CRLF files) never returns one, so a CRLF line reads like an LF line (docs/wine-gaps.md).
  lx.pushToken(eol < end && eol > lx.start && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol);
  lx.start = eol;
  lx.diag('INF9007', 'warning', 'quote not closed before the end of the line', lx.positionOf(lx.begin < 0 ? eol : lx.begin));
  lx.pop();
  return eol;
}

/** After '=' or ',': white space before the next value is skipped. */
function leadingSpacesState(lx: Lexer, pos: number): number {
  const p = lx.skipSpaces(pos, false);
  lx.start = p;
  if (lx.text.charCodeAt(p) === BACKSLASH) lx.state = EOL_BACKSLASH;
  else lx.pop();
  return p;
}

/** White space inside or after a token: kept only if more of the token follows on the line. */
function trailingSpacesState(lx: Lexer, pos: number): number {
  const p = lx.skipSpaces(pos, true);
  if (lx.text.charCodeAt(p) === BACKSLASH) lx.state = EOL_BACKSLASH;
  else lx.pop();
  return p;
}

/** After ';': the rest of the line is ignored. */
function commentState(lx: Lexer, pos: number): number {
  lx.pop();
  return lx.newlineAfter(pos);
}

/** The handler of each state, indexed by the state's number. */
const HANDLERS: readonly StateHandler[] = [
  lineStartState, // LINE_START
  sectionNameState, // SECTION_NAME
  keyNameState, // KEY_NAME
  valueNameState, // VALUE_NAME
  eolBackslashState, // EOL_BACKSLASH
  quotesState, // QUOTES
  leadingSpacesState, // LEADING_SPACES
  trailingSpacesState, // TRAILING_SPACES
  commentState, // COMMENT
];
