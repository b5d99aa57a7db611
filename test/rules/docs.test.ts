// docs/rules.md is generated from the rule definitions: it must be current and complete.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../lib/rules/index.js';
import { renderRulesMarkdown } from '../../lib/rules/docs.js';

const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

describe('docs/rules.md', () => {
  it('is what `npm run docs:rules` generates from lib/rules (run it when this fails)', () => {
    expect(doc === renderRulesMarkdown(RULES), 'docs/rules.md is stale: run `npm run docs:rules`').toBe(true);
  });

  it('has an anchor heading, a bad and a good example for every rule', () => {
    for (const rule of RULES) {
      const at = doc.indexOf(`\n### ${rule.code}\n`);
      expect(at, rule.code).toBeGreaterThan(0);
      const next = doc.indexOf('\n### ', at + 1);
      const body = doc.slice(at, next < 0 ? undefined : next);
      expect(body).toContain('Bad:');
      expect(body).toContain('Good:');
      expect(body).toContain(rule.fix);
    }
  });

  it('codes are unique and well-formed', () => {
    const codes = RULES.map((r) => r.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^INF\d{4}$/);
  });
});
