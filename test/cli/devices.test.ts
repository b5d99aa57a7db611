// `infkit devices`, `device`, `rescan` and the idempotent `install device|package`, run as
// child processes on the mock machine: a whole test-rig run step by step, each step's JSON and
// exit code, and the failures a lab script must be able to tell apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cleanup, type DeviceJson, example, finished, openMachine, run, runJson, start, tempState } from './helpers.js';

const LABRIG = 'ROOT\\LABRIG';

beforeAll(assertBuilt);
afterAll(cleanup);

/** The one device with this instance ID, as `devices --all --json` shows it. */
async function deviceIn(state: string, id: string) {
  const { code, json } = await runJson(state, ['devices', '--all', '--id', id]);
  expect(code).toBe(0);
  expect(json.devices).toHaveLength(1);
  return json.devices[0];
}

/** A state with the LabRig class and a root device ROOT\LABRIG (no driver yet: problem 28). */
async function rigWithDevice(): Promise<{ state: string; id: string }> {
  const state = tempState();
  expect((await runJson(state, ['install', 'class', example('infs/labclass.inf')])).code).toBe(0);
  const created = await runJson(state, ['install', 'device', LABRIG, '--class', 'LabRig']);
  expect(created.code).toBe(0);
  return { state, id: created.json.deviceInstanceId };
}

