// Driver ranking against the documented rules (windows-driver-docs install/: identifier-score,
// signature-score, feature-score, overview-of-the-driver-selection-process, inf-driverver-directive).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInfSync } from '../inf/index.js';
import type { PlatformTarget } from '../inf/types.js';
import { rankDrivers, type DeviceIds, type RankPackage } from './rank.js';

const WIN10: PlatformTarget = { arch: 'amd64', osVersion: '10.0.19045' };
const WIN11: PlatformTarget = { arch: 'amd64', osVersion: '10.0.22631' };

interface InfSpec {
  /** [Version] lines besides Signature and Provider; default a CatalogFile and a DriverVer. */
  version?: readonly string[];
  /** Decorations on the [Manufacturer] line; default NTamd64. */
  decorations?: readonly string[];
  /** Models lines after `Device = `, per decoration (default: the same for each). */
  models?: readonly string[] | Record<string, readonly string[]>;
  /** The DDInstall section's name (decorated as written); default Install.NT. */
  install?: string;
  /** Lines of the DDInstall section. */
  installLines?: readonly string[];
}

function isList(models: readonly string[] | Record<string, readonly string[]>): models is readonly string[] {
  return Array.isArray(models);
}

function infText(spec: InfSpec): string {
  const decorations = spec.decorations ?? ['NTamd64'];
  const modelsOf = (d: string): readonly string[] => {
    const models = spec.models;
    if (models === undefined) return ['Install, ROOT\\WIDGET'];
    return isList(models) ? models : (models[d] ?? ['Install, ROOT\\WIDGET']);
  };
  return [
    '[Version]',
    'Signature = "$Windows NT$"',
    'Provider = Contoso',
    ...(spec.version ?? ['CatalogFile = widget.cat', 'DriverVer = 01/01/2024,1.0.0.0']),
    '[Manufacturer]',
    `Contoso = Models${decorations.map((d) => `,${d}`).join('')}`,
    ...decorations.flatMap((d) => [`[Models.${d}]`, ...modelsOf(d).map((m) => `Device = ${m}`)]),
    `[${spec.install ?? 'Install.NT'}]`,
    ...(spec.installLines ?? []),
  ].join('\r\n');
}

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Each INF in a folder of its own, with the listed files beside it. */
function packages(specs: Array<InfSpec & { name?: string; files?: readonly string[] }>): RankPackage[] {
  const root = mkdtempSync(path.join(tmpdir(), 'infkit-rank-'));
  made.push(root);
  return specs.map((spec, i) => {
    const name = spec.name ?? `p${i}.inf`;
    const dir = path.join(root, String(i));
    mkdirSync(dir);
    for (const file of spec.files ?? []) writeFileSync(path.join(dir, file), 'catalog');
    const file = path.join(dir, name);
    return { doc: parseInfSync(new TextEncoder().encode(infText(spec)), { file }), inf: name, catalog: { kind: 'folder', dir } };
  });
}

const device = (hardwareIds: string[], compatibleIds: string[] = []): DeviceIds => ({ hardwareIds, compatibleIds });
const SIGNED = { files: ['widget.cat'] };

