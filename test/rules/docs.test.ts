// docs/rules.md is generated from the rule definitions: it must be current and complete.
import { readFileSync, readdirSync } from 'node:fs';
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

/**
 * The InfVerif codes infkit reuses, each with the check Microsoft's "INF Validation Errors and
 * Warnings" gives it. A code below INF9000 must be one of these: InfVerif's number for the same check.
 */
const INFVERIF: Record<string, string> = {
  INF1001: 'INF is invalid: it needs a [Version] section with Signature "$Windows NT$"',
  INF1002: 'a line the parser cannot read',
  INF1003: 'bad or unknown encoding',
  INF1203: 'section not found',
  INF1212: 'cannot have both [DefaultInstall] and [Manufacturer]',
  INF1230: 'file missing under [SourceDisksFiles]',
  INF1235: 'string token not defined in [Strings]',
  INF1303: 'legacy operation defining co-installers',
  INF1322: 'destination file path not isolated to DIRID 13',
  INF1324: '[Version] should specify PnpLockdown=1',
  INF1421: '[DefaultInstall] should have an architecture decoration',
  INF2222: 'legacy directive will be ignored',
};

describe('codes and InfVerif', () => {
  it('every code below INF9000 is InfVerif\'s number for the same check, and says so in docs/rules.md', () => {
    const reused = RULES.filter((r) => Number(r.code.slice(3)) < 9000).map((r) => r.code);
    expect(reused.sort()).toEqual(Object.keys(INFVERIF).sort());
    for (const code of reused) expect(doc).toContain(`· InfVerif ${code.slice(3)}\n`);
  });

  it('every other rule says it is infkit\'s alone, naming InfVerif\'s related check when there is one', () => {
    for (const rule of RULES.filter((r) => Number(r.code.slice(3)) >= 9000)) {
      const related = rule.seeAlso ? ` (related: InfVerif ${rule.seeAlso})` : '';
      expect(doc, rule.code).toMatch(new RegExp(`### ${rule.code}\\n\\n\\*\\*.*· infkit only${related.replace(/[()]/g, '\\$&')}\\n`));
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
