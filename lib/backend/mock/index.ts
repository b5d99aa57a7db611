// The mock backend: a simulated Windows machine kept in a state directory, so that separate
// infkit processes see each other's effects. It is the same WindowsBackend as the native and
// koffi backends (lib/backend/core.ts), over primitives that simulate the Windows calls
// (./primitives.ts): every check, default, result shape and error is the real backends'.
// What a simulation cannot have is listed in docs/backends.md. `reset()` returns the machine
// to the baseline.
import { homedir } from 'node:os';
import path from 'node:path';
import type { PlatformTarget } from '../../inf/types.js';
import { ENUM_KEY } from '../../base/registry-paths.js';
import { StateStore } from '../../base/store.js';
import { CODEINTEGRITY_OPTION, WindowsBackend } from '../core.js';
import { ERR, winErrorFrom } from '../winerror-table.js';
import { MockPrimitives } from './primitives.js';

export interface MockBackendOptions {
  /** State directory; default INFKIT_STATE, else ~/.infkit/mock. */
  stateDir?: string;
  /** How long a mutation waits for another process's lock (default 30 s, or INFKIT_LOCK_TIMEOUT_MS). */
  lockTimeoutMs?: number;
  /** The simulated machine (default amd64, Windows 10 22H2). */
  arch?: 'x86' | 'amd64' | 'arm64';
  osVersion?: string;
  /** False simulates a standard user (default: INFKIT_MOCK_USER=standard says false, else true). */
  elevated?: boolean;
}

/** The mock machine's default state directory: INFKIT_STATE, else ~/.infkit/mock. */
export function defaultStateDir(): string {
  const fromEnv = process.env.INFKIT_STATE;
  return fromEnv !== undefined && fromEnv !== '' ? path.resolve(fromEnv) : path.join(homedir(), '.infkit', 'mock');
}

export class MockBackend extends WindowsBackend {
  readonly #p: MockPrimitives;

  constructor(stateDir: string, options: MockBackendOptions = {}) {
    const store = new StateStore(stateDir, options.lockTimeoutMs === undefined ? {} : { lockTimeoutMs: options.lockTimeoutMs });
    const target: PlatformTarget = { arch: options.arch ?? 'amd64', osVersion: options.osVersion ?? '10.0.19045' };
    const primitives = new MockPrimitives(store, { target, elevated: options.elevated ?? process.env.INFKIT_MOCK_USER !== 'standard' });
    super(primitives, 'mock', { setupLog: async () => primitives.logFile });
    this.#p = primitives;
  }

  get stateDir(): string {
    return this.#p.store.dir;
  }

  // ----- mock-only controls -------------------------------------------------------------

  /** Back to the baseline machine (for test isolation). */
  async reset(): Promise<void> {
    await this.#p.store.withLock(() => this.#p.store.removeState());
  }

  /** How many mutations have been committed to this state directory. */
  async generation(): Promise<number> {
    return this.#p.query((m) => m.state.generation);
  }

  /** IoSetDeviceInterfaceState: what a device's driver does to make an interface arrive or leave. */
  async setInterfaceState(symbolicLink: string, enabled: boolean): Promise<void> {
    await this.#p.mutate('IoSetDeviceInterfaceState', (m) => {
      if (!m.setInterfaceEnabled(symbolicLink, enabled)) throw winErrorFrom(ERR.NO_SUCH_DEVICE_INTERFACE, 'IoSetDeviceInterfaceState');
    });
  }

  /** A device arrives (or leaves) as hardware does: present, with these IDs, and no driver yet. */
  async plugDevice(device: {
    deviceInstanceId: string;
    hardwareIds: string[];
    compatibleIds?: string[];
    description?: string;
  }): Promise<void> {
    await this.#p.mutate('PnP arrival', (m) => {
      if (m.canonicalDeviceId(device.deviceInstanceId) !== undefined) throw winErrorFrom(ERR.DEVINST_ALREADY_EXISTS, 'PnP arrival');
      m.addDevice({
        deviceInstanceId: device.deviceInstanceId,
        hardwareIds: device.hardwareIds,
        classGuid: '{00000000-0000-0000-0000-000000000000}',
        className: '',
        description: device.description ?? '',
      });
      if (device.compatibleIds?.length) {
        m.reg.setValue('HKLM', `${ENUM_KEY}\\${device.deviceInstanceId}`, 'CompatibleIDs', {
          type: 'REG_MULTI_SZ',
          data: device.compatibleIds,
        });
      }
    });
  }

  /** Marks a device as waiting for a restart (CM_PROB_NEED_RESTART), as an updated driver in use does. */
  async setRestartPending(deviceInstanceId: string): Promise<void> {
    await this.#p.mutate('mock', (m) => {
      const id = m.canonicalDeviceId(deviceInstanceId);
      if (id === undefined) throw winErrorFrom(ERR.NO_SUCH_DEVINST, 'mock');
      m.setRestartPending(id, true);
    });
  }

  /** bcdedit /set testsigning on|off, as the next boot would see it (CODEINTEGRITY_OPTION_TESTSIGN). */
  async setTestSigning(on: boolean): Promise<void> {
    await this.#p.mutate('mock', (m) => {
      const options = m.state.codeIntegrityOptions ?? CODEINTEGRITY_OPTION.ENABLED;
      m.state.codeIntegrityOptions = on ? options | CODEINTEGRITY_OPTION.TESTSIGN : options & ~CODEINTEGRITY_OPTION.TESTSIGN;
    });
  }

  /** A file of the simulated machine by its Windows path (any case), or null. */
  async readMachineFile(windowsPath: string): Promise<Uint8Array | null> {
    const file = await this.#p.query((m) => m.getFile(windowsPath));
    return file === undefined ? null : this.#p.store.getBlob(file.blob);
  }

  override async close(): Promise<void> {
    this.#p.closed = true;
  }
}

/** Opens the mock machine in `stateDir` (created on the first write). */
export async function openMockBackend(options: MockBackendOptions = {}): Promise<MockBackend> {
  return new MockBackend(options.stateDir ?? defaultStateDir(), options);
}
