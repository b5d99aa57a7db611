#!/usr/bin/env node
// infkit command line: a thin layer over the library. Each command lives in
// lib/cli/commands/<name>.ts and is listed in lib/cli/commands/index.ts; program.ts runs them.
// `npm run build` bundles this file and what it loads (scripts/build-cli.js).

// --verbose prints the stack of an unexpected error: let it name lib/*.ts lines, not the
// bundle's. Node reads a module's source map as it loads it, so this comes before the imports
// below; reading them costs 10 to 15 ms a run, hence only with --verbose.
if (process.argv.includes('--verbose')) process.setSourceMapsEnabled(true);
const { EXIT } = await import('./common.js');
const { main } = await import('./program.js');

// A reader that stops early (`infkit rules | head`) closes the pipe: that is the reader's
// choice, not a failure to report with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? EXIT.OK);
});

process.exitCode = await main(process.argv.slice(2));
