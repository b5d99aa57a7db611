// Reading many INF files: the I/O side of the reader. read-many.ts reads the files (ahead on
// other threads when reads are slow) and hands over their bytes; parseInfFiles gives each
// file's bytes to lib/inf's parseInfSync on the calling thread.
import { InfkitError } from '../errors.js';
import { isInxFile, parseInfSync } from '../inf/index.js';
import type { InfDocument, ParseOptions } from '../inf/types.js';
import { readInfFiles, type Passed, type ReadManyOptions } from './read-many.js';

/** parseInfFiles' options: ParseOptions for every file, read-ahead, and the stamping of .inx templates. */
export type ParseFilesOptions = Omit<ParseOptions, 'file'> &
  ReadManyOptions & {
    /** Stamp files named *.inx with this architecture (ParseOptions.stamp); .inf files are read as they are. */
    stampInx?: string;
  };

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

export { readInfFiles, READ_AHEAD, type InfFileRead, type Passed, type ReadManyOptions } from './read-many.js';
