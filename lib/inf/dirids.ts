// Standard directory IDs (DIRIDs) of Windows INF files: what %N% and the DIRID fields of
// [DestinationDirs], RegisterDlls, ProfileItems, ... stand for. Values 16384 and up are
// 16384 + a CSIDL (shell folder); 66000-66004 are the printer directories. The planner
// turns them into paths with standardDirids().

export interface DiridInfo {
  /** Short symbolic name (the setupapi.h DIRID_* name where there is one). */
  name: string;
  /** What the directory is on a default Windows 10/11 x64 installation. */
  description: string;
  /**
   * Default path, with %WINDIR%/%SYSTEMDRIVE% style placeholders resolved by standardDirids();
   * null when Windows finds it only at install time (the printer DIRIDs ask the spooler).
   */
  template: string | null;
}

export const DIRID_ABSOLUTE = -1;
export const DIRID_ABSOLUTE_16BIT = 0xffff;
export const DIRID_SRCPATH = 1;
/** Values from this one up are user-defined (SetupSetDirectoryId). */
export const DIRID_USER = 0x8000;

export const DIRIDS: Readonly<Record<number, DiridInfo>> = {
  [-1]: { name: 'ABSOLUTE', description: 'absolute path (no directory prefix)', template: '' },
  0: { name: 'NULL', description: 'no directory (absolute path follows)', template: '' },
  1: { name: 'SRCPATH', description: 'directory the INF is installed from', template: '{SRCPATH}' },
  10: { name: 'WINDOWS', description: 'Windows directory', template: '{WINDIR}' },
  11: { name: 'SYSTEM', description: 'system directory (System32)', template: '{WINDIR}\\system32' },
  12: { name: 'DRIVERS', description: 'drivers directory', template: '{WINDIR}\\system32\\drivers' },
  13: {
    name: 'DRIVER_STORE',
    description: 'the driver package directory in the driver store (Windows 10 1709+)',
    template: '{WINDIR}\\system32\\DriverStore\\FileRepository\\{PACKAGE}',
  },
  17: { name: 'INF', description: 'INF directory', template: '{WINDIR}\\INF' },
  18: { name: 'HELP', description: 'Help directory', template: '{WINDIR}\\Help' },
  20: { name: 'FONTS', description: 'Fonts directory', template: '{WINDIR}\\Fonts' },
  21: { name: 'VIEWERS', description: 'viewers directory', template: '{WINDIR}\\system32\\viewers' },
  23: { name: 'COLOR', description: 'ICM colour profiles', template: '{WINDIR}\\system32\\spool\\drivers\\color' },
  24: { name: 'APPS', description: 'root of the system disk', template: '{SYSTEMDRIVE}\\' },
  25: { name: 'SHARED', description: 'shared directory', template: '{WINDIR}' },
  30: { name: 'BOOT', description: 'root of the boot drive', template: '{SYSTEMDRIVE}\\' },
  50: { name: 'SYSTEM16', description: '16-bit system directory', template: '{WINDIR}\\system' },
  51: { name: 'SPOOL', description: 'spool directory', template: '{WINDIR}\\system32\\spool' },
  52: { name: 'SPOOLDRIVERS', description: 'spool drivers directory', template: '{WINDIR}\\system32\\spool\\drivers' },
  53: { name: 'USERPROFILE', description: 'user profile directory', template: '{USERPROFILE}' },
  54: { name: 'LOADER', description: 'directory of the boot loader', template: '{SYSTEMDRIVE}\\' },
  55: { name: 'PRINTPROCESSOR', description: 'print processors', template: '{WINDIR}\\system32\\spool\\prtprocs\\x64' },
  16406: { name: 'COMMON_STARTMENU', description: 'All Users Start Menu', template: '{PROGRAMDATA}\\Microsoft\\Windows\\Start Menu' },
  16407: {
    name: 'COMMON_PROGRAMS',
    description: 'All Users Start Menu\\Programs',
    template: '{PROGRAMDATA}\\Microsoft\\Windows\\Start Menu\\Programs',
  },
  16408: {
    name: 'COMMON_STARTUP',
    description: 'All Users Startup',
    template: '{PROGRAMDATA}\\Microsoft\\Windows\\Start Menu\\Programs\\Startup',
  },
  16409: { name: 'COMMON_DESKTOPDIRECTORY', description: 'All Users Desktop', template: '{PUBLIC}\\Desktop' },
  16415: { name: 'COMMON_FAVORITES', description: 'All Users Favorites', template: '{USERPROFILE}\\Favorites' },
  16419: { name: 'COMMON_APPDATA', description: 'ProgramData', template: '{PROGRAMDATA}' },
  16420: { name: 'WINDOWS', description: 'Windows directory', template: '{WINDIR}' },
  16421: { name: 'SYSTEM', description: 'System32', template: '{WINDIR}\\system32' },
  16422: { name: 'PROGRAM_FILES', description: 'Program Files', template: '{PROGRAMFILES}' },
  16425: { name: 'SYSTEMX86', description: 'SysWOW64 (System32 on 32-bit Windows)', template: '{WINDIR}\\SysWOW64' },
  16426: { name: 'PROGRAM_FILESX86', description: 'Program Files (x86)', template: '{PROGRAMFILESX86}' },
  16427: { name: 'PROGRAM_FILES_COMMON', description: 'Common Files', template: '{PROGRAMFILES}\\Common Files' },
  16428: { name: 'PROGRAM_FILES_COMMONX86', description: 'Common Files (x86)', template: '{PROGRAMFILESX86}\\Common Files' },
  16429: { name: 'COMMON_TEMPLATES', description: 'All Users Templates', template: '{PROGRAMDATA}\\Microsoft\\Windows\\Templates' },
  16430: { name: 'COMMON_DOCUMENTS', description: 'Public Documents', template: '{PUBLIC}\\Documents' },
  66000: { name: 'PRINTER_DRIVERS', description: 'printer driver directory (GetPrinterDriverDirectory)', template: null },
  66001: { name: 'PRINT_PROCESSORS', description: 'print processor directory (GetPrintProcessorDirectory)', template: null },
  66002: { name: 'PRINTER_SYSTEM', description: 'print monitor files copied to System32', template: null },
  66003: { name: 'PRINTER_COLOR', description: 'ICM colour profiles (GetColorDirectory)', template: null },
  66004: { name: 'PRINTER_ASP', description: 'printer ASP files', template: null },
};

