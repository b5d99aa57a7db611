// Platform decorations: which [X.NTamd64] / [X.NT] / [X] install section SetupAPI picks
// (SetupDiGetActualSectionToInstallEx), and which TargetOSVersion-decorated Models section
// a [Manufacturer] entry resolves to on a given architecture and Windows build.
import type { InfDocument, PlatformTarget } from './types.js';

/** Architectures SetupAPI knows, with their decoration suffix. */
export const ARCHITECTURES = ['x86', 'amd64', 'ia64', 'arm', 'arm64'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

/** `$ARCH$` is the stampinf placeholder in .inx templates; it stands for the target architecture. */
export const ARCH_PLACEHOLDER = '$ARCH$';

/** A parsed TargetOSVersion: NT[Architecture][.[Major][.[Minor][.[ProductType][.[SuiteMask][.[Build]]]]]]. */
export interface TargetOsVersion {
  /** The decoration as written. */
  raw: string;
  /** Lower-case architecture, '$ARCH$' for a template placeholder, or null for plain NT. */
  arch: string | null;
  major?: number;
  minor?: number;
  productType?: number;
  suiteMask?: number;
  build?: number;
}

export interface PlatformChoice {
  /** The chosen section name as the INF spells it, or null when none applies. */
  section: string | null;
  /** Names SetupAPI considered, in the order it tries them. */
  candidates: string[];
  /** Why this one. */
  reason: string;
}

function parseNumber(text: string): number | undefined {
  if (text === '') return undefined;
  const n = /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return Number.isNaN(n) ? undefined : n;
}

/** Parse a TargetOSVersion decoration; undefined when it does not start with NT. */
export function parseTargetOsVersion(decoration: string): TargetOsVersion | undefined {
  const parts = decoration.trim().split('.');
  const head = parts[0]!;
  if (!/^nt/i.test(head)) return undefined;
  const archText = head.slice(2);
  const arch = archText === '' ? null : archText === ARCH_PLACEHOLDER ? ARCH_PLACEHOLDER : archText.toLowerCase();
  if (arch !== null && arch !== ARCH_PLACEHOLDER && !(ARCHITECTURES as readonly string[]).includes(arch)) return undefined;
  const result: TargetOsVersion = { raw: decoration, arch };
  const keys = ['major', 'minor', 'productType', 'suiteMask', 'build'] as const;
  for (let i = 0; i < keys.length && i + 1 < parts.length; i++) {
    const value = parseNumber(parts[i + 1]!.trim());
    if (value !== undefined) result[keys[i]!] = value;
  }
  return result;
}

interface OsVersion {
  major: number;
  minor: number;
  build: number;
}

function parseOsVersion(text: string): OsVersion {
  const [major = 0, minor = 0, build = 0] = text.split('.').map((p) => Number(p) || 0);
  return { major, minor, build };
}

function normaliseArch(arch: string): string {
  const a = arch.toLowerCase();
  if (a === 'x64') return 'amd64';
  if (a === 'ia32' || a === 'i386') return 'x86';
  return a;
}

/** Does `decoration` apply on `target`? Returns a reason when it does not. */
export function decorationMismatch(decoration: TargetOsVersion, target: PlatformTarget): string | null {
  const arch = normaliseArch(target.arch);
  if (decoration.arch !== null && decoration.arch !== ARCH_PLACEHOLDER && decoration.arch !== arch) {
    return `for ${decoration.arch}, not ${arch}`;
  }
  const os = parseOsVersion(target.osVersion);
  if (decoration.major !== undefined) {
    const minor = decoration.minor ?? 0;
    if (decoration.major > os.major || (decoration.major === os.major && minor > os.minor)) {
      return `needs Windows ${decoration.major}.${minor} or later`;
    }
  }
  if (decoration.productType !== undefined && decoration.productType !== (target.productType ?? 1)) {
    return `for product type ${decoration.productType}, not ${target.productType ?? 1}`;
  }
  if (decoration.build !== undefined && decoration.build > os.build) {
    return `needs build ${decoration.build} or later`;
  }
  return null;
}

/** Ordering key: higher OS version, then build, then more specific (architecture, product type, suite). */
function specificity(d: TargetOsVersion): number[] {
  return [
    d.major ?? 0,
    d.minor ?? 0,
    d.build ?? 0,
    d.arch !== null ? 1 : 0,
    d.productType !== undefined ? 1 : 0,
    d.suiteMask !== undefined ? 1 : 0,
  ];
}

function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * The Models section a [Manufacturer] entry resolves to: among its TargetOSVersion
 * decorations, the best one that applies to the target (highest OS version not above the
 * target's, then the most specific); else the undecorated section, which 64-bit Windows
 * does not use when the entry names no decoration for its architecture.
 */
export function selectModelsSection(
  doc: InfDocument,
  modelsSection: string,
  decorations: readonly string[],
  target: PlatformTarget,
): PlatformChoice & { decoration: TargetOsVersion | null } {
  const candidates: string[] = [];
  const rejected: string[] = [];
  let best: TargetOsVersion | null = null;
  for (const raw of decorations) {
    const parsed = parseTargetOsVersion(raw);
    const name = `${modelsSection}.${raw}`;
    candidates.push(name);
    if (!parsed) {
      rejected.push(`${name}: not a TargetOSVersion`);
      continue;
    }
    const mismatch = decorationMismatch(parsed, target);
    if (mismatch) {
      rejected.push(`${name}: ${mismatch}`);
      continue;
    }
    if (!best || compareKeys(specificity(parsed), specificity(best)) > 0) best = parsed;
  }
  candidates.push(modelsSection);
  const arch = normaliseArch(target.arch);
  if (best) {
    const name = `${modelsSection}.${best.raw}`;
    const section = doc.section(name)?.name ?? null;
    const why = `best TargetOSVersion for ${arch} ${target.osVersion}: ${best.raw}`;
    return {
      section,
      candidates,
      decoration: best,
      reason: section ? why : `${why}, but [${name}] does not exist`,
    };
  }
  const plain = doc.section(modelsSection)?.name ?? null;
  // Only x86 falls back to an undecorated Models section; every other architecture
  // (amd64, ia64, arm, arm64) needs a matching decoration.
  if (arch !== 'x86' && decorations.length === 0) {
    return {
      section: null,
      candidates,
      decoration: null,
      reason: `Windows on ${arch} needs an NT${arch} decoration on the [Manufacturer] entry`,
    };
  }
  if (arch !== 'x86') {
    return { section: null, candidates, decoration: null, reason: `no decoration applies (${rejected.join('; ')})` };
  }
  return {
    section: plain,
    candidates,
    decoration: null,
    reason: plain
      ? decorations.length
        ? `no decoration applies (${rejected.join('; ')}); using the undecorated section`
        : 'no decorations: the undecorated section'
      : `no decoration applies and [${modelsSection}] does not exist`,
  };
}

/**
 * The install section SetupAPI uses for `base` (SetupDiGetActualSectionToInstall):
 * [base.NT<arch>], else [base.NT], else [base].
 */
export function selectInstallSection(doc: InfDocument, base: string, target: Pick<PlatformTarget, 'arch'>): PlatformChoice {
  const arch = normaliseArch(target.arch);
  const candidates = [`${base}.NT${arch}`, `${base}.NT`, base];
  for (const name of candidates) {
    const section = doc.section(name);
    if (section) {
      return {
        section: section.name,
        candidates,
        reason: name === base ? 'no platform-decorated variant exists' : `[${section.name}] is the most specific that exists`,
      };
    }
  }
  return { section: null, candidates, reason: `none of [${candidates.join('], [')}] exists` };
}

/** Decorated variants of a section-family for `arch` in lookup order, e.g. SourceDisksFiles.amd64 then SourceDisksFiles. */
export function archVariants(base: string, arch: string): string[] {
  return [`${base}.${normaliseArch(arch)}`, base];
}
