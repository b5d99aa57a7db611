// The INF reader's entry points: bytes or a path → InfDocument (many files: lib/io).
import { decodeInf } from './decode.js';
import { ParsedInf, stringSections } from './document.js';
import { lex } from './lexer.js';
import { ARCH_PLACEHOLDER } from './platform.js';
import { MAX_INF_BYTES, readInfFile, tooLarge } from './read.js';
import type { InfDocument, ParseOptions, ReaderDiagnostic } from './types.js';

/** Parse INF bytes as SetupAPI would (decode → lex → merge → substitute). */
export function parseInfSync(bytes: Uint8Array, options: ParseOptions = {}): InfDocument {
  const file = options.file ?? '<buffer>';
  if (bytes.length > MAX_INF_BYTES) {
    throw tooLarge(bytes.length, file);
  }
  const decoded = decodeInf(bytes, options.codepage);
  const extra: ReaderDiagnostic[] = [];
  if (decoded.oddUtf16) {
    extra.push({
      code: 'INF1003',
      severity: 'warning',
      message: 'UTF-16 byte-order mark but an odd number of bytes (truncated?): SetupAPI reads the file as 8-bit text',
      line: 1,
      column: 1,
    });
  }
  // Stamping moves the text away from the bytes: the lexer then scans the text itself.
  const strings = stringSections(options.locale);
  const lexed = options.stamp
    ? lex(decoded.text.replaceAll(ARCH_PLACEHOLDER, options.stamp), { strings })
    : lex(decoded.text, { units: decoded.units ?? undefined, strings });
  return new ParsedInf({ file, encoding: decoded.encoding, lexed, extraDiagnostics: extra }, options);
}

/**
 * Parse an INF from bytes, or from a file path. A path that cannot be read is E_IO.
 * The file is read synchronously (readInfFile): under Wine and on Windows that is several
 * times faster than fs.promises, and an INF is at most MAX_INF_BYTES.
 */
export async function parseInf(input: Uint8Array | string, options: ParseOptions = {}): Promise<InfDocument> {
  if (typeof input !== 'string') return parseInfSync(input, options);
  return parseInfSync(readInfFile(input), { ...options, file: options.file ?? input });
}

const INX_NAME = /\.inx$/i;

/** A stampinf template (*.inx), by its name. */
export function isInxFile(file: string): boolean {
  return INX_NAME.test(file);
}

export { MAX_INF_BYTES, readInfFile } from './read.js';
export { decodeInf, isTextUnicode, checkCodepage } from './decode.js';
export { lex, LIMITS, foldCase, isSpace } from './lexer.js';
export { lookupKey, SETUPAPI_ERRORS } from './document.js';
export { substitute, parseDirid, MAX_STRING_LENGTH } from './substitute.js';
export * from './model.js';
export * from './platform.js';
export * from './dirids.js';
