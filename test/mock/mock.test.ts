// The mock machine beyond the contract suite: its baseline, a driver package installed on
// a device (class, service, interface, files, HKR of each kind), the refusals only a
// simulated Windows can be checked for on Linux, persistence and reset.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InfkitError } from '../../lib/errors.js';
import { WinError } from '../../lib/backend/errors.js';
import { defaultStateDir, openMockBackend, type MockBackend } from '../../lib/backend/mock/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../fixtures/mock');
const contract = path.resolve(here, '../fixtures/contract');
const LABRIG_CLASS = '{6F1C2D3E-4A5B-4C6D-8E9F-0A1B2C3D4E5F}';
const LABRIG_IFACE = '{A3B4C5D6-E7F8-4091-A2B3-C4D5E6F70819}';
const CCS = 'SYSTEM\\CurrentControlSet';

let dir: string;
let mock: MockBackend;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'infkit-mock-'));
  mock = await openMockBackend({ stateDir: dir });
});

afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

async function winError(promise: Promise<unknown>): Promise<WinError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WinError);
  return error as WinError;
}

describe('baseline machine', () => {
  it('has the system classes, with NoInstallClass/NoDisplayClass where Windows sets them', async () => {
    const classes = await mock.listClasses();
    const byName = new Map(classes.map((c) => [c.name, c]));
    expect(byName.get('System')?.guid).toBe('{4D36E97D-E325-11CE-BFC1-08002BE10318}');
    expect(byName.get('Net')?.description).toBe('Network adapters');
    expect(byName.get('LegacyDriver')).toMatchObject({ noInstallClass: true, noDisplayClass: true, silentInstall: true });
    expect(byName.get('Unknown')).toMatchObject({ noInstallClass: true, noDisplayClass: false });
    expect(byName.get('DiskDrive')?.upperFilters).toEqual(['PartMgr']);

    const installable = await mock.listClasses({ excludeNoInstall: true });
    expect(installable.map((c) => c.name)).not.toContain('Volume');
    expect(installable.map((c) => c.name)).toContain('Net');
    const displayed = await mock.listClasses({ excludeNoDisplay: true });
    expect(displayed.map((c) => c.name)).not.toContain('LegacyDriver');
    expect(displayed.map((c) => c.name)).toContain('Volume');
  });

  it('has the common interface classes, with present interfaces on its devices', async () => {
    const guids = (await mock.listInterfaceClasses()).map((c) => c.guid);
    expect(guids).toContain('{53F56307-B6BF-11D0-94F2-00A0C91EFB8B}'); // GUID_DEVINTERFACE_DISK
    expect(guids).toContain('{A5DCBF10-6530-11D2-901F-00C04FB951ED}'); // GUID_DEVINTERFACE_USB_DEVICE
    const keyboards = await mock.listInterfaces({ classGuid: '{884B96C3-56EF-11D1-BC8C-00A0C91405DD}', present: true });
    expect(keyboards).toEqual([
      {
        symbolicLink: '\\\\?\\ACPI#PNP0303#4&2B8A7C1&0#{884b96c3-56ef-11d1-bc8c-00a0c91405dd}',
        classGuid: '{884B96C3-56EF-11D1-BC8C-00A0C91405DD}',
        deviceInstanceId: 'ACPI\\PNP0303\\4&2B8A7C1&0',
        referenceString: '',
        enabled: true,
        removed: false,
      },
    ]);
  });

  it('lives in INFKIT_STATE, else ~/.infkit/mock', () => {
    const saved = process.env.INFKIT_STATE;
    try {
      process.env.INFKIT_STATE = '/tmp/somewhere';
      expect(defaultStateDir()).toBe('/tmp/somewhere');
      delete process.env.INFKIT_STATE;
      expect(defaultStateDir()).toMatch(/[\\/]\.infkit[\\/]mock$/);
    } finally {
      if (saved === undefined) delete process.env.INFKIT_STATE;
      else process.env.INFKIT_STATE = saved;
    }
  });
});

