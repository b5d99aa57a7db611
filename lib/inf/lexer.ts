// The INF lexer: an explicit state machine over UTF-16 code units that follows SetupAPI's
// parser state by state (LINE_START, SECTION_NAME, KEY_NAME, VALUE_NAME, EOL_BACKSLASH,
// QUOTES, LEADING_SPACES, TRAILING_SPACES, COMMENT, with a small return stack), so that
// every quirk (where a key ends, how quotes and continuations join, what is trimmed)
// comes out the same. One pass over char codes, no regular expressions, tokens built from
// slices. The state lives in a class so every file reuses the same (optimised) methods.
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
const QUOTE = 34;
const COMMA = 44;
const SEMICOLON = 59;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
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

export function lex(input: string, options: LexOptions = {}): LexResult {
  return new Lexer(input, options).run();
}

class Lexer {
  readonly text: string;
  readonly end: number;
  readonly maxField: number;
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
  p = 0;
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
  // Cached "next occurrence at or after" positions for the fast path and QUOTES.
  nextNewline = -1;
  nextQuote = -1;
  nextNul = -1;
  nextSemicolon = -1;
  nextEquals = -1;
  nextComma = -1;
  nextBackslash = -1;
  nextPercent = -1;
  readonly percentFields: LexField[] = [];
  /** Fields of the line being read. */
  readonly scratch: LexField[] = [];
  readonly percentKeys: LexLine[] = [];

  constructor(input: string, options: LexOptions) {
    this.input = input;
    this.maxField = options.maxField ?? LIMITS.field;
    this.fastPath = options.fastPath ?? true;
    // Ctrl-Z ends the file: every state stops there as at the end of the buffer.
    this.ctrlZ = input.indexOf(CTRL_Z);
    this.text = this.ctrlZ < 0 ? input : input.slice(0, this.ctrlZ);
    this.end = this.text.length;
    this.hasNul = this.text.indexOf('\0') >= 0;
  }