describe('identifier score (identifier-score--windows-vista-and-later-.md)', () => {
  const ids = device(
    ['PCI\\VEN_1&DEV_2&SUBSYS_3', 'PCI\\VEN_1&DEV_2&REV_01', 'PCI\\VEN_1&DEV_2'],
    ['PCI\\VEN_1&CC_0300', 'PCI\\CC_0300', 'PCI\\CC_03'],
  );
  it.each([
    [
      'device hardware ID #0 = INF hardware ID',
      'Install, PCI\\VEN_1&DEV_2&SUBSYS_3',
      0x00ff0000,
      'hardware',
      0,
      'PCI\\VEN_1&DEV_2&SUBSYS_3',
    ],
    ['device hardware ID #2 = INF hardware ID', 'Install, pci\\ven_1&dev_2', 0x00ff0002, 'hardware', 2, 'PCI\\VEN_1&DEV_2'],
    [
      'device hardware ID #1 = INF compatible ID #3',
      'Install, X, Y, Z, PCI\\VEN_1&DEV_2&REV_01',
      0x00ff1001,
      'compatible',
      1,
      'PCI\\VEN_1&DEV_2&REV_01',
    ],
    ['device compatible ID #1 = INF hardware ID', 'Install, PCI\\CC_0300', 0x00ff2001, 'compatible', 1, 'PCI\\CC_0300'],
    [
      'device compatible ID #2 = INF compatible ID #1: 0x3000 + 2 + 1 * 0x100',
      'Install, X, Y, PCI\\CC_03',
      0x00ff3102,
      'compatible',
      2,
      'PCI\\CC_03',
    ],
    ['the best of several matches counts', 'Install, PCI\\CC_0300, PCI\\VEN_1&DEV_2', 0x00ff1002, 'compatible', 2, 'PCI\\VEN_1&DEV_2'],
  ] as const)('%s', (_name, model, rank, matchType, idPosition, matchingId) => {
    const [c, ...rest] = rankDrivers(packages([{ models: [model], ...SIGNED }]), ids, WIN10).candidates;
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ rank, rankHex: `0x${rank.toString(16).toUpperCase().padStart(8, '0')}`, matchType, idPosition, matchingId });
  });

  it('ranks a hardware-ID match above a compatible-ID match, whatever the positions', () => {
    const ranked = rankDrivers(
      packages([
        { name: 'compat.inf', models: ['Install, PCI\\VEN_1&DEV_2&SUBSYS_3'], ...SIGNED },
        { name: 'generic.inf', models: ['Install, PCI\\CC_0300'], ...SIGNED },
        { name: 'late.inf', models: ['Install, PCI\\VEN_1&DEV_2'], ...SIGNED },
      ]),
      device(['PCI\\VEN_1&DEV_2&SUBSYS_3', 'PCI\\VEN_1&DEV_2'], ['PCI\\CC_0300']),
      WIN10,
    );
    expect(ranked.candidates.map((c) => [c.inf, c.rankHex])).toEqual([
      ['compat.inf', '0x00FF0000'],
      ['late.inf', '0x00FF0001'],
      ['generic.inf', '0x00FF2000'],
    ]);
  });

  it('leaves out a package none of whose IDs match', () => {
    const ranked = rankDrivers(packages([{ models: ['Install, ROOT\\OTHER'], ...SIGNED }]), device(['ROOT\\WIDGET']), WIN10);
    expect(ranked).toMatchObject({ candidates: [], excluded: [] });
  });
});

describe('signature score (signature-score--windows-vista-and-later-.md)', () => {
  it.each([
    [
      'a catalog next to the INF is signed (any case)',
      { files: ['WIDGET.CAT'] },
      'signed',
      0x00ff0000,
      /next to the INF \(offline: .*not verified\)/,
    ],
    ['a CatalogFile whose .cat is missing is unsigned; an .nt DDInstall scores 0x80', {}, 'unsigned', 0x80ff0000, /not next to the INF/],
    [
      'no CatalogFile, undecorated DDInstall: 0xC0',
      { version: ['DriverVer = 01/01/2024,1.0.0.0'], install: 'Install', files: ['widget.cat'] },
      'unsigned',
      0xc0ff0000,
      /names no CatalogFile/,
    ],
    [
      'CatalogFile.NTamd64 is the catalog on amd64',
      { version: ['CatalogFile = other.cat', 'CatalogFile.NTamd64 = widget.cat'], files: ['widget.cat'] },
      'signed',
      0x00ff0000,
      /CatalogFile.NTamd64 = widget.cat/,
    ],
    [
      'CatalogFile.NTx86 is no catalog on amd64',
      { version: ['CatalogFile.NTx86 = widget.cat'], files: ['widget.cat'] },
      'unsigned',
      0x80ff0000,
      /no CatalogFile for amd64/,
    ],
  ] as const)('%s', (_name, spec, signature, rank, why) => {
    const [c] = rankDrivers(packages([spec]), device(['ROOT\\WIDGET']), WIN10).candidates;
    expect(c).toMatchObject({ signature, rank });
    expect(c!.why.join('\n')).toMatch(why);
  });

  it('ranks any signed driver above an unsigned one with a better identifier match', () => {
    const ranked = rankDrivers(
      packages([
        { name: 'unsigned.inf', models: ['Install, USB\\VID_1&PID_2'] },
        { name: 'signed.inf', models: ['Install, USB\\Class_FF'], ...SIGNED },
      ]),
      device(['USB\\VID_1&PID_2'], ['USB\\Class_FF']),
      WIN10,
    );
    expect(ranked.candidates.map((c) => [c.inf, c.signature, c.rankHex])).toEqual([
      ['signed.inf', 'signed', '0x00FF2000'],
      ['unsigned.inf', 'unsigned', '0x80FF0000'],
    ]);
  });

  it('assumes a package of the driver store signed, and says it is not checked', () => {
    const [pkg] = packages([{}]);
    const [c] = rankDrivers([{ ...pkg!, catalog: { kind: 'driver-store' } }], device(['ROOT\\WIDGET']), WIN10).candidates;
    expect(c!.signature).toBe('signed');
    expect(c!.why.join('\n')).toMatch(/assumed.*driver store.*not checked here/);
  });
});

