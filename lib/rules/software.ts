// Device software (AddSoftware and its software-install sections), COM servers (AddComServer,
// AddComClass), directive values of a strict type, feature scores, and what display drivers
// may not use.
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';
import type { Rule, RuleContext } from './types.js';
import { infInt } from '../inf/model.js';
import { hasUnresolvedToken, linesOfDirective, namesClass } from './helpers.js';

/** The first line of `section` keyed `key` (case-insensitive), or undefined. */
function firstKeyed(section: InfSection, key: string): InfLine | undefined {
  return section.lines.find((l) => l.key !== null && l.key.trim().toLowerCase() === key);
}

/** The section a directive's field names, when the field names one that exists. */
function namedSection(doc: InfDocument, field: InfField | undefined): InfSection | undefined {
  const name = field?.value.trim();
  return name ? doc.section(name) : undefined;
}

interface SoftwareSection {
  /** The AddSoftware line. */
  directive: InfLine;
  section: InfSection;
  /** The SoftwareType line, if any. */
  typeLine: InfLine | undefined;
  /** SoftwareType as a number; undefined when absent or not a number. */
  type: number | undefined;
}

/** Each software-install section an AddSoftware directive names (once per directive). */
function softwareSections(doc: InfDocument): SoftwareSection[] {
  const out: SoftwareSection[] = [];
  for (const { line } of linesOfDirective(doc, 'addsoftware')) {
    const section = namedSection(doc, line.fields[2]);
    if (!section) continue; // a missing section is INF1203's
    const typeLine = firstKeyed(section, 'softwaretype');
    const typeField = typeLine?.fields[0];
    const type = typeField && !hasUnresolvedToken(typeField) ? infInt(typeField.value.trim()) : undefined;
    out.push({ directive: line, section, typeLine, type });
  }
  return out;
}

/** The entries each SoftwareType requires (docs: inf-addsoftware-directive.md). */
const REQUIRED_BY_TYPE: Record<number, readonly string[]> = {
  1: ['SoftwareBinary', 'SoftwareVersion'],
  2: ['SoftwareID'],
};

const softwareMissingEntry: Rule = {
  code: 'INF1142',
  description:
    'A software-install section (named by AddSoftware in a DDInstall.Software section) must give the entries its ' +
    'SoftwareType needs: SoftwareType 1 (an MSI or EXE installer) needs SoftwareBinary and SoftwareVersion, ' +
    'SoftwareType 2 (a Microsoft Store app) needs SoftwareID. Without them Windows has nothing to run or to ' +
    'compare versions with, and the software is never installed.',
  fix: 'Add the missing entry: `SoftwareBinary = %13%\\setup.exe` and `SoftwareVersion = 1.0.0.0` for type 1, `SoftwareID = pfn://<package family name>` for type 2.',
  bad: '[Install.NT.Software]\nAddSoftware = ContosoPanel,, Panel_Software\n\n[Panel_Software]\nSoftwareType = 1\nSoftwareBinary = %13%\\ContosoPanel.exe',
  good:
    '[Install.NT.Software]\nAddSoftware = ContosoPanel,, Panel_Software\n\n[Panel_Software]\nSoftwareType = 1\n' +
    'SoftwareBinary = %13%\\ContosoPanel.exe\nSoftwareVersion = 1.0.0.0',
  check(ctx) {
    const seen = new Set<InfSection>();
    for (const { section, typeLine, type } of softwareSections(ctx.doc)) {
      if (seen.has(section) || type === undefined) continue;
      seen.add(section);
      for (const entry of REQUIRED_BY_TYPE[type] ?? []) {
        if (firstKeyed(section, entry.toLowerCase())) continue;
        ctx.report(typeLine, `device software in [${section.name}] has SoftwareType ${type} but no ${entry}`);
      }
    }
  },
};

const desktopOnlySoftware: Rule = {
  code: 'INF1144',
  description:
    'SoftwareType 1 runs an MSI or EXE installer, which works only on desktop editions of Windows (not on ' +
    'Windows 10 S and other product types). A Universal INF must not rely on it; elsewhere it is a warning. ' +
    'SoftwareType 2 (a Microsoft Store app) works everywhere.',
  fix: 'Ship the device app through the Microsoft Store and reference it with SoftwareType 2 and SoftwareID, or accept that the software installs on desktop editions only.',
  bad:
    '[Install.NT.Software]\nAddSoftware = ContosoPanel,, Panel_Software\n\n[Panel_Software]\nSoftwareType = 1\n' +
    'SoftwareBinary = %13%\\ContosoPanel.exe\nSoftwareVersion = 1.0.0.0',
  good: '[Install.NT.Software]\nAddSoftware = ContosoPanel,, Panel_Software\n\n[Panel_Software]\nSoftwareType = 2\nSoftwareID = pfn://Contoso.Panel_8wekyb3d8bbwe',
  check(ctx) {
    const seen = new Set<InfSection>();
    for (const { section, typeLine, type } of softwareSections(ctx.doc)) {
      if (seen.has(section) || type !== 1) continue;
      seen.add(section);
      ctx.report(
        typeLine!.fields[0],
        `device software in [${section.name}] has SoftwareType 1 (an MSI or EXE), which runs only on desktop editions of Windows`,
      );
    }
  },
};

