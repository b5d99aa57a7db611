// Driver package isolation (/w, /h): registry writes outside HKR, service state outside its Parameters
// key, HKCR and APO keys, filters set through the registry, COM servers other than in-proc, inbox FX
// APOs without wdmaudio.inf, and the registry values two install sections set differently.
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { infInt, readVersion } from '../inf/model.js';
import { allFields, hasUnresolvedToken, installSectionVariants, targetSections } from './helpers.js';
import { isExtensionInf } from './extension.js';
import {
  FLG_ADDREG_APPEND,
  REG_DWORD,
  ddinstallBases,
  isUnder,
  readRegistryLine,
  registrySectionUses,
  setsNoValue,
  touchesValue,
  valueTypeOf,
  type HkrContext,
  type RegistryDirective,
  type RegistryLine,
  type RegistryOrigin,
} from './registry.js';

/**
 * The global registry locations InfVerif /h still lets an INF write (HKLM subkeys, and all of HKCR),
 * from "Current Requirements as of April 2024" in windows-driver-docs-pr/devtest/infverif_h.md
 * (MicrosoftDocs/windows-driver-docs, page dated 12/04/2024). /w allows none of them.
 */
export const HLK_REGISTRY_EXCEPTIONS: { readonly source: string; readonly hklm: readonly string[]; readonly hkcr: boolean } = {
  source: 'windows-driver-docs-pr/devtest/infverif_h.md, Current Requirements as of April 2024, Registry',
  hklm: [
    'SYSTEM\\CurrentControlSet',
    'SOFTWARE\\Classes',
    'SOFTWARE\\Khronos',
    'SOFTWARE\\Microsoft\\Analog\\Providers',
    'SOFTWARE\\Microsoft\\Cellular\\MVSettings\\DeviceSpecific\\CellUX',
    'SOFTWARE\\Microsoft\\Cryptography\\Calais\\Readers',
    'SOFTWARE\\Microsoft\\Cryptography\\Calais\\SmartCards',
    'SOFTWARE\\Microsoft\\Cryptography\\DRM_RNG',
    'SOFTWARE\\Microsoft\\EAPOL',
    'SOFTWARE\\Microsoft\\Palm\\DelayManipulationDuration',
    'SOFTWARE\\Microsoft\\Shell\\OEM\\QuickActions\\ColorProfileQuickAction',
    'SOFTWARE\\Microsoft\\Speech_OneCore\\AudioInput',
    'SOFTWARE\\Microsoft\\Windows Media Foundation',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\AdaptiveDisplayBrightness',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\drivers.desc',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Drivers32',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ICM',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\OpenGlDrivers',
    'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon\\Notify\\ScCertProp',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Audio',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Control Panel',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Controls Folder',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Explorer',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Reliability\\UserDefined',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce',
    'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall',
    'SOFTWARE\\Wow6432Node\\Microsoft\\Windows Media Foundation',
    'SOFTWARE\\Wow6432Node\\Khronos',
    'SOFTWARE\\WowAA32Node\\Microsoft\\Windows Media Foundation',
    'SOFTWARE\\WowAA32Node\\Khronos',
  ],
  hkcr: true,
};

/** True when /h lets the INF write this global location (HLK_REGISTRY_EXCEPTIONS). */
export function isHlkException(root: string, subkey: string): boolean {
  if (root === 'HKCR') return HLK_REGISTRY_EXCEPTIONS.hkcr;
  return root === 'HKLM' && HLK_REGISTRY_EXCEPTIONS.hklm.some((k) => isUnder(subkey, k));
}

/** Every line of every registry section, read, with the uses of its section. */
function* registryEntries(
  doc: InfDocument,
): Generator<{ directive: RegistryDirective; section: InfSection; origins: RegistryOrigin[]; entry: RegistryLine }> {
  for (const use of registrySectionUses(doc)) {
    for (const line of use.section.lines)
      yield { directive: use.directive, section: use.section, origins: use.origins, entry: readRegistryLine(line) };
  }
}

