// Driver ranking as Windows ranks, offline: the Models entries of driver packages that match a
// device's hardware and compatible IDs on a target, each with its DriverRank, best first.
// From MicrosoftDocs/windows-driver-docs, windows-driver-docs-pr/install/:
// - how-windows-ranks-driver-packages.md: rank = 0xSSGGTHHH, signature + feature + identifier score;
// - signature-score--windows-vista-and-later-.md, feature-score--windows-vista-and-later-.md,
//   identifier-score--windows-vista-and-later-.md: the three scores;
// - overview-of-the-driver-selection-process.md: a match needs its TargetOSVersion decoration to
//   apply; the lowest rank wins, then the newest DriverVer date, then the highest version; with
//   AllSignersEqual (on by default since Windows 7) every trusted signature ranks alike;
// - inf-driverver-directive.md: a DDInstall's DriverVer overrides [Version]'s; no or a bad date is 00/00/0000.
import { readdirSync } from 'node:fs';
import { foldCase } from '../inf/lexer.js';
import { decorationMismatch, parseTargetOsVersion, selectInstallSection, selectModelsSection } from '../inf/platform.js';
import { catalogFileFor, parseDriverVerDate, readManufacturers, readModels, readVersion, type ModelEntry } from '../inf/model.js';
import type { InfDocument, InfSection, PlatformTarget } from '../inf/types.js';

/** The device's IDs as its bus driver reports them, most specific first. */
export interface DeviceIds {
  hardwareIds: readonly string[];
  compatibleIds: readonly string[];
}

/**
 * Where a package's catalog is: in a folder (the INF's own, where an offline check looks for it),
 * or kept by the driver store, which staged the package with it.
 */
export type CatalogPlace = { kind: 'folder'; dir: string } | { kind: 'driver-store' };

export interface RankPackage {
  doc: InfDocument;
  /** What the candidates call the package, and what exact ties are ordered by: the INF's path or its published name. */
  inf: string;
  catalog: CatalogPlace;
}

export type MatchType = 'hardware' | 'compatible';

export interface DriverCandidate {
  inf: string;
  provider: string;
  /** The DDInstall section that would run, decorated as chosen for the target. */
  section: string;
  /** The model's device description. */
  model: string;
  /** The device's ID that matched. */
  matchingId: string;
  /** 'hardware': a device hardware ID is the model's hardware ID; 'compatible': a compatible ID on either side. */
  matchType: MatchType;
  /** Position of matchingId in the device's list it comes from: hardwareIds (rank T 0 or 1), else compatibleIds (T 2 or 3). */
  idPosition: number;
  signature: 'signed' | 'unsigned';
  /** DriverRank: the lower, the better. */
  rank: number;
  /** The rank as 0x00FF2001. */
  rankHex: string;
  /** DriverVer date as YYYY-MM-DD; '' when there is none or it is not a date (Windows then uses 00/00/0000). */
  date: string;
  /** DriverVer version as written; '' when there is none (compared as 0.0.0.0). */
  version: string;
  why: string[];
}

/** A Models line whose IDs match, but which does not count on the target, and why. */
export interface ExcludedMatch {
  inf: string;
  modelsSection: string;
  matchingId: string;
  reason: string;
}

export interface DriverRanking {
  hardwareIds: string[];
  compatibleIds: string[];
  target: PlatformTarget;
  /** Best first. */
  candidates: DriverCandidate[];
  excluded: ExcludedMatch[];
}

// Signature scores (SS). Trusted: 0x00, as AllSignersEqual ranks every trusted signer. Without a
// valid signature: DRIVER_UNTRUSTED_RANK when the DDInstall section has an .nt decoration, else
// DRIVER_W9X_SUSPECT_RANK (setupapi.h; previous-versions ff553433, "System-Defined Driver Rank Constants").
const SIGNATURE_SIGNED = 0x00;
const SIGNATURE_UNSIGNED_NT = 0x80;
const SIGNATURE_UNSIGNED = 0xc0;
/** No FeatureScore directive (feature-score--windows-vista-and-later-.md). */
const FEATURE_DEFAULT = 0xff;
/** HHH, the identifier-list-position score, is three hex digits. */
const MAX_POSITION = 0xfff;

