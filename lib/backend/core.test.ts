// The one Backend core, on Linux, over fake primitives: argument checks happen before any
// Win32 call, failures become WinErrors with names and hints, raw results become the Backend's
// objects. The real primitives run under Wine (npm run test:wine) and on Windows.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InfkitError } from '../errors.js';
import { WinError } from './errors.js';
import { WindowsBackend, idPattern, referenceStringOf } from './core.js';
import type { Primitives } from './types.js';

const GUID = '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E21}';

/** What a primitive throws for a failed call (the addon's shape: native/errors.cc, Guard). */
function nativeFailure(winCode: number, api: string, source = 'win32'): Error {
  return Object.assign(new Error(`${api} failed with code ${winCode}`), { winCode, api, source });
}

function fakeAddon(overrides: Partial<Primitives> = {}, elevated = true): Primitives {
  const notCalled = (name: string) => () => {
    throw new Error(`unexpected addon call ${name}`);
  };
  const base: Record<string, unknown> = {};
  for (const name of [
    'listClasses',
    'classGuidsFromName',
    'className',
    'infClass',
    'installClass',
    'interfaceInstallEntries',
    'installInterfaceClass',
    'listInterfaces',
    'registerInterface',
    'installSection',
    'installHinfSection',
    'createDevice',
    'listDevices',
    'getDevice',
    'deviceRegistryProperty',
    'removeDevice',
    'changeDeviceState',
    'reenumerate',
    'stageDriver',
    'removeDriver',
    'listDrivers',
    'installDriver',
    'waitNoPendingInstalls',
    'readKey',
    'setValue',
    'deleteValue',
    'deleteKey',
  ]) {
    base[name] = vi.fn(notCalled(name));
  }
  base.info = () => ({ wine: false, elevated, arch: 'amd64', osVersion: '10.0.19045' });
  base.formatMessage = () => '';
  return { ...(base as unknown as Primitives), ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call succeeded'),
    (e: unknown) => e,
  );
}

describe('backend core: failures become WinErrors', () => {
  it('names a SetupAPI code, keeps the API, and adds the hint', async () => {
    const backend = new WindowsBackend(
      fakeAddon({ installSection: () => Promise.reject(nativeFailure(0xe0000101, 'SetupGetLineCountW', 'setupapi')) }),
      'native',
    );
    const e = await rejection(backend.installSection('x.inf', 'Nope'));
    expect(e).toBeInstanceOf(WinError);
    expect(e).toMatchObject({ name: 'ERROR_SECTION_NOT_FOUND', code: 0xe0000101, api: 'SetupGetLineCountW' });
    expect((e as WinError).hint).toMatch(/section/i);
    expect((e as WinError).message).toContain('0xE0000101');
    // The work ran on the thread pool; the stack still names the caller.
    const stack = (e as WinError).stack ?? '';
    expect(stack).toContain('core.test.ts');
    expect(stack).not.toContain('#mapped'); // taken at the call, not where the failure was mapped
  });

  it('uses the system message when the addon has one, the table text when not', async () => {
    const withText = new WindowsBackend(
      fakeAddon({
        stageDriver: () => Promise.reject(nativeFailure(2, 'SetupCopyOEMInfW', 'win32')),
        formatMessage: (code) => (code === 2 ? 'The system cannot find the file specified' : ''),
      }),
      'native',
    );
    expect(await rejection(withText.stageDriver('a.inf'))).toMatchObject({
      name: 'ERROR_FILE_NOT_FOUND',
      message: expect.stringContaining('The system cannot find the file specified'),
    });
    const without = new WindowsBackend(fakeAddon({ stageDriver: () => Promise.reject(nativeFailure(2, 'SetupCopyOEMInfW')) }), 'native');
    expect(((await rejection(without.stageDriver('a.inf'))) as WinError).message.length).toBeGreaterThan(40);
  });

  it('names a CONFIGRET as CR_*', async () => {
    const backend = new WindowsBackend(
      fakeAddon({
        listInterfaces: () => {
          throw nativeFailure(0x37, 'CM_Get_Device_Interface_ListW', 'configret');
        },
      }),
      'native',
    );
    expect(await rejection(backend.listInterfaces({ classGuid: GUID }))).toMatchObject({ name: 'CR_NO_SUCH_DEVICE_INTERFACE', code: 0x37 });
  });

  it('turns a TypeError the addon raises into E_USAGE, not a crash', async () => {
    const backend = new WindowsBackend(
      fakeAddon({
        listClasses: () => {
          throw new TypeError('flags must be a number');
        },
      }),
      'native',
    );
    expect(await rejection(backend.listClasses())).toMatchObject({ code: 'E_USAGE' });
  });
});