/** A global (non-HKR) write /w reports as 1320/1321 (HKCR is 2660), or in /h mode one that /h does not let pass. */
function unisolated(ctx: RuleContext, entry: RegistryLine): boolean {
  if (entry.root === 'HKR' || !['HKLM', 'HKCU', 'HKU', 'HKCR'].includes(entry.root)) return false; // other roots: INF1224
  if (hasUnresolvedToken(entry.fields[1])) return false;
  if (ctx.mode === 'hlk') return !isHlkException(entry.root, entry.subkey);
  return entry.root !== 'HKCR'; // INF2660
}

const path = (entry: RegistryLine): string => (entry.subkey === '' ? entry.root : `${entry.root}\\${entry.subkey}`);

const keyNotIsolated: Rule = {
  code: 'INF1320',
  description:
    "Driver package isolation: an INF keeps its registry state under HKR (the device's keys, its interfaces' " +
    "keys, its service's Parameters key), never in global locations under HKLM, HKCU or HKU. This code is for " +
    'a key created or deleted outside HKR; a value is INF1321 and HKCR INF2660. In /h mode the global ' +
    'locations infverif_h.md lists as current exceptions (HKLM\\SYSTEM\\CurrentControlSet, ' +
    'HKLM\\SOFTWARE\\Classes, HKCR, ...) pass.',
  fix: 'Create the key relative to HKR in the AddReg of DDInstall, DDInstall.HW or the service-install section (under Parameters).',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKLM, Software\\Contoso\\Sample,,0x00000010',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR, Sample,,0x00000010',
  check(ctx) {
    for (const { directive, entry } of registryEntries(ctx.doc)) {
      if (!unisolated(ctx, entry) || touchesValue(directive, entry)) continue;
      ctx.report(entry.fields[0] ?? entry.line, `registry key ${path(entry)} is not isolated to HKR`);
    }
  },
};

const valueNotIsolated: Rule = {
  code: 'INF1321',
  description:
    "Driver package isolation: an INF keeps its registry values under HKR (the device's keys, its interfaces' " +
    "keys, its service's Parameters key), never in global locations under HKLM, HKCU or HKU. This code is for a " +
    'value written or deleted outside HKR; a key alone is INF1320 and HKCR INF2660. In /h mode the global ' +
    'locations infverif_h.md lists as current exceptions pass.',
  fix: 'Write the value relative to HKR in the AddReg of DDInstall, DDInstall.HW or the service-install section (under Parameters).',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKLM, Software\\Contoso\\Sample, Enabled, 0x00010001, 1',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR,, Enabled, 0x00010001, 1',
  check(ctx) {
    for (const { directive, entry } of registryEntries(ctx.doc)) {
      if (!unisolated(ctx, entry) || !touchesValue(directive, entry)) continue;
      ctx.report(entry.fields[0] ?? entry.line, `registry root ${path(entry)} of value "${entry.valueName ?? ''}" is not isolated to HKR`);
    }
  },
};

const hkcrSubkey: Rule = {
  code: 'INF2660',
  description:
    'Driver package isolation (/w): HKCR is global state shared by every application. A driver package keeps ' +
    'its registration under HKR instead (for COM servers, a DDInstall.COM section). In /h mode HKCR is still ' +
    "one of infverif_h.md's listed exceptions, so this is not reported there.",
  fix: 'Move the registration under HKR, or register COM servers with a DDInstall.COM section.',
  bad: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKCR, .sample,, 0, "Contoso.Sample"',
  good: '[Install.NT]\nAddReg = Sample_AddReg\n\n[Sample_AddReg]\nHKR, Sample,, 0, "Contoso.Sample"',
  check(ctx) {
    if (ctx.mode === 'hlk' && HLK_REGISTRY_EXCEPTIONS.hkcr) return;
    for (const { entry } of registryEntries(ctx.doc)) {
      if (entry.root !== 'HKCR' || hasUnresolvedToken(entry.fields[1])) continue;
      ctx.report(entry.fields[0] ?? entry.line, `cannot modify registry subkey HKCR\\${entry.subkey}; it must be under HKR`);
    }
  },
};

