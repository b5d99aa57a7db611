// The infkit program: the commands on the given arguments, to an exit code. The bin script
// (main.ts) runs it as a process; tests run it in-process.
import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.js';
import { EXIT, infkitVersion, reportError } from './common.js';
import { InfkitError } from '../errors.js';

/** Runs infkit on `argv` (the arguments after the script) to its exit code; failures are reported, not thrown. */
export async function main(argv: string[]): Promise<number> {
  const json = wantsJson(argv);
  const program = new Command('infkit')
    .description('Read, validate, plan and install Windows INF files the way SetupAPI does')
    .version(infkitVersion())
    .exitOverride()
    // With --json a usage error is one JSON document on stdout (below), not commander's text.
    .configureOutput({ outputError: (text, write) => (json ? undefined : write(text)) });
  if (!json) program.showHelpAfterError();
  try {
    for (const entry of commandsFor(argv)) (await entry.load()).register(program);
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.OK;
      // Help shown because a command group was given without its command (bare `infkit`,
      // `infkit install`) exits non-zero; the help command exits 0.
      if (error.code === 'commander.help' && error.exitCode === 0) return EXIT.OK;
      if (!json) return EXIT.USAGE;
      return reportError(usageError(error, program, argv), { json });
    }
    return reportError(error, { json, verbose: argv.includes('--verbose') });
  }
}

/** Whether the arguments ask for JSON output: --json, --format json or --format=json. */
function wantsJson(argv: readonly string[]): boolean {
  return argv.some((arg, i) => arg === '--json' || arg === '--format=json' || (arg === '--format' && argv[i + 1] === 'json'));
}

/** Commander's usage error as infkit's E_USAGE, with a hint naming the command's help. */
function usageError(error: CommanderError, program: Command, argv: readonly string[]): InfkitError {
  const message = error.code === 'commander.help' ? 'a command is missing' : error.message.replace(/^error: /, '');
  const path = commandPath(program, argv);
  return new InfkitError('E_USAGE', message, {
    hint: path === '' ? '`infkit --help` lists the commands' : `\`infkit ${path} --help\` shows its usage`,
  });
}

/** The names of the (sub)commands the arguments reach, e.g. 'install class'; '' for none. */
function commandPath(program: Command, argv: readonly string[]): string {
  const names: string[] = [];
  let command = program;
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const sub = command.commands.find((c) => c.name() === arg);
    if (sub === undefined) break;
    names.push(arg);
    command = sub;
  }
  return names.join(' ');
}
