// @ts-check
// node scripts/infverif-agreement.mjs [--details] [--json] [--case ID]...
//
// Prints how far infkit agrees with real InfVerif output (test/infverif/cases.json): one row a
// case, then the totals. The measuring logic is test/infverif/agreement.ts, the module the vitest
// test runs; this script runs the same module under plain Node, with infkit taken from dist/
// (so build first: npm run build). It transpiles agreement.ts alone with the project's tsc into a
// temporary folder (nothing under dist/ is written) and points its imports of lib/ at dist/.
//
//   --details  also list, per case, the posted findings not matched and infkit's extra errors
//   --json     print the whole report as JSON instead of the table
//   --case ID  measure only this case (repeatable)
// Exit 0 after a report, 2 on bad arguments or when dist/ or tsc is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} message */
function fail(message) {
  console.error(`infverif-agreement: ${message}`);
  process.exit(2);
}

/**
 * agreement.ts as a module Node can load: transpiled (types dropped, nothing checked or resolved)
 * into a temporary folder, with '../../lib/...' imports rewritten to dist/.
 * @param {string} tmp
 */
async function loadHarness(tmp) {
  const source = path.join(root, 'test/infverif/agreement.ts');
  const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
  if (!existsSync(tsc)) fail(`TypeScript not installed (${tsc}); run npm install`);
  if (!existsSync(path.join(root, 'dist/rules/index.js'))) fail('dist/ not built; run npm run build');
  const args = [
    tsc,
    '--ignoreConfig',
    '--noCheck',
    '--noResolve',
    '--outDir',
    tmp,
    '--rootDir',
    root,
    '--module',
    'nodenext',
    '--moduleResolution',
    'nodenext',
    '--target',
    'es2022',
    '--types',
    'node',
    '--sourceMap',
    'false',
    '--declaration',
    'false',
    source,
  ];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const out = path.join(tmp, 'test/infverif/agreement.js');
  if (run.status !== 0 || !existsSync(out)) fail(`tsc could not transpile ${source}:\n${run.stdout}${run.stderr}`);
  const dist = pathToFileURL(path.join(root, 'dist')).href;
  writeFileSync(out, readFileSync(out, 'utf8').replace(/(['"])\.\.\/\.\.\/lib\//g, `$1${dist}/`));
  return /** @type {typeof import('../test/infverif/agreement.js')} */ (await import(pathToFileURL(out).href));
}

async function main() {
  /** @type {{ details?: boolean, json?: boolean, case?: string[] }} */
  let values;
  try {
    values = parseArgs({
      options: {
        details: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        case: { type: 'string', multiple: true },
      },
    }).values;
  } catch (error) {
    fail(/** @type {Error} */ (error).message);
    return;
  }
  /** @type {import('../test/infverif/agreement.js').AgreementCase[]} */
  let cases = JSON.parse(readFileSync(path.join(root, 'test/infverif/cases.json'), 'utf8'));
  if (values.case?.length) {
    const wanted = new Set(values.case);
    const unknown = [...wanted].filter((id) => !cases.some((c) => c.id === id));
    if (unknown.length) fail(`no such case: ${unknown.join(', ')}`);
    cases = cases.filter((c) => wanted.has(c.id));
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'infkit-agreement-'));
  try {
    const harness = await loadHarness(tmp);
    const report = await harness.measureAgreement(cases, root);
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return;
    }
    console.log(harness.formatReport(report));
    if (values.details) {
      for (const r of report.cases) {
        const misses = r.outcomes.filter((o) => o.outcome !== 'matched');
        if (!misses.length && !r.extras.length && !r.skipped) continue;
        console.log(`\n${r.id}${r.skipped ? ` (skipped: ${r.skipped})` : ''}`);
        for (const o of misses) {
          const where = o.line === null ? 'no line posted' : `line ${o.line}`;
          const seen = o.infkitLines ? `; infkit: line ${o.infkitLines.join(', ')}` : '';
          console.log(`  ${o.outcome.padEnd(9)} ${o.code} ${where}${seen}`);
        }
        for (const e of r.extras) console.log(`  extra     ${e.code} line ${e.line}: ${e.message}`);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
