// The syntax and [Version] family: the logic the fixtures do not reach on their own (encodings,
// decorations, DriverVer parts, which Models section leads to which DDInstall for INF1199).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { parseTargetOsVersion } from '../../lib/inf/platform.js';
import { RULES, UNCHECKED, validateDocument } from '../../lib/rules/index.js';
import type { PackageFiles, ValidationMode } from '../../lib/rules/types.js';
import { decorationFloor, decorationProblem, driverVerDateProblem, driverVerVersionProblem } from '../../lib/rules/version.js';

const CLEAN = readFileSync(new URL('../fixtures/rules/clean.inf', import.meta.url), 'utf8');

function codes(
  text: string | Buffer,
  code: string,
  mode: ValidationMode = 'default',
  file = 'x.inf',
): Array<{ line: number; severity: string; message: string }> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  return validateDocument(parseInfSync(bytes, { file }), { mode })
    .filter((d) => d.code === code)
    .map(({ line, severity, message }) => ({ line, severity, message }));
}

/** clean.inf with one exact replacement (which must match once). */
function edit(from: string, to: string): string {
  expect(CLEAN.split(from).length, `clean.inf holds "${from}" once`).toBe(2);
  return CLEAN.replace(from, to);
}

describe('INF1003: encodings InfVerif refuses', () => {
  it('a UTF-8 byte-order mark is an error at line 1; the same text as UTF-16LE or ANSI is not reported', () => {
    const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CLEAN)]);
    expect(codes(utf8, 'INF1003')).toEqual([expect.objectContaining({ line: 1, severity: 'error' })]);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(CLEAN, 'utf16le')]);
    expect(codes(utf16, 'INF1003')).toEqual([]);
    expect(codes(CLEAN, 'INF1003')).toEqual([]);
  });
});

describe('DriverVer parts (INF1217, INF1218)', () => {
  it('accepts w.x.y.z within 0-65535 and refuses the rest', () => {
    expect(driverVerVersionProblem('1.2.3.4')).toBeNull();
    expect(driverVerVersionProblem('65535.0.0.1')).toBeNull();
    expect(driverVerVersionProblem('1.4.1')).toMatch(/3 parts/);
    expect(driverVerVersionProblem('1.2.3.65536')).toMatch(/0 to 65535/);
    expect(driverVerVersionProblem('1.2.3.x')).toMatch(/0 to 65535/);
    expect(driverVerVersionProblem('0.0.0.0')).toMatch(/0\.0\.0\.0/);
  });

  it('accepts real mm/dd/yyyy dates with / or - and refuses the rest', () => {
    expect(driverVerDateProblem('06/21/2024')).toBeNull();
    expect(driverVerDateProblem('6-1-2024')).toBeNull();
    expect(driverVerDateProblem('02/29/2024')).toBeNull();
    expect(driverVerDateProblem('02/29/2023')).toMatch(/real date/);
    expect(driverVerDateProblem('13/01/2024')).toMatch(/real date/);
    expect(driverVerDateProblem('2024-06-21')).toMatch(/MM\/DD\/YYYY/);
    expect(driverVerDateProblem('06/21-2024')).toMatch(/MM\/DD\/YYYY/);
  });

  it("checks a decorated install section's DriverVer, and not an .inx template's", () => {
    const text = edit('[Sample_Install.NT]\n', '[Sample_Install.NT]\nDriverVer = 06/21/2024,1.4.1\n');
    expect(codes(text, 'INF1217').map((d) => d.line)).toEqual([27]);
    expect(codes(text, 'INF1217', 'default', 'x.inx')).toEqual([]);
  });
});

