// The koffi primitives: the Primitives surface (lib/backend/types.ts) over setupapi, cfgmgr32,
// newdev, advapi32, kernel32, wintrust, crypt32 and ntdll through koffi, for Windows machines
// where no prebuilt addon matches (arm64, say). It needs no compiler. koffi is loaded only when
// the backend is opened, and only on Windows. One file per API area lives in ./koffi/;
// lib/backend/core.ts gives the primitives their meaning, as it does for the addon and the mock.
import os from 'node:os';
import type { Backend, Primitives } from './types.js';
import { windowsArchOf } from '../base/arch.js';
import { WindowsBackend } from './core.js';
import { formatMessage, loadFfi, type Ffi } from './koffi/ffi.js';
import * as classes from './koffi/classes.js';
import * as devices from './koffi/devices.js';
import * as drivers from './koffi/drivers.js';
import * as interfaces from './koffi/interfaces.js';
import * as registry from './koffi/registry.js';
import * as sections from './koffi/sections.js';
import * as trust from './koffi/trust.js';

/** Opens the koffi backend; throws a plain Error saying why when koffi or Windows is missing. */
export async function openKoffiBackend(): Promise<Backend> {
  return new WindowsBackend(createKoffiPrimitives(loadFfi()), 'koffi');
}

/** Every primitive is one synchronous call sequence; the slow ones answer with a promise, as the addon's do. */
export function createKoffiPrimitives(ffi: Ffi): Primitives {
  return {
    info: () => ({
      wine: ffi.wineVersion !== undefined,
      ...(ffi.wineVersion !== undefined && { wineVersion: ffi.wineVersion }),
      elevated: ffi.elevated,
      arch: windowsArchOf(),
      osVersion: os.release(),
    }),
    formatMessage: (code) => formatMessage(ffi, code),
    ...classes.primitives(ffi),
    ...interfaces.primitives(ffi),
    ...sections.primitives(ffi),
    ...devices.primitives(ffi),
    ...drivers.primitives(ffi),
    ...registry.primitives(ffi),
    ...trust.primitives(ffi),
  };
}
