// The options every machine-touching command shares (--backend, --state, --json,
// --dry-run, --force, --verbose), declared once and read once, plus the helpers
// those commands share: opening the backend, finishing with an exit code, parsing
// durations. Commands stay a few lines over a library call.
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import type { Backend } from '../backend/types.js';
import { BACKEND_CHOICES, openBackend, type BackendChoice } from '../backend/select.js';
import { InfkitError } from '../errors.js';
import { requireGuid } from '../backend/args.js';
import { windowsArchOf } from '../base/arch.js';
import { normalizeGuid } from '../base/guid.js';
import { checkInfs, InfRefusedError } from '../apply/infs.js';
import { formatDiagnostics } from '../rules/format.js';
import type { Diagnostic } from '../rules/types.js';
import { errorColors, EXIT, notice, noticeOnce, printJson } from './common.js';

/** A GUID argument in the backends' form; E_USAGE (exit 2) when it is not a GUID. */
export { requireGuid } from '../backend/args.js';

export interface CommonOptions {
  backend: BackendChoice;
  /** State directory of the mock machine (and of apply journals); undefined = the default. */
  state?: string;
  json: boolean;
  dryRun: boolean;
  force: boolean;
  verbose: boolean;
}

/** Which of the optional flags a command takes; --backend, --state, --json and --verbose always. */
export interface OptionSet {
  dryRun?: boolean;
  /** true, or what --force overrides for this command when it is not error-level INF findings. */
  force?: boolean | string;
}

/** Adds the shared options to a command. */
export function addCommonOptions(command: Command, set: OptionSet = {}): Command {
  command
    .addOption(new Option('--backend <kind>', 'which backend acts on the machine').choices([...BACKEND_CHOICES]).default('auto'))
    .option('--state <dir>', 'state directory of the mock machine and of apply journals')
    .option('--json', 'print stable, locale-independent JSON on stdout')
    .option('--verbose', 'say more on stderr');
  if (set.dryRun) command.option('--dry-run', 'show what would be done; change nothing');
  if (set.force) command.option('--force', typeof set.force === 'string' ? set.force : 'go on despite error-level INF findings');
  return command;
}

/** The shared options of a command action, with defaults filled in. */
export function commonOptions(raw: Record<string, unknown>): CommonOptions {
  const options: CommonOptions = {
    backend: (raw.backend as BackendChoice | undefined) ?? 'auto',
    json: raw.json === true,
    dryRun: raw.dryRun === true,
    force: raw.force === true,
    verbose: raw.verbose === true,
  };
  if (typeof raw.state === 'string') options.state = raw.state;
  return options;
}

/** Opens the chosen backend, runs `work`, and always closes it (releasing the mock's lock). */
export async function withBackend<T>(options: CommonOptions, work: (backend: Backend) => Promise<T>): Promise<T> {
  const backend = await openBackend({
    backend: options.backend,
    onNotice: noticeOnce,
    ...(options.state !== undefined && { stateDir: options.state }),
  });
  try {
    return await work(backend);
  } finally {
    await backend.close();
  }
}

/**
 * Ends a command: prints `json` (with --json) or `text` (otherwise; a required reboot is
 * said on its last line) and sets the exit code: 1 when failed, 3010 when a reboot is
 * required, else 0.
 */
