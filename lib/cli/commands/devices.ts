// `infkit devices`: the device nodes of the machine with their state, problem and driver,
// filtered; and `--wait PATTERN [--started]`, the step a lab script needs after an install:
// poll (the backend opened afresh each time, so the mock's lock is never held while waiting)
// until a matching present device exists, or runs with no problem. Exit 0 found, 1 timed out
// (the JSON is printed all the same, with the devices found and their problems), 130 Ctrl-C.
import { setTimeout as sleep } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import type { Backend, Device, ListDevicesOptions } from '../../backend/types.js';
import { idPattern } from '../../backend/core.js';
import { CM_PROB, problemCodeOf } from '../../backend/devnode-table.js';
import { InfkitError } from '../../errors.js';
import { EXIT, notice, reportError } from '../common.js';
import { deviceJson } from '../shapes.js';
import {
  addCommonOptions,
  commonOptions,
  compare,
  finish,
  parseDuration,
  setupClassArg,
  withBackend,
  type CommonOptions,
} from '../options.js';

/** Interval between two looks while waiting. */
const POLL_MS = 250;

interface DevicesFlags {
  class?: string;
  hardwareId?: string;
  id?: string;
  problem?: true | string;
  present?: boolean;
  all?: boolean;
  interfaces?: boolean;
  wait?: string;
  started?: boolean;
  timeout: string;
}

