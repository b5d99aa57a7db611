// The native backend's TypeScript layer, on Linux, over a fake addon: argument checks happen
// before any Win32 call, failures become WinErrors with names and hints, raw results become
// the Backend's objects. The real addon runs under Wine (npm run test:wine) and on Windows.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { InfkitError } from '../errors.js';
import { WinError } from './errors.js';
import { NativeBackend, referenceStringOf, type NativeAddon } from './native.js';

const GUID = '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E21}';

/** What the addon throws for a failed call (native/errors.cc, Guard). */
function nativeFailure(winCode: number, api: string, source = 'win32', systemMessage = ''): Error {
  return Object.assign(new Error(`${api} failed with code ${winCode}`), { winCode, api, source, systemMessage });
}

function fakeAddon(overrides: Partial<NativeAddon> = {}, elevated = true): NativeAddon {
  const notCalled = (name: string) => () => {
    throw new Error(`unexpected addon call ${name}`);
  };
  const base: Record<string, unknown> = { abiVersion: 2 };
  for (const name of [
    'listClasses', 'classGuidsFromName', 'className', 'infClass', 'installClass', 'interfaceInstallEntries',
    'installInterfaceClass', 'listInterfaces', 'registerInterface', 'installSection', 'installHinfSection',
    'createDevice', 'listDevices', 'removeDevice', 'stageDriver', 'removeDriver', 'listDrivers', 'installDriver',
    'waitNoPendingInstalls', 'readKey', 'setValue', 'deleteValue', 'deleteKey',
  ]) {
    base[name] = vi.fn(notCalled(name));
  }
  base.info = () => ({ wine: false, elevated, arch: 'amd64', osVersion: '10.0.19045' });
  base.formatMessage = () => '';
  return { ...(base as unknown as NativeAddon), ...overrides };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('the call succeeded'),
    (e: unknown) => e,
  );
}

describe('native backend: failures become WinErrors', () => {
  it('names a SetupAPI code, keeps the API, and adds the hint', async () => {
    const backend = new NativeBackend(
      fakeAddon({ installSection: () => Promise.reject(nativeFailure(0xe0000101, 'SetupGetLineCountW', 'setupapi')) }),
    );
    const e = await rejection(backend.installSection('x.inf', 'Nope'));
    expect(e).toBeInstanceOf(WinError);
    expect(e).toMatchObject({ name: 'ERROR_SECTION_NOT_FOUND', code: 0xe0000101, api: 'SetupGetLineCountW' });
    expect((e as WinError).hint).toMatch(/section/i);
    expect((e as WinError).message).toContain('0xE0000101');
    // The work ran on the thread pool; the stack still names the caller.
    const stack = (e as WinError).stack ?? '';
    expect(stack).toContain('native.test.ts');
    expect(stack).not.toContain('#mapped'); // taken at the call, not where the failure was mapped
  });

  it('uses the system message when the addon has one, the table text when not', async () => {
    const withText = new NativeBackend(
      fakeAddon({ stageDriver: () => Promise.reject(nativeFailure(2, 'SetupCopyOEMInfW', 'win32', 'The system cannot find the file specified.')) }),
    );
    expect(await rejection(withText.stageDriver('a.inf'))).toMatchObject({
      name: 'ERROR_FILE_NOT_FOUND',
      message: expect.stringContaining('The system cannot find the file specified.'),
    });
    const without = new NativeBackend(fakeAddon({ stageDriver: () => Promise.reject(nativeFailure(2, 'SetupCopyOEMInfW')) }));
    expect(((await rejection(without.stageDriver('a.inf'))) as WinError).message.length).toBeGreaterThan(40);
  });

  it('names a CONFIGRET as CR_*', async () => {
    const backend = new NativeBackend(
      fakeAddon({ listInterfaces: () => { throw nativeFailure(0x37, 'CM_Get_Device_Interface_ListW', 'configret'); } }),
    );
    expect(await rejection(backend.listInterfaces({ classGuid: GUID }))).toMatchObject({ name: 'CR_NO_SUCH_DEVICE_INTERFACE', code: 0x37 });
  });

  it('turns a TypeError the addon raises into E_USAGE, not a crash', async () => {
    const backend = new NativeBackend(fakeAddon({ listClasses: () => { throw new TypeError('flags must be a number'); } }));
    expect(await rejection(backend.listClasses())).toMatchObject({ code: 'E_USAGE' });
  });
});