describe('a test-rig run on the mock machine', () => {
  it('installs, waits for the device to start, disables, enables, restarts, rescans and removes it', async () => {
    const state = tempState();
    // 1. A class and a staged package.
    expect((await runJson(state, ['install', 'class', example('infs/labclass.inf')])).json.changed).toBe(true);
    const staged = await runJson(state, ['install', 'package', example('infs/labrig.inf')]);
    expect(staged.code).toBe(0);
    const publishedName: string = staged.json.publishedName;
    expect(publishedName).toMatch(/^oem\d+\.inf$/);

    // 2. A root device, created without a driver: Windows' CM_PROB_FAILED_INSTALL.
    const created = await runJson(state, ['install', 'device', LABRIG, '--class', 'LabRig']);
    expect(created.code).toBe(0);
    expect(created.json).toMatchObject({ hardwareId: LABRIG, changed: true, rebootRequired: false });
    const id: string = created.json.deviceInstanceId;
    expect(id).toMatch(/^ROOT\\LABRIG\\\d{4}$/);
    const driverless = await deviceIn(state, id);
    expect(driverless).toMatchObject({ present: true, driver: null, problem: { code: 28, name: 'CM_PROB_FAILED_INSTALL' } });
    expect(driverless.status).toContain('DN_HAS_PROBLEM');

    // 3. `devices --wait --started` returns once a rescan has installed the staged package.
    // The waiter is a process of its own: the rescan runs meanwhile, in this one.
    const waiting = runJson(state, ['devices', '--wait', LABRIG, '--started', '--timeout', '20s'], { process: true });
    await new Promise((resolve) => setTimeout(resolve, 400));
    const rescanned = await runJson(state, ['rescan', '--timeout', '5s']);
    expect(rescanned.code).toBe(0);
    expect(rescanned.json).toEqual({ pendingFinished: true });
    const waited = await waiting;
    expect(waited.code, waited.stderr).toBe(0);
    expect(waited.json).toMatchObject({ pattern: LABRIG, started: true, found: true });
    expect(waited.json.waitedMs).toBeGreaterThanOrEqual(0);
    const running = waited.json.devices[0];
    expect(running).toMatchObject({ deviceInstanceId: id, present: true, problem: null, className: 'LabRig', service: 'LabRig' });
    expect(running.status).toContain('DN_STARTED');
    expect(running.driver).toMatchObject({
      publishedName,
      originalInf: 'labrig.inf',
      version: '1.0.0.0',
      date: '2026-11-20',
      matchingId: expect.stringMatching(/^root\\labrig$/i),
    });
    // Every documented field, in the documented order.
    expect(Object.keys(running)).toEqual([
      'deviceInstanceId',
      'hardwareIds',
      'compatibleIds',
      'classGuid',
      'className',
      'description',
      'present',
      'status',
      'problem',
      'driver',
      'service',
    ]);
    expect(Object.keys(running.driver)).toEqual([
      'publishedName',
      'originalInf',
      'section',
      'provider',
      'version',
      'date',
      'matchingId',
      'rank',
    ]);

    // 4. Disable: problem 22, listed by --problem; a second disable changes nothing.
    const disabled = await runJson(state, ['device', 'disable', id]);
    expect(disabled.code).toBe(0);
    expect(disabled.json).toEqual({
      dryRun: false,
      results: [{ deviceInstanceId: id, action: 'disable', changed: true, rebootRequired: false }],
      changed: true,
      rebootRequired: false,
    });
    expect((await deviceIn(state, id)).problem).toMatchObject({ code: 22, name: 'CM_PROB_DISABLED' });
    const byProblem = await runJson(state, ['devices', '--problem', 'CM_PROB_DISABLED']);
    expect(byProblem.json.devices.map((d: DeviceJson) => d.deviceInstanceId)).toEqual([id]);
    expect((await runJson(state, ['devices', '--problem', '22'])).json.devices).toHaveLength(1);
    expect((await runJson(state, ['devices', '--problem', '28'])).json.devices).toEqual([]);
    const again = await runJson(state, ['device', 'disable', '--hardware-id', 'root\\lab*']);
    expect(again.code).toBe(0);
    expect(again.json.results).toEqual([{ deviceInstanceId: id, action: 'disable', changed: false, rebootRequired: false }]);
    expect(again.json.changed).toBe(false);

    // ... then enable: started again with no problem.
    const enabled = await runJson(state, ['device', 'enable', id.toLowerCase()]);
    expect(enabled.json.results).toEqual([{ deviceInstanceId: id, action: 'enable', changed: true, rebootRequired: false }]);
    const back = await deviceIn(state, id);
    expect(back.problem).toBeNull();
    expect(back.status).toContain('DN_STARTED');

    // Restart.
    const restarted = await runJson(state, ['device', 'restart', id]);
    expect(restarted.json.results).toEqual([{ deviceInstanceId: id, action: 'restart', changed: true, rebootRequired: false }]);

    // 5. A rescan with nothing to install leaves the device as it is.
    expect((await runJson(state, ['rescan'])).json).toEqual({ pendingFinished: true });
    expect((await deviceIn(state, id)).driver.publishedName).toBe(publishedName);

    // 6. Remove: gone from every list; removing it again is an error, not a silent success.
    const removed = await runJson(state, ['device', 'remove', id]);
    expect(removed.code).toBe(0);
    expect(removed.json.results).toEqual([{ deviceInstanceId: id, action: 'remove', changed: true, rebootRequired: false }]);
    expect((await runJson(state, ['devices', '--all', '--id', id])).json.devices).toEqual([]);
    // Removing is idempotent: a device that is not there is removed already.
    const gone = await runJson(state, ['device', 'remove', id]);
    expect(gone.code).toBe(0);
    expect(gone.json).toMatchObject({ results: [{ deviceInstanceId: id, action: 'remove', changed: false }], changed: false });
  });
});

