// What a SetupAPI text log holds, as lib/log/setupapi-log.ts reads it. Types only: a WinError
// carries sections (lib/backend/errors.ts) without importing the reader.

export interface LogExitStatus {
  /** As written: 'SUCCESS', 'FAILURE(0xe000023d)', '0x00000000' (older form), '' for a bare `[Exit]`. */
  text: string;
  /** The status code, when the line carries one. */
  code?: number;
  /** Its symbolic name (lib/backend/winerror-table.ts), when the table knows it. */
  name?: string;
  /** FAILURE, or a non-zero code. */
  failed: boolean;
}

/** A nested `{Title}` ... `{Title - exit(0x...)}` block of a section body. */
export interface LogBlock {
  title: string;
  /** 1-based index into the section's `lines` of the opening line. */
  line: number;
  exit?: { code: number; name?: string };
  /** No closing line was seen (the section was cut off, or SetupAPI did not close it). */
  open?: true;
  blocks?: LogBlock[];
}

export interface LogSection {
  title: string;
  /** Local time of the `Section start` line, ISO 8601 without a zone; null when missing. */
  start: string | null;
  end: string | null;
  exitStatus: LogExitStatus | null;
  /** Body lines that start with "!!!" (error) or "!" (warning), as written. */
  failures: string[];
  /** Every body line (header and footer lines left out), without the line break. */
  lines: string[];
  blocks?: LogBlock[];
  /** The section has no exit status line: a crash, the end of the file, or the next section began. */
  truncated: boolean;
}

export interface SetupLog {
  file: string;
  /** The times in `sections` are the log machine's local time (the log records no zone). */
  timeZone: 'local';
  sections: LogSection[];
  /** Why the sections are missing or incomplete (log absent, locked, read limit reached). */
  note?: string;
  /** Set when the log could not be read at all. */
  unavailable?: 'absent' | 'unreadable';
}