export function finish(
  options: CommonOptions,
  result: { json: unknown; text: string | string[]; failed?: boolean; rebootRequired?: boolean },
): void {
  if (options.json) printJson(result.json);
  else {
    const lines = [result.text, result.rebootRequired ? 'a reboot is required to finish' : []].flat().filter((line) => line !== '');
    if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = result.failed ? EXIT.FAILED : result.rebootRequired ? EXIT.REBOOT_REQUIRED : EXIT.OK;
}

/** '30s', '500ms', '2m', '1h' or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i.exec(text);
  if (!match) {
    throw new InfkitError('E_USAGE', `invalid duration '${text}'`, { hint: 'write e.g. 30s, 500ms, 2m or a number of seconds' });
  }
  const unit = (match[2] ?? 's').toLowerCase();
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(Number(match[1]) * factor);
}

/**
 * The check before any install: validates the INFs; findings that stop an install (stopsInstall) stop the
 * command (InfRefusedError, exit 1) unless --force. The findings are printed on stderr as
 * `infkit validate` prints them; with --json they travel in the error JSON instead.
 */
export async function validateBeforeInstall(files: string[], options: CommonOptions): Promise<void> {
  let results: Awaited<ReturnType<typeof checkInfs>>;
  try {
    results = await checkInfs(files, { force: options.force });
  } catch (error) {
    if (error instanceof InfRefusedError && !options.json) {
      process.stderr.write(
        formatDiagnostics(
          error.refused.flatMap((r) => r.diagnostics),
          { color: errorColors.isColorSupported },
        ),
      );
    }
    throw error;
  }
  const errors = results.flatMap((r) => r.diagnostics);
  if (errors.length > 0) {
    if (!options.json) process.stderr.write(formatDiagnostics(errors, { color: errorColors.isColorSupported }));
    notice(`installing despite ${errors.length} finding(s) that stop an install, because of --force`);
  }
}

/**
 * Before a driver package is staged or installed: its catalog checked as `trust check` does.
 * A catalog that is missing, or files it does not list or vouch for, stop the install unless
 * --force (lib/trust/codes.ts says which findings do); the others are Windows' own to judge.
 */
export async function checkTrustBeforeInstall(infs: readonly string[], options: CommonOptions): Promise<void> {
  if (infs.length === 0) return;
  const { checkPackageTrust, trustStopsInstall } = await import('../trust/index.js');
  // The machine's architecture: this process's on Windows, the mock's (amd64) elsewhere.
  const arch = process.platform === 'win32' ? windowsArchOf() : 'amd64';
  const refused: Array<{ file: string; diagnostics: Diagnostic[] }> = [];
  for (const file of infs) {
    const stoppers = (await checkPackageTrust(file, { arch })).findings.filter(trustStopsInstall);
    if (stoppers.length > 0) refused.push({ file, diagnostics: stoppers });
  }
  if (refused.length === 0) return;
  const findings = refused.flatMap((r) => r.diagnostics);
  if (!options.json || options.force) process.stderr.write(formatDiagnostics(findings, { color: errorColors.isColorSupported }));
  if (!options.force) throw new InfRefusedError(refused);
  notice(`installing despite ${findings.length} catalog finding(s) that stop an install, because of --force`);
}

/** Ordinal string order: the same in every locale (never localeCompare). */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The state directory in use: --state, else the mock backend's default (journals live there too). */
export async function stateDirOf(options: CommonOptions): Promise<string> {
  if (options.state !== undefined) return options.state;
  const { defaultStateDir } = await import('../backend/mock/index.js');
  return defaultStateDir();
}

/**
 * A setup class named by GUID or by name. Text with a brace, or that starts like a GUID, is
 * meant as one: E_USAGE when it is not a GUID (`{zzzz}`), as for an empty name.
 */
export function setupClassArg(text: string): { guid: string } | { name: string } {
  const guid = normalizeGuid(text);
  if (guid !== null) return { guid };
  if (/[{}]|^\s*[0-9a-f]{8}-/i.test(text)) return { guid: requireGuid(text, 'setup class GUID') };
  if (text.trim() === '')
    throw new InfkitError('E_USAGE', 'a setup class name must not be empty', { hint: 'give the class by name (System) or GUID' });
  return { name: text.trim() };
}

/** The mock keeps the files of its simulated machine (MockBackend.readMachineFile). */
interface MachineFiles {
  readMachineFile(windowsPath: string): Promise<Uint8Array | null>;
}

/**
 * A file of the machine the backend acts on, by its Windows path: the mock machine's file, or
 * on Windows the file itself. Null when it is not there or cannot be read.
 */
export async function readMachineFile(backend: Backend, windowsPath: string): Promise<Uint8Array | null> {
  const machine = backend as Partial<MachineFiles>;
  if (typeof machine.readMachineFile === 'function') return machine.readMachineFile(windowsPath);
  return readFile(windowsPath).catch(() => null);
}
