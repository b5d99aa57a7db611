// koffi-specific checks that the contract suite does not make, run inside Windows Node (under
// Wine, or on a Windows runner):
//   - every operation releases the handles it acquires and unregisters its queue callback,
//     on success and failure paths alike (a ledger over the Win32 surface, see handleLedger);
//   - a file-queue failure is collected with its file and code, and the section goes on;
//   - SetupAPI failures carry a name, a message (the table's when FormatMessage has none, as
//     on Wine) and a hint;
//   - the interface classes installed through Wine's replacement path are seen by reg.exe;
//   - per-call latency of listClasses and listInterfaces.
// Results go to a JSON file (Node's stdout is unusable under Wine when it is a pipe).
//   node dist-test/test/wine/koffi-checks.js --out results.json
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../../lib/backend/types.js';
import { type Check, exitWith, perCall, runChecks } from './checks-runner.js';
import { PROJECT_ROOT } from './load-backend.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const IFACE_REGISTERED = '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B21}';
const IFACE_A = '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B11}';
const IFACE_B = '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B12}';

/**
 * A ledger of the handles the backend holds: every acquiring call of the koffi Win32 surface
 * (device information sets, INFs, file queues, queue-callback contexts, registry keys) is
 * wrapped to record the handle it returns, every releasing call to strike it off, and koffi's
 * registered callbacks are counted. This works the same on Wine (whose
 * GetProcessHandleCount returns 0) and on Windows.
 */
interface HandleLedger {
  /** How many handles were acquired so far (to prove the ledger saw the calls). */
  acquired(): number;
  live(): string[];
  callbacks(): number;
}

type ApiFn = (...args: unknown[]) => unknown;

async function handleLedger(): Promise<HandleLedger> {
  const file = path.join(PROJECT_ROOT, 'dist', 'backend', 'koffi', 'ffi.js');
  const ffiModule = (await import(pathToFileURL(file).href)) as {
    loadFfi(): { api: Record<string, ApiFn>; koffi: { stats(): { callbacks: number } } };
  };
  const ffi = ffiModule.loadFfi(); // the same module instance the backend uses
  const live = new Map<string, string>();
  let acquired = 0;
  const valid = (h: unknown) => h !== null && h !== 0 && h !== -1 && h !== 0n && h !== -1n;
  const acquire = (name: string, handleOf: (ret: unknown, args: unknown[]) => unknown) => {
    const original = ffi.api[name]!;
    ffi.api[name] = (...args: unknown[]) => {
      const ret = original(...args);
      const h = handleOf(ret, args);
      if (valid(h)) {
        acquired++;
        live.set(String(h), name);
      }
      return ret;
    };
  };
  const release = (name: string) => {
    const original = ffi.api[name]!;
    ffi.api[name] = (...args: unknown[]) => {
      live.delete(String(args[0]));
      return original(...args);
    };
  };
  for (const name of ['SetupDiCreateDeviceInfoList', 'SetupDiGetClassDevsW', 'SetupOpenInfFileW', 'SetupOpenFileQueue', 'SetupInitDefaultQueueCallbackEx', 'SetupDiOpenClassRegKeyExW']) {
    acquire(name, (ret) => ret);
  }
  acquire('RegOpenKeyExW', (ret, args) => (ret === 0 ? (args[4] as [unknown])[0] : null));
  acquire('RegCreateKeyExW', (ret, args) => (ret === 0 ? (args[7] as [unknown])[0] : null));
  for (const name of ['SetupDiDestroyDeviceInfoList', 'SetupCloseInfFile', 'SetupCloseFileQueue', 'SetupTermDefaultQueueCallback', 'RegCloseKey']) {
    release(name);
  }
  return {
    acquired: () => acquired,
    live: () => [...live.entries()].map(([h, api]) => `${api} → ${h}`),
    callbacks: () => ffi.koffi.stats().callbacks,
  };
}

/** Runs `round` and checks that it left no handle and no callback behind. */
async function leavesNothing(ledger: HandleLedger, round: () => Promise<void>, rounds: number): Promise<unknown> {
  const callbacks = ledger.callbacks();
  const acquiredBefore = ledger.acquired();
  for (let i = 0; i < rounds; i++) await round();
  const acquired = ledger.acquired() - acquiredBefore;
  assert.ok(acquired > rounds, `the ledger saw the handles acquired (${acquired})`);
  assert.deepEqual(ledger.live(), [], 'every acquired handle was released');
  assert.equal(ledger.callbacks(), callbacks, 'every registered queue callback was unregistered');
  return { rounds, acquired, callbacks: ledger.callbacks() };
}

async function ignoreFailure(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch {
    // failure paths are exercised on purpose
  }
}