export function register(program: Command): void {
  addCommonOptions(program.command('devices'))
    .description('list the device nodes with their status, problem code and driver, or wait for one to arrive or start')
    .option('--class <name|guid>', 'only devices of this setup class')
    .option('--hardware-id <pattern>', "only devices with a matching hardware or compatible ID (* and ? as devcon's)")
    .option('--id <pattern>', 'only devices whose instance ID matches (* and ?)')
    .option('--problem [code]', 'only devices with a problem: any, or this code (28 or CM_PROB_FAILED_INSTALL)')
    .option('--present', 'only present devices (the default)')
    .addOption(new Option('--all', 'every device node, present or not').conflicts('present'))
    .option('--interfaces', "each device's interface symbolic links")
    .option('--wait <pattern>', 'wait until a present device whose hardware or instance ID matches exists; exit 1 on timeout')
    .option('--started', 'with --wait: until it runs with no problem code')
    .option('--timeout <duration>', 'how long --wait waits (30s, 500ms, 2m)', '30s')
    .action(async (flags: DevicesFlags & Record<string, unknown>) => {
      const options = commonOptions(flags);
      if (flags.wait === undefined) {
        if (flags.started) throw new InfkitError('E_USAGE', '--started goes with --wait');
        const devices = await withBackend(options, (b) => b.listDevices(listOptions(flags)));
        finish(options, { json: { devices: sorted(devices).map(deviceJson) }, text: deviceLines(sorted(devices)) });
        return;
      }
      const stray = (['hardwareId', 'id', 'problem', 'all'] as const).filter((name) => flags[name] !== undefined);
      if (stray.length > 0) {
        throw new InfkitError('E_USAGE', `--wait takes no --${stray.map(kebab).join(', --')}`, {
          hint: '--wait PATTERN matches hardware and instance IDs itself, among present devices; --class narrows it',
        });
      }
      if (flags.wait === '') throw new InfkitError('E_USAGE', '--wait needs a hardware or instance ID pattern');
      await waitFor(flags.wait, flags.started === true, parseDuration(flags.timeout), listOptions(flags), options);
    });
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The backend's filters for the flags; present only unless --all. */
function listOptions(flags: DevicesFlags): ListDevicesOptions {
  let problem: true | number | undefined;
  if (flags.problem !== undefined) {
    problem = flags.problem === true ? true : problemCodeOf(flags.problem);
    if (problem === undefined) {
      throw new InfkitError('E_USAGE', `unknown problem code '${String(flags.problem)}'`, {
        hint: 'give a number (28) or a CM_PROB_ name (CM_PROB_FAILED_INSTALL)',
      });
    }
  }
  return {
    present: flags.all !== true,
    ...(flags.class !== undefined && { setupClass: classOf(flags.class) }),
    ...(flags.hardwareId !== undefined && { hardwareId: flags.hardwareId }),
    ...(flags.id !== undefined && { instanceId: flags.id }),
    ...(problem !== undefined && { problem }),
    ...(flags.interfaces === true && { interfaces: true }),
  };
}

/** --class as the backend takes it: a GUID or a name; E_USAGE for a malformed GUID. */
function classOf(text: string): string {
  const cls = setupClassArg(text);
  return 'guid' in cls ? cls.guid : cls.name;
}

/** Runs with no problem: the condition of --started. */
function running(d: Device): boolean {
  return d.present && d.problem === null && d.status.includes('DN_STARTED');
}

/** Present devices whose hardware (or compatible) ID or instance ID matches the pattern. */
async function matching(backend: Backend, pattern: string, base: ListDevicesOptions): Promise<Device[]> {
  // One listing per look (it is polled), matched here: the backend's filters are all required at once.
  const test = idPattern(pattern);
  const devices = await backend.listDevices(base);
  return sorted(devices.filter((d) => test(d.deviceInstanceId) || d.hardwareIds.some(test) || d.compatibleIds.some(test)));
}

/** Polls until a matching device is there (and with `started`, runs); reports what it found. */
async function waitFor(
  pattern: string,
  started: boolean,
  timeoutMs: number,
  base: ListDevicesOptions,
  options: CommonOptions,
): Promise<void> {
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  // Once: a second Ctrl-C during the last look ends the process the default way.
  process.once('SIGINT', onSigint);
  const startedAt = Date.now();
  try {
    for (;;) {
      const devices = await withBackend(options, (b) => matching(b, pattern, base));
      const waitedMs = Date.now() - startedAt;
      const found = started ? devices.some(running) : devices.length > 0;
      if (found || waitedMs >= timeoutMs || interrupt.signal.aborted) {
        finish(options, {
          json: { pattern, started, found, waitedMs, devices: devices.map(deviceJson) },
          text: deviceLines(devices),
          failed: !found,
        });
        if (found) return;
        if (interrupt.signal.aborted) {
          notice(`the wait for '${pattern}' was interrupted after ${waitedMs / 1000}s`);
          process.exitCode = EXIT.INTERRUPTED;
        } else reportError(timedOut(pattern, started, timeoutMs, devices));
        return;
      }
      await sleep(Math.min(POLL_MS, timeoutMs - waitedMs), undefined, { signal: interrupt.signal }).catch((error: unknown) => {
        if (!interrupt.signal.aborted) throw error;
      });
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** What a timed-out wait says on stderr: the devices found and why they do not count. */
function timedOut(pattern: string, started: boolean, timeoutMs: number, devices: Device[]): InfkitError {
  const what = `no device matching '${pattern}' ${started ? 'started' : 'arrived'} within ${timeoutMs / 1000}s`;
  if (devices.length === 0) {
    return new InfkitError('E_NOT_FOUND', `${what}: no present device matches`, {
      hint: 'check the hardware or instance ID (`infkit devices --all` lists every node), or give a longer --timeout',
    });
  }
  const why = devices.map((d) => `${d.deviceInstanceId}: ${statusWord(d)}${d.problem ? ` (${d.problem.message})` : ''}`);
  return new InfkitError('E_DEVICE_PROBLEM', `${what}: ${why.join('; ')}`, {
    hint: devices.some((d) => d.problem !== null)
      ? '`infkit log --device ID --failures` shows what its install logged; or give a longer --timeout'
      : 'give a longer --timeout',
  });
}

/** By instance ID, ordinally and ignoring case (instance IDs are case-insensitive). */
export function sorted(devices: Device[]): Device[] {
  return [...devices].sort(
    (a, b) =>
      compare(a.deviceInstanceId.toUpperCase(), b.deviceInstanceId.toUpperCase()) || compare(a.deviceInstanceId, b.deviceInstanceId),
  );
}

/** started / problem NN CM_PROB_… / disabled / not present / stopped (present, no problem, not started). */
function statusWord(d: Device): string {
  if (!d.present) return 'not present';
  if (d.problem?.code === CM_PROB.DISABLED) return 'disabled';
  if (d.problem) return `problem ${d.problem.code} ${d.problem.name}`;
  return d.status.includes('DN_STARTED') ? 'started' : 'stopped';
}

/** One line per device, in columns: instance ID, class, status, description, driver. */
function deviceLines(devices: Device[]): string[] {
  const rows = devices.map((d) => [
    d.deviceInstanceId,
    d.className || '-',
    statusWord(d),
    d.description || '-',
    d.driver?.publishedName ?? '-',
  ]);
  const widths = [0, 1, 2, 3].map((i) => Math.max(0, ...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]!) : cell)).join('  '));
}
