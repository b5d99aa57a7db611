// koffi-specific checks that the contract suite does not make, run inside Windows Node (under
// Wine, or on a Windows runner):
//   - every operation releases the handles it acquires and unregisters its queue callback,
//     on success and failure paths alike (a ledger over the Win32 surface, see handleLedger);
//   - the primitives themselves (dist/backend/koffi.js, createKoffiPrimitives) fail with a
//     PrimitiveError carrying the raw code, api and source, never a WinError;
//   - the device primitives read what a created node has, and the driver of a Wine device
//     comes from its driver key (Wine's DEVPKEY reads know no driver properties);
//   - a file-queue failure is collected with its file and code, and the section goes on;
//   - a SetupAPI failure reaches the caller with a name, a message (the table's when
//     FormatMessage has none, as on Wine) and a hint;
//   - the interface classes installed through Wine's replacement path are seen by reg.exe;
//   - the trust primitives (trust-check.ts): WinVerifyTrust verdicts, code integrity, Root;
//   - per-call latency of listClasses, listInterfaces and listDevices.
// Results go to a JSON file (Node's stdout is unusable under Wine when it is a pipe).
//   node dist-test/test/wine/koffi-checks.js --out results.json
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend, Primitives, RawDevice } from '../../lib/backend/types.js';
import { type Check, exitWith, perCall, runChecks } from './checks-runner.js';
import { PROJECT_ROOT } from './load-backend.js';
import { trustCheck } from './trust-check.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const IFACE_REGISTERED = '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B21}';
const IFACE_A = '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B11}';
const IFACE_B = '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B12}';
const GUID_DEVCLASS_SYSTEM = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
const NO_DEVICE = 'ROOT\\INFKIT\\9999';
const ERROR_NO_SUCH_DEVINST = 0xe000020b;
const ERROR_SECTION_NOT_FOUND = 0xe0000101;
const ERROR_INVALID_CLASS = 0xe0000206;
const SPDRP_HARDWAREID = 0x01;
const REG_MULTI_SZ = 7;

/**
 * A ledger of the handles the backend holds: every acquiring call of the koffi Win32 surface
 * (device information sets, INFs, file queues, queue-callback contexts, registry keys,
 * certificate stores) is wrapped to record the handle it returns, every releasing call to
 * strike it off, and koffi's registered callbacks are counted. This works the same on Wine
 * (whose GetProcessHandleCount returns 0) and on Windows.
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
  for (const name of [
    'SetupDiCreateDeviceInfoList',
    'SetupDiGetClassDevsW',
    'SetupOpenInfFileW',
    'SetupOpenFileQueue',
    'SetupInitDefaultQueueCallbackEx',
    'SetupDiOpenClassRegKeyExW',
    'FindFirstFileW',
    'CertOpenStore',
  ]) {
    acquire(name, (ret) => ret);
  }
  acquire('RegOpenKeyExW', (ret, args) => (ret === 0 ? (args[4] as [unknown])[0] : null));
  acquire('RegCreateKeyExW', (ret, args) => (ret === 0 ? (args[7] as [unknown])[0] : null));
  for (const name of [
    'SetupDiDestroyDeviceInfoList',
    'SetupCloseInfFile',
    'SetupCloseFileQueue',
    'SetupTermDefaultQueueCallback',
    'RegCloseKey',
    'FindClose',
    'CertCloseStore',
  ]) {
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

/** The koffi primitives from the built library, over the same (ledgered) Win32 surface. */
async function koffiPrimitives(): Promise<Primitives> {
  const file = path.join(PROJECT_ROOT, 'dist', 'backend', 'koffi.js');
  const ffiFile = path.join(PROJECT_ROOT, 'dist', 'backend', 'koffi', 'ffi.js');
  const { createKoffiPrimitives } = (await import(pathToFileURL(file).href)) as { createKoffiPrimitives(ffi: unknown): Primitives };
  const { loadFfi } = (await import(pathToFileURL(ffiFile).href)) as { loadFfi(): unknown };
  return createKoffiPrimitives(loadFfi());
}

interface RawFailure {
  winCode: number;
  api: string;
  source: string;
}

/** Runs a primitive that must fail and returns its failure, checked to be a raw PrimitiveError. */
async function rawFailure(run: () => unknown): Promise<RawFailure> {
  try {
    await run();
  } catch (e) {
    const f = e as Partial<RawFailure> & { name?: string; code?: unknown };
    assert.equal(f.name, 'PrimitiveError', `a PrimitiveError, not ${String(f.name)}: ${String(e)}`);
    assert.equal(typeof f.winCode, 'number');
    assert.equal(f.code, undefined, 'no symbolic mapping (no WinError code) in the primitive');
    return { winCode: f.winCode!, api: f.api!, source: f.source! };
  }
  assert.fail('the primitive did not fail');
}

async function ignoreFailure(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch {
    // failure paths are exercised on purpose
  }
}

