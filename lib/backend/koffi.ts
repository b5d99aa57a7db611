// The koffi backend: the Backend interface over setupapi, cfgmgr32, newdev, advapi32 and
// kernel32 through koffi, for Windows machines where no prebuilt addon matches (arm64, say).
// It needs no compiler. koffi is loaded only when the backend is opened, and only on Windows.
// One file per API area lives in ./koffi/.
import os from 'node:os';
import type { Backend, BackendInfo } from './types.js';
import { loadFfi, type Ffi } from './koffi/ffi.js';
import * as classes from './koffi/classes.js';
import * as devices from './koffi/devices.js';
import * as drivers from './koffi/drivers.js';
import * as interfaces from './koffi/interfaces.js';
import { createRegistry } from './koffi/registry.js';
import { installSection } from './koffi/sections.js';

const ARCH: Record<string, string> = { x64: 'amd64', ia32: 'x86', arm64: 'arm64' };

/** Opens the koffi backend; throws a plain Error saying why when koffi or Windows is missing. */
export async function openKoffiBackend(): Promise<Backend> {
  return createKoffiBackend(loadFfi());
}

function createKoffiBackend(ffi: Ffi): Backend {
  // Every operation is synchronous underneath; `run` makes each one a promise that rejects
  // with the WinError/InfkitError instead of throwing synchronously.
  const run = async <T>(op: () => T): Promise<T> => op();
  return {
    kind: 'koffi',
    info: () =>
      run((): BackendInfo => ({
        kind: 'koffi',
        wine: ffi.wineVersion !== undefined,
        ...(ffi.wineVersion !== undefined && { wineVersion: ffi.wineVersion }),
        elevated: ffi.elevated,
        arch: ARCH[process.arch] ?? process.arch,
        osVersion: os.release(),
      })),

    listClasses: (options) => run(() => classes.listClasses(ffi, options)),
    classGuidsFromName: (name) => run(() => classes.classGuidsFromName(ffi, name)),
    installClass: (inf) => run(() => classes.installClass(ffi, inf)),
    removeClass: (guid) => run(() => classes.removeClass(ffi, guid)),

    listInterfaceClasses: () => run(() => classes.listInterfaceClasses(ffi)),
    installInterfaceClasses: (inf, options) => run(() => classes.installInterfaceClasses(ffi, inf, options)),
    removeInterfaceClass: (guid) => run(() => classes.removeInterfaceClass(ffi, guid)),

    installSection: (inf, section, options) => run(() => installSection(ffi, inf, section, options)),

    listInterfaces: (options) => run(() => interfaces.listInterfaces(ffi, options)),
    registerInterface: (options) => run(() => interfaces.registerInterface(ffi, options)),

    createDevice: (options) => run(() => devices.createDevice(ffi, options)),
    listDevices: (options) => run(() => devices.listDevices(ffi, options)),
    removeDevice: (id) => run(() => devices.removeDevice(ffi, id)),

    stageDriver: (inf) => run(() => drivers.stageDriver(ffi, inf)),
    removeDriver: (name, options) => run(() => drivers.removeDriver(ffi, name, options)),
    listDrivers: () => run(() => drivers.listDrivers(ffi)),
    installDriver: (options) => run(() => drivers.installDriver(ffi, options)),
    waitNoPendingInstalls: (ms) => run(() => drivers.waitNoPendingInstalls(ffi, ms)),

    registry: createRegistry(ffi),
    close: async () => {
      // koffi's libraries stay loaded for the process; every handle was released per call.
    },
  };
}
