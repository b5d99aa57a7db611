// The validation framework itself: levels per mode from InfVerif's catalogue, mode names, the
// architectures an INF is checked for, package files, filters, and .inx stamping.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { parseInfFiles } from '../../lib/io/index.js';
import { InfkitError } from '../../lib/errors.js';
import { RULES, architecturesOf, catalogue, modeNamed, rulesFor, validateDocument } from '../../lib/rules/index.js';
import { infverifEntry, infverifLevels } from '../../lib/rules/catalogue.js';
import { INFVERIF_CODES } from '../../lib/rules/infverif-codes.js';
import { packageFilesFor } from '../../lib/rules/package-files.js';
import { VALIDATION_MODES } from '../../lib/rules/types.js';

const inf = (text: string, file = 'x.inf') => parseInfSync(Buffer.from(text), { file });

/** clean.inf's text without PnpLockdown: INF1324 in every mode, at a level that differs by mode. */
const NO_LOCKDOWN = `[Version]
Signature = "$Windows NT$"
Class = System
ClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}
Provider = %Mfg%
DriverVer = 06/21/2024,1.0.0.0
CatalogFile = sample.cat
[Strings]
Mfg = "Contoso"
`;

describe('levels per mode', () => {
  it("an InfVerif code takes the page's /k, /u and /w levels; default is /k but warns for Universal checks; /h is /w", () => {
    expect(infverifLevels(infverifEntry('INF1324')!)).toEqual({
      default: 'warning',
      universal: 'warning',
      declarative: 'warning',
      windowsDriver: 'error',
      hlk: 'error',
    });
    expect(infverifLevels(infverifEntry('INF1320')!)).toEqual({
      default: 'none',
      universal: 'none',
      declarative: 'none',
      windowsDriver: 'error',
      hlk: 'error',
    });
    expect(infverifLevels(infverifEntry('INF1304')!)).toMatchObject({
      default: 'warning',
      universal: 'error',
      windowsDriver: 'none',
      hlk: 'none',
    });
    // Posted plain-mode results: 1303 and 1421 are warnings there, errors under /u and /k.
    expect(infverifLevels(infverifEntry('INF1303')!)).toMatchObject({ default: 'warning', universal: 'error', declarative: 'error' });
    expect(infverifLevels(infverifEntry('INF1421')!)).toMatchObject({ default: 'warning', universal: 'error' });
    expect(infverifLevels(infverifEntry('INF1209')!)).toMatchObject({ default: 'error' });
  });

  it('the /k column is never stricter than /u, and stricter than /w only where /w has its own code (1304, 1306)', () => {
    const order = { none: 0, info: 1, warning: 2, error: 3 } as const;
    const stricter = INFVERIF_CODES.filter((e) => !e.retired && (order[e.page.k] > order[e.page.u] || order[e.page.k] > order[e.page.w]));
    expect(stricter.map((e) => e.code)).toEqual([1304, 1306]);
  });

  it("a finding is reported at its mode's level", () => {
    const levels = Object.fromEntries(
      VALIDATION_MODES.map((mode) => [mode, validateDocument(inf(NO_LOCKDOWN), { mode }).find((d) => d.code === 'INF1324')?.severity]),
    );
    expect(levels).toEqual({ default: 'warning', universal: 'warning', declarative: 'warning', windowsDriver: 'error', hlk: 'error' });
  });

  it('a rule whose level is none in a mode does not run there', () => {
    const isolationOnly = RULES.find((r) => r.code === 'INF1322')!;
    expect(rulesFor('default')).not.toContain(isolationOnly);
    expect(rulesFor('windowsDriver')).toContain(isolationOnly);
  });
});

describe('mode names', () => {
  it("accepts infkit's names, InfVerif's letters and the old --driver", () => {
    expect(modeNamed('driver')).toBe('windowsDriver');
    expect(modeNamed('w')).toBe('windowsDriver');
    expect(modeNamed('windows-driver')).toBe('windowsDriver');
    expect(modeNamed('k')).toBe('declarative');
    expect(modeNamed('WHQL')).toBe('hlk');
    expect(modeNamed('strict')).toBeUndefined();
    const driver = validateDocument(inf(NO_LOCKDOWN), { mode: 'driver' });
    expect(driver).toEqual(validateDocument(inf(NO_LOCKDOWN), { mode: 'windowsDriver' }));
  });

  it('an unknown mode is a usage error, not a stack trace', () => {
    expect(() => validateDocument(inf(NO_LOCKDOWN), { mode: 'strict' as 'default' })).toThrow(InfkitError);
    try {
      validateDocument(inf(NO_LOCKDOWN), { mode: 'strict' as 'default' });
    } catch (error) {
      expect((error as InfkitError).code).toBe('E_USAGE');
    }
  });
});

