// Native-backend checks the contract suite does not make, run inside Windows Node (under Wine,
// or on a Windows runner):
//   - abuse: the raw addon, called with wrong arguments, throws a TypeError and the process
//     lives on (the core normally stops such calls first);
//   - the raw addon's failures are PrimitiveFailures (winCode, api, source as Windows gave them,
//     no message) and formatMessage is FormatMessage's text;
//   - the raw device primitives: listDevices / getDevice describe nodes, drivers included;
//     createDevice, deviceRegistryProperty, changeDeviceState, reenumerate and removeDevice on a
//     node of our own (under Wine: the Wine 8 failures docs/wine-gaps.md records);
//   - a file-queue failure is collected with its file and code, and the section goes on;
//   - a WinError carries its code, name, API, message and hint;
//   - the trust primitives (trust-check.ts): WinVerifyTrust verdicts, code integrity, Root;
//   - per-call latency of listClasses and listInterfaces (the benchmark reuses these numbers).
// Results go to a JSON file (Node's stdout is unusable under Wine when it is a pipe).
//   node dist-test/test/wine/native-checks.js --out results.json
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend, Primitives, RawDevice } from '../../lib/backend/types.js';
import { type Check, exitWith, perCall, runChecks } from './checks-runner.js';
import { PROJECT_ROOT } from './load-backend.js';
import { WINE_GUIDS, WINE_SOFTWARE_KEY } from './scenario.js';
import { trustCheck } from './trust-check.js';

type RawAddon = Primitives & { abiVersion: number };

const SPDRP_HARDWAREID = 0x1;
const DICS_ENABLE = 1;
const DICS_DISABLE = 2;
const DICS_PROPCHANGE = 3;

/** The failure `run` throws (or rejects with), for its fields. */
async function failureOf(run: () => unknown): Promise<Record<string, unknown>> {
  try {
    await run();
  } catch (e) {
    return e as Record<string, unknown>;
  }
  return assert.fail('it did not fail');
}

const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', 'wine', name);

async function loadRawAddon(): Promise<RawAddon> {
  const file = path.join(PROJECT_ROOT, 'dist', 'backend', 'native.js');
  const module = (await import(pathToFileURL(file).href)) as { loadNativeAddon(): RawAddon };
  return module.loadNativeAddon();
}