describe('infkit devices', () => {
  it('lists present devices sorted by instance ID, one text line each with status and driver', async () => {
    const { state, id } = await rigWithDevice();
    const { code, json } = await runJson(state, ['devices']);
    expect(code).toBe(0);
    const ids = json.devices.map((d: DeviceJson) => d.deviceInstanceId);
    expect(ids).toContain(id);
    expect(ids).toEqual([...ids].sort((a: string, b: string) => (a.toUpperCase() < b.toUpperCase() ? -1 : 1)));
    expect(json.devices.every((d: DeviceJson) => d.present)).toBe(true);
    const text = await run(['devices', '--backend', 'mock', '--state', state]);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ids.length);
    expect(lines.find((l) => l.startsWith(id))).toMatch(/LabRig\s+problem 28 CM_PROB_FAILED_INSTALL\s+ROOT\\LABRIG\s+-$/);
    expect(lines.find((l) => l.startsWith('ACPI\\PNP0303'))).toMatch(/Keyboard\s+started\s+Standard PS\/2 Keyboard\s+keyboard\.inf$/);
  });

  it('filters by class, hardware ID pattern and instance ID pattern', async () => {
    const { state, id } = await rigWithDevice();
    const only = async (...args: string[]) =>
      (await runJson(state, ['devices', ...args])).json.devices.map((d: DeviceJson) => d.deviceInstanceId);
    expect(await only('--class', 'LabRig')).toEqual([id]);
    expect(await only('--class', '{6b5c2a10-4e4b-4c1e-9a52-2d7f1c0b0a01}')).toEqual([id]);
    expect(await only('--hardware-id', 'root\\lab?ig')).toEqual([id]);
    expect(await only('--id', 'ROOT\\*')).toEqual([id]);
    expect(await only('--hardware-id', '*PNP0303')).toEqual(['ACPI\\PNP0303\\4&2B8A7C1&0']);
    expect(await only('--problem')).toEqual([id]);
    const withLinks = (await runJson(state, ['devices', '--id', id, '--interfaces'])).json.devices[0];
    expect(withLinks.interfaces).toEqual([]);
  });

  it('refuses bad options with exit 2', async () => {
    const state = tempState();
    const code = async (...args: string[]) => (await run(['devices', ...args, '--backend', 'mock', '--state', state])).code;
    expect(await code('--present', '--all')).toBe(2);
    expect(await code('--problem', 'CM_PROB_NO_SUCH_THING')).toBe(2);
    expect(await code('--started')).toBe(2);
    expect(await code('--wait', LABRIG, '--timeout', 'soon')).toBe(2);
    expect(await code('--wait', LABRIG, '--hardware-id', 'X')).toBe(2);
  });
});

describe('infkit devices --wait', () => {
  it('times out with exit 1, naming the problem of the device it found', async () => {
    const { state, id } = await rigWithDevice();
    const began = Date.now();
    const waited = await runJson(state, ['devices', '--wait', LABRIG, '--started', '--timeout', '600ms']);
    expect(Date.now() - began).toBeGreaterThanOrEqual(600);
    expect(waited.code).toBe(1);
    expect(waited.json).toMatchObject({ pattern: LABRIG, started: true, found: false });
    expect(waited.json.devices.map((d: DeviceJson) => [d.deviceInstanceId, d.problem?.code, d.problem?.name])).toEqual([
      [id, 28, 'CM_PROB_FAILED_INSTALL'],
    ]);
    expect(waited.stderr).toContain(`no device matching '${LABRIG}' started within 0.6s: ${id}: problem 28 CM_PROB_FAILED_INSTALL`);
    // Without --started the device that is there is enough.
    const present = await runJson(state, ['devices', '--wait', 'ROOT\\LABRIG\\*', '--timeout', '600ms']);
    expect(present.code).toBe(0);
    expect(present.json.found).toBe(true);
  });

  it('says that no device matches when none is there', async () => {
    const waited = await runJson(tempState(), ['devices', '--wait', 'ROOT\\NOTHING', '--timeout', '300ms']);
    expect(waited.code).toBe(1);
    expect(waited.json).toMatchObject({ found: false, devices: [] });
    expect(waited.stderr).toContain('no present device matches');
  });

  it('ends cleanly on Ctrl-C with exit 130', async () => {
    const child = start(['devices', '--wait', 'ROOT\\NOTHING', '--timeout', '30s', '--backend', 'mock', '--state', tempState(), '--json']);
    const done = finished(child);
    // Long enough for the process to start and install its handler on a loaded machine.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(130);
    expect(JSON.parse(result.stdout)).toMatchObject({ found: false, devices: [] });
    expect(result.stderr).toMatch(/interrupted/);
  });
});

