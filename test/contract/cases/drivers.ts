// Driver packages: SetupCopyOEMInf, SetupUninstallOEMInf, the driver store's list.
import assert from 'node:assert/strict';
import type { ContractCase, ContractContext } from '../types.js';
import { GUIDS, expectInfkitError, expectWinError, fixture, ieq, quietly } from '../util.js';

/** Unstages copies of driver.inf an interrupted earlier run may have left behind. */
async function unstageContractPackages(ctx: ContractContext): Promise<void> {
  for (const pkg of await ctx.backend.listDrivers()) {
    if (ieq(pkg.originalName, 'driver.inf') && ieq(pkg.provider, 'infkit')) {
      await quietly(() => ctx.backend.removeDriver(pkg.publishedName, { force: true }));
    }
  }
}

export const driverCases: ContractCase[] = [
  {
    name: 'drivers: stageDriver returns oemNN.inf, listDrivers shows it, removeDriver removes it',
    needs: ['elevated', 'drivers'],
    async run(ctx) {
      const { backend } = ctx;
      await unstageContractPackages(ctx);
      let published: string | undefined;
      try {
        const staged = await backend.stageDriver(fixture(ctx, 'driver.inf'));
        published = staged.publishedName;
        assert.match(published, /^oem\d+\.inf$/i);
        assert.equal(staged.alreadyStaged, false);

        const pkg = (await backend.listDrivers()).find((p) => ieq(p.publishedName, published));
        assert.ok(pkg, 'listDrivers shows the staged package');
        assert.ok(ieq(pkg.originalName, 'driver.inf'), `original name driver.inf (got ${pkg.originalName})`);
        assert.equal(pkg.provider, 'infkit');
        assert.equal(pkg.classGuid, GUIDS.system);
        assert.ok(ieq(pkg.className, 'System'));
        assert.match(pkg.driverVer, /^01\/01\/2026,\s*1\.0\.0\.0$/);

        const again = await backend.stageDriver(fixture(ctx, 'driver.inf'));
        assert.equal(again.alreadyStaged, true, 'staging the same package again is reported');
        assert.ok(ieq(again.publishedName, published), 'and returns the same published name');

        await backend.removeDriver(published);
        assert.ok(!(await backend.listDrivers()).some((p) => ieq(p.publishedName, published)), 'the package is gone');
        published = undefined;
      } finally {
        if (published !== undefined) await quietly(() => backend.removeDriver(published!, { force: true }));
      }
    },
  },
  {
    name: 'drivers: removeDriver takes a published name, not a path (E_USAGE)',
    async run({ backend }) {
      await expectInfkitError(backend.removeDriver('C:\\Windows\\INF\\oem1.inf'), 'E_USAGE', 'oem1.inf');
    },
  },
  {
    name: 'drivers: staging a missing INF fails with ERROR_FILE_NOT_FOUND',
    needs: ['drivers'],
    async run(ctx) {
      await expectWinError(ctx.backend.stageDriver(fixture(ctx, 'no-such-file.inf')), 'ERROR_FILE_NOT_FOUND');
    },
  },
];
