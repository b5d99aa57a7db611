// The services family: the parts of its checks a fixture does not pin down on its own.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { validateDocument } from '../../lib/rules/index.js';
import { imagePath, internals } from '../../lib/rules/services.js';
import type { ValidationMode } from '../../lib/rules/types.js';

const CLEAN = readFileSync(new URL('../fixtures/rules/clean.inf', import.meta.url), 'utf8');

/** clean.inf with each `[from, to]` replaced (each must occur). */
function edited(...changes: Array<[string, string]>): string {
  let text = CLEAN;
  for (const [from, to] of changes) {
    expect(text, `clean.inf has ${JSON.stringify(from)}`).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

function findings(
  text: string,
  code: string,
  options: { file?: string; mode?: ValidationMode; arch?: string } = {},
): Array<{ line: number; severity: string; message: string }> {
  const doc = parseInfSync(Buffer.from(text), { file: options.file ?? 'x.inf' });
  return validateDocument(doc, { mode: options.mode ?? 'default', ...(options.arch ? { arch: options.arch } : {}) })
    .filter((d) => d.code === code)
    .map(({ line, severity, message }) => ({ line, severity, message }));
}

const MANUFACTURER = '%Mfg% = Models,NTamd64.10.0...16299';
const SERVICES = 'AddService = Sample,0x00000002,Sample_Service';

describe('service image paths (ServiceBinary)', () => {
  it('takes the path before the arguments, or the quoted path with its spaces', () => {
    expect(imagePath('%13%\\sample.sys')).toBe('%13%\\sample.sys');
    expect(imagePath('%13%\\svc.exe -k arg')).toBe('%13%\\svc.exe');
    expect(imagePath('"%13%\\My Dir\\svc.exe" -k')).toBe('%13%\\My Dir\\svc.exe');
  });

  it('does not parse an open quote, text stuck to the closing quote, or a quote inside the path', () => {
    expect(imagePath('"%13%\\My Dir\\svc.exe')).toBeNull();
    expect(imagePath('"%13%\\a"b.exe')).toBeNull();
    expect(imagePath('%13%\\a"b.exe')).toBeNull();
  });
});

describe('INF1293: reserved sample service names', () => {
  const text = edited([SERVICES, 'AddService = toaster,0x00000002,Sample_Service']);

  it('is an error in an INF of another name, and matches names case-insensitively', () => {
    expect(findings(text, 'INF1293', { file: 'contoso.inf' }).map((f) => f.severity)).toEqual(['error']);
    expect(findings(edited([SERVICES, 'AddService = TOASTER,0x2,Sample_Service']), 'INF1293')).toHaveLength(1);
  });

  it("is an error in the sample's own INF too, and --samples (InfVerif /samples) leaves it out", () => {
    for (const file of ['toastpkg.inf', 'C:\\src\\toastpkg.inx']) {
      expect(findings(text, 'INF1293', { file }).map((f) => f.severity)).toEqual(['error']);
    }
    expect(
      validateDocument(parseInfSync(Buffer.from(text), { file: 'toastpkg.inf' }), { samples: true }).filter((d) => d.code === 'INF1293'),
    ).toEqual([]);
  });

  it('leaves the names of Windows services the samples add as Windows does (WUDFRd, disk, Serial)', () => {
    for (const name of ['WUDFRd', 'disk', 'Serial']) {
      expect(findings(edited([SERVICES, `AddService = ${name},0x2,Sample_Service`]), 'INF1293')).toEqual([]);
    }
  });
});

describe('INF1296: every device has an associated service on every architecture', () => {
  it('passes an associated service reached through Needs, and leaves Include (an inbox INF) alone', () => {
    const needs = edited([SERVICES, `Needs = Sample_Common.Services\n\n[Sample_Common.Services]\n${SERVICES}`]);
    expect(findings(needs, 'INF1296')).toEqual([]);
    const include = edited([SERVICES, 'Include = mshidkmdf.inf\nNeeds = MsHidKmdf.NT.Services']);
    expect(findings(include, 'INF1296')).toEqual([]);
  });

  it('reports a Needs that reaches no associated service in this INF', () => {
    const text = edited([SERVICES, 'Needs = Sample_Common.Services\n\n[Sample_Common.Services]\nAddService = Sample,0,Sample_Service']);
    expect(findings(text, 'INF1296')).toHaveLength(1);
  });

  it('does not check Extension INFs or network components', () => {
    for (const klass of ['Extension', 'NetService']) {
      const text = edited(['Class       = System', `Class       = ${klass}`], [SERVICES, 'AddService = Sample,0,Sample_Service']);
      expect(findings(text, 'INF1296')).toEqual([]);
    }
  });

  it('checks the install section chosen for the architecture: --arch arm64 uses [X.NTarm64]', () => {
    const text = edited(
      [MANUFACTURER, `${MANUFACTURER},NTarm64`],
      [
        '[Sample_Install.NT]',
        '[Models.NTarm64]\n%DeviceDesc% = Sample_Install, Root\\Sample\n\n[Sample_Install.NTarm64]\nCopyFiles = Sample_Files\n\n[Sample_Install.NT]',
      ],
    );
    expect(findings(text, 'INF1296', { arch: 'amd64' })).toEqual([]);
    const arm = findings(text, 'INF1296', { arch: 'arm64' });
    expect(arm).toHaveLength(1);
    expect(arm[0]!.message).toContain("'Sample_Install.NTarm64'");
  });
});

describe('INF1297: a device driver that installs on no device', () => {
  it('is a finding about the whole file, and not one for an INF without [Manufacturer]', () => {
    const empty = edited(['%DeviceDesc% = Sample_Install, Root\\Sample\n', '']);
    expect(findings(empty, 'INF1297').map((f) => f.line)).toEqual([0]);
    const primitive = edited(['[Manufacturer]\n%Mfg% = Models,NTamd64.10.0...16299\n', '']);
    expect(findings(primitive, 'INF1297')).toEqual([]);
  });

  it('counts the devices of the undecorated Models section (x86 Windows older than every decoration uses it)', () => {
    const text = edited([
      '[Models.NTamd64.10.0...16299]\n%DeviceDesc% = Sample_Install, Root\\Sample\n',
      '[Models.NTamd64.10.0...16299]\n\n[Models]\n%DeviceDesc% = Sample_Install, Root\\Sample\n',
    ]);
    expect(findings(text, 'INF1297')).toEqual([]);
  });
});

describe('INF2006: AddService names a missing service-install section', () => {
  const text = edited([SERVICES, 'AddService = Sample,0x00000002,Sample_Srvice']);

  it('is an error, and a warning when the INF includes another (the section may be there)', () => {
    expect(findings(text, 'INF2006').map((f) => f.severity)).toEqual(['error']);
    const included = text.replace('[Sample_Install.NT.Services]\n', '[Sample_Install.NT.Services]\nInclude = other.inf\n');
    expect(findings(included, 'INF2006').map((f) => f.severity)).toEqual(['warning']);
  });

  it('does not report the null driver', () => {
    expect(findings(edited([SERVICES, 'AddService = ,2']), 'INF2006')).toEqual([]);
  });
});

describe('INF1333: one service configured differently', () => {
  const twoDevices = (manufacturer: string, secondModels: string): string =>
    edited(
      [MANUFACTURER, manufacturer],
      ['%DeviceDesc% = Sample_Install, Root\\Sample\n', `%DeviceDesc% = Sample_Install, Root\\Sample\n${secondModels}`],
      [
        '[Sample_Service]',
        '[Other_Install.NT]\nCopyFiles = Sample_Files\n\n[Other_Install.NT.Services]\nAddService = Sample,0x2,Other_Service\n\n' +
          '[Other_Service]\nServiceType   = 1\nStartType     = 3\nErrorControl  = 1\nServiceBinary = %13%\\other.sys\n\n[Sample_Service]',
      ],
    );

  it('reports two devices of one target whose service-install sections differ, at the mode level', () => {
    const text = twoDevices(MANUFACTURER, '%DeviceDesc% = Other_Install, Root\\Other\n');
    expect(findings(text, 'INF1333').map((f) => f.severity)).toEqual(['warning']);
    expect(findings(text, 'INF1333', { mode: 'universal' }).map((f) => f.severity)).toEqual(['error']);
  });

  it('does not compare sections that identical settings make the same', () => {
    const text = twoDevices(MANUFACTURER, '%DeviceDesc% = Other_Install, Root\\Other\n').replace('%13%\\other.sys', '%13%\\sample.sys');
    expect(findings(text, 'INF1333')).toEqual([]);
  });
});

describe('INF2084: the service binary is a file the INF copies', () => {
  it('compares directories by what the DIRIDs stand for (%10%\\System32\\drivers is %12%)', () => {
    const text = edited(
      ['DefaultDestDir = 13', 'DefaultDestDir = 12'],
      ['ServiceBinary = %13%\\sample.sys', 'ServiceBinary = %10%\\System32\\drivers\\sample.sys'],
    );
    expect(findings(text, 'INF2084')).toEqual([]);
  });

  it('reports a file the install section that adds the service does not copy, even if another one does', () => {
    const text = edited(
      [
        '%DeviceDesc% = Sample_Install, Root\\Sample\n',
        '%DeviceDesc% = Sample_Install, Root\\Sample\n%DeviceDesc% = Bare_Install, Root\\Bare\n',
      ],
      ['[Sample_Service]', '[Bare_Install.NT]\n\n[Bare_Install.NT.Services]\nAddService = Sample,0x2,Sample_Service\n\n[Sample_Service]'],
    );
    const found = findings(text, 'INF2084', { mode: 'windowsDriver' });
    expect(found.map((f) => f.severity)).toEqual(['error']);
    expect(found[0]!.message).toContain('[Bare_Install.NT]');
  });
});

describe('helpers', () => {
  it('archesServed follows SetupAPI: [X.NT] serves the architectures without their own [X.NT<arch>]', () => {
    const doc = parseInfSync(Buffer.from('[Version]\nSignature="$Windows NT$"\n[X]\n[X.NT]\n[X.NTamd64]\n'), { file: 'a.inf' });
    expect(internals.archesServed(doc, 'X.NTamd64')).toEqual(['amd64']);
    expect(internals.archesServed(doc, 'X.NT')).not.toContain('amd64');
    expect(internals.archesServed(doc, 'X')).toEqual([]);
  });
});
