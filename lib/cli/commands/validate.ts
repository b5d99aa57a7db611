// infkit validate PATH... : check INFs (files, directories, globs) and print findings as
// compiler-style text, JSON or SARIF. Exit 0 without errors, 1 with errors, 2 for usage/I/O.
import { type Command, Option } from 'commander';
import { InfkitError } from '../../errors.js';
import {
  RULES,
  SAMPLES_CODES,
  SummaryCounter,
  findingFilter,
  isFileError,
  modeNamed,
  validatePathsWithDocuments,
} from '../../rules/index.js';
import type { Diagnostic, FileResult, ValidateOptions, ValidationMode } from '../../rules/types.js';
import type { TrustReport } from '../../trust/index.js';
import type { InfDocument } from '../../inf/types.js';
import { formatDiagnostics, formatSummary, jsonFile, sarifReport } from '../../rules/format.js';
import { ARCHITECTURES } from '../../inf/platform.js';
import { READ_AHEAD, isReadThreads } from '../../io/read-many.js';
import { EXIT, colors, errorColors, infkitVersion, printJson } from '../common.js';

interface ValidateFlags {
  mode?: string;
  universal?: boolean;
  declarative?: boolean;
  windowsDriver?: boolean;
  whql?: boolean;
  format: 'text' | 'json' | 'sarif';
  json?: boolean;
  arch?: string;
  locale?: string;
  ignore?: string[];
  minSeverity?: 'info' | 'warning' | 'error';
  samples?: boolean;
  stampinf?: boolean;
  readThreads: string;
}

/** The mode flags, each with the InfVerif flag it stands for. */
const MODE_FLAGS = [
  { flags: '--universal', flag: 'universal', mode: 'universal', name: 'universal', infverif: '/u', what: 'Universal INF requirements' },
  {
    flags: '--declarative',
    flag: 'declarative',
    mode: 'declarative',
    name: 'declarative',
    infverif: '/k',
    what: 'Declarative driver requirements',
  },
  {
    flags: '--driver, --windows-driver',
    flag: 'windowsDriver',
    mode: 'windowsDriver',
    name: 'windows-driver',
    infverif: '/w',
    what: 'Windows Driver requirements, driver package isolation',
  },
  {
    flags: '--hlk, --whql',
    flag: 'whql',
    mode: 'hlk',
    name: 'hlk',
    infverif: '/h',
    what: 'WHQL signing requirements of the Hardware Dev Center',
  },
] as const;

export function register(program: Command): void {
  const command = program
    .command('validate')
    .description('check INF files (files, directories searched for *.inf/*.inx, or globs) with stable rule codes')
    .argument('<paths...>', 'INF files, directories or glob patterns')
    .addOption(
      new Option(
        '--mode <mode>',
        `InfVerif's mode: default (no flag), ${MODE_FLAGS.map((m) => `${m.name} (${m.infverif})`).join(', ')}`,
      ).choices(['default', ...MODE_FLAGS.map((m) => m.name), 'driver']),
    );
  for (const m of MODE_FLAGS) command.addOption(new Option(m.flags, `InfVerif ${m.infverif}: ${m.what} (same as --mode ${m.name})`));
  command
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--json', 'same as --format json')
    .addOption(
      new Option(
        '--arch <arch>',
        "check this architecture only (default: each one the INF's decorations name; .inx templates are stamped with it, default amd64)",
      ).choices([...ARCHITECTURES]),
    )
    .option('--ignore <codes>', 'drop findings with these codes (comma-separated: INF1324,2083); repeatable', collectCodes)
    .addOption(new Option('--min-severity <level>', 'report only findings at least this severe').choices(['info', 'warning', 'error']))
    .option('--samples', `InfVerif /samples, as Microsoft builds its driver samples: leave out ${SAMPLES_CODES.join(', ')}`)
    .option('--stampinf', 'InfVerif /stampinf: check .inf files as stampinf inputs too ($ARCH$ stamped, DriverVer left to stampinf)')
    .option('--locale <langid>', 'LANGID in hex for [Strings.LLLL] (e.g. 0409)')
    .option(
      '--read-threads <n>',
      `threads that read files ahead of the parser: 0 to ${READ_AHEAD.maxThreads}, or 'auto' (one, when file reads prove slow)`,
      'auto',
    )
    .action(async (paths: string[], flags: ValidateFlags) => {
      process.exitCode = await runValidate(paths, flags);
    });
}

