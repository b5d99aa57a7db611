// Registry access (RegistryAccess): the planner and `apply --undo` depend on it.
import assert from 'node:assert/strict';
import type { RegistryValue } from '../../../lib/backend/types.js';
import type { ContractCase } from '../types.js';
import { CONTRACT_KEY, expectInfkitError, expectWinError, plain, quietly, valueNamed } from '../util.js';

const KEY = `${CONTRACT_KEY}\\registry`;

const VALUES: Array<[string, RegistryValue]> = [
  ['', { type: 'REG_SZ', data: 'the default value' }],
  ['Text', { type: 'REG_SZ', data: 'héllo wörld' }],
  ['Expand', { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\infkit' }],
  ['List', { type: 'REG_MULTI_SZ', data: ['one', 'two', 'three'] }],
  ['Dword', { type: 'REG_DWORD', data: 0xfffffffe }],
  ['Qword', { type: 'REG_QWORD', data: 2n ** 40n + 7n }],
  ['Bytes', { type: 'REG_BINARY', data: new Uint8Array([0, 1, 254, 255]) }],
];

export const registryCases: ContractCase[] = [
  {
    name: 'registry: values of every type round-trip, then deleteValue and deleteKey remove them',
    needs: ['elevated'],
    async run({ backend }) {
      const reg = backend.registry;
      await quietly(() => reg.deleteKey('HKLM', CONTRACT_KEY));
      try {
        assert.equal(await reg.readKey('HKLM', KEY), null, 'a missing key reads as null');
        for (const [name, value] of VALUES) await reg.setValue('HKLM', KEY, name, value);
        await reg.setValue('HKLM', `${KEY}\\Child`, 'x', { type: 'REG_DWORD', data: 1 });

        const key = await reg.readKey('HKLM', KEY);
        assert.ok(key);
        for (const [name, value] of VALUES) {
          assert.deepEqual(plain(valueNamed(key.values, name)), plain(value), `value ${JSON.stringify(name)}`);
        }
        assert.deepEqual(key.subkeys, ['Child']);

        await reg.deleteValue('HKLM', KEY, 'Text');
        const after = await reg.readKey('HKLM', KEY);
        assert.equal(valueNamed(after!.values, 'Text'), undefined, 'the deleted value is gone');
        assert.ok(valueNamed(after!.values, 'List'), 'the others stay');
        await expectWinError(reg.deleteValue('HKLM', KEY, 'Text'), 'ERROR_FILE_NOT_FOUND');

        await reg.deleteKey('HKLM', KEY);
        assert.equal(await reg.readKey('HKLM', KEY), null);
        assert.equal(await reg.readKey('HKLM', `${KEY}\\Child`), null, 'subkeys go with their key');
        await reg.deleteKey('HKLM', KEY); // no error for a key that does not exist
      } finally {
        await quietly(() => reg.deleteKey('HKLM', CONTRACT_KEY));
      }
    },
  },
  {
    name: 'registry: a registry root cannot be deleted, and data must fit its type (E_USAGE)',
    async run({ backend }) {
      const reg = backend.registry;
      await quietly(() => reg.deleteKey('HKLM', CONTRACT_KEY));
      await expectInfkitError(reg.deleteKey('HKLM', ''), 'E_USAGE');
      await expectInfkitError(
        reg.setValue('HKLM', KEY, 'Bad', { type: 'REG_DWORD', data: 'forty-two' as unknown as number }),
        'E_USAGE',
        'Bad',
      );
      assert.equal(await reg.readKey('HKLM', KEY), null, 'nothing was written');
    },
  },
  {
    name: 'registry: key paths are case-insensitive',
    needs: ['elevated'],
    async run({ backend }) {
      const reg = backend.registry;
      try {
        await reg.setValue('HKLM', `${KEY}\\Mixed`, 'Name', { type: 'REG_SZ', data: 'v' });
        const key = await reg.readKey('HKLM', `${KEY.toUpperCase()}\\MIXED`);
        assert.deepEqual(plain(key ? valueNamed(key.values, 'name') : undefined), { type: 'REG_SZ', data: 'v' });
      } finally {
        await quietly(() => reg.deleteKey('HKLM', CONTRACT_KEY));
      }
    },
  },
];