function regQuery(key: string): string {
  // reg.exe is a second path to the registry, independent of the backend.
  return execFileSync('reg.exe', ['query', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function checks(backend: Backend, ledger: HandleLedger): Check[] {
  const contract = (name: string) => path.join(FIXTURES, 'contract', name);
  const koffiFixture = (name: string) => path.join(FIXTURES, 'koffi', name);
  return [
    [
      'handles: every read and every failure path releases what it acquired',
      async () =>
        leavesNothing(ledger, async () => {
          await backend.listClasses();
          await backend.listClasses({ excludeNoDisplay: true });
          await backend.classGuidsFromName('System');
          await backend.listInterfaceClasses();
          await backend.listInterfaces({ classGuid: IFACE_REGISTERED });
          await backend.listDevices({ hardwareId: 'Root\\InfkitNone' });
          await backend.listDrivers();
          await backend.registry.readKey('HKLM', 'SYSTEM\\CurrentControlSet\\Control\\Class');
          await ignoreFailure(backend.installClass(contract('no-such-file.inf')));
          await ignoreFailure(backend.installClass(contract('bad-guid.inf')));
          await ignoreFailure(backend.installSection(contract('defaultinstall.inf'), 'NoSuchSection'));
          await ignoreFailure(backend.installSection(contract('no-such-file.inf'), 'DefaultInstall'));
          await ignoreFailure(backend.installInterfaceClasses(contract('class.inf')));
          await ignoreFailure(backend.removeDevice('ROOT\\INFKIT\\9999'));
          await ignoreFailure(backend.registerInterface({ deviceInstanceId: 'ROOT\\INFKIT\\9999', classGuid: IFACE_REGISTERED }));
          await ignoreFailure(backend.registry.deleteValue('HKLM', 'SOFTWARE\\infkit-no-such-key', 'x'));
        }, 3),
    ],
    [
      'handles: installing sections, classes and devices releases what it acquired',
      async () =>
        leavesNothing(ledger, async () => {
          await backend.installSection(contract('defaultinstall.inf'), 'DefaultInstall');
          await backend.installSection(koffiFixture('missing-source.inf'), 'DefaultInstall');
          await backend.installClass(contract('class.inf'));
          await backend.removeClass('{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B01}');
          await backend.installInterfaceClasses(contract('interfaces.inf'));
          const dev = await backend.createDevice({ hardwareId: 'Root\\InfkitKoffiCheck' });
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: IFACE_REGISTERED, referenceString: 'k' });
          await backend.removeDevice(dev.deviceInstanceId);
        }, 2),
    ],
    [
      'installSection: a missing source file is a collected failure with its path, and the rest is done',
      async () => {
        await ignoreFailure(backend.registry.deleteKey('HKLM', 'SOFTWARE\\infkit-koffi'));
        const result = await backend.installSection(koffiFixture('missing-source.inf'), 'DefaultInstall');
        // The file named is the missing source (not the destination it was to be copied to).
        const missing = result.failures.find((f) => /[\\/]koffi[\\/]absent\.txt$/i.test(f.file ?? ''));
        assert.ok(missing, `absent.txt is reported (failures: ${JSON.stringify(result.failures)})`);
        assert.equal(missing.name, 'ERROR_FILE_NOT_FOUND');
        assert.ok(!result.failures.some((f) => /present\.txt$/i.test(f.file ?? '')), 'present.txt copied');
        const key = await backend.registry.readKey('HKLM', 'SOFTWARE\\infkit-koffi');
        assert.deepEqual(key?.values['Written'], { type: 'REG_DWORD', data: 1 }, 'the AddReg still ran');
        await backend.registry.deleteKey('HKLM', 'SOFTWARE\\infkit-koffi');
        return result.failures;
      },
    ],
    [
      'errors: a SetupAPI failure has its symbol, a message and a hint, even without a system message',
      async () => {
        try {
          await backend.installSection(contract('defaultinstall.inf'), 'NoSuchSection');
        } catch (e) {
          const err = e as { name: string; code: number; message: string; hint?: string; api: string };
          assert.equal(err.name, 'ERROR_SECTION_NOT_FOUND');
          assert.equal(err.code, 0xe0000101);
          assert.match(err.message, /ERROR_SECTION_NOT_FOUND \(0xE0000101\): \S/);
          assert.ok(err.hint && err.hint.includes('NoSuchSection'), `the hint names the section: ${err.hint}`);
          return { message: err.message, hint: err.hint, api: err.api };
        }
        assert.fail('the missing section was not reported');
      },
    ],
    [
      'interface classes: reg.exe sees the DeviceClasses keys and the decorated section\'s values',
      async () => {
        await backend.removeInterfaceClass(IFACE_A);
        await backend.removeInterfaceClass(IFACE_B);
        const result = await backend.installInterfaceClasses(contract('interfaces.inf'));
        const key = (g: string) => `HKLM\\SYSTEM\\CurrentControlSet\\Control\\DeviceClasses\\${g}`;
        const a = regQuery(key(IFACE_A));
        const b = regQuery(key(IFACE_B));
        assert.match(a, /FriendlyName\s+REG_SZ\s+infkit contract interface A/);
        const decorated = process.arch === 'x64' ? 'NTamd64' : 'generic';
        assert.match(b, new RegExp(`InstalledFrom\\s+REG_SZ\\s+${decorated}`));
        await backend.removeInterfaceClass(IFACE_A);
        await backend.removeInterfaceClass(IFACE_B);
        return result.installed;
      },
    ],
    [
      'latency: listClasses and listInterfaces per call',
      async () => {
        const dev = await backend.createDevice({ hardwareId: 'Root\\InfkitKoffiLatency' });
        try {
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: IFACE_REGISTERED });
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: IFACE_REGISTERED, referenceString: 'second' });
          const classCount = (await backend.listClasses()).length;
          const interfaceCount = (await backend.listInterfaces({ classGuid: IFACE_REGISTERED })).length;
          assert.ok(interfaceCount >= 2, 'the two registered interfaces are listed');
          return {
            listClasses: { ...(await perCall(() => backend.listClasses(), 30)), classes: classCount },
            listInterfaces: { ...(await perCall(() => backend.listInterfaces({ classGuid: IFACE_REGISTERED }), 30)), interfaces: interfaceCount },
          };
        } finally {
          await backend.removeDevice(dev.deviceInstanceId);
        }
      },
    ],
  ];
}

exitWith(runChecks('koffi', process.argv.slice(2), async (backend) => checks(backend, await handleLedger())));
