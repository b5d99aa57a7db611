// The registry family's model and mode-dependent logic: value types from AddReg flags, what HKR
// means in each section, /h's exception list against /w, and values two sections set differently.
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { validateDocument } from '../../lib/rules/index.js';
import {
  REG_BINARY,
  REG_DWORD,
  REG_EXPAND_SZ,
  REG_MULTI_SZ,
  REG_NONE,
  REG_QWORD,
  REG_SZ,
  registrySectionUses,
  valueTypeOf,
} from '../../lib/rules/registry.js';
import { isHlkException } from '../../lib/rules/isolation.js';
import type { ValidationMode } from '../../lib/rules/types.js';

const HEAD =
  '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\n\n';
const TAIL = '\n[Strings]\nMfg = "Contoso"\nDev = "Sample"\n';

const doc = (body: string) => parseInfSync(Buffer.from(HEAD + body + TAIL), { file: 'test.inf' });

/** `line` of each finding of `code`. */
function lines(body: string, code: string, mode: ValidationMode = 'default', arch?: string | string[]): number[] {
  return validateDocument(doc(body), { mode, ...(arch ? { arch } : {}) })
    .filter((d) => d.code === code)
    .map((d) => d.line);
}

/** The 1-based line of the first line of HEAD + body that contains `text`. */
function lineOf(body: string, text: string): number {
  return (HEAD + body).split('\n').findIndex((l) => l.includes(text)) + 1;
}

describe('valueTypeOf: the registry type AddReg flags give', () => {
  it.each([
    [0x00000000, REG_SZ],
    [0x00000002, REG_SZ],
    [0x00010000, REG_MULTI_SZ],
    [0x00010008, REG_MULTI_SZ],
    [0x00020000, REG_EXPAND_SZ],
    [0x00000001, REG_BINARY],
    [0x00010001, REG_DWORD],
    [0x00020001, REG_NONE],
    [0x000b0001, REG_QWORD],
    [0x00380001, 0x38],
  ])('flags 0x%s → type %s', (flags, type) => {
    expect(valueTypeOf(flags)).toBe(type);
  });

  it('a custom type without FLG_ADDREG_BINVALUETYPE has no type (INF1264)', () => {
    expect(valueTypeOf(0x00040000)).toBeUndefined();
  });
});

describe('registrySectionUses: what HKR means for each registry section', () => {
  const body =
    '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Dev% = Install, Root\\Sample\n\n' +
    '[Install.NTamd64]\nAddReg = Soft_Reg\nNeeds = Shared\n\n[Shared]\nAddReg = Shared_Reg\n\n' +
    '[Install.NTamd64.HW]\nAddReg = Hw_Reg\n\n' +
    '[Install.NTamd64.Services]\nAddService = Sample,2,Svc,Log\n\n[Svc]\nServiceType = 1\nAddReg = Svc_Reg\n\n[Log]\nAddReg = Log_Reg\n\n' +
    '[Install.NTamd64.Interfaces]\nAddInterface = {cac88484-7515-4c03-82e6-71a87abac361},,Iface\n\n[Iface]\nAddReg = Iface_Reg\n\n' +
    '[InterfaceInstall32]\n{cac88484-7515-4c03-82e6-71a87abac361} = IfaceClass\n\n[IfaceClass]\nAddReg = IfaceClass_Reg\n\n' +
    '[ClassInstall32]\nAddReg = Class_Reg\n\n[DefaultInstall]\nAddReg = Default_Reg\n\n[Orphan]\nAddReg = Orphan_Reg\n\n' +
    ['Soft', 'Shared', 'Hw', 'Svc', 'Log', 'Iface', 'IfaceClass', 'Class', 'Default', 'Orphan']
      .map((n) => `[${n}_Reg]\nHKR,,V,,"x"\n`)
      .join('\n');

  it('gives each section the context of the section that installs it, Needs included', () => {
    const contexts = Object.fromEntries(
      registrySectionUses(doc(body)).map((u) => [
        u.section.name,
        u.origins.map((o) => `${o.context}${o.service ? `:${o.service}` : ''}`).join(','),
      ]),
    );
    expect(contexts).toEqual({
      Soft_Reg: 'software',
      Shared_Reg: 'software',
      Hw_Reg: 'hardware',
      Svc_Reg: 'service:Sample',
      Log_Reg: 'eventlog:Sample',
      Iface_Reg: 'interface',
      IfaceClass_Reg: 'interfaceClass',
      Class_Reg: 'class',
      Default_Reg: 'defaultInstall',
      Orphan_Reg: '',
    });
  });

  it('with an architecture, counts only the DDInstall variant SetupAPI picks there', () => {
    const two =
      '[Manufacturer]\n%Mfg% = Models,NTx86,NTamd64\n\n[Models.NTx86]\n%Dev% = Install, Root\\Sample\n\n[Models.NTamd64]\n%Dev% = Install, Root\\Sample\n\n' +
      '[Install.NTx86]\nAddReg = X86_Reg\n\n[Install.NTamd64]\nAddReg = Amd64_Reg\n\n[X86_Reg]\nHKR,,V,,"x"\n\n[Amd64_Reg]\nHKR,,V,,"y"\n';
    const installedOn = (arch: string) =>
      registrySectionUses(doc(two), arch)
        .filter((u) => u.origins.length)
        .map((u) => u.section.name);
    expect(installedOn('amd64')).toEqual(['Amd64_Reg']);
    expect(installedOn('x86')).toEqual(['X86_Reg']);
  });
});

