// Device-interface classes from [InterfaceInstall32]: SetupDiInstallClassEx(InterfaceClassGuid)
// (on Wine: SetupDiOpenClassRegKeyEx(DIOCR_INTERFACE) + SetupInstallFromInfSection).
import assert from 'node:assert/strict';
import type { ContractCase, ContractContext } from '../types.js';
import { DEVICE_CLASSES_KEY, GUIDS, assertIeq, expectInfkitError, expectWinError, fixture, plain, quietly, valueNamed } from '../util.js';

async function removeFixtureInterfaceClasses(ctx: ContractContext): Promise<void> {
  await quietly(() => ctx.backend.removeInterfaceClass(GUIDS.ifaceA));
  await quietly(() => ctx.backend.removeInterfaceClass(GUIDS.ifaceB));
}

export const interfaceClassCases: ContractCase[] = [
  {
    name: 'installInterfaceClasses: creates each class the first time (decorated section on amd64), not the second',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      const amd64 = (await backend.info()).arch === 'amd64';
      await removeFixtureInterfaceClasses(ctx);
      try {
        const first = await backend.installInterfaceClasses(fixture(ctx, 'interfaces.inf'));
        assert.equal(first.rebootRequired, false);
        assert.deepEqual(
          first.installed.map((i) => [i.guid, i.created]),
          [
            [GUIDS.ifaceA, true],
            [GUIDS.ifaceB, true],
          ],
        );
        assertIeq(first.installed[0]!.section, 'IfaceA.Install', 'section of entry A');
        assertIeq(first.installed[1]!.section, amd64 ? 'IfaceB.Install.NTamd64' : 'IfaceB.Install', 'section of entry B');

        const listed = (await backend.listInterfaceClasses()).map((c) => c.guid);
        assert.ok(listed.includes(GUIDS.ifaceA) && listed.includes(GUIDS.ifaceB), 'both are listed');

        const a = await backend.registry.readKey('HKLM', `${DEVICE_CLASSES_KEY}\\${GUIDS.ifaceA}`);
        assert.ok(a, 'interface class A has its DeviceClasses key');
        assert.deepEqual(plain(valueNamed(a.values, 'FriendlyName')), { type: 'REG_SZ', data: 'infkit contract interface A' });
        const b = await backend.registry.readKey('HKLM', `${DEVICE_CLASSES_KEY}\\${GUIDS.ifaceB}`);
        assert.ok(b, 'interface class B has its DeviceClasses key');
        assert.deepEqual(plain(valueNamed(b.values, 'InstalledFrom')), { type: 'REG_SZ', data: amd64 ? 'NTamd64' : 'generic' });

        const second = await backend.installInterfaceClasses(fixture(ctx, 'interfaces.inf'));
        assert.deepEqual(
          second.installed.map((i) => [i.guid, i.created]),
          [
            [GUIDS.ifaceA, false],
            [GUIDS.ifaceB, false],
          ],
        );
      } finally {
        await removeFixtureInterfaceClasses(ctx);
      }
    },
  },
  {
    name: 'installInterfaceClasses: options.guid installs that entry only',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      await removeFixtureInterfaceClasses(ctx);
      try {
        const result = await backend.installInterfaceClasses(fixture(ctx, 'interfaces.inf'), {
          guid: GUIDS.ifaceB.toLowerCase(),
        });
        assert.deepEqual(
          result.installed.map((i) => i.guid),
          [GUIDS.ifaceB],
        );
        const listed = (await backend.listInterfaceClasses()).map((c) => c.guid);
        assert.ok(listed.includes(GUIDS.ifaceB));
        assert.ok(!listed.includes(GUIDS.ifaceA), 'entry A was not installed');
      } finally {
        await removeFixtureInterfaceClasses(ctx);
      }
    },
  },
  {
    name: 'installInterfaceClasses: options.guid the INF does not list is E_NOT_FOUND, and nothing is installed',
    async run(ctx) {
      const { backend } = ctx;
      await removeFixtureInterfaceClasses(ctx);
      await expectInfkitError(
        backend.installInterfaceClasses(fixture(ctx, 'interfaces.inf'), { guid: GUIDS.ifaceRegistered }),
        'E_NOT_FOUND',
        GUIDS.ifaceRegistered,
      );
      const listed = (await backend.listInterfaceClasses()).map((c) => c.guid);
      assert.ok(!listed.includes(GUIDS.ifaceA) && !listed.includes(GUIDS.ifaceB));
    },
  },
  {
    name: 'installInterfaceClasses: a missing INF fails with ERROR_FILE_NOT_FOUND',
    async run(ctx) {
      await expectWinError(ctx.backend.installInterfaceClasses(fixture(ctx, 'no-such-file.inf')), 'ERROR_FILE_NOT_FOUND');
    },
  },
];
