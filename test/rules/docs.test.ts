// docs/rules.md is generated from the rule definitions: it must be current and complete.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, catalogue } from '../../lib/rules/index.js';
import { renderRulesMarkdown } from '../../lib/rules/docs.js';

const doc = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');

describe('docs/rules.md', () => {
  it('is what `npm run docs:rules` generates from lib/rules (run it when this fails)', () => {
    expect(doc === renderRulesMarkdown(RULES, catalogue()), 'docs/rules.md is stale: run `npm run docs:rules`').toBe(true);
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

describe('codes and InfVerif', () => {
  const entries = new Map(catalogue().map((e) => [e.code, e]));

  it('every code below INF9000 is an InfVerif code of the catalogue, and docs/rules.md says so', () => {
    for (const rule of RULES.filter((r) => Number(r.code.slice(3)) < 9000)) {
      expect(entries.get(rule.code)?.infverif, `${rule.code} is not in InfVerif's catalogue`).toBe(true);
      expect(doc).toContain(`· InfVerif ${Number(rule.code.slice(3))}\n`);
    }
  });

  it("every other rule says it is infkit's alone, naming InfVerif's related check when there is one", () => {
    for (const rule of RULES.filter((r) => Number(r.code.slice(3)) >= 9000)) {
      const related = rule.seeAlso ? ` (related: InfVerif ${rule.seeAlso})` : '';
      expect(doc, rule.code).toMatch(new RegExp(`### ${rule.code}\\n\\n\\*\\*.*· infkit only${related.replace(/[()]/g, '\\$&')}\\n`));
    }
  });

  it('lists every code of the catalogue, checked or with the reason it is not', () => {
    for (const e of catalogue()) {
      expect(doc).toContain(`| ${e.code} |`);
      if (!e.checked && !e.retired) expect(e.reason, `${e.code} is neither checked nor has a reason`).toBeTruthy();
    }
  });

  it('every code the reader emits (lib/inf) is a documented rule', () => {
    const dir = new URL('../../lib/inf/', import.meta.url);
    const emitted = new Set<string>();
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      for (const m of readFileSync(new URL(name, dir), 'utf8').matchAll(/'(INF\d{4})'/g)) emitted.add(m[1]!);
    }
    expect(emitted.size).toBeGreaterThan(0);
    const documented = new Set(RULES.map((r) => r.code));
    expect([...emitted].filter((code) => !documented.has(code))).toEqual([]);
  });
});
