// Reading INFs through SetupAPI itself (SetupOpenInfFile, SetupFindFirstLine, ...), for what
// the primitives must learn from an INF before calling the install APIs.
import { PrimitiveError } from '../errors.js';
import { ERR } from '../winerror-table.js';
import { infContext, isValidHandle, lastError, readWideString, type Ffi } from './ffi.js';

const INF_STYLE_WIN4 = 0x2;
const INVALID_FILE_ATTRIBUTES = 0xffffffff;
const FILE_ATTRIBUTE_DIRECTORY = 0x10;
/** MAX_INF_SECTION_NAME_LENGTH */
const MAX_SECTION_CHARS = 255;

/**
 * Opens an INF (INF_STYLE_WIN4), runs `body`, and always closes it. SetupOpenInfFile reports a
 * missing file inconsistently across versions (and Wine), so the file is looked at first: a
 * missing INF always reads ERROR_FILE_NOT_FOUND (or the path's own error).
 */
export function withInf<T>(ffi: Ffi, infPath: string, body: (hinf: number) => T): T {
  const api = 'SetupOpenInfFileW';
  const attributes = (ffi.api.GetFileAttributesW(infPath) as number) >>> 0;
  if (attributes === INVALID_FILE_ATTRIBUTES) throw lastError(ffi, api);
  if (attributes & FILE_ATTRIBUTE_DIRECTORY) throw new PrimitiveError(api, ERR.FILE_NOT_FOUND);
  const hinf = ffi.api.SetupOpenInfFileW(infPath, null, INF_STYLE_WIN4, [0]) as number;
  if (!isValidHandle(hinf)) throw lastError(ffi, api);
  try {
    return body(hinf);
  } finally {
    ffi.api.SetupCloseInfFile(hinf);
  }
}

/** Fails as opening the INF fails (missing, unreadable); the calls that take a path come after. */
export function requireInf(ffi: Ffi, infPath: string): void {
  withInf(ffi, infPath, () => undefined);
}

/**
 * Whether the INF has the section. SetupGetLineCount is -1 only for a missing section (an empty
 * one has 0 lines); Wine's SetupFindFirstLine says ERROR_LINE_NOT_FOUND for both.
 */
export function hasSection(ffi: Ffi, hinf: number, section: string): boolean {
  return (ffi.api.SetupGetLineCountW(hinf, section) as number) >= 0;
}

/** Throws ERROR_SECTION_NOT_FOUND when the section is missing (an empty section is there). */
export function requireSection(ffi: Ffi, hinf: number, section: string): void {
  if (!hasSection(ffi, hinf, section)) throw new PrimitiveError('SetupGetLineCountW', ERR.SECTION_NOT_FOUND);
}

/** Field `index` of a line (0 = the key), with %strings% substituted; '' when the line has no such field. */
export function stringField(ffi: Ffi, context: Buffer, index: number): string {
  // Past the last field Wine fails without an error code: count first.
  if (index > (ffi.api.SetupGetFieldCount(context) as number)) return '';
  const api = 'SetupGetStringFieldW';
  const required: [number] = [0];
  if (!ffi.api.SetupGetStringFieldW(context, index, null, 0, required)) {
    const err = ffi.api.GetLastError() as number;
    if (err === ERR.INVALID_PARAMETER) return ''; // the field does not exist (a line without a key)
    throw new PrimitiveError(api, err);
  }
  return readWideString(ffi, api, (buf, chars, req) => ffi.api.SetupGetStringFieldW(context, index, buf, chars, req), required[0]);
}

/** Runs `line(context)` for every line of a section (none when it is missing or empty). */
export function forEachLine(ffi: Ffi, hinf: number, section: string, line: (context: Buffer) => void): void {
  const context = infContext(ffi);
  if (!ffi.api.SetupFindFirstLineW(hinf, section, null, context)) return;
  do {
    line(context);
  } while (ffi.api.SetupFindNextLine(context, context));
}

/** SetupDiGetActualSectionToInstall: the platform-decorated section (e.g. X.NTamd64) to run. */
export function actualSection(ffi: Ffi, hinf: number, section: string): string {
  return readWideString(
    ffi,
    'SetupDiGetActualSectionToInstallW',
    (buf, chars, required) => ffi.api.SetupDiGetActualSectionToInstallW(hinf, section, buf, chars, required, null),
    MAX_SECTION_CHARS + 1,
  );
}

/** Whether the section carries a Reboot or Restart directive (InstallHinfSection honours it). */
export function sectionAsksReboot(ffi: Ffi, hinf: number, section: string): boolean {
  let asks = false;
  forEachLine(ffi, hinf, section, (context) => {
    let word = stringField(ffi, context, 0);
    if (word === '' && (ffi.api.SetupGetFieldCount(context) as number) === 1) word = stringField(ffi, context, 1);
    if (/^(reboot|restart)$/i.test(word)) asks = true;
  });
  return asks;
}