const hex = (n: number, digits: number) => `0x${n.toString(16).toUpperCase().padStart(digits, '0')}`;
const ordinal = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sameId = (a: string, b: string) => foldCase(a) === foldCase(b);
const lineOf = (section: string, model: ModelEntry) => `[${section}] line ${model.line.line}`;

// ---------------------------------------------------------------- identifier score

interface IdMatch {
  score: number;
  matchingId: string;
  matchType: MatchType;
  idPosition: number;
  why: string;
}

/** The best identifier match of a Models entry for the device (identifier-score--windows-vista-and-later-.md), or null. */
function identifierMatch(model: ModelEntry, device: DeviceIds, where = 'the Models entry'): IdMatch | null {
  let best: IdMatch | null = null;
  const consider = (match: IdMatch) => {
    if (!best || match.score < best.score) best = match;
  };
  const infHardware = model.hardwareId;
  const infCompatible = (id: string) => model.compatibleIds.findIndex((c) => sameId(c, id));
  device.hardwareIds.forEach((id, i) => {
    const at = Math.min(i, MAX_POSITION);
    if (infHardware !== null && sameId(id, infHardware)) {
      consider({
        score: at,
        matchingId: id,
        matchType: 'hardware',
        idPosition: i,
        why: `device hardware ID #${i} ${id} is the hardware ID of ${where}`,
      });
    }
    const k = infCompatible(id);
    if (k >= 0) {
      consider({
        score: 0x1000 + at,
        matchingId: id,
        matchType: 'compatible',
        idPosition: i,
        why: `device hardware ID #${i} ${id} is compatible ID #${k} of ${where}`,
      });
    }
  });
  device.compatibleIds.forEach((id, j) => {
    if (infHardware !== null && sameId(id, infHardware)) {
      const score = 0x2000 + Math.min(j, MAX_POSITION);
      consider({
        score,
        matchingId: id,
        matchType: 'compatible',
        idPosition: j,
        why: `device compatible ID #${j} ${id} is the hardware ID of ${where}`,
      });
    }
    const k = infCompatible(id);
    if (k >= 0) {
      const score = 0x3000 + Math.min(j + k * 0x100, MAX_POSITION);
      consider({
        score,
        matchingId: id,
        matchType: 'compatible',
        idPosition: j,
        why: `device compatible ID #${j} ${id} is compatible ID #${k} of ${where}`,
      });
    }
  });
  return best;
}

// ---------------------------------------------------------------- signature score

/** Case-insensitive file lookup in folders, each listed once (Windows file names ignore case). */
class FolderFiles {
  private readonly listed = new Map<string, Set<string>>();

  has(dir: string, name: string): boolean {
    let names = this.listed.get(dir);
    if (!names) {
      let entries: string[] = [];
      try {
        entries = readdirSync(dir);
      } catch {
        // An unreadable folder holds no catalog.
      }
      names = new Set(entries.map(foldCase));
      this.listed.set(dir, names);
    }
    return names.has(foldCase(name));
  }
}

function signatureOf(
  pkg: RankPackage,
  target: PlatformTarget,
  ddInstallDecorated: boolean,
  files: FolderFiles,
): { signed: boolean; score: number; why: string } {
  const catalog = catalogFileFor(pkg.doc, target);
  const unsignedScore = ddInstallDecorated ? SIGNATURE_UNSIGNED_NT : SIGNATURE_UNSIGNED;
  const unsigned = (what: string) => ({
    signed: false,
    score: unsignedScore,
    why: `unsigned: ${what}; signature score ${hex(unsignedScore, 2)} (no valid signature, DDInstall ${ddInstallDecorated ? 'with' : 'without'} an .nt decoration)`,
  });
  if (!catalog) return unsigned(`[Version] names no CatalogFile for ${target.arch}`);
  const named = `${catalog.key} = ${catalog.file}`;
  const signed = (what: string) => ({
    signed: true,
    score: SIGNATURE_SIGNED,
    why: `signed: ${what}; signature score 0x00 (every trusted signer ranks alike)`,
  });
  if (pkg.catalog.kind === 'driver-store') {
    return signed(
      `assumed, as the driver store staged it with its catalog (${named}); staging checks the signature, but a package whose ` +
        'publisher the user accepted stages too, and the catalog is not checked here',
    );
  }
  if (!files.has(pkg.catalog.dir, catalog.file)) return unsigned(`${named}, which is not next to the INF`);
  return signed(`${named} is next to the INF (offline: that the catalog is signed by a trusted chain is not verified)`);
}