describe('infkit device', () => {
  it('a pattern or an ID that matches nothing is E_NOT_FOUND, and nothing changes', async () => {
    const { state, id } = await rigWithDevice();
    const pattern = await runJson(state, ['device', 'disable', '--hardware-id', 'ROOT\\NOPE*']);
    expect(pattern.code).toBe(1);
    expect(pattern.json.error).toBe('E_NOT_FOUND');
    const ids = await runJson(state, ['device', 'disable', id, 'ROOT\\NOPE\\0000']);
    expect(ids.code).toBe(1);
    expect(ids.json).toMatchObject({ error: 'E_NOT_FOUND', message: expect.stringContaining('ROOT\\NOPE\\0000') });
    expect((await deviceIn(state, id)).problem.code).toBe(28); // not disabled: the IDs are checked first
    expect((await run(['device', 'enable', '--backend', 'mock', '--state', state])).code).toBe(2);
  });

  it('--dry-run says what would change and changes nothing', async () => {
    const { state, id } = await rigWithDevice();
    const dry = await runJson(state, ['device', 'disable', id, '--dry-run']);
    expect(dry.json).toEqual({
      dryRun: true,
      results: [{ deviceInstanceId: id, action: 'disable', changed: true, rebootRequired: false }],
      changed: true,
      rebootRequired: false,
    });
    expect((await runJson(state, ['device', 'enable', id, '--dry-run'])).json.changed).toBe(false);
    expect((await deviceIn(state, id)).problem.code).toBe(28);
  });

  it('restart ends a wait for a restart (problem 14)', async () => {
    const { state, id } = await rigWithDevice();
    await runJson(state, ['install', 'package', example('infs/labrig.inf'), '--hardware-id', LABRIG]);
    const backend = await openMachine(state);
    try {
      await backend.setRestartPending(id);
    } finally {
      await backend.close();
    }
    expect((await deviceIn(state, id)).problem).toMatchObject({ code: 14, name: 'CM_PROB_NEED_RESTART' });
    const restarted = await runJson(state, ['device', 'restart', '--hardware-id', LABRIG]);
    expect(restarted.code).toBe(0);
    expect(restarted.json.results[0]).toMatchObject({ deviceInstanceId: id, changed: true });
    expect((await deviceIn(state, id)).problem).toBeNull();
  });
});

describe('idempotent installs', () => {
  it('install device twice makes one device; --another makes a second', async () => {
    const state = tempState();
    const first = await runJson(state, ['install', 'device', LABRIG]);
    const second = await runJson(state, ['install', 'device', LABRIG.toLowerCase()]);
    expect(second.code).toBe(0);
    expect(second.json).toEqual({
      dryRun: false,
      hardwareId: LABRIG.toLowerCase(),
      deviceInstanceId: first.json.deviceInstanceId,
      changed: false,
      rebootRequired: false,
    });
    expect((await runJson(state, ['devices', '--hardware-id', LABRIG])).json.devices).toHaveLength(1);
    const dry = await runJson(state, ['install', 'device', LABRIG, '--dry-run']);
    expect(dry.json).toMatchObject({ dryRun: true, changed: false, deviceInstanceId: first.json.deviceInstanceId });
    const another = await runJson(state, ['install', 'device', LABRIG, '--another']);
    expect(another.json.changed).toBe(true);
    expect(another.json.deviceInstanceId).not.toBe(first.json.deviceInstanceId);
    expect((await runJson(state, ['devices', '--hardware-id', LABRIG])).json.devices).toHaveLength(2);
  });

  it("install package --hardware-id reports each device's driver, and changed: false when it already runs the package", async () => {
    const { state, id } = await rigWithDevice();
    const first = await runJson(state, ['install', 'package', example('infs/labrig.inf'), '--hardware-id', LABRIG]);
    expect(first.code).toBe(0);
    const driver = { publishedName: first.json.publishedName, originalInf: 'labrig.inf', version: '1.0.0.0' };
    expect(first.json).toMatchObject({
      hardwareId: LABRIG,
      changed: true,
      devices: [{ deviceInstanceId: id, changed: true, driver }],
      rebootRequired: false,
    });
    const second = await runJson(state, ['install', 'package', example('infs/labrig.inf'), '--hardware-id', LABRIG]);
    expect(second.code).toBe(0);
    expect(second.json).toMatchObject({
      publishedName: driver.publishedName,
      changed: false,
      devices: [{ deviceInstanceId: id, changed: false, driver }],
    });
  });
});
