#!/usr/bin/env node
// infkit command line: a thin layer over the library. Each command lives in
// lib/cli/commands/<name>.ts and is listed in lib/cli/commands/index.ts.
import { Command, CommanderError } from 'commander';
import { commandsFor } from './commands/index.js';
import { EXIT, infkitVersion, reportError } from './common.js';

export async function main(argv: string[]): Promise<number> {
  const program = new Command('infkit')
    .description('Read, validate, plan and install Windows INF files the way SetupAPI does')
    .version(infkitVersion())
    .showHelpAfterError()
    .exitOverride();
  for (const entry of commandsFor(argv)) (await entry.load()).register(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.OK;
      return EXIT.USAGE;
    }
    const json = argv.includes('--json') || argv.includes('--format=json');
    return reportError(error, { json, verbose: argv.includes('--verbose') });
  }
}

// A reader that stops early (`infkit rules | head`) closes the pipe: that is the reader's
// choice, not a failure to report with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.OK);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error);
  },
);
