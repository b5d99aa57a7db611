// Validation entry points: one document → findings, or paths (files, directories, globs) →
// one file's findings at a time, so a whole tree is checked without holding it in memory.
import type { Stats } from 'node:fs';
import { lstat, opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isInxFile } from '../inf/index.js';
import { parseInfFiles } from '../io/index.js';
import { InfkitError } from '../errors.js';
import type { InfDocument, Position, Severity } from '../inf/types.js';
import type {
  CatalogueEntry,
  Diagnostic,
  FileResult,
  Rule,
  RuleContext,
  ValidateOptions,
  ValidationMode,
  ValidationSummary,
} from './types.js';
import { MODE_ALIASES } from './types.js';
import { atLeast, buildCatalogue, lesser, levelsOf } from './catalogue.js';
import { FAMILIES } from './families.js';
import { forgetDocument } from './helpers.js';
import { architecturesOf } from './arches.js';
import { packageFilesCache, packageFilesFor } from './package-files.js';

export type * from './types.js';
export { VALIDATION_MODES, MODE_ALIASES } from './types.js';
export { SYSTEM_CLASSES, systemClassByGuid, systemClassByName } from './classes.js';
export { infverifLevels, levelsOf, titleOf } from './catalogue.js';
export { architecturesOf } from './arches.js';

/** Every rule, in documentation order. */
export const RULES: readonly Rule[] = FAMILIES.flatMap((f) => f.rules);

/** Why each InfVerif code without a check is not checked ('INF1202' → reason). */
export const UNCHECKED: Readonly<Record<string, string>> = Object.assign({}, ...FAMILIES.map((f) => f.unchecked ?? {}));

const byCode = new Map(RULES.map((r) => [r.code, r]));

/** The rule with this code, if any. */
export function ruleByCode(code: string): Rule | undefined {
  return byCode.get(code);
}

/** The mode a name stands for ('driver', 'w', 'windows-driver' → 'windowsDriver'), or undefined. */
export function modeNamed(name: string): ValidationMode | undefined {
  return MODE_ALIASES[name.toLowerCase()];
}

/** The rules that run in `mode`: those whose level there is not none. */
export function rulesFor(mode: ValidationMode | 'driver'): Rule[] {
  const m = modeNamed(mode) ?? 'default';
  return RULES.filter((r) => levelsOf(r)[m] !== 'none');
}

/** InfVerif's whole catalogue plus infkit's own codes, each with its levels and whether infkit checks it. */
export function catalogue(): CatalogueEntry[] {
  return buildCatalogue(RULES, UNCHECKED);
}

/** Code of the finding made when a rule itself fails on an input (a bug in infkit, reported, never thrown). */
export const INTERNAL_ERROR_CODE = 'INF9999';

/**
 * What InfVerif's /samples leaves out. Microsoft's Build-Samples.ps1 (Windows-driver-samples) names
 * them: "/sw1284 /sw1285 /sw1293 /sw2083 /sw2086" up to WDK 22621, grouped under /samples since.
 * 1204 is added because that build passes TrEEOSServiceSample.inf and netvadapter.inf, whose
 * Provider is "Microsoft", with /samples.
 */
export const SAMPLES_CODES: readonly string[] = ['INF1204', 'INF1284', 'INF1285', 'INF1293', 'INF2083', 'INF2086'];

/** '1324' or 'inf1324' → 'INF1324'. */
function normaliseCode(code: string): string {
  const c = code.trim().toUpperCase();
  return /^\d+$/.test(c) ? `INF${c.padStart(4, '0')}` : c;
}

/** The mode `options` names; a name that is no mode is E_USAGE. */
function modeOf(options: ValidateOptions): ValidationMode {
  const mode = modeNamed(options.mode ?? 'default');
  if (!mode) {
    const names = Object.keys(MODE_ALIASES).join(', ');
    throw new InfkitError('E_USAGE', `unknown validation mode "${options.mode}"`, { hint: `use one of ${names}` });
  }
  return mode;
}

/** Whether a finding passes --ignore, --samples and --min-severity (for findings made outside validateDocument too). */
export function findingFilter(
  options: Pick<ValidateOptions, 'ignore' | 'samples' | 'minSeverity'>,
  ignore: ReadonlySet<string> = ignoredCodes(options),
): (d: Diagnostic) => boolean {
  return (d) => !ignore.has(d.code) && (!options.minSeverity || atLeast(d.severity, options.minSeverity));
}

/** The codes --ignore and --samples drop, in the INFnnnn form. */
function ignoredCodes(options: Pick<ValidateOptions, 'ignore' | 'samples'>): Set<string> {
  return new Set([...(options.ignore ?? []).map(normaliseCode), ...(options.samples ? SAMPLES_CODES : [])]);
}