describe('feature score (inf-featurescore-directive.md)', () => {
  it.each([
    ['no FeatureScore: 0xFF', [], 0x00ff0000],
    ['FeatureScore = 0x80', ['FeatureScore = 0x80'], 0x00800000],
    ['FeatureScore = F6 (no 0x)', ['FeatureScore = F6'], 0x00f60000],
    ['a value that is not one hex byte counts as none', ['FeatureScore = 0x100'], 0x00ff0000],
  ] as const)('%s', (_name, installLines, rank) => {
    const [c] = rankDrivers(packages([{ installLines: [...installLines], ...SIGNED }]), device(['ROOT\\WIDGET']), WIN10).candidates;
    expect(c!.rank).toBe(rank);
  });

  it('a lower feature score beats a better identifier score', () => {
    const ranked = rankDrivers(
      packages([
        { name: 'exact.inf', ...SIGNED },
        { name: 'featured.inf', models: ['Install, X, ROOT\\WIDGET'], installLines: ['FeatureScore = 0xF0'], ...SIGNED },
      ]),
      device(['ROOT\\WIDGET']),
      WIN10,
    );
    expect(ranked.candidates.map((c) => [c.inf, c.rankHex])).toEqual([
      ['featured.inf', '0x00F01000'],
      ['exact.inf', '0x00FF0000'],
    ]);
  });
});

describe('TargetOSVersion decorations (overview-of-the-driver-selection-process.md)', () => {
  const ids = device(['ROOT\\WIDGET']);

  it('a Models section for build 22000 does not apply to 10.0.19045', () => {
    const ranked = rankDrivers(packages([{ decorations: ['NTamd64.10.0...22000'], ...SIGNED }]), ids, WIN10);
    expect(ranked.candidates).toEqual([]);
    expect(ranked.excluded).toEqual([
      {
        inf: 'p0.inf',
        modelsSection: 'Models.NTamd64.10.0...22000',
        matchingId: 'ROOT\\WIDGET',
        reason: expect.stringMatching(/needs build 22000 or later/),
      },
    ]);
  });

  it.each([
    ['10.0.19045 uses NTamd64', WIN10, 'Models.NTamd64', 'Models.NTamd64.10.0...22000'],
    ['10.0.22631 uses the most specific, NTamd64.10.0...22000', WIN11, 'Models.NTamd64.10.0...22000', 'Models.NTamd64'],
  ] as const)('%s', (_name, target, used, unused) => {
    const spec = {
      decorations: ['NTamd64', 'NTamd64.10.0...22000'],
      models: { NTamd64: ['Install, ROOT\\WIDGET'], 'NTamd64.10.0...22000': ['Install, ROOT\\WIDGET'] },
    };
    const ranked = rankDrivers(packages([{ ...spec, ...SIGNED }]), ids, target);
    expect(ranked.candidates).toHaveLength(1);
    expect(ranked.candidates[0]!.why.join('\n')).toContain(`[${used}], best TargetOSVersion`);
    expect(ranked.excluded.map((e) => e.modelsSection)).toEqual([unused]);
  });

  it('other architectures, and the undecorated section on amd64, do not apply', () => {
    const ranked = rankDrivers(packages([{ decorations: ['NTarm64', 'NTx86'], ...SIGNED }]), ids, WIN10);
    expect(ranked.candidates).toEqual([]);
    expect(ranked.excluded.map((e) => [e.modelsSection, e.reason])).toEqual([
      ['Models.NTarm64', expect.stringMatching(/for arm64, not amd64/)],
      ['Models.NTx86', expect.stringMatching(/for x86, not amd64/)],
    ]);
  });

  it('uses the decorated DDInstall section and says when one is missing', () => {
    const [c] = rankDrivers(packages([{ install: 'Install.NTamd64', ...SIGNED }]), ids, WIN10).candidates;
    expect(c!.section).toBe('Install.NTamd64');
    const missing = rankDrivers(packages([{ models: ['Nowhere, ROOT\\WIDGET'], ...SIGNED }]), ids, WIN10);
    expect(missing.candidates).toEqual([]);
    expect(missing.excluded[0]!.reason).toMatch(/install section \[Nowhere\]: none of/);
  });
});