describe('backend core: arguments are checked before any Win32 call', () => {
  it('refuses a malformed GUID with E_USAGE naming it', async () => {
    const addon = fakeAddon();
    const backend = new WindowsBackend(addon, 'native');
    const e = await rejection(backend.listInterfaces({ classGuid: '{nope}' }));
    expect(e).toBeInstanceOf(InfkitError);
    expect(e).toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('{nope}') });
    expect(addon.listInterfaces).not.toHaveBeenCalled();
  });

  it("refuses a reference string with '/' or '\\' as ERROR_INVALID_REFERENCE_STRING", async () => {
    const addon = fakeAddon();
    const backend = new WindowsBackend(addon, 'native');
    for (const bad of ['a/b', 'a\\b']) {
      expect(
        await rejection(backend.registerInterface({ deviceInstanceId: 'ROOT\\SYSTEM\\0000', classGuid: GUID, referenceString: bad })),
      ).toMatchObject({
        name: 'ERROR_INVALID_REFERENCE_STRING',
        code: 0xe000021f,
      });
    }
    expect(addon.registerInterface).not.toHaveBeenCalled();
  });

  it('says ERROR_ELEVATION_REQUIRED before changing anything when not elevated', async () => {
    const addon = fakeAddon({}, false);
    const backend = new WindowsBackend(addon, 'native');
    const e = await rejection(backend.installClass('class.inf'));
    expect(e).toMatchObject({ name: 'ERROR_ELEVATION_REQUIRED', api: 'SetupDiInstallClassW' });
    expect((e as WinError).hint).toMatch(/administrator/i);
    expect(addon.installClass).not.toHaveBeenCalled();
  });

  it('hands SetupAPI an absolute INF path (a bare name would be looked up in %windir%\\INF)', async () => {
    const installSection = vi.fn(async () => ({ section: 'DefaultInstall', rebootRequired: false, failures: [] }));
    const backend = new WindowsBackend(fakeAddon({ installSection }), 'native');
    await backend.installSection('pkg.inf', 'DefaultInstall');
    expect(installSection).toHaveBeenCalledWith(path.resolve('pkg.inf'), 'DefaultInstall', null);
  });

  it('refuses a registry value whose data does not fit its type, and writes nothing', async () => {
    const addon = fakeAddon();
    const backend = new WindowsBackend(addon, 'native');
    const e = await rejection(
      backend.registry.setValue('HKLM', 'SOFTWARE\\x', 'Bad', { type: 'REG_DWORD', data: 'forty-two' as unknown as number }),
    );
    expect(e).toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('Bad') });
    expect(addon.setValue).not.toHaveBeenCalled();
  });
});

