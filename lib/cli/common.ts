// What every command shares: exit codes, JSON output, and turning errors into a
// message (never a stack trace) with the right exit code.
import pc from 'picocolors';
import { InfkitError } from '../errors.js';
import { WinError } from '../backend/errors.js';

/** Exit codes, documented in the README. */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  REBOOT_REQUIRED: 3010,
} as const;

/** Stable, locale-independent JSON on stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

/** Colour only on a TTY and when NO_COLOR is not set (picocolors checks both). */
export const colors = pc;

export function exitCodeFor(error: unknown): number {
  if (error instanceof InfkitError) {
    return error.code === 'E_USAGE' || error.code === 'E_IO' || error.code === 'E_MANIFEST' ? EXIT.USAGE : EXIT.FAILED;
  }
  return EXIT.FAILED;
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
    text = `${where}${pc.red('error')} ${error.code}: ${error.message}`;
    if (error.hint) text += `\n  hint: ${error.hint}`;
  } else if (error instanceof WinError) {
    text = `${pc.red('error')} ${error.message}`;
    if (error.hint) text += `\n  hint: ${error.hint}`;
  } else {
    text = `${pc.red('internal error')}: ${String((error as Error)?.message ?? error)}`;
    if (options.verbose && error instanceof Error && error.stack) text += `\n${error.stack}`;
  }
  process.stderr.write(text + '\n');
  return code;
}

/** Say something once on stderr (backend fallbacks, skipped steps). */
export function notice(message: string): void {
  process.stderr.write(`${pc.yellow('infkit')}: ${message}\n`);
}
