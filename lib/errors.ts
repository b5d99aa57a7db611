// Errors infkit raises for the user's input or environment (not Win32 failures; see
// lib/backend/errors.ts for WinError). Every one has a stable string code, so a
// script can switch on it and the CLI can print it without a stack trace.

export type InfkitErrorCode =
  | 'E_USAGE' // bad command-line arguments or options
  | 'E_IO' // a file could not be read or written
  | 'E_NOT_FOUND' // a named file, section, class or device does not exist
  | 'E_INF_INVALID' // an INF has findings that stop an install (rules/install-gate.ts) and --force was not given
  | 'E_INF_REFUSED' // SetupAPI would refuse to open the INF
  | 'E_MANIFEST' // a lab manifest fails its schema
  | 'E_UNSAFE' // refused because it would harm the machine (a plan writing outside its allowed roots, removing a class Windows needs) unless --force
  | 'E_BACKEND_UNAVAILABLE' // no backend could be loaded
  | 'E_LOCKED' // the state directory's lock could not be taken
  | 'E_TOO_LARGE' // input exceeds a documented limit
  | 'E_DEVICE_PROBLEM' // a device does not run: it has a CM_PROB_* problem code
  | 'E_INTERNAL';

export class InfkitError extends Error {
  readonly code: InfkitErrorCode;
  /** One line that says what to do about it. */
  readonly hint?: string;
  /** Where in a file, when the error points at text. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(
    code: InfkitErrorCode,
    message: string,
    extra: { hint?: string; file?: string; line?: number; column?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'InfkitError';
    this.code = code;
    if (extra.hint !== undefined) this.hint = extra.hint;
    if (extra.file !== undefined) this.file = extra.file;
    if (extra.line !== undefined) this.line = extra.line;
    if (extra.column !== undefined) this.column = extra.column;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: this.code,
      message: this.message,
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.file !== undefined && { file: this.file }),
      ...(this.line !== undefined && { line: this.line }),
      ...(this.column !== undefined && { column: this.column }),
    };
  }
}
