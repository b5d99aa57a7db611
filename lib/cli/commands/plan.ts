// `infkit plan INF [--class | --interfaces | --section NAME | --package] [--arch A] [--os V]
// [--search-path DIR]... [--system-root DIR] [--force] [--json]`: the ordered operations an
// install would perform, without touching the machine. Text: numbered, each with the INF line
// it comes from. JSON: the Plan object (binary registry data as hex bytes).
// The INF is validated first, as `install` does: findings that stop an install stop the plan
// too (E_INF_INVALID, exit 1) unless --force. Exit 0 when the plan is printed.
// The target is --arch/--os; without them, the machine of an explicitly chosen --backend or
// --state, else amd64 Windows 11 (10.0.22631). With such a machine the plan also takes its
// Windows directory and its setup classes from it; without one, it says what it assumed.
import { Option, type Command } from 'commander';
import { InfkitError } from '../../errors.js';
import { ARCHITECTURES } from '../../inf/platform.js';
import type { Backend } from '../../backend/types.js';
import { buildPlan, DEFAULT_TARGET, formatPlan, planToJson, type BuildPlanOptions, type MachineFacts } from '../../plan/index.js';
import { printJson } from '../common.js';
import { addCommonOptions, commonOptions, requireGuid, validateBeforeInstall, withBackend } from '../options.js';

interface PlanFlags {
  class?: boolean;
  interfaces?: boolean;
  section?: string;
  package?: boolean;
  guid?: string;
  arch?: string;
  os?: string;
  searchPath: string[];
  systemRoot?: string;
  deviceInstance?: string;
}

/** Which plan the flags ask for; E_USAGE when more than one kind is named. */
function planKind(flags: PlanFlags): Pick<BuildPlanOptions, 'kind' | 'section' | 'interfaceGuid'> {
  const kinds = [
    flags.class && 'class',
    flags.interfaces && 'interfaces',
    flags.section !== undefined && 'section',
    flags.package && 'package',
  ].filter((k): k is BuildPlanOptions['kind'] => typeof k === 'string');
  if (kinds.length > 1)
    throw new InfkitError('E_USAGE', `choose one of --class, --interfaces, --section, --package (got --${kinds.join(', --')})`);
  if (flags.guid !== undefined && kinds[0] !== 'interfaces') throw new InfkitError('E_USAGE', '--guid goes with --interfaces');
  const kind = kinds[0] ?? 'package';
  return {
    kind,
    ...(flags.section !== undefined && { section: flags.section }),
    ...(flags.guid !== undefined && { interfaceGuid: requireGuid(flags.guid) }),
  };
}

/** Where Windows names its Windows directory (SystemRoot). */
const WINDOWS_NT_KEY = 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/** The facts a plan takes from a machine: its Windows directory (when the registry names it) and its setup classes. */
export async function machineFacts(backend: Backend): Promise<MachineFacts> {
  const [classes, key] = await Promise.all([backend.listClasses(), backend.registry.readKey('HKLM', WINDOWS_NT_KEY)]);
  const systemRoot = key?.values.SystemRoot?.data;
  return { classes: classes.map((c) => c.guid), ...(typeof systemRoot === 'string' && systemRoot !== '' && { systemRoot }) };
}

export function register(program: Command): void {
  addCommonOptions(program.command('plan').argument('<inf>', 'the INF file'), { force: true })
    .description('print the ordered operations an install would perform, without touching the machine')
    .option('--class', 'plan the [ClassInstall32] install (setup class)')
    .option('--interfaces', 'plan the [InterfaceInstall32] install (device-interface classes)')
    .option('--section <name>', 'plan an install section, e.g. DefaultInstall (its platform variant is chosen)')
    .option('--package', 'plan staging the package and installing each model for the target (the default)')
    .option('--guid <guid>', 'with --interfaces: only this interface class')
    .addOption(new Option('--arch <arch>', 'target architecture').choices([...ARCHITECTURES]))
    .option('--os <version>', 'target Windows version as major.minor.build, e.g. 10.0.22631')
    .option('--search-path <dir>', 'folder searched for Include= INFs (repeatable)', (dir: string, all: string[]) => [...all, dir], [])
    .option('--system-root <dir>', "the target's Windows directory (default: the machine's, else C:\\Windows)")
    .option('--device-instance <id>', 'device instance ID whose hardware key HKR stands for in .HW sections')
    .action(async (inf: string, flags: PlanFlags & Record<string, unknown>, command: Command) => {
      const options = commonOptions(flags);
      const chosen = planKind(flags);
      if (flags.os !== undefined && !/^\d+\.\d+(\.\d+)?$/.test(flags.os)) {
        throw new InfkitError('E_USAGE', `--os must look like 10.0.22631, not '${flags.os}'`);
      }
      await validateBeforeInstall([inf], options);
      // The machine's platform and facts, when the user pointed at a machine; flags override them.
      const fromMachine = command.getOptionValueSource('backend') === 'cli' || options.state !== undefined;
      const machine = fromMachine
        ? await withBackend(options, async (b) => ({ info: await b.info(), facts: await machineFacts(b) }))
        : { info: DEFAULT_TARGET, facts: {} };
      const target = { arch: flags.arch ?? machine.info.arch, osVersion: flags.os ?? machine.info.osVersion };
      const plan = buildPlan(inf, {
        ...chosen,
        target,
        searchPaths: flags.searchPath,
        machine: { ...machine.facts, ...(flags.systemRoot !== undefined && { systemRoot: flags.systemRoot }) },
        ...(flags.deviceInstance !== undefined && { context: { kind: 'device-hardware', deviceInstanceId: flags.deviceInstance } }),
      });
      if (options.json) printJson(planToJson(plan));
      else process.stdout.write(`${formatPlan(plan)}\n`);
    });
}
