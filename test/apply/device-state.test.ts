// Device items with `enabled` and `state: started`, applied to the mock machine through the
// library: the change, a second apply that changes nothing, undo that restores the state
// before, a device that does not start, and the contradiction refused by the schema. Also
// a package install, which is in place once the devices run the package.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openMockBackend, type MockBackend } from '../../lib/backend/mock/index.js';
import { applyManifest, parseManifest, undoManifest } from '../../lib/apply/index.js';
import { Journal } from '../../lib/apply/journal.js';
import { InfkitError } from '../../lib/errors.js';
import { ERR, winErrorFrom } from '../../lib/backend/winerror-table.js';

const labInfs = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/lab/infs');
const manifestFile = path.join(labInfs, '..', 'device-state.yaml'); // never read: the text is given

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A fresh mock machine, with the lab's class installed and its driver staged. */
async function machine(): Promise<{ backend: MockBackend; stateDir: string }> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'infkit-device-state-'));
  dirs.push(stateDir);
  const backend = await openMockBackend({ stateDir });
  await backend.installClass(path.join(labInfs, 'labclass.inf'));
  return { backend, stateDir };
}

function manifest(device: string) {
  return parseManifest(`version: 1\ndevices:\n  - hardwareId: ROOT\\LABRIG\n${device}`, manifestFile);
}

async function only(backend: MockBackend) {
  const [device, ...others] = await backend.listDevices({ hardwareId: 'ROOT\\LABRIG' });
  expect(others).toEqual([]);
  return device!;
}

async function journalOf(stateDir: string) {
  return (await Journal.open(stateDir, manifestFile)).entries;
}

const withDriver = `    inf: ${path.join(labInfs, 'labrig.inf')}\n`;

describe('enabled: false', () => {
  it('disables a device the manifest creates; undo removes it, with nothing of its state to restore', async () => {
    const { backend, stateDir } = await machine();
    const lab = manifest(`${withDriver}    enabled: false\n`);

    const first = await applyManifest(backend, lab, { stateDir });
    expect(first.items.map((i) => [i.kind, i.status])).toEqual([
      ['device', 'changed'],
      ['device-state', 'changed'],
    ]);
    const device = await only(backend);
    expect(first.items[1]!.detail).toBe(`disabled ${device.deviceInstanceId}`);
    expect(device.problem).toMatchObject({ code: 22, name: 'CM_PROB_DISABLED' });
    expect(device.status).not.toContain('DN_STARTED');
    // The device goes with the device item's undo: nothing to remember for its state.
    expect((await journalOf(stateDir)).find((e) => e.kind === 'device-state')?.undo).toEqual({});

    const before = await journalOf(stateDir);
    const second = await applyManifest(backend, lab, { stateDir });
    expect(second.summary).toEqual({ total: 2, changed: 0, unchanged: 2, failed: 0 });
    expect(second.items[1]!.detail).toBe(`${device.deviceInstanceId} disabled`);
    expect(await journalOf(stateDir)).toEqual(before);

    const undo = await undoManifest(backend, lab, { stateDir });
    expect(undo.summary.failed).toBe(0);
    expect(await backend.listDevices({ hardwareId: 'ROOT\\LABRIG' })).toEqual([]);
    expect((await undoManifest(backend, lab, { stateDir })).summary.total).toBe(0);
  });

  it('disables a device that existed before; undo enables it again, and a second undo does nothing', async () => {
    const { backend, stateDir } = await machine();
    const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', inf: path.join(labInfs, 'labrig.inf') });
    const lab = manifest('    enabled: false\n');

    const first = await applyManifest(backend, lab, { stateDir });
    expect(first.items.map((i) => [i.kind, i.status])).toEqual([
      ['device', 'unchanged'],
      ['device-state', 'changed'],
    ]);
    expect((await only(backend)).problem?.code).toBe(22);
    expect(await journalOf(stateDir)).toMatchObject([
      { kind: 'device-state', status: 'done', undo: { deviceEnabled: [{ deviceInstanceId, enabled: true }] } },
    ]);

    expect((await applyManifest(backend, lab, { stateDir })).summary).toMatchObject({ changed: 0, unchanged: 2 });

    const undo = await undoManifest(backend, lab, { stateDir });
    expect(undo.items).toMatchObject([{ kind: 'device-state', status: 'changed' }]);
    const after = await only(backend);
    expect(after.deviceInstanceId).toBe(deviceInstanceId);
    expect(after.problem).toBeNull();
    expect(after.status).toContain('DN_STARTED');
    expect((await undoManifest(backend, lab, { stateDir })).summary.total).toBe(0);
  });

  it('a run killed after disabling leaves a pending entry that the next apply adopts, so undo still enables', async () => {
    const { backend, stateDir } = await machine();
    const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', inf: path.join(labInfs, 'labrig.inf') });
    // What the killed run left: the entry written before the change, and the change.
    const killed = await Journal.open(stateDir, manifestFile);
    await killed.pending('device-state:ROOT\\LABRIG', 'device-state', '/devices/0', {
      deviceEnabled: [{ deviceInstanceId, enabled: true }],
    });
    await backend.setDeviceEnabled(deviceInstanceId, false);
    const lab = manifest('    enabled: false\n');

    expect((await applyManifest(backend, lab, { stateDir })).summary.changed).toBe(0);
    expect(await journalOf(stateDir)).toMatchObject([{ status: 'done', undo: { deviceEnabled: [{ deviceInstanceId, enabled: true }] } }]);
    await undoManifest(backend, lab, { stateDir });
    expect((await only(backend)).problem).toBeNull();
  });

  it('a dry run says what it would disable and changes nothing', async () => {
    const { backend, stateDir } = await machine();
    const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', inf: path.join(labInfs, 'labrig.inf') });
    const dry = await applyManifest(backend, manifest('    enabled: false\n'), { stateDir, dryRun: true });
    expect(dry.items[1]).toMatchObject({ status: 'would-change', detail: `disable ${deviceInstanceId} (started)` });
    expect((await only(backend)).problem).toBeNull();
    expect(await journalOf(stateDir)).toEqual([]);
  });
});

