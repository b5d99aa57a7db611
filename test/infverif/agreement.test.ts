// Agreement with real InfVerif output (test/infverif/README.md). Prints the totals so CI logs show
// them, keeps the case set from shrinking, and keeps agreement from falling below FLOOR.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VALIDATION_MODES } from '../../lib/rules/index.js';
import { formatReport, measureAgreement, type AgreementCase } from './agreement.js';

/** Posted findings infkit matches (same code, same line) today. Raise it as checks are added; never lower it. */
const FLOOR = 101;
/**
 * infkit errors the complete cases' InfVerif did not report, today: 16 INF1293 (sample service
 * names: these complete WDK 22621 logs show none, and `/sw1293` first appears in Windows-driver-samples'
 * build script on 2026-03-19), 11 INF1423 (absent from 22621's output, reported next to 1420 and
 * 1421 in a posted log with the current wording), and 1233, 1284, 1285 on VS2015-era posts. Lower it
 * as it falls; never raise it without saying why here.
 */
const EXTRA_CEILING = 30;
/** The size of cases.json. Change these only when adding cases (see the README). */
const CASES = 37;
const FINDINGS = 106;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cases = JSON.parse(readFileSync(path.join(root, 'test/infverif/cases.json'), 'utf8')) as AgreementCase[];

describe('InfVerif agreement', () => {
  it('has every case and finding', () => {
    expect(cases.length).toBe(CASES);
    expect(cases.reduce((n, c) => n + c.findings.length, 0)).toBe(FINDINGS);
  });

  it('has well-formed cases, in id order', () => {
    const ids = cases.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const c of cases) {
      expect(VALIDATION_MODES, c.id).toContain(c.mode);
      expect(['committed', 'corpus', 'fixture'], c.id).toContain(c.inf.kind);
      expect(c.commit === null || /^[0-9a-f]{40}$/.test(c.commit), c.id).toBe(true);
      expect(c.findings.length, c.id).toBeGreaterThan(0);
      for (const f of c.findings) {
        expect(['error', 'warning'], c.id).toContain(f.level);
        expect(Number.isInteger(f.code) && f.code > 0 && f.code < 10000, c.id).toBe(true);
        expect(f.line === null || (Number.isInteger(f.line) && f.line >= 0), c.id).toBe(true);
        if (c.inf.kind === 'fixture') expect(f.posted, c.id).toBeDefined();
      }
    }
  });

  it(`matches at least ${FLOOR} posted findings, with at most ${EXTRA_CEILING} errors InfVerif did not report`, async () => {
    const report = await measureAgreement(cases, root);
    console.log(formatReport(report));
    expect(report.totals.matched).toBeGreaterThanOrEqual(FLOOR);
    expect(report.totals.extraErrors).toBeLessThanOrEqual(EXTRA_CEILING);
  });
});
