// Small queries the rules share over an InfDocument and its model (lib/inf/model.ts): GUID
// syntax, sections in plain or decorated form, and the directive lines of every install-like
// section (the model reads one install section at a time; rules need them all).
import { readManufacturers, readVersion } from '../inf/model.js';
import { systemClassByName } from './classes.js';
import { ARCHITECTURES } from '../inf/platform.js';
import type { InfDocument, InfField, InfLine, InfSection } from '../inf/types.js';

const GUID_RE = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

const STRINGS_SECTION = /^strings(\..*)?$/i;

/** [Strings], or [Strings.LLLL] for one language. */
export function isStringsSection(name: string): boolean {
  return STRINGS_SECTION.test(name);
}

/** `{8-4-4-4-12}` hex, braces required. */
export function isGuid(text: string): boolean {
  return GUID_RE.test(text.trim());
}

/**
 * Directives that edit the registry, device properties, files or INI files (lower case), each
 * listing the sections that say how. An install-interface section may hold only these.
 */
export const EDIT_DIRECTIVES: readonly string[] = [
  'addreg',
  'delreg',
  'bitreg',
  'addproperty',
  'delproperty',
  'copyfiles',
  'delfiles',
  'renfiles',
  'updateinis',
  'updateinifields',
  'ini2reg',
];

/** `.nt` and `.nt<arch>`: the decorations of an install section (InstallSection.ntamd64). */
export const INSTALL_DECORATIONS: readonly string[] = ['nt', ...ARCHITECTURES.map((a) => `nt${a}`)];

/** The sections that are `name` or `name.<nt decoration>`, in that order. */
export function installSectionVariants(doc: InfDocument, name: string): InfSection[] {
  const found: InfSection[] = [];
  for (const candidate of [name, ...INSTALL_DECORATIONS.map((d) => `${name}.${d}`)]) {
    const section = doc.section(candidate);
    if (section) found.push(section);
  }
  return found;
}

/** Sections whose name is `base` or starts with `base.` (any decoration), case-insensitive. */
export function sectionsWithBase(doc: InfDocument, base: string): InfSection[] {
  const lower = base.toLowerCase();
  return doc.sections.filter((s) => {
    const n = s.name.toLowerCase();
    return n === lower || n.startsWith(`${lower}.`);
  });
}

/** Sections that hold data, not directives: their keys are names, never directive keywords. */
const DATA_SECTIONS =
  /^(version|strings(\..*)?|sourcedisksnames(\..*)?|sourcedisksfiles(\..*)?|destinationdirs|manufacturer|controlflags|interfaceinstall32)$/i;

export interface DirectiveLine {
  section: InfSection;
  line: InfLine;
  /** The directive name in lower case ('addreg', 'copyfiles', ...). */
  directive: string;
}

const forgetters: Array<() => void> = [];

/**
 * `compute` remembered for the document being validated: its rules run back to back, so one
 * entry serves them all, and validateDocument forgets every such entry once they have run
 * (forgetDocument). Kept longer, each document's results outlive young-generation collections
 * and are promoted to V8's old generation: with a WeakMap keyed by document that came to about
 * 400 MB over 30,000 files, and peak RSS grew with the file count (measured with
 * --trace-gc-nvp; the why is our reading).
 */
export function perDocument<T>(compute: (doc: InfDocument) => T): (doc: InfDocument) => T {
  let memo: { doc: InfDocument; value: T } | null = null;
  forgetters.push(() => {
    memo = null;
  });
  return (doc) => {
    if (memo?.doc !== doc) memo = { doc, value: compute(doc) };
    return memo.value;
  };
}

/** Drops what perDocument remembers, so no document outlives its validation. */
export function forgetDocument(): void {
  for (const forget of forgetters) forget();
}

/**
 * Every `Key = ...` line of a section that can carry directives (install, service, interface
 * and class-install sections). [Version], [Strings], [SourceDisks*], [DestinationDirs],
 * [Manufacturer], [ControlFlags], [InterfaceInstall32] and Models sections are skipped: their keys are names, not directives.
 */
