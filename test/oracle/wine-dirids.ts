// The DIRID table Wine 8's SetupAPI used when the oracle was recorded (dlls/setupapi/dirid.c
// with C:\windows as the Windows directory). Passed to parseInf as options.dirids so %N%
// substitutions can be compared; infkit itself leaves DIRIDs to the caller.
const WINDOWS = 'C:\\windows';
const SYSTEM = `${WINDOWS}\\system32`;
const UNKNOWN = `${SYSTEM}\\unknown`;

const SYSTEM_DIRIDS: Record<number, string> = {
  [-1]: '',
  0: '',
  10: WINDOWS,
  11: SYSTEM,
  12: `${SYSTEM}\\drivers`,
  17: `${WINDOWS}\\inf`,
  18: `${WINDOWS}\\help`,
  20: `${WINDOWS}\\fonts`,
  21: `${SYSTEM}\\viewers`,
  24: 'C:\\',
  25: WINDOWS,
  30: 'C:\\',
  50: `${WINDOWS}\\system`,
  51: `${WINDOWS}\\spool`,
  52: `${WINDOWS}\\spool`,
  54: 'C:\\',
};

const CSIDL: Record<number, string> = {
  0x26: 'C:\\Program Files', // CSIDL_PROGRAM_FILES (16422)
  0x2a: 'C:\\Program Files (x86)', // CSIDL_PROGRAM_FILESX86 (16426)
  0x2b: 'C:\\Program Files\\Common Files', // CSIDL_PROGRAM_FILES_COMMON (16427)
  0x2c: 'C:\\Program Files (x86)\\Common Files', // CSIDL_PROGRAM_FILES_COMMONX86 (16428)
};

/** What Wine's DIRID_get_string returns for `dirid`; DIRID 1 (the INF's directory) is `infDir`. */
export function wineDirid(dirid: number, infDir: string): string | undefined {
  if (dirid === 1) return infDir;
  if (dirid === 0xffff) return '';
  if (dirid >= 0x8000) return undefined; // user DIRIDs: none were set
  if (dirid >= 0x4000) return CSIDL[dirid - 0x4000] ?? UNKNOWN;
  return SYSTEM_DIRIDS[dirid] ?? UNKNOWN;
}

/** A DIRID table (a lazy record) for options.dirids. */
export function wineDiridTable(infDir: string): Record<number, string> {
  return new Proxy({} as Record<number, string>, {
    get: (_target, key) => (typeof key === 'string' ? wineDirid(Number(key), infDir) : undefined),
  });
}
