// The INF reader's entry points: bytes or a path → InfDocument.
import { decodeInf } from './decode.js';
import { ParsedInf } from './document.js';
import { lex } from './lexer.js';
import { ARCH_PLACEHOLDER } from './platform.js';
import { InfkitError } from '../errors.js';
import { MAX_INF_BYTES, readInfFile, tooLarge } from './read.js';
import { readInfFiles, type Passed, type ReadManyOptions } from './read-many.js';
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
  const text = options.stamp ? decoded.text.replaceAll(ARCH_PLACEHOLDER, options.stamp) : decoded.text;
  return new ParsedInf({ file, encoding: decoded.encoding, lexed: lex(text), extraDiagnostics: extra }, options);
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

/** parseInfFiles' options: ParseOptions for every file, read-ahead, and the stamping of .inx templates. */
export type ParseFilesOptions = Omit<ParseOptions, 'file'> &
  ReadManyOptions & {
    /** Stamp files named *.inx with this architecture (ParseOptions.stamp); .inf files are read as they are. */
    stampInx?: string;
  };

const INX_NAME = /\.inx$/i;

/** A stampinf template (*.inx), by its name. */
export function isInxFile(file: string): boolean {
  return INX_NAME.test(file);
}

/** One file parsed, or why it could not be (E_IO, E_TOO_LARGE). */
export type InfFileParse =
  | { file: string; document: InfDocument; error?: undefined }
  | { file: string; document?: undefined; error: InfkitError };

/**
 * Parse each INF file `source` names, in order: readInfFiles' reading (ahead on another thread
 * when file reads are slow) with the parse on the calling thread. Items of the source that are
 * not strings come back in their place as `{ passed: item }`. A file that cannot be read or
 * parsed is a result with an `error`; nothing is thrown for it.
 */
export function parseInfFiles(
  source: Iterable<string> | AsyncIterable<string>,
  options?: ParseFilesOptions,
): AsyncGenerator<InfFileParse, void, undefined>;
export function parseInfFiles<T extends object>(
  source: Iterable<string | T> | AsyncIterable<string | T>,
  options?: ParseFilesOptions,
): AsyncGenerator<InfFileParse | Passed<T>, void, undefined>;
export async function* parseInfFiles<T extends object>(
  source: Iterable<string | T> | AsyncIterable<string | T>,
  options: ParseFilesOptions = {},
): AsyncGenerator<InfFileParse | Passed<T>, void, undefined> {
  const { readThreads, maxBytesAhead, stampInx, ...parseOptions } = options;
  for await (const read of readInfFiles<T>(source, { readThreads, maxBytesAhead })) {
    if ('passed' in read || read.error) {
      yield read;
      continue;
    }
    let parsed: InfFileParse;
    try {
      const stamp = stampInx && isInxFile(read.file) ? { stamp: stampInx } : {};
      parsed = { file: read.file, document: parseInfSync(read.bytes, { ...parseOptions, ...stamp, file: read.file }) };
    } catch (error) {
      if (!(error instanceof InfkitError)) throw error;
      parsed = { file: read.file, error };
    }
    yield parsed;
  }
}

export { MAX_INF_BYTES, readInfFile } from './read.js';
export { readInfFiles, READ_AHEAD, type InfFileRead, type Passed, type ReadManyOptions } from './read-many.js';
export { decodeInf, isTextUnicode, checkCodepage } from './decode.js';
export { lex, LIMITS, foldCase, isSpace } from './lexer.js';
export { lookupKey, SETUPAPI_ERRORS } from './document.js';
export { substitute, parseDirid, MAX_STRING_LENGTH } from './substitute.js';
export * from './model.js';
export * from './platform.js';
export * from './dirids.js';