const serviceOutsideParameters: Rule = {
  code: 'INF1323',
  description:
    "In a service-install section's AddReg, HKR is the service's key. The state a driver package gives its " +
    'service goes under its Parameters subkey (HKR, Parameters, ...), which the service opens with ' +
    'IoOpenDriverRegistryKey, WdfDriverOpenParametersRegistryKey or GetServiceRegistryStateKey; the rest of the ' +
    "service key is the service control manager's.",
  fix: 'Write the value under HKR, Parameters (or a subkey of Parameters).',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.NT.Services]\nAddService = Sample, 0x2, Sample_Service\n\n[Sample_Service]\nServiceType = 1\nStartType = 3\nErrorControl = 1\nServiceBinary = %13%\\sample.sys\nAddReg = Service_AddReg\n\n[Service_AddReg]\nHKR, Settings, Mode, 0x00010001, 1',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.NT.Services]\nAddService = Sample, 0x2, Sample_Service\n\n[Sample_Service]\nServiceType = 1\nStartType = 3\nErrorControl = 1\nServiceBinary = %13%\\sample.sys\nAddReg = Service_AddReg\n\n[Service_AddReg]\nHKR, Parameters, Mode, 0x00010001, 1',
  check(ctx) {
    for (const { origins, entry } of registryEntries(ctx.doc)) {
      const origin = origins.find((o) => o.context === 'service');
      if (!origin || entry.root !== 'HKR' || isUnder(entry.subkey, 'Parameters') || hasUnresolvedToken(entry.fields[1])) continue;
      const what = entry.valueName ? `value "${entry.valueName}"` : `key "${entry.subkey}"`;
      const where = entry.subkey === '' ? 'the service key itself' : `HKR\\${entry.subkey}`;
      ctx.report(
        entry.fields[1] ?? entry.line,
        `service registry ${what} of service "${origin.service}" (${where}, from [${origin.install.name}]) must be under the Parameters subkey`,
      );
    }
  },
};

/** Class = AudioProcessingObject, by name or GUID. */
const APO_CLASS_GUID = '{5989fce8-9cd0-467d-8a6a-5419e31529d4}';
const APO_SUBKEY = 'AudioEngine\\AudioProcessingObjects';

const apoSubkeyOutsideApoClass: Rule = {
  code: 'INF2661',
  description:
    'APO registrations under HKR\\AudioEngine\\AudioProcessingObjects are read from devices of the ' +
    'AudioProcessingObject class (ClassGuid {5989FCE8-9CD0-467D-8A6A-5419E31529D4}) only: an INF of another ' +
    'class may not write there.',
  fix: 'Register the APO from a component INF of Class = AudioProcessingObject.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = MEDIA\n\n[Install.NT]\nAddReg = Apo_AddReg\n\n[Apo_AddReg]\nHKR, AudioEngine\\AudioProcessingObjects\\{B48DEA3F-D962-425a-8D9A-9A5BB37A9904}, FriendlyName,, "Sample APO"',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = AudioProcessingObject\nClassGuid = {5989fce8-9cd0-467d-8a6a-5419e31529d4}\n\n[Install.NT]\nAddReg = Apo_AddReg\n\n[Apo_AddReg]\nHKR, AudioEngine\\AudioProcessingObjects\\{B48DEA3F-D962-425a-8D9A-9A5BB37A9904}, FriendlyName,, "Sample APO"',
  check(ctx) {
    const version = readVersion(ctx.doc);
    const className = version.class?.value.trim().toLowerCase();
    const classGuid = version.classGuid?.value.trim().toLowerCase();
    if (className === 'audioprocessingobject' || classGuid === APO_CLASS_GUID) return;
    for (const { entry } of registryEntries(ctx.doc)) {
      if (entry.root !== 'HKR' || !isUnder(entry.subkey, APO_SUBKEY)) continue;
      ctx.report(
        entry.fields[1] ?? entry.line,
        `only a device of class AudioProcessingObject may write the HKR\\${APO_SUBKEY} registry subkey`,
      );
    }
  },
};

// ---------------------------------------------------------------- filters

/** The device and device-class filter properties (devpkey.h): DEVPKEY_Device_Upper/LowerFilters, DEVPKEY_DeviceClass_Upper/LowerFilters. */
const FILTER_PROPERTIES: ReadonlyArray<{ guid: string; pid: number; name: string }> = [
  { guid: '{a45c254e-df1c-4efd-8020-67d146a850e0}', pid: 20, name: 'DEVPKEY_Device_UpperFilters' },
  { guid: '{a45c254e-df1c-4efd-8020-67d146a850e0}', pid: 21, name: 'DEVPKEY_Device_LowerFilters' },
  { guid: '{4321918b-f69e-470d-a5de-4d88c75ad24b}', pid: 19, name: 'DEVPKEY_DeviceClass_UpperFilters' },
  { guid: '{4321918b-f69e-470d-a5de-4d88c75ad24b}', pid: 20, name: 'DEVPKEY_DeviceClass_LowerFilters' },
];
const FILTER_VALUES = new Set(['upperfilters', 'lowerfilters']);
const FILTER_HKR_CONTEXTS = new Set<HkrContext>(['hardware', 'class']);
const CLASS_KEY = /^system\\currentcontrolset\\control\\class\\\{[^\\]+\}$/i;

