// @ts-check
// Part 6: listing devices. `infkit devices --json` on a mock machine with 2,000 devices more
// than the baseline, against `infkit classes --json` on the same machine as the baseline
// (the same start-up, backend opening and state read), alternating, as whole processes.
// Half the devices run the lab driver (staged, then installed by a rescan), half have none
// (problem 28), so both the driver lookups and the problem shaping are in the figure.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../corpus.js';
import { median, runNode } from '../measure.js';
import { skipped } from '../report.js';

const ID = 'devices';
const TITLE = '6. Listing devices';
const DEVICES = 2000;
const TARGET = 3;

/**
 * A mock machine with DEVICES more present devices, through the mock's own controls
 * (plugDevice, as hardware arrives), so the state is what the mock itself writes.
 * @param {string} stateDir
 */
async function makeMachine(stateDir) {
  const { MockBackend } = await import(pathToFileURL(path.join(projectRoot, 'dist/backend/mock/index.js')).href);
  const backend = new MockBackend(stateDir);
  try {
    for (let i = 0; i < DEVICES; i++) {
      const n = String(i).padStart(4, '0');
      const withDriver = i % 2 === 0;
      const hardwareId = withDriver ? 'ROOT\\LABRIG' : `USB\\VID_1234&PID_${n}`;
      await backend.plugDevice({
        deviceInstanceId: `${withDriver ? 'ROOT\\LABRIG' : hardwareId}\\${n}`,
        hardwareIds: [hardwareId],
        description: `bench device ${n}`,
      });
    }
    await backend.installClass(path.join(projectRoot, 'examples/lab/infs/labclass.inf'));
    await backend.stageDriver(path.join(projectRoot, 'examples/lab/infs/labrig.inf'));
    await backend.rescan(30_000);
  } finally {
    await backend.close();
  }
}

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchDevices({ runs }) {
  const cli = path.join(projectRoot, 'dist/cli/main.js');
  if (!existsSync(path.join(projectRoot, 'dist/cli/commands/devices.js'))) {
    return skipped(ID, TITLE, 'infkit devices is not built (dist/cli/commands/devices.js is missing)');
  }
  const state = mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-devices-'));
  try {
    const setupStart = performance.now();
    await makeMachine(state);
    const setupS = (performance.now() - setupStart) / 1000;
    const devicesArgs = [cli, 'devices', '--json', '--backend', 'mock', '--state', state];
    const classesArgs = [cli, 'classes', '--json', '--backend', 'mock', '--state', state];
    // Once with its output read: the listing must hold every device, each with its driver or problem.
    const listed = JSON.parse(execFileSync(process.execPath, devicesArgs, { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 })).devices;
    const withDriver = listed.filter((/** @type {any} */ d) => d.driver !== null).length;
    if (listed.length < DEVICES || withDriver < DEVICES / 2) {
      throw new Error(
        `infkit devices listed ${listed.length} devices, ${withDriver} with a driver; expected at least ${DEVICES}, ${DEVICES / 2}`,
      );
    }
    const n = Math.max(runs, 10); // whole processes of a few hundred ms: at least 10 pairs
    /** @type {number[]} */ const classesMs = [];
    /** @type {number[]} */ const devicesMs = [];
    /** @type {number[]} */ const devicesRss = [];
    for (let i = 0; i < n; i++) {
      const classes = await runNode(classesArgs);
      const devices = await runNode(devicesArgs, { measureRss: true });
      if (classes.code !== 0 || devices.code !== 0)
        throw new Error(`exit ${classes.code}/${devices.code}: ${(classes.stderr + devices.stderr).slice(0, 500)}`);
      classesMs.push(classes.ms);
      devicesMs.push(devices.ms);
      if (devices.maxRssMb !== null) devicesRss.push(devices.maxRssMb);
    }
    const ratio = median(devicesMs) / median(classesMs);
    return {
      id: ID,
      title: TITLE,
      status: 'measured',
      figures: [
        { name: 'devices listed', value: listed.length, unit: '' },
        { name: 'of them with a driver', value: withDriver, unit: '' },
        { name: 'infkit classes --json (baseline)', value: median(classesMs), unit: 'ms' },
        { name: 'infkit devices --json', value: median(devicesMs), unit: 'ms' },
        { name: 'ratio', value: ratio, unit: '×' },
        { name: 'infkit devices --json peak RSS', value: median(devicesRss), unit: 'MB' },
        { name: 'setup: plugging the devices, staging, rescan', value: setupS, unit: 's' },
      ],
      checks: [
        {
          target: `infkit devices --json with ${DEVICES} devices ≤ ${TARGET}× infkit classes --json`,
          measured: `${ratio.toFixed(2)}×`,
          met: ratio <= TARGET,
        },
      ],
      notes: [
        `median of ${n} alternating pairs of whole processes on one mock machine (${listed.length} present devices); classes reads the same state, so the ratio is what listing and shaping the devices adds`,
      ],
    };
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}
