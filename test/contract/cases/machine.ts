// What the backend says about itself and the machine.
import assert from 'node:assert/strict';
import type { ContractCase } from '../types.js';

export const machineCases: ContractCase[] = [
  {
    name: 'info: kind, architecture and Windows version',
    async run({ backend, wine }) {
      const info = await backend.info();
      assert.equal(info.kind, backend.kind);
      assert.ok(['x86', 'amd64', 'arm64'].includes(info.arch), `arch ${info.arch}`);
      assert.match(info.osVersion, /^\d+\.\d+\.\d+$/);
      assert.equal(typeof info.elevated, 'boolean');
      assert.equal(info.wine, wine, 'Wine is detected exactly when the backend runs under it');
    },
  },
  {
    name: 'waitNoPendingInstalls: true on an idle machine',
    async run({ backend }) {
      assert.equal(await backend.waitNoPendingInstalls(2000), true);
    },
  },
];