function checks(backend: Backend, addon: RawAddon, wine: boolean): Check[] {
  return [
    [
      'abuse: wrong arguments to the raw addon throw TypeError, never crash',
      async () => {
        const calls: Array<[string, unknown[]]> = [
          ['listClasses', ['not a number']],
          ['listClasses', [-1]],
          ['classGuidsFromName', []],
          ['installSection', [42, null, null]],
          ['installSection', ['a.inf', 'Sec\0tion', null]],
          ['listInterfaces', ['{not-a-guid}', false]],
          ['listInterfaces', [WINE_GUIDS.ifaceA, 'yes']],
          ['registerInterface', ['ROOT\\SYSTEM\\0000', WINE_GUIDS.ifaceA, 'a/b']],
          ['createDevice', ['', WINE_GUIDS.system, 'System', null]],
          ['readKey', ['HKXX', 'SOFTWARE']],
          ['setValue', ['HKLM', WINE_SOFTWARE_KEY, 'v', 1, 'not a buffer']],
          ['deleteKey', ['HKLM', '']],
          ['waitNoPendingInstalls', [1.5]],
          ['installHinfSection', ['a.inf', 'DefaultInstall', 2 ** 40]],
          ['formatMessage', ['2']],
          ['listDevices', ['yes']],
          ['getDevice', [42]],
          ['deviceRegistryProperty', ['ROOT\\SYSTEM\\0000', -1]],
          ['changeDeviceState', ['ROOT\\SYSTEM\\0000', 4]],
          ['verifyTrust', [42]],
          ['listCertificates', [null]],
          ['addCertificate', ['Root', 'not bytes']],
          ['removeCertificate', ['Root', Buffer.alloc(3)]],
        ];
        const raw = addon as unknown as Record<string, (...args: unknown[]) => unknown>;
        for (const [name, args] of calls) {
          assert.throws(() => raw[name]!(...args), TypeError, `${name}(${JSON.stringify(args)})`);
        }
        return { refused: calls.length };
      },
    ],
    [
      'raw failures: winCode, api and source as Windows gave them; formatMessage is the system text',
      async () => {
        const failure = await failureOf(() => addon.deviceRegistryProperty('ROOT\\INFKIT_NO_SUCH\\0000', SPDRP_HARDWAREID));
        assert.equal(failure.winCode, 0xe000020b, 'ERROR_NO_SUCH_DEVINST, unsigned');
        assert.equal(failure.api, 'SetupDiOpenDeviceInfoW');
        assert.equal(failure.source, 'setupapi');
        assert.ok(!('systemMessage' in failure), 'no message from C++ (issue 11)');
        assert.equal(await addon.getDevice('ROOT\\INFKIT_NO_SUCH\\0000'), null);
        const text = addon.formatMessage(2);
        assert.ok(text.length > 0 && !/[\s.]$/.test(text), JSON.stringify(text));
        assert.equal(addon.formatMessage(0xfffffff0), '');
        return { failure: { ...failure, message: (failure as { message?: string }).message }, formatMessage2: text };
      },
    ],
    [
      'raw devices: listDevices and getDevice describe nodes, a driver among them',
      async () => {
        const all: RawDevice[] = await addon.listDevices(false);
        const present = await addon.listDevices(true);
        assert.ok(present.length > 0 && present.length <= all.length, `${present.length} present of ${all.length}`);
        assert.ok(
          present.every((d) => d.present),
          'DIGCF_PRESENT lists present nodes',
        );
        const withDriver = present.find((d) => d.driver !== null);
        assert.ok(withDriver, 'some present device has a driver (DriverInfPath, or the driver key on Wine)');
        assert.match(withDriver.driver!.infPath, /\.inf$/i);
        assert.ok(withDriver.driver!.section.length > 0, 'the driver has its install section');
        const again = await addon.getDevice(withDriver.deviceInstanceId.toLowerCase());
        assert.equal(again?.deviceInstanceId, withDriver.deviceInstanceId, 'getDevice takes any case');
        assert.deepEqual(again?.driver, withDriver.driver);
        return { devices: all.length, present: present.length, withDriver };
      },
    ],
    [
      'raw devices: createDevice, deviceRegistryProperty, changeDeviceState, reenumerate, removeDevice',
      async () => {
        const { deviceInstanceId: id } = await addon.createDevice('Root\\InfkitNativeState', WINE_GUIDS.system, 'System', null);
        try {
          const device = await addon.getDevice(id);
          assert.deepEqual(device?.hardwareIds, ['Root\\InfkitNativeState']);
          assert.equal(device?.classGuid, WINE_GUIDS.system);
          assert.equal(device?.className, 'System');
          assert.equal(device?.driver, null);
          const ids = await addon.deviceRegistryProperty(id, SPDRP_HARDWAREID);
          assert.equal(ids?.type, 7, 'REG_MULTI_SZ');
          assert.equal(Buffer.from(ids!.data).toString('utf16le'), 'Root\\InfkitNativeState\0\0');
          const states: Record<string, unknown> = {};
          for (const [name, change] of [
            ['disable', DICS_DISABLE],
            ['enable', DICS_ENABLE],
            ['propchange', DICS_PROPCHANGE],
          ] as const) {
            if (wine) {
              // Wine 8 stubs SetupDiSetClassInstallParamsW: FALSE with no error code.
              const f = await failureOf(() => addon.changeDeviceState(id, change));
              assert.deepEqual([f.api, f.winCode, f.source], ['SetupDiSetClassInstallParamsW', 0, 'win32']);
              states[name] = f;
            } else {
              const r = await addon.changeDeviceState(id, change);
              assert.equal(typeof r.rebootRequired, 'boolean');
              states[name] = r;
            }
          }
          if (wine) {
            // Wine 8's CM_Locate_DevNodeW returns CR_FAILURE, for the root too.
            const f = await failureOf(() => addon.reenumerate());
            assert.deepEqual([f.api, f.winCode, f.source], ['CM_Locate_DevNodeW', 0x13, 'configret']);
            states.reenumerate = f;
          } else {
            assert.equal(await addon.reenumerate(), undefined);
          }
          return { id, states };
        } finally {
          assert.equal(typeof (await addon.removeDevice(id)).rebootRequired, 'boolean');
          assert.equal(await addon.getDevice(id), null, 'the node is gone');
        }
      },
    ],
    [
      'file queue: a missing source file is collected with its file and code; the AddReg still runs',
      async () => {
        try {
          const result = await backend.installSection(fixture('missing-file.inf'), 'DefaultInstall');
          assert.equal(result.failures.length, 1, JSON.stringify(result.failures));
          const [failure] = result.failures;
          assert.equal(failure!.name, 'ERROR_FILE_NOT_FOUND');
          assert.match(failure!.file ?? '', /absent\.txt$/i);
          assert.ok(failure!.message.length > 0, 'the failure has a message');
          const key = await backend.registry.readKey('HKLM', `${WINE_SOFTWARE_KEY}\\missing`);
          assert.deepEqual(key?.values.StillWritten, { type: 'REG_DWORD', data: 1 });
          return result.failures;
        } finally {
          await backend.registry.deleteKey('HKLM', WINE_SOFTWARE_KEY);
        }
      },
    ],
    [
      'WinError: code, name, API, message and hint',
      async () => {
        const error = await backend.installSection(fixture('defaultinstall.inf'), 'NoSuchSection').then(
          () => assert.fail('a missing section was installed'),
          (e: unknown) => e as { name: string; code: number; api: string; message: string; hint?: string },
        );
        assert.equal(error.name, 'ERROR_SECTION_NOT_FOUND');
        assert.equal(error.code, 0xe0000101);
        assert.ok(error.api.length > 0);
        assert.match(error.message, /0xE0000101/);
        assert.ok((error.hint ?? '').length > 0, 'a hint');
        return { name: error.name, api: error.api, message: error.message, hint: error.hint };
      },
    ],
    trustCheck(addon, backend, wine),
    [
      'latency: listClasses and listInterfaces per call',
      async () => {
        const dev = await backend.createDevice({ hardwareId: 'Root\\InfkitNativeLatency' });
        try {
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: WINE_GUIDS.ifaceDevice });
          await backend.registerInterface({
            deviceInstanceId: dev.deviceInstanceId,
            classGuid: WINE_GUIDS.ifaceDevice,
            referenceString: 'second',
          });
          const classCount = (await backend.listClasses()).length;
          const interfaceCount = (await backend.listInterfaces({ classGuid: WINE_GUIDS.ifaceDevice })).length;
          assert.ok(interfaceCount >= 2, 'the two registered interfaces are listed');
          return {
            listClasses: { ...(await perCall(() => backend.listClasses(), 30)), classes: classCount },
            listInterfaces: {
              ...(await perCall(() => backend.listInterfaces({ classGuid: WINE_GUIDS.ifaceDevice }), 30)),
              interfaces: interfaceCount,
            },
          };
        } finally {
          await backend.removeDevice(dev.deviceInstanceId);
          await backend.removeInterfaceClass(WINE_GUIDS.ifaceDevice);
        }
      },
    ],
  ];
}

exitWith(runChecks('native', process.argv.slice(2), async (backend) => checks(backend, await loadRawAddon(), (await backend.info()).wine)));
