// Every rule against a fixture with its defect and one without, in every mode. Fixtures mark
// the lines a finding must point at with `; expect INF1234` (or `; expect-file INF1234` for a
// finding about the whole file, line 0), and a line whose finding is less severe than the
// rule's level with `; expect INF1234 warning`. A rule whose defect takes more than one form
// has a fixture per form: INF1234.bad.inf, INF1234.bad.<form>.inf. A fixture that holds only in
// some modes says so on a line `; modes: windowsDriver hlk`; in the others it must report nothing.
// The table runs each fixture in every mode: where the rule's level is none it must report
// nothing, elsewhere exactly the marked lines at the mode's level.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseInfSync } from '../../lib/inf/index.js';
import { RULES, levelsOf, validateDocument } from '../../lib/rules/index.js';
import { VALIDATION_MODES } from '../../lib/rules/types.js';
import type { InfDocument } from '../../lib/inf/types.js';
import type { Rule, Severity, ValidationMode } from '../../lib/rules/types.js';

const FIXTURES = new URL('../fixtures/rules/', import.meta.url);

function fixture(name: string): { doc: InfDocument; text: string } {
  const bytes = readFileSync(new URL(name, FIXTURES));
  return { doc: parseInfSync(bytes, { file: name }), text: bytes.toString('latin1') };
}

/** `line:severity` for each line marked `; expect CODE [severity]` (line 0 for `; expect-file CODE`). */
function expectedFindings(text: string, code: string, level: Severity): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const m = new RegExp(`expect(-file)? ${code}\\b(?: (error|warning|info))?`).exec(line);
    if (m) out.push(`${m[1] ? 0 : i + 1}:${m[2] ?? level}`);
  });
  return out;
}

/** The modes a fixture names on a `; modes:` line, or every mode. */
function fixtureModes(text: string): ValidationMode[] {
  const m = /^; modes: (.*)$/m.exec(text);
  return m ? (m[1]!.trim().split(/\s+/) as ValidationMode[]) : [...VALIDATION_MODES];
}

/** The first mode where the rule runs, for its docs examples. */
function modeOf(rule: Rule): ValidationMode {
  const levels = levelsOf(rule);
  return VALIDATION_MODES.find((m) => levels[m] !== 'none') ?? 'default';
}

function findingsOf(doc: InfDocument, code: string, mode: ValidationMode): string[] {
  const found = validateDocument(doc, { mode })
    .filter((d) => d.code === code)
    .map((d) => `${d.line}:${d.severity}`);
  return [...new Set(found)].sort((a, b) => parseInt(a, 10) - parseInt(b, 10));
}

/** Rules whose defect cannot be written as a file (or only as a huge one): see the tests below. */
const NO_FIXTURE = new Set(['INF9000', 'INF1003', 'INF9010', 'INF9011']);

describe('rules: each code at the right line and level with its defect, silent without it, in every mode', () => {
  const fixtureNames = readdirSync(FIXTURES);
  const badFixtures = (code: string): string[] =>
    fixtureNames.filter((name) => name === `${code}.bad.inf` || (name.startsWith(`${code}.bad.`) && name.endsWith('.inf')));
  const rules = RULES.filter((r) => !NO_FIXTURE.has(r.code));
  const goodTable = rules.flatMap((r) =>
    VALIDATION_MODES.map((mode) => ({
      code: r.code,
      mode,
      good: existsSync(new URL(`${r.code}.good.inf`, FIXTURES)) ? `${r.code}.good.inf` : 'clean.inf',
    })),
  );
  const badTable = rules.flatMap((r) =>
    badFixtures(r.code).flatMap((bad) => VALIDATION_MODES.map((mode) => ({ code: r.code, mode, bad, rule: r }))),
  );

  it.each(rules.map((r) => r.code))('%s has a fixture with its defect', (code) => {
    expect(badFixtures(code)).not.toEqual([]);
  });

  it.each(badTable)('$code ($mode): $bad', ({ code, mode, bad, rule }) => {
    const { doc, text } = fixture(bad);
    const level = levelsOf(rule)[mode];
    const applies = level !== 'none' && fixtureModes(text).includes(mode);
    const want = applies ? expectedFindings(text, code, level as Severity) : [];
    if (applies) expect(want.length, `${bad} marks no line with "expect ${code}"`).toBeGreaterThan(0);
    expect(findingsOf(doc, code, mode)).toEqual(want.sort((a, b) => parseInt(a, 10) - parseInt(b, 10)));
  });

  it.each(goodTable)('$code ($mode): $good does not report it', ({ code, mode, good }) => {
    expect(findingsOf(fixture(good).doc, code, mode)).toEqual([]);
  });

  it.each(VALIDATION_MODES)('clean.inf has no findings at all in %s mode', (mode) => {
    expect(validateDocument(fixture('clean.inf').doc, { mode })).toEqual([]);
  });

  it('a rule runs only in the modes where its level is not none', () => {
    const { doc } = fixture('INF1322.bad.inf');
    expect(findingsOf(doc, 'INF1322', 'default')).toEqual([]);
    expect(findingsOf(doc, 'INF1322', 'windowsDriver')).not.toEqual([]);
  });
});

