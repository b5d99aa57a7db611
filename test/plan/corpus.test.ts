// Every corpus INF with a [Manufacturer] section, planned as a package for amd64: a plan
// either comes out or the failure is a coded InfkitError, never an unexplained exception.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InfkitError } from '../../lib/errors.js';
import { parseInfSync } from '../../lib/inf/index.js';
import { buildPlan } from '../../lib/plan/index.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpus = path.join(path.resolve(projectRoot, '../shared'), 'corpus');
const present = existsSync(corpus);
if (!present) console.log(`plan corpus test skipped: ${corpus} is absent`);

function corpusFiles(): string[] {
  return readdirSync(corpus, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(inf|inx|inf_)$/i.test(f))
    .map((f) => path.join(corpus, f))
    .sort();
}

describe.skipIf(!present)('plans over the corpus', () => {
  it('plans every INF with [Manufacturer] for amd64 without an uncoded exception', () => {
    const outcomes = new Map<string, number>();
    const uncoded: string[] = [];
    let withManufacturer = 0;
    let operations = 0;
    for (const file of corpusFiles()) {
      const doc = parseInfSync(readFileSync(file), { file });
      if (!doc.hasSection('Manufacturer')) continue;
      withManufacturer++;
      let outcome = 'clean';
      try {
        operations += buildPlan(doc, { kind: 'package', target: { arch: 'amd64', osVersion: '10.0.22631' } }).operations.length;
      } catch (error) {
        if (error instanceof InfkitError) outcome = error.code;
        else uncoded.push(`${path.relative(corpus, file)}: ${String(error)}`);
        if (!(error instanceof InfkitError)) outcome = 'uncoded';
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    const summary = [...outcomes].map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`plan --package amd64 over ${withManufacturer} corpus INFs with [Manufacturer]: ${summary}; ${operations} operations`);
    expect(uncoded).toEqual([]);
    expect(withManufacturer).toBeGreaterThan(0);
    expect(outcomes.get('clean') ?? 0).toBeGreaterThan(0);
  });
});
