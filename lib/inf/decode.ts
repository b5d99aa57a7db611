// Bytes → text, the way SetupAPI's parse_file decides: a buffer that IsTextUnicode
// accepts is UTF-16LE (a leading BOM is skipped); otherwise a UTF-8 BOM selects UTF-8;
// anything else is an 8-bit code page (windows-1252 unless the caller picks another).
import { isAscii } from 'node:buffer';
import { InfkitError } from '../errors.js';
import { CP1252_C1 } from './cp1252.js';
import { type CodeUnits, windows1252 } from './simple-lines.js';
import type { InfEncoding } from './types.js';

export interface DecodedText {
  text: string;
  encoding: InfEncoding;
  /** The buffer started with a UTF-16LE BOM but had an odd length, so it was read as 8-bit text. */
  oddUtf16: boolean;
  /** The bytes of `text`'s code units, when they map one to one (UTF-16LE and Windows-1252): the lexer scans them. */
  units: CodeUnits | null;
}

// IS_TEXT_UNICODE_* flags (winnt.h) that the heuristic below can set.
const SIGNATURE = 0x8;
const REVERSE_SIGNATURE = 0x80;
const STATISTICS = 0x2;
const CONTROLS = 0x4;
const REVERSE_CONTROLS = 0x40;
const NULL_BYTES = 0x1000;
const UNICODE_MASK = 0x000f;
const REVERSE_MASK = 0x00f0;
const NOT_UNICODE_MASK = 0x0f00;
const NOT_ASCII_MASK = 0xf000;

/**
 * IsTextUnicode as SetupAPI's loader calls it (all tests requested). Only the first 256
 * UTF-16 units are examined. An odd length always means "not Unicode".
 */
export function isTextUnicode(bytes: Uint8Array): boolean {
  let len = bytes.length;
  // Too short, or an odd length (IS_TEXT_UNICODE_ODD_LENGTH, a "not Unicode" flag): no need to look.
  if (len < 2 || len & 1) return false;
  let flags = 0;
  if (bytes[len - 1] === 0) len--; // a trailing NUL byte does not count as a NUL unit
  let units = len >> 1;
  if (units > 256) units = 256;
  const unit = (i: number): number => bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  const first = unit(0);
  // Without a BOM, only a zero byte can make the tests below answer "Unicode" (narrow units
  // and the control units all have one). 8-bit text has none: one native search settles it.
  if (first !== 0xfeff && bytes.subarray(0, 2 * units).indexOf(0) < 0) return false;
  if (first === 0xfeff) flags |= SIGNATURE;
  if (first === 0xfffe) flags |= REVERSE_SIGNATURE;
  let narrow = 0;
  for (let i = 0; i < units; i++) {
    const u = unit(i);
    if (u <= 0xff) narrow++;
    if ((u & 0xff) === 0 || u >> 8 === 0) flags |= NULL_BYTES;
    if (u === 0x0d || u === 0x0a || u === 0x09 || u === 0x20 || u === 0x3000) flags |= CONTROLS;
    if (u === 0x0d00 || u === 0x0a00 || u === 0x0900 || u === 0x2000) flags |= REVERSE_CONTROLS;
  }
  if (narrow > units >> 1) flags |= STATISTICS;
  if (flags & (REVERSE_MASK | NOT_UNICODE_MASK)) return false;
  if (flags & NOT_ASCII_MASK) return true;
  return (flags & UNICODE_MASK) !== 0;
}

export { CP1252_C1 };

const C1 = /[\x80-\x9f]/g;
const cp1252Char = (c1: string): string => CP1252_C1[c1.charCodeAt(0) - 0x80]!;

/** The bytes as a Buffer, for its decoders: the same object when they are one already. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeWindows1252(bytes: Uint8Array): string {
  const buffer = asBuffer(bytes);
  if (isAscii(bytes)) return buffer.toString('latin1'); // the common case: identical to ISO-8859-1
  // Only bytes 0x80-0x9F differ from ISO-8859-1. The WebAssembly module decodes 16 bytes at
  // a time (the corpus' 65 files that have such bytes: 3.6 ms, where replace takes 7.2 ms);
  // without it, replace swaps those characters.
  const text = windows1252(bytes);
  if (text !== undefined) return text ?? buffer.toString('latin1');
  return buffer.toString('latin1').replace(C1, cp1252Char);
}

const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'latin1', 'iso-8859-1', 'ascii', 'us-ascii']);

const decoders = new Map<string, TextDecoder>();
function decoder(label: string): TextDecoder {
  let d = decoders.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label, { fatal: false, ignoreBOM: true });
    } catch {
      throw new InfkitError('E_USAGE', `unknown code page '${label}'`, {
        hint: "use a WHATWG encoding label such as 'windows-1252', 'windows-1251' or 'shift_jis'",
      });
    }
    decoders.set(label, d);
  }
  return d;
}

/** Check a code page label early (the CLI validates options before reading files). */
export function checkCodepage(label: string): void {
  decoder(label);
}

export function decodeInf(bytes: Uint8Array, codepage = 'windows-1252'): DecodedText {
  if (isTextUnicode(bytes)) {
    const bom = bytes[0] === 0xff && bytes[1] === 0xfe;
    // Buffer keeps unpaired surrogates as they are, like SetupAPI's WCHAR buffer.
    const text = asBuffer(bytes).toString('utf16le', bom ? 2 : 0);
    return {
      text,
      encoding: bom ? 'utf16le-bom' : 'utf16le',
      oddUtf16: false,
      units: { bytes: bom ? bytes.subarray(2) : bytes, wide: true },
    };
  }
  const oddUtf16 = bytes.length > 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  if (bytes.length > 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf8-bom', oddUtf16, units: null };
  }
  if (codepage === 'windows-1252' || WINDOWS_1252_LABELS.has(codepage.toLowerCase())) {
    return { text: decodeWindows1252(bytes), encoding: 'ansi', oddUtf16, units: { bytes, wide: false } };
  }
  return { text: decoder(codepage).decode(bytes), encoding: 'ansi', oddUtf16, units: null };
}