describe('backend core: raw results become Backend objects', () => {
  it('lists interfaces with their reference strings and SPINT_ flags', async () => {
    const link = `\\\\?\\root#system#0000#${GUID.toLowerCase()}`;
    const backend = new WindowsBackend(
      fakeAddon({
        listInterfaces: () => [
          { symbolicLink: link, deviceInstanceId: 'ROOT\\SYSTEM\\0000', flags: 1 },
          { symbolicLink: `${link}\\port1`, deviceInstanceId: 'ROOT\\SYSTEM\\0000', flags: 4 },
        ],
      }),
      'native',
    );
    const list = await backend.listInterfaces({ classGuid: GUID.toLowerCase() });
    expect(list.map((i) => [i.referenceString, i.enabled, i.removed, i.classGuid])).toEqual([
      ['', true, false, GUID],
      ['port1', false, true, GUID],
    ]);
  });

  it('installs every [InterfaceInstall32] entry, or the one asked for, and E_NOT_FOUND for one the INF lacks', async () => {
    const other = '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E22}';
    const installInterfaceClass = vi.fn((_inf: string, guid: string) => ({
      guid,
      section: 'S',
      created: true,
      rebootRequired: false,
      failures: [],
    }));
    const backend = new WindowsBackend(
      fakeAddon({
        interfaceInstallEntries: () => [
          { key: GUID.toLowerCase(), section: 'A', flags: '' },
          { key: other, section: 'B', flags: '' },
        ],
        installInterfaceClass,
      }),
      'native',
    );
    expect((await backend.installInterfaceClasses('i.inf')).installed.map((i) => i.guid)).toEqual([GUID, other]);
    expect((await backend.installInterfaceClasses('i.inf', { guid: other.toLowerCase() })).installed.map((i) => i.guid)).toEqual([other]);
    installInterfaceClass.mockClear();
    expect(await rejection(backend.installInterfaceClasses('i.inf', { guid: '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E99}' }))).toMatchObject({
      code: 'E_NOT_FOUND',
    });
    expect(installInterfaceClass).not.toHaveBeenCalled();
  });

  it('reports a file-queue failure of installClass as a WinError naming the file', async () => {
    const backend = new WindowsBackend(
      fakeAddon({
        installClass: () => ({
          classGuid: GUID,
          className: 'X',
          alreadyExisted: false,
          rebootRequired: false,
          failures: [{ file: 'C:\\src\\a.sys', code: 2 }],
        }),
      }),
      'native',
    );
    expect(await rejection(backend.installClass('c.inf'))).toMatchObject({
      name: 'ERROR_FILE_NOT_FOUND',
      message: expect.stringContaining('a.sys'),
    });
  });

  it('removes the new device when installing its driver fails', async () => {
    const removeDevice = vi.fn(() => ({ rebootRequired: false }));
    const backend = new WindowsBackend(
      fakeAddon({
        className: () => 'System',
        createDevice: () => ({ deviceInstanceId: 'ROOT\\SYSTEM\\0003', rebootRequired: false }),
        installDriver: () => Promise.reject(nativeFailure(0xe000022f, 'UpdateDriverForPlugAndPlayDevicesW', 'setupapi')),
        removeDevice,
      }),
      'native',
    );
    const e = await rejection(
      backend.createDevice({ hardwareId: 'Root\\X', classGuid: '{4D36E97D-E325-11CE-BFC1-08002BE10318}', inf: 'd.inf' }),
    );
    expect(e).toMatchObject({ name: 'ERROR_NO_CATALOG_FOR_OEM_INF' });
    expect(removeDevice).toHaveBeenCalledWith('ROOT\\SYSTEM\\0003');
  });

  it('decodes registry values by type', async () => {
    const backend = new WindowsBackend(
      fakeAddon({
        readKey: () => ({
          values: [
            { name: '', type: 1, data: Buffer.from('desc\0', 'utf16le') },
            { name: 'N', type: 4, data: Buffer.from([42, 0, 0, 0]) },
            { name: 'L', type: 7, data: Buffer.from('a\0b\0\0', 'utf16le') },
          ],
          subkeys: ['Child'],
        }),
      }),
      'native',
    );
    expect(await backend.registry.readKey('HKLM', 'SOFTWARE\\x')).toEqual({
      values: { '': { type: 'REG_SZ', data: 'desc' }, N: { type: 'REG_DWORD', data: 42 }, L: { type: 'REG_MULTI_SZ', data: ['a', 'b'] } },
      subkeys: ['Child'],
    });
  });
});