/** Each AddReg line or AddProperty line that adds a filter driver, with what it sets. */
function* filterWrites(doc: InfDocument): Generator<{ at: InfField | InfLine; what: string }> {
  for (const { directive, origins, entry } of registryEntries(doc)) {
    if (directive !== 'addreg' || !FILTER_VALUES.has((entry.valueName ?? '').toLowerCase())) continue;
    if (entry.flags === undefined || setsNoValue(entry.flags)) continue;
    const hkr = entry.root === 'HKR' && entry.subkey === '' && origins.some((o) => FILTER_HKR_CONTEXTS.has(o.context));
    const classKey = entry.root === 'HKLM' && CLASS_KEY.test(entry.subkey);
    if (hkr || classKey) yield { at: entry.fields[2] ?? entry.line, what: `registry value ${path(entry)}\\${entry.valueName}` };
  }
  for (const section of targetSections(doc, 'addproperty')) {
    for (const line of section.lines) {
      const [guid, pid] = allFields(line);
      const g = guid?.value.trim().toLowerCase();
      const p = infInt(pid?.value.trim());
      const known = FILTER_PROPERTIES.find((f) => f.guid === g && f.pid === p);
      if (known && guid) yield { at: guid, what: `property ${known.name}` };
    }
  }
}

const filterThroughRegistry: Rule = {
  code: 'INF1329',
  description:
    'Filter drivers are added to a device stack with a DDInstall.Filters section (AddFilter, the declarative ' +
    'filter model, Windows 10 1903 and later), not by writing UpperFilters or LowerFilters: HKR in DDInstall.HW ' +
    'or [ClassInstall32], HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\{guid}, or the DEVPKEY_Device_/' +
    'DEVPKEY_DeviceClass_ Upper/LowerFilters properties. (In an extension INF this is INF1384.)',
  fix: 'Add a [DDInstall.Filters] section with AddFilter = FilterService,, Filter_Inst and FilterPosition = Upper or Lower.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.HW]\nAddReg = Filter_AddReg\n\n[Filter_AddReg]\nHKR,, UpperFilters, 0x00010000, "SampleFilter"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.Filters]\nAddFilter = SampleFilter,, Filter_Inst\n\n[Filter_Inst]\nFilterPosition = Upper\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  check(ctx) {
    if (isExtensionInf(ctx.doc)) return; // INF1384
    for (const { at, what } of filterWrites(ctx.doc)) ctx.report(at, `cannot add filters with ${what}; use a [DDInstall.Filters] section`);
  },
};

const filterInExtension: Rule = {
  code: 'INF1384',
  description:
    'Extension INFs install on top of the base INF in any order, so filters an extension adds by writing ' +
    'UpperFilters/LowerFilters (registry or property) end up in an order nobody chose. A [DDInstall.Filters] ' +
    'section (AddFilter) places them declaratively.',
  fix: 'Add the filter with a [DDInstall.Filters] section and AddFilter.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\n\n[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.HW]\nAddReg = Filter_AddReg\n\n[Filter_AddReg]\nHKR,, UpperFilters, 0x00010008, "SampleFilter"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Extension\nClassGuid = {e2f84ce7-8efa-411c-aa69-97454ca4cb57}\n\n[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install.Filters]\nAddFilter = SampleFilter,, Filter_Inst\n\n[Filter_Inst]\nFilterPosition = Upper\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"',
  check(ctx) {
    if (!isExtensionInf(ctx.doc)) return; // INF1329
    for (const { at, what } of filterWrites(ctx.doc))
      ctx.report(at, `extension INF adds a filter with ${what}; use a [DDInstall.Filters] section`);
  },
};

// ---------------------------------------------------------------- COM

