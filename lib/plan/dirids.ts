// DIRIDs → real paths on the target machine, from the reader's standard DIRID table
// (lib/inf/dirids.ts) filled in for the plan's Windows directory and package.
import path from 'node:path';
import { standardDirids } from '../inf/dirids.js';
import type { PlanEnv } from './context.js';

/**
 * DIRID 13 is the package's folder in the driver store. Windows names it
 * `<inf name>_<arch>_<hash>`, the hash being derived from the signed package, which a
 * plan cannot know: plans use this fixed placeholder for the hash.
 */
export const DRIVER_STORE_HASH_PLACEHOLDER = '0000000000000000';

/** The driver-store folder name a package would be staged to (the last part of DIRID 13). */
export function driverStorePackage(env: PlanEnv, infFile: string): string {
  const name = path.win32.basename(infFile.replaceAll('/', '\\')).toLowerCase();
  return `${name}_${env.target.arch}_${DRIVER_STORE_HASH_PLACEHOLDER}`;
}

/** Every standard DIRID → its path on the target (ParseOptions.dirids takes this table). */
export function diridTable(env: PlanEnv, infFile: string): Record<number, string> {
  const systemDrive = /^[A-Za-z]:/.exec(env.systemRoot)?.[0] ?? 'C:';
  const is32 = env.target.arch === 'x86' || env.target.arch === 'arm';
  return standardDirids({
    windowsDir: env.systemRoot,
    systemDrive,
    driverStorePackage: driverStorePackage(env, infFile),
    // 32-bit Windows has one Program Files.
    ...(is32 && { programFilesX86: `${systemDrive}\\Program Files` }),
  });
}
