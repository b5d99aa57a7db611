// The lexer's fast path: simple-lines.c, compiled to WebAssembly, finds the simple lines of a
// text and records where their fields are, with the hashes of the names among them (fold.ts);
// the lexer makes its objects from those records. A window of the text's code units is copied
// into the module's memory at a time: its Windows-1252 bytes or UTF-16 bytes when the caller
// has them (they map one to one to the text), else the text encoded as UTF-16. The same module
// decodes Windows-1252 (cp1252.c) for decode.ts.
import { CP1252_C1 } from './cp1252.js';
import { HASH_SEED } from './fold.js';
import { SIMPLE_LINES_WASM } from './simple-lines-wasm.js';

/** The bytes behind a decoded text, when each of its code units is one byte (Windows-1252) or two (UTF-16LE). */
export interface CodeUnits {
  bytes: Uint8Array;
  /** UTF-16LE (two bytes a unit), else Windows-1252 (one). */
  wide: boolean;
}

// The records, as simple-lines.c describes them: a line's ints, then each of its fields'.
export const LINE_INTS = 7;
export const LINE_END = 1;
export const LINE_FIELDS = 2;
export const LINE_KIND = 3;
/** Lines the line continues onto, and where the last of them starts. */
export const LINE_MORE = 4;
export const LINE_LAST_START = 5;
/** Line breaks from the record before, when only blank lines and comments lie between; else -1. */
export const LINE_GAP = 6;
/** A line's kind: a section header's one field is its name. */
export const KIND_HEADER = 2;
export const FIELD_INTS = 6;
export const FIELD_END = 1;
export const FIELD_FLAGS = 2;
/** The field's line, counted from its line's first. */
export const FIELD_LINE = 3;
export const FIELD_COLUMN = 4;
/** foldHash (fold.ts) of the field's text or of the %name% it is, as its flags say; else -1. */
export const FIELD_HASH = 5;
export const FIELD_QUOTED = 1;
export const FIELD_PERCENT = 2;
export const FIELD_KEY = 4;
/** FIELD_HASH is of the text: a header's name, or a line's first field in a [Strings…] section. */
export const FIELD_TEXT_HASH = 8;
/** FIELD_HASH is of the name in a field that is one %name%. */
export const FIELD_NAME_HASH = 16;

/** Code units scanned at a time, and room for the records (the corpus makes 0.42 record ints a unit). */
const WINDOW_UNITS = 1 << 18;
const RECORD_INTS = 1 << 17;

/** A smaller window or record room than the module's (tests use them to cross window ends often). */
export interface ScanWindow {
  units: number;
  records: number;
}

interface Scanner {
  scan(
    units: number,
    wide: number,
    count: number,
    final: number,
    maxField: number,
    base: number,
    out: number,
    capacity: number,
    seed: number,
  ): number;
  resume(): number;
  cp1252(bytes: number, units: number, count: number, c1: number): number;
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
}

export interface Module {
  scanner: Scanner;
  /** Where the window's units go, the records, and cp1252()'s table. */
  input: number;
  output: number;
  table: number;
  bytes: Uint8Array;
  records: Int32Array;
}

let loaded: Module | null | undefined;

/**
 * The module compiled from `base64` (12 KB), its memory grown once to hold the window, the
 * records and cp1252()'s table; null when this WebAssembly cannot run it (no SIMD: the lexer
 * then reads every line with the state machine, and decode.ts decodes with a regular expression).
 */
export function loadScanner(base64: string): Module | null {
  let scanner: Scanner;
  try {
    scanner = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(base64, 'base64'))).exports as unknown as Scanner;
  } catch {
    return null;
  }
  const input = (Number(scanner.__heap_base.value) + 15) & ~15;
  const output = input + 2 * WINDOW_UNITS;
  const table = output + 4 * RECORD_INTS;
  const needed = table + 2 * CP1252_C1.length;
  const { memory } = scanner;
  if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536));
  new Uint16Array(memory.buffer, table, CP1252_C1.length).set(CP1252_C1.map((c) => c.charCodeAt(0)));
  return {
    scanner,
    input,
    output,
    table,
    bytes: new Uint8Array(memory.buffer),
    records: new Int32Array(memory.buffer, output, RECORD_INTS),
  };
}

/** The module, compiled on the first call; null when it cannot run here. */
function module(): Module | null {
  loaded ??= loadScanner(SIMPLE_LINES_WASM);
  return loaded;
}

/** Bytes cp1252() decodes at a time: their units fill the records' room. */
const DECODE_BYTES = 2 * RECORD_INTS;

