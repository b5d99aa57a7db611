#!/usr/bin/env node
// Compares a version of Microsoft's page "INF Validation Errors and Warnings"
// (MicrosoftDocs/windows-driver-docs, windows-driver-docs-pr/devtest/inf-validation-errors-and-warnings.md)
// with INFVERIF_CODES (lib/rules/infverif-codes.ts): the codes each side lists and their levels
// under /k, /u and /w. Prints every difference; exits 1 if there is any, 0 if none, 2 on bad usage.
//
//   npm run build && node scripts/check-infverif-page.mjs PAGE.md
//
// The catalogue is read from ../dist/rules/infverif-codes.js; `--codes FILE.js` or the environment
// variable INFVERIF_CODES_MODULE points at another build of it.
//
// The page since 2024 is a Markdown table, one row a code:
//   | **Code 1324**<a name="1324"></a><br><br>**Message**<br>...| **/k:** Warning<br>**/u:** Warning<br>**/w:** Error<br>... |
// Versions before 2024 are HTML tables (`<strong>1324: ...</strong>`) without per-mode levels: for
// those only the codes are compared.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** @typedef {'error' | 'warning' | 'none'} Level */
/** @typedef {{ k?: Level, u?: Level, w?: Level }} PageLevels */
/** @typedef {{ code: number, title: string, page: { k: Level, u: Level, w: Level }, retired?: string }} InfVerifCode */

/** @type {readonly ('k' | 'u' | 'w')[]} */
const MODES = ['k', 'u', 'w'];
/** @type {Record<string, Level>} */
const LEVELS = { error: 'error', warning: 'warning', none: 'none' };

/** @param {string} [message] @returns {never} */
function usage(message) {
  if (message) console.error(message);
  console.error('usage: node scripts/check-infverif-page.mjs [--codes infverif-codes.js] PAGE.md');
  process.exit(2);
}

let pagePath;
let codesModule = process.env.INFVERIF_CODES_MODULE;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--codes') {
    codesModule = args[++i];
    if (!codesModule) usage('--codes needs a file');
  } else if (arg.startsWith('--codes=')) codesModule = arg.slice('--codes='.length);
  else if (arg === '-h' || arg === '--help') usage();
  else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
  else if (pagePath) usage('one page at a time');
  else pagePath = arg;
}
if (!pagePath) usage();

const moduleUrl = codesModule ? pathToFileURL(resolve(codesModule)).href : new URL('../dist/rules/infverif-codes.js', import.meta.url).href;
/** @type {InfVerifCode[]} */
let INFVERIF_CODES;
try {
  ({ INFVERIF_CODES } = await import(moduleUrl));
} catch (err) {
  console.error(`cannot load the catalogue from ${moduleUrl} (run \`npm run build\`?): ${err instanceof Error ? err.message : err}`);
  process.exit(2);
}
if (!Array.isArray(INFVERIF_CODES)) {
  console.error(`${moduleUrl} does not export INFVERIF_CODES`);
  process.exit(2);
}

/**
 * The page's codes: Map code → { k, u, w } (levels lower-case), or → null when the version gives no
 * levels. `problems` collects rows the parser could not read whole.
 * @param {string} text
 * @returns {{ codes: Map<number, PageLevels | null>, hasLevels: boolean, problems: string[] }}
 */
function parsePage(text) {
  /** @type {Map<number, PageLevels | null>} */
  const codes = new Map();
  /** @type {string[]} */
  const problems = [];
  const rows = text.split(/\r?\n/).filter((line) => /^\|\s*\*\*Code\s+\d+\*\*/.test(line));
  if (rows.length > 0) {
    for (const row of rows) {
      const code = Number(/^\|\s*\*\*Code\s+(\d+)\*\*/.exec(row)?.[1]);
      const cells = row
        .trim()
        .replace(/^\||\|$/g, '')
        .split(' | ');
      const levelCell = cells[cells.length - 1];
      /** @type {PageLevels} */
      const levels = {};
      for (const m of levelCell.matchAll(/\*\*\/([a-z]+):\*\*\s*([A-Za-z]+)/g)) {
        const mode = /** @type {'k' | 'u' | 'w'} */ (m[1]);
        const level = LEVELS[m[2].toLowerCase()];
        if (!MODES.includes(mode)) problems.push(`page: code ${code}: unexpected column /${mode}: ${m[2]}`);
        else if (!level) problems.push(`page: code ${code}: unknown level '${m[2]}' for /${mode}`);
        else if (mode in levels) problems.push(`page: code ${code}: /${mode} given twice`);
        else levels[mode] = level;
      }
      for (const mode of MODES) if (!(mode in levels)) problems.push(`page: code ${code}: no level for /${mode}`);
      if (codes.has(code)) problems.push(`page: code ${code} has more than one row`);
      else codes.set(code, levels);
    }
    return { codes, hasLevels: true, problems };
  }
  // Pre-2024 versions: HTML (or, briefly in 2018, Markdown) tables of `NNNN: title`, no levels.
  for (const m of text.matchAll(/(?:<strong>|\*\*)(\d{4})\s*:/g)) codes.set(Number(m[1]), null);
  return { codes, hasLevels: false, problems };
}

const text = readFileSync(/** @type {string} */ (pagePath), 'utf8');
const { codes: page, hasLevels, problems } = parsePage(text);
if (page.size === 0) {
  console.error(`${pagePath}: no codes found; is this the INF Validation Errors and Warnings page?`);
  process.exit(2);
}

const differences = [...problems];
/** @type {Map<number, InfVerifCode>} */
const catalogue = new Map();
for (const entry of INFVERIF_CODES) {
  if (catalogue.has(entry.code)) differences.push(`catalogue: code ${entry.code} listed twice`);
  catalogue.set(entry.code, entry);
}

/** @param {PageLevels} levels */
const fmt = (levels) => MODES.map((m) => `/${m} ${levels[m] ?? '?'}`).join(', ');
const allCodes = [...new Set([...page.keys(), ...catalogue.keys()])].sort((a, b) => a - b);
for (const code of allCodes) {
  const onPage = page.get(code);
  const entry = catalogue.get(code);
  if (!entry) {
    differences.push(`${code}: on the page${onPage ? ` (${fmt(onPage)})` : ''}, not in the catalogue`);
  } else if (!page.has(code)) {
    if (entry.retired) continue; // retired, and absent here too
    differences.push(`${code}: in the catalogue (${fmt(entry.page)}), not on the page`);
  } else if (entry.retired) {
    differences.push(`${code}: on the page${onPage ? ` (${fmt(onPage)})` : ''}, but the catalogue has it retired ${entry.retired}`);
  } else if (onPage) {
    const changed = MODES.filter((m) => onPage[m] !== undefined && onPage[m] !== entry.page[m]);
    if (changed.length > 0) {
      differences.push(`${code}: ${changed.map((m) => `/${m} page ${onPage[m]}, catalogue ${entry.page[m]}`).join('; ')}`);
    }
  }
}

const current = INFVERIF_CODES.filter((e) => !e.retired).length;
console.log(`${pagePath}: ${page.size} codes${hasLevels ? '' : ' (a version without per-mode levels: codes compared only)'}`);
console.log(`catalogue: ${current} current codes, ${INFVERIF_CODES.length - current} retired`);
if (differences.length === 0) {
  console.log('no differences');
  process.exit(0);
}
for (const line of differences) console.log(line);
console.log(`${differences.length} difference${differences.length === 1 ? '' : 's'}`);
process.exit(1);
