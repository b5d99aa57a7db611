// WinError: a Win32 / SetupAPI / CONFIGRET failure carried into JS with its numbers.
// The symbol and message tables live in lib/backend/winerror-table.ts (filled from
// winerror.h, setupapi.h and cfgmgr32.h); the native addon and koffi both throw this.

import type { LogSection } from '../log/types.js';

export type WinErrorSource = 'win32' | 'setupapi' | 'configret';

/** What SetupAPI wrote to its text log while the failed call ran. */
export interface WinErrorLog {
  file: string;
  sections: LogSection[];
}

export interface WinErrorInit {
  /** Numeric code: the Win32 error (SetupAPI codes as unsigned 0xE000xxxx) or the CONFIGRET. */
  code: number;
  /** Symbolic name: ERROR_SECTION_NOT_FOUND, ERROR_NO_CATALOG_FOR_OEM_INF, CR_NO_SUCH_VALUE, ... */
  name: string;
  /** The system message (FormatMessage) or our table's text. */
  message: string;
  /** The API that failed, e.g. 'SetupDiInstallClassW'. */
  api: string;
  /** One line on the common cause (not elevated, unsigned package, section missing, class exists). */
  hint?: string;
  source?: WinErrorSource;
}

export class WinError extends Error {
  readonly code: number;
  readonly api: string;
  readonly hint?: string;
  readonly source: WinErrorSource;
  /** The setupapi.dev.log section(s) of the failed call, when the log had any (lib/backend/core.ts). */
  log?: WinErrorLog;

  constructor(init: WinErrorInit) {
    super(`${init.api} failed: ${init.name} (0x${(init.code >>> 0).toString(16).toUpperCase().padStart(8, '0')}): ${init.message}`);
    this.name = init.name;
    this.code = init.code;
    this.api = init.api;
    this.source = init.source ?? 'win32';
    if (init.hint !== undefined) this.hint = init.hint;
  }

  toJSON(): Record<string, unknown> {
    return {
      error: 'WinError',
      code: this.code,
      name: this.name,
      message: this.message,
      api: this.api,
      ...(this.hint !== undefined && { hint: this.hint }),
      ...(this.log !== undefined && { log: this.log }),
    };
  }
}

export function isWinError(e: unknown): e is WinError {
  return e instanceof WinError;
}

/**
 * A failed Windows call as a primitive reports it (lib/backend/types.ts, PrimitiveFailure): the
 * raw code, the API and where the code comes from. lib/backend/core.ts names it and makes the
 * WinError; the addon throws the same shape from C++ (native/errors.cc).
 */
export class PrimitiveError extends Error {
  readonly winCode: number;
  readonly api: string;
  readonly source: WinErrorSource;
  readonly file?: string;

  constructor(api: string, winCode: number, source?: WinErrorSource, file?: string) {
    super(`${api} failed with code ${winCode >>> 0}`);
    this.name = 'PrimitiveError';
    this.api = api;
    this.winCode = winCode >>> 0;
    this.source = source ?? ((this.winCode & 0xe0000000) >>> 0 === 0xe0000000 ? 'setupapi' : 'win32');
    if (file !== undefined) this.file = file;
  }
}

/** True for what a primitive throws for a failed call (a PrimitiveError, or the addon's Error with the same fields). */
export function isPrimitiveFailure(e: unknown): e is { winCode: number; api: string; source: WinErrorSource; file?: string } {
  const f = e as { winCode?: unknown; api?: unknown } | null;
  return typeof f === 'object' && f !== null && typeof f.winCode === 'number' && typeof f.api === 'string';
}
