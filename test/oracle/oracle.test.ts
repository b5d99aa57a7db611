// The proof that infkit reads INFs as SetupAPI does: every file of ../shared/corpus is
// parsed and compared, section by section, line by line, key and field by field, with what
// Wine 8's SetupAPI read from it (oracle.jsonl.gz). Files SetupAPI refused must be refused
// with the same error name.
//
// Known differences are listed here with their reason; each one is a place where Wine and
// Windows disagree and infkit follows Windows (see docs/wine-gaps.md, "INF parser").
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareWithOracle, corpusDir, parseCorpusFile, readOracle, type FileComparison } from './compare.js';

/** file → why infkit (following Windows) reads it differently from Wine. None so far. */
const KNOWN_DIFFERENCES: Record<string, string> = {};

const haveCorpus = existsSync(path.join(corpusDir, 'oracle.jsonl.gz'));
if (!haveCorpus) console.log(`oracle test skipped: ${corpusDir}/oracle.jsonl.gz is not present`);

describe.skipIf(!haveCorpus)('agreement with Wine SetupAPI on the corpus', () => {
  const oracle = haveCorpus ? readOracle() : [];
  const docs = oracle.map((entry) => parseCorpusFile(entry.file));
  const results: FileComparison[] = oracle.map((entry, i) => compareWithOracle(docs[i]!, entry));

  it('reads every file of the corpus like the oracle (sections, lines, keys, fields)', () => {
    const files = results.length;
    const agree = results.filter((r) => r.equal).length;
    const linesTotal = results.reduce((n, r) => n + r.linesTotal, 0);
    const linesEqual = results.reduce((n, r) => n + r.linesEqual, 0);
    const pct = (a: number, b: number): string => ((100 * a) / Math.max(1, b)).toFixed(2);
    console.log(
      `oracle agreement: files ${agree}/${files} (${pct(agree, files)}%), lines ${linesEqual}/${linesTotal} (${pct(linesEqual, linesTotal)}%)`,
    );
    expect(files).toBe(1882);
    const unexplained = results.filter((r) => !r.equal && !(r.file in KNOWN_DIFFERENCES));
    expect(unexplained.map((r) => `${r.file}\n  ${r.differences.slice(0, 5).join('\n  ')}`)).toEqual([]);
  });

  it('lists only differences that still exist', () => {
    const stale = Object.keys(KNOWN_DIFFERENCES).filter((file) => results.find((r) => r.file === file)?.equal !== false);
    expect(stale).toEqual([]);
  });

  it('refuses exactly the files SetupAPI refused, with the same error name', () => {
    const verdicts = oracle.map((entry, i) => ({
      file: entry.file,
      oracle: entry.errorName ?? null,
      ours: docs[i]!.openError?.name ?? null,
    }));
    expect(verdicts.filter((v) => v.oracle !== null)).toHaveLength(39);
    expect(verdicts.filter((v) => v.oracle !== v.ours)).toEqual([]);
  });

  it('substitutes strings and DIRIDs in the corpus the way Wine did', () => {
    // Wine's DIRID table is exercised: %12% became its drivers directory somewhere.
    const values = docs.flatMap((d) => d.sections.flatMap((s) => s.lines.flatMap((l) => l.fields.map((f) => f.value))));
    expect(values.some((v) => v.startsWith('C:\\windows\\system32\\drivers\\'))).toBe(true);
    expect(values.some((v) => v.includes('%'))).toBe(true); // %% and unknown keys stay
  });
});