async function runValidate(paths: string[], flags: ValidateFlags): Promise<number> {
  if (flags.locale !== undefined && !/^[0-9a-f]{1,4}$/i.test(flags.locale)) {
    throw new InfkitError('E_USAGE', `--locale must be a hexadecimal LANGID such as 0409, not "${flags.locale}"`);
  }
  const readThreads = readThreadsOption(flags.readThreads);
  const mode = modeFromFlags(flags);
  const format = flags.json ? 'json' : flags.format;
  const color = format === 'text' && colors.isColorSupported;
  const counter = new SummaryCounter();
  // Text streams file by file; JSON and SARIF are one document, so they keep the findings (not the files).
  const kept: FileResult[] = [];
  const options: ValidateOptions = {
    mode,
    readThreads,
    ...(flags.arch ? { arch: flags.arch } : {}),
    ...(flags.locale ? { locale: flags.locale } : {}),
    ...(flags.ignore ? { ignore: flags.ignore } : {}),
    ...(flags.minSeverity ? { minSeverity: flags.minSeverity } : {}),
    ...(flags.samples ? { samples: true } : {}),
    ...(flags.stampinf ? { stampinf: true } : {}),
  };
  // InfVerif's /w and /h check signing: there the catalog is checked as `trust check` does.
  const trust = mode === 'windowsDriver' || mode === 'hlk' ? { arch: flags.arch ?? 'amd64', kept: findingFilter(options) } : undefined;
  for await (const { result, document } of validatePathsWithDocuments(paths, options)) {
    if (trust !== undefined && document !== undefined) await addTrustFindings(result, document, trust.arch, trust.kept);
    counter.add(result);
    if (isFileError(result))
      process.stderr.write(`${result.file}: ${errorColors.red('error')} ${result.error.code}: ${result.error.message}\n`);
    if (format === 'text') process.stdout.write(formatDiagnostics(result.diagnostics, { color }));
    else kept.push(result);
  }
  const summary = counter.sorted();
  if (format === 'json') printJson({ files: kept.map(fileJson), summary: { ...summary, ioErrors: counter.ioErrors } });
  else if (format === 'sarif')
    printJson(
      sarifReport(
        kept.filter((r) => !isFileError(r)),
        RULES,
        infkitVersion(),
        mode,
      ),
    );
  else process.stderr.write(`${formatSummary(summary, { color })}\n`);
  if (counter.ioErrors > 0) return EXIT.USAGE;
  return summary.errors > 0 ? EXIT.FAILED : EXIT.OK;
}

/** The package's catalog findings (lib/trust) in a file's result, in line order with the rest. */
async function addTrustFindings(result: FileResult, document: InfDocument, arch: string, kept: (d: Diagnostic) => boolean): Promise<void> {
  const { checkPackageTrust } = await import('../../trust/index.js');
  let report: TrustReport;
  try {
    report = await checkPackageTrust(document, { arch });
  } catch {
    return; // an INF the trust check cannot plan has its findings from the rules already
  }
  const seen = new Set(result.diagnostics.map((d) => `${d.code}\0${d.line}`));
  const added = report.findings.filter((d) => kept(d) && !seen.has(`${d.code}\0${d.line}`));
  if (added.length === 0) return;
  result.diagnostics.push(...added);
  result.diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * A file's entry in the JSON report. A path that could not be read carries its error in the
 * shape of every error infkit prints, `{ "error": "E_IO", "message" }`.
 */
function fileJson(result: FileResult): Record<string, unknown> {
  const json = jsonFile(result);
  return isFileError(result) ? { ...json, error: { error: result.error.code, message: result.error.message } } : json;
}

/** The one mode the flags ask for; two different ones are a usage error. */
function modeFromFlags(flags: ValidateFlags): ValidationMode {
  const asked = new Set<ValidationMode>();
  if (flags.mode) asked.add(modeNamed(flags.mode)!);
  for (const m of MODE_FLAGS) if (flags[m.flag]) asked.add(m.mode);
  if (asked.size > 1) {
    throw new InfkitError('E_USAGE', `one mode at a time, as with InfVerif: got ${[...asked].join(' and ')}`);
  }
  return [...asked][0] ?? 'default';
}

/** --ignore INF1324,2083 --ignore 1205 → ['INF1324', '2083', '1205'] (validateDocument reads both forms). */
function collectCodes(value: string, previous: string[] = []): string[] {
  const codes = value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  for (const code of codes) {
    if (!/^(inf)?\d{4}$/i.test(code)) throw new InfkitError('E_USAGE', `--ignore takes codes such as INF1324 or 1324, not "${code}"`);
  }
  return [...previous, ...codes];
}

function readThreadsOption(text: string): number | 'auto' {
  const value = text === 'auto' ? text : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!isReadThreads(value)) {
    throw new InfkitError('E_USAGE', `--read-threads must be 'auto' or a whole number from 0 to ${READ_AHEAD.maxThreads}, not "${text}"`);
  }
  return value;
}
