// The references family: which sections SetupAPI uses (INF2083), how references between
// sections are classified (INF1205/INF1206), %token% checks (INF1235), the Models line checks
// per architecture (INF1261, INF9204) and the Include/Needs checks of needs.ts.
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { validateDocument } from '../../lib/rules/index.js';
import type { ValidateOptions } from '../../lib/rules/types.js';

const HEAD = '[Version]\nSignature="$Windows NT$"\nClass=System\nClassGuid={4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider=%Mfg%\n\n';
const TAIL = '\n[Strings]\nMfg="Contoso"\nDesc="Sample"\n';

/** `line: message` of each finding with `code`, for an INF body between a [Version] and a [Strings]. */
function findings(code: string, body: string, options: ValidateOptions = {}): Array<{ line: number; message: string; severity: string }> {
  const doc = parseInfSync(Buffer.from(HEAD + body + TAIL), { file: 'test.inf' });
  return validateDocument(doc, options)
    .filter((d) => d.code === code)
    .map((d) => ({ line: d.line - HEAD.split('\n').length + 1, message: d.message, severity: d.severity }));
}

const DEVICE = '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Desc% = Install, Root\\Sample\n\n';

describe('INF2083: the sections SetupAPI uses', () => {
  it('counts the suffixes and decorations of an install section a Models line names, what they name, and .security sections', () => {
    const body =
      DEVICE +
      '[Install.NTamd64]\nAddReg = Reg\n[Install.NTamd64.HW]\nAddReg = HwReg\n[Install.NT.Services]\nAddService = S,2,Svc,Log\n' +
      '[Install.Remove.Services]\n[Install.NTamd64.Wdf]\nKmdfService = S, Wdf\n[Wdf]\n[Reg]\n[Reg.security]\n"D:P(A;;GA;;;SY)"\n[HwReg]\n[Svc]\nAddReg = SvcReg\nAddTrigger = Trig\n[SvcReg]\n[Trig]\n[Log]\n';
    expect(findings('INF2083', body)).toEqual([]);
  });

  it('reports a section that only an unused section names, and a misspelt suffix', () => {
    const body = `${DEVICE}[Install.NT]\n[Install.NT.Service]\nAddReg = Reg\n[Reg]\n`;
    expect(findings('INF2083', body).map((f) => f.message)).toEqual([
      expect.stringContaining('[Install.NT.Service]'),
      expect.stringContaining('[Reg]'),
    ]);
  });

  it('does not judge an INF with no install entry point', () => {
    expect(findings('INF2083', '[Lonely]\nAddReg = Reg\n')).toEqual([]);
  });
});

describe('INF1205 and INF1206: one section, two directives', () => {
  it('two directives of the same kind are a warning at the section; kinds that differ are an error at the later reference', () => {
    const body = `${DEVICE}[Install.NT]\nCopyFiles = Files\nDelFiles = Files\nAddReg = Files\n[Files]\nsample.sys\n`;
    expect(findings('INF1206', body).map((f) => [f.line, f.severity])).toEqual([[10, 'error']]);
    // Kinds conflict: INF1206 says it, INF1205 stays silent.
    expect(findings('INF1205', body)).toEqual([]);
    const same = `${DEVICE}[Install.NT]\nCopyFiles = Files\nDelFiles = Files\n[Files]\nsample.sys\n`;
    expect(findings('INF1205', same).map((f) => [f.line, f.severity])).toEqual([[10, 'warning']]);
  });

  it('a DDInstall counts in the variant SetupAPI picks, not the plain section a UMDF service shares its name with', () => {
    const body = `${DEVICE}[Install]\nUmdfLibraryVersion = 2.0\n[Install.NT]\n[Install.NT.Wdf]\nUmdfService = S, Install\n`;
    expect(findings('INF1206', body)).toEqual([]);
  });
});