export const directiveLines = perDocument((doc: InfDocument): DirectiveLine[] => {
  const models = modelsSectionNames(doc);
  const out: DirectiveLine[] = [];
  for (const section of doc.sections) {
    if (DATA_SECTIONS.test(section.name) || models.has(section.name.toLowerCase())) continue;
    for (const line of section.lines) {
      if (line.key === null) continue;
      out.push({ section, line, directive: line.key.trim().toLowerCase() });
    }
  }
  return out;
});

/** The directive lines named `directive` (lower case). */
export function linesOfDirective(doc: InfDocument, directive: string): readonly DirectiveLine[] {
  return directivesByName(doc).get(directive) ?? NO_LINES;
}

const NO_LINES: readonly DirectiveLine[] = [];

/** directiveLines grouped by directive, in file order. */
const directivesByName = perDocument((doc: InfDocument): Map<string, DirectiveLine[]> => {
  const out = new Map<string, DirectiveLine[]>();
  for (const d of directiveLines(doc)) {
    const list = out.get(d.directive);
    if (list) list.push(d);
    else out.set(d.directive, [d]);
  }
  return out;
});

/** Lower-case names of every Models section [Manufacturer] names, with each decoration. */
export function modelsSectionNames(doc: InfDocument): Set<string> {
  const names = new Set<string>();
  for (const entry of readManufacturers(doc)) {
    names.add(entry.modelsSection.toLowerCase());
    for (const d of entry.decorations) names.add(`${entry.modelsSection}.${d}`.toLowerCase());
  }
  return names;
}

/** `%name%` tokens in raw text, as SetupAPI scans them (`%%` is an escaped percent). */
export function stringTokens(raw: string): Array<{ name: string; offset: number }> {
  const out: Array<{ name: string; offset: number }> = [];
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('%', i);
    if (start < 0) break;
    const end = raw.indexOf('%', start + 1);
    if (end < 0) break;
    if (end > start + 1) out.push({ name: raw.slice(start + 1, end), offset: start });
    i = end + 1;
  }
  return out;
}

/**
 * The sections named by `directive` lines anywhere in the INF (each in plain and decorated
 * form), optionally only from the given sections: e.g. every AddReg section, or the AddReg
 * sections of [ClassInstall32].
 */
export function targetSections(doc: InfDocument, directive: string, from?: readonly InfSection[]): InfSection[] {
  const out = new Set<InfSection>();
  for (const d of linesOfDirective(doc, directive)) {
    if (from && !from.includes(d.section)) continue;
    for (const field of d.line.fields) {
      const name = field.value.trim();
      if (name === '' || name.startsWith('@')) continue; // @file: a single file, no section
      for (const section of installSectionVariants(doc, name)) out.add(section);
    }
  }
  return [...out];
}

/** All fields of a line, the key (if any) first: data lines of list sections read this way. */
export function allFields(line: InfLine): InfField[] {
  return line.keyField ? [line.keyField, ...line.fields] : line.fields;
}

/** True when the INF pulls in other INFs (Include=): their sections and strings join the lookup. */
export function includesOtherInfs(doc: InfDocument): boolean {
  return linesOfDirective(doc, 'include').length > 0;
}

/** `%token%` left in a substituted value: the token was not defined (INF1235 reports it). */
export function hasUnresolvedToken(field: InfField | undefined): boolean {
  return field !== undefined && stringTokens(field.raw).some((t) => field.value.includes(`%${t.name}%`));
}

/**
 * A field that is nothing but a UTF-8 no-break space read as Windows-1252 ("Â" followed by
 * U+00A0, which is trimmed as white space). INF9003 reports the encoding; other rules skip it.
 */
export function isMisreadNoBreakSpace(text: string): boolean {
  return text.trim() === '\u00c2';
}

/** True when [Version] names the setup class `name`: by Class, or by the system class's ClassGuid. */
export function namesClass(doc: InfDocument, name: string): boolean {
  const { class: cls, classGuid } = readVersion(doc);
  if (cls?.value.trim().toLowerCase() === name.toLowerCase()) return true;
  const guid = systemClassByName(name)?.guid;
  return guid !== undefined && classGuid?.value.trim().toLowerCase() === guid;
}