describe('native backend: arguments are checked before any Win32 call', () => {
  it('refuses a malformed GUID with E_USAGE naming it', async () => {
    const addon = fakeAddon();
    const backend = new NativeBackend(addon);
    const e = await rejection(backend.listInterfaces({ classGuid: '{nope}' }));
    expect(e).toBeInstanceOf(InfkitError);
    expect(e).toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('{nope}') });
    expect(addon.listInterfaces).not.toHaveBeenCalled();
  });

  it("refuses a reference string with '/' or '\\' as ERROR_INVALID_REFERENCE_STRING", async () => {
    const addon = fakeAddon();
    const backend = new NativeBackend(addon);
    for (const bad of ['a/b', 'a\\b']) {
      expect(await rejection(backend.registerInterface({ deviceInstanceId: 'ROOT\\SYSTEM\\0000', classGuid: GUID, referenceString: bad }))).toMatchObject({
        name: 'ERROR_INVALID_REFERENCE_STRING',
        code: 0xe000021f,
      });
    }
    expect(addon.registerInterface).not.toHaveBeenCalled();
  });

  it('says ERROR_ELEVATION_REQUIRED before changing anything when not elevated', async () => {
    const addon = fakeAddon({}, false);
    const backend = new NativeBackend(addon);
    const e = await rejection(backend.installClass('class.inf'));
    expect(e).toMatchObject({ name: 'ERROR_ELEVATION_REQUIRED', api: 'SetupDiInstallClassW' });
    expect((e as WinError).hint).toMatch(/administrator/i);
    expect(addon.installClass).not.toHaveBeenCalled();
  });

  it('hands SetupAPI an absolute INF path (a bare name would be looked up in %windir%\\INF)', async () => {
    const installSection = vi.fn(async () => ({ section: 'DefaultInstall', rebootRequired: false, failures: [] }));
    const backend = new NativeBackend(fakeAddon({ installSection }));
    await backend.installSection('pkg.inf', 'DefaultInstall');
    expect(installSection).toHaveBeenCalledWith(path.resolve('pkg.inf'), 'DefaultInstall', null);
  });

  it('refuses a registry value whose data does not fit its type, and writes nothing', async () => {
    const addon = fakeAddon();
    const backend = new NativeBackend(addon);
    const e = await rejection(backend.registry.setValue('HKLM', 'SOFTWARE\\x', 'Bad', { type: 'REG_DWORD', data: 'forty-two' as unknown as number }));
    expect(e).toMatchObject({ code: 'E_USAGE', message: expect.stringContaining('Bad') });
    expect(addon.setValue).not.toHaveBeenCalled();
  });
});

describe('native backend: raw results become Backend objects', () => {
  it('lists interfaces with their reference strings and SPINT_ flags', async () => {
    const link = `\\\\?\\root#system#0000#${GUID.toLowerCase()}`;
    const backend = new NativeBackend(
      fakeAddon({
        listInterfaces: () => ({
          via: 'setupdi',
          interfaces: [
            { symbolicLink: link, deviceInstanceId: 'ROOT\\SYSTEM\\0000', flags: 1 },
            { symbolicLink: `${link}\\port1`, deviceInstanceId: 'ROOT\\SYSTEM\\0000', flags: 4 },
          ],
        }),
      }),
    );
    const list = await backend.listInterfaces({ classGuid: GUID.toLowerCase() });
    expect(list.map((i) => [i.referenceString, i.enabled, i.removed, i.classGuid])).toEqual([
      ['', true, false, GUID],
      ['port1', false, true, GUID],
    ]);
  });

  it('installs every [InterfaceInstall32] entry, or the one asked for, and E_NOT_FOUND for one the INF lacks', async () => {
    const other = '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E22}';
    const installInterfaceClass = vi.fn((_inf: string, guid: string) => ({ guid, section: 'S', created: true, rebootRequired: false, failures: [] }));
    const backend = new NativeBackend(
      fakeAddon({
        interfaceInstallEntries: () => [
          { key: GUID.toLowerCase(), section: 'A', flags: '' },
          { key: other, section: 'B', flags: '' },
        ],
        installInterfaceClass,
      }),
    );
    expect((await backend.installInterfaceClasses('i.inf')).installed.map((i) => i.guid)).toEqual([GUID, other]);
    expect((await backend.installInterfaceClasses('i.inf', { guid: other.toLowerCase() })).installed.map((i) => i.guid)).toEqual([other]);
    installInterfaceClass.mockClear();
    expect(await rejection(backend.installInterfaceClasses('i.inf', { guid: '{C0FFEE00-1A2B-4C3D-8E9F-0A1B2C3D4E99}' }))).toMatchObject({ code: 'E_NOT_FOUND' });
    expect(installInterfaceClass).not.toHaveBeenCalled();
  });

  it('reports a file-queue failure of installClass as a WinError naming the file', async () => {
    const backend = new NativeBackend(
      fakeAddon({
        installClass: () => ({ classGuid: GUID, className: 'X', alreadyExisted: false, rebootRequired: false, failures: [{ file: 'C:\\src\\a.sys', code: 2 }] }),
      }),
    );
    expect(await rejection(backend.installClass('c.inf'))).toMatchObject({ name: 'ERROR_FILE_NOT_FOUND', message: expect.stringContaining('a.sys') });
  });

  it('removes the new device when installing its driver fails', async () => {
    const removeDevice = vi.fn(() => ({ rebootRequired: false }));
    const backend = new NativeBackend(
      fakeAddon({
        className: () => 'System',
        createDevice: () => ({ deviceInstanceId: 'ROOT\\SYSTEM\\0003', rebootRequired: false }),
        installDriver: () => Promise.reject(nativeFailure(0xe000022f, 'UpdateDriverForPlugAndPlayDevicesW', 'setupapi')),
        removeDevice,
      }),
    );
    const e = await rejection(backend.createDevice({ hardwareId: 'Root\\X', classGuid: '{4D36E97D-E325-11CE-BFC1-08002BE10318}', inf: 'd.inf' }));
    expect(e).toMatchObject({ name: 'ERROR_NO_CATALOG_FOR_OEM_INF' });
    expect(removeDevice).toHaveBeenCalledWith('ROOT\\SYSTEM\\0003');
  });

  it('decodes registry values by type', async () => {
    const backend = new NativeBackend(
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
    );
    expect(await backend.registry.readKey('HKLM', 'SOFTWARE\\x')).toEqual({
      values: { '': { type: 'REG_SZ', data: 'desc' }, N: { type: 'REG_DWORD', data: 42 }, L: { type: 'REG_MULTI_SZ', data: ['a', 'b'] } },
      subkeys: ['Child'],
    });
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
