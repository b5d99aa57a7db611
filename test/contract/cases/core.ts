// One behaviour per case for what the backends once did differently (issue 11): every backend
// now gives the same answer because one core (lib/backend/core.ts) decides it.
import assert from 'node:assert/strict';
import type { Backend } from '../../../lib/backend/types.js';
import type { ContractCase, ContractContext } from '../types.js';
import { GUIDS, expectInfkitError, expectWinError, fixture, ieq, quietly } from '../util.js';

const HARDWARE_ID = 'Root\\InfkitContractCore';

async function removeDevicesWith(backend: Backend, hardwareId: string): Promise<void> {
  for (const d of await backend.listDevices({ hardwareId })) await quietly(() => backend.removeDevice(d.deviceInstanceId));
}

/** What a non-elevated call must leave as it was: classes, interface classes, devices, packages. */
async function machineSummary(backend: Backend): Promise<string> {
  const classes = (await backend.listClasses()).map((c) => c.guid).sort();
  const interfaceClasses = (await backend.listInterfaceClasses()).map((c) => c.guid).sort();
  const devices = (await backend.listDevices()).map((d) => `${d.deviceInstanceId}:${d.problem?.code ?? 0}`).sort();
  const drivers = (await backend.listDrivers()).map((p) => p.publishedName).sort();
  const contractKey = await backend.registry.readKey('HKLM', 'SOFTWARE\\infkit-contract');
  return JSON.stringify({ classes, interfaceClasses, devices, drivers, contractKey });
}

