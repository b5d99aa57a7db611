// Platform decorations: the install section and the Models section SetupAPI picks.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseInfSync,
  parseTargetOsVersion,
  readManufacturers,
  selectInstallSection,
  selectModelsSection,
  standardDirids,
} from '../../lib/index.js';
import { STD_HEADER, parseBytes } from './helpers.js';

describe('TargetOSVersion decorations', () => {
  const cases: Array<[string, object | undefined]> = [
    ['NT', { arch: null }],
    ['NTamd64', { arch: 'amd64' }],
    ['ntAMD64.10.0...16299', { arch: 'amd64', major: 10, minor: 0, build: 16299 }],
    ['NTx86.5.1.0x1', { arch: 'x86', major: 5, minor: 1, productType: 1 }],
    ['NTx86.6.0.3.0x10', { arch: 'x86', major: 6, minor: 0, productType: 3, suiteMask: 0x10 }],
    ['NT$ARCH$.10.0...17763', { arch: '$ARCH$', major: 10, minor: 0, build: 17763 }],
    ['NTarm64', { arch: 'arm64' }],
    ['NTmips', undefined],
    ['Win98', undefined],
  ];
  it.each(cases)('%s', (text, expected) => {
    const parsed = parseTargetOsVersion(text);
    if (expected === undefined) expect(parsed).toBeUndefined();
    else expect(parsed).toMatchObject({ raw: text, ...expected });
  });
});

describe('install section selection', () => {
  const doc = parseBytes(`${STD_HEADER}[Inst]\n[inst.ntAMD64]\n[Inst.NT]\n[Only]\n[Only.NTx86]\n`);
  const cases: Array<[string, string, string | null]> = [
    ['Inst', 'amd64', 'inst.ntAMD64'],
    ['Inst', 'x64', 'inst.ntAMD64'],
    ['Inst', 'arm64', 'Inst.NT'],
    ['Inst', 'x86', 'Inst.NT'],
    ['Only', 'x86', 'Only.NTx86'],
    ['Only', 'amd64', 'Only'],
    ['Missing', 'amd64', null],
  ];
  it.each(cases)('[%s] on %s → %s', (base, arch, expected) => {
    const choice = selectInstallSection(doc, base, { arch });
    expect(choice.section).toBe(expected);
    expect(choice.candidates[0]).toBe(`${base}.NT${arch === 'x64' ? 'amd64' : arch}`);
    expect(choice.reason).not.toBe('');
  });
});

describe('Models section selection', () => {
  const fixture = path.resolve(import.meta.dirname, '../fixtures/inf/model-full.inf');
  const doc = parseInfSync(readFileSync(fixture));
  const [mfg, other] = readManufacturers(doc);
  const pick = (arch: string, osVersion: string, entry = mfg!, productType?: number) =>
    selectModelsSection(doc, entry.modelsSection, entry.decorations, { arch, osVersion, ...(productType ? { productType } : {}) });

  it('takes the highest OS version that does not exceed the target', () => {
    expect(pick('amd64', '10.0.22631').section).toBe('Models.NTamd64.10.0...16299');
    expect(pick('amd64', '10.0.15063').section).toBe('Models.NTamd64.6.1'); // build 16299 not reached
    expect(pick('amd64', '6.3.9600').section).toBe('Models.NTamd64.6.1');
  });
  it('matches the architecture', () => {
    expect(pick('x86', '10.0.19045').section).toBe('Models.NTx86');
    expect(pick('arm64', '10.0.22631').section).toBe('Models.NTarm64');
  });
  it('finds nothing on a 64-bit target when no decoration applies, and says why', () => {
    const choice = pick('amd64', '6.0.6002');
    expect(choice.section).toBeNull();
    expect(choice.reason).toMatch(/6\.1/);
  });
  it('uses an undecorated Models section on x86 only', () => {
    expect(pick('x86', '10.0.19045', other).section).toBe('OtherModels');
    const choice = pick('amd64', '10.0.19045', other);
    expect(choice.section).toBeNull();
    expect(choice.reason).toMatch(/NTamd64/);
  });
  it('honours the product type and $ARCH$ templates', () => {
    const inx = parseBytes(`${STD_HEADER}[M.NTamd64.10.0.3]\n[M.NT$ARCH$.10.0]\n`);
    const decorations = ['NTamd64.10.0.3', 'NT$ARCH$.10.0'];
    expect(selectModelsSection(inx, 'M', decorations, { arch: 'amd64', osVersion: '10.0.20348', productType: 3 }).section).toBe(
      'M.NTamd64.10.0.3',
    );
    expect(selectModelsSection(inx, 'M', decorations, { arch: 'amd64', osVersion: '10.0.22631' }).section).toBe('M.NT$ARCH$.10.0');
  });
});

describe('standard DIRIDs', () => {
  it('maps DIRIDs to paths of a default Windows installation', () => {
    const table = standardDirids();
    expect(table[10]).toBe('C:\\Windows');
    expect(table[11]).toBe('C:\\Windows\\system32');
    expect(table[12]).toBe('C:\\Windows\\system32\\drivers');
    expect(table[17]).toBe('C:\\Windows\\INF');
    expect(table[24]).toBe('C:\\');
    expect(table[16422]).toBe('C:\\Program Files');
    expect(table[16426]).toBe('C:\\Program Files (x86)');
    expect(table[13]).toBeUndefined(); // needs the package's driver-store folder
    expect(table[66000]).toBeUndefined(); // printer DIRIDs: the spooler names them at install time
    expect(standardDirids({ driverStorePackage: 'x.inf_amd64_1' })[13]).toBe(
      'C:\\Windows\\system32\\DriverStore\\FileRepository\\x.inf_amd64_1',
    );
  });
  it('substitutes %N% in fields when passed as options.dirids', () => {
    const doc = parseBytes(`${STD_HEADER}[S]\nServiceBinary=%12%\\x.sys\n`, { dirids: standardDirids({ windowsDir: 'D:\\WIN' }) });
    expect(doc.value('S', 'ServiceBinary')).toBe('D:\\WIN\\system32\\drivers\\x.sys');
  });
});