describe('driver packages on devices', () => {
  it('installs a package on a new device: class, driver key, service, files, hardware key and interface', async () => {
    const created = await mock.createDevice({ hardwareId: 'Root\\LabRig', inf: path.join(fixtures, 'labrig.inf') });
    expect(created.deviceInstanceId).toBe('ROOT\\LABRIG\\0000');

    const cls = (await mock.listClasses()).find((c) => c.guid === LABRIG_CLASS);
    expect(cls).toMatchObject({ name: 'LabRig', description: 'Lab rigs', icon: '-10' });

    const enumKey = await mock.registry.readKey('HKLM', `${CCS}\\Enum\\ROOT\\LABRIG\\0000`);
    expect(enumKey?.values.Service?.data).toBe('labrig');
    expect(enumKey?.values.DeviceDesc?.data).toBe('infkit lab rig');
    const driver = enumKey?.values.Driver?.data as string;
    expect(driver.toUpperCase()).toBe(`${LABRIG_CLASS}\\0000`);

    const driverKey = await mock.registry.readKey('HKLM', `${CCS}\\Control\\Class\\${driver}`);
    expect(driverKey?.values.Mode?.data).toBe(3);
    // FLG_ADDREG_APPEND adds what is missing; FLG_ADDREG_NOCLOBBER keeps the first value.
    expect(driverKey?.values.Names?.data).toEqual(['alpha', 'beta']);
    expect(driverKey?.values.Kept?.data).toBe('first');
    expect(driverKey?.values.InfPath?.data).toBe('oem0.inf');
    expect(driverKey?.values.DriverVersion?.data).toBe('2.1.0.0');

    const hw = await mock.registry.readKey('HKLM', `${CCS}\\Enum\\ROOT\\LABRIG\\0000\\Device Parameters`);
    expect(hw?.values.SampleRate?.data).toBe(48000);

    const service = await mock.registry.readKey('HKLM', `${CCS}\\Services\\labrig`);
    expect(service?.values).toMatchObject({
      Type: { type: 'REG_DWORD', data: 1 },
      Start: { type: 'REG_DWORD', data: 3 },
      ImagePath: { type: 'REG_EXPAND_SZ', data: 'C:\\Windows\\system32\\drivers\\labrig.sys' },
      DisplayName: { type: 'REG_SZ', data: 'infkit lab rig driver' },
    });
    const sys = await mock.readMachineFile('c:\\windows\\system32\\DRIVERS\\labrig.sys');
    expect(Buffer.from(sys!)).toEqual(await readFile(path.join(fixtures, 'labrig.sys')));

    // The driver enables the interface its INF adds: it is present.
    const present = await mock.listInterfaces({ classGuid: LABRIG_IFACE, present: true });
    expect(present.map((i) => i.symbolicLink)).toEqual([`\\\\?\\ROOT#LABRIG#0000#${LABRIG_IFACE.toLowerCase()}\\rig0`]);
    const ifaceParams = await mock.registry.readKey(
      'HKLM',
      `${CCS}\\Control\\DeviceClasses\\${LABRIG_IFACE}\\##?#ROOT#LABRIG#0000#${LABRIG_IFACE.toLowerCase()}\\#rig0\\Device Parameters`,
    );
    expect(ifaceParams?.values.Channel?.data).toBe(0);
  });

  it("the device's driver date is its DriverVer date, read as the INF's rules read it ('-' too; no such day: unknown)", async () => {
    const dateOf = async (date: string) => {
      const copy = await mkdtemp(path.join(tmpdir(), 'infkit-mock-pkg-'));
      try {
        for (const name of ['labrig.cat', 'labrig.sys']) await copyFile(path.join(fixtures, name), path.join(copy, name));
        const inf = (await readFile(path.join(fixtures, 'labrig.inf'), 'latin1')).replace('03/15/2026', date);
        await writeFile(path.join(copy, 'labrig.inf'), inf, 'latin1');
        await mock.reset();
        const { deviceInstanceId } = await mock.createDevice({ hardwareId: 'Root\\LabRig', inf: path.join(copy, 'labrig.inf') });
        return (await mock.getDevice(deviceInstanceId))?.driver?.date;
      } finally {
        await rm(copy, { recursive: true, force: true });
      }
    };
    expect(await dateOf('03/15/2026')).toBe('2026-03-15');
    expect(await dateOf('3-5-2026')).toBe('2026-03-05');
    expect(await dateOf('02/30/2026')).toBe('');
  });

  it('an interface is present once a driver enables it: at once on a device with a driver, by setInterfaceState otherwise', async () => {
    const bare = await mock.createDevice({ hardwareId: 'Root\\Bare' });
    const { symbolicLink } = await mock.registerInterface({
      deviceInstanceId: bare.deviceInstanceId,
      classGuid: LABRIG_IFACE,
      referenceString: 'x',
    });
    expect(await mock.listInterfaces({ classGuid: LABRIG_IFACE, present: true })).toEqual([]);
    await mock.setInterfaceState(symbolicLink, true);
    expect((await mock.listInterfaces({ classGuid: LABRIG_IFACE, present: true })).map((i) => i.symbolicLink)).toEqual([symbolicLink]);
    expect((await winError(mock.setInterfaceState('\\\\?\\NOPE', true))).name).toBe('ERROR_NO_SUCH_DEVICE_INTERFACE');

    const rig = await mock.createDevice({ hardwareId: 'Root\\LabRig', inf: path.join(fixtures, 'labrig.inf') });
    const extra = await mock.registerInterface({
      deviceInstanceId: rig.deviceInstanceId,
      classGuid: LABRIG_IFACE,
      referenceString: 'extra',
    });
    const present = (await mock.listInterfaces({ classGuid: LABRIG_IFACE, present: true })).map((i) => i.symbolicLink);
    expect(present).toContain(extra.symbolicLink);
  });

  it('refuses to remove a package in use unless forced, and stages the same INF once', async () => {
    await mock.createDevice({ hardwareId: 'Root\\LabRig', inf: path.join(fixtures, 'labrig.inf') });
    const again = await mock.stageDriver(path.join(fixtures, 'labrig.inf'));
    expect(again).toEqual({ publishedName: 'oem0.inf', alreadyStaged: true });
    const inUse = await winError(mock.removeDriver('oem0.inf'));
    expect(inUse.name).toBe('ERROR_INF_IN_USE_BY_DEVICES');
    await mock.removeDriver('oem0.inf', { force: true });
    expect(await mock.listDrivers()).toEqual([]);
    expect((await winError(mock.removeDriver('oem0.inf'))).name).toBe('ERROR_NOT_AN_INSTALLED_OEM_INF');
  });

  it('refuses a package without a catalog, as SetupCopyOEMInf does, and changes nothing', async () => {
    const error = await winError(mock.stageDriver(path.join(fixtures, 'unsigned.inf')));
    expect(error).toMatchObject({ name: 'ERROR_NO_CATALOG_FOR_OEM_INF', code: 0xe000022f, api: 'SetupCopyOEMInfW' });
    expect(await mock.listDrivers()).toEqual([]);
    expect(await mock.generation()).toBe(0);
  });

  it('installDriver for a hardware ID no present device has fails with ERROR_NO_SUCH_DEVINST and stages nothing', async () => {
    const error = await winError(mock.installDriver({ inf: path.join(fixtures, 'labrig.inf'), hardwareId: 'Root\\Nobody' }));
    expect(error).toMatchObject({ name: 'ERROR_NO_SUCH_DEVINST', api: 'UpdateDriverForPlugAndPlayDevicesW' });
    expect(await mock.listDrivers()).toEqual([]);
  });

  it('installDriver updates an existing device with a matching hardware ID', async () => {
    const { deviceInstanceId } = await mock.createDevice({ hardwareId: 'Root\\LabRig', className: 'System' });
    expect(deviceInstanceId).toBe('ROOT\\SYSTEM\\0000');
    const result = await mock.installDriver({ inf: path.join(fixtures, 'labrig.inf'), hardwareId: 'root\\labrig' });
    expect(result).toEqual({ rebootRequired: false, publishedName: 'oem0.inf' });
    const device = (await mock.listDevices({ hardwareId: 'Root\\LabRig' }))[0];
    expect(device).toMatchObject({ deviceInstanceId, classGuid: LABRIG_CLASS, description: 'infkit lab rig' });
  });
});

