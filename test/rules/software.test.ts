// Device software, COM, components, feature scores and NetDriver INFs: the value grammars and
// the scoping the fixtures do not spell out (which values parse, which INFs a check applies to).
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { validateDocument } from '../../lib/rules/index.js';
import { VALIDATION_MODES } from '../../lib/rules/types.js';
import type { Diagnostic, ValidationMode } from '../../lib/rules/types.js';

const VERSION = '[Version]\nSignature = "$Windows NT$"\n';

function run(text: string, mode: ValidationMode = 'default'): Diagnostic[] {
  return validateDocument(parseInfSync(Buffer.from(text), { file: 'test.inf' }), { mode });
}

function codes(text: string, code: string, mode: ValidationMode = 'default'): Diagnostic[] {
  return run(text, mode).filter((d) => d.code === code);
}

describe('INF1245: a feature score is one hex byte', () => {
  const inf = (score: string): string => `${VERSION}\n[Install.NT]\nFeatureScore = ${score}\n`;
  it.each(['F6', 'f6', '0x80', '0XFE', '00', 'FF', '0x0080'])('accepts %s', (score) => {
    expect(codes(inf(score), 'INF1245')).toEqual([]);
  });
  it.each(['0x100', '100', 'xFD', 'G1', '-1', '0x', '""'])('rejects %s', (score) => {
    expect(codes(inf(score), 'INF1245')).toHaveLength(1);
  });
  it('reads the value after %strkey% substitution', () => {
    expect(codes(`${inf('%Score%')}\n[Strings]\nScore = "0xF6"\n`, 'INF1245')).toEqual([]);
    expect(codes(`${inf('%Score%')}\n[Strings]\nScore = "high"\n`, 'INF1245')).toHaveLength(1);
  });
});

describe('INF1260: SoftwareVersion is w.x.y.z with parts up to 65535', () => {
  const inf = (version: string): string =>
    `${VERSION}\n[Install.NT.Software]\nAddSoftware = Panel,, Panel_Sw\n\n[Panel_Sw]\nSoftwareType = 2\nSoftwareID = pfn://x.y\nSoftwareVersion = ${version}\n`;
  it.each(['1.0.0.0', '1.2', '65535.65535.65535.65535', '7'])('accepts %s', (version) => {
    expect(codes(inf(version), 'INF1260')).toEqual([]);
  });
  it.each(['1.0.0.0.0', '1.65536', '1..0', 'v1.0', '1.0-beta'])('rejects %s', (version) => {
    expect(codes(inf(version), 'INF1260').map((d) => d.line)).toEqual([10]);
  });
  it('a hex SoftwareType reads as its number, and flags may be hex', () => {
    const text = `${VERSION}\n[Install.NT.Software]\nAddSoftware = Panel, 0x1, Panel_Sw\n\n[Panel_Sw]\nSoftwareType = 0x2\nSoftwareID = pfn://x.y\n`;
    expect(codes(text, 'INF1260')).toEqual([]);
    expect(codes(text, 'INF1142')).toEqual([]);
  });
  it('a software section named twice is reported once', () => {
    const text = `${VERSION}\n[A.NT.Software]\nAddSoftware = Panel,, Panel_Sw\n\n[B.NT.Software]\nAddSoftware = Panel,, Panel_Sw\n\n[Panel_Sw]\nSoftwareType = 9\n`;
    expect(codes(text, 'INF1260')).toHaveLength(1);
  });
});

describe('INF1144: SoftwareType 1 is desktop-only', () => {
  const text = `${VERSION}\n[Install.NT.Software]\nAddSoftware = Panel,, Panel_Sw\n\n[Panel_Sw]\nSoftwareType = 1\nSoftwareBinary = %13%\\p.exe\nSoftwareVersion = 1.0.0.0\n`;
  it('is a warning by default and an error for a Universal INF', () => {
    expect(codes(text, 'INF1144', 'default').map((d) => d.severity)).toEqual(['warning']);
    expect(codes(text, 'INF1144', 'universal').map((d) => d.severity)).toEqual(['error']);
  });
});

describe('INF1160: the threading model of a COM class', () => {
  const inf = (model: string, strings = ''): string =>
    `${VERSION}\n[Install.NT.COM]\nAddComServer = S,, S_Inst\n\n[S_Inst]\nServerType = 1\nServerBinary = %13%\\s.dll\n` +
    `AddComClass = {bb2b85ab-9473-42e5-8d1a-0f01d3879879},, C_Inst\n\n[C_Inst]\nThreadingModel = ${model}\n${strings}`;
  it.each(['Apartment', 'Free', 'Both', 'Neutral', 'apartment'])('accepts %s', (model) => {
    expect(codes(inf(model), 'INF1160')).toEqual([]);
  });
  it('names the model and the CLSID', () => {
    const [d] = codes(inf('STA'), 'INF1160');
    expect(d!.message).toContain('"STA"');
    expect(d!.message).toContain('{bb2b85ab-9473-42e5-8d1a-0f01d3879879}');
  });
  it('reads a %strkey% model, and leaves an undefined token to INF1235', () => {
    expect(codes(inf('%Model%', '\n[Strings]\nModel = "Both"\n'), 'INF1160')).toEqual([]);
    expect(codes(inf('%Model%'), 'INF1160')).toEqual([]);
  });
  it('a ThreadingModel in a section no AddComClass names is not a COM class', () => {
    expect(codes(`${VERSION}\n[Other]\nThreadingModel = Single\n`, 'INF1160')).toEqual([]);
  });
});

