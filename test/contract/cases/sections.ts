// INF sections: SetupInstallFromInfSection + SetupInstallServicesFromInfSection.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { ContractCase } from '../types.js';
import { CONTRACT_KEY, expectInfkitError, expectWinError, fixture, plain, quietly, systemRoot, valueNamed } from '../util.js';

export const sectionCases: ContractCase[] = [
  {
    name: 'installSection: DefaultInstall copies its file and writes its registry values',
    needs: ['elevated', 'files'],
    async run(ctx) {
      const { backend } = ctx;
      await quietly(() => backend.registry.deleteKey('HKLM', CONTRACT_KEY));
      try {
        const result = await backend.installSection(fixture(ctx, 'defaultinstall.inf'), 'DefaultInstall');
        assert.equal(result.section, 'DefaultInstall');
        assert.equal(result.rebootRequired, false);
        assert.deepEqual(result.failures, []);

        const key = await backend.registry.readKey('HKLM', `${CONTRACT_KEY}\\section`);
        assert.ok(key, 'the section created its key');
        assert.deepEqual(plain(valueNamed(key.values, 'Greeting')), { type: 'REG_SZ', data: 'hello from DefaultInstall' });
        assert.deepEqual(plain(valueNamed(key.values, 'Answer')), { type: 'REG_DWORD', data: 42 });
        assert.deepEqual(plain(valueNamed(key.values, 'Paths')), { type: 'REG_MULTI_SZ', data: ['first', 'second'] });

        assert.ok(ctx.readMachineFile, 'the runner can read files of the machine');
        const copied = await ctx.readMachineFile(`${systemRoot(ctx)}\\System32\\infkit-contract\\payload.txt`);
        assert.ok(copied, 'payload.txt was copied to %11%\\infkit-contract');
        assert.deepEqual(Buffer.from(copied), await readFile(fixture(ctx, 'payload.txt')));
      } finally {
        await quietly(() => backend.registry.deleteKey('HKLM', CONTRACT_KEY));
      }
    },
  },
  {
    name: "installSection: mode 'hinf' runs the section as InstallHinfSection does, and reports nothing",
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      await quietly(() => backend.registry.deleteKey('HKLM', CONTRACT_KEY));
      try {
        const result = await backend.installSection(fixture(ctx, 'defaultinstall.inf'), 'RebootInstall', { mode: 'hinf', hinfMode: 128 });
        assert.deepEqual(result, { section: 'RebootInstall', rebootRequired: false, failures: [] });
        const key = await backend.registry.readKey('HKLM', `${CONTRACT_KEY}\\reboot`);
        assert.deepEqual(plain(key ? valueNamed(key.values, 'Pending') : undefined), { type: 'REG_DWORD', data: 1 });
      } finally {
        await quietly(() => backend.registry.deleteKey('HKLM', CONTRACT_KEY));
      }
    },
  },
  {
    name: 'installSection: a Reboot directive reports rebootRequired',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      try {
        const result = await backend.installSection(fixture(ctx, 'defaultinstall.inf'), 'RebootInstall');
        assert.equal(result.rebootRequired, true);
        const key = await backend.registry.readKey('HKLM', `${CONTRACT_KEY}\\reboot`);
        assert.deepEqual(plain(key ? valueNamed(key.values, 'Pending') : undefined), { type: 'REG_DWORD', data: 1 });
      } finally {
        await quietly(() => backend.registry.deleteKey('HKLM', CONTRACT_KEY));
      }
    },
  },
  {
    name: 'installSection: a missing section fails with ERROR_SECTION_NOT_FOUND',
    async run(ctx) {
      await expectWinError(
        ctx.backend.installSection(fixture(ctx, 'defaultinstall.inf'), 'NoSuchInstallSection'),
        'ERROR_SECTION_NOT_FOUND',
      );
    },
  },
  {
    name: 'installSection: a missing INF fails with ERROR_FILE_NOT_FOUND',
    async run(ctx) {
      await expectWinError(ctx.backend.installSection(fixture(ctx, 'no-such-file.inf'), 'DefaultInstall'), 'ERROR_FILE_NOT_FOUND');
    },
  },
  {
    name: 'installSection and waitNoPendingInstalls refuse a bad mode, InstallHinfSection mode or timeout (E_USAGE), changing nothing',
    async run(ctx) {
      const { backend } = ctx;
      const inf = fixture(ctx, 'defaultinstall.inf');
      await expectInfkitError(backend.installSection(inf, 'DefaultInstall', { mode: 'rundll' as 'hinf' }), 'E_USAGE', 'rundll');
      await expectInfkitError(backend.installSection(inf, 'DefaultInstall', { mode: 'hinf', hinfMode: 1.5 }), 'E_USAGE', '1.5');
      await expectInfkitError(backend.installSection(inf, 'DefaultInstall', { mode: 'hinf', hinfMode: -1 }), 'E_USAGE', '-1');
      await expectInfkitError(backend.waitNoPendingInstalls(-5), 'E_USAGE', '-5');
      await expectInfkitError(backend.waitNoPendingInstalls(Number.NaN), 'E_USAGE', 'NaN');
    },
  },
];
