// Validation entry points: one document → findings, or paths (files, directories, globs) →
// one file's findings at a time, so a whole tree is checked without holding it in memory.
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseInfFiles } from '../inf/index.js';
import type { InfDocument, Position, Severity } from '../inf/types.js';
import type { Diagnostic, FileResult, Rule, RuleContext, ValidateOptions, ValidationMode, ValidationSummary } from './types.js';
import { rules as syntax } from './syntax.js';
import { rules as version } from './version.js';
import { rules as references } from './references.js';
import { rules as registry } from './registry.js';
import { rules as interfaceInstall } from './interface-install.js';
import { rules as classInstall } from './class-install.js';
import { rules as defaultInstall } from './default-install.js';
import { rules as legacy } from './legacy.js';
import { rules as universal } from './universal.js';
import { rules as driver } from './driver.js';
import { forgetDirectiveLines } from './helpers.js';

export type * from './types.js';
export { SYSTEM_CLASSES, systemClassByGuid, systemClassByName } from './classes.js';

/** Every rule, in documentation order. */
export const RULES: readonly Rule[] = [
  ...syntax,
  ...version,
  ...references,
  ...registry,
  ...interfaceInstall,
  ...classInstall,
  ...defaultInstall,
  ...legacy,
  ...universal,
  ...driver,
];

const byCode = new Map(RULES.map((r) => [r.code, r]));

/** The rule with this code, if any. */
export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}

/** The rules that run in `mode`: those without `modes`, plus those listing it. */
export function rulesFor(mode: ValidationMode): Rule[] {
  return RULES.filter((r) => !r.modes || r.modes.includes(mode));
}

/** Code of the finding made when a rule itself fails on an input (a bug in infkit, reported, never thrown). */
export const INTERNAL_ERROR_CODE = 'INF9999';