describe('TargetOSVersion decorations (INF1287, INF1288)', () => {
  it('decorationProblem accepts the documented forms and names what is wrong in the others', () => {
    for (const ok of [
      'NT',
      'NTamd64',
      'NTarm64.10.0...22000',
      'NTx86.6.1',
      'NT.6.0.1',
      'NTamd64.10.0.1.0x80.19041',
      'NT$ARCH$.10.0...16299',
    ]) {
      expect(decorationProblem(ok), ok).toBeNull();
    }
    expect(decorationProblem('amd64')).toMatch(/NT/);
    expect(decorationProblem('NTx64')).toMatch(/x64/);
    expect(decorationProblem('NTamd64.10.0...rs5')).toMatch(/rs5/);
    expect(decorationProblem('NTamd64.10.0.1.0.19041.7')).toMatch(/six parts/);
  });

  it('INF1288: a build number needs 10.0 and 14310 or later', () => {
    const withDecoration = (d: string): string =>
      `${edit('%Mfg% = Models,NTamd64.10.0...16299\n', `%Mfg% = Models,NTamd64.10.0...16299,${d}\n`)}\n[Models.${d}]\n`;
    expect(codes(withDecoration('NTamd64.10.0...14310'), 'INF1288')).toEqual([]);
    expect(codes(withDecoration('NTamd64.10.0...14309'), 'INF1288')).toHaveLength(1);
    expect(codes(withDecoration('NTamd64.6.3...17763'), 'INF1288')).toHaveLength(1);
    expect(codes(withDecoration('NTamd64.6.3'), 'INF1288')).toEqual([]);
  });
});

describe('INF1199: syntax newer than the builds a Models section targets', () => {
  it('decorationFloor: the build of a 10.0 decoration, ARM64 from 16299, anything above 10.0 always new enough', () => {
    expect(decorationFloor(parseTargetOsVersion('NTamd64.10.0...18362')!, 'amd64')).toBe(18362);
    expect(decorationFloor(parseTargetOsVersion('NTamd64')!, 'amd64')).toBe(0);
    expect(decorationFloor(parseTargetOsVersion('NTarm64')!, 'arm64')).toBe(16299);
    expect(decorationFloor(parseTargetOsVersion('NTamd64.6.1')!, 'amd64')).toBe(0);
    expect(decorationFloor(parseTargetOsVersion('NTamd64.10.1')!, 'amd64')).toBe(Number.POSITIVE_INFINITY);
    expect(decorationFloor(null, 'x86')).toBe(0);
  });

  const filter = (decoration: string): string =>
    edit('%Mfg% = Models,NTamd64.10.0...16299\n', `%Mfg% = Models,${decoration}\n`)
      .replace('[Models.NTamd64.10.0...16299]', `[Models.${decoration}]`)
      .replace(
        '[Sample_Install.NT.Services]',
        '[Sample_Install.NT.Filters]\nAddFilter = Sample,,Sample_Filter\n\n[Sample_Filter]\nFilterPosition = Upper\n\n[Sample_Install.NT.Services]',
      );

  it('AddFilter (1903, 18362) is reported below that build, at the directive, naming the Models section', () => {
    const found = codes(filter('NTamd64.10.0...17763'), 'INF1199');
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("'AddFilter'");
    expect(found[0]!.message).toContain('[Models.NTamd64.10.0...17763]');
    expect(found[0]!.message).toContain('NTamd64.10.0...18362');
    expect(codes(filter('NTamd64.10.0...18362'), 'INF1199')).toEqual([]);
    expect(codes(filter('NTamd64.10.0...22000'), 'INF1199')).toEqual([]);
  });

  it('an install section reached from a new-enough and an old Models section is reported for the old one', () => {
    const withOld = filter('NTamd64.10.0...19041').replace(
      '%Mfg% = Models,NTamd64.10.0...19041\n',
      '%Mfg% = Models,NTamd64.10.0...19041\n%Old% = OldModels,NTamd64\n',
    );
    const text = `${withOld}\n[OldModels.NTamd64]\n%DeviceDesc% = Sample_Install, Root\\Sample\n`;
    expect(
      codes(text.replace('Mfg        = "Contoso"\n', 'Mfg        = "Contoso"\nOld        = "Contoso"\n'), 'INF1199')[0]?.message,
    ).toContain('[OldModels.NTamd64]');
  });

  it('DIRID 13 (1709, 16299): reported in declarative mode for NTamd64, not for NTarm64 (ARM64 starts at 16299), not in default mode', () => {
    const plain = edit('%Mfg% = Models,NTamd64.10.0...16299\n', '%Mfg% = Models,NTamd64\n').replace(
      '[Models.NTamd64.10.0...16299]',
      '[Models.NTamd64]',
    );
    expect(codes(plain, 'INF1199', 'declarative').map((d) => d.line)).toEqual([12]);
    expect(codes(plain, 'INF1199', 'default')).toEqual([]);
    const arm = plain.replace('Models,NTamd64', 'Models,NTarm64').replace('[Models.NTamd64]', '[Models.NTarm64]');
    expect(codes(arm, 'INF1199', 'declarative')).toEqual([]);
  });

  it('an undecorated Models section installs on x86 from any build', () => {
    const text = filter('NTamd64.10.0...19041')
      .replace('%Mfg% = Models,NTamd64.10.0...19041\n', '%Mfg% = Models\n')
      .replace('[Models.NTamd64.10.0...19041]', '[Models]');
    expect(codes(text, 'INF1199')[0]?.message).toContain('on x86');
  });

  it("a service's AddTrigger (2004, 19041) counts through AddService in .Services", () => {
    const text = edit(
      'ServiceBinary = %13%\\sample.sys\n',
      'ServiceBinary = %13%\\sample.sys\nAddTrigger = Sample_Trigger\n\n[Sample_Trigger]\nTriggerType = 1\n',
    );
    expect(codes(text, 'INF1199').map((d) => d.message)).toEqual([expect.stringContaining("'AddTrigger'")]);
  });
});

