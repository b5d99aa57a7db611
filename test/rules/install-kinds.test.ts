// Kinds of INF and legacy constructs: the parts of their rules a fixture per code does not pin down.
import { describe, expect, it } from 'vitest';
import { parseInfSync } from '../../lib/inf/index.js';
import { validateDocument } from '../../lib/rules/index.js';
import { defaultSections } from '../../lib/rules/primitive.js';
import type { ValidationMode } from '../../lib/rules/types.js';

const VERSION =
  '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\nPnpLockdown = 1\n\n';
const STRINGS = '\n[Strings]\nMfg = "Contoso"\n';

function doc(text: string, file = 'test.inf') {
  return parseInfSync(Buffer.from(text, 'latin1'), { file });
}

/** `line code severity` of the findings with one of `codes`. */
function found(text: string, codes: string[], mode: ValidationMode = 'default', file?: string): string[] {
  return validateDocument(doc(text, file), { mode })
    .filter((d) => codes.includes(d.code))
    .map((d) => `${d.line} ${d.code} ${d.severity}`);
}

describe('[DefaultInstall] and [DefaultUninstall] names', () => {
  it('reads decorations, OS versions, stampinf tokens and .Services suffixes, and nothing else', () => {
    const text = [
      '[DefaultInstall]',
      '[DefaultInstall.Services]',
      '[DefaultInstall.NT]',
      '[DefaultInstall.NTamd64.10.0...25952.Services]',
      '[defaultinstall.nt$ARCH$]',
      '[DefaultUninstall.NTarm64]',
      '[DefaultInstall_Files]',
      '[DefaultInstall.Contoso]',
    ].join('\nx=1\n');
    const read = defaultSections(doc(text)).map((d) => `${d.section.name}:${d.kind}:${d.decoration?.arch ?? '-'}:${d.suffix ?? '-'}`);
    expect(read).toEqual([
      'DefaultInstall:install:-:-',
      'DefaultInstall.Services:install:-:services',
      'DefaultInstall.NT:install:-:-',
      'DefaultInstall.NTamd64.10.0...25952.Services:install:amd64:services',
      'defaultinstall.nt$ARCH$:install:$ARCH$:-',
      'DefaultUninstall.NTarm64:uninstall:arm64:-',
    ]);
  });

  it('1421 points at the install sections only, not at their .Services sections; NT$ARCH$ counts as decorated', () => {
    const text = `${VERSION}[DefaultInstall]\nCopyFiles = F\n\n[DefaultInstall.Services]\nAddService = S,,S_Inst\n\n[DefaultInstall.NT$ARCH$.10.0...25952]\nCopyFiles = F\n${STRINGS}`;
    expect(found(text, ['INF1421'])).toEqual(['8 INF1421 warning']);
    expect(found(text, ['INF1421'], 'universal')).toEqual(['8 INF1421 error']);
  });

  it('1420 and 1423 are about the whole file and only for INFs without [Manufacturer]', () => {
    const primitive = `${VERSION}[DefaultInstall]\nCopyFiles = F\n${STRINGS}`;
    expect(found(primitive, ['INF1420', 'INF1423'], 'universal')).toEqual(['0 INF1420 error', '0 INF1423 error']);
    const device = `${VERSION}[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Mfg% = I, Root\\X\n\n[DefaultInstall]\nCopyFiles = F\n${STRINGS}`;
    expect(found(device, ['INF1420', 'INF1423', 'INF1212', 'INF1421'], 'universal')).toEqual(['14 INF1212 error', '14 INF1421 error']);
  });

  it("1422 accepts LegacyUninstall = 1 in the uninstall section's .Services section (as Microsoft's avscan sample has it)", () => {
    const base = `${VERSION}[DefaultInstall.NTamd64]\nCopyFiles = F\n\n[DefaultUninstall.NTamd64]\nDelFiles = F\n\n[DefaultUninstall.NTamd64.Services]\n`;
    expect(found(`${base}LegacyUninstall = 1\nDelService = S\n${STRINGS}`, ['INF1422', 'INF1420'], 'universal')).toEqual([]);
    expect(found(`${base}DelService = S\n${STRINGS}`, ['INF1422', 'INF1420'], 'universal')).toEqual([
      '0 INF1420 error',
      '11 INF1422 error',
    ]);
  });
});

