// `infkit install class|interfaces|section|package|device`: one install action each,
// after the INF passes validation (or --force). Exit 0 done or nothing to do, 1 failed,
// 3010 done but a reboot is required. JSON shapes: docs/cli.md.
import path from 'node:path';
import { Option, type Command } from 'commander';
import { buildPlan, formatPlan, planToJson, type BuildPlanOptions } from '../../plan/index.js';
import { readInf } from '../../apply/infs.js';
import { normalizeGuid } from '../../plan/context.js';
import type { Backend } from '../../backend/types.js';
import { addCommonOptions, commonOptions, compare, finish, requireGuid, validateBeforeInstall, withBackend, type CommonOptions } from '../options.js';
import { printJson } from '../common.js';

export function register(program: Command): void {
  const install = program
    .command('install')
    .description('install a setup class, interface classes, an INF section, a driver package or a test device');

  addCommonOptions(install.command('class').argument('<inf>', 'INF with a [ClassInstall32] section'), { dryRun: true, force: true })
    .description('install the setup class of an INF ([ClassInstall32]; ignored when the class exists)')
    .action(async (inf: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      if (await dryRun(inf, { kind: 'class' }, options)) return;
      const result = await withBackend(options, (b) => b.installClass(inf));
      finish(options, {
        json: { inf: path.resolve(inf), classGuid: result.classGuid, className: result.className, changed: !result.alreadyExisted, rebootRequired: result.rebootRequired },
        text: result.alreadyExisted
          ? `class ${result.className} ${result.classGuid} already exists: nothing to do ([ClassInstall32] is ignored)`
          : `installed class ${result.className} ${result.classGuid}`,
        rebootRequired: result.rebootRequired,
      });
    });

  addCommonOptions(install.command('interfaces').argument('<inf>', 'INF with an [InterfaceInstall32] section'), { dryRun: true, force: true })
    .description('install the interface classes of an INF ([InterfaceInstall32])')
    .option('--guid <guid>', 'only this interface class')
    .action(async (inf: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const guid = typeof raw.guid === 'string' ? requireGuid(raw.guid) : undefined;
      if (await dryRun(inf, { kind: 'interfaces', ...(guid && { interfaceGuid: guid }) }, options)) return;
      const result = await withBackend(options, (b) => b.installInterfaceClasses(inf, guid ? { guid } : {}));
      const installed = [...result.installed].sort((a, b) => compare(a.guid, b.guid));
      finish(options, {
        json: { inf: path.resolve(inf), installed, changed: installed.some((i) => i.created), rebootRequired: result.rebootRequired },
        text: installed.map((i) => `${i.created ? 'created' : 'exists '} ${i.guid} [${i.section}]`),
        rebootRequired: result.rebootRequired,
      });
    });

  addCommonOptions(install.command('section').argument('<inf>', 'the INF').argument('[section]', 'install section', 'DefaultInstall'), {
    dryRun: true,
    force: true,
  })
    .description('run an INF install section (SetupInstallFromInfSection, or InstallHinfSection with --mode hinf)')
    .addOption(new Option('--mode <mode>', 'how the section is run').choices(['setupapi', 'hinf']).default('setupapi'))
    .action(async (inf: string, section: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      if (await dryRun(inf, { kind: 'section', section }, options)) return;
      const mode = raw.mode as 'setupapi' | 'hinf';
      const result = await withBackend(options, (b) => b.installSection(inf, section, { mode }));
      const failed = result.failures.length > 0;
      finish(options, {
        json: { inf: path.resolve(inf), section: result.section, changed: true, failures: result.failures, rebootRequired: result.rebootRequired },
        text: failed
          ? [`[${result.section}] ran with ${result.failures.length} failure(s):`, ...result.failures.map((f) => `  ${f.file ?? ''} ${f.name}: ${f.message}`)]
          : `ran [${result.section}]`,
        failed,
        rebootRequired: result.rebootRequired,
      });
    });

  addCommonOptions(install.command('package').argument('<inf>', 'driver package INF'), { dryRun: true, force: true })
    .description('stage a driver package in the driver store; with --hardware-id also install it on those devices')
    .option('--hardware-id <id>', 'install on the devices with this hardware ID (UpdateDriverForPlugAndPlayDevices)')
    .action(async (inf: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      if (await dryRun(inf, { kind: 'package' }, options)) return;
      const hardwareId = typeof raw.hardwareId === 'string' ? raw.hardwareId : undefined;
      const result = await withBackend(options, (b) => installPackage(b, inf, hardwareId, options));
      finish(options, {
        json: { inf: path.resolve(inf), ...result },
        text: hardwareId
          ? `installed ${result.publishedName ?? path.basename(inf)} on ${hardwareId}`
          : result.changed
            ? `staged ${path.basename(inf)} as ${result.publishedName}`
            : `${path.basename(inf)} is already staged as ${result.publishedName}: nothing to do`,
        rebootRequired: result.rebootRequired,
      });
    });

  addCommonOptions(install.command('device').argument('<hardware-id>', 'hardware ID of the new root-enumerated device'), { dryRun: true, force: true })
    .description('create a root-enumerated test device (like devcon install), optionally installing a driver on it')
    .option('--inf <inf>', 'driver package to install on the device')
    .option('--class <guid|name>', 'setup class of the device (default: the INF\'s class, else System)')
    .option('--description <text>', 'device description')
    .action(async (hardwareId: string, raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const inf = typeof raw.inf === 'string' ? raw.inf : undefined;
      if (inf) await validateBeforeInstall([inf], options);
      if (options.dryRun) {
        finish(options, { json: { dryRun: true, hardwareId, ...(inf && { inf: path.resolve(inf) }) }, text: `would create a root-enumerated device ${hardwareId}${inf ? ` with ${path.basename(inf)}` : ''}` });
        return;
      }
      const cls = typeof raw.class === 'string' ? raw.class : undefined;
      const classGuid = cls === undefined ? null : normalizeGuid(cls);
      const result = await withBackend(options, (b) =>
        b.createDevice({
          hardwareId,
          ...(classGuid ? { classGuid } : cls !== undefined && { className: cls }),
          ...(typeof raw.description === 'string' && { description: raw.description }),
          ...(inf !== undefined && { inf }),
        }),
      );
      finish(options, {
        json: { hardwareId, deviceInstanceId: result.deviceInstanceId, changed: true, rebootRequired: result.rebootRequired },
        text: `created ${result.deviceInstanceId}`,
        rebootRequired: result.rebootRequired,
      });
    });
}