describe('backend core: one answer where the backends once differed (issue 11)', () => {
  const raw = (over: Record<string, unknown> = {}) => ({
    deviceInstanceId: 'ROOT\\SYSTEM\\0001',
    hardwareIds: ['Root\\X'],
    compatibleIds: [],
    classGuid: '{4d36e97d-e325-11ce-bfc1-08002be10318}',
    className: 'System',
    friendlyName: '',
    deviceDesc: 'Device description',
    service: '',
    present: true,
    status: 0x0180200a,
    problem: 0,
    driver: null,
    ...over,
  });

  it('a call that failed and left no code is ERROR_GEN_FAILURE, whichever backend', async () => {
    const backend = new WindowsBackend(
      fakeAddon({
        listClasses: () => {
          throw nativeFailure(0, 'SetupDiBuildClassInfoListExW');
        },
      }),
      'koffi',
    );
    expect(await rejection(backend.listClasses())).toMatchObject({
      name: 'ERROR_GEN_FAILURE',
      code: 31,
      api: 'SetupDiBuildClassInfoListExW',
    });
  });

  it('a CONFIGRET asks the system for the text of the Win32 code the table maps it to', async () => {
    const asked: number[] = [];
    const backend = new WindowsBackend(
      fakeAddon({
        listInterfaces: () => {
          throw nativeFailure(0x33, 'CM_Get_Device_Interface_ListW', 'configret');
        },
        formatMessage: (code) => {
          asked.push(code);
          return code === 5 ? 'Access is denied' : '';
        },
      }),
      'native',
    );
    expect(await rejection(backend.listInterfaces({ classGuid: GUID }))).toMatchObject({
      name: 'CR_ACCESS_DENIED',
      message: expect.stringContaining('Access is denied'),
    });
    expect(asked).toEqual([5]);
  });

  it('a SetupAPI code asks the system for HRESULT_FROM_SETUPAPI', async () => {
    const asked: number[] = [];
    const backend = new WindowsBackend(
      fakeAddon({
        installSection: () => Promise.reject(nativeFailure(0xe0000101, 'SetupInstallFromInfSectionW')),
        formatMessage: (code) => {
          asked.push(code);
          return '';
        },
      }),
      'native',
    );
    expect(await rejection(backend.installSection('x.inf', 'S'))).toMatchObject({ name: 'ERROR_SECTION_NOT_FOUND', source: 'setupapi' });
    expect(asked).toEqual([0x800f0101]);
  });

  it('a device is described by its friendly name, then its device description', async () => {
    const backend = new WindowsBackend(
      fakeAddon({ listDevices: () => [raw({ friendlyName: 'Friendly' }), raw({ deviceInstanceId: 'ROOT\\SYSTEM\\0002' })] }),
      'native',
    );
    expect((await backend.listDevices()).map((d) => d.description)).toEqual(['Friendly', 'Device description']);
  });

  it('shapes status, problem and driver: names for DN_* and CM_PROB_*, a date, the original INF from the store', async () => {
    const backend = new WindowsBackend(
      fakeAddon({
        getDevice: () =>
          raw({
            problem: 22,
            status: 0x00000400 | 0x00002000,
            driver: {
              infPath: 'oem7.inf',
              section: 'S.NT',
              provider: 'P',
              version: '1.2.3.4',
              dateMs: Date.UTC(2026, 0, 2),
              matchingId: 'root\\x',
              rank: 0xff0000,
            },
          }),
        listDrivers: () => [
          {
            publishedName: 'OEM7.INF',
            originalName: 'mine.inf',
            provider: 'P',
            className: 'System',
            classGuid: '{4d36e97d-e325-11ce-bfc1-08002be10318}',
            driverVer: '',
          },
        ],
      }),
      'native',
    );
    const device = await backend.getDevice('root\\system\\0001');
    expect(device).toMatchObject({
      classGuid: '{4D36E97D-E325-11CE-BFC1-08002BE10318}',
      status: ['DN_HAS_PROBLEM', 'DN_DISABLEABLE'],
      problem: { code: 22, name: 'CM_PROB_DISABLED' },
      driver: { publishedName: 'oem7.inf', originalInf: 'mine.inf', date: '2026-01-02', rank: 0xff0000 },
    });
  });

  it('setDeviceEnabled does not call Windows when the device already is in that state', async () => {
    const changeDeviceState = vi.fn(() => ({ rebootRequired: false }));
    const backend = new WindowsBackend(fakeAddon({ getDevice: () => raw({ problem: 22 }), changeDeviceState }), 'native');
    expect(await backend.setDeviceEnabled('ROOT\\SYSTEM\\0001', false)).toEqual({
      deviceInstanceId: 'ROOT\\SYSTEM\\0001',
      changed: false,
      rebootRequired: false,
    });
    expect(changeDeviceState).not.toHaveBeenCalled();
    expect(await backend.setDeviceEnabled('ROOT\\SYSTEM\\0001', true)).toMatchObject({ changed: true });
    expect(changeDeviceState).toHaveBeenCalledWith('ROOT\\SYSTEM\\0001', 1);
  });

  it('deviceRegistryProperty takes an SPDRP name (any case, prefix optional) and decodes the value', async () => {
    const deviceRegistryProperty = vi.fn(() => ({ type: 7, data: Buffer.from('A\0B\0\0', 'utf16le') }));
    const backend = new WindowsBackend(fakeAddon({ deviceRegistryProperty }), 'native');
    expect(await backend.deviceRegistryProperty('ROOT\\SYSTEM\\0001', 'spdrp_hardwareid' as 'HARDWAREID')).toEqual({
      type: 'REG_MULTI_SZ',
      data: ['A', 'B'],
    });
    expect(deviceRegistryProperty).toHaveBeenCalledWith('ROOT\\SYSTEM\\0001', 1);
  });
});

describe('idPattern', () => {
  it("matches as devcon's patterns do: * any run, ? one character, any case, the whole ID", () => {
    const test = idPattern('usb\\vid_12?4*');
    expect(test('USB\\VID_1234&PID_5678')).toBe(true);
    expect(test('USB\\VID_124&PID')).toBe(false);
    expect(idPattern('ROOT\\X')('root\\x')).toBe(true);
    expect(idPattern('ROOT\\X')('root\\xy')).toBe(false);
    expect(idPattern('a.b')('axb')).toBe(false);
  });
});

describe('referenceStringOf', () => {
  it('takes what follows the interface class GUID, in any case', () => {
    expect(referenceStringOf(`\\\\?\\ROOT#SYSTEM#0000#${GUID.toLowerCase()}\\wine-ref`, GUID)).toBe('wine-ref');
    expect(referenceStringOf(`\\\\?\\ROOT#SYSTEM#0000#${GUID}`, GUID)).toBe('');
    // An instance ID may itself contain a GUID: the interface class GUID is the last one.
    expect(referenceStringOf(`\\\\?\\SWD#X#${GUID}#${GUID}\\r`, GUID)).toBe('r');
  });
});
