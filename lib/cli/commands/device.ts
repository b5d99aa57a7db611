// `infkit device enable|disable|restart|remove ID... | --hardware-id PATTERN`: changes the
// state of devices (DIF_PROPERTYCHANGE with DICS_ENABLE / DICS_DISABLE / DICS_PROPCHANGE, DIF_REMOVE).
// Every target is looked up before anything changes: a pattern that matches nothing, or an ID
// that names no device, is E_NOT_FOUND (exit 1), not a silent success. A device already in the
// asked state is changed: false, and for remove that includes one that is not there (removing
// twice is idempotent). Exit 3010 when any device needs a reboot.
import type { Command } from 'commander';
import type { Backend, Device } from '../../backend/types.js';
import { CM_PROB } from '../../backend/devnode-table.js';
import { InfkitError } from '../../errors.js';
import { addCommonOptions, commonOptions, finish, withBackend, type CommonOptions } from '../options.js';
import { sorted } from './devices.js';

export type Action = 'enable' | 'disable' | 'restart' | 'remove';

interface DeviceResult {
  deviceInstanceId: string;
  action: Action;
  changed: boolean;
  rebootRequired: boolean;
}

const ACTIONS: Record<Action, { describe: string; done: string; already: string }> = {
  enable: { describe: 'enable devices (DIF_PROPERTYCHANGE, DICS_ENABLE)', done: 'enabled', already: 'is already enabled' },
  disable: { describe: 'disable devices (DIF_PROPERTYCHANGE, DICS_DISABLE): problem 22', done: 'disabled', already: 'is already disabled' },
  restart: { describe: 'stop and start devices again (DIF_PROPERTYCHANGE, DICS_PROPCHANGE)', done: 'restarted', already: '' },
  remove: { describe: 'remove device nodes (DIF_REMOVE)', done: 'removed', already: 'is not there' },
};

const NOT_FOUND_HINT = '`infkit devices --all` lists every device node with its hardware IDs';

export function register(program: Command): void {
  const device = program.command('device').description('enable, disable, restart or remove devices by instance ID or hardware ID pattern');
  for (const action of Object.keys(ACTIONS) as Action[]) {
    addCommonOptions(device.command(action).argument('[instance-ids...]', 'device instance IDs, e.g. ROOT\\SYSTEM\\0000'), { dryRun: true })
      .description(ACTIONS[action].describe)
      .option(
        '--hardware-id <pattern>',
        `every ${action === 'remove' ? '' : 'present '}device with a matching hardware or compatible ID (* and ? as devcon's)`,
      )
      .action(async (ids: string[], raw: Record<string, unknown>) => {
        const options = commonOptions(raw);
        const pattern = typeof raw.hardwareId === 'string' ? raw.hardwareId : undefined;
        if ((ids.length === 0) === (pattern === undefined))
          throw new InfkitError('E_USAGE', 'give either device instance IDs or --hardware-id');
        const results = await withBackend(options, async (b) => {
          const { devices, gone } =
            pattern === undefined ? await byInstanceId(b, ids, action) : { devices: await byHardwareId(b, pattern, action), gone: [] };
          const out: DeviceResult[] = gone.map((id) => ({ deviceInstanceId: id, action, changed: false, rebootRequired: false }));
          for (const target of devices) out.push(options.dryRun ? wouldDo(action, target) : await act(b, action, target.deviceInstanceId));
          return out;
        });
        report(options, action, results);
      });
  }
}

/** The devices with these instance IDs (any case), each once; E_NOT_FOUND names those that are not there. */
/**
 * The devices with these instance IDs (any case), each once. An ID that names no device is
 * E_NOT_FOUND, except for removing, where a device that is not there is removed already: those
 * IDs come back in `gone`.
 */
export async function byInstanceId(backend: Backend, ids: string[], action: Action): Promise<{ devices: Device[]; gone: string[] }> {
  const found = new Map<string, Device>();
  const missing: string[] = [];
  for (const id of ids) {
    const d = await backend.getDevice(id);
    if (d === null) missing.push(id);
    else found.set(d.deviceInstanceId.toUpperCase(), d);
  }
  if (missing.length > 0 && action !== 'remove') {
    throw new InfkitError('E_NOT_FOUND', `no device has the instance ID ${missing.join(', ')}`, { hint: NOT_FOUND_HINT });
  }
  return { devices: sorted([...found.values()]), gone: missing };
}

/** The devices a hardware ID pattern matches: present ones, or every node for remove. E_NOT_FOUND when none. */
export async function byHardwareId(backend: Backend, pattern: string, action: Action): Promise<Device[]> {
  const present = action !== 'remove';
  const devices = await backend.listDevices({ hardwareId: pattern, present });
  if (devices.length === 0) {
    throw new InfkitError('E_NOT_FOUND', `no ${present ? 'present ' : ''}device has a hardware ID matching '${pattern}'`, {
      hint: NOT_FOUND_HINT,
    });
  }
  return sorted(devices);
}

async function act(backend: Backend, action: Action, id: string): Promise<DeviceResult> {
  if (action === 'remove')
    return { deviceInstanceId: id, action, changed: true, rebootRequired: (await backend.removeDevice(id)).rebootRequired };
  const result = action === 'restart' ? await backend.restartDevice(id) : await backend.setDeviceEnabled(id, action === 'enable');
  return { deviceInstanceId: result.deviceInstanceId, action, changed: result.changed, rebootRequired: result.rebootRequired };
}

/** --dry-run: what the action would change, judged as the backend judges it (disabled = problem 22). */
function wouldDo(action: Action, d: Device): DeviceResult {
  const disabled = d.problem?.code === CM_PROB.DISABLED;
  const changed = action === 'enable' ? disabled : action === 'disable' ? !disabled : true;
  return { deviceInstanceId: d.deviceInstanceId, action, changed, rebootRequired: false };
}

function report(options: CommonOptions, action: Action, results: DeviceResult[]): void {
  const rebootRequired = results.some((r) => r.rebootRequired);
  const { done, already } = ACTIONS[action];
  finish(options, {
    json: { dryRun: options.dryRun, results, changed: results.some((r) => r.changed), rebootRequired },
    text: results.map((r) =>
      !r.changed ? `${r.deviceInstanceId} ${already}: nothing to do` : `${options.dryRun ? `would ${action}` : done} ${r.deviceInstanceId}`,
    ),
    rebootRequired,
  });
}