/** COM server kinds under CLSID\{clsid} other than InprocServer32. */
const OTHER_COM_SERVERS = new Set(['localserver32', 'localserver', 'inprocserver', 'inprochandler32', 'inprochandler']);

/** `CLSID\{clsid}\Kind[\...]` under HKCR, or under HKLM\SOFTWARE\Classes (with or without Wow6432Node). */
function comServerKind(entry: RegistryLine): { clsid: string; kind: string } | undefined {
  let parts = entry.subkey.split('\\');
  if (entry.root === 'HKLM') {
    if (parts.length < 2 || parts[0]!.toLowerCase() !== 'software' || parts[1]!.toLowerCase() !== 'classes') return undefined;
    parts = parts.slice(2);
  } else if (entry.root !== 'HKCR') return undefined;
  if (parts[0]?.toLowerCase() === 'wow6432node') parts = parts.slice(1);
  if (parts.length < 3 || parts[0]!.toLowerCase() !== 'clsid') return undefined;
  return { clsid: parts[1]!, kind: parts[2]! };
}

const comServerType: Rule = {
  code: 'INF1325',
  description:
    'A driver package may register only in-process COM servers (InprocServer32). Registry entries that ' +
    'register a CLSID as LocalServer32, LocalServer, InprocServer (16-bit) or an InprocHandler are not supported.',
  fix: 'Make the server in-process (InprocServer32), preferably registered with a DDInstall.COM section and AddComServer.',
  bad: '[Install.NT]\nAddReg = Com_AddReg\n\n[Com_AddReg]\nHKCR, CLSID\\{bb2b85ab-9473-42e5-8d1a-0f01d3879879}\\LocalServer32,, 0, "%13%\\server.exe"',
  good: '[Install.NT]\nAddReg = Com_AddReg\n\n[Com_AddReg]\nHKCR, CLSID\\{bb2b85ab-9473-42e5-8d1a-0f01d3879879}\\InprocServer32,, 0, "%13%\\server.dll"',
  check(ctx) {
    const seen = new Set<string>();
    for (const { directive, entry } of registryEntries(ctx.doc)) {
      if (directive !== 'addreg' || (entry.flags !== undefined && setsNoValue(entry.flags))) continue;
      const com = comServerKind(entry);
      if (!com || !OTHER_COM_SERVERS.has(com.kind.toLowerCase())) continue;
      const key = `${com.clsid}\\${com.kind}`.toLowerCase();
      if (seen.has(key)) continue; // one finding per registration, not per value
      seen.add(key);
      ctx.report(
        entry.fields[1] ?? entry.line,
        `unsupported COM class registration "${com.kind}" for ${com.clsid}; only InprocServer32 is supported`,
      );
    }
  },
};

// ---------------------------------------------------------------- inbox FX APOs

/**
 * Windows' own FX APOs (the WM SFX/LFX and MFX/GFX effects) and the wdmaudio.inf section that
 * registers them, as the audio docs give it: `Include=wdmaudio.inf`, `Needs=mssysfx.CopyFilesAndRegister`.
 */
export const INBOX_FX_APOS: Readonly<Record<string, string>> = {
  '{62dc1a93-ae24-464c-a43e-452f824c4250}': 'mssysfx.CopyFilesAndRegister',
  '{637c490d-eee3-4c0a-973f-371958802da2}': 'mssysfx.CopyFilesAndRegister',
};

/** The first HKR FX\... value of these registry sections whose data names an inbox FX APO, and the section it needs. */
function inboxFxReference(sections: readonly InfSection[]): string | undefined {
  for (const section of sections) {
    for (const line of section.lines) {
      const entry = readRegistryLine(line);
      if (entry.root !== 'HKR' || !isUnder(entry.subkey.split('\\')[0] ?? '', 'FX')) continue;
      for (const v of entry.fields.slice(4)) {
        const needs = INBOX_FX_APOS[v.value.trim().toLowerCase()];
        if (needs) return needs;
      }
    }
  }
  return undefined;
}

