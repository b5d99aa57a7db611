// The files family's resolution of copies: which install sections apply on an architecture,
// where a file list's files go (DIRIDs, subdirectories, DefaultDestDir), where a source file
// is in the package ([SourceDisksNames] path + [SourceDisksFiles] subdirectory), and /h's
// exceptions to driver-store isolation.
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { validateDocument } from '../../lib/rules/index.js';
import type { ValidateOptions } from '../../lib/rules/types.js';

const HEAD =
  '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = "Contoso"\n\n';

/** `line:message` of the findings of `code` for an INF made of [Version] and `body`. */
function findings(code: string, body: string, options: ValidateOptions = {}): string[] {
  const doc = parseInfSync(Buffer.from(HEAD + body), { file: 'files.inf' });
  return validateDocument(doc, options)
    .filter((d) => d.code === code)
    .map((d) => `${d.line - 6}:${d.message}`);
}

/** Line numbers (counted from the first line of `body`) of the findings of `code`. */
const lines = (code: string, body: string, options: ValidateOptions = {}): number[] =>
  findings(code, body, options).map((f) => parseInt(f, 10));

describe('INF1230: files missing from [SourceDisksFiles] per architecture', () => {
  const body = (install: string): string =>
    `[DestinationDirs]\nDefaultDestDir = 13\n[SourceDisksNames]\n1 = "Disk"\n[SourceDisksFiles.x86]\nsample.sys = 1\n${install}\nCopyFiles = Files\n[Files]\nsample.sys\n`;

  it('reports a file listed only for x86 when an install section used on amd64 copies it, naming where it is listed', () => {
    const found = findings('INF1230', body('[Install.NT]'), { arch: ['x86', 'amd64'] });
    expect(found).toEqual([
      '10:file sample.sys is copied on amd64 but listed only under [SourceDisksFiles.x86]; add it to [SourceDisksFiles] or [SourceDisksFiles.amd64]',
    ]);
  });

  it('does not report it when only an .NTx86 install section copies it', () => {
    expect(lines('INF1230', body('[Install.NTx86]'), { arch: ['x86', 'amd64'] })).toEqual([]);
  });

  it('does not use [Install.NT] on amd64 when [Install.NTamd64] exists', () => {
    const text =
      body('[Install.NT]') +
      '[Install.NTamd64]\nCopyFiles = Files64\n[Files64]\nsample64.sys\n[SourceDisksFiles.amd64]\nsample64.sys = 1\n';
    expect(lines('INF1230', text, { arch: 'amd64' })).toEqual([]);
    expect(lines('INF1230', text, { arch: 'x86' })).toEqual([]);
  });
});

describe('INF1330: one destination file, two sources', () => {
  it('resolves DIRIDs and subdirectories: 10,System32 and 11 are one directory', () => {
    const text =
      '[DestinationDirs]\nFiles_A = 10,System32\nFiles_B = 11\n[SourceDisksNames]\n1 = "Disk"\n[SourceDisksFiles]\na.dll = 1\nb.dll = 1\n' +
      '[A.NT]\nCopyFiles = Files_A\n[B.NT]\nCopyFiles = Files_B\n[Files_A]\nhelper.dll,a.dll\n[Files_B]\nhelper.dll,b.dll\n';
    expect(lines('INF1330', text)).toEqual([16]);
  });

  it('does not report copies of different architectures, nor the same source copied twice', () => {
    const text =
      '[DestinationDirs]\nDefaultDestDir = 12\n[SourceDisksNames]\n1 = "Disk"\n[SourceDisksFiles]\ndrv_x86.sys = 1\ndrv_amd64.sys = 1\n' +
      '[Install.NTx86]\nCopyFiles = Files_x86\n[Install.NTamd64]\nCopyFiles = Files_amd64, Files_amd64_again\n' +
      '[Files_x86]\ndrv.sys,drv_x86.sys\n[Files_amd64]\ndrv.sys,drv_amd64.sys\n[Files_amd64_again]\ndrv.sys,DRV_AMD64.SYS\n';
    expect(lines('INF1330', text, { arch: ['x86', 'amd64'] })).toEqual([]);
  });

  it('counts CopyFiles=@file, which goes to DefaultDestDir', () => {
    const text =
      '[DestinationDirs]\nDefaultDestDir = 12\nFiles = 12\n[SourceDisksNames]\n1 = "Disk"\n[SourceDisksFiles]\ndrv.sys = 1\ndrv2.sys = 1\n' +
      '[A.NT]\nCopyFiles = @drv.sys\n[B.NT]\nCopyFiles = Files\n[Files]\ndrv.sys,drv2.sys\n';
    expect(lines('INF1330', text)).toEqual([14]);
  });
});

