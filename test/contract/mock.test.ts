// The contract suite against the mock backend: every case on a fresh mock machine.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, it } from 'vitest';
import { openMockBackend, type MockBackend } from '../../lib/backend/mock/index.js';
import { contractCases } from './suite.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/contract');

describe('contract suite: mock backend', () => {
  let dir: string | undefined;
  let backend: MockBackend | undefined;

  afterEach(async () => {
    await backend?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    backend = undefined;
    dir = undefined;
  });

  for (const c of contractCases) {
    it(c.name, async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'infkit-contract-'));
      const mock = await openMockBackend({ stateDir: path.join(dir, 'state') });
      backend = mock;
      await c.run({
        backend: mock,
        fixtures,
        tmpDir: dir,
        wine: false,
        readMachineFile: (p) => mock.readMachineFile(p),
        standardUser: () => openMockBackend({ stateDir: path.join(dir!, 'state'), elevated: false }),
      });
    });
  }
});
