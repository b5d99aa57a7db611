// Install plans: what a user checks before an install runs — the section chosen and why,
// the real key behind each HKR, value types, target paths and source disks, services,
// reboot flags, Include/Needs, and refusal of unsafe plans.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { InfkitError } from '../../lib/errors.js';
import { encodeValue } from '../../lib/base/registry-values.js';
import type { RegistryValue } from '../../lib/backend/types.js';
import { addRegValue, buildPlan, formatPlan, planToJson, type BuildPlanOptions, type Operation, type Plan } from '../../lib/plan/index.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/plan');
const fixture = (name: string) => path.join(fixtures, name);
const amd64 = { arch: 'amd64', osVersion: '10.0.22631' };
const x86 = { arch: 'x86', osVersion: '10.0.19045' };

const CLASS = '{6B4E1A50-1C2D-4E3F-9A8B-7C6D5E4F3A2B}';
const PORT = '{A1B2C3D4-0001-0002-0003-000000000004}';
const CCS = 'SYSTEM\\CurrentControlSet';

function plan(file: string, options: Partial<BuildPlanOptions> & Pick<BuildPlanOptions, 'kind'>): Plan {
  return buildPlan(fixture(file), { target: amd64, ...options });
}

/** A plan of INF text given inline. */
function planText(text: string, options: Partial<BuildPlanOptions> = {}): Plan {
  const doc = parseInfSync(Buffer.from(text), { file: 'inline.inf' });
  return buildPlan(doc, { kind: 'section', section: 'DefaultInstall', target: amd64, ...options });
}

function ofType<K extends Operation['op']>(p: Plan, op: K): Array<Extract<Operation, { op: K }>> {
  return p.operations.filter((o): o is Extract<Operation, { op: K }> => o.op === op);
}

function regSet(p: Plan, name: string) {
  const found = ofType(p, 'reg-set').filter((o) => o.name === name);
  expect(found.length, `reg-set of ${name}`).toBeGreaterThan(0);
  return found[0]!;
}

function thrown(fn: () => unknown): InfkitError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InfkitError);
    return error as InfkitError;
  }
  throw new Error('expected an InfkitError');
}

const VERSION = '[Version]\nSignature="$Windows NT$"\n';

describe('section choice', () => {
  it.each([
    {
      file: 'labrig.inf',
      kind: 'package',
      target: amd64,
      requested: 'Lab',
      chosen: 'Lab.NTamd64.10.0...16299',
      reason: 'best TargetOSVersion',
    },
    {
      file: 'labrig.inf',
      kind: 'package',
      target: { arch: 'amd64', osVersion: '10.0.14393' },
      requested: 'Lab',
      chosen: 'Lab.NTamd64',
      reason: 'NTamd64',
    },
    { file: 'labrig.inf', kind: 'package', target: x86, requested: 'Lab', chosen: 'Lab.NTx86', reason: 'NTx86' },
    {
      file: 'labrig.inf',
      kind: 'package',
      target: amd64,
      requested: 'Rig_Install',
      chosen: 'Rig_Install.NTamd64',
      reason: 'most specific',
    },
    { file: 'labrig.inf', kind: 'package', target: x86, requested: 'Rig_Install', chosen: 'Rig_Install.NT', reason: 'most specific' },
    {
      file: 'labrig.inf',
      kind: 'class',
      target: amd64,
      requested: 'ClassInstall32',
      chosen: 'ClassInstall32.NTamd64',
      reason: 'most specific',
    },
    {
      file: 'labrig.inf',
      kind: 'class',
      target: x86,
      requested: 'ClassInstall32',
      chosen: 'ClassInstall32',
      reason: 'no platform-decorated',
    },
    {
      file: 'tools.inf',
      kind: 'section',
      target: amd64,
      requested: 'DefaultInstall',
      chosen: 'DefaultInstall.NTamd64',
      reason: 'most specific',
    },
    {
      file: 'tools.inf',
      kind: 'section',
      target: { arch: 'arm64', osVersion: '10.0.22631' },
      requested: 'DefaultInstall',
      chosen: 'DefaultInstall',
      reason: 'no platform-decorated',
    },
    {
      file: 'interfaces.inf',
      kind: 'interfaces',
      target: amd64,
      requested: 'Port.Install',
      chosen: 'Port.Install.NTamd64',
      reason: 'most specific',
    },
  ] as const)(
    '$file $kind on $target.arch $target.osVersion: [$requested] -> [$chosen]',
    ({ file, kind, target, requested, chosen, reason }) => {
      const p = plan(file, { kind, target, section: 'DefaultInstall' });
      const choice = p.sections.find((s) => s.requested === requested);
      expect(choice?.chosen).toBe(chosen);
      expect(choice?.reason).toContain(reason);
      expect(choice?.candidates.find((c) => c.name.toLowerCase() === chosen.toLowerCase())?.exists).toBe(true);
    },
  );

  it('lists each model of the package with the DDInstall it gets', () => {
    const p = plan('labrig.inf', { kind: 'package' });
    expect(p.models?.map((m) => [m.hardwareIds[0], m.chosen])).toEqual([
      ['ROOT\\LABRIG', 'Rig_Install.NTamd64'],
      ['ROOT\\LABRIG2', 'Rig_Install.NTamd64'],
    ]);
    expect(p.models?.[0]?.description).toBe('Lab rig');
  });

  it('says why no Models section applies when the entry has no decoration for the architecture', () => {
    const p = plan('labrig.inf', { kind: 'package', target: { arch: 'arm64', osVersion: '10.0.22631' } });
    expect(p.notes.find((n) => n.code === 'PLAN_NO_MODELS')?.message).toContain('no decoration applies');
    expect(ofType(p, 'stage-package')).toHaveLength(1);
  });
});

