// Messages between readInfFiles (read-many.ts) and its read-ahead threads (read-worker.ts).

/** Files to read, numbered from `first` in the consumer's order. */
export interface ReadJob {
  first: number;
  files: string[];
}

/** Why a file could not be read (an InfkitError, taken apart to cross the thread boundary). */
export interface WorkerError {
  code: 'E_IO' | 'E_TOO_LARGE' | string;
  message: string;
  /** The Node errno code behind an E_IO ('ENOENT', 'EACCES', ...). */
  errno?: string;
}

/** Results for files `first`, `first + 1`, ...: the file's bytes, or why it could not be read. */
export interface ReadReply {
  first: number;
  results: Array<ArrayBuffer | WorkerError>;
}

// The shared budget (an Int32Array over a SharedArrayBuffer):
/** KiB read by the threads and not yet taken by the consumer. */
export const BUDGET_BYTES = 0;
/** Index of the file the consumer waits for next: it may always be read. */
export const BUDGET_HEAD = 1;
/** KiB the threads may read ahead (the caller's maxBytesAhead). */
export const BUDGET_LIMIT = 2;
export const BUDGET_LENGTH = 3;

/** Bytes in the budget's unit, KiB (rounded up), so an Int32 holds far more than any budget allows. */
export const kib = (bytes: number): number => Math.ceil(bytes / 1024);