describe('classes', () => {
  it('1280 when the GUID is well-known (even when the name is too), 1281 only when the GUID is not', () => {
    const v = (cls: string, guid: string) => `[Version]\nSignature = "$Windows NT$"\nClass = ${cls}\nClassGuid = ${guid}\n`;
    expect(found(v('Net', '{4d36e97d-e325-11ce-bfc1-08002be10318}'), ['INF1280', 'INF1281'])).toEqual(['3 INF1280 error']);
    expect(found(v('net', '{4D36E972-E325-11CE-BFC1-08002BE10318}'), ['INF1280', 'INF1281'])).toEqual([]);
    expect(found(v('Net', '{11111111-2222-3333-4444-555555555555}'), ['INF1280', 'INF1281'])).toEqual(['4 INF1281 error']);
    expect(found(v('Contoso', '{11111111-2222-3333-4444-555555555555}'), ['INF1280', 'INF1281'])).toEqual([]);
  });

  it("1285 is an error for a system class and for Sample; INF9501 only for the INF's own class", () => {
    const ci = '\n[ClassInstall32]\nAddReg = C\n\n[C]\nHKR,,,,"x"\n';
    expect(found(`[Version]\nSignature = "$Windows NT$"\nClass = Net\n${ci}`, ['INF1285', 'INF9501'])).toEqual(['5 INF1285 error']);
    expect(found(`[Version]\nSignature = "$Windows NT$"\nClass = Sample\n${ci}`, ['INF1285', 'INF9501'], 'windowsDriver')).toEqual([
      '5 INF1285 error',
    ]);
    expect(found(`[Version]\nSignature = "$Windows NT$"\nClass = Contoso\n${ci}`, ['INF1285', 'INF9501'])).toEqual(['5 INF9501 warning']);
  });
});

describe('co-installers and legacy operations', () => {
  const install = (body: string, extra = '') =>
    `${VERSION}[Manufacturer]\n%Mfg% = Models,NTamd64\n\n[Models.NTamd64]\n%Mfg% = I, Root\\X\n\n[I.NT]\n${body}\n${extra}${STRINGS}`;

  it('1303 skips the KMDF co-installer, alone or as stampinf writes it, but not a co-installer next to it', () => {
    const co = (data: string) => install('', `[I.NT.CoInstallers]\nAddReg = Co\n\n[Co]\nHKR,,CoInstallers32,0x00010000,${data}\n\n`);
    expect(found(co('"WdfCoInstaller01011.dll,WdfCoInstaller"'), ['INF1303'])).toEqual([]);
    expect(found(co('"wdfcoinstaller$KMDFCOINSTALLERVERSION$.dll,WdfCoInstaller"'), ['INF1303'])).toEqual([]);
    expect(found(co('"WdfCoInstaller01011.dll,WdfCoInstaller","Contoso.dll,Entry"'), ['INF1303'], 'universal')).toEqual([
      '20 INF1303 error',
    ]);
  });

  it('a DelReg that removes one multi-sz string is 1305, not also 1309', () => {
    const text = install('DelReg = D', '[D]\nHKR,,UpperFilters,0x00018002,Old\nHKR,,Gone\n\n');
    expect(found(text, ['INF1305', 'INF1309'], 'universal')).toEqual(['17 INF1305 error', '18 INF1309 error']);
  });

  it('uninstall sections are not checked for removals: [DefaultUninstall.*] and LegacyUninstall = 1 sections', () => {
    const text = `${VERSION}[DefaultInstall.NTamd64]\nCopyFiles = F\n\n[DefaultUninstall.NTamd64]\nLegacyUninstall = 1\nDelFiles = F\n\n[DefaultUninstall.NTamd64.Services]\nDelService = S,0x200\n\n[F]\na.sys\n${STRINGS}`;
    expect(found(text, ['INF1308', 'INF1309'], 'universal')).toEqual([]);
  });

  it("a network component's Remove sections are not checked for removals either", () => {
    const text = install('AddReg = R', '[I.NT.Remove]\nDelReg = R\n\n[I.NT.Remove.Services]\nDelService = S,0x200\n\n[R]\nHKR,,A,,1\n\n');
    expect(found(text, ['INF1308', 'INF1309'], 'universal')).toEqual([]);
    expect(found(text.replace('[I.NT.Remove.Services]', '[I.NT.Services]'), ['INF1309'], 'universal')).toEqual(['20 INF1309 error']);
  });

  it('1304 allows HKR, COM keys (HKCR, HKLM\\SOFTWARE\\Classes) and Media Foundation transforms; /w does not run it', () => {
    const text = install(
      'AddReg = R',
      '[R]\nHKR,,A,,1\nHKCR,CLSID\\{x},,,"y"\nHKLM,"SOFTWARE\\Classes\\CLSID\\{x}",,,"y"\nHKLM,"SOFTWARE\\Microsoft\\Windows Media Foundation\\HardwareMFT",E,0x10001,1\nHKLM,SOFTWARE\\Contoso,A,,1\nHKCU,Software\\Contoso,A,,1\n\n',
    );
    expect(found(text, ['INF1304'], 'universal')).toEqual(['21 INF1304 error', '22 INF1304 error']);
    expect(found(text, ['INF1304'], 'windowsDriver')).toEqual([]);
  });

  it('1306 reports each file of a list copied outside %SystemRoot%, not those copied under it', () => {
    const text = install(
      'CopyFiles = Tools, Drivers',
      '[DestinationDirs]\nTools = 16422,Contoso\nDrivers = 12\n\n[Tools]\na.exe\nb.exe\n\n[Drivers]\nc.sys\n\n',
    );
    expect(found(text, ['INF1306'], 'universal')).toEqual(['21 INF1306 error', '22 INF1306 error']);
  });
});