describe('rules: findings carry what a user needs', () => {
  it('a finding has file, 1-based line and column, severity and a message that names the problem', () => {
    const [d] = validateDocument(fixture('INF1203.bad.inf').doc).filter((x) => x.code === 'INF1203');
    expect(d).toMatchObject({ code: 'INF1203', severity: 'error', file: 'INF1203.bad.inf' });
    expect(d!.column).toBeGreaterThan(1); // the field, not the start of the line
    expect(d!.message).toContain('[Missing_Files]');
  });

  it('INF9000: a file SetupAPI refuses for a reason no other finding explains is reported once', () => {
    const { doc } = fixture('clean.inf');
    const refused: InfDocument = Object.assign(Object.create(Object.getPrototypeOf(doc) as object) as InfDocument, doc, {
      openError: { name: 'ERROR_GENERAL_SYNTAX', code: 0xe0000003, message: 'general syntax error', line: 7 },
      diagnostics: [],
    });
    const found = validateDocument(refused).filter((d) => d.code === 'INF9000');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 7, severity: 'error' });
    expect(found[0]!.message).toContain('ERROR_GENERAL_SYNTAX');
  });

  it('INF1003: a UTF-16 byte-order mark on an odd number of bytes is reported at line 1', () => {
    const text = readFileSync(new URL('clean.inf', FIXTURES), 'utf8');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le'), Buffer.from([0x0a])]);
    const found = validateDocument(parseInfSync(bytes, { file: 'odd.inf' })).filter((d) => d.code === 'INF1003');
    expect(found.map((d) => d.line)).toEqual([1]);
  });

  it("INF9010: a file over the reader's item limit is reported once, where reading stopped", () => {
    const text = `[Version]\nSignature="$Windows NT$"\n[S]\nk=${'a,'.repeat(LIMITS.items)}`;
    const found = validateDocument(parseInfSync(Buffer.from(text), { file: 'big.inf' })).filter((d) => d.code === 'INF9010');
    expect(found).toHaveLength(1);
    // Kept: the two section headers, Signature, its value, k, and fields up to the limit; the
    // first field dropped is the one after them (fields start at column 3, two columns apart).
    expect(found[0]).toMatchObject({ severity: 'error', line: 4, column: 3 + 2 * (LIMITS.items - 5) });
  });

  it('INF9011: more sections than any real INF is reported once, at the first one past the limit, and all are read', () => {
    const headers = Array.from({ length: LIMITS.sections + 10 }, (_, i) => `[s${i}]\n`).join('');
    const doc = parseInfSync(Buffer.from(`[Version]\nSignature="$Windows NT$"\n${headers}`), { file: 'many.inf' });
    expect(doc.sections).toHaveLength(LIMITS.sections + 11);
    const found = validateDocument(doc).filter((d) => d.code === 'INF9011');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'warning', line: LIMITS.sections + 2, column: 1 }); // [Version] is the first section, [s0] on line 3
  });

  it('a rule that throws becomes an INF9999 finding, not a crash', () => {
    const { doc } = fixture('clean.inf');
    const broken = Object.assign(Object.create(Object.getPrototypeOf(doc) as object) as InfDocument, doc, {
      section: () => {
        throw new Error('boom');
      },
    });
    const found = validateDocument(broken);
    expect(found.some((d) => d.code === 'INF9999' && d.message.includes('boom'))).toBe(true);
  });

  it('an Include= does not excuse a missing section: it cannot be named from the included INF anyway (InfVerif 1203)', () => {
    const text = readFileSync(new URL('INF1203.bad.inf', FIXTURES), 'utf8').replace(
      'CopyFiles = Sample_Files,',
      'Include = ks.inf\nCopyFiles = Sample_Files,',
    );
    const found = validateDocument(parseInfSync(Buffer.from(text), { file: 'x.inf' })).filter((d) => d.code === 'INF1203');
    expect(found.map((d) => d.severity)).toEqual(['error']);
  });

  it('--locale picks [Strings.LLLL] and still falls back to [Strings]', () => {
    const text = `${readFileSync(new URL('clean.inf', FIXTURES), 'utf8')}\n[Strings.0407]\nDeviceDesc = "Beispielgerät"\n`;
    const doc = parseInfSync(Buffer.from(text), { file: 'x.inf', locale: '0407' });
    expect(validateDocument(doc, { locale: '0407' }).filter((d) => d.code === 'INF1235')).toEqual([]);
  });
});

/** Examples in docs/rules.md that are descriptions rather than literal INF text. */
const ILLUSTRATIVE = new Set(['INF9005', 'INF9006', 'INF9008', 'INF9009', 'INF9010', 'INF9011', 'INF1003', 'INF9000', 'INF9003']);

describe('rules: the bad and good examples in docs/rules.md are true', () => {
  const table = RULES.filter((r) => !ILLUSTRATIVE.has(r.code)).map((r) => ({ code: r.code, rule: r }));
  it.each(table)('$code: the bad example triggers it, the good one does not', ({ rule }) => {
    const run = (snippet: string): string[] =>
      validateDocument(parseInfSync(Buffer.from(snippet), { file: 'example.inf' }), { mode: modeOf(rule) }).map((d) => d.code);
    expect(run(rule.bad)).toContain(rule.code);
    expect(run(rule.good)).not.toContain(rule.code);
  });
});
