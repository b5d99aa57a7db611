// Agreement with real InfVerif output (test/infverif/README.md). Prints the totals so CI logs show
// them, keeps the case set from shrinking, and keeps agreement from falling below FLOOR.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { VALIDATION_MODES } from '../../lib/rules/index.js';
import { formatReport, measureAgreement, type AgreementCase } from './agreement.js';

/** Posted findings infkit matches (same code, same line) today. Raise it as checks are added; never lower it. */
const FLOOR = 33;
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

  it(`matches at least ${FLOOR} posted findings`, async () => {
    const report = await measureAgreement(cases, root);
    console.log(formatReport(report));
    expect(report.totals.matched).toBeGreaterThanOrEqual(FLOOR);
  });
});