describe('isolation: /w reports every global write, /h lets its listed exceptions pass', () => {
  const body = (entry: string) =>
    '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Dev% = Install, Root\\Sample\n\n[Install.NTamd64]\nAddReg = Reg\n\n[Reg]\n' +
    entry +
    '\n';

  it('the exception list matches whole key names, case-insensitively', () => {
    expect(isHlkException('HKLM', 'system\\currentcontrolset\\control\\x')).toBe(true);
    expect(isHlkException('HKLM', 'SOFTWARE\\Classes')).toBe(true);
    expect(isHlkException('HKLM', 'SOFTWARE\\ClassesX\\y')).toBe(false);
    expect(isHlkException('HKLM', 'SOFTWARE\\Contoso')).toBe(false);
    expect(isHlkException('HKCR', 'CLSID\\{x}')).toBe(true);
    expect(isHlkException('HKCU', 'SYSTEM\\CurrentControlSet')).toBe(false);
  });

  it('HKLM\\SYSTEM\\CurrentControlSet: INF1321 under /w, nothing under /h', () => {
    const b = body('HKLM,SYSTEM\\CurrentControlSet\\Control\\Sample,Mode,0x00010001,1');
    expect(lines(b, 'INF1321', 'windowsDriver')).toEqual([lineOf(b, 'HKLM,')]);
    expect(lines(b, 'INF1321', 'hlk')).toEqual([]);
    expect(lines(b, 'INF1321', 'default')).toEqual([]);
  });

  it('HKLM\\SOFTWARE\\Contoso: reported under both /w and /h', () => {
    const b = body('HKLM,SOFTWARE\\Contoso,Mode,0x00010001,1');
    expect(lines(b, 'INF1321', 'windowsDriver')).toHaveLength(1);
    expect(lines(b, 'INF1321', 'hlk')).toHaveLength(1);
  });

  it('HKCR: INF2660 (not 1320/1321) under /w, nothing under /h', () => {
    const b = body('HKCR,.sample,,0,"Contoso.Sample"');
    expect(lines(b, 'INF2660', 'windowsDriver')).toHaveLength(1);
    expect(lines(b, 'INF1321', 'windowsDriver')).toEqual([]);
    expect(lines(b, 'INF2660', 'hlk')).toEqual([]);
    expect(lines(b, 'INF1321', 'hlk')).toEqual([]);
  });

  it('HKR in a DDInstall section is not service state: no INF1323 for a subkey other than Parameters', () => {
    expect(lines(body('HKR,Settings,Mode,0x00010001,1'), 'INF1323', 'windowsDriver')).toEqual([]);
  });
});

describe('INF1331: one value set differently by two install sections', () => {
  const models = (decorations: string, lines: string) => `[Manufacturer]\n%Mfg% = Models${decorations}\n\n${lines}\n`;

  it('two DDInstall sections of one architecture conflict on a global value', () => {
    const b =
      models(',NTamd64', '[Models.NTamd64]\n%Dev% = A, Root\\A\n%Dev% = B, Root\\B\n') +
      '[A.NTamd64]\nAddReg = A_Reg\n\n[B.NTamd64]\nAddReg = B_Reg\n\n[A_Reg]\nHKLM,Software\\Contoso,Mode,0x00010001,1\n\n[B_Reg]\nHKLM,Software\\Contoso,Mode,0x00010001,2\n';
    expect(lines(b, 'INF1331', 'universal')).toEqual([lineOf(b, 'Mode,0x00010001,2')]);
  });

  it('the x86 and amd64 variants of one DDInstall never install together', () => {
    const b =
      models(',NTx86,NTamd64', '[Models.NTx86]\n%Dev% = A, Root\\A\n\n[Models.NTamd64]\n%Dev% = A, Root\\A\n') +
      '[A.NTx86]\nAddReg = X86_Reg\n\n[A.NTamd64]\nAddReg = Amd64_Reg\n\n[X86_Reg]\nHKLM,Software\\Contoso,Path,,"x86"\n\n[Amd64_Reg]\nHKLM,Software\\Contoso,Path,,"amd64"\n';
    expect(lines(b, 'INF1331', 'universal')).toEqual([]);
  });

  it('HKR in DDInstall is per device, and equal data (1 and 0x1) is no conflict', () => {
    const b =
      models(',NTamd64', '[Models.NTamd64]\n%Dev% = A, Root\\A\n%Dev% = B, Root\\B\n') +
      '[A.NTamd64]\nAddReg = A_Reg\n\n[B.NTamd64]\nAddReg = B_Reg\n\n[A_Reg]\nHKR,,Mode,0x00010001,1\nHKLM,Software\\Contoso,Same,0x00010001,1\n\n[B_Reg]\nHKR,,Mode,0x00010001,2\nHKLM,Software\\Contoso,Same,0x00010001,0x1\n';
    expect(lines(b, 'INF1331', 'universal')).toEqual([]);
  });
});

describe('INF1431: well-known values where they have their meaning', () => {
  const b = (section: string) =>
    '[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Dev% = A, Root\\A\n\n[A.NTamd64]\nCopyFiles = F\n\n' +
    `[${section}]\nAddReg = Reg\n\n[Reg]\nHKR,,DeviceType,1,01\n`;

  it("a binary DeviceType in the software key (a modem INF's own value) is not reported", () => {
    expect(lines(b('A.NTamd64'), 'INF1431')).toEqual([]);
  });

  it('the same value in the hardware key is', () => {
    expect(lines(b('A.NTamd64.HW'), 'INF1431')).toHaveLength(1);
  });
});