  diag(code: string, severity: ReaderDiagnostic['severity'], message: string, at: Position): void {
    this.diagnostics.push({ code, severity, message, line: at.line, column: at.column });
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
      start = this.text.lastIndexOf('\n', start - 2) + 1;
    }
    return { line, column: offset - start + 1 };
  }

  newline(at: number): void {
    this.lineNo++;
    this.lineStart = at + 1;
  }

  /** Position of the next `ch` at or after `from`, or the end. */
  find(ch: string, from: number): number {
    const i = this.text.indexOf(ch, from);
    return i < 0 ? this.end : i;
  }

  /** Does text[from, to) contain a '%'? */
  hasPercent(from: number, to: number): boolean {
    if (this.nextPercent < from) this.nextPercent = this.find('%', from);
    return this.nextPercent < to;
  }

  newlineAfter(from: number): number {
    if (this.nextNewline < from) this.nextNewline = this.find('\n', from);
    return this.nextNewline;
  }

  /** Append text from `start` up to `pos` to the token (NUL becomes a space; cut at the limit). */
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
          this.diag('INF1004', 'warning', `token longer than ${this.maxField} characters is cut, as SetupAPI does`, this.positionOf(this.begin));
        }
      }
      if (len > 0) {
        let piece = this.text.slice(start, start + len);
        if (this.hasNul && piece.indexOf('\0') >= 0) piece = piece.replaceAll('\0', ' ');
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
    if (this.tokenLen > LIMITS.sectionName) {
      this.fail('ERROR_SECTION_NAME_TOO_LONG', this.lineNo);
      this.diag('INF1003', 'error', `section name longer than ${LIMITS.sectionName} characters: SetupAPI refuses the file`, at);
    }
    const key = foldCase(this.token);
    let s = this.byName.get(key);
    if (!s) {
      s = { name: this.token, lines: [], headers: [], line: at.line, column: at.column };
      this.byName.set(key, s);
      this.sections.push(s);
    }
    s.headers.push(at);
    this.section = s;
    this.resetToken();
  }

  /** A field from the current token; `at` is where it sits when it has no text of its own. */
  addField(isKey: boolean, at: number): void {
    const from = this.begin < 0 ? at : this.begin;
    let line = this.lineNo;
    let column = from - this.lineStart + 1;
    if (from < this.lineStart) ({ line, column } = this.positionOf(from));
    const token = this.token;
    const field: LexField = {
      raw: this.rawEnd > from ? this.text.slice(from, this.rawEnd) : '',
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
      this.scratch.push(field);
      if (percent) this.percentFields.push(field);
    }
    this.resetToken();
  }

  /** The line is complete: give it an array of exactly its fields (a growing one wastes memory). */
  closeLine(): void {
    const current = this.line;
    if (!current) return;
    current.fields = this.scratch.slice();
    this.scratch.length = 0;
    this.line = null;
  }

  push(state: number): void {
    this.stack.push(state);
  }

  pop(): void {
    this.state = this.stack.pop()!;
  }

  // Fast path. A line that holds no quote or NUL, no backslash followed by white space,
  // and does not end in a continuation backslash, means exactly "key before the first '=' (unless a ',' comes first), fields
  // split at ',' and trimmed, comment cut at ';'": the state machine would produce the same
  // tokens, positions and raw text character by character. Such lines are cut with native
  // string searches; the next-occurrence caches keep those searches linear over the file.
  /** Read the line whose first non-space character is at `from`; returns its end, or -1 for the state machine. */
  simpleLine(from: number): number {
    const text = this.text;
    const eol = this.newlineAfter(from);
    if (this.nextQuote < from) this.nextQuote = this.find('"', from);
    if (this.nextQuote < eol) return -1;
    if (this.hasNul) {
      if (this.nextNul < from) this.nextNul = this.find('\0', from);
      if (this.nextNul < eol) return -1;
    }
    if (this.nextSemicolon < from) this.nextSemicolon = this.find(';', from);
    const contentEnd = this.nextSemicolon < eol ? this.nextSemicolon : eol;
    if (contentEnd - from > this.maxField) return -1;
    let last = contentEnd; // end of the content without trailing white space
    while (last > from && isSpace(text.charCodeAt(last - 1))) last--;
    if (text.charCodeAt(last - 1) === BACKSLASH) return -1; // a continuation
    // A backslash keeps the white space after it ("a\\ =b" has the key "a\\ "): state machine.
    if (this.nextBackslash < from) this.nextBackslash = this.find('\\', from);
    while (this.nextBackslash < last) {
      if (isSpace(text.charCodeAt(this.nextBackslash + 1))) return -1;
      this.nextBackslash = this.find('\\', this.nextBackslash + 1);
    }
    if (this.nextEquals < from) this.nextEquals = this.find('=', from);
    if (this.nextComma < from) this.nextComma = this.find(',', from);
    const lineNo = this.lineNo;
    const lineStart = this.lineStart;
    const section = this.section!;
    const column = from - lineStart + 1;
    const current: LexLine = { key: null, keyField: null, fields: NO_FIELDS, index: section.lines.length, line: lineNo, column };
    let fieldFrom = from;
    if (this.nextEquals < last && this.nextEquals < this.nextComma) {
      let keyEnd = this.nextEquals;
      while (keyEnd > from && isSpace(text.charCodeAt(keyEnd - 1))) keyEnd--;
      const key = text.slice(from, keyEnd);
      current.key = key;
      current.keyField = { raw: key, text: key, value: key, line: lineNo, column };
      if (this.hasPercent(from, keyEnd)) this.percentKeys.push(current);
      fieldFrom = this.nextEquals + 1;
    }
    // An empty field sits at the ',' that closes it, the last one where the content ends.
    const fields = this.scratch;
    for (;;) {
      if (this.nextComma < fieldFrom) this.nextComma = this.find(',', fieldFrom);
      const stop = this.nextComma < last ? this.nextComma : last;
      let b = fieldFrom;
      while (b < stop && isSpace(text.charCodeAt(b))) b++;
      let e = stop;
      while (e > b && isSpace(text.charCodeAt(e - 1))) e--;
      const value = text.slice(b, e);
      const at = b < e || stop < last ? b : contentEnd;
      const field: LexField = { raw: value, text: value, value, line: lineNo, column: at - lineStart + 1 };
      fields.push(field);
      if (b < e && this.hasPercent(b, e)) this.percentFields.push(field);
      if (stop === last) break;
      fieldFrom = stop + 1;
    }
    current.fields = fields.slice();
    fields.length = 0;
    section.lines.push(current);
    return eol;
  }

  run(): LexResult {
    const text = this.text;
    const end = this.end;
    let p = 0;
    outer: while (this.state !== DONE) {
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
                this.pushToken(tokenEnd);
                this.addField(true, p);
                this.start = p + 1;
                this.push(VALUE_NAME);
                this.state = LEADING_SPACES;
                p++;
                continue outer;
              case SEMICOLON:
                this.pushToken(tokenEnd);
                this.addField(false, p);
                this.push(LINE_START);
                this.state = COMMENT;
                p++;
                continue outer;
              case QUOTE:
                this.pushToken(p);
                if (this.begin < 0) this.begin = p;
                this.start = p + 1;
                this.push(KEY_NAME);
                this.state = QUOTES;
                p++;
                continue outer;
              case BACKSLASH:
                this.pushToken(tokenEnd);
                this.start = p;
                this.push(KEY_NAME);
                this.state = EOL_BACKSLASH;
                continue outer;
              default:
                if (!isSpace(c)) tokenEnd = p + 1;
                else {
                  this.pushToken(p);
                  this.push(KEY_NAME);
                  this.state = TRAILING_SPACES;
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
                this.pushToken(tokenEnd);
                this.addField(false, p);
                this.push(LINE_START);
                this.state = COMMENT;
                p++;
                continue outer;
              case COMMA:
                this.pushToken(tokenEnd);
                this.addField(false, p);
                this.start = p + 1;
                this.push(VALUE_NAME);
                this.state = LEADING_SPACES;
                p++;
                continue outer;
              case QUOTE:
                this.pushToken(p);
                if (this.begin < 0) this.begin = p;
                this.start = p + 1;
                this.push(VALUE_NAME);
                this.state = QUOTES;
                p++;
                continue outer;
              case BACKSLASH:
                this.pushToken(tokenEnd);
                this.start = p;
                this.push(VALUE_NAME);
                this.state = EOL_BACKSLASH;
                continue outer;
              default:
                // In values a NUL counts as white space (so trailing NULs are trimmed).
                if (c !== 0 && !isSpace(c)) tokenEnd = p + 1;
                else {
                  this.pushToken(p);
                  this.push(VALUE_NAME);
                  this.state = TRAILING_SPACES;
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
            if (this.nextQuote < p) this.nextQuote = this.find('"', p);
            const q = this.nextQuote;
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
          p = eol;
          this.pushToken(p);
          this.diag('INF1005', 'warning', 'quote not closed before the end of the line', this.positionOf(this.begin < 0 ? p : this.begin));
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
    if (this.brokenLine) {
      const hasStrings = this.byName.has('strings');
      this.diag(
        'INF1001',
        hasStrings ? 'warning' : 'error',
        hasStrings
          ? 'text before the first section is ignored'
          : 'text before the first section: SetupAPI refuses a file like this unless it has a [Strings] section',
        { line: this.brokenLine, column: 1 },
      );
      if (!hasStrings) this.fail('ERROR_EXPECTED_SECTION_NAME', this.brokenLine);
    }
    const ctrlZ = this.ctrlZ;
    if (ctrlZ >= 0 && /\S/.test(this.input.slice(ctrlZ + 1, ctrlZ + 4097))) {
      this.diag('INF1006', 'info', 'Ctrl-Z ends the file: the text after it is ignored', this.positionOf(ctrlZ));
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
