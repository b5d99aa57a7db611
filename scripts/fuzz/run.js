// @ts-check
// npm run fuzz -- --seconds N [--seed S] [--out DIR]
//
// Mutates corpus files (../shared/corpus; a few built-in seeds when it is absent) and checks
// the reader's properties on each mutant (scripts/fuzz/properties.js): no throw but
// InfkitError, positions inside the file, the same document under LF and CRLF, and, on a
// sample, time linear in the input. Every parsed mutant is also validated and planned, which
// must not throw anything but InfkitError either, nor report a rule's internal error.
// Failing inputs are written to --out (default $TMPDIR/infkit-fuzz) with the seed to replay
// them; the first three of each kind are shown. Exit 0 clean, 1 on any failure, 2 usage.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles, distUrl } from '../bench/corpus.js';
import { Random, mutate } from './mutate.js';
import { readerProblems, scalingProblems } from './properties.js';

const SEEDS = [
  '[Version]\r\nSignature="$Windows NT$"\r\nClass=System\r\nClassGuid={4D36E97D-E325-11CE-BFC1-08002BE10318}\r\n' +
    '[DefaultInstall]\r\nCopyFiles=Files\r\nAddReg=Reg\r\n[DestinationDirs]\r\nDefaultDestDir=12\r\n' +
    '[Files]\r\na.sys\r\n[Reg]\r\nHKLM,"SOFTWARE\\%Vendor%",Name,0x10001,1 ; comment\r\n' +
    '[Strings]\r\nVendor="Contoso, ""Inc"""\r\nLong="a\\\r\n b"\r\n',
  '\uFEFF[Version]\nSignature="$Chicago$"\n[Strings.0407]\nX=%%y%%\n',
];

const USAGE = 'usage: npm run fuzz -- --seconds N [--seed S] [--out DIR]';

async function main() {
  let args;
  try {
    args = parseArgs({
      options: { seconds: { type: 'string', default: '20' }, seed: { type: 'string' }, out: { type: 'string' } },
    }).values;
  } catch (error) {
    console.error(`${/** @type {Error} */ (error).message}\n${USAGE}`);
    return 2;
  }
  const seconds = Number(args.seconds);
  const seed = args.seed === undefined ? Date.now() % 2 ** 31 : Number(args.seed);
  if (!(seconds > 0) || !Number.isInteger(seed)) {
    console.error(USAGE);
    return 2;
  }
  const outDir = args.out ?? path.join(os.tmpdir(), 'infkit-fuzz');

  const reader = {
    .../** @type {typeof import('../../lib/inf/index.js')} */ (await import(distUrl('dist/inf/index.js'))),
    .../** @type {typeof import('../../lib/inf/decode.js')} */ (await import(distUrl('dist/inf/decode.js'))),
    .../** @type {typeof import('../../lib/errors.js')} */ (await import(distUrl('dist/errors.js'))),
  };
  const checkAbove = await upperLayers(reader.InfkitError);

  const files = corpusFiles();
  /** @type {Uint8Array[]} */
  const inputs =
    files.length > 0 ? files.map((f) => new Uint8Array(readFileSync(f))) : SEEDS.map((s) => new Uint8Array(Buffer.from(s, 'latin1')));
  console.log(
    `fuzz: ${inputs.length} ${files.length > 0 ? 'corpus files' : 'built-in seeds (../shared/corpus is absent)'}, ` +
      `${seconds} s, seed ${seed} (replay with --seed ${seed})`,
  );

  const random = new Random(seed);
  const context = { random, width: 1, other: () => random.pick(inputs) };
  const deadline = performance.now() + seconds * 1000;
  let runs = 0;
  let scaled = 0;
  let failures = 0;
  /** @type {Map<string, number>} failures by kind: the first problem's opening words */
  const kinds = new Map();
  while (performance.now() < deadline) {
    const original = random.pick(inputs);
    context.width = original[0] === 0xff && original[1] === 0xfe ? 2 : 1;
    const { bytes, applied } = mutate(original, context);
    runs++;
    const { doc, problems } = readerProblems(reader, bytes);
    if (doc) problems.push(...checkAbove(doc));
    // Linear time on a sample: it parses ~1 MB, so one mutant in 200.
    if (problems.length === 0 && runs % 200 === 0) {
      scaled++;
      problems.push(...(await scalingProblems(reader, bytes, { base: 128 * 1024 })).problems);
    }
    if (problems.length > 0) {
      failures++;
      const kind = /** @type {string} */ (problems[0]).replace(/\d+/g, 'N').slice(0, 36);
      const seen = (kinds.get(kind) ?? 0) + 1;
      kinds.set(kind, seen);
      // The first three of each kind are kept and shown; the rest are only counted.
      if (seen <= 3) {
        mkdirSync(outDir, { recursive: true });
        const file = path.join(outDir, `seed${seed}-run${runs}.inf`);
        writeFileSync(file, bytes);
        console.log(`FAIL run ${runs} (${applied.join(', ')}): ${file}\n  ${problems.join('\n  ').slice(0, 2000)}`);
      }
    }
  }
  console.log(`fuzz: ${runs} mutants (${scaled} timed at two sizes), ${failures} failures, seed ${seed}`);
  for (const [kind, count] of kinds) console.log(`  ${count} × ${kind}…`);
  return failures > 0 ? 1 : 0;
}

/**
 * The layers above the reader, given whatever it read: validation must not throw anything
 * but InfkitError nor report that a rule failed (INF9999), and planning must refuse with an
 * InfkitError or plan. Layers not built yet are left out, said once.
 * @param {Function} InfkitError
 * @returns {Promise<(doc: import('../../lib/inf/types.js').InfDocument) => string[]>}
 */
async function upperLayers(InfkitError) {
  /** @type {Array<[string, (doc: import('../../lib/inf/types.js').InfDocument) => string[]]>} */
  const layers = [];
  try {
    const rules = /** @type {typeof import('../../lib/rules/index.js')} */ (await import(distUrl('dist/rules/index.js')));
    layers.push([
      'validateDocument',
      (doc) =>
        rules
          .validateDocument(doc)
          .filter((d) => d.code === rules.INTERNAL_ERROR_CODE)
          .map((d) => d.message),
    ]);
  } catch {
    console.log('fuzz: dist/rules is not built; validation is not fuzzed');
  }
  try {
    const plan = /** @type {typeof import('../../lib/plan/index.js')} */ (await import(distUrl('dist/plan/index.js')));
    const target = { arch: 'amd64', osVersion: '10.0.19045' };
    layers.push([
      'buildPlan',
      (doc) => {
        for (const kind of /** @type {const} */ (['package', 'section'])) {
          try {
            plan.buildPlan(doc, { kind, section: 'DefaultInstall', target });
          } catch (error) {
            if (!(error instanceof InfkitError)) throw error;
          }
        }
        return [];
      },
    ]);
  } catch {
    console.log('fuzz: dist/plan is not built; planning is not fuzzed');
  }
  return (doc) =>
    layers.flatMap(([name, check]) => {
      try {
        return check(doc).map((message) => `${name} reported an internal error: ${message}`);
      } catch (error) {
        return [`${name} threw something other than InfkitError: ${/** @type {Error} */ (error)?.stack ?? error}`];
      }
    });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(
      `fuzz: ${error?.code === 'ERR_MODULE_NOT_FOUND' ? 'dist/ is not built (run npx tsc -p .): ' : ''}${error?.message ?? error}`,
    );
    process.exitCode = 2;
  },
);