/** Each COM-class install section an AddComClass directive names, with the AddComClass line. */
function comClassSections(doc: InfDocument): Array<{ directive: InfLine; section: InfSection }> {
  const out: Array<{ directive: InfLine; section: InfSection }> = [];
  for (const { line } of linesOfDirective(doc, 'addcomclass')) {
    const section = namedSection(doc, line.fields[2]);
    if (section) out.push({ directive: line, section });
  }
  return out;
}

const THREADING_MODELS = new Set(['apartment', 'free', 'both', 'neutral']);

const badThreadingModel: Rule = {
  code: 'INF1160',
  description:
    'The ThreadingModel of a COM class (in the com-class-install section an AddComClass directive names) must be ' +
    'Apartment, Free, Both or Neutral, the values COM defines for InprocServer32. Leaving ThreadingModel out is ' +
    'allowed: the server then loads into the first apartment initialized in the process.',
  fix: 'Write one of Apartment, Free, Both or Neutral, or leave ThreadingModel out.',
  bad:
    '[Install.NT.COM]\nAddComServer = ContosoServer,, Server_Inst\n\n[Server_Inst]\nServerType = 1\nServerBinary = %13%\\contoso.dll\n' +
    'AddComClass = {bb2b85ab-9473-42e5-8d1a-0f01d3879879},, Class_Inst\n\n[Class_Inst]\nThreadingModel = Single',
  good:
    '[Install.NT.COM]\nAddComServer = ContosoServer,, Server_Inst\n\n[Server_Inst]\nServerType = 1\nServerBinary = %13%\\contoso.dll\n' +
    'AddComClass = {bb2b85ab-9473-42e5-8d1a-0f01d3879879},, Class_Inst\n\n[Class_Inst]\nThreadingModel = Apartment',
  check(ctx) {
    const seen = new Set<InfSection>();
    for (const { directive, section } of comClassSections(ctx.doc)) {
      if (seen.has(section)) continue;
      seen.add(section);
      const line = firstKeyed(section, 'threadingmodel');
      const field = line?.fields[0];
      if (!line || hasUnresolvedToken(field)) continue;
      const model = field?.value.trim() ?? '';
      if (THREADING_MODELS.has(model.toLowerCase())) continue;
      const clsid = directive.fields[0]?.value.trim() ?? '';
      ctx.report(
        field ?? line,
        `unknown threading model "${model}" for COM class ${clsid} in [${section.name}]; use Apartment, Free, Both or Neutral`,
      );
    }
  },
};

/** A flags field that is present, not empty, and not a number. */
function badNumber(field: InfField | undefined): boolean {
  if (!field || hasUnresolvedToken(field)) return false;
  const text = field.value.trim();
  return text !== '' && infInt(text) === undefined;
}

/** SoftwareVersion: w.x.y.z (1 to 4 decimal parts), each at most 65535. */
function isSoftwareVersion(text: string): boolean {
  const parts = text.split('.');
  return parts.length <= 4 && parts.every((p) => /^\d{1,5}$/.test(p) && Number(p) <= 0xffff);
}

const SOFTWARE_TYPES = new Set(Object.keys(REQUIRED_BY_TYPE).map(Number));

const unparsableValue: Rule = {
  code: 'INF1260',
  description:
    'A directive whose value has a strict type holds something that does not parse as that type. Checked here: ' +
    'the flags of AddSoftware, AddComponent, AddComServer and AddComClass (numbers), SoftwareType (1 or 2, and ' +
    'required), SoftwareVersion (w.x.y.z, each part 0-65535) and ServerType (1, in-proc, the only type the docs ' +
    'define). GUIDs (INF2411) and feature scores (INF1245) have codes of their own.',
  fix: 'Write the value in its type: flags as a number (0 or 0x1), SoftwareType = 1 or 2, SoftwareVersion = 1.0.0.0, ServerType = 1.',
  bad: '[Install.NT.Software]\nAddSoftware = ContosoPanel,, Panel_Software\n\n[Panel_Software]\nSoftwareType = 2\nSoftwareID = pfn://Contoso.Panel_8wekyb3d8bbwe\nSoftwareVersion = 1.0.beta',
  good: '[Install.NT.Software]\nAddSoftware = ContosoPanel,, Panel_Software\n\n[Panel_Software]\nSoftwareType = 2\nSoftwareID = pfn://Contoso.Panel_8wekyb3d8bbwe\nSoftwareVersion = 1.0.0.0',
  check(ctx) {
    const { doc } = ctx;
    for (const directive of ['addsoftware', 'addcomponent', 'addcomserver', 'addcomclass']) {
      for (const { line } of linesOfDirective(doc, directive)) {
        const flags = line.fields[1];
        if (badNumber(flags)) ctx.report(flags, `invalid ${line.key!.trim()} directive: flags "${flags!.value.trim()}" are not a number`);
      }
    }
    const seen = new Set<InfSection>();
    for (const { directive, section, typeLine, type } of softwareSections(doc)) {
      if (seen.has(section)) continue;
      seen.add(section);
      checkSoftwareSection(ctx, directive, section, typeLine, type);
    }
    const servers = new Set<InfSection>();
    for (const { line } of linesOfDirective(doc, 'addcomserver')) {
      const section = namedSection(doc, line.fields[2]);
      if (!section || servers.has(section)) continue;
      servers.add(section);
      const typeLine = firstKeyed(section, 'servertype');
      const field = typeLine?.fields[0];
      if (!typeLine || hasUnresolvedToken(field)) continue;
      const text = field?.value.trim() ?? '';
      if (infInt(text) !== 1)
        ctx.report(
          field ?? typeLine,
          `invalid AddComServer directive: ServerType "${text}" in [${section.name}] is not 1 (in-proc), the only server type`,
        );
    }
  },
};