describe('INF1100: DIRID 13 keeps the package layout', () => {
  const text = (path: string, subdir: string, dest: string): string =>
    `[DestinationDirs]\nFiles = ${dest}\n[SourceDisksNames]\n1 = "Disk",,,${path}\n[SourceDisksFiles]\nsample.sys = 1${subdir}\n[Install.NT]\nCopyFiles = Files\n[Files]\nsample.sys\n`;

  it('compares the disk path plus subdirectory with the destination subdirectory, case and separators aside', () => {
    expect(lines('INF1100', text('\\x64', '', '13,X64\\'))).toEqual([]);
    expect(lines('INF1100', text('', ',x64\\bin', '13,x64/bin'))).toEqual([]);
    expect(lines('INF1100', text('\\', '', '13'))).toEqual([]);
    expect(findings('INF1100', text('\\x64', ',bin', '13,x64'))).toEqual([
      '10:source and destination directory must match for sample.sys copied to DIRID 13: it is in x64\\bin\\ but goes to x64\\',
    ]);
  });

  it('says nothing about other DIRIDs', () => {
    expect(lines('INF1100', text('\\x64', '', '12'))).toEqual([]);
  });
});

describe('INF1322: driver-store isolation, and /h exceptions', () => {
  const text = (dirid: number): string =>
    `[DestinationDirs]\nDefaultDestDir = ${dirid}\n[SourceDisksNames]\n1 = "Disk"\n[SourceDisksFiles]\nsample.sys = 1\n[Install.NT]\nCopyFiles = Files, @sample.sys\n[Files]\nsample.sys\n`;

  it('reports each copied file at its file list, and `@file` at the directive', () => {
    expect(lines('INF1322', text(12), { mode: 'windowsDriver' })).toEqual([8, 9]);
    expect(lines('INF1322', text(13), { mode: 'windowsDriver' })).toEqual([]);
  });

  it('lets hlk mode copy to the DIRIDs infverif_h.md lists (10, 11, 12, ...) but not to others', () => {
    for (const allowed of [10, 11, 12, 23, 51, 52, 55, 16422, 16425, 16428, 66000, 66004]) {
      expect(lines('INF1322', text(allowed), { mode: 'hlk' }), `DIRID ${allowed}`).toEqual([]);
    }
    expect(lines('INF1322', text(16421), { mode: 'hlk' })).toEqual([8, 9]);
    expect(lines('INF1322', text(16421), { mode: 'default' })).toEqual([]);
  });
});