describe('INF1150: component names and IDs', () => {
  const inf = (id: string, strings = ''): string =>
    `${VERSION}\n[Install.NT.Components]\nAddComponent = Panel,, P_Inst\n\n[P_Inst]\nComponentIDs = ${id}\n${strings}`;
  it('checks the substituted value', () => {
    expect(codes(inf('%Id%', '\n[Strings]\nId = "VID_1\\PID_2"\n'), 'INF1150')).toHaveLength(1);
    expect(codes(inf('%Id%', '\n[Strings]\nId = "VID_1&PID_2"\n'), 'INF1150')).toEqual([]);
  });
  it('two IDs separated by a comma are two IDs, not one with a comma', () => {
    expect(codes(inf('VID_1&PID_2, VID_1&PID_3'), 'INF1150')).toEqual([]);
  });
});

const NET_DRIVER =
  `${VERSION}Class = NetDriver\n\n[DefaultInstall.NetDrivers]\nAddNetFilter = contoso_filter, F\n\n` +
  '[F]\nFilterType = 2\nFilterClass = compression\nUpperRange = noupper\nLowerRange = nolower\nFilterMediaTypes = "ethernet, wan, ppip"\n';
const NETWORK_CODES = [
  'INF2400',
  'INF2402',
  'INF2403',
  'INF2405',
  'INF2412',
  'INF2414',
  'INF2415',
  'INF2416',
  'INF2418',
  'INF2419',
  'INF2420',
  'INF2500',
];

describe('NetDriver INFs (INF2400-INF2500)', () => {
  it.each(VALIDATION_MODES)('a well-formed NetDriver INF has no network finding in %s mode', (mode) => {
    expect(run(NET_DRIVER, mode).filter((d) => NETWORK_CODES.includes(d.code))).toEqual([]);
  });

  it("a classic network INF is not held to the NetDriver patterns (Microsoft's ndisprot binds to ndis4 and ndis5_prot)", () => {
    const classic =
      `${VERSION}Class = NetTrans\nClassGuid = {4d36e975-e325-11ce-bfc1-08002be10318}\n\n[Manufacturer]\n%Msft% = MSFT,NTamd64\n\n` +
      '[MSFT.NTamd64]\n%Desc% = Ndisprot, MS_NDISPROT\n\n[Ndisprot]\nCharacteristics = 0x0\nAddReg = Ndi_Reg\n\n' +
      '[Ndi_Reg]\nHKR, Ndi, FilterClass,, Compression\nHKR, Ndi, FilterType, 0x00010001, 2\n' +
      'HKR, Ndi\\Interfaces, UpperRange,, noupper\nHKR, "Ndi\\Interfaces", "LowerRange",, "ndis5,ndis4,ndis5_prot"\n\n' +
      '[Strings]\nMsft = "Microsoft"\nDesc = "Sample protocol"\n';
    for (const mode of VALIDATION_MODES) expect(run(classic, mode).filter((d) => NETWORK_CODES.includes(d.code))).toEqual([]);
  });

  it('the plain and decorated [DefaultInstall.NetDrivers] both count; [DDInstall.NetDrivers] does not', () => {
    const decorated = NET_DRIVER.replace('[DefaultInstall.NetDrivers]', '[DefaultInstall.NTarm64.NetDrivers]');
    expect(codes(decorated, 'INF2420')).toEqual([]);
    expect(codes(decorated, 'INF2402')).toEqual([]);
    const other = NET_DRIVER.replace('[DefaultInstall.NetDrivers]', '[Install.NetDrivers]');
    expect(codes(other, 'INF2420')).toHaveLength(1);
    expect(codes(other, 'INF2402')).toHaveLength(1);
  });

  it('INF2420 is a warning when an included INF may supply the directives', () => {
    const text = `${VERSION}Class = NetDriver\n\n[DefaultInstall.NetDrivers]\nInclude = netbase.inf\nNeeds = Base.NetDrivers\n`;
    expect(codes(text, 'INF2420').map((d) => d.severity)).toEqual(['warning']);
  });

  it('a bind token list may be quoted, spaced, or spread over fields; each token is checked once', () => {
    const spread = NET_DRIVER.replace('LowerRange = nolower', 'LowerRange = ethernet, wlan');
    expect(codes(spread, 'INF2416')).toEqual([]);
    const legacy = NET_DRIVER.replace('LowerRange = nolower', 'LowerRange = "ndis3, ndis4"');
    expect(codes(legacy, 'INF2500')).toHaveLength(2);
    expect(codes(legacy, 'INF2419')).toEqual([]); // legacy, not reserved: one code per token
  });

  it('a modifying filter is FilterType 2, in any notation; a protocol needs no FilterClass', () => {
    const hex = NET_DRIVER.replace('FilterType = 2\nFilterClass = compression\n', 'FilterType = 0x00000002\n');
    expect(codes(hex, 'INF2418')).toHaveLength(1);
    const protocol = hex.replace('AddNetFilter', 'AddNetProtocol');
    expect(codes(protocol, 'INF2418')).toEqual([]);
  });

  it('INF2405 names the class the INF has', () => {
    const [d] = codes(NET_DRIVER.replace('Class = NetDriver', 'Class = NetService'), 'INF2405');
    expect(d!.message).toContain('"NetService"');
  });
});

describe('INF2603: directives display drivers may not use', () => {
  it('applies to Class = Display and to the Display class GUID alone', () => {
    expect(codes(`${VERSION}Class = Display\nLayoutFile = layout.inf\n`, 'INF2603')).toHaveLength(1);
    expect(codes(`${VERSION}ClassGuid = {4D36E968-E325-11CE-BFC1-08002BE10318}\nLayoutFile = layout.inf\n`, 'INF2603')).toHaveLength(1);
    expect(codes(`${VERSION}Class = Monitor\nLayoutFile = layout.inf\n`, 'INF2603')).toEqual([]);
  });
});