export interface DiridRoots {
  windowsDir?: string;
  systemDrive?: string;
  programFiles?: string;
  programFilesX86?: string;
  programData?: string;
  userProfile?: string;
  publicDir?: string;
  /** DIRID 1: the directory the INF is read from. */
  sourcePath?: string;
  /** DIRID 13: the package's driver-store folder name (e.g. 'mydrv.inf_amd64_0123456789abcdef'). */
  driverStorePackage?: string;
}

/** DIRID → path for a Windows installation (defaults: C:\Windows, C:\Program Files, ...). */
export function standardDirids(roots: DiridRoots = {}): Record<number, string> {
  const systemDrive = roots.systemDrive ?? 'C:';
  const vars: Record<string, string | undefined> = {
    WINDIR: roots.windowsDir ?? `${systemDrive}\\Windows`,
    SYSTEMDRIVE: systemDrive,
    PROGRAMFILES: roots.programFiles ?? `${systemDrive}\\Program Files`,
    PROGRAMFILESX86: roots.programFilesX86 ?? `${systemDrive}\\Program Files (x86)`,
    PROGRAMDATA: roots.programData ?? `${systemDrive}\\ProgramData`,
    USERPROFILE: roots.userProfile ?? `${systemDrive}\\Users\\Default`,
    PUBLIC: roots.publicDir ?? `${systemDrive}\\Users\\Public`,
    SRCPATH: roots.sourcePath,
    PACKAGE: roots.driverStorePackage,
  };
  const table: Record<number, string> = {};
  for (const [id, info] of Object.entries(DIRIDS)) {
    if (info.template === null) continue;
    let missing = false;
    const path = info.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = vars[name];
      if (v === undefined) missing = true;
      return v ?? '';
    });
    if (!missing) table[Number(id)] = path;
  }
  table[DIRID_ABSOLUTE_16BIT] = '';
  return table;
}
