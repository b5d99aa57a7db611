// DIRIDs → real paths on the target machine, from the reader's standard DIRID table
// (lib/inf/dirids.ts) filled in for the plan's Windows directory, package and source folder.
import path from 'node:path';
import { DIRID_SRCPATH, standardDirids } from '../inf/dirids.js';
import type { PlatformTarget } from '../inf/types.js';

/**
 * DIRID 13 is the package's folder in the driver store. Windows names it
 * `<inf name>_<arch>_<hash>`, the hash being derived from the signed package, which a
 * plan cannot know: plans use this fixed placeholder for the hash.
 */
export const DRIVER_STORE_HASH_PLACEHOLDER = '0000000000000000';

/** DIRID 13: the package's folder in the driver store. */
const DIRID_DRIVER_STORE = 13;

/** What the DIRID table of a plan depends on. */
export interface DiridEnv {
  target: PlatformTarget;
  /** The Windows directory of the target machine, e.g. 'C:\\Windows'. */
  systemRoot: string;
  /**
   * Where the install reads the INF from, which DIRID 1 (%1%) names: the INF's own folder
   * for a class, interface or section install; the package's driver-store folder for a
   * device install, which Windows runs from the staged copy.
   */
  source: 'inf-folder' | 'driver-store';
}

/** The driver-store folder name a package would be staged to (the last part of DIRID 13). */
export function driverStorePackage(target: PlatformTarget, infFile: string): string {
  const name = path.win32.basename(infFile.replaceAll('/', '\\')).toLowerCase();
  return `${name}_${target.arch}_${DRIVER_STORE_HASH_PLACEHOLDER}`;
}

/** Every standard DIRID → its path on the target (ParseOptions.dirids takes this table). */
export function diridTable(env: DiridEnv, infFile: string): Record<number, string> {
  const systemDrive = /^[A-Za-z]:/.exec(env.systemRoot)?.[0] ?? 'C:';
  const is32 = env.target.arch === 'x86' || env.target.arch === 'arm';
  const table = standardDirids({
    windowsDir: env.systemRoot,
    systemDrive,
    driverStorePackage: driverStorePackage(env.target, infFile),
    sourcePath: path.dirname(path.resolve(infFile)),
    // 32-bit Windows has one Program Files.
    ...(is32 && { programFilesX86: `${systemDrive}\\Program Files` }),
  });
  if (env.source === 'driver-store') table[DIRID_SRCPATH] = table[DIRID_DRIVER_STORE]!;
  return table;
}
