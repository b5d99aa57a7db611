// The native backend: the node-addon-api addon in native/ (prebuilt in prebuilds/<platform>-<arch>/,
// loaded with node-gyp-build) implements the Primitives of lib/backend/types.ts; core.ts gives
// them their meaning, as it does for koffi and the mock.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WindowsBackend } from './core.js';
import type { Backend, Primitives } from './types.js';

/** The addon's version of the Primitives surface; bumped when a function changes shape. */
export const NATIVE_ABI_VERSION = 4;

export interface NativeAddon extends Primitives {
  abiVersion: number;
}

/** The package root: dist/backend/native.js, lib/backend/native.ts and the CLI bundle's dist/cli-chunks/*.js all sit two levels down. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Loads the addon for this platform and architecture (build/Release first, then prebuilds/). */
export function loadNativeAddon(root = PACKAGE_ROOT): NativeAddon {
  const require = createRequire(import.meta.url);
  const load = require('node-gyp-build') as (dir: string) => NativeAddon;
  const addon = load(root);
  if (addon.abiVersion !== NATIVE_ABI_VERSION) {
    throw new Error(`the addon has surface version ${String(addon.abiVersion)}, this infkit expects ${NATIVE_ABI_VERSION}: rebuild it`);
  }
  return addon;
}

/** Loads the addon and opens the native backend (lib/backend/select.ts calls this). */
export async function openNativeBackend(): Promise<Backend> {
  return new WindowsBackend(loadNativeAddon(), 'native');
}