/** Check one parsed INF. Findings are sorted by line and column. */
export function validateDocument(doc: InfDocument, options: ValidateOptions = {}): Diagnostic[] {
  const mode = modeOf(options);
  const files = options.packageFiles !== undefined ? options.packageFiles : options.packageDir ? packageFilesFor(options.packageDir) : null;
  const ignore = ignoredCodes(options);
  const kept = findingFilter(options, ignore);
  const stampinf = options.stampinf === true || isInxFile(doc.file);
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  let arches: string[] = typeof options.arch === 'string' ? [options.arch] : [...(options.arch ?? [])];
  const push = (d: Diagnostic): void => {
    if (!kept(d)) return;
    const key = `${d.code}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return; // the same finding from two architectures
    seen.add(key);
    out.push(d);
  };
  const internalError = (what: string, error: unknown): void =>
    push({
      code: INTERNAL_ERROR_CODE,
      severity: 'error',
      file: doc.file,
      line: 0,
      column: 0,
      message: `internal error in ${what}: ${(error as Error)?.message ?? String(error)}`,
    });
  if (arches.length === 0) {
    try {
      arches = architecturesOf(doc);
    } catch (error) {
      internalError('finding the architectures', error);
      arches = ['amd64'];
    }
  }
  for (const rule of RULES) {
    const level = levelsOf(rule)[mode];
    if (level === 'none' || ignore.has(rule.code)) continue;
    const ctx: RuleContext = {
      doc,
      mode,
      arches,
      arch: arches[0]!,
      files,
      stampinf,
      report(at: Position | null | undefined, message: string, severity?: Severity) {
        push({
          code: rule.code,
          severity: severity ? lesser(level, severity) : level,
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
      internalError(`rule ${rule.code}`, error);
    }
  }
  forgetDocument();
  // Reader findings no rule documents yet are passed on as they are.
  for (const d of doc.diagnostics) {
    if (!byCode.has(d.code))
      push({ code: d.code, severity: d.severity, file: doc.file, line: d.line, column: d.column, message: d.message });
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

/**
 * What earlier command-line paths stood for, so that a file two paths both name (`a.inf .`, a folder
 * and one inside it, a glob over a folder) is validated once. A folder walked to its end is kept as
 * one path, not file by file: memory does not grow with the files found in folders.
 */
class SeenFiles {
  readonly #folders: string[] = [];
  /** Files named or matched by a glob (a glob's matches are a list in memory already). */
  readonly #files = new Set<string>();

  /**
   * Whether an earlier path stood for `file`. If not, `file` is remembered for the paths after,
   * unless it was found walking a folder (walked() then covers it).
   */
  async seen(file: string, inFolder = false): Promise<boolean> {
    const key = path.resolve(file);
    if (this.#files.has(key)) return true;
    // A folder walked stood for the regular files under it named *.inf or *.inx (walk() lists
    // no links: a link named on its own is not one of them).
    const underWalked = INF_NAME.test(key) && this.#folders.some((folder) => key.startsWith(folder));
    if (underWalked && (inFolder || (await isRegularFile(key)))) return true;
    if (!inFolder) this.#files.add(key);
    return false;
  }

  /** `folder` was walked to its end. */
  walked(folder: string): void {
    const resolved = path.resolve(folder);
    this.#folders.push(resolved.endsWith(path.sep) ? resolved : resolved + path.sep);
  }
}

async function isRegularFile(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isFile();
  } catch {
    return false;
  }
}

/** The files a command-line path stands for that no earlier path did: itself, the INFs under it, or a glob's matches. */
async function* expand(input: string, earlier: SeenFiles): AsyncGenerator<string | FileError> {
  let info: Stats | undefined;
  try {
    info = await stat(input);
  } catch {
    info = undefined;
  }
  if (info?.isFile()) {
    if (!(await earlier.seen(input))) yield input;
    return;
  }
  let found = false;
  if (info?.isDirectory()) {
    try {
      for await (const file of walk(input)) {
        found = true;
        if (!(await earlier.seen(file, true))) yield file;
      }
    } catch (error) {
      yield ioError(input, `cannot read directory ${input}: ${(error as Error).message}`);
      return;
    }
    earlier.walked(input);
  } else if (await isGlob(input)) {
    // Loaded only when a glob is given: most runs name files or folders, and start-up counts.
    const { glob } = await import('tinyglobby');
    const matches = await glob(input.split(path.sep).join('/'), { onlyFiles: true, dot: false, expandDirectories: false });
    matches.sort();
    for (const file of matches) {
      found = true;
      if (!(await earlier.seen(file))) yield file;
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
  for await (const { result } of validatePathsWithDocuments(paths, options)) yield result;
}

/** A file's result, with the document it was made from (none when the file could not be parsed). */
export interface ValidatedFile {
  result: FileResult;
  document?: InfDocument;
}

/**
 * validatePaths, each result with its document, for a caller that checks more of it (validate's
 * catalog check). Keep the result, not the document, to stay one file at a time.
 */
export async function* validatePathsWithDocuments(paths: readonly string[], options: ValidateOptions = {}): AsyncGenerator<ValidatedFile> {
  async function* files(): AsyncGenerator<string | FileError> {
    const earlier = new SeenFiles();
    for (const input of paths) yield* expand(input, earlier);
  }
  modeOf(options); // a bad mode is a usage error before any file is read
  const folderOf = packageFilesCache();
  const stampArch = typeof options.arch === 'string' ? options.arch : (options.arch?.[0] ?? 'amd64');
  const stamp = options.stampinf ? { stamp: stampArch } : { stampInx: stampArch };
  const parseOptions = { ...(options.locale ? { locale: options.locale } : {}), readThreads: options.readThreads, ...stamp };
  for await (const result of parseInfFiles<FileError>(files(), parseOptions)) {
    if ('passed' in result) {
      yield { result: result.passed };
    } else if (!result.error) {
      const { file, document } = result;
      const packageFiles = options.packageDir === null ? null : folderOf(options.packageDir ?? path.dirname(path.resolve(file)));
      yield { result: { file, diagnostics: validateDocument(document, { ...options, packageFiles }) }, document };
    } else if (result.error.code === 'E_IO') {
      yield { result: ioError(result.file, result.error.message) };
    } else {
      // E_TOO_LARGE: the file is there but infkit will not read it; that is a finding, not an I/O failure.
      const { file } = result;
      yield {
        result: { file, diagnostics: [{ code: 'INF9000', severity: 'error', file, line: 0, column: 0, message: result.error.message }] },
      };
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
