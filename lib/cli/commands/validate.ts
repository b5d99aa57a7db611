// infkit validate PATH... : check INFs (files, directories, globs) and print findings as
// compiler-style text, JSON or SARIF. Exit 0 without errors, 1 with errors, 2 for usage/I/O.
import { Command, Option } from 'commander';
import { InfkitError } from '../../errors.js';
import { RULES, SummaryCounter, isFileError, validatePaths } from '../../rules/index.js';
import type { FileResult, ValidationMode } from '../../rules/types.js';
import { formatDiagnostics, formatSummary, jsonFile, sarifReport } from '../../rules/format.js';
import { ARCHITECTURES } from '../../inf/platform.js';
import { READ_AHEAD, isReadThreads } from '../../inf/read-many.js';
import { EXIT, colors, errorColors, infkitVersion, printJson } from '../common.js';

interface ValidateFlags {
  universal?: boolean;
  driver?: boolean;
  format: 'text' | 'json' | 'sarif';
  json?: boolean;
  arch: string;
  locale?: string;
  readThreads: string;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check INF files (files, directories searched for *.inf/*.inx, or globs) with stable rule codes')
    .argument('<paths...>', 'INF files, directories or glob patterns')
    .addOption(new Option('--universal', 'also apply the Universal INF rules').conflicts('driver'))
    .addOption(new Option('--driver', 'also apply the Windows Driver package rules (PnpLockdown, ...)').conflicts('universal'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--json', 'same as --format json')
    .addOption(new Option('--arch <arch>', 'target architecture for decorated sections').choices([...ARCHITECTURES]).default('amd64'))
    .option('--locale <langid>', 'LANGID in hex for [Strings.LLLL] (e.g. 0409)')
    .option('--read-threads <n>', `threads that read files ahead of the parser: 0 to ${READ_AHEAD.maxThreads}, or 'auto' (one, when file reads prove slow)`, 'auto')
    .action(async (paths: string[], flags: ValidateFlags) => {
      process.exitCode = await runValidate(paths, flags);
    });
}

async function runValidate(paths: string[], flags: ValidateFlags): Promise<number> {
  if (flags.locale !== undefined && !/^[0-9a-f]{1,4}$/i.test(flags.locale)) {
    throw new InfkitError('E_USAGE', `--locale must be a hexadecimal LANGID such as 0409, not "${flags.locale}"`);
  }
  const readThreads = readThreadsOption(flags.readThreads);
  const mode: ValidationMode = flags.universal ? 'universal' : flags.driver ? 'driver' : 'default';
  const format = flags.json ? 'json' : flags.format;
  const color = format === 'text' && colors.isColorSupported;
  const counter = new SummaryCounter();
  // Text streams file by file; JSON and SARIF are one document, so they keep the findings (not the files).
  const kept: FileResult[] = [];
  const options = { mode, arch: flags.arch, readThreads, ...(flags.locale ? { locale: flags.locale } : {}) };
  for await (const result of validatePaths(paths, options)) {
    counter.add(result);
    if (isFileError(result)) process.stderr.write(`${result.file}: ${errorColors.red('error')} ${result.error.code}: ${result.error.message}\n`);
    if (format === 'text') process.stdout.write(formatDiagnostics(result.diagnostics, { color }));
    else kept.push(result);
  }
  const summary = counter.sorted();
  if (format === 'json') printJson({ files: kept.map(jsonFile), summary: { ...summary, ioErrors: counter.ioErrors } });
  else if (format === 'sarif') printJson(sarifReport(kept.filter((r) => !isFileError(r)), RULES, infkitVersion()));
  else process.stderr.write(formatSummary(summary, { color }) + '\n');
  if (counter.ioErrors > 0) return EXIT.USAGE;
  return summary.errors > 0 ? EXIT.FAILED : EXIT.OK;
}

function readThreadsOption(text: string): number | 'auto' {
  const value = text === 'auto' ? text : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isReadThreads(value)) {
    throw new InfkitError('E_USAGE', `--read-threads must be 'auto' or a whole number from 0 to ${READ_AHEAD.maxThreads}, not "${text}"`);
  }
  return value;
}
