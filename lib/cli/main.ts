#!/usr/bin/env node
// infkit command line: a thin layer over the library. Each command lives in
// lib/cli/commands/<name>.ts and is listed in lib/cli/commands/index.ts; program.ts runs them.
import { EXIT } from './common.js';
import { main } from './program.js';

// A reader that stops early (`infkit rules | head`) closes the pipe: that is the reader's
// choice, not a failure to report with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.OK);
});

process.exitCode = await main(process.argv.slice(2));