/**
 * Windows-1252 bytes as text, by the module (cp1252.c, 16 bytes at a time): null when none is
 * in 0x80-0x9F (latin1 then gives the text, as one-byte characters); undefined when the module
 * cannot run here. It decodes into the records' room, which holds since a text is decoded
 * before it is lexed, and lex() runs to its end in one go.
 */
export function windows1252(bytes: Uint8Array): string | null | undefined {
  const wasm = module();
  if (!wasm) return undefined;
  const { scanner, input, output, table } = wasm;
  const memory = wasm.bytes.buffer;
  if (bytes.length <= DECODE_BYTES) {
    wasm.bytes.set(bytes, input);
    if (scanner.cp1252(input, output, bytes.length, table) === 0) return null;
    return Buffer.from(memory, output, 2 * bytes.length).toString('utf16le');
  }
  // A larger file, part by part: each part's units are copied out before the next is decoded.
  const units = Buffer.allocUnsafe(2 * bytes.length);
  let found = 0;
  for (let at = 0; at < bytes.length; at += DECODE_BYTES) {
    const part = bytes.subarray(at, at + DECODE_BYTES);
    wasm.bytes.set(part, input);
    found += scanner.cp1252(input, output, part.length, table);
    units.set(wasm.bytes.subarray(output, output + 2 * part.length), 2 * at);
  }
  return found === 0 ? null : units.toString('utf16le');
}

/**
 * The simple lines of one text, found window by window as the lexer reads on. All texts share
 * the module's memory: one is scanned at a time, which holds since lex() runs to its end in one go.
 */
export class SimpleLines {
  /** The records; a line's is at the index lineAt() returns. Valid until the next lineAt(). */
  readonly records: Int32Array;
  readonly #module: Module;
  readonly #text: string;
  readonly #end: number;
  readonly #units: CodeUnits | undefined;
  readonly #maxField: number;
  readonly #window: ScanWindow;
  /** The next record to look at, the end of those written, and how far the text was scanned. */
  #cursor = 0;
  #filled = 0;
  #scanned = 0;

  /**
   * The simple lines of text[0, end), whose code units `units` are when given; null when the
   * module cannot run here (it is compiled on the first call).
   */
  static open(text: string, end: number, maxField: number, units?: CodeUnits, window?: ScanWindow): SimpleLines | null {
    const wasm = module();
    return wasm && new SimpleLines(wasm, text, end, maxField, units, window);
  }

  private constructor(module: Module, text: string, end: number, maxField: number, units?: CodeUnits, window?: ScanWindow) {
    this.#module = module;
    this.records = module.records;
    this.#text = text;
    this.#end = end;
    this.#maxField = maxField;
    this.#units = units;
    this.#window = {
      units: Math.min(WINDOW_UNITS, Math.max(1, window?.units ?? WINDOW_UNITS)),
      records: Math.min(RECORD_INTS, Math.max(1, window?.records ?? RECORD_INTS)),
    };
  }

  /**
   * The record of the simple line whose first non-space character is at `from`, on the line
   * starting at `lineStart`, or -1 when that line is not simple. Lines are asked for in order.
   */
  lineAt(from: number, lineStart: number): number {
    const records = this.records;
    while (this.#cursor < this.#filled && records[this.#cursor]! < from) this.#cursor = this.#after(this.#cursor);
    if (this.#cursor === this.#filled) {
      if (this.#scanned > from) return -1;
      this.#scan(lineStart); // the window's first line is the one at `from`
    }
    return this.#cursor < this.#filled && records[this.#cursor] === from ? this.#cursor : -1;
  }

  /** The record after the one at `at`, when this window has it; else -1. */
  nextLine(at: number): number {
    const next = this.#after(at);
    if (next >= this.#filled) return -1;
    this.#cursor = next;
    return next;
  }

  /** Where the record after the one at `at` starts. */
  #after(at: number): number {
    return at + LINE_INTS + FIELD_INTS * this.records[at + LINE_FIELDS]!;
  }

  /** Scans the window that starts at `start`, the start of a line. */
  #scan(start: number): void {
    const { scanner, input, output, bytes } = this.#module;
    const count = Math.min(this.#window.units, this.#end - start);
    const units = this.#units;
    if (units?.wide) {
      const from = 2 * start;
      bytes.set(units.bytes.subarray(from, from + 2 * count), input);
    } else if (units) {
      bytes.set(units.bytes.subarray(start, start + count), input);
    } else {
      Buffer.from(bytes.buffer, input, 2 * count).write(this.#text.slice(start, start + count), 'utf16le');
    }
    const final = start + count === this.#end ? 1 : 0;
    const wide = units && !units.wide ? 0 : 1;
    this.#filled = scanner.scan(input, wide, count, final, this.#maxField, start, output, this.#window.records, HASH_SEED);
    this.#cursor = 0;
    this.#scanned = scanner.resume();
  }
}
