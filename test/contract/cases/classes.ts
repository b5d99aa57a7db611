// Setup classes: SetupDiBuildClassInfoListEx, SetupDiClassGuidsFromName, SetupDiInstallClass.
import assert from 'node:assert/strict';
import type { ContractCase } from '../types.js';
import {
  CLASS_KEY,
  GUIDS,
  assertGuidForm,
  assertIeq,
  expectInfkitError,
  expectWinError,
  fixture,
  ieq,
  plain,
  quietly,
  valueNamed,
} from '../util.js';

/** System-defined setup classes and their real GUIDs (devguid.h). */
const KNOWN_CLASSES: Record<string, string> = {
  '{4D36E97D-E325-11CE-BFC1-08002BE10318}': 'System',
  '{4D36E968-E325-11CE-BFC1-08002BE10318}': 'Display',
  '{4D36E96E-E325-11CE-BFC1-08002BE10318}': 'Monitor',
  '{4D36E972-E325-11CE-BFC1-08002BE10318}': 'Net',
  '{4D36E96B-E325-11CE-BFC1-08002BE10318}': 'Keyboard',
  '{4D36E96F-E325-11CE-BFC1-08002BE10318}': 'Mouse',
  '{4D36E967-E325-11CE-BFC1-08002BE10318}': 'DiskDrive',
  '{71A27CDD-812A-11D0-BEC7-08002BE2092F}': 'Volume',
  '{36FC9E60-C465-11CF-8056-444553540000}': 'USB',
  '{745A17A0-74D3-11D0-B6FE-00A0C90F57DA}': 'HIDClass',
  '{4D36E978-E325-11CE-BFC1-08002BE10318}': 'Ports',
  '{8ECC055D-047F-11D1-A537-0000F8753ED1}': 'LegacyDriver',
};