/** Check one parsed INF. Findings are sorted by line and column. */
export function validateDocument(doc: InfDocument, options: ValidateOptions = {}): Diagnostic[] {
  const mode = options.mode ?? 'default';
  const arch = options.arch ?? 'amd64';
  const out: Diagnostic[] = [];
  for (const rule of rulesFor(mode)) {
    const ctx: RuleContext = {
      doc,
      mode,
      arch,
      report(at: Position | null | undefined, message: string, severity?: Severity) {
        out.push({
          code: rule.code,
          severity: severity ?? rule.severity,
          file: doc.file,
          line: at?.line ?? 0,
          column: at?.column ?? 0,
          message,
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (error) {
      out.push({
        code: INTERNAL_ERROR_CODE,
        severity: 'error',
        file: doc.file,
        line: 0,
        column: 0,
        message: `internal error in rule ${rule.code}: ${(error as Error)?.message ?? String(error)}`,
      });
    }
  }
  forgetDirectiveLines();
  // Reader findings no rule documents yet are passed on as they are.
  for (const d of doc.diagnostics) {
    if (!byCode.has(d.code)) out.push({ code: d.code, severity: d.severity, file: doc.file, line: d.line, column: d.column, message: d.message });
  }
  return out.sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}

/** The result for a path that could not be read or matched nothing: exit code 2 territory. */
export interface FileError extends FileResult {
  error: { code: 'E_IO'; message: string };
}

export function isFileError(result: FileResult): result is FileError {
  return (result as FileError).error !== undefined;
}

const INF_NAME = /\.(inf|inx)$/i;

/** Files under `dir` named *.inf or *.inx, recursively, in name order, one directory read at a time. */
async function* walk(dir: string): AsyncGenerator<string> {
  const entries: Array<{ name: string; isDir: boolean }> = [];
  for await (const entry of await opendir(dir)) {
    if (entry.isDirectory()) entries.push({ name: entry.name, isDir: true });
    else if (entry.isFile() && INF_NAME.test(entry.name)) entries.push({ name: entry.name, isDir: false });
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDir) yield* walk(full);
    else yield full;
  }
}

/** The files a command-line path stands for: itself, the INFs under it, or a glob's matches. */
async function* expand(input: string): AsyncGenerator<string | FileError> {
  let info;
  try {
    info = await stat(input);
  } catch {
    info = undefined;
  }
  if (info?.isFile()) {
    yield input;
    return;
  }
  let found = false;
  if (info?.isDirectory()) {
    try {
      for await (const file of walk(input)) {
        found = true;
        yield file;
      }
    } catch (error) {
      yield ioError(input, `cannot read directory ${input}: ${(error as Error).message}`);
      return;
    }
  } else if (await isGlob(input)) {
    // Loaded only when a glob is given: most runs name files or folders, and start-up counts.
    const { glob } = await import('tinyglobby');
    const matches = await glob(input.split(path.sep).join('/'), { onlyFiles: true, dot: false, expandDirectories: false });
    matches.sort();
    for (const file of matches) {
      found = true;
      yield file;
    }
  } else {
    yield ioError(input, `cannot read ${input}: no such file or directory`);
    return;
  }
  if (!found) yield ioError(input, `no .inf or .inx files found in ${input}`);
}

async function isGlob(input: string): Promise<boolean> {
  if (!/[*?[\]{}()!+@]/.test(input)) return false; // cheap test first: no pattern characters at all
  const { isDynamicPattern } = await import('tinyglobby');
  return isDynamicPattern(input);
}

function ioError(file: string, message: string): FileError {
  return { file, diagnostics: [], error: { code: 'E_IO', message } };
}

/**
 * Validate files, directories (recursively, *.inf and *.inx) and globs, yielding one file's
 * result at a time: files are parsed one by one and dropped after their findings are made
 * (parseInfFiles may read a bounded number ahead, on another thread, where reads are slow).
 * A path that cannot be read yields a FileError instead of throwing.
 */
export async function* validatePaths(paths: readonly string[], options: ValidateOptions = {}): AsyncGenerator<FileResult> {
  const seen = new Set<string>();
  async function* files(): AsyncGenerator<string | FileError> {
    for (const input of paths) {
      for await (const item of expand(input)) {
        if (typeof item === 'string') {
          const key = path.resolve(item);
          if (seen.has(key)) continue;
          seen.add(key);
        }
        yield item;
      }
    }
  }
  const parseOptions = { ...(options.locale ? { locale: options.locale } : {}), readThreads: options.readThreads };
  for await (const result of parseInfFiles<FileError>(files(), parseOptions)) {
    if ('passed' in result) {
      yield result.passed;
    } else if (!result.error) {
      yield { file: result.file, diagnostics: validateDocument(result.document, options) };
    } else if (result.error.code === 'E_IO') {
      yield ioError(result.file, result.error.message);
    } else {
      // E_TOO_LARGE: the file is there but infkit will not read it; that is a finding, not an I/O failure.
      const { file } = result;
      yield { file, diagnostics: [{ code: 'INF9000', severity: 'error', file, line: 0, column: 0, message: result.error.message }] };
    }
  }
}

/** Adds results up as they stream by. */
export class SummaryCounter {
  readonly summary: ValidationSummary = { files: 0, errors: 0, warnings: 0, infos: 0, byCode: {} };
  /** Paths that could not be read. */
  ioErrors = 0;

  add(result: FileResult): void {
    if (isFileError(result)) {
      this.ioErrors++;
      return;
    }
    this.summary.files++;
    for (const d of result.diagnostics) {
      if (d.severity === 'error') this.summary.errors++;
      else if (d.severity === 'warning') this.summary.warnings++;
      else this.summary.infos++;
      this.summary.byCode[d.code] = (this.summary.byCode[d.code] ?? 0) + 1;
    }
  }

  /** The summary with `byCode` in code order, so the JSON does not depend on which file came first. */
  sorted(): ValidationSummary {
    const byCode = Object.fromEntries(Object.entries(this.summary.byCode).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { ...this.summary, byCode };
  }
}
