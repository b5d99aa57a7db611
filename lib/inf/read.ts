// Reading an INF file's bytes: the one file-reading path of the reader (parseInf, the planner).
//
// Open, read into a reused buffer until read returns 0, close: no fstat. Under Wine, the
// fstat inside readFileSync (libuv asks NtQueryInformationFile several questions) costs
// more than open + read + close together, and fs.promises adds a thread-pool round trip
// per call; this path reads the corpus about 4× faster there and is no slower on Linux (the bench,
// part 2, measures it against Wine's own SetupOpenInfFileW).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { InfkitError } from '../errors.js';

/** Largest INF the reader accepts (SetupAPI maps the whole file; we hold it as one string). */
export const MAX_INF_BYTES = 256 * 1024 * 1024;

/** E_TOO_LARGE for an INF of `size` bytes. */
export function tooLarge(size: number, file: string): InfkitError {
  return new InfkitError('E_TOO_LARGE', `INF is ${size} bytes; the limit is ${MAX_INF_BYTES}`, { file });
}

/**
 * Reused read buffer: 64 KiB holds 98% of the corpus's INFs in one read (larger ones are read
 * in chunks). Under Wine a smaller buffer reads a little faster (the corpus: 341 ms with 64 KiB,
 * 356 ms with 1 MiB; open + close alone take 328 ms).
 */
const POOL_BYTES = 64 * 1024;
let pool: Buffer | undefined;

/**
 * The bytes of the INF at `file`. A path that cannot be read (missing, a directory, no
 * access) is E_IO; a file over MAX_INF_BYTES is E_TOO_LARGE, found without reading past the limit.
 */
export function readInfFile(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw ioError(file, error);
  }
  try {
    return readAll(fd, file);
  } finally {
    closeSync(fd);
  }
}

/** Reads `fd` to its end; small files take one read into the pool and one copy out. */
function readAll(fd: number, file: string): Uint8Array {
  pool ??= Buffer.allocUnsafe(POOL_BYTES);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let filled = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, pool, filled, pool.length - filled, null);
    } catch (error) {
      throw ioError(file, error);
    }
    if (n === 0) break;
    filled += n;
    total += n;
    if (total > MAX_INF_BYTES) throw tooLarge(sizeOf(fd, total), file);
    if (filled === pool.length) {
      chunks.push(Buffer.from(pool));
      filled = 0;
    }
  }
  const last = Buffer.from(pool.subarray(0, filled));
  if (chunks.length === 0) return last;
  chunks.push(last);
  return Buffer.concat(chunks, total);
}

/** The file's size for an E_TOO_LARGE message: fstat's, or what was read when it has none. */
function sizeOf(fd: number, read: number): number {
  try {
    return Math.max(fstatSync(fd).size, read);
  } catch {
    return read;
  }
}

function ioError(file: string, error: unknown): InfkitError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EISDIR'
        ? 'is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : (error as Error).message;
  return new InfkitError('E_IO', `cannot read ${file}: ${why}`, { file, cause: error });
}