/** The AddReg sections a DDInstall section installs itself, through .HW, and through its interfaces. */
function deviceAddRegSections(doc: InfDocument, ddinstall: InfSection): InfSection[] {
  const from: InfSection[] = [ddinstall];
  const hw = doc.section(`${ddinstall.name}.HW`);
  if (hw) from.push(hw);
  for (const line of doc.section(`${ddinstall.name}.Interfaces`)?.lines ?? []) {
    if (line.key?.trim().toLowerCase() !== 'addinterface') continue;
    const s = doc.section(line.fields[2]?.value.trim() ?? '');
    if (s) from.push(s);
  }
  return targetSections(doc, 'addreg', from);
}

/** Lower-case values of every `directive` line of a section. */
function listed(section: InfSection, directive: string): Set<string> {
  const out = new Set<string>();
  for (const line of section.lines) {
    if (line.key?.trim().toLowerCase() !== directive) continue;
    for (const f of line.fields) out.add(f.value.trim().toLowerCase());
  }
  return out;
}

/** Every DDInstall section (each variant) the Models sections name. */
function ddinstallSections(doc: InfDocument): InfSection[] {
  return ddinstallBases(doc).flatMap((base) => installSectionVariants(doc, base));
}

function* fxApoUsers(doc: InfDocument): Generator<{ ddinstall: InfSection; needs: string }> {
  for (const ddinstall of ddinstallSections(doc)) {
    const needs = inboxFxReference(deviceAddRegSections(doc, ddinstall));
    if (needs) yield { ddinstall, needs };
  }
}

const fxApoWithoutInclude: Rule = {
  code: 'INF2662',
  description:
    "A device that uses one of Windows' own FX APOs (the WM effects {62DC1A93-AE24-464C-A43E-452F824C4250} and " +
    '{637C490D-EEE3-4C0A-973F-371958802DA2}) in its FX property store gets them registered by wdmaudio.inf: its ' +
    'DDInstall section must Include wdmaudio.inf.',
  fix: 'Add `Include = wdmaudio.inf` and `Needs = mssysfx.CopyFilesAndRegister` to the DDInstall section.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install]\nAddReg = Fx_AddReg\n\n[Fx_AddReg]\nHKR, FX\\0, %PKEY_FX_PreMixClsid%,, "{62dc1a93-ae24-464c-a43e-452f824c4250}"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"\nPKEY_FX_PreMixClsid = "{D04E05A6-594B-4fb6-A80D-01AF5EED7D1D},1"',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install]\nInclude = wdmaudio.inf\nNeeds = mssysfx.CopyFilesAndRegister\nAddReg = Fx_AddReg\n\n[Fx_AddReg]\nHKR, FX\\0, %PKEY_FX_PreMixClsid%,, "{62dc1a93-ae24-464c-a43e-452f824c4250}"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"\nPKEY_FX_PreMixClsid = "{D04E05A6-594B-4fb6-A80D-01AF5EED7D1D},1"',
  check(ctx) {
    for (const { ddinstall } of fxApoUsers(ctx.doc)) {
      if (!listed(ddinstall, 'include').has('wdmaudio.inf'))
        ctx.report(ddinstall, `section [${ddinstall.name}] must Include wdmaudio.inf to register the FX APOs it references`);
    }
  },
};

const fxApoWithoutNeeds: Rule = {
  code: 'INF2663',
  description:
    "A device that uses one of Windows' own FX APOs gets them registered by a section of wdmaudio.inf, which its " +
    'DDInstall section must pull in with Needs (mssysfx.CopyFilesAndRegister for the WM effects). This is checked ' +
    'where the section does Include wdmaudio.inf (without the Include it is INF2662).',
  fix: 'Add `Needs = mssysfx.CopyFilesAndRegister` to the DDInstall section.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install]\nInclude = wdmaudio.inf\nAddReg = Fx_AddReg\n\n[Fx_AddReg]\nHKR, FX\\0, %PKEY_FX_PreMixClsid%,, "{62dc1a93-ae24-464c-a43e-452f824c4250}"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"\nPKEY_FX_PreMixClsid = "{D04E05A6-594B-4fb6-A80D-01AF5EED7D1D},1"',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%Dev% = Install, Root\\Sample\n\n[Install]\nInclude = wdmaudio.inf\nNeeds = mssysfx.CopyFilesAndRegister\nAddReg = Fx_AddReg\n\n[Fx_AddReg]\nHKR, FX\\0, %PKEY_FX_PreMixClsid%,, "{62dc1a93-ae24-464c-a43e-452f824c4250}"\n\n[Strings]\nMfg = "Contoso"\nDev = "Sample"\nPKEY_FX_PreMixClsid = "{D04E05A6-594B-4fb6-A80D-01AF5EED7D1D},1"',
  check(ctx) {
    for (const { ddinstall, needs } of fxApoUsers(ctx.doc)) {
      if (!listed(ddinstall, 'include').has('wdmaudio.inf')) continue; // INF2662
      if (!listed(ddinstall, 'needs').has(needs.toLowerCase()))
        ctx.report(ddinstall, `section [${ddinstall.name}] must use Needs to reference [${needs}] from wdmaudio.inf`);
    }
  },
};

