// The INF lexer: an explicit state machine over UTF-16 code units that follows SetupAPI's
// parser state by state (LINE_START, SECTION_NAME, KEY_NAME, VALUE_NAME, EOL_BACKSLASH,
// QUOTES, LEADING_SPACES, TRAILING_SPACES, COMMENT, with a small return stack), so that
// every quirk (where a key ends, how quotes and continuations join, what is trimmed)
// comes out the same. One pass over char codes (a regular expression only looks past a
// Ctrl-Z), tokens built from slices; lines that cannot hold a quirk take a fast path
// (simpleLine) that a differential test keeps identical to the state machine. The state
// lives in a class so every file reuses the same (optimised) methods.
//
// Output: sections merged by case-insensitive name, lines with their key and fields as
// written (unquoted, before substitution), each with its position in the original text.
import type { InfField, InfLine, InfSection, Position, ReaderDiagnostic } from './types.js';

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
  /** The same sections by case-folded name. */
  byName: Map<string, LexSection>;
  /** The first error that makes SetupAPI refuse the file; lexing carried on past it. */
  error: LexError | null;
  /** Fields whose text has a '%' (the only ones substitution can change). */
  percentFields: LexField[];
  /** Lines whose key has a '%'. */
  percentKeys: LexLine[];
  diagnostics: ReaderDiagnostic[];
}

export interface LexOptions {
  /** Maximum token length (defaults to LIMITS.field). */
  maxField?: number;
  /** Take the fast path for simple lines (default true; tests turn it off to compare). */
  fastPath?: boolean;
  /** Most items kept (defaults to LIMITS.items; tests make it small). */
  maxItems?: number;
}

// Parser states (numbers so the dispatch is a jump table).
const LINE_START = 0;
const SECTION_NAME = 1;
const KEY_NAME = 2;
const VALUE_NAME = 3;
const EOL_BACKSLASH = 4;
const QUOTES = 5;
const LEADING_SPACES = 6;
const TRAILING_SPACES = 7;
const COMMENT = 8;
const DONE = 9;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const CTRL_Z = '\x1a';
// Bits of Lexer.specialsIn: characters a line has that the fast path must look at per field.
const HAS_QUOTE = 1;
const HAS_SEMICOLON = 2;
const HAS_BACKSLASH = 4;
const HAS_PERCENT = 8;
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

/** Case-insensitive key for section, key and string lookups (per-character lower case). */
export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  // A few characters lower-case to more than one unit; fold those one by one instead.
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * The next occurrence of one character at or after a position, cached: `at` is the first
 * occurrence at or after `from` (the end when there is none). Queries mostly move forward with
 * the reader and are answered from the cache. A query before `from` (the state machine reading
 * again a line the fast path gave up on) only scans the gap up to `from`, which lies inside that
 * line (and the lines it continues onto), so the total work stays linear in the file.
 */
class NextChar {
  at = -1;
  from = 0;
  readonly code: number;
  constructor(
    readonly text: string,
    readonly ch: string,
  ) {
    this.code = ch.charCodeAt(0);
  }

