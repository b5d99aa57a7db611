// `infkit remove device|driver|class|interface-class`: takes something off the machine.
// Removing is idempotent: what is named exactly and is not there is removed already
// (changed: false, exit 0), so a cleanup script can run twice. A pattern that matches nothing
// is E_NOT_FOUND (exit 1), a malformed name or GUID E_USAGE (exit 2), as for `infkit device`.
// `remove class` refuses a class Windows or the machine still needs unless --force.
import type { Command } from 'commander';
import type { Backend, SetupClass } from '../../backend/types.js';
import { InfkitError } from '../../errors.js';
import { normalizeGuid } from '../../base/guid.js';
import { systemClassByGuid } from '../../rules/classes.js';
import { addCommonOptions, commonOptions, finish, requireGuid, setupClassArg, withBackend, type CommonOptions } from '../options.js';
import { byHardwareId, byInstanceId } from './device.js';

export function register(program: Command): void {
  const remove = program.command('remove').description('remove a device, a driver package, a setup class or an interface class');

  addCommonOptions(remove.command('device').argument('[instance-id]', 'device instance ID, e.g. ROOT\\SYSTEM\\0000'), { dryRun: true })
    .description('remove a device by instance ID, or every device with --hardware-id (as `infkit device remove`)')
    .option('--hardware-id <pattern>', "remove every device with a matching hardware or compatible ID (* and ? as devcon's)")
    .action(async (instanceId: string | undefined, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const hardwareId = typeof raw.hardwareId === 'string' ? raw.hardwareId : undefined;
      if ((instanceId === undefined) === (hardwareId === undefined)) {
        throw new InfkitError('E_USAGE', 'give either a device instance ID or --hardware-id');
      }
      const result = await withBackend(options, async (b) => {
        const targets =
          hardwareId === undefined ? (await byInstanceId(b, [instanceId!], 'remove')).devices : await byHardwareId(b, hardwareId, 'remove');
        const removed = targets.map((d) => d.deviceInstanceId);
        let rebootRequired = false;
        if (!options.dryRun) for (const id of removed) rebootRequired = (await b.removeDevice(id)).rebootRequired || rebootRequired;
        return { removed, rebootRequired };
      });
      report(
        options,
        { removed: result.removed, rebootRequired: result.rebootRequired },
        result.removed.length > 0 ? `device ${result.removed.join(', ')}` : null,
        `device ${instanceId ?? ''}`,
      );
    });

  addCommonOptions(remove.command('driver').argument('<published-name>', 'the staged package, e.g. oem3.inf'), {
    dryRun: true,
    force: 'remove the package even when devices use it',
  })
    .description('remove a driver package from the driver store (--force: even when devices use it)')
    .action(async (name: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const publishedName = await withBackend(options, async (b) => {
        const staged = (await b.listDrivers()).find((d) => d.publishedName.toLowerCase() === name.toLowerCase());
        if (staged !== undefined && !options.dryRun) await b.removeDriver(staged.publishedName, { force: options.force });
        return staged?.publishedName;
      });
      report(
        options,
        { publishedName: publishedName ?? name, rebootRequired: false },
        publishedName === undefined ? null : `driver package ${publishedName}`,
        `driver package ${name}`,
      );
    });

  addCommonOptions(remove.command('class').argument('<guid|name>', 'setup class'), {
    dryRun: true,
    force: 'remove a system-defined class, or one that still has devices or staged packages',
  })
    .description('delete a setup class key; refuses a system-defined class, or one with devices or staged packages, unless --force')
    .action(async (which: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const wanted = setupClassArg(which);
      const cls = await withBackend(options, async (b) => {
        const cls = await existingClass(b, wanted);
        if (cls === undefined) return undefined;
        const reasons = await reasonsToKeep(b, cls);
        if (reasons.length > 0 && !options.force) {
          const systemDefined = systemClassByGuid(cls.guid) !== undefined;
          throw new InfkitError('E_UNSAFE', `refusing to remove setup class ${cls.name} ${cls.guid}: ${reasons.join('; ')}`, {
            hint: systemDefined
              ? 'Windows defines this class and expects it; --force deletes its key anyway'
              : 'remove its devices and driver packages first (`infkit remove device`, `infkit remove driver`), or pass --force to delete the class key anyway',
          });
        }
        if (!options.dryRun) await b.removeClass(cls.guid);
        return cls;
      });
      const named = 'guid' in wanted ? wanted.guid : wanted.name;
      report(
        options,
        {
          classGuid: cls?.guid ?? ('guid' in wanted ? wanted.guid : null),
          className: cls?.name ?? ('name' in wanted ? wanted.name : null),
          rebootRequired: false,
        },
        cls === undefined ? null : `setup class ${cls.name} ${cls.guid}`,
        `setup class ${named}`,
      );
    });

  addCommonOptions(remove.command('interface-class').argument('<guid>', 'interface class GUID'), { dryRun: true })
    .description('delete an interface class key (DeviceClasses\\{guid})')
    .action(async (text: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const guid = requireGuid(text, 'interface class GUID');
      const there = await withBackend(options, async (b) => {
        if (!(await b.listInterfaceClasses()).some((c) => c.guid === guid)) return false;
        if (!options.dryRun) await b.removeInterfaceClass(guid);
        return true;
      });
      report(
        options,
        { interfaceClassGuid: guid, rebootRequired: false },
        there ? `interface class ${guid}` : null,
        `interface class ${guid}`,
      );
    });
}

/** The setup class named; undefined when there is none, E_USAGE when a name fits several. */
async function existingClass(backend: Backend, wanted: { guid: string } | { name: string }): Promise<SetupClass | undefined> {
  const classes = await backend.listClasses();
  const found =
    'guid' in wanted
      ? classes.filter((c) => c.guid === wanted.guid)
      : classes.filter((c) => c.name.toLowerCase() === wanted.name.toLowerCase());
  const named = 'guid' in wanted ? wanted.guid : wanted.name;
  if (found.length > 1) {
    throw new InfkitError('E_USAGE', `${found.length} setup classes are named ${named}: ${found.map((c) => c.guid).join(', ')}`, {
      hint: 'give the GUID of the one to remove',
    });
  }
  return found[0]!;
}

/** Why a class should stay: Windows defines it, devices are in it, or staged packages install into it. */
async function reasonsToKeep(backend: Backend, cls: SetupClass): Promise<string[]> {
  const reasons: string[] = [];
  if (systemClassByGuid(cls.guid) !== undefined) reasons.push('it is a system-defined class');
  const devices = await backend.listDevices({ setupClass: cls.guid });
  if (devices.length > 0) reasons.push(`${devices.length} device(s) are in it (${devices.map((d) => d.deviceInstanceId).join(', ')})`);
  const packages = (await backend.listDrivers()).filter((p) => normalizeGuid(p.classGuid) === cls.guid);
  if (packages.length > 0)
    reasons.push(`${packages.length} staged driver package(s) are of it (${packages.map((p) => p.publishedName).join(', ')})`);
  return reasons;
}

/**
 * Prints what was (or with --dry-run would be) removed; `what` null: it was not there, so it is
 * removed already (changed: false), and `asked` says what was asked for.
 */
function report(
  options: CommonOptions,
  json: { rebootRequired: boolean } & Record<string, unknown>,
  what: string | null,
  asked: string,
): void {
  const { rebootRequired, ...named } = json;
  finish(options, {
    json: { dryRun: options.dryRun, ...named, changed: what !== null, rebootRequired },
    text: what === null ? `${asked} is not there: nothing to do` : `${options.dryRun ? 'would remove' : 'removed'} ${what}`,
    rebootRequired,
  });
}
