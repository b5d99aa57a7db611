// What every command shares: exit codes, JSON output, and turning errors into a
// message (never a stack trace) with the right exit code.
import { readFileSync } from 'node:fs';
import pc from 'picocolors';
import { InfkitError } from '../errors.js';
import { WinError } from '../backend/errors.js';

/** Exit codes, documented in the README. */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  /** 128 + SIGINT: the user pressed Ctrl-C. */
  INTERRUPTED: 130,
  REBOOT_REQUIRED: 3010,
} as const;

/** Stable, locale-independent JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Whether to colour what goes to `stream`: only a terminal, never when NO_COLOR is set,
 * always when FORCE_COLOR is set (and not '0'). This is our decision, not picocolors' own
 * guess, which colours whenever CI is set, even into a pipe a script is reading.
 */
export function colorEnabled(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  // Node's convention: FORCE_COLOR set to anything but '0' or 'false' (even '') forces colour.
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colours for stdout. */
export const colors = pc.createColors(colorEnabled(process.stdout));
/** Colours for stderr (messages, errors, notices). */
export const errorColors = pc.createColors(colorEnabled(process.stderr));

export function exitCodeFor(error: unknown): number {
  if (error instanceof InfkitError) {
    return error.code === 'E_USAGE' || error.code === 'E_IO' || error.code === 'E_MANIFEST' ? EXIT.USAGE : EXIT.FAILED;
  }
  return EXIT.FAILED;
}

/** How many of a failure's log lines the text output shows (the JSON has them all). */
const LOG_LINES_SHOWN = 5;

/** The failure lines SetupAPI logged for a WinError, a handful at most, with where the rest is. */
function logLines(error: WinError): string {
  if (error.log === undefined) return '';
  const failures = error.log.sections.flatMap((s) => s.failures);
  if (failures.length === 0) return `\n  log: ${error.log.file} (no failure lines in its ${error.log.sections.length} new section(s))`;
  const shown = failures.slice(0, LOG_LINES_SHOWN).map((line) => `\n    ${line.trim()}`);
  const more = failures.length > LOG_LINES_SHOWN ? `\n    ... ${failures.length - LOG_LINES_SHOWN} more` : '';
  return `\n  log: ${error.log.file}${shown.join('')}${more}`;
}

/** Report an error on stderr (and as JSON on stdout when json is set); returns the exit code. */
export function reportError(error: unknown, options: { json?: boolean; verbose?: boolean } = {}): number {
  const code = exitCodeFor(error);
  if (options.json) {
    if (error instanceof InfkitError || error instanceof WinError) printJson(error.toJSON());
    else printJson({ error: 'E_INTERNAL', message: String((error as Error)?.message ?? error) });
  }
  let text: string;
  if (error instanceof InfkitError) {
    const where = error.file ? `${error.file}${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}: ` : '';
    text = `${where}${errorColors.red('error')} ${error.code}: ${error.message}`;
    if (error.hint) text += `\n  hint: ${error.hint}`;
  } else if (error instanceof WinError) {
    text = `${errorColors.red('error')} ${error.message}`;
    if (error.hint) text += `\n  hint: ${error.hint}`;
    text += logLines(error);
  } else {
    text = `${errorColors.red('internal error')}: ${String((error as Error)?.message ?? error)}`;
    if (options.verbose && error instanceof Error && error.stack) text += `\n${error.stack}`;
  }
  process.stderr.write(`${text}\n`);
  return code;
}

/** Say something once on stderr (backend fallbacks, skipped steps). */
export function notice(message: string): void {
  process.stderr.write(`${errorColors.yellow('infkit')}: ${message}\n`);
}

const noticed = new Set<string>();
/** A notice said once per process (a backend fallback, say, when many commands run in one). */
export function noticeOnce(message: string): void {
  if (noticed.has(message)) return;
  noticed.add(message);
  notice(message);
}

let version: string | undefined;
/** infkit's version, from package.json, read once (two levels up from lib/cli/, dist/cli/ and the bundle's dist/cli-chunks/). */
export function infkitVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}