describe('enabled: true', () => {
  it('enables a disabled device; undo disables it again', async () => {
    const { backend, stateDir } = await machine();
    const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', inf: path.join(labInfs, 'labrig.inf') });
    await backend.setDeviceEnabled(deviceInstanceId, false);
    const lab = manifest('    enabled: true\n');

    expect((await applyManifest(backend, lab, { stateDir })).items[1]).toMatchObject({
      status: 'changed',
      detail: `enabled ${deviceInstanceId}`,
    });
    expect((await only(backend)).problem).toBeNull();
    await undoManifest(backend, lab, { stateDir });
    expect((await only(backend)).problem?.code).toBe(22);
  });

  it('on a device that is enabled, changes nothing and journals nothing', async () => {
    const { backend, stateDir } = await machine();
    await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', inf: path.join(labInfs, 'labrig.inf') });
    const report = await applyManifest(backend, manifest('    enabled: true\n    state: started\n'), { stateDir });
    expect(report.summary).toEqual({ total: 2, changed: 0, unchanged: 2, failed: 0 });
    expect(await journalOf(stateDir)).toEqual([]);
  });
});

describe('state: started', () => {
  it('restarts a device that waits for a restart, once', async () => {
    const { backend, stateDir } = await machine();
    const { deviceInstanceId } = await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', inf: path.join(labInfs, 'labrig.inf') });
    await backend.setRestartPending(deviceInstanceId);
    expect((await only(backend)).problem?.code).toBe(14);
    const lab = manifest('    state: started\n');

    const report = await applyManifest(backend, lab, { stateDir });
    expect(report.items[1]).toMatchObject({ kind: 'device-state', status: 'changed', detail: `restarted ${deviceInstanceId}` });
    expect((await only(backend)).status).toContain('DN_STARTED');
    expect((await applyManifest(backend, lab, { stateDir })).summary.changed).toBe(0);
  });

  it('is checked after the packages installed on the device, and a second apply changes nothing', async () => {
    const { backend, stateDir } = await machine();
    const inf = path.join(labInfs, 'labrig.inf');
    const lab = parseManifest(
      `version: 1\npackages:\n  - inf: ${inf}\n    action: install\n    hardwareId: ROOT\\LABRIG\ndevices:\n  - hardwareId: ROOT\\LABRIG\n    class: LabRig\n    state: started\n`,
      manifestFile,
    );
    const first = await applyManifest(backend, lab, { stateDir });
    expect(first.items.map((i) => [i.kind, i.status])).toEqual([
      ['device', 'changed'], // without a driver: problem 28
      ['package', 'changed'],
      ['device-state', 'unchanged'],
    ]);
    expect((await only(backend)).driver).toMatchObject({ originalInf: 'labrig.inf' });
    expect((await applyManifest(backend, lab, { stateDir })).summary).toEqual({ total: 3, changed: 0, unchanged: 3, failed: 0 });
    await undoManifest(backend, lab, { stateDir });
    expect(await backend.listDevices({ hardwareId: 'ROOT\\LABRIG' })).toEqual([]);
    expect(await backend.listDrivers()).toEqual([]);
  });

  it('fails the item with the problem code and name of a device that does not start after a restart', async () => {
    const { backend, stateDir } = await machine();
    const report = await applyManifest(backend, manifest('    state: started\n'), { stateDir }); // no driver: problem 28
    expect(report.items.map((i) => [i.kind, i.status])).toEqual([
      ['device', 'changed'],
      ['device-state', 'failed'],
    ]);
    const { deviceInstanceId } = await only(backend);
    expect(report.items[1]!.error).toMatchObject({
      error: 'E_DEVICE_PROBLEM',
      deviceInstanceId,
      problem: { code: 28, name: 'CM_PROB_FAILED_INSTALL' },
    });
    expect(report.items[1]!.detail).toBe(
      `${deviceInstanceId} does not run after a restart: problem 28 CM_PROB_FAILED_INSTALL (The drivers for this device are not installed.)`,
    );
    // Undo still removes the device the manifest created.
    await undoManifest(backend, manifest('    state: started\n'), { stateDir });
    expect(await backend.listDevices({ hardwareId: 'ROOT\\LABRIG' })).toEqual([]);
  });
  it('reports a failed restart with the problem it did not cure', async () => {
    const { backend, stateDir } = await machine();
    const restartFails = new Proxy(backend, {
      get(target, key) {
        if (key === 'restartDevice') return () => Promise.reject(winErrorFrom(ERR.GEN_FAILURE, 'SetupDiSetClassInstallParamsW'));
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const report = await applyManifest(restartFails, manifest('    state: started\n'), { stateDir });
    const { deviceInstanceId } = await only(backend);
    expect(report.items[1]!.error).toMatchObject({
      error: 'E_DEVICE_PROBLEM',
      problem: { code: 28 },
      restart: { error: 'WinError', name: 'ERROR_GEN_FAILURE', api: 'SetupDiSetClassInstallParamsW' },
    });
    expect(report.items[1]!.detail).toMatch(
      new RegExp(
        `^${deviceInstanceId.replace(/\\/g, '\\\\')} does not run, and its restart failed \\(SetupDiSetClassInstallParamsW failed: ERROR_GEN_FAILURE .*\\): problem 28 CM_PROB_FAILED_INSTALL`,
      ),
    );
  });
});

describe('packages: install', () => {
  it('a staged package counts as installed only when the device runs it', async () => {
    const { backend, stateDir } = await machine();
    const inf = path.join(labInfs, 'labrig.inf');
    await backend.stageDriver(inf);
    await backend.createDevice({ hardwareId: 'ROOT\\LABRIG', className: 'LabRig' });
    const lab = parseManifest(`version: 1\npackages:\n  - inf: ${inf}\n    action: install\n    hardwareId: ROOT\\LABRIG\n`, manifestFile);
    expect((await applyManifest(backend, lab, { stateDir })).items).toMatchObject([{ kind: 'package', status: 'changed' }]);
    expect((await only(backend)).problem).toBeNull();
    expect((await applyManifest(backend, lab, { stateDir })).items).toMatchObject([{ kind: 'package', status: 'unchanged' }]);
  });
});

describe('the manifest', () => {
  it('refuses state: started with enabled: false before anything is done', () => {
    const refuse = () => manifest('    enabled: false\n    state: started\n');
    expect(refuse).toThrow(InfkitError);
    expect(refuse).toThrow(/^\/devices\/0: 'state: started' cannot be met by a device with 'enabled: false'/);
  });

  it('admits enabled: true with state: started, and names a bad state', () => {
    expect(manifest('    enabled: true\n    state: started\n').devices[0]).toMatchObject({ enabled: true, state: 'started' });
    expect(() => manifest('    state: running\n')).toThrow(/\/devices\/0\/state: must be one of started/);
    expect(() => manifest('    enabled: "no"\n')).toThrow(/\/devices\/0\/enabled: must be boolean/);
  });
});