function checkSoftwareSection(
  ctx: RuleContext,
  directive: InfLine,
  section: InfSection,
  typeLine: InfLine | undefined,
  type: number | undefined,
): void {
  const typeField = typeLine?.fields[0];
  if (!typeLine) {
    ctx.report(directive.fields[2], `invalid AddSoftware directive: its section [${section.name}] has no SoftwareType`);
  } else if (!hasUnresolvedToken(typeField) && (type === undefined || !SOFTWARE_TYPES.has(type))) {
    ctx.report(
      typeField ?? typeLine,
      `invalid AddSoftware directive: SoftwareType "${typeField?.value.trim() ?? ''}" in [${section.name}] is not 1 (MSI or EXE) or 2 (Store app)`,
    );
  }
  const versionLine = firstKeyed(section, 'softwareversion');
  const version = versionLine?.fields[0];
  if (versionLine && !hasUnresolvedToken(version) && !isSoftwareVersion(version?.value.trim() ?? '')) {
    ctx.report(
      version ?? versionLine,
      `invalid AddSoftware directive: SoftwareVersion "${version?.value.trim() ?? ''}" in [${section.name}] is not w.x.y.z with parts 0-65535`,
    );
  }
}

/** FeatureScore: one hex byte, `0x` optional (`F6`, `0x80`). */
function isFeatureScore(text: string): boolean {
  const m = /^(?:0x)?([0-9a-f]+)$/i.exec(text);
  return m !== null && Number.parseInt(m[1]!, 16) <= 0xff;
}

const badFeatureScore: Rule = {
  code: 'INF1245',
  description:
    'FeatureScore (in a DDInstall section) ranks drivers by their features: its value is one hexadecimal byte, ' +
    '00 to FF, with or without `0x` (`FeatureScore = F6`, `FeatureScore = 0x80`); lower ranks better, and a driver ' +
    'without the directive ranks as FF. A value that is not one hex byte is no rank at all.',
  fix: 'Write a single hex byte, e.g. `FeatureScore = 0x80`.',
  bad: '[Install.NT]\nFeatureScore = 0x100\nCopyFiles = Files',
  good: '[Install.NT]\nFeatureScore = 0x80\nCopyFiles = Files',
  check(ctx) {
    for (const { line } of linesOfDirective(ctx.doc, 'featurescore')) {
      const field = line.fields[0];
      if (hasUnresolvedToken(field)) continue;
      const text = field?.value.trim() ?? '';
      if (!isFeatureScore(text)) ctx.report(field ?? line, `invalid feature score "${text}"; write one hex byte, 00 to FF`);
    }
  },
};

/** Class = Display, or the Display class GUID. */
function isDisplayInf(doc: InfDocument): boolean {
  return namesClass(doc, 'Display');
}

const displayDirective: Rule = {
  code: 'INF2603',
  description:
    'Display drivers may not use some directives. The display driver documentation names one: a display driver ' +
    'INF (Class = Display) must not reference a layout file, so [Version] must have no LayoutFile. The files of ' +
    'a display driver package come from its own SourceDisksFiles.',
  fix: 'Remove LayoutFile from [Version] and list the files in [SourceDisksNames] and [SourceDisksFiles].',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = Display\nClassGuid = {4d36e968-e325-11ce-bfc1-08002be10318}\nLayoutFile = layout.inf',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = Display\nClassGuid = {4d36e968-e325-11ce-bfc1-08002be10318}',
  check(ctx) {
    if (!isDisplayInf(ctx.doc)) return;
    for (const line of ctx.doc.section('Version')?.lines ?? []) {
      if (line.key?.trim().toLowerCase() === 'layoutfile') ctx.report(line, `directive LayoutFile is invalid for display drivers`);
    }
  },
};

export const rules: Rule[] = [
  softwareMissingEntry,
  desktopOnlySoftware,
  badThreadingModel,
  unparsableValue,
  badFeatureScore,
  displayDirective,
];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
