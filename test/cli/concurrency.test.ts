// 16 `infkit install` processes at once on one state directory: the mock's lock
// serialises them, so no write is lost and no two packages get the same oemNN.inf.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertBuilt, cleanup, type DriverJson, example, openMachine, runJson, runProcess, tempState } from './helpers.js';

beforeAll(assertBuilt);
afterAll(cleanup);

const PROCESSES = 16;

describe('16 concurrent install processes on one state directory', () => {
  it('stage 16 different packages: all 16 are in the driver store, each with its own published name', async () => {
    const state = tempState();
    const dir = tempState();
    const original = readFileSync(example('infs/labrig.inf'), 'utf8');
    const infs = Array.from({ length: PROCESSES }, (_, i) => {
      const file = path.join(dir, `rig${i}.inf`);
      // Distinct content, so that each is its own package.
      writeFileSync(file, original.replace('DriverVer   = 11/20/2026,1.0.0.0', `DriverVer   = 11/20/2026,1.0.0.${i}`));
      return file;
    });
    // labrig.sys and the catalog sit next to each copy, as its package needs them.
    for (const name of ['labrig.sys', 'labrig.cat']) writeFileSync(path.join(dir, name), readFileSync(example(`infs/${name}`)));

    const results = await Promise.all(
      infs.map((inf) => runProcess(['install', 'package', inf, '--backend', 'mock', '--state', state, '--json'])),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const published = results.map((r) => JSON.parse(r.stdout).publishedName);
    expect(new Set(published).size).toBe(PROCESSES);

    const drivers = (await runJson(state, ['drivers'])).json.drivers;
    expect(drivers.map((d: DriverJson) => d.originalName).sort()).toEqual(infs.map((f) => path.basename(f)).sort());
  });

  it('create 16 devices: every one exists afterwards with its own instance ID', async () => {
    const state = tempState();
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, (_, i) =>
        runProcess(['install', 'device', `ROOT\\CONCURRENT${i}`, '--backend', 'mock', '--state', state, '--json']),
      ),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const ids = results.map((r) => JSON.parse(r.stdout).deviceInstanceId);
    expect(new Set(ids).size).toBe(PROCESSES);

    const backend = await openMachine(state);
    try {
      const devices = await backend.listDevices();
      for (let i = 0; i < PROCESSES; i++) {
        expect(
          devices.some((d) => d.hardwareIds.includes(`ROOT\\CONCURRENT${i}`)),
          `ROOT\\CONCURRENT${i}`,
        ).toBe(true);
      }
    } finally {
      await backend.close();
    }
  });

  it('four applies of one manifest at once: one makes the changes, the others find them made', async () => {
    const state = tempState();
    const results = await Promise.all(
      [0, 1, 2, 3].map(() => runProcess(['apply', example('lab.yaml'), '--backend', 'mock', '--state', state, '--json'])),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
    const changed = results.map((r) => JSON.parse(r.stdout).summary.changed).sort();
    expect(changed).toEqual([0, 0, 0, 8]);
    const backend = await openMachine(state);
    try {
      expect(await backend.listDevices({ hardwareId: 'ROOT\\LABRIG' })).toHaveLength(1);
    } finally {
      await backend.close();
    }
  });
});
