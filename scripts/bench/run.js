// @ts-check
// npm run bench [-- --runs N] [--only reader,wine-reader,validate,coldstart,backends,devices] [--no-check] [--no-write]
//
// Measures infkit side by side with a baseline in the same run, prints a table, and writes
// docs/benchmarks.md and docs/benchmarks.json. A part whose prerequisite is missing (no
// corpus, no Wine) is skipped with a plain message. Exit 1 when a target is missed or a
// part fails, unless --no-check; 2 on bad arguments.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { projectRoot } from './corpus.js';
import { describeMachine } from './measure.js';
import { renderMarkdown, renderTable } from './report.js';
import { benchReader } from './parts/reader.js';
import { benchWineReader, benchWineBackends } from './parts/wine.js';
import { benchValidate } from './parts/validate.js';
import { benchColdStart } from './parts/coldstart.js';
import { benchDevices } from './parts/devices.js';
import { benchTrust } from './parts/trust.js';

/** @type {Record<string, { title: string, run: (s: { runs: number }) => Promise<import('./report.js').PartResult> }>} */
const PARTS = {
  reader: { title: '1. Reader throughput', run: benchReader },
  'wine-reader': { title: "2. Reader against Wine's SetupAPI parser", run: benchWineReader },
  validate: { title: '3. Validation of the corpus', run: benchValidate },
  coldstart: { title: '4. Cold start', run: benchColdStart },
  backends: { title: '5. Backend call latency under Wine', run: benchWineBackends },
  devices: { title: '6. Listing devices', run: benchDevices },
  trust: { title: '7. Trust check of the vendor packages', run: benchTrust },
};

const USAGE = `usage: npm run bench -- [--runs N] [--only ${Object.keys(PARTS).join(',')}] [--no-check] [--no-write]`;

async function main() {
  let values;
  try {
    values = parseArgs({
      options: {
        runs: { type: 'string', default: '5' },
        only: { type: 'string' },
        'no-check': { type: 'boolean', default: false },
        'no-write': { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${/** @type {Error} */ (error).message}\n${USAGE}`);
    return 2;
  }
  const runs = Number(values.runs);
  const only = values.only ? values.only.split(',') : Object.keys(PARTS);
  const unknown = only.filter((id) => !(id in PARTS));
  if (!Number.isInteger(runs) || runs < 1 || unknown.length > 0) {
    console.error(`${unknown.length > 0 ? `unknown part: ${unknown.join(', ')}\n` : ''}${USAGE}`);
    return 2;
  }

  const machine = describeMachine();
  console.log(`infkit bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}; median of ${runs} runs`);
  /** @type {import('./report.js').PartResult[]} */
  const results = [];
  for (const id of only) {
    const part = /** @type {(typeof PARTS)[string]} */ (PARTS[id]);
    console.log(`… ${part.title}`);
    try {
      results.push(await part.run({ runs }));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.push({ id, title: part.title, status: 'error', reason: message, figures: [], checks: [], notes: [] });
    }
  }

  console.log(`\n${renderTable(results)}`);
  if (!values['no-write']) {
    const docs = path.join(projectRoot, 'docs');
    mkdirSync(docs, { recursive: true });
    writeFileSync(path.join(docs, 'benchmarks.md'), renderMarkdown(results, machine, { runs }));
    writeFileSync(path.join(docs, 'benchmarks.json'), `${JSON.stringify({ machine, runs, parts: results }, null, 2)}\n`);
    console.log('\nwrote docs/benchmarks.md and docs/benchmarks.json');
  }
  const missed = results.flatMap((r) => r.checks.filter((c) => !c.met).map((c) => c.target));
  const failed = results.filter((r) => r.status === 'error').map((r) => r.title);
  if (missed.length + failed.length === 0) return 0;
  console.log(`\n${[...missed.map((t) => `missed: ${t}`), ...failed.map((t) => `failed: ${t}`)].join('\n')}`);
  return values['no-check'] ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`bench: ${error?.message ?? error}`);
    process.exitCode = 1;
  },
);