describe('INF1235: string tokens', () => {
  it('reports %SystemRoot% and a lone %, not %% or DIRIDs or "%1" "%2"', () => {
    const body =
      DEVICE +
      '[Install.NT]\nAddReg = Reg\n[Reg]\nHKR,,A,,"%SystemRoot%\\x.dll"\nHKR,,B,,"%%SystemRoot%% %11%"\nHKR,,C,,"""%1"" ""%2"""\nHKR,,D,,"%Desc%.x%"\n';
    const found = findings('INF1235', body);
    expect(found.map((f) => f.line)).toEqual([10, 13]);
    expect(found[0]!.message).toContain('%%SystemRoot%%');
    expect(found[1]!.message).toContain('lone %');
  });

  it('is a warning in an INF that includes others', () => {
    const body = `${DEVICE}[Install.NT]\nInclude = machine.inf\nAddReg = Reg\n[Reg]\nHKR,,A,,%Missing%\n`;
    expect(findings('INF1235', body).map((f) => f.severity)).toEqual(['warning']);
  });
});

describe('INF1203 and INF1261: missing sections', () => {
  it("a missing AddReg section is an error even with Include= (an included INF's sections are reached only through Needs)", () => {
    const body = `${DEVICE}[Install.NT]\nInclude = machine.inf\nNeeds = PciD3ColdSupported\nAddReg = Missing\n`;
    expect(findings('INF1203', body).map((f) => [f.line, f.severity])).toEqual([[10, 'error']]);
  });

  it('a directive names its section as written: [Reg.NT] does not satisfy AddReg = Reg', () => {
    expect(findings('INF1203', `${DEVICE}[Install.NT]\nAddReg = Reg\n[Reg.NT]\n`).map((f) => f.line)).toEqual([8]);
  });

  it('a Models section for amd64 needs an amd64, .NT or plain install section', () => {
    expect(findings('INF1261', `${DEVICE}[Install.NTx86]\n`).map((f) => f.line)).toEqual([5]);
    expect(findings('INF1261', `${DEVICE}[Install.NTamd64]\n`)).toEqual([]);
  });
});

describe('INF9204: architectures without devices', () => {
  const twoArches =
    '[Manufacturer]\n%Mfg% = Models,NTamd64,NTarm64\n%Other% = Other,NTamd64\n[Models.NTamd64]\n[Models.NTarm64]\n[Other.NTamd64]\n';
  it('reports an entry without a decoration for one of the architectures the INF targets', () => {
    expect(findings('INF9204', twoArches).map((f) => f.message)).toEqual([expect.stringContaining('installs nothing on arm64')]);
  });

  it('accepts one manufacturer whose entries split the architectures, and follows --arch', () => {
    const split = '[Manufacturer]\n%Mfg% = Models,NTamd64\n%Mfg% = Models2,NTarm64\n[Models.NTamd64]\n[Models2.NTarm64]\n';
    expect(findings('INF9204', split)).toEqual([]);
    expect(findings('INF9204', DEVICE, { arch: 'arm64' }).map((f) => f.line)).toEqual([2]);
  });
});

describe('needs.ts: Include and Needs', () => {
  it('compares install suffixes: .Services needing .HW is INF1310, an unsuffixed section needing .Services is INF1312', () => {
    const body =
      DEVICE +
      '[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT, WINUSB.NT.Services\n[Install.NT.Services]\nInclude = winusb.inf\nNeeds = WINUSB.NT.HW, WINUSB.NT.Services\n';
    expect(findings('INF1312', body).map((f) => f.line)).toEqual([9]);
    expect(findings('INF1310', body).map((f) => f.line)).toEqual([12]);
  });

  it('a foreign Needs: INF2651 with no Include anywhere, INF1314 when only other sections include, nothing for sections of this INF', () => {
    expect(findings('INF2651', `${DEVICE}[Install.NT]\nNeeds = WINUSB.NT, Own\n[Own]\n`).map((f) => f.line)).toEqual([8]);
    const split = `${DEVICE}[Install.NT]\nInclude = winusb.inf\nNeeds = WINUSB.NT\n[Install.NT.Services]\nNeeds = WINUSB.NT.Services\n`;
    expect(findings('INF1314', split).map((f) => f.line)).toEqual([11]);
    expect(findings('INF2651', split)).toEqual([]);
  });

  it('INF1202: a path or this INF itself cannot be a system INF; a plain name can', () => {
    const body = `${DEVICE}[Install.NT]\nInclude = ks.inf, ..\\x\\y.inf, test.inf, notes.txt\n`;
    expect(findings('INF1202', body).map((f) => f.message)).toEqual([
      expect.stringContaining('..\\x\\y.inf'),
      expect.stringContaining('this INF itself'),
      expect.stringContaining('notes.txt'),
    ]);
  });
});