describe('equal rank: date, then version (overview-of-the-driver-selection-process.md)', () => {
  const ids = device(['ROOT\\WIDGET']);
  const withDriverVer = (name: string, driverVer: string) => ({
    name,
    version: ['CatalogFile = widget.cat', `DriverVer = ${driverVer}`],
    ...SIGNED,
  });
  it.each([
    [
      'the newer date first',
      [withDriverVer('old.inf', '01/01/2023,9.0.0.0'), withDriverVer('new.inf', '02/01/2023,1.0.0.0')],
      ['new.inf', 'old.inf'],
    ],
    [
      'same date: the higher version first',
      [withDriverVer('low.inf', '01/01/2024,1.2.0.0'), withDriverVer('high.inf', '01/01/2024,1.10.0.0')],
      ['high.inf', 'low.inf'],
    ],
    [
      'a date written with dashes counts',
      [withDriverVer('slash.inf', '01/01/2024,1.0.0.0'), withDriverVer('dash.inf', '01-02-2024,1.0.0.0')],
      ['dash.inf', 'slash.inf'],
    ],
    [
      'no date is 00/00/0000, older than any',
      [withDriverVer('dated.inf', '01/01/2000,1.0.0.0'), withDriverVer('bad.inf', '13/45/2024,9.0.0.0')],
      ['dated.inf', 'bad.inf'],
    ],
    [
      'a year below 100 is that year, still newer than no date',
      [withDriverVer('none.inf', '02/30/2024,9.0.0.0'), withDriverVer('old.inf', '01/02/0050,1.0.0.0')],
      ['old.inf', 'none.inf'],
    ],
    [
      'exact ties: by INF name',
      [withDriverVer('b.inf', '01/01/2024,1.0.0.0'), withDriverVer('a.inf', '01/01/2024,1.0.0.0')],
      ['a.inf', 'b.inf'],
    ],
  ] as const)('%s', (_name, specs, order) => {
    const ranked = rankDrivers(packages([...specs]), ids, WIN10);
    expect(ranked.candidates.map((c) => c.inf)).toEqual(order);
  });

  it('the rank comes before the date', () => {
    const ranked = rankDrivers(
      packages([
        { ...withDriverVer('newer.inf', '01/01/2025,1.0.0.0'), models: ['Install, X, ROOT\\WIDGET'] },
        withDriverVer('older.inf', '01/01/2020,1.0.0.0'),
      ]),
      ids,
      WIN10,
    );
    expect(ranked.candidates.map((c) => c.inf)).toEqual(['older.inf', 'newer.inf']);
  });

  it("a DDInstall section's DriverVer overrides [Version]'s", () => {
    const ranked = rankDrivers(
      packages([
        { ...withDriverVer('own.inf', '01/01/2020,1.0.0.0'), installLines: ['DriverVer = 06/30/2024,4.0.0.0'] },
        withDriverVer('version.inf', '01/01/2024,5.0.0.0'),
      ]),
      ids,
      WIN10,
    );
    expect(ranked.candidates.map((c) => [c.inf, c.date, c.version])).toEqual([
      ['own.inf', '2024-06-30', '4.0.0.0'],
      ['version.inf', '2024-01-01', '5.0.0.0'],
    ]);
    expect(ranked.candidates[0]!.why.join('\n')).toContain("from [Install.NT], which overrides [Version]'s");
  });

  it('says which candidates tie exactly', () => {
    const ranked = rankDrivers(
      packages([withDriverVer('b.inf', '01/01/2024,1.0.0.0'), withDriverVer('a.inf', '01/01/2024,1.0.0.0')]),
      ids,
      WIN10,
    );
    expect(ranked.candidates[0]!.why.at(-1)).toMatch(/exact tie .* \(with b\.inf \[Install\.NT\]\)/);
    expect(ranked.candidates[1]!.why.at(-1)).toMatch(/\(with a\.inf \[Install\.NT\]\)/);
  });
});