export const coreCases: ContractCase[] = [
  {
    name: 'core: a class name no class has is E_NOT_FOUND for a new device, before any device is made',
    needs: ['elevated', 'devices'],
    async run({ backend }) {
      const before = (await backend.listDevices()).length;
      await expectInfkitError(
        backend.createDevice({ hardwareId: HARDWARE_ID, className: 'NoSuchInfkitClass' }),
        'E_NOT_FOUND',
        'NoSuchInfkitClass',
      );
      assert.equal((await backend.listDevices()).length, before, 'no device was made');
    },
  },
  {
    name: 'core: classGuidsFromName refuses a non-string and an empty name with E_USAGE',
    async run({ backend }) {
      await expectInfkitError(backend.classGuidsFromName(42 as unknown as string), 'E_USAGE');
      await expectInfkitError(backend.classGuidsFromName(''), 'E_USAGE');
      assert.deepEqual(await backend.classGuidsFromName('NoSuchInfkitClass'), []);
    },
  },
  {
    name: "core: a new device's description defaults to its hardware ID",
    needs: ['elevated', 'devices'],
    async run({ backend }) {
      await removeDevicesWith(backend, HARDWARE_ID);
      const { deviceInstanceId } = await backend.createDevice({ hardwareId: HARDWARE_ID });
      try {
        const device = await backend.getDevice(deviceInstanceId);
        assert.ok(device, 'getDevice finds the new device');
        assert.equal(device.description, HARDWARE_ID);
        assert.equal(device.classGuid, GUIDS.system, 'no class named: System');
        const desc = await backend.deviceRegistryProperty(deviceInstanceId, 'DEVICEDESC');
        assert.deepEqual(desc, { type: 'REG_SZ', data: HARDWARE_ID });
      } finally {
        await quietly(() => backend.removeDevice(deviceInstanceId));
      }
    },
  },
  {
    name: 'core: createDevice({ inf }) installs the driver on the new device',
    needs: ['elevated', 'devices', 'drivers'],
    async run(ctx) {
      const { backend } = ctx;
      await removeDevicesWith(backend, 'Root\\InfkitContract');
      const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'Root\\InfkitContract', inf: fixture(ctx, 'driver.inf') });
      let published: string | undefined;
      try {
        const device = await backend.getDevice(deviceInstanceId);
        assert.ok(device?.driver, 'the device has a driver');
        published = device.driver.publishedName;
        assert.match(published, /^oem\d+\.inf$/i);
        assert.ok(ieq(device.driver.originalInf, 'driver.inf'), `original INF driver.inf (got ${device.driver.originalInf})`);
        assert.ok(ieq(device.driver.matchingId, 'Root\\InfkitContract'));
        assert.equal(device.driver.provider, 'infkit');
        assert.equal(device.driver.version, '1.0.0.0');
        assert.equal(device.driver.date, '2026-01-01');
        assert.equal(device.description, 'infkit contract test device', "the model's description replaces the default");
      } finally {
        await quietly(() => backend.removeDevice(deviceInstanceId));
        if (published !== undefined) await quietly(() => backend.removeDriver(published!, { force: true }));
      }
    },
  },
  {
    name: 'core: createDevice({ inf }) whose driver install fails leaves no device behind',
    needs: ['elevated', 'devices', 'drivers'],
    async run(ctx) {
      const { backend } = ctx;
      const hardwareId = 'Root\\InfkitContractUnsigned';
      await removeDevicesWith(backend, hardwareId);
      const before = (await backend.listDevices()).length;
      await assert.rejects(backend.createDevice({ hardwareId, inf: fixture(ctx, 'unsigned-driver.inf') }), (e: unknown) => {
        assert.equal((e as { name?: string }).name, 'ERROR_NO_CATALOG_FOR_OEM_INF');
        return true;
      });
      assert.equal((await backend.listDevices({ hardwareId })).length, 0, 'the new device was removed again');
      assert.equal((await backend.listDevices()).length, before);
    },
  },
  {
    name: 'core: installDriver puts the package on the device with that hardware ID; installing it again keeps the same package',
    needs: ['elevated', 'devices', 'drivers'],
    async run(ctx) {
      const { backend } = ctx;
      await removeDevicesWith(backend, 'Root\\InfkitContract');
      const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'Root\\InfkitContract' });
      let published: string | undefined;
      try {
        assert.equal((await backend.getDevice(deviceInstanceId))?.driver, null, 'no driver before');
        const installed = await backend.installDriver({ inf: fixture(ctx, 'driver.inf'), hardwareId: 'root\\infkitcontract' });
        assert.equal(typeof installed.rebootRequired, 'boolean');
        const device = await backend.getDevice(deviceInstanceId);
        published = device?.driver?.publishedName;
        assert.ok(
          published !== undefined && /^oem\d+\.inf$/i.test(published),
          `the device runs a staged package (got ${String(published)})`,
        );
        assert.ok(ieq(installed.publishedName ?? published, published), 'installDriver names the package it staged');
        assert.ok(
          (await backend.listDrivers()).some((p) => ieq(p.publishedName, published)),
          'the package is in the driver store',
        );
        const again = await backend.installDriver({ inf: fixture(ctx, 'driver.inf'), hardwareId: 'Root\\InfkitContract' });
        assert.equal(typeof again.rebootRequired, 'boolean');
        assert.ok(
          ieq((await backend.getDevice(deviceInstanceId))?.driver?.publishedName, published),
          'the same package, not a second copy',
        );
      } finally {
        await quietly(() => backend.removeDevice(deviceInstanceId));
        if (published !== undefined) await quietly(() => backend.removeDriver(published!, { force: true }));
      }
    },
  },
  {
    name: 'core: installDriver for a hardware ID no present device has fails with ERROR_NO_SUCH_DEVINST',
    needs: ['elevated', 'drivers'],
    async run(ctx) {
      const e = await expectWinError(
        ctx.backend.installDriver({ inf: fixture(ctx, 'driver.inf'), hardwareId: 'Root\\InfkitNoSuchDevice' }),
        'ERROR_NO_SUCH_DEVINST',
      );
      assert.match(String(e.hint), /Root\\InfkitNoSuchDevice/);
    },
  },
  {
    name: 'core: as a standard user every changing call fails with ERROR_ELEVATION_REQUIRED and changes nothing',
    needs: ['standard-user'],
    async run(ctx: ContractContext) {
      const user = await ctx.standardUser!();
      try {
        assert.equal((await user.info()).elevated, false);
        const before = await machineSummary(ctx.backend);
        const inf = fixture(ctx, 'class.inf');
        const missing = fixture(ctx, 'no-such-file.inf');
        const calls: Array<[string, () => Promise<unknown>]> = [
          ['installClass', () => user.installClass(inf)],
          ['installClass (missing INF: elevation is said first)', () => user.installClass(missing)],
          ['removeClass', () => user.removeClass(GUIDS.contractClass)],
          ['installInterfaceClasses', () => user.installInterfaceClasses(fixture(ctx, 'interfaces.inf'))],
          ['removeInterfaceClass', () => user.removeInterfaceClass(GUIDS.ifaceA)],
          ['installSection', () => user.installSection(fixture(ctx, 'defaultinstall.inf'), 'DefaultInstall')],
          ['installSection hinf', () => user.installSection(fixture(ctx, 'defaultinstall.inf'), 'DefaultInstall', { mode: 'hinf' })],
          ['registerInterface', () => user.registerInterface({ deviceInstanceId: 'ROOT\\SYSTEM\\0000', classGuid: GUIDS.ifaceRegistered })],
          ['createDevice', () => user.createDevice({ hardwareId: HARDWARE_ID })],
          ['removeDevice', () => user.removeDevice('ROOT\\SYSTEM\\0000')],
          ['setDeviceEnabled', () => user.setDeviceEnabled('ROOT\\SYSTEM\\0000', false)],
          ['restartDevice', () => user.restartDevice('ROOT\\SYSTEM\\0000')],
          ['rescan', () => user.rescan(1000)],
          ['stageDriver', () => user.stageDriver(fixture(ctx, 'driver.inf'))],
          ['removeDriver', () => user.removeDriver('oem999.inf')],
          ['installDriver', () => user.installDriver({ inf: fixture(ctx, 'driver.inf') })],
          ['registry.setValue', () => user.registry.setValue('HKLM', 'SOFTWARE\\infkit-contract', 'X', { type: 'REG_DWORD', data: 1 })],
          ['registry.deleteValue', () => user.registry.deleteValue('HKLM', 'SOFTWARE\\infkit-contract', 'X')],
          ['registry.deleteKey', () => user.registry.deleteKey('HKLM', 'SOFTWARE\\infkit-contract')],
          ['addCertificate', () => user.addCertificate('Root', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))],
          ['removeCertificate', () => user.removeCertificate('Root', 'DF2B30C5786AF4B60D878CCC79CB4C52E7420D81')],
        ];
        for (const [what, call] of calls) {
          await assert.rejects(call(), (e: unknown) => {
            assert.equal((e as { name?: string }).name, 'ERROR_ELEVATION_REQUIRED', `${what}: ${String((e as Error).message)}`);
            return true;
          });
        }
        assert.equal(await machineSummary(ctx.backend), before, 'the machine is as it was');
        // Reading needs no rights.
        assert.ok((await user.listClasses()).length > 0);
      } finally {
        await user.close();
      }
    },
  },
];
