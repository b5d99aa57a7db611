// @ts-check
// Part 4: cold start. `infkit validate` on one small INF as a whole process, against
// `node -e 0`, alternating: the bin script as npm run build makes it, a bundle
// (scripts/build-cli.js). Then, to say what to make lazy: the files and the packages outside the
// bundle that the CLI loads at start-up (traced with import-trace.js), each package timed alone
// as `node -e "import(pkg)"`.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../corpus.js';
import { median, runNode } from '../measure.js';
import { skipped } from '../report.js';

const ID = 'coldstart';
const TITLE = '4. Cold start';
const TARGET = 2;
const INF =
  '[Version]\r\nSignature="$Windows NT$"\r\nClass=System\r\nClassGuid={4D36E97D-E325-11CE-BFC1-08002BE10318}\r\nProvider=%Me%\r\nDriverVer=01/01/2024,1.0.0.0\r\n[Strings]\r\nMe="infkit"\r\n';

/**
 * The packages under node_modules that a traced run loaded, by name.
 * @param {string} trace newline-separated URLs
 */
function packagesIn(trace) {
  const names = new Set();
  for (const url of trace.split('\n')) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
    if (m?.[1]) names.add(m[1]);
  }
  return [...names].sort();
}

/**
 * @param {{ runs: number }} settings
 * @returns {Promise<import('../report.js').PartResult>}
 */
export async function benchColdStart({ runs }) {
  const cli = path.join(projectRoot, 'dist/cli/main.js');
  if (!existsSync(path.join(projectRoot, 'dist/cli-chunks'))) {
    return skipped(ID, TITLE, 'the command line is not bundled (dist/cli-chunks/ is missing: npm run build)');
  }
  const temp = mkdtempSync(path.join(os.tmpdir(), 'infkit-bench-cold-'));
  try {
    const inf = path.join(temp, 'one.inf');
    writeFileSync(inf, INF);
    const n = Math.max(runs, 10); // start-up is short and noisy: at least 10 pairs
    /** @type {number[]} */ const nodeMs = [];
    /** @type {number[]} */ const cliMs = [];
    await runNode(['-e', '0']);
    await runNode([cli, 'validate', inf]);
    for (let i = 0; i < n; i++) {
      nodeMs.push((await runNode(['-e', '0'])).ms);
      const result = await runNode([cli, 'validate', inf]);
      if (result.code !== 0 && result.code !== 1) throw new Error(`infkit validate exited ${result.code}: ${result.stderr.slice(0, 500)}`);
      cliMs.push(result.ms);
    }
    const ratio = median(cliMs) / median(nodeMs);

    // What the CLI loads at start-up, and what each package costs alone.
    const traceFile = path.join(temp, 'imports.txt');
    writeFileSync(traceFile, '');
    const tracer = fileURLToPath(new URL('../import-trace.js', import.meta.url));
    await runNode(['--import', tracer, cli, 'validate', inf], { env: { INFKIT_BENCH_IMPORTS_OUT: traceFile } });
    const trace = readFileSync(traceFile, 'utf8');
    const infkitFiles = new Set(trace.split('\n').filter((u) => u.includes('/dist/'))).size;
    /** @type {Array<{ name: string, ms: number }>} */
    const costs = [];
    for (const name of packagesIn(trace)) {
      /** @type {number[]} */ const ms = [];
      for (let i = 0; i < 5; i++) {
        const base = (await runNode(['-e', '0'])).ms;
        const withPkg = (await runNode(['--input-type=module', '-e', `await import(${JSON.stringify(name)})`], { cwd: projectRoot })).ms;
        ms.push(withPkg - base);
      }
      costs.push({ name, ms: median(ms) });
    }
    costs.sort((a, b) => b.ms - a.ms);

    return {
      id: ID,
      title: TITLE,
      status: 'measured',
      figures: [
        { name: 'node -e 0', value: median(nodeMs), unit: 'ms' },
        { name: 'infkit validate one.inf', value: median(cliMs), unit: 'ms' },
        { name: 'ratio', value: ratio, unit: '×' },
        { name: 'infkit files loaded at start-up (bundle chunks)', value: infkitFiles, unit: '' },
        ...costs.map((c) => ({ name: `import ${c.name} alone`, value: c.ms, unit: 'ms' })),
      ],
      checks: [{ target: `infkit validate ≤ ${TARGET}× node -e 0`, measured: `${ratio.toFixed(2)}×`, met: ratio <= TARGET }],
      notes: [
        `median of ${n} alternating pairs; each package's cost is a fresh \`node -e "await import(pkg)"\` minus \`node -e 0\``,
        'the packages listed are those loaded from node_modules; commander, picocolors and tinyglobby are inside the bundle (scripts/build-cli.js)',
      ],
    };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