/** Stage (and with a hardware ID, install) a package; `changed` is false when it was already staged. */
async function installPackage(backend: Backend, inf: string, hardwareId: string | undefined, options: CommonOptions) {
  if (hardwareId === undefined) {
    const staged = await backend.stageDriver(inf);
    return { publishedName: staged.publishedName, changed: !staged.alreadyStaged, rebootRequired: false };
  }
  const result = await backend.installDriver({ inf, hardwareId, force: options.force });
  return { publishedName: result.publishedName ?? null, hardwareId, changed: true, rebootRequired: result.rebootRequired };
}

/**
 * Validates the INF (refusing it on findings that stop an install unless --force); with --dry-run
 * prints the plan of the install for the backend's machine instead, and returns true.
 */
async function dryRun(inf: string, plan: Omit<BuildPlanOptions, 'target'>, options: CommonOptions): Promise<boolean> {
  await validateBeforeInstall([inf], options);
  if (!options.dryRun) return false;
  const info = await withBackend(options, (b) => b.info());
  const built = buildPlan(await readInf(inf), { ...plan, target: { arch: info.arch, osVersion: info.osVersion } });
  if (options.json) printJson({ dryRun: true, plan: planToJson(built) });
  else process.stdout.write(formatPlan(built));
  return true;
}
