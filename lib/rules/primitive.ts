// Primitive drivers: INFs installed through [DefaultInstall] with no device (develop/creating-a-
// primitive-driver.md), and how their [DefaultInstall] and [DefaultUninstall] sections must be decorated.
import type { InfDocument, InfLine, InfSection } from '../inf/types.js';
import type { Rule } from './types.js';
import { parseTargetOsVersion, type TargetOsVersion } from '../inf/platform.js';
import { infInt, readVersion } from '../inf/model.js';

/** Suffixes of the sections that belong to an install section ([DefaultInstall.NTamd64.Services]). */
const INSTALL_SUFFIXES = new Set([
  'services',
  'hw',
  'coinstallers',
  'interfaces',
  'wdf',
  'events',
  'components',
  'software',
  'filters',
  'wmi',
  'logconfigoverride',
  'factdef',
]);

/** A [DefaultInstall...] or [DefaultUninstall...] section, read from its name. */
export interface DefaultSection {
  section: InfSection;
  kind: 'install' | 'uninstall';
  /** The TargetOSVersion decoration (`NTamd64.10.0...25952`), or null for none. */
  decoration: TargetOsVersion | null;
  /** `services` for [DefaultInstall.NTamd64.Services]; null for the install section itself. */
  suffix: string | null;
}

/**
 * `[DefaultInstall]`, `[DefaultInstall.NTamd64.10.0...25952.Services]`, `[DefaultUninstall.NT$ARCH$]`, ...
 * read into kind, decoration and suffix; undefined for any other name (`[DefaultInstall_Files]`).
 */
export function readDefaultSection(section: InfSection): DefaultSection | undefined {
  const lower = section.name.toLowerCase();
  const kind = lower.startsWith('defaultinstall') ? 'install' : lower.startsWith('defaultuninstall') ? 'uninstall' : null;
  if (!kind) return undefined;
  const rest = section.name.slice(kind === 'install' ? 'defaultinstall'.length : 'defaultuninstall'.length).trim();
  if (rest === '') return { section, kind, decoration: null, suffix: null };
  if (!rest.startsWith('.')) return undefined;
  const parts = rest.slice(1).split('.');
  const last = parts[parts.length - 1]!.trim().toLowerCase();
  const suffix = INSTALL_SUFFIXES.has(last) ? last : null;
  if (suffix) parts.pop();
  if (parts.length === 0) return { section, kind, decoration: null, suffix };
  const decoration = parseTargetOsVersion(parts.join('.'));
  return decoration ? { section, kind, decoration, suffix } : undefined;
}

/** Every [DefaultInstall...] and [DefaultUninstall...] section of the INF, in file order. */
export function defaultSections(doc: InfDocument): DefaultSection[] {
  const out: DefaultSection[] = [];
  for (const section of doc.sections) {
    const first = section.name.charCodeAt(0) | 0x20;
    if (first !== 0x64) continue; // 'd': most sections are not candidates
    const read = readDefaultSection(section);
    if (read) out.push(read);
  }
  return out;
}

/** An architecture decoration: NT<arch> or stampinf's NT$ARCH$ (a template is checked as stamped). */
export function hasArchitecture(d: DefaultSection): boolean {
  return d.decoration?.arch != null;
}

/** The LegacyUninstall line of a section, if any. */
function legacyUninstallLine(section: InfSection): InfLine | undefined {
  return section.lines.find((l) => l.key?.trim().toLowerCase() === 'legacyuninstall');
}

/**
 * A [DefaultUninstall.NT*] install section without `LegacyUninstall = 1`, with the line to point at.
 * The line may also stand in one of the section's own sections ([DefaultUninstall.NTamd64.Services]):
 * Microsoft's avscan and change samples put it there and pass InfVerif.
 */
function uninstallWithoutLegacy(doc: InfDocument, d: DefaultSection): { at: InfSection | InfLine; value: string | null } | undefined {
  if (d.kind !== 'uninstall' || d.suffix !== null || d.decoration === null) return undefined;
  const own = legacyUninstallLine(d.section);
  let line = own;
  if (!line) {
    for (const suffix of INSTALL_SUFFIXES) {
      const part = doc.section(`${d.section.name}.${suffix}`);
      line = part ? legacyUninstallLine(part) : undefined;
      if (line) break;
    }
  }
  if (!line) return { at: d.section, value: null };
  const value = line.fields[0]?.value.trim() ?? '';
  return infInt(value) === 1 ? undefined : { at: line, value };
}

/** The INF is installed through [DefaultInstall] (an install section, in any decoration) and is no device INF. */
function primitiveCandidate(doc: InfDocument, sections: readonly DefaultSection[]): boolean {
  return !doc.hasSection('Manufacturer') && sections.some((d) => d.kind === 'install' && d.suffix === null);
}

