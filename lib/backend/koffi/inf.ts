// Reading INFs through SetupAPI itself (SetupOpenInfFile, SetupFindFirstLine, ...), for what
// the backend must learn from an INF before calling the install APIs.
import { infPathArg } from '../args.js';
import { ERR, HINTS } from '../winerror-table.js';
import {
  infContext,
  isValidHandle,
  lastWinError,
  readWideString,
  winError,
  type Ffi,
} from './ffi.js';
import { fromWide, wideBuffer } from '../utf16.js';

const INF_STYLE_WIN4 = 0x2;

/** The INF path as SetupAPI wants it: absolute. */
export function infPathOf(inf: string): string {
  return infPathArg(inf);
}

/** Opens an INF (and its LayoutFile), runs `body`, and always closes it. */
export function withInf<T>(ffi: Ffi, inf: string, body: (hinf: number) => T): T {
  const errorLine: [number] = [0];
  const hinf = ffi.api.SetupOpenInfFileW(infPathOf(inf), null, INF_STYLE_WIN4, errorLine) as number;
  if (!isValidHandle(hinf)) {
    const err = lastWinError(ffi, 'SetupOpenInfFileW', errorLine[0] > 0 ? { hint: `${HINTS.syntax} (line ${errorLine[0]})` } : {});
    throw err;
  }
  try {
    // Layout files named by [Version] LayoutFile; an INF without one is fine.
    ffi.api.SetupOpenAppendInfFileW(null, hinf, [0]);
    return body(hinf);
  } finally {
    ffi.api.SetupCloseInfFile(hinf);
  }
}

/** Whether the INF has the section (SetupGetLineCount is -1 when it does not). */
export function hasSection(ffi: Ffi, hinf: number, section: string): boolean {
  return (ffi.api.SetupGetLineCountW(hinf, section) as number) >= 0;
}

/** Throws ERROR_SECTION_NOT_FOUND naming `api` when the section is missing. */
export function requireSection(ffi: Ffi, hinf: number, section: string, api: string): void {
  if (!hasSection(ffi, hinf, section)) {
    throw winError(ffi, ERR.SECTION_NOT_FOUND, api, { hint: `The INF has no [${section}] section: check its name and platform decoration.` });
  }
}

/** One line of a section: its key (field 0) and fields 1..n, with %strings% substituted. */
export interface InfLine {
  key: string;
  fields: string[];
}

function stringField(ffi: Ffi, context: Buffer, index: number): string {
  return readWideString(ffi, 'SetupGetStringFieldW', (buf, chars, required) =>
    ffi.api.SetupGetStringFieldW(context, index, buf, chars, required),
  );
}

/** Every line of a section (none when it is missing or empty). */
export function sectionLines(ffi: Ffi, hinf: number, section: string): InfLine[] {
  const context = infContext(ffi);
  const lines: InfLine[] = [];
  if (!ffi.api.SetupFindFirstLineW(hinf, section, null, context)) return lines;
  do {
    const count = ffi.api.SetupGetFieldCount(context) as number;
    const fields: string[] = [];
    for (let i = 1; i <= count; i++) fields.push(stringField(ffi, context, i));
    // Field 0 is the key; a line without '=' has none, and SetupAPI then fails the call.
    let lineKey = '';
    const keyBuf = wideBuffer(512);
    if (ffi.api.SetupGetStringFieldW(context, 0, keyBuf, 512, [0])) lineKey = fromWide(keyBuf);
    lines.push({ key: lineKey, fields });
  } while (ffi.api.SetupFindNextLine(context, context));
  return lines;
}

/** SetupDiGetActualSectionToInstall: the platform-decorated section (e.g. X.NTamd64) to run. */
export function actualSection(ffi: Ffi, hinf: number, section: string): string {
  return readWideString(ffi, 'SetupDiGetActualSectionToInstallW', (buf, chars, required) =>
    ffi.api.SetupDiGetActualSectionToInstallW(hinf, section, buf, chars, required, null),
  );
}

/** Whether the section carries a Reboot or Restart directive (InstallHinfSection honours it). */
export function sectionAsksReboot(ffi: Ffi, hinf: number, section: string): boolean {
  return sectionLines(ffi, hinf, section).some((line) => {
    const word = (line.key || (line.fields.length === 1 ? line.fields[0]! : '')).toLowerCase();
    return word === 'reboot' || word === 'restart';
  });
}