  after(q: number): number {
    if (q > this.at) {
      const i = this.text.indexOf(this.ch, q);
      this.at = i < 0 ? this.text.length : i;
      this.from = q;
    } else if (q < this.from) {
      const text = this.text;
      for (let i = q; i < this.from; i++) {
        if (text.charCodeAt(i) === this.code) {
          this.at = i;
          break;
        }
      }
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

export function lex(input: string, options: LexOptions = {}): LexResult {
  return new Lexer(input, options).run();
}

class Lexer {
  readonly text: string;
  readonly end: number;
  readonly maxField: number;
  readonly maxItems: number;
  readonly fastPath: boolean;
  readonly hasNul: boolean;
  readonly ctrlZ: number;
  readonly input: string;

  readonly sections: LexSection[] = [];
  readonly byName = new Map<string, LexSection>();
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
  section: LexSection | null = null;
  line: LexLine | null = null;
  lineNo = 1;
  lineStart = 0;
  brokenLine = 0;
  headerLine = 1;
  headerColumn = 1;
  // Next occurrences of the characters the fast path, QUOTES and COMMENT search for.
  readonly newlines: NextChar;
  readonly quotes: NextChar;
  readonly nuls: NextChar;
  readonly semicolons: NextChar;
  readonly equalSigns: NextChar;
  readonly commas: NextChar;
  readonly backslashes: NextChar;
  readonly percents: NextChar;
  /** Items kept so far (LIMITS.items); `full` once one had to be dropped, which ends the reading. */
  items = 0;
  full = false;
  readonly percentFields: LexField[] = [];
  readonly percentKeys: LexLine[] = [];
  /** Fields of the line being read. */
  readonly scratch: LexField[] = [];
  scratchLen = 0;

  constructor(input: string, options: LexOptions) {
    this.input = input;
    this.maxField = options.maxField ?? LIMITS.field;
    this.maxItems = options.maxItems ?? LIMITS.items;
    this.fastPath = options.fastPath ?? true;
    // Ctrl-Z ends the file: every state stops there as at the end of the buffer.
    this.ctrlZ = input.indexOf(CTRL_Z);
    this.text = this.ctrlZ < 0 ? input : input.slice(0, this.ctrlZ);
    this.end = this.text.length;
    this.hasNul = this.text.indexOf('\0') >= 0;
    const text = this.text;
    this.newlines = new NextChar(text, '\n');
    this.quotes = new NextChar(text, '"');
    this.nuls = new NextChar(text, '\0');
    this.semicolons = new NextChar(text, ';');
    this.equalSigns = new NextChar(text, '=');
    this.commas = new NextChar(text, ',');
    this.backslashes = new NextChar(text, '\\');
    this.percents = new NextChar(text, '%');
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
          this.diag('INF9006', 'warning', `token longer than ${this.maxField} characters is cut, as SetupAPI does`, this.positionOf(this.begin));
        }
      }
      if (len > 0) {
        let piece = this.text.slice(start, start + len);
        if (this.hasNul) {
          const nul = piece.indexOf('\0');
          if (nul >= 0) {
            piece = piece.replaceAll('\0', ' ');
            this.diag('INF9009', 'warning', 'NUL character inside a key or field: SetupAPI reads it as a space', this.positionOf(start + nul));
          }
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
  }

  addSection(): void {
    const at = { line: this.headerLine, column: this.headerColumn };
    if (!this.keep(at)) return this.resetToken();
    if (this.tokenLen > LIMITS.sectionName) {
      this.fail('ERROR_SECTION_NAME_TOO_LONG', this.lineNo);
      this.diag('INF9005', 'error', `section name longer than ${LIMITS.sectionName} characters: SetupAPI refuses the file`, at);
    }
    const key = foldCase(this.token);
    let s = this.byName.get(key);
    if (s) s.headers.push(at);
    else {
      // `headers: [at]` is an array of one; a push onto [] would reserve room for 16.
      s = { name: this.token, lines: [], headers: [at], line: at.line, column: at.column };
      this.byName.set(key, s);
      this.sections.push(s);
      if (this.sections.length === LIMITS.sections + 1) {
        this.diag('INF9011', 'warning', `more than ${LIMITS.sections} sections: far more than any real INF has (a generated or damaged file?)`, at);
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
    if (!this.keep({ line, column })) return this.resetToken();
    const token = this.token;
    const field: LexField = {
      // Same length means the same text (the token is the raw range minus quotes), unless
      // a NUL became a space: then reuse the token instead of slicing a copy.
      raw: this.rawEnd <= from ? '' : this.rawEnd - from === token.length && !this.hasNul ? token : this.text.slice(from, this.rawEnd),
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
      if (percent) this.percentKeys.push(current);
    } else {
      this.scratch[this.scratchLen++] = field;
      if (percent) this.percentFields.push(field);
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
  }

  push(state: number): void {
    this.stack.push(state);
  }

  pop(): void {
    this.state = this.stack.pop()!;
  }

  // Transitions KEY_NAME and VALUE_NAME share; `tokenEnd` ends the token without its
  // trailing white space, `p` is the character that causes the transition, and `resume` is
  // the state to come back to.

  /** `=` after a key or `,` after a value ends the field; the next one is a value. */
  endField(isKey: boolean, tokenEnd: number, p: number): void {
    this.pushToken(tokenEnd);
    this.addField(isKey, p);
    this.start = p + 1;
    this.push(VALUE_NAME);
    this.state = LEADING_SPACES;
  }

  /** `;` ends the field and the line's fields: the rest of the line is a comment. */
  startComment(tokenEnd: number, p: number): void {
    this.pushToken(tokenEnd);
    this.addField(false, p);
    this.push(LINE_START);
    this.state = COMMENT;
  }

  /** `"` opens a quoted run inside the token. */
  openQuotes(p: number, resume: number): void {
    this.pushToken(p);
    if (this.begin < 0) this.begin = p;
    this.start = p + 1;
    this.push(resume);
    this.state = QUOTES;
  }

  /** `\` may continue the line: EOL_BACKSLASH decides. */
  atBackslash(tokenEnd: number, p: number, resume: number): void {
    this.pushToken(tokenEnd);
    this.start = p;
    this.push(resume);
    this.state = EOL_BACKSLASH;
  }

  /** White space inside a token: trailing unless more text follows on the line. */
  atSpace(p: number, resume: number): void {
    this.pushToken(p);
    this.push(resume);
    this.state = TRAILING_SPACES;
  }

  // Fast path. Most lines are fields separated by ',' (the first one a key when '=' ends
  // it), each either plain text or one whole quoted string, then maybe a ';' comment. For
  // those the state machine's result is simply: split there, trim, unquote. simpleLine
  // reads such a line with native string searches (the next-occurrence caches keep them
  // linear over the file), and follows the one common continuation, a value that goes on
  // after `,\` or `=\` ends a line (binary registry data). It leaves anything else to the
  // state machine: a NUL, a quote inside a token or a doubled quote, any other backslash
  // followed by white space or ending the line, an unterminated quote, a token over the
  // length limit. test/inf/lexer.test.ts checks on random input that both ways give the
  // same result.
  /** Read the line whose first non-space character is at `from`; returns its end, or -1 for the state machine. */
  simpleLine(from: number): number {
    const mark = this.percentFields.length;
    const { lineNo, lineStart } = this;
    const end = this.readSimpleLine(from);
    if (end < 0) {
      // Given up: the state machine reads the line again from `from`. Undo what was recorded,
      // continuation lines counted included (the NextChar caches stay valid for any position:
      // they re-scan only what they skipped).
      this.percentFields.length = mark;
      this.lineNo = lineNo;
      this.lineStart = lineStart;
    }
    return end;
  }

  /** Which of '"', ';', '\\' and '%' text[from, eol) has (HAS_* bits): most lines have few of them. */
  specialsIn(from: number, eol: number): number {
    return (
      (this.quotes.after(from) < eol ? HAS_QUOTE : 0) |
      (this.semicolons.after(from) < eol ? HAS_SEMICOLON : 0) |
      (this.backslashes.after(from) < eol ? HAS_BACKSLASH : 0) |
      (this.percents.after(from) < eol ? HAS_PERCENT : 0)
    );
  }

  /** Is text[from, eol) all white space, with a '\n' at eol (a backslash before it continues the line)? */
  onlySpaceToNewline(from: number, eol: number): boolean {
    if (eol >= this.end) return false;
    for (let i = from; i < eol; i++) if (!isSpace(this.text.charCodeAt(i))) return false;
    return true;
  }

  readSimpleLine(from: number): number {
    const text = this.text;
    let eol = this.newlineAfter(from);
    if (eol - from > this.maxField) return -1;
    if (this.hasNul && this.nuls.after(from) < eol) return -1;
    let lineNo = this.lineNo;
    let lineStart = this.lineStart;
    let specials = this.specialsIn(from, eol);
    const fields = this.scratch;
    let count = 0;
    let keyField: LexField | null = null;
    let percentKey = false;
    let first = true;
    let pos = from;
    for (;;) {
      // Each character is read once into a local (charCodeAt is the costly step here).
      let b = pos;
      let c0 = b < eol ? text.charCodeAt(b) : LF; // the field's first non-space character
      while (b < eol && isSpace(c0)) c0 = ++b < eol ? text.charCodeAt(b) : LF;
      let raw: string;
      let value: string;
      let stop: number; // where the field's terminator (',', '=', ';' or the end of line) is
      let terminator: number; // that character, LF at the end of the line
      let percent: boolean;
      if (c0 === QUOTE) {
        const close = this.quotes.after(b + 1);
        if (close >= eol) return -1;
        stop = close + 1;
        terminator = stop < eol ? text.charCodeAt(stop) : LF;
        if (terminator === QUOTE) return -1;
        while (stop < eol && isSpace(terminator)) terminator = ++stop < eol ? text.charCodeAt(stop) : LF;
        if (terminator !== COMMA && terminator !== SEMICOLON && terminator !== LF && !(terminator === EQUALS && first)) return -1;
        value = text.slice(b + 1, close);
        raw = text.slice(b, close + 1);
        percent = (specials & HAS_PERCENT) !== 0 && this.hasPercent(b + 1, close);
      } else if (c0 === BACKSLASH && !first && this.onlySpaceToNewline(b + 1, eol)) {
        // `,\` or `=\` ending the line (how long binary values are written): the field, still
        // empty, continues on the next line, which reads as if the line break were not there.
        // A value continued over many lines could hold any number of fields: stay within the
        // item budget line by line (each line is at most LIMITS.field long), not only at the end.
        if (this.items + count > this.maxItems) return -1;
        this.newline(eol);
        lineNo = this.lineNo;
        lineStart = this.lineStart;
        pos = eol + 1;
        eol = this.newlineAfter(pos);
        if (eol - pos > this.maxField) return -1;
        if (this.hasNul && this.nuls.after(pos) < eol) return -1;
        specials = this.specialsIn(pos, eol);
        continue;
      } else {
        // Searches for characters the line does not have are skipped (`specials`).
        const comma = this.commas.after(b);
        const semicolon = specials & HAS_SEMICOLON ? this.semicolons.after(b) : eol;
        stop = comma < semicolon ? comma : semicolon;
        if (eol < stop) stop = eol;
        if (first) {
          const equals = this.equalSigns.after(b);
          if (equals < stop) stop = equals;
        }
        if (specials & HAS_QUOTE && this.quotes.after(b) < stop) return -1;
        // A backslash is literal here unless white space follows it or it ends the line.
        if (specials & HAS_BACKSLASH) {
          for (let bs = this.backslashes.after(b); bs < stop; bs = this.backslashes.after(bs + 1)) {
            if (isSpace(text.charCodeAt(bs + 1))) return -1;
          }
        }
        terminator = stop < eol ? text.charCodeAt(stop) : LF;
        let e = stop;
        if (e > b) {
          let last = text.charCodeAt(e - 1);
          while (isSpace(last) && --e > b) last = text.charCodeAt(e - 1);
          if (e > b && last === BACKSLASH && (terminator === SEMICOLON || terminator === LF)) return -1;
        }
        raw = value = text.slice(b, e);
        percent = (specials & HAS_PERCENT) !== 0 && e > b && this.hasPercent(b, e);
      }
      const field: LexField = { raw, text: value, value, line: lineNo, column: b - lineStart + 1 };
      if (terminator === EQUALS && first) {
        keyField = field;
        percentKey = percent;
      } else {
        fields[count++] = field;
        if (percent) this.percentFields.push(field);
      }
      first = false;
      if (terminator !== COMMA && terminator !== EQUALS) break;
      pos = stop + 1;
    }
    // Over the item budget: the state machine reads the line and stops at the exact field.
    const items = this.items + count + (keyField ? 1 : 0);
    if (items > this.maxItems) return -1;
    this.items = items;
    const section = this.section!;
    const firstField = keyField ?? fields[0]!;
    const current: LexLine = {
      key: keyField ? keyField.text : null,
      keyField,
      fields: exactArray(fields, count),
      index: section.lines.length,
      line: firstField.line,
      column: firstField.column,
    };
    if (percentKey) this.percentKeys.push(current);
    section.lines.push(current);
    return eol;
  }

  run(): LexResult {
    const text = this.text;
    const end = this.end;
    let p = 0;
    outer: while (this.state !== DONE && !this.full) {
      switch (this.state) {
        case LINE_START: {
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF) {
              this.newline(p);
              this.closeLine();
            } else if (c === SEMICOLON) {
              this.push(LINE_START);
              this.state = COMMENT;
              p++;
              continue outer;
            } else if (c === LBRACKET) {
              this.headerLine = this.lineNo;
              this.headerColumn = p - this.lineStart + 1;
              this.start = p + 1;
              this.state = SECTION_NAME;
              p++;
              continue outer;
            } else if (!isSpace(c)) {
              if (this.section) {
                const lineEnd = this.fastPath ? this.simpleLine(p) : -1;
                if (lineEnd >= 0) {
                  p = lineEnd - 1; // the loop moves on to the '\n'
                  continue;
                }
                this.start = p;
                this.state = KEY_NAME;
                continue outer;
              }
              // Text before the first section: skipped character by character (a '[' or ';'
              // later on the same line still counts), remembered for the error below.
              if (!this.brokenLine) this.brokenLine = this.lineNo;
            }
          }
          this.closeLine();
          this.state = DONE;
          continue outer;
        }

        case SECTION_NAME: {
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF) break;
            if (c === RBRACKET) {
              this.pushToken(p);
              this.addSection();
              this.push(LINE_START);
              this.state = COMMENT; // the rest of the header line is ignored
              p++;
              continue outer;
            }
          }
          // Unfinished section name: SetupAPI stops here. We skip the line and go on reading.
          this.fail('ERROR_BAD_SECTION_NAME_LINE', this.lineNo);
          this.diag('INF1002', 'error', "section header has no closing ']': SetupAPI refuses the file", {
            line: this.headerLine,
            column: this.headerColumn,
          });
          this.resetToken();
          this.state = LINE_START;
          continue outer;
        }

        case KEY_NAME: {
          let tokenEnd = this.start;
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF || c === COMMA) break;
            switch (c) {
              case EQUALS:
                this.endField(true, tokenEnd, p);
                p++;
                continue outer;
              case SEMICOLON:
                this.startComment(tokenEnd, p);
                p++;
                continue outer;
              case QUOTE:
                this.openQuotes(p, KEY_NAME);
                p++;
                continue outer;
              case BACKSLASH:
                this.atBackslash(tokenEnd, p, KEY_NAME);
                continue outer;
              default:
                if (!isSpace(c)) tokenEnd = p + 1;
                else {
                  this.atSpace(p, KEY_NAME);
                  continue outer;
                }
            }
          }
          this.pushToken(tokenEnd);
          this.state = VALUE_NAME;
          continue outer;
        }

        case VALUE_NAME: {
          let tokenEnd = this.start;
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF) break;
            switch (c) {
              case SEMICOLON:
                this.startComment(tokenEnd, p);
                p++;
                continue outer;
              case COMMA:
                this.endField(false, tokenEnd, p);
                p++;
                continue outer;
              case QUOTE:
                this.openQuotes(p, VALUE_NAME);
                p++;
                continue outer;
              case BACKSLASH:
                this.atBackslash(tokenEnd, p, VALUE_NAME);
                continue outer;
              default:
                // In values a NUL counts as white space (so trailing NULs are trimmed).
                if (c !== 0 && !isSpace(c)) tokenEnd = p + 1;
                else {
                  this.atSpace(p, VALUE_NAME);
                  continue outer;
                }
            }
          }
          this.pushToken(tokenEnd);
          this.addField(false, p);
          this.state = LINE_START;
          continue outer;
        }

        case EOL_BACKSLASH: {
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF) {
              this.newline(p);
              this.start = p + 1;
              this.state = LEADING_SPACES;
              p++;
              continue outer;
            }
            if (c === BACKSLASH) continue;
            if (c === SEMICOLON) {
              this.push(EOL_BACKSLASH);
              this.state = COMMENT;
              p++;
              continue outer;
            }
            if (isSpace(c)) continue;
            // Something follows on the same line: the backslashes were literal text.
            this.pushToken(p);
            this.pop();
            continue outer;
          }
          this.start = p;
          this.pop();
          continue outer;
        }

        case QUOTES: {
          const eol = this.newlineAfter(p);
          for (;;) {
            const q = this.quotes.after(p);
            if (q >= eol) break;
            if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
              // "" inside quotes is one quote
              this.pushToken(q + 1);
              this.start = p = q + 2;
            } else {
              this.pushToken(q);
              this.rawEnd = q + 1;
              this.start = p = q + 1;
              this.pop();
              continue outer;
            }
          }
          // Wine's QUOTES state runs to the '\n' and keeps a CR before it; SetupAPI on Windows
          // (CRLF files) never returns one, so a CRLF line reads like an LF line (docs/wine-gaps.md).
          this.pushToken(eol < end && eol > this.start && text.charCodeAt(eol - 1) === CR ? eol - 1 : eol);
          this.start = p = eol;
          this.diag('INF9007', 'warning', 'quote not closed before the end of the line', this.positionOf(this.begin < 0 ? p : this.begin));
          this.pop();
          continue outer;
        }

        case LEADING_SPACES: {
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF) break;
            if (c === BACKSLASH) {
              this.start = p;
              this.state = EOL_BACKSLASH;
              continue outer;
            }
            if (!isSpace(c)) break;
          }
          this.start = p;
          this.pop();
          continue outer;
        }

        case TRAILING_SPACES: {
          for (; p < end; p++) {
            const c = text.charCodeAt(p);
            if (c === LF) break;
            if (c === BACKSLASH) {
              this.state = EOL_BACKSLASH;
              continue outer;
            }
            if (c !== 0 && !isSpace(c)) break;
          }
          this.pop();
          continue outer;
        }

        case COMMENT: {
          p = this.newlineAfter(p);
          this.pop();
          continue outer;
        }
      }
    }
    return this.finish();
  }

  finish(): LexResult {
    this.closeLine(); // the line being read when the item budget ran out
    if (this.brokenLine) {
      const hasStrings = this.byName.has('strings');
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
      percentFields: this.percentFields,
      percentKeys: this.percentKeys,
    };
  }
}
