// The typed model: what rules and plans read from an INF, each item tied to its line.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  copyFilesTargets,
  directivesNamed,
  infInt,
  leadingCInteger,
  parseDriverVerDate,
  parseInfSync,
  readAddInterface,
  readAddRegSection,
  readAddService,
  readBitRegSection,
  readCopyFilesSection,
  readDecoratedInstall,
  readDelFilesSection,
  readDelRegSection,
  readDestinationDirs,
  readIni2RegSection,
  readInfModel,
  readInstallSection,
  readInterfaceInstall32,
  readLogConfigSection,
  readManufacturers,
  readModels,
  readProfileItemsSection,
  readPropertySection,
  readRegisterDllsSection,
  readRenFilesSection,
  readServiceInstallSection,
  readSourceDisksFiles,
  readSourceDisksNames,
  readUpdateAutoBatSection,
  readUpdateCfgSysSection,
  readUpdateIniFieldsSection,
  readUpdateInisSection,
  readVersion,
} from '../../lib/index.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/inf/model-full.inf');
const doc = parseInfSync(readFileSync(fixture), { file: fixture });

describe('[Version]', () => {
  const v = readVersion(doc);
  it('reads every field with its line', () => {
    expect(v.signature?.value).toBe('$Windows NT$');
    expect(v.class?.value).toBe('Sample');
    expect(v.classGuid?.value).toBe('{78A1C341-4539-11d3-B88D-00C04FAD5171}');
    expect(v.provider).toMatchObject({ value: 'Sample Corp', field: { raw: '%Provider%', line: 6 } });
    expect(v.driverVer).toMatchObject({ date: '03/15/2024', version: '1.2.3.4', line: { line: 7 } });
    expect(v.catalogFiles.map((c) => [c.decoration, c.file, c.line.line])).toEqual([
      [null, 'sample.cat', 8],
      ['NTamd64', 'sample64.cat', 9],
    ]);
    expect(v.layoutFiles.map((l) => l.value)).toEqual(['layout.inf', 'layout2.inf']);
    expect(v.pnpLockdown?.value).toBe('1');
  });
  it('is empty for a file without [Version]', () => {
    const empty = readVersion(parseInfSync(Buffer.from('[Other]\n')));
    expect(empty.section).toBeUndefined();
    expect(empty.signature).toBeUndefined();
  });
});

describe('DriverVer dates (parseDriverVerDate)', () => {
  it.each([
    ['06/21/2024', '2024-06-21'],
    ['6-1-2024', '2024-06-01'],
    [' 02/29/2024 ', '2024-02-29'],
    ['01/02/0050', '0050-01-02'], // a year below 100 is that year, not 1950
  ])('%j is %s', (text, iso) => {
    expect(parseDriverVerDate(text)).toEqual({ iso, ms: Date.parse(`${iso}T00:00:00Z`) });
  });
  it.each([
    ['02/29/2023', 'no-such-day'],
    ['13/01/2024', 'no-such-day'],
    ['00/10/2024', 'no-such-day'],
    ['2024-06-21', 'not-mm/dd/yyyy'],
    ['06/21-2024', 'not-mm/dd/yyyy'],
    ['6/21/24', 'not-mm/dd/yyyy'],
    ['', 'not-mm/dd/yyyy'],
  ])('%j is not a date: %s', (text, problem) => expect(parseDriverVerDate(text)).toBe(problem));
});

describe('[Manufacturer] and Models', () => {
  const [mfg, other] = readManufacturers(doc);
  it('parses entries and their TargetOSVersion decorations', () => {
    expect(mfg).toMatchObject({ name: 'Sample Manufacturing', modelsSection: 'Models', line: { line: 14 } });
    expect(mfg!.decorations).toEqual(['NTx86', 'NTamd64.10.0...16299', 'NTamd64.6.1', 'NTarm64']);
    expect(mfg!.targets[1]).toEqual({ raw: 'NTamd64.10.0...16299', arch: 'amd64', major: 10, minor: 0, build: 16299 });
    expect(other).toMatchObject({ name: 'Other', modelsSection: 'OtherModels', decorations: [] });
  });
  it('reads model lines: description, install section, hardware and compatible IDs', () => {
    const [model] = readModels(doc, 'Models.NTamd64.10.0...16299');
    expect(model).toMatchObject({
      description: 'Sample Device',
      installSection: 'Dev_Install',
      hardwareId: 'ROOT\\SAMPLE',
      hardwareIds: ['ROOT\\SAMPLE', 'PCI\\VEN_1234&DEV_5678', 'PCI\\CC_0C03'],
      compatibleIds: ['PCI\\VEN_1234&DEV_5678', 'PCI\\CC_0C03'],
      line: { line: 21 },
    });
  });
});

