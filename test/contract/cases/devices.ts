// Test-rig devices and their interfaces: SetupDiCreateDeviceInfo + DIF_REGISTERDEVICE,
// SetupDiCreateDeviceInterface, CM_Get_Device_Interface_List, DIF_REMOVE.
import assert from 'node:assert/strict';
import type { ContractCase, ContractContext } from '../types.js';
import { GUIDS, assertIeq, expectInfkitError, expectWinError, expectedSymbolicLink, ieq, quietly } from '../util.js';

const HARDWARE_ID = 'Root\\InfkitContract';

/** Removes the devices an interrupted earlier run may have left behind. */
async function removeContractDevices(ctx: ContractContext): Promise<void> {
  for (const device of await ctx.backend.listDevices({ hardwareId: HARDWARE_ID })) {
    await quietly(() => ctx.backend.removeDevice(device.deviceInstanceId));
  }
}

export const deviceCases: ContractCase[] = [
  {
    name: 'devices: register interfaces (again, with a reference string), list them, remove the device',
    needs: ['elevated', 'devices'],
    async run(ctx) {
      const { backend } = ctx;
      const guid = GUIDS.ifaceRegistered;
      await removeContractDevices(ctx);
      await quietly(() => backend.removeInterfaceClass(guid));

      const created = await backend.createDevice({
        hardwareId: HARDWARE_ID,
        classGuid: GUIDS.system,
        description: 'infkit contract device',
      });
      const id = created.deviceInstanceId;
      try {
        assert.match(id, /^ROOT\\[^\\]+\\\d{4}$/i, 'a root-enumerated instance ID');
        const listed = await backend.listDevices({ hardwareId: HARDWARE_ID });
        const device = listed.find((d) => ieq(d.deviceInstanceId, id));
        assert.ok(device, 'listDevices finds the new device by its hardware ID');
        assert.ok(device.hardwareIds.some((h) => ieq(h, HARDWARE_ID)));
        assert.equal(device.classGuid, GUIDS.system);

        const plainLink = expectedSymbolicLink(id, guid);
        const first = await backend.registerInterface({ deviceInstanceId: id, classGuid: guid });
        assert.equal(first.created, true);
        assertIeq(first.symbolicLink, plainLink, 'symbolic link');

        const again = await backend.registerInterface({ deviceInstanceId: id.toLowerCase(), classGuid: guid.toLowerCase() });
        assert.equal(again.created, false, 'registering the same interface again creates nothing');
        assert.equal(again.symbolicLink, first.symbolicLink, 'and returns the existing link');

        const withRef = await backend.registerInterface({ deviceInstanceId: id, classGuid: guid, referenceString: 'port1' });
        assert.equal(withRef.created, true);
        assertIeq(withRef.symbolicLink, expectedSymbolicLink(id, guid, 'port1'), 'symbolic link with a reference string');

        for (const bad of ['a\\b', 'a/b']) {
          await expectWinError(
            backend.registerInterface({ deviceInstanceId: id, classGuid: guid, referenceString: bad }),
            'ERROR_INVALID_REFERENCE_STRING',
          );
        }

        assert.ok(
          (await backend.listInterfaceClasses()).some((c) => c.guid === guid),
          'the interface class was created by the first registration',
        );

        const mine = (await backend.listInterfaces({ classGuid: guid })).filter((i) => ieq(i.deviceInstanceId, id));
        assert.equal(mine.length, 2, 'both interfaces are listed');
        const byRef = new Map(mine.map((i) => [i.referenceString.toLowerCase(), i]));
        assert.ok(byRef.has('') && byRef.has('port1'), 'one without and one with the reference string');
        for (const i of mine) {
          assert.equal(i.classGuid, guid);
          assert.equal(i.removed, false);
          assertIeq(i.symbolicLink, expectedSymbolicLink(id, guid, i.referenceString), 'listed symbolic link');
        }

        const removal = await backend.removeDevice(id);
        assert.equal(typeof removal.rebootRequired, 'boolean');
        assert.ok(!(await backend.listDevices({ hardwareId: HARDWARE_ID })).some((d) => ieq(d.deviceInstanceId, id)));
        const present = await backend.listInterfaces({ classGuid: guid, present: true });
        assert.ok(!present.some((i) => ieq(i.deviceInstanceId, id)), 'no interface of the removed device is present');
        const all = await backend.listInterfaces({ classGuid: guid });
        assert.ok(
          all.filter((i) => ieq(i.deviceInstanceId, id)).every((i) => i.removed),
          'an interface of the removed device is gone or flagged removed',
        );
      } finally {
        await quietly(() => backend.removeDevice(id));
        await quietly(() => backend.removeInterfaceClass(guid));
      }
    },
  },
  {
    name: 'devices: an unknown device instance fails with ERROR_NO_SUCH_DEVINST',
    needs: ['devices'],
    async run({ backend }) {
      const missing = 'ROOT\\INFKIT_NO_SUCH_DEVICE\\9999';
      await expectWinError(backend.removeDevice(missing), 'ERROR_NO_SUCH_DEVINST');
      await expectWinError(
        backend.registerInterface({ deviceInstanceId: missing, classGuid: GUIDS.ifaceRegistered }),
        'ERROR_NO_SUCH_DEVINST',
      );
    },
  },
  {
    name: 'devices: getDevice, instance and hardware ID patterns, and registry properties of a new root device',
    needs: ['elevated', 'devices'],
    async run(ctx) {
      const { backend } = ctx;
      await removeContractDevices(ctx);
      const { deviceInstanceId: id } = await backend.createDevice({ hardwareId: HARDWARE_ID, classGuid: GUIDS.system });
      try {
        const fresh = await backend.getDevice(id.toLowerCase());
        assert.ok(fresh, 'getDevice takes the instance ID in any case');
        assert.ok(ieq(fresh.deviceInstanceId, id));
        assert.equal(fresh.present, true);
        assert.equal(fresh.driver, null, 'no driver yet');
        assert.equal(fresh.classGuid, GUIDS.system);

        const byPattern = await backend.listDevices({ instanceId: `${id.split('\\').slice(0, 2).join('\\')}\\*`.toLowerCase() });
        assert.ok(
          byPattern.some((d) => ieq(d.deviceInstanceId, id)),
          'an instance ID pattern with * finds it',
        );
        const byHwPattern = await backend.listDevices({ hardwareId: 'root\\infkitcontr?ct' });
        assert.ok(
          byHwPattern.some((d) => ieq(d.deviceInstanceId, id)),
          'a hardware ID pattern with ? finds it',
        );
        assert.ok(
          (await backend.listDevices({ setupClass: 'System' })).some((d) => ieq(d.deviceInstanceId, id)),
          'the class filter by name',
        );
        assert.ok(
          (await backend.listDevices({ setupClass: GUIDS.system.toLowerCase() })).some((d) => ieq(d.deviceInstanceId, id)),
          'and by GUID',
        );

        const ids = await backend.deviceRegistryProperty(id, 'HARDWAREID');
        assert.deepEqual(ids, { type: 'REG_MULTI_SZ', data: [HARDWARE_ID] });
        assert.equal(await backend.deviceRegistryProperty(id, 'FRIENDLYNAME'), null, 'a property the device lacks is null');
        await expectInfkitError(backend.deviceRegistryProperty(id, 'NOT_A_PROPERTY' as 'MFG'), 'E_USAGE', 'NOT_A_PROPERTY');
      } finally {
        await quietly(() => backend.removeDevice(id));
      }
      assert.equal(await backend.getDevice(id), null, 'a removed device is gone');
    },
  },
  {
    name: 'devices: a root device without a driver has CM_PROB_FAILED_INSTALL; disable, enable, restart, rescan',
    needs: ['elevated', 'devices'],
    async run(ctx) {
      const { backend } = ctx;
      await removeContractDevices(ctx);
      const { deviceInstanceId: id } = await backend.createDevice({ hardwareId: HARDWARE_ID, classGuid: GUIDS.system });
      try {
        const fresh = await backend.getDevice(id);
        assert.equal(fresh?.problem?.code, 28, `no driver: CM_PROB_FAILED_INSTALL (got ${JSON.stringify(fresh?.problem)})`);
        assert.equal(fresh?.problem?.name, 'CM_PROB_FAILED_INSTALL');
        assert.ok(fresh?.status.includes('DN_HAS_PROBLEM'), `status ${fresh?.status.join(' ')}`);
        assert.ok(
          (await backend.listDevices({ problem: 28, present: true })).some((d) => ieq(d.deviceInstanceId, id)),
          'the problem filter finds it',
        );
        assert.ok(!(await backend.listDevices({ problem: 22 })).some((d) => ieq(d.deviceInstanceId, id)));

        const disabled = await backend.setDeviceEnabled(id, false);
        assert.equal(disabled.changed, true);
        assert.ok(ieq(disabled.deviceInstanceId, id));
        assert.equal((await backend.getDevice(id))?.problem?.code, 22, 'disabled: CM_PROB_DISABLED');
        assert.equal((await backend.setDeviceEnabled(id, false)).changed, false, 'disabling again changes nothing');

        assert.equal((await backend.setDeviceEnabled(id, true)).changed, true);
        assert.notEqual((await backend.getDevice(id))?.problem?.code, 22, 'enabled again');
        assert.equal((await backend.setDeviceEnabled(id, true)).changed, false, 'enabling again changes nothing');

        const restarted = await backend.restartDevice(id);
        assert.equal(restarted.changed, true);
        assert.equal(typeof restarted.rebootRequired, 'boolean');
        assert.equal(typeof (await backend.rescan(30_000)), 'boolean');
      } finally {
        await quietly(() => backend.removeDevice(id));
      }
    },
  },
  {
    name: 'devices: changing an unknown device fails with ERROR_NO_SUCH_DEVINST; reading its property too',
    needs: ['elevated', 'devices'],
    async run({ backend }) {
      const missing = 'ROOT\\INFKIT_NO_SUCH_DEVICE\\9999';
      await expectWinError(backend.setDeviceEnabled(missing, false), 'ERROR_NO_SUCH_DEVINST');
      await expectWinError(backend.restartDevice(missing), 'ERROR_NO_SUCH_DEVINST');
      await expectWinError(backend.deviceRegistryProperty(missing, 'HARDWAREID'), 'ERROR_NO_SUCH_DEVINST');
      assert.equal(await backend.getDevice(missing), null);
    },
  },
];