// ---------------------------------------------------------------- values two sections set differently

/** The key a line writes, where a second writer could conflict; undefined for per-device HKR keys. */
function conflictKey(origin: RegistryOrigin, entry: RegistryLine): { key: string; service?: string } | undefined {
  const sub = entry.subkey.toLowerCase();
  const name = (entry.valueName ?? '').toLowerCase();
  if (entry.root === 'HKR') {
    // Per-device keys (software, hardware, interface) differ from device to device: no conflict.
    if (origin.context === 'service' || origin.context === 'eventlog')
      return { key: `svc:${origin.service?.toLowerCase()}:${origin.context}\\${sub}\\${name}`, service: origin.service! };
    if (origin.context === 'class') return { key: `class\\${sub}\\${name}` };
    if (origin.context === 'interfaceClass') return { key: `iface:${origin.interfaceGuid}\\${sub}\\${name}` };
    return undefined;
  }
  if (!['HKLM', 'HKCU', 'HKU', 'HKCR'].includes(entry.root)) return undefined;
  return { key: `${entry.root}\\${sub}\\${name}` };
}

/** What an AddReg line sets, comparable across lines: type and data (a REG_DWORD as its number). */
function dataOf(entry: RegistryLine): string | undefined {
  const flags = entry.flags;
  if (flags === undefined || setsNoValue(flags) || flags & FLG_ADDREG_APPEND) return undefined;
  const values = entry.fields.slice(4);
  if (values.some((v) => hasUnresolvedToken(v))) return undefined;
  const type = valueTypeOf(flags);
  if (type === REG_DWORD && values.length === 1) return `${type}:${infInt(values[0]!.value.trim()) ?? values[0]!.value.trim()}`;
  return `${type}:${values.map((v) => v.value.trim()).join(',')}`;
}

function describeKey(entry: RegistryLine): string {
  return `${path(entry)}\\${entry.valueName ?? ''}`;
}

/**
 * Both 1331 and 1332: for each architecture checked, every global value (and every value of a shared
 * HKR key: a service's, the setup class's, an interface class's) with the sections that set it; a
 * value set to other data by a second install section is reported at the second line.
 */
function* conflicts(
  ctx: RuleContext,
): Generator<{ entry: RegistryLine; first: RegistryOrigin; second: RegistryOrigin; service?: string; text: string }> {
  for (const arch of ctx.arches) {
    const seen = new Map<string, { origin: RegistryOrigin; data: string }>();
    for (const use of registrySectionUses(ctx.doc, arch)) {
      if (use.directive !== 'addreg') continue;
      for (const line of use.section.lines) {
        const entry = readRegistryLine(line);
        const data = dataOf(entry);
        if (data === undefined) continue;
        for (const origin of use.origins) {
          if (origin.context === 'defaultInstall') continue;
          const k = conflictKey(origin, entry);
          if (!k) continue;
          const first = seen.get(k.key);
          if (!first) seen.set(k.key, { origin, data });
          else if (first.data !== data && first.origin.install !== origin.install) {
            yield { entry, first: first.origin, second: origin, ...(k.service ? { service: k.service } : {}), text: describeKey(entry) };
          }
        }
      }
    }
  }
}