describe('install sections and directives', () => {
  const install = readInstallSection(doc, 'dev_install')!;
  it('lists directives in order with canonical names, flags unknown ones and keyless lines', () => {
    expect(install.name).toBe('Dev_Install');
    expect(install.directives.map((d) => d.name).slice(0, 4)).toEqual(['CopyFiles', 'AddReg', 'DelReg', 'BitReg']);
    expect(install.directives.find((d) => d.name === 'FancyNewDirective')?.known).toBe(false);
    expect(install.other.map((l) => l.fields[0]!.value)).toEqual(['Reboot']);
    expect(directivesNamed(install, 'Include')[0]!.values.map((v) => v.value)).toEqual(['machine.inf', 'ks.inf']);
  });
  it('separates CopyFiles=@file from file-list sections', () => {
    const targets = copyFilesTargets(directivesNamed(install, 'CopyFiles')[0]!);
    expect(targets.map((t) => (t.kind === 'file' ? `file:${t.file}` : `section:${t.section}`))).toEqual([
      'section:Dev_CopyFiles',
      'file:extra.dat',
    ]);
  });
  it('reads file-list, rename and delete sections', () => {
    expect(readCopyFilesSection(doc, 'Dev_CopyFiles').map((e) => [e.destination, e.source, e.temporary, e.flags])).toEqual([
      ['sample.sys', 'sample.sys', undefined, undefined],
      ['sample.dll', 'sample_src.dll', 'sample.tmp', 0x4000],
    ]);
    expect(readRenFilesSection(doc, 'Dev_RenFiles')).toMatchObject([{ newName: 'new.dll', oldName: 'old.dll' }]);
    expect(readDelFilesSection(doc, 'Dev_DelFiles')).toMatchObject([{ file: 'stale.dll', flags: 1 }]);
  });
  it('reads AddReg, DelReg and BitReg entries', () => {
    const add = readAddRegSection(doc, 'Dev_AddReg');
    expect(add.map((e) => [e.root, e.subkey, e.valueName, e.flags, e.values.map((v) => v.value)])).toEqual([
      ['HKR', '', 'DeviceCharacteristics', 0x10001, ['0x0100']],
      ['HKR', 'Parameters', 'List', 0x10000, ['one', 'two']],
      ['HKLM', 'Software\\Sample', '', 0, ['default']],
    ]);
    expect(readDelRegSection(doc, 'Dev_DelReg')).toMatchObject([
      { root: 'HKR', subkey: 'Parameters', valueName: 'Old', flags: undefined },
      { root: 'HKLM', valueName: 'List', flags: 0x18002, value: 'two' },
    ]);
    expect(readBitRegSection(doc, 'Dev_BitReg')).toMatchObject([{ valueName: 'Bits', flags: 1, byteMask: 4, byteToModify: 0 }]);
  });
  it('reads properties, INI and registry conversions, shortcuts and DLL registration', () => {
    expect(readPropertySection(doc, 'Dev_AddProperty')).toMatchObject([
      { name: 'DeviceModel', categoryGuid: null, value: 'Sample Model' },
      { name: null, categoryGuid: '{a45c254e-df1c-4efd-8020-67d146a850e0}', pid: 2, type: 18, flags: 1, value: 'Category' },
    ]);
    expect(readPropertySection(doc, 'Dev_DelProperty')).toMatchObject([{ name: 'DeviceVendorWebSite', flags: 0 }]);
    expect(readIni2RegSection(doc, 'Dev_Ini2Reg')).toMatchObject([
      { iniFile: 'win.ini', iniSection: 'Sample', iniKey: 'Key1', root: 'HKLM' },
    ]);
    expect(readUpdateInisSection(doc, 'Dev_UpdateInis')).toMatchObject([
      { iniFile: 'system.ini', oldEntry: 'old=1', newEntry: 'new=2', flags: 3 },
    ]);
    expect(readUpdateIniFieldsSection(doc, 'Dev_UpdateIniFields')).toMatchObject([
      { profileName: 'drivers', oldField: 'old.drv', newField: 'new.drv' },
    ]);
    expect(readProfileItemsSection(doc, 'Dev_Shortcut')).toMatchObject({
      name: 'Sample Tool',
      nameAttributes: 1,
      cmdLine: { dirid: 16422, subdir: 'Sample\\bin', filename: 'tool.exe' },
      subDir: 'Sample',
      iconIndex: 2,
      hotKey: 0x641,
    });
    expect(readRegisterDllsSection(doc, 'Dev_RegisterDlls')).toMatchObject([
      { dirid: 11, subdir: '', filename: 'sample.dll', registrationFlags: 1, timeout: 30, arguments: '/s' },
    ]);
  });
  it('reads the Windows 95 sections', () => {
    expect(readLogConfigSection(doc, 'Dev_LogConfig').map((e) => [e.key, e.values.map((v) => v.value)])).toEqual([
      ['ConfigPriority', ['NORMAL']],
      ['IOConfig', ['3f8-3ff(3ff::)']],
      ['IRQConfig', ['3', '4', '5']],
    ]);
    expect(readUpdateAutoBatSection(doc, 'Dev_AutoBat').map((e) => e.key)).toEqual(['CmdAdd', 'PrefixPath']);
    expect(readUpdateCfgSysSection(doc, 'Dev_CfgSys')[0]!.values.map((v) => v.value)).toEqual(['sample.sys', 'device', 'up']);
  });
});