export const classCases: ContractCase[] = [
  {
    name: 'listClasses: system classes carry their real GUIDs and names',
    async run({ backend }) {
      const classes = await backend.listClasses();
      assert.ok(classes.length > 0, 'the class list is not empty');
      for (const c of classes) assertGuidForm(c.guid, `class ${c.name}`);
      const known = classes.filter((c) => KNOWN_CLASSES[c.guid] !== undefined);
      assert.ok(known.length > 0, 'at least one system-defined class is listed');
      for (const c of known) assertIeq(c.name, KNOWN_CLASSES[c.guid]!, `name of ${c.guid}`);
      const guids = classes.map((c) => c.guid);
      assert.equal(new Set(guids).size, guids.length, 'each class is listed once');
    },
  },
  {
    name: 'classGuidsFromName: finds a listed class by name in any case, and nothing for an unknown name',
    async run({ backend }) {
      const classes = await backend.listClasses();
      const known = classes.find((c) => KNOWN_CLASSES[c.guid] !== undefined);
      assert.ok(known, 'a system-defined class is listed');
      const found = await backend.classGuidsFromName(known.name.toLowerCase());
      assert.ok(found.includes(known.guid), `${known.name} → ${known.guid} (got ${found.join(', ')})`);
      assert.deepEqual(await backend.classGuidsFromName('InfkitNoSuchClassName'), []);
    },
  },
  {
    name: 'installClass: creates the class with its friendly name and AddReg values',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      await quietly(() => backend.removeClass(GUIDS.contractClass));
      try {
        const result = await backend.installClass(fixture(ctx, 'class.inf'));
        assert.equal(result.classGuid, GUIDS.contractClass);
        assert.equal(result.className, 'InfkitContract');
        assert.equal(result.alreadyExisted, false);
        assert.equal(result.rebootRequired, false);

        const listed = (await backend.listClasses()).find((c) => c.guid === GUIDS.contractClass);
        assert.ok(listed, 'the new class is in listClasses');
        assert.equal(listed.name, 'InfkitContract');
        assert.equal(listed.description, 'infkit contract test class');
        assert.equal(listed.icon, '-5');
        assert.equal(listed.noInstallClass, false);
        assert.equal(listed.noDisplayClass, false);
        assert.ok((await backend.classGuidsFromName('infkitcontract')).includes(GUIDS.contractClass));

        const key = await backend.registry.readKey('HKLM', `${CLASS_KEY}\\${GUIDS.contractClass}`);
        assert.ok(key, 'the class key exists');
        assert.deepEqual(plain(valueNamed(key.values, 'Class')), { type: 'REG_SZ', data: 'InfkitContract' });
        assert.deepEqual(plain(valueNamed(key.values, 'InfkitMarker')), { type: 'REG_DWORD', data: 1 });
        assert.deepEqual(plain(valueNamed(key.values, '')), { type: 'REG_SZ', data: 'infkit contract test class' });
      } finally {
        await quietly(() => backend.removeClass(GUIDS.contractClass));
      }
    },
  },
  {
    name: 'installClass: a second install reports alreadyExisted and ignores [ClassInstall32]',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      await quietly(() => backend.removeClass(GUIDS.contractClass));
      try {
        await backend.installClass(fixture(ctx, 'class.inf'));
        const again = await backend.installClass(fixture(ctx, 'class-v2.inf'));
        assert.equal(again.alreadyExisted, true);
        assert.equal(again.classGuid, GUIDS.contractClass);
        const key = await backend.registry.readKey('HKLM', `${CLASS_KEY}\\${GUIDS.contractClass}`);
        assert.ok(key);
        assert.deepEqual(plain(valueNamed(key.values, 'InfkitMarker')), { type: 'REG_DWORD', data: 1 }, 'the second INF wrote nothing');
        const listed = (await backend.listClasses()).find((c) => c.guid === GUIDS.contractClass);
        assert.equal(listed?.description, 'infkit contract test class');
      } finally {
        await quietly(() => backend.removeClass(GUIDS.contractClass));
      }
    },
  },
  {
    name: 'listClasses: DIBCI_NOINSTALLCLASS and DIBCI_NODISPLAYCLASS leave out flagged classes',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      await quietly(() => backend.removeClass(GUIDS.hiddenClass));
      await quietly(() => backend.removeClass(GUIDS.contractClass));
      try {
        await backend.installClass(fixture(ctx, 'class-hidden.inf'));
        await backend.installClass(fixture(ctx, 'class.inf'));
        const all = await backend.listClasses();
        const hidden = all.find((c) => c.guid === GUIDS.hiddenClass);
        assert.ok(hidden, 'unfiltered, the flagged class is listed');
        assert.equal(hidden.noInstallClass, true);
        assert.equal(hidden.noDisplayClass, true);

        for (const options of [{ excludeNoInstall: true }, { excludeNoDisplay: true }]) {
          const filtered = await backend.listClasses(options);
          const flag = options.excludeNoInstall ? 'noInstallClass' : 'noDisplayClass';
          assert.ok(!filtered.some((c) => c.guid === GUIDS.hiddenClass), `${JSON.stringify(options)} leaves the flagged class out`);
          assert.ok(
            filtered.some((c) => c.guid === GUIDS.contractClass),
            `${JSON.stringify(options)} keeps an unflagged class`,
          );
          assert.ok(!filtered.some((c) => c[flag]), `${JSON.stringify(options)} leaves out every ${flag} class`);
        }
      } finally {
        await quietly(() => backend.removeClass(GUIDS.hiddenClass));
        await quietly(() => backend.removeClass(GUIDS.contractClass));
      }
    },
  },
  {
    name: 'removeClass: the class key and the listed class are gone',
    needs: ['elevated'],
    async run(ctx) {
      const { backend } = ctx;
      await backend.installClass(fixture(ctx, 'class.inf'));
      await backend.removeClass(GUIDS.contractClass.toLowerCase());
      assert.ok(!(await backend.listClasses()).some((c) => c.guid === GUIDS.contractClass));
      assert.equal(await backend.registry.readKey('HKLM', `${CLASS_KEY}\\${GUIDS.contractClass}`), null);
      assert.deepEqual(await backend.classGuidsFromName('InfkitContract'), []);
    },
  },
  {
    name: 'removeClass and removeInterfaceClass: removing what is not there is no error (undo is idempotent)',
    needs: ['elevated'],
    async run({ backend }) {
      await backend.removeClass('{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1BFF}');
      await backend.removeInterfaceClass('{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1BFE}');
    },
  },
  {
    name: 'installClass: a missing INF fails with ERROR_FILE_NOT_FOUND',
    async run(ctx) {
      await expectWinError(ctx.backend.installClass(fixture(ctx, 'no-such-file.inf')), 'ERROR_FILE_NOT_FOUND');
    },
  },
  {
    name: 'installClass: a malformed ClassGUID fails with ERROR_INVALID_CLASS',
    async run(ctx) {
      await expectWinError(ctx.backend.installClass(fixture(ctx, 'bad-guid.inf')), 'ERROR_INVALID_CLASS');
      assert.ok(!(await ctx.backend.listClasses()).some((c) => ieq(c.name, 'InfkitBadGuid')), 'no class was created');
    },
  },
  {
    name: 'a malformed GUID argument is refused with E_USAGE naming it',
    async run({ backend }) {
      await expectInfkitError(backend.removeClass('{not-a-guid}'), 'E_USAGE', 'not-a-guid');
      await expectInfkitError(backend.listInterfaces({ classGuid: 'zz-not-a-guid' }), 'E_USAGE', 'zz-not-a-guid');
      await expectInfkitError(
        backend.registerInterface({ deviceInstanceId: 'ROOT\\SYSTEM\\0000', classGuid: '{1234}' }),
        'E_USAGE',
        '{1234}',
      );
    },
  },
];
