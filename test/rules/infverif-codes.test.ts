// INFVERIF_CODES is data copied from Microsoft's page (scripts/check-infverif-page.mjs compares it
// with a version of the page): these check its shape and a few values against the page.
import { describe, expect, it } from 'vitest';
import { INFVERIF_CODES } from '../../lib/rules/infverif-codes.js';

const LEVELS = ['error', 'warning', 'none'];
const byCode = new Map(INFVERIF_CODES.map((e) => [e.code, e]));
const current = INFVERIF_CODES.filter((e) => e.retired === undefined);
const retired = INFVERIF_CODES.filter((e) => e.retired !== undefined);

describe('INFVERIF_CODES', () => {
  it('is sorted by code, with every code once', () => {
    const codes = INFVERIF_CODES.map((e) => e.code);
    expect(codes).toEqual([...codes].sort((a, b) => a - b));
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) {
      expect(Number.isInteger(code)).toBe(true);
      expect(code).toBeGreaterThanOrEqual(1000);
      expect(code).toBeLessThanOrEqual(9999);
    }
  });

  it('lists the 202 codes of the current page', () => {
    expect(current).toHaveLength(202);
  });

  it('gives every code a one-line title of under 100 characters, without a trailing period', () => {
    for (const { code, title } of INFVERIF_CODES) {
      expect(title.trim().length, String(code)).toBeGreaterThan(0);
      expect(title.length, String(code)).toBeLessThan(100);
      expect(title, String(code)).not.toMatch(/[\r\n]/);
      expect(title, String(code)).not.toMatch(/\.$/);
      expect(title, String(code)).not.toMatch(/<value>/i);
    }
  });

  it('gives every code a level for /k, /u and /w', () => {
    for (const { code, page } of INFVERIF_CODES) {
      expect(Object.keys(page).sort(), String(code)).toEqual(['k', 'u', 'w']);
      for (const level of Object.values(page)) expect(LEVELS, String(code)).toContain(level);
    }
  });

  it('marks retired codes with a date and levels of none everywhere', () => {
    expect(retired.map((e) => e.code)).toEqual([1007, 1221, 2222, 2223]);
    for (const { code, retired: date, page } of retired) {
      expect(date, String(code)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(date!)), String(code)).toBe(false);
      expect(page, String(code)).toEqual({ k: 'none', u: 'none', w: 'none' });
    }
    expect(byCode.get(1007)?.retired).toBe('2025-07-16');
    expect(byCode.get(2222)?.retired).toBe('2023-02-10');
  });

  it('has no current code at none in every mode', () => {
    for (const { code, page } of current) {
      expect(
        [page.k, page.u, page.w].some((l) => l !== 'none'),
        String(code),
      ).toBe(true);
    }
  });

  it('has the levels the page gives', () => {
    expect(byCode.get(1324)?.page).toEqual({ k: 'warning', u: 'warning', w: 'error' });
    expect(byCode.get(1320)?.page).toEqual({ k: 'none', u: 'none', w: 'error' });
    expect(byCode.get(1330)?.page).toEqual({ k: 'error', u: 'error', w: 'error' });
    expect(byCode.get(1304)?.page.w).toBe('none');
    expect(byCode.get(1304)?.page).toEqual({ k: 'warning', u: 'error', w: 'none' });
    expect(byCode.get(1144)?.page).toEqual({ k: 'warning', u: 'error', w: 'warning' });
    expect(byCode.get(2083)?.page).toEqual({ k: 'warning', u: 'warning', w: 'warning' });
    expect(byCode.get(1212)?.retired).toBeUndefined();
  });
});
