// `infkit remove device|driver|class|interface-class`: takes something off the machine.
// Removing what is not there is "nothing to do" (exit 0, changed: false), so scripts can
// run it unconditionally.
import type { Command } from 'commander';
import type { Backend } from '../../backend/types.js';
import { InfkitError } from '../../errors.js';
import { normalizeGuid } from '../../plan/context.js';
import { addCommonOptions, commonOptions, compare, finish, requireGuid, withBackend, type CommonOptions } from '../options.js';

export function register(program: Command): void {
  const remove = program.command('remove').description('remove a device, a driver package, a setup class or an interface class');

  addCommonOptions(remove.command('device').argument('[instance-id]', 'device instance ID, e.g. ROOT\\SYSTEM\\0000'), { dryRun: true })
    .description('remove a device by instance ID, or every device with --hardware-id')
    .option('--hardware-id <id>', 'remove every device with this hardware ID')
    .action(async (instanceId: string | undefined, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const hardwareId = typeof raw.hardwareId === 'string' ? raw.hardwareId : undefined;
      if ((instanceId === undefined) === (hardwareId === undefined)) {
        throw new InfkitError('E_USAGE', 'give either a device instance ID or --hardware-id');
      }
      const result = await withBackend(options, async (b) => {
        const devices = await b.listDevices(hardwareId ? { hardwareId } : {});
        const targets = devices
          .map((d) => d.deviceInstanceId)
          .filter((id) => hardwareId !== undefined || id.toLowerCase() === instanceId!.toLowerCase())
          .sort(compare);
        let rebootRequired = false;
        if (!options.dryRun) for (const id of targets) rebootRequired = (await b.removeDevice(id)).rebootRequired || rebootRequired;
        return { removed: targets, rebootRequired };
      });
      const json = { removed: result.removed, changed: result.removed.length > 0, rebootRequired: result.rebootRequired };
      report(options, json, `device ${result.removed.join(', ')}`, `no such device`);
    });

  addCommonOptions(remove.command('driver').argument('<published-name>', 'the staged package, e.g. oem3.inf'), { dryRun: true, force: true })
    .description('remove a driver package from the driver store (--force: even when devices use it)')
    .action(async (publishedName: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const changed = await withBackend(options, async (b) => {
        const staged = (await b.listDrivers()).find((d) => d.publishedName.toLowerCase() === publishedName.toLowerCase());
        if (staged && !options.dryRun) await b.removeDriver(staged.publishedName, { force: options.force });
        return staged !== undefined;
      });
      report(options, { publishedName, changed, rebootRequired: false }, `driver package ${publishedName}`, `${publishedName} is not staged`);
    });

  addCommonOptions(remove.command('class').argument('<guid|name>', 'setup class'), { dryRun: true })
    .description('delete a setup class key')
    .action(async (which: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const classGuid = await withBackend(options, async (b) => {
        const guid = await setupClassGuid(b, which);
        if (guid && !options.dryRun) await b.removeClass(guid);
        return guid;
      });
      report(options, { classGuid: classGuid ?? normalizeGuid(which), changed: classGuid !== null, rebootRequired: false }, `setup class ${which}`, `no setup class ${which}`);
    });

  addCommonOptions(remove.command('interface-class').argument('<guid>', 'interface class GUID'), { dryRun: true })
    .description('delete an interface class key (DeviceClasses\\{guid})')
    .action(async (text: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const guid = requireGuid(text);
      const changed = await withBackend(options, async (b) => {
        const exists = (await b.listInterfaceClasses()).some((c) => c.guid === guid);
        if (exists && !options.dryRun) await b.removeInterfaceClass(guid);
        return exists;
      });
      report(options, { interfaceClassGuid: guid, changed, rebootRequired: false }, `interface class ${guid}`, `no interface class ${guid}`);
    });
}

/** The GUID of an existing setup class named by GUID or name; null when there is none. */
async function setupClassGuid(backend: Backend, which: string): Promise<string | null> {
  const classes = await backend.listClasses();
  const guid = normalizeGuid(which);
  const found = guid ? classes.find((c) => c.guid === guid) : classes.find((c) => c.name.toLowerCase() === which.toLowerCase());
  return found?.guid ?? null;
}

function report(options: CommonOptions, json: { changed: boolean; rebootRequired: boolean } & Record<string, unknown>, what: string, absent: string): void {
  const text = !json.changed ? `${absent}: nothing to do` : `${options.dryRun ? 'would remove' : 'removed'} ${what}`;
  finish(options, { json: { ...json, ...(options.dryRun && { dryRun: true }) }, text, rebootRequired: json.rebootRequired });
}
