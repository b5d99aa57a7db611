// `infkit classes`: the setup classes of the machine (SetupDiBuildClassInfoListEx), with
// the DIBCI flags that leave out NoInstallClass / NoDisplayClass classes.
import type { Command } from 'commander';
import { addCommonOptions, commonOptions, compare, finish, withBackend } from '../options.js';
import { classJson } from '../shapes.js';

export function register(program: Command): void {
  addCommonOptions(program.command('classes'))
    .description('list the setup classes of the machine')
    .option('--exclude-no-install', 'leave out classes flagged NoInstallClass (DIBCI_NOINSTALLCLASS)')
    .option('--exclude-no-display', 'leave out classes flagged NoDisplayClass (DIBCI_NODISPLAYCLASS)')
    .action(async (raw: Record<string, unknown>) => {
      const options = commonOptions(raw);
      const classes = await withBackend(options, (b) =>
        b.listClasses({ excludeNoInstall: raw.excludeNoInstall === true, excludeNoDisplay: raw.excludeNoDisplay === true }),
      );
      classes.sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.guid, b.guid));
      const width = Math.max(4, ...classes.map((c) => c.name.length));
      finish(options, {
        json: { classes: classes.map(classJson) },
        text: classes.map((c) => {
          const flags = [c.noInstallClass && 'NoInstallClass', c.noDisplayClass && 'NoDisplayClass'].filter(Boolean).join(',');
          return `${c.guid}  ${c.name.padEnd(width)}  ${c.description}${flags ? `  [${flags}]` : ''}`;
        }),
      });
    });
}