describe('HKR stands for the real key of its context', () => {
  it.each([
    { kind: 'class', section: 'Class.AddReg', name: 'Icon', key: `${CCS}\\Control\\Class\\${CLASS}` },
    {
      kind: 'interfaces',
      section: 'Port.AddReg',
      name: 'FriendlyName',
      key: `${CCS}\\Control\\DeviceClasses\\${PORT}`,
      file: 'interfaces.inf',
    },
    { kind: 'package', section: 'Rig.AddReg', name: 'FriendlyName', key: `${CCS}\\Control\\Class\\${CLASS}\\0000` },
    { kind: 'package', section: 'Rig.HW.AddReg', name: 'LowerFilters', key: `${CCS}\\Enum\\ROOT\\LABRIG\\0000\\Device Parameters` },
    { kind: 'package', section: 'LabRig.Service.AddReg', name: 'Mode', key: `${CCS}\\Services\\LabRig\\Parameters` },
    { kind: 'package', section: 'LabRig.EventLog.AddReg', name: 'TypesSupported', key: `${CCS}\\Services\\EventLog\\System\\LabRig` },
    {
      kind: 'package',
      section: 'Rig.Interface.AddReg',
      name: 'PortName',
      key: `${CCS}\\Control\\DeviceClasses\\${PORT}\\##?#ROOT#LABRIG#0000#${PORT}\\#Port1\\Device Parameters`,
    },
  ] as const)('$kind: HKR in [$section] is HKLM\\$key', ({ kind, section, name, key, ...rest }) => {
    const file = ('file' in rest ? rest.file : undefined) ?? 'labrig.inf';
    const op = ofType(plan(file, { kind }), 'reg-set').find((o) => o.source.section === section && o.name === name);
    expect(op?.root).toBe('HKLM');
    expect(op?.key).toBe(key);
  });

  it('takes the device instance a caller names instead of the placeholder', () => {
    const p = plan('labrig.inf', { kind: 'package', context: { kind: 'device-hardware', deviceInstanceId: 'ROOT\\LABRIG\\0042' } });
    expect(regSet(p, 'LowerFilters').key).toBe(`${CCS}\\Enum\\ROOT\\LABRIG\\0042\\Device Parameters`);
  });

  it('leaves HKR lines of a DefaultInstall out, with a warning naming the line', () => {
    const p = plan('tools.inf', { kind: 'section', section: 'DefaultInstall' });
    expect(ofType(p, 'reg-set').some((o) => o.name === 'Ignored')).toBe(false);
    const note = p.notes.find((n) => n.code === 'PLAN_HKR_UNDEFINED');
    expect(note?.severity).toBe('warning');
    expect(note?.source?.line).toBe(42);
  });

  it('gives HKR the context a caller names for a plain section', () => {
    const p = plan('tools.inf', { kind: 'section', section: 'DefaultInstall', context: { kind: 'service', serviceName: 'LabTool' } });
    expect(regSet(p, 'Ignored').key).toBe(`${CCS}\\Services\\LabTool`);
  });

  it('writes HKLM/HKCU lines to the key they name', () => {
    const p = plan('labrig.inf', { kind: 'package' });
    expect(regSet(p, 'Version')).toMatchObject({ root: 'HKLM', key: 'SOFTWARE\\Lab Rig', value: { type: 'REG_SZ', data: '1.2.3.4' } });
  });
});

