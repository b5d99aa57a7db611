// Native-backend checks the contract suite does not make, run inside Windows Node (under Wine,
// or on a Windows runner):
//   - abuse: the raw addon, called with wrong arguments, throws a TypeError and the process
//     lives on (the TS layer normally stops such calls first);
//   - a file-queue failure is collected with its file and code, and the section goes on;
//   - a WinError carries its code, name, API, message and hint;
//   - per-call latency of listClasses and listInterfaces (the benchmark reuses these numbers).
// Results go to a JSON file (Node's stdout is unusable under Wine when it is a pipe).
//   node dist-test/test/wine/native-checks.js --out results.json
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend } from '../../lib/backend/types.js';
import { type Check, exitWith, perCall, runChecks } from './checks-runner.js';
import { PROJECT_ROOT } from './load-backend.js';
import { WINE_GUIDS, WINE_SOFTWARE_KEY } from './scenario.js';

type RawAddon = Record<string, (...args: unknown[]) => unknown>;

const fixture = (name: string) => path.join(PROJECT_ROOT, 'test', 'fixtures', 'wine', name);

async function loadRawAddon(): Promise<RawAddon> {
  const file = path.join(PROJECT_ROOT, 'dist', 'backend', 'native.js');
  const module = (await import(pathToFileURL(file).href)) as { loadNativeAddon(): RawAddon };
  return module.loadNativeAddon();
}

function checks(backend: Backend, addon: RawAddon): Check[] {
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
        ];
        for (const [name, args] of calls) {
          assert.throws(() => addon[name]!(...args), TypeError, `${name}(${JSON.stringify(args)})`);
        }
        return { refused: calls.length };
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
          assert.deepEqual(key?.values['StillWritten'], { type: 'REG_DWORD', data: 1 });
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
    [
      'latency: listClasses and listInterfaces per call',
      async () => {
        const dev = await backend.createDevice({ hardwareId: 'Root\\InfkitNativeLatency' });
        try {
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: WINE_GUIDS.ifaceDevice });
          await backend.registerInterface({ deviceInstanceId: dev.deviceInstanceId, classGuid: WINE_GUIDS.ifaceDevice, referenceString: 'second' });
          const classCount = (await backend.listClasses()).length;
          const interfaceCount = (await backend.listInterfaces({ classGuid: WINE_GUIDS.ifaceDevice })).length;
          assert.ok(interfaceCount >= 2, 'the two registered interfaces are listed');
          return {
            listClasses: { ...(await perCall(() => backend.listClasses(), 30)), classes: classCount },
            listInterfaces: { ...(await perCall(() => backend.listInterfaces({ classGuid: WINE_GUIDS.ifaceDevice }), 30)), interfaces: interfaceCount },
          };
        } finally {
          await backend.removeDevice(dev.deviceInstanceId);
          await backend.removeInterfaceClass(WINE_GUIDS.ifaceDevice);
        }
      },
    ],
  ];
}

exitWith(
  runChecks('native', process.argv.slice(2), async (backend) => checks(backend, await loadRawAddon())),
);