const notPrimitive: Rule = {
  code: 'INF1420',
  description:
    'An INF installed through [DefaultInstall] (and without [Manufacturer]) is handled by Windows 10 1903 and later ' +
    'as a primitive driver only when it meets the requirements of develop/creating-a-primitive-driver.md: ' +
    'Provider, Class and ClassGuid in [Version]; every [DefaultInstall] and [DefaultUninstall] section ' +
    'architecture-decorated, with at least one [DefaultInstall.NT<arch>]; and no [DefaultUninstall] except a ' +
    'decorated one with `LegacyUninstall = 1`. The finding is about the whole file and names what is missing; ' +
    '1421, 1422 and 1423 point at the sections. (The DCH requirement of that page is not checked here.)',
  fix: 'Meet the requirements: decorate the sections ([DefaultInstall.NTamd64]), fill in [Version], add `LegacyUninstall = 1` to [DefaultUninstall.NTamd64] or drop it.',
  bad: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\n\n[DefaultInstall]\nCopyFiles = Files',
  good: '[Version]\nSignature = "$Windows NT$"\nClass = System\nClassGuid = {4d36e97d-e325-11ce-bfc1-08002be10318}\nProvider = %Mfg%\n\n[DefaultInstall.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    const sections = defaultSections(ctx.doc);
    if (!primitiveCandidate(ctx.doc, sections)) return;
    const reasons: string[] = [];
    const version = readVersion(ctx.doc);
    const missing = (['provider', 'class', 'classGuid'] as const).filter((k) => (version[k]?.value.trim() ?? '') === '');
    if (missing.length > 0)
      reasons.push(
        `[Version] has no ${missing.map((k) => (k === 'classGuid' ? 'ClassGuid' : k[0]!.toUpperCase() + k.slice(1))).join(', ')}`,
      );
    const undecorated = sections.filter((d) => d.suffix === null && !hasArchitecture(d)).map((d) => `[${d.section.name}]`);
    if (undecorated.length > 0)
      reasons.push(`${undecorated.join(', ')} ${undecorated.length === 1 ? 'has' : 'have'} no architecture decoration`);
    if (!sections.some((d) => d.kind === 'install' && d.suffix === null && hasArchitecture(d)))
      reasons.push('no [DefaultInstall.NT<arch>] section');
    const uninstall = sections.filter((d) => uninstallWithoutLegacy(ctx.doc, d) !== undefined).map((d) => `[${d.section.name}]`);
    if (uninstall.length > 0) reasons.push(`${uninstall.join(', ')} without LegacyUninstall = 1`);
    if (reasons.length > 0)
      ctx.report(null, `this [DefaultInstall]-based INF cannot be processed as a primitive driver: ${reasons.join('; ')}`);
  },
};

const uninstallNotLegacy: Rule = {
  code: 'INF1422',
  description:
    'A primitive driver has no uninstall section: Windows undoes its install itself. A [DefaultUninstall.NT*] section ' +
    'is allowed only for older Windows versions, and must then say `LegacyUninstall = 1`, which makes Windows 10 1903 ' +
    'and later ignore it.',
  fix: 'Add `LegacyUninstall = 1` to the [DefaultUninstall.NT<arch>] section, or remove the section.',
  bad: '[DefaultInstall.NTamd64]\nCopyFiles = Files\n\n[DefaultUninstall.NTamd64]\nDelFiles = Files',
  good: '[DefaultInstall.NTamd64]\nCopyFiles = Files\n\n[DefaultUninstall.NTamd64]\nLegacyUninstall = 1\nDelFiles = Files',
  check(ctx) {
    for (const d of defaultSections(ctx.doc)) {
      const problem = uninstallWithoutLegacy(ctx.doc, d);
      if (!problem) continue;
      ctx.report(
        problem.at,
        problem.value === null
          ? `[${d.section.name}] has no LegacyUninstall = 1, which primitive drivers and downlevel installs both need`
          : `LegacyUninstall in [${d.section.name}] must be 1, not "${problem.value}"`,
      );
    }
  },
};

const noDecoratedDefaultInstall: Rule = {
  code: 'INF1423',
  description:
    'An INF installed through [DefaultInstall] (and without [Manufacturer]) must have at least one ' +
    "architecture-decorated [DefaultInstall.NT<arch>] section (stampinf's NT$ARCH$ counts) to be a primitive " +
    'driver. The finding is about the whole file.',
  fix: 'Rename [DefaultInstall] to [DefaultInstall.NTamd64] (one per architecture), and its .Services section likewise.',
  bad: '[DefaultInstall]\nCopyFiles = Files',
  good: '[DefaultInstall.NTamd64]\nCopyFiles = Files',
  check(ctx) {
    const sections = defaultSections(ctx.doc);
    if (!primitiveCandidate(ctx.doc, sections)) return;
    if (sections.some((d) => d.kind === 'install' && d.suffix === null && hasArchitecture(d))) return;
    ctx.report(null, 'primitive drivers need an architecture-decorated [DefaultInstall.NT<arch>] section; this INF has none');
  },
};

export const rules: Rule[] = [notPrimitive, uninstallNotLegacy, noDecoratedDefaultInstall];

/** InfVerif codes of this family that infkit does not check, and why. */
export const unchecked: Record<string, string> = {};