describe('INF1209 and INF1274', () => {
  it('INF1209 is reported once, at the first header, naming the other lines', () => {
    const text = `${CLEAN}\n[destinationdirs]\nSample_Files = 13\n\n[DESTINATIONDIRS]\nX = 13\n`;
    const found = codes(text, 'INF1209');
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(11);
    expect(found[0]!.message).toMatch(/3 times \(again at lines \d+, \d+\)/);
  });

  it("INF1274 wants stampinf's token exactly: $arch$ is not it, and an .inx is stamped before it is checked", () => {
    const text = `${edit('%Mfg% = Models,NTamd64.10.0...16299\n', '%Mfg% = Models,NTamd64.10.0...16299,NT$ARCH$\n')}\n[Models.NT$ARCH$]\n`;
    expect(codes(text, 'INF1274').map((d) => d.line)).toEqual([21, 50]);
    expect(codes(text.replaceAll('$ARCH$', '$arch$'), 'INF1274')).toEqual([]);
    expect(codes(text, 'INF1274', 'default', 'x.inx')).toEqual([]);
  });

  it("INF1274 is a warning in a source folder and an error next to the INF's catalog (a package shipped unstamped)", () => {
    const text = `${edit('%Mfg% = Models,NTamd64.10.0...16299\n', '%Mfg% = Models,NT$ARCH$\n')}\n[Models.NT$ARCH$]\n`;
    const doc = parseInfSync(Buffer.from(text), { file: 'x.inf' });
    const folder = (names: string[]): PackageFiles => ({ dir: '/pkg', has: (p) => names.includes(p.toLowerCase()), list: () => names });
    const levels = (files: PackageFiles | null): string[] =>
      validateDocument(doc, { packageFiles: files })
        .filter((d) => d.code === 'INF1274')
        .map((d) => d.severity);
    expect(levels(null)).toEqual(['warning', 'warning']);
    expect(levels(folder(['x.inf', 'driver.c']))).toEqual(['warning', 'warning']);
    expect(levels(folder(['x.inf', 'sample.cat', 'sample.sys']))).toEqual(['error', 'error']);
  });
});

describe("the family's catalogue", () => {
  const MINE = [
    1000, 1001, 1002, 1003, 1010, 1011, 1013, 1014, 1019, 1199, 1201, 1204, 1209, 1210, 1214, 1217, 1218, 1233, 1234, 1274, 1286, 1287,
    1288, 1289, 1290, 1292, 1294, 1295, 1299, 2010, 2411, 2413,
  ].map((n) => `INF${n}`);

  it('every code of the family has a rule or a reason, and the retired 2223 has no rule', () => {
    const ruled = new Set(RULES.map((r) => r.code));
    for (const code of MINE) expect(ruled.has(code) || UNCHECKED[code] !== undefined, code).toBe(true);
    expect(ruled.has('INF2223')).toBe(false);
  });

  it('the dropped infkit codes are gone: 1010/1019 replace INF9101 for directive GUIDs, 1217/1218 replace INF9102', () => {
    const ruled = new Set(RULES.map((r) => r.code));
    expect(ruled.has('INF9102')).toBe(false);
    const text = edit('ClassGuid   = {4d36e97d-e325-11ce-bfc1-08002be10318}', 'ClassGuid   = {4d36e97d-e325-11ce-bfc1-08002be1031}');
    expect(codes(text, 'INF1010')).toHaveLength(1);
    expect(codes(text, 'INF9101')).toEqual([]);
  });
});