describe('honest refusals', () => {
  it('a device of an unknown class, or with no hardware ID, is refused', async () => {
    expect((await winError(mock.createDevice({ hardwareId: 'Root\\X', classGuid: '{00000000-1111-2222-3333-444444444444}' }))).name).toBe(
      'ERROR_INVALID_CLASS',
    );
    await expect(mock.createDevice({ hardwareId: '' })).rejects.toMatchObject({ code: 'E_USAGE' });
    expect(await mock.listDevices({ hardwareId: 'Root\\X' })).toEqual([]);
  });

  it('a section whose file is missing reports the failure and still writes its registry values', async () => {
    const result = await mock.installSection(path.join(contract, 'defaultinstall.inf'), 'DefaultInstall', { sourceDir: dir });
    expect(result.failures).toEqual([
      { file: path.join(dir, 'payload.txt'), code: 2, name: 'ERROR_FILE_NOT_FOUND', message: 'The system cannot find the file specified.' },
    ]);
    const key = await mock.registry.readKey('HKLM', 'SOFTWARE\\infkit-contract\\section');
    expect(key?.values.Answer?.data).toBe(42);
  });

  it('a class install whose file cannot be copied fails at the file queue and creates nothing', async () => {
    const error = await winError(mock.installClass(path.join(fixtures, 'class-missing-file.inf')));
    expect(error).toMatchObject({ name: 'ERROR_FILE_NOT_FOUND', api: 'SetupCommitFileQueueW' });
    expect(await mock.classGuidsFromName('InfkitMissing')).toEqual([]);
    expect(await mock.generation()).toBe(0);
  });

  it('a class name no class has is E_NOT_FOUND for a new device', async () => {
    await expect(mock.createDevice({ hardwareId: 'Root\\X', className: 'NoSuchClass' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('a registry value or key named __proto__ is just a name', async () => {
    await mock.registry.setValue('HKLM', 'SOFTWARE\\__proto__', '__proto__', { type: 'REG_SZ', data: 'x' });
    const key = await mock.registry.readKey('HKLM', 'SOFTWARE\\__PROTO__');
    expect(Object.hasOwn(key!.values, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('bad arguments are E_USAGE naming them, and change nothing (the checks the backends share, lib/backend/args.ts)', async () => {
    const inf = path.join(contract, 'defaultinstall.inf');
    const usage = (message: string) => expect.objectContaining({ code: 'E_USAGE', message: expect.stringContaining(message) });
    await expect(mock.installSection(inf, 'DefaultInstall', { mode: 'cmd' as 'hinf' })).rejects.toEqual(usage("install mode 'cmd'"));
    await expect(mock.installSection(inf, 'DefaultInstall', { mode: 'hinf', hinfMode: 0x10000 })).rejects.toEqual(usage('mode 65536'));
    await expect(mock.waitNoPendingInstalls(-1)).rejects.toEqual(usage('timeout -1'));
    await expect(mock.waitNoPendingInstalls(0xffffffff)).rejects.toEqual(usage('timeout 4294967295'));
    const [device] = await mock.listDevices();
    const referenceString = 7 as unknown as string;
    await expect(
      mock.registerInterface({ deviceInstanceId: device!.deviceInstanceId, classGuid: LABRIG_IFACE, referenceString }),
    ).rejects.toEqual(usage('reference string'));
    await expect(mock.registry.deleteValue('HKLM', 'SOFTWARE', 7 as unknown as string)).rejects.toEqual(usage('value name'));
    await expect(mock.registry.setValue('HKLM', 'SOFTWARE\\x', 'a\0b', { type: 'REG_SZ', data: 'x' })).rejects.toEqual(usage('value name'));
    await expect(mock.registry.deleteKey('HKU', '\\')).rejects.toEqual(usage('registry root'));
    expect(await mock.generation()).toBe(0);
  });

  it('a closed backend refuses to work', async () => {
    await mock.close();
    await expect(mock.listClasses()).rejects.toBeInstanceOf(InfkitError);
  });
});

describe('state', () => {
  it('another backend on the same directory sees the effects; reset() returns to the baseline', async () => {
    await mock.installClass(path.join(contract, 'class.inf'));
    const other = await openMockBackend({ stateDir: dir });
    expect((await other.classGuidsFromName('InfkitContract')).length).toBe(1);
    await other.reset();
    expect(await mock.classGuidsFromName('InfkitContract')).toEqual([]);
    expect(await mock.generation()).toBe(0);
  });

  it('an operation that fails writes nothing; one that changes nothing does not count', async () => {
    await mock.installClass(path.join(contract, 'class.inf'));
    expect(await mock.generation()).toBe(1);
    await mock.installClass(path.join(contract, 'class.inf'));
    await mock.registerInterface({ deviceInstanceId: 'ROOT\\NONE\\0000', classGuid: LABRIG_IFACE }).catch(() => undefined);
    expect(await mock.generation()).toBe(1);
    expect((await mock.listInterfaceClasses()).map((c) => c.guid)).not.toContain(LABRIG_IFACE);
  });

  it('a state file that is not the mock format is an E_IO error saying what to do', async () => {
    await mock.installClass(path.join(contract, 'class.inf'));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'state.json'), '{"format": 99}');
    await expect(mock.listClasses()).rejects.toMatchObject({ code: 'E_IO', hint: expect.stringContaining('Delete the file') });
  });
});

describe('devices as Windows keeps them', () => {
  const rank = path.resolve(here, '../fixtures/rank');
  const DEVICE = {
    deviceInstanceId: 'USB\\VID_1234&PID_5678\\SERIAL01',
    hardwareIds: ['USB\\VID_1234&PID_5678&REV_0100', 'USB\\VID_1234&PID_5678'],
    compatibleIds: ['USB\\Class_FF&SubClass_00', 'USB\\Class_FF'],
  };

  it('the baseline devices run their inbox drivers', async () => {
    const devices = await mock.listDevices({ present: true });
    expect(devices.length).toBeGreaterThan(5);
    for (const d of devices) {
      expect(d.problem, d.deviceInstanceId).toBeNull();
      expect(d.status).toContain('DN_STARTED');
      expect(d.driver?.publishedName).toMatch(/\.inf$/);
    }
  });

  it('a plugged-in device waits for a driver (28); rescan gives it the best-ranked staged package', async () => {
    await mock.plugDevice(DEVICE);
    expect((await mock.getDevice(DEVICE.deviceInstanceId))?.problem).toMatchObject({ code: 28, name: 'CM_PROB_FAILED_INSTALL' });
    // generic.inf matches only a compatible ID (0x00FF2001); contoso.inf the second hardware ID (0x00FF0001).
    const generic = await mock.stageDriver(path.join(rank, 'generic/generic.inf'));
    const contoso = await mock.stageDriver(path.join(rank, 'contoso/contoso.inf'));
    expect(await mock.rescan(1000)).toBe(true);
    const device = await mock.getDevice(DEVICE.deviceInstanceId);
    expect(device?.problem).toBeNull();
    expect(device?.driver).toMatchObject({
      publishedName: contoso.publishedName,
      originalInf: 'contoso.inf',
      matchingId: 'usb\\vid_1234&pid_5678',
      rank: 0x00ff0001,
    });
    expect(device?.driver?.publishedName).not.toBe(generic.publishedName);
    // A second rescan changes nothing.
    const generation = await mock.generation();
    await mock.rescan(1000);
    expect(await mock.generation()).toBe(generation);
  });

  it('a disabled device is not given a driver by rescan; a restart ends a wait for a restart', async () => {
    await mock.plugDevice(DEVICE);
    await mock.stageDriver(path.join(rank, 'contoso/contoso.inf'));
    await mock.setDeviceEnabled(DEVICE.deviceInstanceId, false);
    await mock.rescan(1000);
    expect((await mock.getDevice(DEVICE.deviceInstanceId))?.problem?.code).toBe(22);
    await mock.setDeviceEnabled(DEVICE.deviceInstanceId, true);
    await mock.rescan(1000);
    expect((await mock.getDevice(DEVICE.deviceInstanceId))?.problem).toBeNull();
    await mock.setRestartPending(DEVICE.deviceInstanceId);
    expect((await mock.getDevice(DEVICE.deviceInstanceId))?.problem?.code).toBe(14);
    await mock.restartDevice(DEVICE.deviceInstanceId);
    expect((await mock.getDevice(DEVICE.deviceInstanceId))?.status).toContain('DN_STARTED');
  });

  it('filters devices by hardware-ID pattern, problem code and setup class name', async () => {
    for (let i = 0; i < 20; i++)
      await mock.plugDevice({
        deviceInstanceId: `USB\\VID_AAAA&PID_${String(i).padStart(4, '0')}\\1`,
        hardwareIds: [`USB\\VID_AAAA&PID_${String(i).padStart(4, '0')}`],
      });
    expect((await mock.listDevices({ hardwareId: 'usb\\vid_aaaa&pid_00?5' })).map((d) => d.deviceInstanceId)).toEqual([
      'USB\\VID_AAAA&PID_0005\\1',
      'USB\\VID_AAAA&PID_0015\\1',
    ]);
    expect((await mock.listDevices({ problem: 28 })).length).toBe(20);
    expect((await mock.listDevices({ setupClass: 'keyboard' })).length).toBe(1);
  });
});

describe('the SetupAPI log of a failure', () => {
  it('a failed call carries the section SetupAPI wrote meanwhile; earlier sections are left out', async () => {
    await mock.createDevice({ hardwareId: 'Root\\InfkitLogTest' });
    const e = await winError(mock.stageDriver(path.join(contract, 'unsigned-driver.inf')));
    expect(e.name).toBe('ERROR_NO_CATALOG_FOR_OEM_INF');
    expect(e.log?.file).toBe(path.join(dir, 'setupapi.dev.log'));
    expect(e.log?.sections).toHaveLength(1);
    const [section] = e.log!.sections;
    expect(section).toMatchObject({
      title: expect.stringContaining('SetupCopyOEMInf - '),
      exitStatus: { code: 0xe000022f },
      truncated: false,
    });
    expect(section!.failures).toEqual([
      expect.stringMatching(/^!!! {2}mck: SetupCopyOEMInfW failed: ERROR_NO_CATALOG_FOR_OEM_INF \(0xe000022f\)/),
    ]);
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({
      name: 'ERROR_NO_CATALOG_FOR_OEM_INF',
      log: { sections: [{ failures: [expect.any(String)] }] },
    });
    // `infkit log` reads the same file.
    const text = await readFile(path.join(dir, 'setupapi.dev.log'), 'latin1');
    expect(text.match(/^>>> {2}\[/gm)).toHaveLength(2);
  });

  it('a device the core finds missing carries the log of the lookup; a refusal before any call carries none', async () => {
    const e = await winError(mock.removeDevice('ROOT\\NOPE\\0000'));
    expect(e.log?.sections).toHaveLength(1);
    await rm(path.join(dir, 'setupapi.dev.log'));
    const none = await winError(mock.setDeviceEnabled('ROOT\\NOPE\\0000', false));
    expect(none.log).toBeUndefined(); // refused by the core before any call: nothing was logged
  });
});

describe('trust on the mock machine', () => {
  it('trusts a file that embeds a certificate of its Root and TrustedPublisher stores, and only then', async () => {
    const der = await readFile(path.join(contract, 'test-cert.cer'));
    const signed = path.join(dir, 'signed.cat');
    const { writeFile } = await import('node:fs/promises');
    // A catalog carries its signer's certificate: a SEQUENCE with the DER inside stands for one.
    await writeFile(signed, Buffer.concat([Buffer.from([0x30, 0x82, 0x04, 0x00]), der, Buffer.alloc(16)]));
    expect(await mock.verifyTrust(signed)).toMatchObject({ trusted: false, name: 'CERT_E_UNTRUSTEDROOT' });
    await mock.addCertificate('Root', der);
    expect(await mock.verifyTrust(signed)).toMatchObject({ trusted: false, name: 'TRUST_E_SUBJECT_NOT_TRUSTED' });
    await mock.addCertificate('TrustedPublisher', der);
    expect(await mock.verifyTrust(signed)).toMatchObject({ trusted: true, code: 0, name: 'ERROR_SUCCESS' });
    expect(await mock.verifyTrust(path.join(dir, 'missing.cat'))).toMatchObject({ trusted: false, name: 'TRUST_E_NOSIGNATURE' });
  });

  it('test signing is off until it is turned on', async () => {
    expect(await mock.codeIntegrity()).toEqual({ enabled: true, testSigning: false, options: 1 });
    await mock.setTestSigning(true);
    expect(await mock.codeIntegrity()).toEqual({ enabled: true, testSigning: true, options: 3 });
  });
});