describe('the catalogue', () => {
  it('has every current InfVerif code, with levels in every mode, and every infkit code', () => {
    const rows = catalogue();
    const codes = new Set(rows.map((r) => r.code));
    for (const e of INFVERIF_CODES) expect(codes.has(`INF${e.code}`), String(e.code)).toBe(true);
    for (const r of RULES) expect(codes.has(r.code), r.code).toBe(true);
    for (const row of rows) expect(Object.keys(row.levels).sort()).toEqual([...VALIDATION_MODES].sort());
    expect(rows.filter((r) => r.infverif && !r.retired)).toHaveLength(INFVERIF_CODES.filter((e) => !e.retired).length);
  });

  it('marks a code checked exactly when a rule reports it', () => {
    const ruled = new Set(RULES.map((r) => r.code));
    for (const row of catalogue()) expect(row.checked, row.code).toBe(ruled.has(row.code));
  });
});

describe('filters', () => {
  it('--ignore drops a code (written INF1324 or 1324); --min-severity drops what is less severe', () => {
    expect(validateDocument(inf(NO_LOCKDOWN)).map((d) => d.code)).toContain('INF1324');
    expect(validateDocument(inf(NO_LOCKDOWN), { ignore: ['INF1324'] }).map((d) => d.code)).not.toContain('INF1324');
    expect(validateDocument(inf(NO_LOCKDOWN), { ignore: ['1324'] }).map((d) => d.code)).not.toContain('INF1324');
    const errorsOnly = validateDocument(inf(NO_LOCKDOWN), { minSeverity: 'error' });
    expect(errorsOnly.every((d) => d.severity === 'error')).toBe(true);
    expect(validateDocument(inf(NO_LOCKDOWN), { mode: 'windowsDriver', minSeverity: 'error' }).map((d) => d.code)).toContain('INF1324');
  });
});

describe('architectures', () => {
  const manufacturer = (decorations: string) => `[Version]\nSignature="$Windows NT$"\n[Manufacturer]\n%M% = Models${decorations}\n`;

  it('are the ones the [Manufacturer] decorations name, in a fixed order', () => {
    expect(architecturesOf(inf(manufacturer(',NTarm64,NTamd64.10.0...16299')))).toEqual(['amd64', 'arm64']);
    expect(architecturesOf(inf(manufacturer(',NTarm64')))).toEqual(['arm64']);
  });

  it('undecorated Models mean x86; decorated sections speak when [Manufacturer] does not; otherwise amd64', () => {
    expect(architecturesOf(inf(manufacturer('')))).toEqual(['x86']);
    expect(architecturesOf(inf('[Version]\nSignature="$Windows NT$"\n[DefaultInstall.NTarm64]\nCopyFiles=F\n'))).toEqual(['arm64']);
    expect(architecturesOf(inf('[Version]\nSignature="$Windows NT$"\n'))).toEqual(['amd64']);
  });

  it('$ARCH$ in an unstamped template names no architecture', () => {
    expect(architecturesOf(inf(manufacturer(',NT$ARCH$')))).toEqual(['x86']);
  });
});

describe('.inx templates', () => {
  const template = '[Version]\nSignature="$Windows NT$"\n[Manufacturer]\n%M% = Models,NT$ARCH$\n[Models.NT$ARCH$]\n';

  it('parseInfSync stamps $ARCH$ (case-sensitive) when asked, keeping line numbers', () => {
    const doc = parseInfSync(Buffer.from(`${template}; $arch$ stays\nK = $arch$\n`), { file: 't.inx', stamp: 'arm64' });
    expect(doc.section('Models.NTarm64')?.line).toBe(5);
    expect(doc.value('Models.NTarm64', 'K')).toBe('$arch$');
  });

  it('parseInfFiles stamps *.inx files only', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infkit-inx-'));
    writeFileSync(path.join(dir, 'a.inx'), template);
    writeFileSync(path.join(dir, 'a.inf'), template);
    const names: Record<string, string[]> = {};
    for await (const r of parseInfFiles([path.join(dir, 'a.inx'), path.join(dir, 'a.inf')], { stampInx: 'amd64' })) {
      names[path.basename(r.file)] = r.document!.sections.map((s) => s.name);
    }
    expect(names['a.inx']).toContain('Models.NTamd64');
    expect(names['a.inf']).toContain('Models.NT$ARCH$');
  });
});

describe('package files', () => {
  it('lists the folder and below, and answers has() case-insensitively with either separator', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'infkit-pkg-'));
    mkdirSync(path.join(dir, 'x64'));
    writeFileSync(path.join(dir, 'Driver.inf'), '');
    writeFileSync(path.join(dir, 'x64', 'Driver.SYS'), '');
    const files = packageFilesFor(dir);
    expect(files.list()).toEqual(['Driver.inf', 'x64/Driver.SYS']);
    expect(files.has('x64\\driver.sys')).toBe(true);
    expect(files.has('./X64/DRIVER.SYS')).toBe(true);
    expect(files.has('driver.sys')).toBe(false);
  });
});