describe('registry values', () => {
  const p = plan('labrig.inf', { kind: 'package' });
  it.each([
    { name: 'FriendlyName', value: { type: 'REG_SZ', data: 'Lab rig' } },
    { name: 'Paths', value: { type: 'REG_MULTI_SZ', data: ['C:\\one', 'C:\\two'] } },
    { name: 'Expand', value: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\labrig' } },
    { name: 'Count', value: { type: 'REG_DWORD', data: 42 } },
    { name: 'Bytes', value: { type: 'REG_DWORD', data: 0x201 } },
    { name: 'Blob', value: { type: 'REG_BINARY', data: Uint8Array.from([0xde, 0xad, 0xbe, 0xef]) } },
    { name: 'Nothing', value: { type: 'REG_NONE', data: new Uint8Array() } },
  ])('$name is $value.type', ({ name, value }) => {
    expect(regSet(p, name).value).toEqual(value);
  });

  it('marks no-clobber, append and key-only writes', () => {
    expect(regSet(p, 'Keep').noClobber).toBe(true);
    const paths = ofType(p, 'reg-set').filter((o) => o.name === 'Paths');
    expect(paths.map((o) => o.append)).toEqual([false, true]);
    const keyOnly = ofType(p, 'reg-set').find((o) => o.keyOnly);
    expect(keyOnly?.key).toBe(`${CCS}\\Control\\Class\\${CLASS}\\0000\\Sub\\Key`);
  });

  it('turns DelReg lines into value and key deletes, and BitReg into a bit operation', () => {
    expect(ofType(p, 'reg-delete-value')[0]).toMatchObject({ name: 'Obsolete', key: `${CCS}\\Control\\Class\\${CLASS}\\0000` });
    expect(ofType(p, 'reg-delete-key')[0]?.key).toBe(`${CCS}\\Control\\Class\\${CLASS}\\0000\\Old\\Sub`);
    expect(ofType(p, 'reg-bit')[0]).toMatchObject({ name: 'Options', set: true, mask: 0x80, byte: 0 });
  });

  it('runs DelReg before AddReg, as SetupAPI does', () => {
    const names = p.operations.map((o) => o.op);
    expect(names.indexOf('reg-delete-value')).toBeLessThan(names.indexOf('reg-bit'));
    const firstDriverSet = p.operations.findIndex((o) => o.op === 'reg-set' && o.name === 'FriendlyName');
    expect(names.indexOf('reg-delete-key')).toBeLessThan(firstDriverSet);
  });

  it.each([
    { flags: 0x00010001, data: ['0x10'], value: { type: 'REG_DWORD', data: 16 } },
    { flags: 0x00010001, data: ['-1'], value: { type: 'REG_DWORD', data: 0xffffffff } },
    { flags: 0x00010001, data: ['010'], value: { type: 'REG_DWORD', data: 8 } },
    { flags: 0x00010001, data: ['12abc'], value: { type: 'REG_DWORD', data: 12 } },
    // No data field: SetupAPI takes the binary path and writes a zero-length REG_DWORD.
    { flags: 0x00010001, data: [], value: { type: 'REG_DWORD', data: new Uint8Array() } },
    { flags: 0x00000000, data: [], value: { type: 'REG_SZ', data: '' } },
    { flags: 0x00070000, data: ['a', 'b'], value: { type: 'REG_MULTI_SZ', data: ['a', 'b'] } },
    { flags: 0x000b0001, data: ['01', '00', '00', '00', '00', '00', '00', '00'], value: { type: 'REG_QWORD', data: 1 } },
    { flags: 0x000b0001, data: ['01', '00', '00', '00', '00', '00', '00', '80'], value: { type: 'REG_QWORD', data: 0x8000000000000001n } },
    { flags: 0x00020001, data: ['ff'], value: { type: 'REG_NONE', data: Uint8Array.from([0xff]) } },
  ])('flags $flags with $data is $value.type', ({ flags, data, value }) => {
    expect(addRegValue(flags, data)).toEqual(value);
  });

  it('names a type with no REG_* name so that the backends can write it back', () => {
    const value = addRegValue(0x00100001, ['01', '02']);
    expect(value).toEqual({ type: 'REG_TYPE_16', data: Uint8Array.from([1, 2]) });
    const encoded = encodeValue(value as RegistryValue);
    expect(encoded.type).toBe(16);
    expect([...encoded.data]).toEqual([1, 2]);
  });

  it('resolves DIRIDs in values even when the document was parsed without a DIRID table', () => {
    const p = planText(
      `${VERSION}[DefaultInstall]\nAddReg=R\n[R]\nHKLM,SOFTWARE\\X,Path,0x20000,"%12%\\x.sys"\nHKLM,SOFTWARE\\X,Literal,,"%%11%%"\n`,
      {
        machine: { systemRoot: 'E:\\Win' },
      },
    );
    expect(regSet(p, 'Path').value).toEqual({ type: 'REG_EXPAND_SZ', data: 'E:\\Win\\system32\\drivers\\x.sys' });
    expect(regSet(p, 'Literal').value).toEqual({ type: 'REG_SZ', data: '%11%' });
  });

  it('reports binary data that is not hex bytes and skips the line', () => {
    expect(typeof addRegValue(0x1, ['zz'])).toBe('string');
    const p2 = planText(`${VERSION}[DefaultInstall]\nAddReg=R\n[R]\nHKLM,SOFTWARE\\X,B,1,01,1ff\n`);
    expect(ofType(p2, 'reg-set')).toHaveLength(0);
    expect(p2.notes.find((n) => n.code === 'PLAN_BAD_REG_DATA')?.source?.line).toBe(6);
  });
});

describe('files', () => {
  it.each([
    {
      target: amd64,
      file: 'labrig.sys',
      to: 'C:\\Windows\\system32\\drivers\\labrig.sys',
      dirid: 12,
      from: 'amd64\\labrig.sys',
    },
    {
      target: amd64,
      file: 'labtool.exe',
      to: 'C:\\Program Files\\LabRig\\bin\\labtool.exe',
      dirid: 16422,
      from: 'amd64\\tools\\labtool.exe',
    },
    {
      target: amd64,
      file: 'labrig.dat',
      to: 'C:\\Windows\\system32\\DriverStore\\FileRepository\\labrig.inf_amd64_0000000000000000\\labrig.dat',
      dirid: 13,
      from: 'amd64\\labrig.dat',
    },
    { target: x86, file: 'labrig.sys', to: 'C:\\Windows\\system32\\drivers\\labrig.sys', dirid: 12, from: 'x86\\labrig.sys' },
  ])('$target.arch: $file goes to $to', ({ target, file, to, dirid, from }) => {
    const copy = ofType(plan('labrig.inf', { kind: 'package', target }), 'file-copy').find((o) => o.sourceFile === file);
    expect(copy).toMatchObject({ target: to, dirid, sourcePath: from });
    expect(copy?.sourceDisk).toEqual({ id: '1', description: 'Lab Rig Disk', path: target.arch === 'x86' ? '\\x86' : '\\amd64' });
  });

  it('resolves DIRIDs against the system root the caller gives', () => {
    const p = plan('labrig.inf', { kind: 'package', machine: { systemRoot: 'D:\\WINNT\\' } });
    expect(ofType(p, 'file-copy')[0]?.target).toBe('D:\\WINNT\\system32\\drivers\\labrig.sys');
    expect(ofType(p, 'service-add')[0]?.binary).toBe('D:\\WINNT\\system32\\drivers\\labrig.sys');
  });

  it('deletes, then renames, then copies', () => {
    const p = plan('tools.inf', { kind: 'section', section: 'DefaultInstall' });
    const files = p.operations.filter((o) => o.op.startsWith('file-'));
    expect(files).toEqual([
      expect.objectContaining({ op: 'file-delete', target: 'C:\\Windows\\system32\\labtool-old.dll' }),
      expect.objectContaining({ op: 'file-rename', from: 'C:\\Windows\\LabRig\\old.ini', to: 'C:\\Windows\\LabRig\\new.ini' }),
      expect.objectContaining({ op: 'file-copy', target: 'C:\\Windows\\system32\\labtool.dll', sourceDisk: null }),
    ]);
  });

  it('copies a file without a DestinationDirs entry to System32', () => {
    const p = planText(`${VERSION}[DefaultInstall]\nCopyFiles=F\n[F]\na.dll\n`);
    expect(ofType(p, 'file-copy')[0]).toMatchObject({ target: 'C:\\Windows\\system32\\a.dll', dirid: 11 });
  });

  it('warns about a file missing from SourceDisksFiles', () => {
    const p = planText(`${VERSION}[DefaultInstall]\nCopyFiles=F\n[F]\na.dll\n[SourceDisksNames]\n1=d\n[SourceDisksFiles]\nb.dll=1\n`);
    expect(p.notes.find((n) => n.code === 'PLAN_NO_SOURCE_DISK')?.message).toContain('a.dll');
  });
});

describe('services, classes, interfaces and reboots', () => {
  it('adds services, then deletes services, with the service section read', () => {
    const p = plan('labrig.inf', { kind: 'package' });
    const services = p.operations.filter((o) => o.op === 'service-delete' || o.op === 'service-add');
    expect(services.map((o) => `${o.op} ${o.name}`)).toEqual(['service-add LabRig', 'service-delete OldRig']);
    expect(ofType(p, 'service-add')[0]).toMatchObject({
      displayName: 'Lab rig driver',
      serviceType: 1,
      startType: 3,
      errorControl: 1,
      flags: 2,
    });
  });

  it('reports a service section that lacks a mandatory line', () => {
    const p = planText(`${VERSION}[DefaultInstall]\n[DefaultInstall.Services]\nAddService=S,,SS\n[SS]\nServiceType=1\n`);
    expect(ofType(p, 'service-add')).toHaveLength(0);
    expect(p.notes.find((n) => n.code === 'PLAN_BAD_SERVICE_SECTION')?.message).toContain('ERROR_BAD_SERVICE_INSTALLSECT');
  });

  it('creates the setup class first, named from [Version]', () => {
    const p = plan('labrig.inf', { kind: 'class' });
    expect(p.operations[0]).toMatchObject({ op: 'class-create', classGuid: CLASS, className: 'LabRig' });
    expect(p.operations[1]).toMatchObject({
      op: 'reg-set',
      key: `${CCS}\\Control\\Class\\${CLASS}`,
      name: 'Class',
      value: { type: 'REG_SZ', data: 'LabRig' },
    });
    expect(regSet(p, '').value).toEqual({ type: 'REG_SZ', data: 'Lab rigs' });
    expect(p.operations.every((o) => o.source.file.endsWith('labrig.inf'))).toBe(true);
  });

  it('creates each interface class of [InterfaceInstall32], and reports a bad GUID', () => {
    const p = plan('interfaces.inf', { kind: 'interfaces' });
    expect(ofType(p, 'interface-class-create').map((o) => [o.interfaceGuid, o.section])).toEqual([
      [PORT, 'Port.Install.NTamd64'],
      ['{A1B2C3D4-0001-0002-0003-000000000005}', ''],
    ]);
    expect(p.notes.find((n) => n.code === 'PLAN_BAD_GUID')?.source?.line).toBe(11);
  });

  it('plans only the interface class asked for', () => {
    const p = plan('interfaces.inf', { kind: 'interfaces', interfaceGuid: 'a1b2c3d4-0001-0002-0003-000000000005' });
    expect(ofType(p, 'interface-class-create').map((o) => o.interfaceGuid)).toEqual(['{A1B2C3D4-0001-0002-0003-000000000005}']);
  });

  it('adds the interfaces of DDInstall.Interfaces', () => {
    const p = plan('labrig.inf', { kind: 'package' });
    expect(ofType(p, 'interface-add').map((o) => [o.interfaceGuid, o.referenceString])).toEqual([
      [PORT, 'Port1'],
      ['{A1B2C3D4-0001-0002-0003-000000000005}', ''],
    ]);
  });

  it.each([
    { what: 'a Reboot directive', match: (o: Operation) => o.op === 'reboot' && o.reason === 'Reboot directive' },
    {
      what: 'COPYFLG_REPLACE_BOOT_FILE',
      match: (o: Operation) => o.op === 'reboot' && (o.reason ?? '').includes('COPYFLG_REPLACE_BOOT_FILE'),
    },
  ])('asks for a reboot for $what', ({ match }) => {
    const p = plan('labrig.inf', { kind: 'package' });
    expect(p.operations.some(match)).toBe(true);
    expect(p.rebootRequired).toBe(true);
  });

  it('needs no reboot when nothing asks for one', () => {
    expect(plan('tools.inf', { kind: 'section', section: 'DefaultInstall' }).rebootRequired).toBe(false);
  });
});

describe('Include and Needs', () => {
  const searchPaths = [path.join(fixtures, 'search')];

  it('finds an included INF on a search path, whatever the case of its name, and runs its Needs section first', () => {
    const p = plan('tools.inf', { kind: 'section', section: 'DefaultInstall', searchPaths });
    expect(p.includes).toEqual([
      { name: 'labcommon.inf', path: path.join(fixtures, 'search', 'LabCommon.INF') },
      { name: 'notthere.inf', path: null },
    ]);
    const names = ofType(p, 'reg-set').map((o) => o.name);
    expect(names).toEqual(['Inner', 'Shared', 'Installed']);
    expect(ofType(p, 'reg-set')[0]?.source.file).toBe(path.join(fixtures, 'search', 'LabCommon.INF'));
  });

  it.each([
    { searchPaths: [] as string[], missing: 'labcommon.inf' },
    { searchPaths, missing: 'notthere.inf' },
  ])('says which included INF it could not find ($missing)', ({ searchPaths: paths, missing }) => {
    const p = plan('tools.inf', { kind: 'section', section: 'DefaultInstall', searchPaths: paths });
    const note = p.notes.find((n) => n.code === 'PLAN_INCLUDE_NOT_FOUND' && n.message.includes(missing));
    expect(note?.message).toContain(`could not find included INF ${missing}`);
    expect(p.notes.some((n) => n.code === 'PLAN_NEEDS_NOT_FOUND' && n.message.includes('Missing.Install'))).toBe(true);
  });

  it('takes a Needs that names its own section from the included INF (the machine.inf NO_DRV pattern)', () => {
    const text = `${VERSION}[DefaultInstall]\nNeeds=NullDriver\n[NullDriver]\nInclude=labcommon.inf\nNeeds=NullDriver\n`;
    const p = planText(text, { searchPaths });
    expect(ofType(p, 'reg-set').map((o) => o.name)).toEqual(['FromCommon']);
    expect(p.notes.filter((n) => n.severity !== 'info')).toEqual([]);
    const missing = planText(text);
    expect(missing.notes.find((n) => n.code === 'PLAN_NEEDS_NOT_FOUND')?.message).toContain('it may be in labcommon.inf');
  });

  it('runs a section that two Needs reach only once', () => {
    const p = planText(`${VERSION}[DefaultInstall]\nNeeds=B,C\n[B]\nNeeds=D\n[C]\nNeeds=D\n[D]\nAddReg=R\n[R]\nHKLM,SOFTWARE\\X,V,,1\n`);
    expect(ofType(p, 'reg-set')).toHaveLength(1);
  });

  it('cuts a Needs chain thousands of sections deep, with a note, without overflowing the stack', () => {
    const n = 5000;
    const sections = Array.from({ length: n }, (_, i) => `[S${i}]\nNeeds=S${i + 1}\nAddReg=R\n`).join('');
    const p = planText(`${VERSION}[DefaultInstall]\nNeeds=S0\n${sections}[S${n}]\n[R]\nHKLM,SOFTWARE\\X,V,,1\n`);
    expect(p.notes.some((n) => n.code === 'PLAN_NEEDS_TOO_DEEP')).toBe(true);
    expect(ofType(p, 'reg-set').length).toBeLessThan(20);
  });

  it('cuts a Needs cycle and says so', () => {
    const p = planText(`${VERSION}[DefaultInstall]\nNeeds=A\nAddReg=R\n[A]\nNeeds=B\n[B]\nNeeds=a\n[R]\nHKLM,SOFTWARE\\X,V,,1\n`);
    expect(p.notes.find((n) => n.code === 'PLAN_NEEDS_CYCLE')?.message).toContain('[A]');
    expect(ofType(p, 'reg-set')).toHaveLength(1);
  });
});

describe('safety', () => {
  it.each([
    { what: 'a file name that climbs out of its directory', body: 'CopyFiles=F\n[F]\n..\\..\\evil.dll\n' },
    { what: 'an @file that climbs out', body: 'CopyFiles=@..\\evil.dll\n' },
    { what: 'an absolute destination outside the allowed roots', body: 'CopyFiles=F\n[DestinationDirs]\nF=-1,D:\\tools\n[F]\na.dll\n' },
    { what: 'the root of the system drive', body: 'CopyFiles=F\n[DestinationDirs]\nF=24\n[F]\na.dll\n' },
    {
      what: 'a subdirectory that climbs out of the Windows directory',
      body: 'CopyFiles=F\n[DestinationDirs]\nF=10,..\\..\\Temp\n[F]\na.dll\n',
    },
    { what: 'HKLM\\SAM', body: 'AddReg=R\n[R]\nHKLM,SAM\\Domains,V,,1\n' },
    { what: 'deleting all of HKCU', body: 'DelReg=R\n[R]\nHKCU,\n' },
    { what: 'deleting HKLM\\SOFTWARE', body: 'DelReg=R\n[R]\nHKLM,SOFTWARE\n' },
  ])('refuses $what with E_UNSAFE', ({ body }) => {
    const error = thrown(() => planText(`${VERSION}[DefaultInstall]\n${body}`));
    expect(error.code).toBe('E_UNSAFE');
    expect(error.file).toBe('inline.inf');
    expect(error.line).toBeGreaterThan(0);
  });

  it.each([
    { what: 'HKCU software keys', body: 'AddReg=R\n[R]\nHKCU,Software\\Lab,V,,1\n' },
    { what: 'Program Files', body: 'CopyFiles=F\n[DestinationDirs]\nF=16422,Lab\\bin\n[F]\nsub\\a.dll\n' },
  ])('allows $what', ({ body }) => {
    expect(planText(`${VERSION}[DefaultInstall]\n${body}`).operations.length).toBe(1);
  });
});

describe('errors are coded', () => {
  it.each([
    { what: 'a missing file', run: () => buildPlan(fixture('nope.inf'), { kind: 'package', target: amd64 }), code: 'E_IO' },
    { what: 'a missing section', run: () => plan('tools.inf', { kind: 'section', section: 'Nope' }), code: 'E_NOT_FOUND' },
    { what: 'a section plan without a name', run: () => plan('tools.inf', { kind: 'section', section: '' }), code: 'E_USAGE' },
    { what: 'a class plan without [ClassInstall32]', run: () => plan('tools.inf', { kind: 'class' }), code: 'E_NOT_FOUND' },
    { what: 'an interface plan without [InterfaceInstall32]', run: () => plan('tools.inf', { kind: 'interfaces' }), code: 'E_NOT_FOUND' },
    {
      what: 'an interface GUID the INF does not list',
      run: () => plan('interfaces.inf', { kind: 'interfaces', interfaceGuid: '{00000000-0000-0000-0000-000000000001}' }),
      code: 'E_NOT_FOUND',
    },
    { what: 'a class without ClassGuid', run: () => planText(`${VERSION}[ClassInstall32]\n`, { kind: 'class' }), code: 'E_INF_INVALID' },
    {
      what: 'an INF SetupAPI refuses',
      run: () => planText('[Version]\nSignature="$Chicagoo$"\n[DefaultInstall]\n'),
      code: 'E_INF_REFUSED',
    },
  ])('$what: $code', ({ run, code }) => {
    expect(thrown(run).code).toBe(code);
  });
});

describe('output', () => {
  it('JSON has binary data as hex bytes and is the same from run to run', () => {
    const a = JSON.stringify(planToJson(plan('labrig.inf', { kind: 'package' })));
    const b = JSON.stringify(planToJson(plan('labrig.inf', { kind: 'package' })));
    expect(a).toBe(b);
    const json = JSON.parse(a) as { operations: Array<{ op: string; name?: string; value?: unknown }> };
    expect(json.operations.find((o) => o.name === 'Blob')?.value).toEqual({ type: 'REG_BINARY', data: 'de,ad,be,ef' });
  });

  it('text numbers the operations and names the INF line of each', () => {
    const text = formatPlan(plan('labrig.inf', { kind: 'class' }));
    expect(text).toContain('[ClassInstall32] -> [ClassInstall32.NTamd64]');
    expect(text).toMatch(
      /^ {2}1\. create setup class LabRig \{6B4E1A50-1C2D-4E3F-9A8B-7C6D5E4F3A2B\} {2}\(labrig\.inf:12 \[ClassInstall32\.NTamd64\]\)$/m,
    );
    expect(text).toMatch(
      /^ {2}4\. set HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\\{6B4E1A50-1C2D-4E3F-9A8B-7C6D5E4F3A2B\} "Icon" = REG_SZ "-5" {2}\(labrig\.inf:20 \[Class\.AddReg\]\)$/m,
    );
  });
});

describe('what SetupAPI does, with the facts of the machine', () => {
  const SYSTEM = '{4D36E97D-E325-11CE-BFC1-08002BE10318}';
  const systemClassInf = `[Version]\nSignature="$Windows NT$"\nClass=System\nClassGuid=${SYSTEM}\n[ClassInstall32]\nAddReg=C\n[C]\nHKR,,,,"mine"\n`;
  const assumed = (p: Plan) => p.notes.find((n) => n.code === 'PLAN_ASSUMED')?.message ?? '';

  it('plans no [ClassInstall32] writes for a class the machine has', () => {
    const p = plan('labrig.inf', { kind: 'class', machine: { classes: [CLASS.toLowerCase()] } });
    expect(p.operations).toEqual([expect.objectContaining({ op: 'class-skip-existing', classGuid: CLASS, className: 'LabRig' })]);
    expect(assumed(p)).not.toContain('setup classes');
    const pkg = plan('labrig.inf', { kind: 'package', machine: { classes: [CLASS] } });
    expect(ofType(pkg, 'class-skip-existing')).toHaveLength(1);
    expect(ofType(pkg, 'reg-set').some((o) => o.source.section === 'Class.AddReg')).toBe(false);
  });

  it('treats the system-defined classes as existing without a machine, and says it assumed so', () => {
    const p = planText(systemClassInf, { kind: 'class' });
    expect(p.operations.map((o) => o.op)).toEqual(['class-skip-existing']);
    expect(assumed(p)).toContain("the setup classes that exist are Windows' system-defined ones");
    // The machine's own list decides when it is given.
    expect(ofType(planText(systemClassInf, { kind: 'class', machine: { classes: [] } }), 'class-create')).toHaveLength(1);
  });

  it('creates a class the machine does not have', () => {
    const p = plan('labrig.inf', { kind: 'class', machine: { classes: [SYSTEM] } });
    expect(p.operations[0]).toMatchObject({ op: 'class-create', classGuid: CLASS });
  });

  it("takes the machine's Windows directory, and says when it assumed one", () => {
    const wine = plan('labrig.inf', { kind: 'package', machine: { systemRoot: 'C:\\windows', classes: [] } });
    expect(ofType(wine, 'file-copy')[0]?.target).toBe('C:\\windows\\system32\\drivers\\labrig.sys');
    expect(assumed(wine)).toBe('');
    expect(assumed(plan('labrig.inf', { kind: 'package' }))).toContain('the Windows directory is C:\\Windows');
  });

  it('substitutes %1% with the folder the INF is installed from', () => {
    const section = plan('effects.inf', { kind: 'section', section: 'DefaultInstall' });
    expect(regSet(section, 'Source').value).toEqual({ type: 'REG_SZ', data: `${fixtures}\\effects.inf` });
    const text = `${VERSION}[Manufacturer]\nM=M,NTamd64\n[M.NTamd64]\nD=I,ROOT\\X\n[I]\nAddReg=R\n[R]\nHKR,,Source,,"%1%"\n`;
    const pkg = planText(text, { kind: 'package' });
    expect(regSet(pkg, 'Source').value).toEqual({
      type: 'REG_SZ',
      data: 'C:\\Windows\\system32\\DriverStore\\FileRepository\\inline.inf_amd64_0000000000000000',
    });
  });

  it('fails an [InterfaceInstall32] entry whose section does not exist, as the install does', () => {
    const error = thrown(() => plan('interface-missing.inf', { kind: 'interfaces' }));
    expect(error.code).toBe('E_NOT_FOUND');
    expect(error.message).toContain('ERROR_SECTION_NOT_FOUND');
    expect(error.line).toBe(11);
    const one = plan('interface-missing.inf', { kind: 'interfaces', interfaceGuid: '{a1b2c3d4-0001-0002-0003-000000000006}' });
    expect(ofType(one, 'interface-class-create')).toHaveLength(1);
  });
});

describe('services: every AddService entry SetupAPI writes', () => {
  const p = plan('effects.inf', { kind: 'section', section: 'DefaultInstall' });
  const service = (name: string) => ofType(p, 'service-add').find((o) => o.name === name)!;

  it('writes Type, Start, ErrorControl, ImagePath, DisplayName, Group, dependencies, ObjectName and Description', () => {
    const s = service('LabEffects');
    expect(s.key).toBe(`${CCS}\\Services\\LabEffects`);
    expect(s.values).toEqual([
      { name: 'Type', value: { type: 'REG_DWORD', data: 1 } },
      { name: 'Start', value: { type: 'REG_DWORD', data: 1 } },
      { name: 'ErrorControl', value: { type: 'REG_DWORD', data: 1 } },
      { name: 'ImagePath', value: { type: 'REG_EXPAND_SZ', data: 'C:\\Windows\\system32\\drivers\\labfx.sys' } },
      { name: 'DisplayName', value: { type: 'REG_SZ', data: 'Lab effects driver' } },
      { name: 'Group', value: { type: 'REG_SZ', data: 'Extended Base' } },
      { name: 'DependOnService', value: { type: 'REG_MULTI_SZ', data: ['LabBus'] } },
      { name: 'DependOnGroup', value: { type: 'REG_MULTI_SZ', data: ['Base'] } },
      { name: 'ObjectName', value: { type: 'REG_SZ', data: '\\Driver\\LabEffects' } },
      { name: 'Description', value: { type: 'REG_SZ', data: 'Writes every AddService entry' } },
    ]);
    expect(s).toMatchObject({ security: 'D:P(A;;GA;;;SY)(A;;GA;;;BA)', tag: true, loadOrderGroup: 'Extended Base', flags: 2 });
  });

  it('runs a Win32 service as LocalSystem when it names no StartName, and gives it no Tag', () => {
    const s = service('LabEffectsUser');
    expect(s.values.find((v) => v.name === 'ObjectName')?.value).toEqual({ type: 'REG_SZ', data: 'LocalSystem' });
    expect(s.values.map((v) => v.name)).not.toContain('DisplayName');
    expect(s.tag).toBe(false);
  });

  it("runs the service-install section's DelReg and AddReg against the service key, and the event log against its source", () => {
    const parameters = `${CCS}\\Services\\LabEffects\\Parameters`;
    expect(ofType(p, 'reg-delete-value')).toContainEqual(expect.objectContaining({ key: parameters, name: 'Stale' }));
    expect(regSet(p, 'Mode').key).toBe(parameters);
    expect(regSet(p, 'TypesSupported').key).toBe(`${CCS}\\Services\\EventLog\\Application\\LabEffectsEvents`);
  });

  it('adds, then deletes (as SetupAPI orders them), and says when a section deletes a service it adds', () => {
    const order = p.operations.filter((o) => o.op === 'service-add' || o.op === 'service-delete').map((o) => `${o.op} ${o.name}`);
    expect(order).toEqual([
      'service-add LabEffects',
      'service-add LabEffectsUser',
      'service-delete LabEffects',
      'service-delete LabEffectsOld',
    ]);
    expect(p.notes.find((n) => n.code === 'PLAN_SERVICE_ADD_DELETE')?.message).toContain('LabEffects');
  });

  it('removes the event source of a DelService with SPSVCINST_DELETEEVENTLOGENTRY', () => {
    expect(ofType(p, 'reg-delete-key').map((o) => o.key)).toContain(`${CCS}\\Services\\EventLog\\System\\LabEffectsOld`);
  });

  it('shows the JSON values of a service and the text of its entries', () => {
    const json = planToJson(p) as { operations: Array<{ op: string; values?: unknown[] }> };
    expect(json.operations.find((o) => o.op === 'service-add')?.values?.[0]).toEqual({
      name: 'Type',
      value: { type: 'REG_DWORD', data: 1 },
    });
    expect(formatPlan(p)).toContain('group Extended Base, depends on +Base, LabBus, as \\Driver\\LabEffects');
  });
});

describe('registry views, DELSTRING and the undecided cases', () => {
  const amd64Plan = plan('effects.inf', { kind: 'section', section: 'DefaultInstall' });

  it.each([
    { name: 'Narrow', root: 'HKLM', key: 'SOFTWARE\\WOW6432Node\\Lab Effects' },
    { name: '', root: 'HKLM', key: 'SOFTWARE\\WOW6432Node\\Classes\\CLSID\\{6b4e1a50-1c2d-4e3f-9a8b-7c6d5e4f3a2c}' },
    { name: 'Shared', root: 'HKLM', key: 'SYSTEM\\CurrentControlSet\\Control\\Lab Effects' },
    { name: 'Native64', root: 'HKLM', key: 'SOFTWARE\\Lab Effects' },
    { name: 'Wide', root: 'HKLM', key: 'SOFTWARE\\Lab Effects' },
  ])('amd64: "$name" goes to $root\\$key', ({ name, root, key }) => {
    expect(regSet(amd64Plan, name)).toMatchObject({ root, key });
  });

  it('says which view a 32BITKEY line acts on, and deletes in that view too', () => {
    const notes = amd64Plan.notes.filter((n) => n.code === 'PLAN_REGISTRY_VIEW').map((n) => n.source?.line);
    expect(notes).toEqual([40, 30, 31, 32]);
    expect(ofType(amd64Plan, 'reg-delete-key')[0]?.key).toBe('SOFTWARE\\WOW6432Node\\Lab Effects\\Old');
  });

  it('writes the native registry on a 32-bit target', () => {
    const p = plan('effects.inf', { kind: 'section', section: 'DefaultInstall', target: x86 });
    expect(regSet(p, 'Narrow').key).toBe('SOFTWARE\\Lab Effects');
    expect(regSet(p, '')).toMatchObject({ root: 'HKCR', key: 'CLSID\\{6b4e1a50-1c2d-4e3f-9a8b-7c6d5e4f3a2c}' });
    expect(p.notes.some((n) => n.code === 'PLAN_REGISTRY_VIEW')).toBe(false);
  });

  it('refuses a 32BITKEY delete of the whole 32-bit view', () => {
    expect(thrown(() => planText(`${VERSION}[DefaultInstall]\nDelReg=R\n[R]\nHKLM,SOFTWARE,,0x4000\n`)).code).toBe('E_UNSAFE');
  });

  it('removes one string from a REG_MULTI_SZ with FLG_DELREG_MULTI_SZ_DELSTRING', () => {
    expect(ofType(amd64Plan, 'reg-delete-string')).toEqual([
      expect.objectContaining({ root: 'HKLM', key: 'SOFTWARE\\Lab Effects', name: 'Filters', string: 'labflt' }),
    ]);
    expect(formatPlan(amd64Plan)).toContain('delete string "labflt" from HKLM\\SOFTWARE\\Lab Effects "Filters"');
  });

  it('ignores an AddReg line with 0x8000 (FLG_ADDREG_DELREG_BIT), with a note', () => {
    expect(ofType(amd64Plan, 'reg-set').some((o) => o.name === 'Ignored')).toBe(false);
    expect(amd64Plan.notes.find((n) => n.code === 'PLAN_ADDREG_DELREG_BIT')?.source?.line).toBe(36);
  });

  it('reads binary bytes written as 0x01 as hex bytes', () => {
    expect(regSet(amd64Plan, 'Bytes').value).toEqual({ type: 'REG_BINARY', data: Uint8Array.from([1, 2]) });
  });

  it('plans an append to a REG_MULTI_SZ as an append, and an append flag on another type as a plain write', () => {
    const p = planText(`${VERSION}[DefaultInstall]\nAddReg=R\n[R]\nHKLM,SOFTWARE\\X,Filters,0x10008,a\nHKLM,SOFTWARE\\X,Name,0x8,b\n`);
    expect(regSet(p, 'Filters')).toMatchObject({ append: true, value: { type: 'REG_MULTI_SZ', data: ['a'] } });
    expect(regSet(p, 'Name')).toMatchObject({ append: false, value: { type: 'REG_SZ', data: 'b' } });
    expect(p.notes.find((n) => n.code === 'PLAN_APPEND_NOT_MULTI_SZ')?.source?.line).toBe(7);
  });
});
