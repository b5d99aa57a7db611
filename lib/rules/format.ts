// How findings are shown: compiler-style text, JSON, and SARIF 2.1.0 for GitHub code scanning.
// `infkit validate` and the install commands print findings through formatDiagnostic.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pc from 'picocolors';
import type { Diagnostic, FileResult, Rule, Severity, ValidationMode, ValidationSummary } from './types.js';
import { levelsOf, titleOf } from './catalogue.js';
import type { FileError } from './index.js';

/** Where docs/rules.md is published; each rule has an anchor `#inf1203` there. */
export const RULES_DOC_URL = 'https://github.com/infkit/infkit/blob/main/docs/rules.md';

export function ruleHelpUri(code: string): string {
  return `${RULES_DOC_URL}#${code.toLowerCase()}`;
}

export interface TextOptions {
  /** ANSI colours (the CLI sets this for a TTY without NO_COLOR). */
  color?: boolean;
}

/** `file:line:col: error INF1203: message`, as a compiler prints it (no position for whole-file findings). */
export function formatDiagnostic(d: Diagnostic, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const level = d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.cyan('info');
  return `${c.bold(where)}: ${level} ${c.dim(d.code)}: ${d.message}`;
}

/** Findings one per line, ending with a newline (empty string for none). */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], options: TextOptions = {}): string {
  return diagnostics.map((d) => `${formatDiagnostic(d, options)}\n`).join('');
}

/** The closing line of a text report: `3 files: 1 error, 2 warnings, 0 infos`. */
export function formatSummary(summary: ValidationSummary, options: TextOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const errors = plural(summary.errors, 'error');
  return `${plural(summary.files, 'file')} checked: ${summary.errors ? c.red(errors) : errors}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')}`;
}

/** One file's entry in the JSON report. */
export function jsonFile(result: FileResult): Record<string, unknown> {
  const error = (result as Partial<FileError>).error;
  return {
    file: result.file,
    diagnostics: result.diagnostics.map(({ code, severity, line, column, message }) => ({ code, severity, line, column, message })),
    ...(error ? { error } : {}),
  };
}

/** The whole JSON report: `{"files": [...], "summary": {...}}`. */
export function jsonReport(files: readonly FileResult[], summary: ValidationSummary): Record<string, unknown> {
  return { files: files.map(jsonFile), summary };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** A SARIF artifact URI: relative paths stay relative (to the checkout), with forward slashes. */
function artifactUri(file: string): string {
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(/[\\/]/)
    .map((part) => encodeURIComponent(part))
    .join('/');
}

/**
 * A SARIF 2.1.0 log of the findings, as GitHub code scanning reads it: every rule in
 * tool.driver.rules (with helpUri to docs/rules.md), every finding a result with its region.
 */
export function sarifReport(
  files: readonly FileResult[],
  allRules: readonly Rule[],
  version: string,
  mode: ValidationMode = 'default',
): Record<string, unknown> {
  const rules = allRules.filter((r) => levelsOf(r)[mode] !== 'none');
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const results = files.flatMap((f) =>
    f.diagnostics.map((d) => ({
      ruleId: d.code,
      ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(d.file) },
            region: { startLine: Math.max(1, d.line), startColumn: Math.max(1, d.column) },
          },
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'infkit',
            version,
            informationUri: RULES_DOC_URL,
            rules: rules.map((r) => ({
              id: r.code,
              name: titleOf(r),
              shortDescription: { text: titleOf(r) },
              fullDescription: { text: r.description },
              help: { text: `${r.description}\n\nFix: ${r.fix}`, markdown: `${r.description}\n\n**Fix:** ${r.fix}` },
              helpUri: ruleHelpUri(r.code),
              defaultConfiguration: { level: SARIF_LEVEL[levelsOf(r)[mode] as Severity] },
            })),
          },
        },
        results,
      },
    ],
  };
}
