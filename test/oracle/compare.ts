// Compares an InfDocument with one record of ../shared/corpus/oracle.jsonl.gz (what Wine's
// SetupAPI read from the same file): section order and names, then every line's key and fields.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { lookupKey, parseInfSync, type InfDocument } from '../../lib/index.js';
import { wineDiridTable } from './wine-dirids.js';

export interface OracleEntry {
  file: string;
  sections?: Array<{ name: string; lines: Array<Array<string | null>> }>;
  error?: number;
  errorName?: string;
}

export interface FileComparison {
  file: string;
  equal: boolean;
  /** Lines the oracle has, and how many of them we read identically. */
  linesTotal: number;
  linesEqual: number;
  differences: string[];
}

export const sharedDir = path.resolve(import.meta.dirname, '../../../shared');
export const corpusDir = path.join(sharedDir, 'corpus');

export function readOracle(): OracleEntry[] {
  const text = gunzipSync(readFileSync(path.join(corpusDir, 'oracle.jsonl.gz'))).toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as OracleEntry);
}

/** Parse a corpus file the way the oracle run saw it (Z:\tmp\infcorpus\..., Wine's DIRIDs). */
export function parseCorpusFile(file: string): InfDocument {
  const infDir = `Z:\\tmp\\infcorpus\\${path.dirname(file).replaceAll('/', '\\')}\\`;
  return parseInfSync(readFileSync(path.join(corpusDir, file)), { file, dirids: wineDiridTable(infDir) });
}

const show = (v: unknown): string => JSON.stringify(v);

export function compareWithOracle(doc: InfDocument, entry: OracleEntry): FileComparison {
  const differences: string[] = [];
  if (entry.errorName !== undefined) {
    const got = doc.openError?.name;
    if (got !== entry.errorName) differences.push(`open error: oracle ${entry.errorName}, got ${got ?? 'none'}`);
    return { file: entry.file, equal: differences.length === 0, linesTotal: 0, linesEqual: 0, differences };
  }
  if (doc.openError) differences.push(`open error ${doc.openError.name} where the oracle opened the file`);
  const oracle = entry.sections ?? [];
  const names = doc.sections.map((s) => s.name);
  const oracleNames = oracle.map((s) => s.name);
  if (show(names) !== show(oracleNames)) {
    differences.push(`sections: oracle ${show(oracleNames).slice(0, 300)}, got ${show(names).slice(0, 300)}`);
  }
  let linesTotal = 0;
  let linesEqual = 0;
  for (const os of oracle) {
    const section = doc.sections.find((s) => s.name === os.name);
    linesTotal += os.lines.length;
    if (!section) continue;
    if (section.lines.length !== os.lines.length) {
      differences.push(`[${os.name}]: oracle ${os.lines.length} lines, got ${section.lines.length}`);
    }
    os.lines.forEach((expected, i) => {
      const line = section.lines[i];
      const got = line ? [lookupKey(line), ...line.fields.map((f) => f.value)] : undefined;
      if (show(got) === show(expected)) linesEqual++;
      else differences.push(`[${os.name}] line ${i} (file line ${line?.line}): oracle ${show(expected)}, got ${show(got)}`);
    });
  }
  return { file: entry.file, equal: differences.length === 0, linesTotal, linesEqual, differences };
}
