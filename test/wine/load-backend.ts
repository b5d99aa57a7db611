// Opens a real backend from the built library (dist/), for the scripts that run inside
// Windows Node (under Wine or on a Windows runner). Loaded by path at run time, so that these
// scripts compile without pulling lib/ into dist-test/ (where the addon would not be found).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../../lib/backend/types.js';

export type RealBackendKind = 'native' | 'koffi';

/** The project root: dist-test/test/wine/ is three levels down. */
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

export async function loadBackend(kind: RealBackendKind): Promise<Backend> {
  const file = path.join(PROJECT_ROOT, 'dist', 'backend', `${kind}.js`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const open = module[kind === 'native' ? 'openNativeBackend' : 'openKoffiBackend'];
  if (typeof open !== 'function') throw new Error(`${file} does not export the ${kind} backend's opener`);
  return (await open()) as Backend;
}

/** `--name value` from argv, or the fallback. */
export function option(argv: string[], name: string, fallback?: string): string {
  const at = argv.indexOf(`--${name}`);
  const value = at >= 0 ? argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`missing --${name}`);
  return value;
}