// ---------------------------------------------------------------- feature score, DriverVer

/** FeatureScore in the DDInstall section itself (inf-featurescore-directive.md): one hex byte, `0x` optional. */
function featureScoreOf(section: InfSection): { score: number; why: string } {
  const line = section.lines.find((l) => l.key !== null && foldCase(l.key) === 'featurescore');
  if (!line) return { score: FEATURE_DEFAULT, why: `feature score 0xFF: no FeatureScore in [${section.name}]` };
  const text = line.fields[0]?.value.trim() ?? '';
  const m = /^(?:0x)?([0-9a-f]{1,2})$/i.exec(text);
  if (!m)
    return {
      score: FEATURE_DEFAULT,
      why: `feature score 0xFF: FeatureScore "${text}" in [${section.name}] is not one hex byte, taken as none`,
    };
  const score = Number.parseInt(m[1]!, 16);
  return { score, why: `feature score ${hex(score, 2)}: FeatureScore = ${text} in [${section.name}]` };
}

/** w.x.y.z as four numbers; what is missing or not a number is 0. */
function versionParts(text: string): number[] {
  const parts = text.split('.').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : 0));
  return [0, 1, 2, 3].map((i) => parts[i] ?? 0);
}

function compareVersions(a: string, b: string): number {
  const [pa, pb] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** The DriverVer that applies: the DDInstall section's own, else [Version]'s. */
function driverVerOf(doc: InfDocument, section: InfSection): { date: string; version: string; why: string } {
  const own = section.lines.find((l) => l.key !== null && foldCase(l.key) === 'driverver' && l.fields[0]);
  const line = own ?? doc.linesWithKey('Version', 'DriverVer').find((l) => l.fields[0]);
  if (!line) return { date: '', version: '', why: 'no DriverVer: date 00/00/0000, version 0.0.0.0' };
  const [dateText, versionText = ''] = line.fields.map((f) => f.value.trim());
  const parsed = parseDriverVerDate(dateText!);
  const date = typeof parsed === 'string' ? '' : parsed.iso;
  const from = own ? `[${section.name}], which overrides [Version]'s` : '[Version]';
  const written = `DriverVer = ${line.fields.map((f) => f.value.trim()).join(',')}`;
  return { date, version: versionText, why: `${written} from ${from}${date === '' ? `; "${dateText}" is not a date, so 00/00/0000` : ''}` };
}

// ---------------------------------------------------------------- ranking

/** Best first: lowest rank, then newest date, then highest version; exact ties by INF name (Array.sort keeps file order after that). */
function better(a: DriverCandidate, b: DriverCandidate): number {
  return a.rank - b.rank || ordinal(b.date, a.date) || compareVersions(b.version, a.version) || ordinal(a.inf, b.inf);
}

/** Why a Models section that exists is not the one used on the target. */
function notChosen(decoration: string | null, chosen: string | null, fallback: string, target: PlatformTarget): string {
  if (decoration !== null) {
    const parsed = parseTargetOsVersion(decoration);
    if (!parsed) return `${decoration} is not a TargetOSVersion decoration`;
    const mismatch = decorationMismatch(parsed, target);
    if (mismatch) return `${decoration} does not apply to ${target.arch} ${target.osVersion}: ${mismatch}`;
  }
  return chosen ? `[${chosen}] is used instead: ${fallback}` : fallback;
}

/**
 * The drivers of `packages` that match `device` on `target`, best first, as Windows ranks them
 * (see the top of this file), with why each ranks where it does; and the matching Models
 * lines that do not count on the target (a decoration that does not apply, a missing DDInstall).
 */
export function rankDrivers(packages: readonly RankPackage[], device: DeviceIds, target: PlatformTarget): DriverRanking {
  const files = new FolderFiles();
  const candidates: DriverCandidate[] = [];
  const excluded: ExcludedMatch[] = [];
  for (const pkg of packages) {
    const { doc } = pkg;
    const provider = readVersion(doc).provider?.value.trim() ?? '';
    for (const entry of readManufacturers(doc)) {
      const base = entry.modelsSection.trim();
      if (base === '') continue;
      const choice = selectModelsSection(doc, base, entry.decorations, target);
      // Matches in the Models variants that are not used on the target.
      const variants: Array<[string, string | null]> = [
        ...entry.decorations.map((d): [string, string | null] => [`${base}.${d}`, d]),
        [base, null],
      ];
      for (const [name, decoration] of variants) {
        const section = doc.section(name);
        if (!section || (choice.section !== null && foldCase(section.name) === foldCase(choice.section))) continue;
        for (const model of readModels(doc, section.name)) {
          const match = identifierMatch(model, device);
          if (match)
            excluded.push({
              inf: pkg.inf,
              modelsSection: section.name,
              matchingId: match.matchingId,
              reason: notChosen(decoration, choice.section, choice.reason, target),
            });
        }
      }
      if (choice.section === null) continue;
      for (const model of readModels(doc, choice.section)) {
        const match = identifierMatch(model, device, lineOf(choice.section, model));
        if (!match) continue;
        const installName = model.installSection.trim();
        const ddChoice = selectInstallSection(doc, installName, target);
        const ddInstall = ddChoice.section === null ? undefined : doc.section(ddChoice.section);
        if (!ddInstall) {
          excluded.push({
            inf: pkg.inf,
            modelsSection: choice.section,
            matchingId: match.matchingId,
            reason: `install section [${installName}]: ${ddChoice.reason}`,
          });
          continue;
        }
        const decorated = foldCase(ddInstall.name) !== foldCase(installName);
        const signature = signatureOf(pkg, target, decorated, files);
        const feature = featureScoreOf(ddInstall);
        const driverVer = driverVerOf(doc, ddInstall);
        const rank = signature.score * 0x1000000 + feature.score * 0x10000 + match.score;
        candidates.push({
          inf: pkg.inf,
          provider,
          section: ddInstall.name,
          model: model.description,
          matchingId: match.matchingId,
          matchType: match.matchType,
          idPosition: match.idPosition,
          signature: signature.signed ? 'signed' : 'unsigned',
          rank,
          rankHex: hex(rank, 8),
          date: driverVer.date,
          version: driverVer.version,
          why: [
            `rank ${hex(rank, 8)} = signature ${hex(signature.score, 2)}, feature ${hex(feature.score, 2)}, identifier ${hex(match.score, 4)}`,
            `identifier score ${hex(match.score, 4)}: ${match.why}`,
            signature.why,
            feature.why,
            `Models of ${entry.name}: [${choice.section}], ${choice.reason}`,
            `DDInstall ${installName}: ${ddChoice.reason}`,
            driverVer.why,
          ],
        });
      }
    }
  }
  candidates.sort(better);
  candidates.forEach((c, i) => {
    const next = candidates[i + 1];
    if (next && c.rank === next.rank && c.date === next.date && compareVersions(c.version, next.version) === 0) {
      const tie = 'exact tie on rank, date and version: Windows may pick either; listed by INF name';
      c.why.push(`${tie} (with ${next.inf} [${next.section}])`);
      next.why.push(`${tie} (with ${c.inf} [${c.section}])`);
    }
  });
  return {
    hardwareIds: [...device.hardwareIds],
    compatibleIds: [...device.compatibleIds],
    target,
    candidates,
    excluded,
  };
}
