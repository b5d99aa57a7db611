// The INF reader's entry points: bytes or a path → InfDocument.
import { readFile } from 'node:fs/promises';
import { InfkitError } from '../errors.js';
import { decodeInf } from './decode.js';
import { ParsedInf } from './document.js';
import { lex } from './lexer.js';
import type { InfDocument, ParseOptions, ReaderDiagnostic } from './types.js';

/** Largest INF the reader accepts (SetupAPI maps the whole file; we hold it as one string). */
export const MAX_INF_BYTES = 256 * 1024 * 1024;

/** Parse INF bytes as SetupAPI would (decode → lex → merge → substitute). */
export function parseInfSync(bytes: Uint8Array, options: ParseOptions = {}): InfDocument {
  const file = options.file ?? '<buffer>';
  if (bytes.length > MAX_INF_BYTES) {
    throw new InfkitError('E_TOO_LARGE', `INF is ${bytes.length} bytes; the limit is ${MAX_INF_BYTES}`, { file });
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
  return new ParsedInf({ file, encoding: decoded.encoding, lexed: lex(decoded.text), extraDiagnostics: extra }, options);
}

/** Parse an INF from bytes, or from a file path. A path that cannot be read is E_IO. */
export async function parseInf(input: Uint8Array | string, options: ParseOptions = {}): Promise<InfDocument> {
  if (typeof input !== 'string') return parseInfSync(input, options);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InfkitError('E_IO', `cannot read ${input}: ${why}`, { file: input, cause: error });
  }
  return parseInfSync(bytes, { ...options, file: options.file ?? input });
}

export { decodeInf, isTextUnicode, checkCodepage } from './decode.js';
export { lex, LIMITS, foldCase, isSpace } from './lexer.js';
export { lookupKey, SETUPAPI_ERRORS } from './document.js';
export { substitute, parseDirid, MAX_STRING_LENGTH } from './substitute.js';
export * from './model.js';
export * from './platform.js';
export * from './dirids.js';