describe('[DestinationDirs] resolution', () => {
  it('INF1275: a list without an entry is an error, a warning in an INF that uses Include=', () => {
    const text = '[DestinationDirs]\nOther = 13\n[Install.NT]\nCopyFiles = Files\n[Files]\nsample.sys\n';
    const doc = (t: string) => parseInfSync(Buffer.from(HEAD + t), { file: 'x.inf' });
    const severities = (t: string) =>
      validateDocument(doc(t))
        .filter((d) => d.code === 'INF1275')
        .map((d) => d.severity);
    expect(severities(text)).toEqual(['error']);
    expect(severities(text.replace('[Install.NT]\n', '[Install.NT]\nInclude = machine.inf\nNeeds = PCI.Install\n'))).toEqual(['warning']);
    expect(severities(text.replace('Other = 13', 'DefaultDestDir = 13'))).toEqual([]);
  });

  it('INF1241-1243: user-defined, unknown and invalid DIRIDs of a copied file are told apart', () => {
    const text = (dirid: string): string => `[DestinationDirs]\nDefaultDestDir = ${dirid}\n[Install.NT]\nCopyFiles = @sample.sys\n`;
    const codes = (dirid: string): string[] =>
      validateDocument(parseInfSync(Buffer.from(HEAD + text(dirid)), { file: 'x.inf' }))
        .map((d) => d.code)
        .filter((c) => /^INF124[123]$/.test(c));
    expect(codes('32768')).toEqual(['INF1241']);
    expect(codes('70000')).toEqual(['INF1241']);
    expect(codes('66002')).toEqual([]); // a printer DIRID
    expect(codes('14')).toEqual(['INF1242']);
    expect(codes('16424')).toEqual([]); // 16384 + a CSIDL
    expect(codes('-2')).toEqual(['INF1243']);
    expect(codes('Windows')).toEqual(['INF1243']);
    expect(codes('-1')).toEqual([]);
  });
});

describe('INF1258: DIRID paths in registry values', () => {
  const text = (line: string): string => `[Install.NT]\nAddReg = Reg\n[Reg]\n${line}\n`;

  it('reports string values and names the run-time path to use', () => {
    expect(findings('INF1258', text('HKR,,EventMessageFile,0x00020000,"%11%\\IoLogMsg.dll"'))).toEqual([
      '4:file path "%11%\\IoLogMsg.dll" in value EventMessageFile of [Reg] may be wrong in some installation scenarios (DIRID 11 is resolved when the driver is added to an image); use %SystemRoot%\\system32 instead',
    ]);
    expect(lines('INF1258', text('HKR,,Paths,0x00010000,"%13%\\a.dll","%12%\\b.sys"'))).toEqual([4]);
  });

  it('leaves DIRID 13, environment variables and non-string values alone', () => {
    expect(lines('INF1258', text('HKR,,Path,,"%13%\\sample.dll"'))).toEqual([]);
    expect(lines('INF1258', text('HKR,,Path,0x00020000,"%%SystemRoot%%\\System32\\sample.dll"'))).toEqual([]);
    expect(lines('INF1258', text('HKR,,Count,0x00010001,11'))).toEqual([]);
    expect(lines('INF1258', text('HKR,,Data,0x00000001,%11%'))).toEqual([]);
  });
});

describe('INF1273: disks per architecture', () => {
  it('an undecorated [SourceDisksFiles] entry needs its disk on every architecture checked', () => {
    const text = '[SourceDisksNames.x86]\n1 = "Disk"\n[SourceDisksNames.amd64]\n2 = "Disk"\n[SourceDisksFiles]\nsample.sys = 1\n';
    expect(lines('INF1273', text, { arch: 'x86' })).toEqual([]);
    expect(findings('INF1273', text, { arch: ['x86', 'amd64'] })).toEqual([
      '6:source file sample.sys is on disk 1, which [SourceDisksNames.amd64] or [SourceDisksNames] does not list (for amd64)',
    ]);
  });

  it('an entry hidden on an architecture by its [SourceDisksFiles.<arch>] entry is not checked there', () => {
    const text =
      '[SourceDisksNames.x86]\n1 = "Disk"\n[SourceDisksNames.amd64]\n2 = "Disk"\n[SourceDisksFiles]\nsample.sys = 1\n[SourceDisksFiles.amd64]\nsample.sys = 2\n';
    expect(lines('INF1273', text, { arch: ['x86', 'amd64'] })).toEqual([]);
  });
});
