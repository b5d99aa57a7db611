// WinError: a Win32 / SetupAPI / CONFIGRET failure carried into JS with its numbers.
// The symbol and message tables live in lib/backend/winerror-table.ts (filled from
// winerror.h, setupapi.h and cfgmgr32.h); the native addon and koffi both throw this.

export type WinErrorSource = 'win32' | 'setupapi' | 'configret';

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
    };
  }
}

export function isWinError(e: unknown): e is WinError {
  return e instanceof WinError;
}