function regQuery(key: string): string {
  // reg.exe is a second path to the registry, independent of the backend. Under Wine, starting
  // it now and then fails with UNKNOWN (docs/wine-gaps.md): a start that failed is made again,
  // twice at most; a reg.exe that ran and failed is a failure at once.
  for (let attempt = 1; ; attempt++) {
    try {
      return execFileSync('reg.exe', ['query', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    } catch (error) {
      if (attempt === 3 || (error as NodeJS.ErrnoException).code !== 'UNKNOWN') throw error;
    }
  }
}

function checks(backend: Backend, primitives: Primitives, ledger: HandleLedger): Check[] {
  const contract = (name: string) => path.join(FIXTURES, 'contract', name);
  const koffiFixture = (name: string) => path.join(FIXTURES, 'koffi', name);
  return [
    [
      'handles: every read and every failure path releases what it acquired',
      async () =>
        leavesNothing(
          ledger,
          async () => {
            await backend.listClasses();
            await backend.listClasses({ excludeNoDisplay: true });
            await backend.classGuidsFromName('System');
            await backend.listInterfaceClasses();
            await backend.listInterfaces({ classGuid: IFACE_REGISTERED });
            await backend.listDevices({ hardwareId: 'Root\\InfkitNone' });
            await backend.listDevices({ present: true });
            await backend.getDevice(NO_DEVICE);
            await backend.listDrivers();
            await backend.registry.readKey('HKLM', 'SYSTEM\\CurrentControlSet\\Control\\Class');
            await ignoreFailure(backend.installClass(contract('no-such-file.inf')));
            await ignoreFailure(backend.installClass(contract('bad-guid.inf')));
            await ignoreFailure(backend.installSection(contract('defaultinstall.inf'), 'NoSuchSection'));
            await ignoreFailure(backend.installSection(contract('no-such-file.inf'), 'DefaultInstall'));
            await ignoreFailure(backend.installInterfaceClasses(contract('class.inf')));
            await ignoreFailure(backend.removeDevice(NO_DEVICE));
            await ignoreFailure(backend.deviceRegistryProperty(NO_DEVICE, 'HARDWAREID'));
            await ignoreFailure(backend.registerInterface({ deviceInstanceId: NO_DEVICE, classGuid: IFACE_REGISTERED }));
            await ignoreFailure(backend.rescan(0));
            await ignoreFailure(backend.registry.deleteValue('HKLM', 'SOFTWARE\\infkit-no-such-key', 'x'));
            await backend.listCertificates('Root');
            await backend.removeCertificate('Root', '00'.repeat(20));
            await ignoreFailure(backend.addCertificate('Root', Buffer.from([0x30, 0x03, 1, 2, 3])));
          },
          3,
        ),
    ],
    [
      'handles: installing sections, classes and devices releases what it acquired',
      async () =>
        leavesNothing(
          ledger,
          async () => {
            await backend.installSection(contract('defaultinstall.inf'), 'DefaultInstall');
            await backend.installSection(koffiFixture('missing-source.inf'), 'DefaultInstall');
            await backend.installClass(contract('class.inf'));
            await backend.removeClass('{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B01}');
            await backend.installInterfaceClasses(contract('interfaces.inf'));
            const dev = await backend.createDevice({ hardwareId: 'Root\\InfkitKoffiCheck' });
            await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: IFACE_REGISTERED, referenceString: 'k' });
            await backend.getDevice(dev.deviceInstanceId);
            await backend.deviceRegistryProperty(dev.deviceInstanceId, 'HARDWAREID');
            await ignoreFailure(backend.restartDevice(dev.deviceInstanceId)); // fails on Wine (docs/wine-gaps.md)
            await backend.removeDevice(dev.deviceInstanceId);
          },
          2,
        ),
    ],
    [
      'primitives: a failed call is a PrimitiveError with the raw code, never a WinError',
      async () => {
        const info = primitives.info();
        assert.equal(await primitives.getDevice(NO_DEVICE), null, 'getDevice of an unknown node is null');
        const noDevice = await rawFailure(() => primitives.deviceRegistryProperty(NO_DEVICE, SPDRP_HARDWAREID));
        assert.deepEqual(noDevice, { winCode: ERROR_NO_SUCH_DEVINST, api: 'SetupDiOpenDeviceInfoW', source: 'setupapi' });
        const noClass = await rawFailure(() => primitives.className('{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1BFF}'));
        // Windows says ERROR_INVALID_CLASS, Wine 8 ERROR_FILE_NOT_FOUND (docs/wine-gaps.md): the code as it comes.
        assert.deepEqual(noClass, {
          winCode: info.wine ? 2 : ERROR_INVALID_CLASS,
          api: 'SetupDiClassNameFromGuidW',
          source: info.wine ? 'win32' : 'setupapi',
        });
        const noSection = await rawFailure(() => primitives.installSection(contract('defaultinstall.inf'), 'NoSuchSection', null));
        assert.equal(noSection.winCode, ERROR_SECTION_NOT_FOUND);
        const noFile = await rawFailure(() => primitives.infClass(contract('no-such-file.inf')));
        assert.deepEqual(noFile, { winCode: 2, api: 'SetupOpenInfFileW', source: 'win32' });
        if (!info.wine) return { noDevice, noClass, noSection, noFile };
        // Wine 8's answers (docs/wine-gaps.md): CfgMgr32 cannot locate the root node, and
        // SetupDiSetClassInstallParamsW is a stub that fails without a code.
        const rescan = await rawFailure(() => primitives.reenumerate());
        assert.deepEqual(rescan, { winCode: 0x13, api: 'CM_Locate_DevNodeW', source: 'configret' });
        const dev = await primitives.createDevice('Root\\InfkitKoffiState', GUID_DEVCLASS_SYSTEM, 'System', null);
        try {
          const state = await rawFailure(() => primitives.changeDeviceState(dev.deviceInstanceId, 3));
          assert.deepEqual(state, { winCode: 0, api: 'SetupDiSetClassInstallParamsW', source: 'win32' });
          return { noDevice, noClass, noSection, noFile, rescan, state };
        } finally {
          await primitives.removeDevice(dev.deviceInstanceId);
        }
      },
    ],
    [
      'devices: a created node reads back through getDevice, listDevices and its registry property',
      async () => {
        const hardwareId = 'Root\\InfkitKoffiRead';
        const dev = await primitives.createDevice(hardwareId, GUID_DEVCLASS_SYSTEM, 'System', 'infkit koffi read');
        let raw: RawDevice | null;
        try {
          raw = await primitives.getDevice(dev.deviceInstanceId.toLowerCase());
          assert.ok(raw, 'getDevice finds the node by its instance ID in any case');
          assert.equal(raw.deviceInstanceId, dev.deviceInstanceId);
          assert.deepEqual(raw.hardwareIds, [hardwareId]);
          assert.equal(raw.classGuid, GUID_DEVCLASS_SYSTEM);
          assert.equal(raw.className, 'System');
          assert.equal(raw.deviceDesc, 'infkit koffi read');
          assert.equal(raw.driver, null, 'no driver was installed');
          const listed = (await primitives.listDevices(false)).find((d) => d.deviceInstanceId === dev.deviceInstanceId);
          assert.deepEqual(listed, raw, 'listDevices reads the node as getDevice does');
          const ids = await primitives.deviceRegistryProperty(dev.deviceInstanceId, SPDRP_HARDWAREID);
          assert.equal(ids?.type, REG_MULTI_SZ);
          assert.equal(Buffer.from(ids.data).toString('utf16le'), `${hardwareId}\0\0`);
          const device = await backend.getDevice(dev.deviceInstanceId);
          assert.equal(device?.description, 'infkit koffi read', 'the backend shapes the raw node');
        } finally {
          await primitives.removeDevice(dev.deviceInstanceId);
        }
        assert.equal(await primitives.getDevice(dev.deviceInstanceId), null, 'the removed node is gone');
        if (!primitives.info().wine) return { raw };
        // Wine's DEVPKEY reads say "no such value": the driver comes from the driver key.
        const bus = await primitives.getDevice('ROOT\\WINE\\WINEBUS');
        assert.equal(bus?.driver?.infPath, 'winebus.inf', `the driver key's InfPath (${JSON.stringify(bus?.driver)})`);
        return { raw, wineBus: bus };
      },
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
        assert.deepEqual(key?.values.Written, { type: 'REG_DWORD', data: 1 }, 'the AddReg still ran');
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
          assert.equal(err.code, ERROR_SECTION_NOT_FOUND);
          assert.match(err.message, /ERROR_SECTION_NOT_FOUND \(0xE0000101\): \S/);
          assert.ok(err.hint, 'a hint');
          return { message: err.message, hint: err.hint, api: err.api };
        }
        assert.fail('the missing section was not reported');
      },
    ],
    [
      "interface classes: reg.exe sees the DeviceClasses keys and the decorated section's values",
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
    trustCheck(primitives, backend, primitives.info().wine),
    [
      'latency: listClasses, listInterfaces and listDevices per call',
      async () => {
        const dev = await backend.createDevice({ hardwareId: 'Root\\InfkitKoffiLatency' });
        try {
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: IFACE_REGISTERED });
          await backend.registerInterface({
            deviceInstanceId: dev.deviceInstanceId,
            classGuid: IFACE_REGISTERED,
            referenceString: 'second',
          });
          const classCount = (await backend.listClasses()).length;
          const interfaceCount = (await backend.listInterfaces({ classGuid: IFACE_REGISTERED })).length;
          assert.ok(interfaceCount >= 2, 'the two registered interfaces are listed');
          return {
            listClasses: { ...(await perCall(() => backend.listClasses(), 30)), classes: classCount },
            listInterfaces: {
              ...(await perCall(() => backend.listInterfaces({ classGuid: IFACE_REGISTERED }), 30)),
              interfaces: interfaceCount,
            },
            listDevices: { ...(await perCall(() => backend.listDevices(), 30)), devices: (await backend.listDevices()).length },
          };
        } finally {
          await backend.removeDevice(dev.deviceInstanceId);
        }
      },
    ],
  ];
}

exitWith(runChecks('koffi', process.argv.slice(2), async (backend) => checks(backend, await koffiPrimitives(), await handleLedger())));
