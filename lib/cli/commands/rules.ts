// infkit rules : InfVerif's catalogue and infkit's own codes, with the level of each in every
// mode and whether infkit checks it (and, where not, why).
import { type Command, Option } from 'commander';
import { catalogue } from '../../rules/index.js';
import type { CatalogueEntry, Level } from '../../rules/types.js';
import { VALIDATION_MODES } from '../../rules/types.js';
import { EXIT, colors, printJson } from '../common.js';

interface RulesFlags {
  json?: boolean;
  checked?: boolean;
  unchecked?: boolean;
}

export function register(program: Command): void {
  program
    .command('rules')
    .description("every InfVerif code and infkit's own, with its level per mode (default, /u, /k, /w, /h) and whether infkit checks it")
    .option('--json', 'print the catalogue as JSON: [{code, title, levels, checked, reason?}]')
    .addOption(new Option('--checked', 'only the codes infkit checks').conflicts('unchecked'))
    .option('--unchecked', 'only the codes infkit does not check, with why')
    .action((flags: RulesFlags) => {
      const rows = catalogue().filter((e) => (flags.checked ? e.checked : flags.unchecked ? !e.checked : true));
      if (flags.json) printJson(rows);
      else process.stdout.write(`${rows.map(formatRow).join('\n')}\n`);
      process.exitCode = EXIT.OK;
    });
}

const SHORT: Record<Level, string> = { error: 'E', warning: 'W', info: 'I', none: '-' };

/** `INF1324  W W W E W  checked  title` (levels in VALIDATION_MODES order). */
function formatRow(e: CatalogueEntry): string {
  const levels = VALIDATION_MODES.map((m) => SHORT[e.levels[m]]).join(' ');
  const state = e.checked ? colors.green('checked  ') : e.retired ? colors.dim('retired  ') : colors.yellow('unchecked');
  const why = !e.checked && e.reason ? colors.dim(` (${e.reason})`) : '';
  return `${e.code}  ${levels}  ${state}  ${e.title}${why}`;
}