const valueSetDifferently: Rule = {
  code: 'INF1331',
  description:
    'Two install sections of one INF set the same registry value to different data. Where Windows applies a ' +
    "package's registry writes ahead of any device (offline imaging, several devices on one driver), the " +
    'result depends on the order. Compared: global keys (HKLM, HKCU, HKU, HKCR) and the keys HKR means in ' +
    '[ClassInstall32] and install-interface sections, each architecture on its own; HKR in DDInstall, .HW and ' +
    "add-interface sections is per device and never conflicts. A service's key is INF1332.",
  fix: 'Keep per-device settings under HKR in each DDInstall (or .HW) section, or give both sections the same value.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%DevA% = Install_A, Root\\SampleA\n%DevB% = Install_B, Root\\SampleB\n\n[Install_A]\nAddReg = A_AddReg\n\n[Install_B]\nAddReg = B_AddReg\n\n[A_AddReg]\nHKLM, Software\\Contoso\\Sample, Mode, 0x00010001, 1\n\n[B_AddReg]\nHKLM, Software\\Contoso\\Sample, Mode, 0x00010001, 2\n\n[Strings]\nMfg = "Contoso"\nDevA = "A"\nDevB = "B"',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%DevA% = Install_A, Root\\SampleA\n%DevB% = Install_B, Root\\SampleB\n\n[Install_A]\nAddReg = A_AddReg\n\n[Install_B]\nAddReg = B_AddReg\n\n[A_AddReg]\nHKR,, Mode, 0x00010001, 1\n\n[B_AddReg]\nHKR,, Mode, 0x00010001, 2\n\n[Strings]\nMfg = "Contoso"\nDevA = "A"\nDevB = "B"',
  check(ctx) {
    for (const c of conflicts(ctx)) {
      if (c.service !== undefined) continue; // INF1332
      ctx.report(
        c.entry.fields[0] ?? c.entry.line,
        `cannot set registry value ${c.text} differently between sections [${c.first.install.name}] and [${c.second.install.name}]`,
      );
    }
  },
};

const serviceValueSetDifferently: Rule = {
  code: 'INF1332',
  description:
    "Two service-install sections for one service set the same value of the service's key (HKR there) to " +
    "different data. Where Windows applies a package's service configuration ahead of any device, the " +
    'result depends on the order.',
  fix: 'Install the service from one service-install section, or give the services different names.',
  bad: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%DevA% = Install_A, Root\\SampleA\n%DevB% = Install_B, Root\\SampleB\n\n[Install_A.Services]\nAddService = Sample, 0x2, Service_A\n\n[Install_B.Services]\nAddService = Sample, 0x2, Service_B\n\n[Service_A]\nServiceType = 1\nStartType = 3\nErrorControl = 1\nServiceBinary = %13%\\sample.sys\nAddReg = A_AddReg\n\n[Service_B]\nServiceType = 1\nStartType = 3\nErrorControl = 1\nServiceBinary = %13%\\sample.sys\nAddReg = B_AddReg\n\n[A_AddReg]\nHKR, Parameters, Mode, 0x00010001, 1\n\n[B_AddReg]\nHKR, Parameters, Mode, 0x00010001, 2\n\n[Strings]\nMfg = "Contoso"\nDevA = "A"\nDevB = "B"',
  good: '[Manufacturer]\n%Mfg% = Models\n\n[Models]\n%DevA% = Install_A, Root\\SampleA\n%DevB% = Install_B, Root\\SampleB\n\n[Install_A.Services]\nAddService = Sample, 0x2, Service_A\n\n[Install_B.Services]\nAddService = Sample, 0x2, Service_A\n\n[Service_A]\nServiceType = 1\nStartType = 3\nErrorControl = 1\nServiceBinary = %13%\\sample.sys\nAddReg = A_AddReg\n\n[A_AddReg]\nHKR, Parameters, Mode, 0x00010001, 1\n\n[Strings]\nMfg = "Contoso"\nDevA = "A"\nDevB = "B"',
  check(ctx) {
    for (const c of conflicts(ctx)) {
      if (c.service === undefined) continue; // INF1331
      ctx.report(
        c.entry.fields[0] ?? c.entry.line,
        `cannot set registry value ${c.text} differently between sections [${c.first.install.name}] and [${c.second.install.name}] for service "${c.service}"`,
      );
    }
  },
};

export const rules: Rule[] = [
  keyNotIsolated,
  valueNotIsolated,
  serviceOutsideParameters,
  hkcrSubkey,
  apoSubkeyOutsideApoClass,
  filterThroughRegistry,
  filterInExtension,
  comServerType,
  fxApoWithoutInclude,
  fxApoWithoutNeeds,
  valueSetDifferently,
  serviceValueSetDifferently,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