describe('services and interfaces', () => {
  const services = readInstallSection(doc, 'Dev_Install.NTamd64.Services')!;
  it('reads AddService lines, including a null service', () => {
    const [sample, nullService] = directivesNamed(services, 'AddService').map(readAddService);
    expect(sample).toMatchObject({
      serviceName: 'sample',
      flags: 2,
      installSection: 'Sample_Service',
      eventLogInstallSection: 'Sample_EventLog',
      eventLogType: 'System',
      eventName: 'SampleEvents',
    });
    expect(nullService).toMatchObject({ serviceName: '', flags: 2, installSection: null });
  });
  it('reads the service-install section', () => {
    expect(readServiceInstallSection(doc, 'Sample_Service')).toMatchObject({
      displayName: 'Sample Service',
      serviceType: 1,
      startType: 3,
      errorControl: 1,
      serviceBinary: '%13%\\sample.sys',
      loadOrderGroup: 'Extended Base',
      dependencies: ['FltMgr', '+NDIS'],
      addReg: ['Service_AddReg'],
    });
  });
  it('reads AddInterface and [InterfaceInstall32]', () => {
    const ifaces = readInstallSection(doc, 'Dev_Install.NTamd64.Interfaces')!;
    expect(readAddInterface(directivesNamed(ifaces, 'AddInterface')[0]!)).toMatchObject({
      interfaceClassGuid: '{6994AD04-93EF-11D0-A3CC-00A0C9223196}',
      referenceString: 'wave',
      installSection: 'Iface_AddInterface',
      flags: 4,
    });
    expect(readInterfaceInstall32(doc)).toMatchObject([
      { interfaceClassGuid: '{6994AD04-93EF-11D0-A3CC-00A0C9223196}', installSection: 'Iface_Install', flags: 1 },
      { interfaceClassGuid: '{A5DCBF10-6530-11D2-901F-00C04FB951ED}', installSection: null, flags: undefined },
    ]);
  });
});

describe('destinations and sources', () => {
  it('reads [DestinationDirs] with DefaultDestDir as the fallback', () => {
    const dirs = readDestinationDirs(doc);
    expect(dirs.defaultDestDir).toMatchObject({ dirid: 12, subdir: null });
    expect(dirs.forSection('app_copyfiles')).toMatchObject({ dirid: 16422, subdir: 'Sample\\bin' });
    expect(dirs.forSection('Unlisted')).toBe(dirs.defaultDestDir);
  });
  it('prefers [SourceDisksNames.arch] and [SourceDisksFiles.arch] entries over undecorated ones', () => {
    expect(readSourceDisksNames(doc, 'amd64').map((d) => [d.section, d.diskId, d.path, d.flags])).toEqual([
      ['SourceDisksNames.amd64', 1, '\\amd64', 0x10],
      ['SourceDisksNames', 2, null, undefined],
    ]);
    expect(readSourceDisksNames(doc).map((d) => d.path)).toEqual(['\\common', null]);
    expect(readSourceDisksFiles(doc, 'amd64').map((f) => [f.file, f.diskId, f.subdir, f.size])).toEqual([
      ['sample.sys', 1, 'x64', undefined],
      ['sample.dll', 2, 'lib', 1024],
    ]);
  });
});

describe('whole-file model', () => {
  it('picks the decorated ClassInstall32 and DefaultInstall for the target', () => {
    const amd64 = readInfModel(doc, { arch: 'amd64' });
    expect(amd64.classInstall32.choice.section).toBe('ClassInstall32.NTamd64');
    expect(amd64.defaultInstall.install?.name).toBe('DefaultInstall.NTamd64');
    const x86 = readInfModel(doc, { arch: 'x86' });
    expect(x86.classInstall32.choice.section).toBe('ClassInstall32');
    expect(x86.defaultInstall.install).toBeUndefined();
    expect(readDecoratedInstall(doc, 'Dev_Install', { arch: 'arm64' }).choice.section).toBe('Dev_Install.NT');
  });
});

describe('integer fields (SetupGetIntField)', () => {
  const cases: Array<[string, number | undefined]> = [
    ['', 0],
    ['12', 12],
    ['0x10001', 0x10001],
    ['0X1f', 31],
    ['010', 8],
    ['-1', -1],
    [' 7', 7],
    ['0xFFFFFFFF', 0xffffffff],
    ['08', undefined],
    ['12a', undefined],
    ['abc', undefined],
  ];
  it.each(cases)('%j → %s', (text, value) => expect(infInt(text)).toBe(value));
  it('leadingCInteger reads the number at the start and says where it stopped, as strtol does', () => {
    expect(leadingCInteger('12abc')).toEqual({ value: 12, length: 2 });
    expect(leadingCInteger('-0x1fz')).toEqual({ value: -31, length: 5 });
    expect(leadingCInteger('0x')).toEqual({ value: 0, length: 1 });
    expect(leadingCInteger('089')).toEqual({ value: 0, length: 1 });
    expect(leadingCInteger(' 1')).toBeUndefined(); // white space is the caller's
    expect(leadingCInteger('x1')).toBeUndefined();
  });
});
