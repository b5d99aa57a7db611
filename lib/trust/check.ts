// The signing and trust check of a driver package, before any install and on any OS: the
// catalog CatalogFile names for the architecture, beside the INF; its signature, signer,
// chain and timestamp; and, for every file the INF copies for that architecture and the INF
// itself, whether the catalog lists it and vouches for its hash. Offline: whether a machine
// trusts the signer is not decided here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInf } from '../inf/index.js';
import { catalogFileFor, readVersion } from '../inf/model.js';
import type { InfDocument } from '../inf/types.js';
import { buildPlan, DEFAULT_TARGET } from '../plan/index.js';
import { packageFilesFor } from '../rules/package-files.js';
import type { Diagnostic } from '../rules/types.js';
import { catalogHash, flatHash, type HashAlgorithm } from './authenticode.js';
import type { Catalog, CatalogMember, CatalogTimestamp, CertificateInfo } from './catalog.js';
import { TRUST_CODES, trustStopsInstall, type TrustCode } from './codes.js';

export interface TrustFile {
  /** The file's path relative to the INF's folder, as the INF names it. */
  name: string;
  /** Whether the catalog has a member for it: by its File attribute or by its hash. */
  listed: boolean;
  /** The algorithm the file was hashed with (the catalog's), or null when it could not be hashed. */
  hashAlgorithm: HashAlgorithm | null;
  /** 'pe': Authenticode PE image hash; 'flat': hash of the whole file. */
  hashKind: 'pe' | 'flat' | null;
  hash: string | null;
  /** Whether a member of the catalog has this hash (Windows looks files up by hash). */
  matches: boolean;
}

export type TrustVerdict = 'ok' | 'expired' | 'mismatch' | 'invalid' | 'missing-catalog' | 'unsigned';

export interface TrustReport {
  inf: string;
  arch: string;
  /** The catalog named for the architecture; path null when it is not beside the INF. */
  catalog: {
    key: string;
    name: string;
    path: string | null;
    members?: number;
    subjectAlgorithm?: string;
    thisUpdate?: string | null;
    attributes?: Record<string, string>;
  } | null;
  /** The signer's certificate, with whether the chain was valid when it signed (by the timestamp, else now). */
  signer: (CertificateInfo & { expired: boolean; judgedAt: string; judgedBy: 'timestamp' | 'now' }) | null;
  chain: CertificateInfo[];
  timestamp: CatalogTimestamp | null;
  /** OSAttr values of the catalog and its members (`2:6.1` = NT 6.1), each once. */
  osAttributes: string[];
  files: TrustFile[];
  verdict: TrustVerdict;
  findings: Diagnostic[];
}

export interface TrustOptions {
  /** Target architecture: x86, amd64, arm64, ... */
  arch: string;
  /** The time to judge an untimestamped signature at; default now. */
  now?: Date;
}

/** Verdict per code, the first found in this order wins. */
const VERDICTS: Array<[TrustVerdict, readonly TrustCode[]]> = [
  ['unsigned', [TRUST_CODES.noCatalogFile, TRUST_CODES.catalogUnsigned]],
  ['missing-catalog', [TRUST_CODES.catalogMissing]],
  ['invalid', [TRUST_CODES.catalogUnreadable, TRUST_CODES.signatureInvalid]],
  ['mismatch', [TRUST_CODES.fileNotListed, TRUST_CODES.hashMismatch, TRUST_CODES.fileAbsent]],
  ['expired', [TRUST_CODES.expired]],
];

class Findings {
  readonly list: Diagnostic[] = [];
  constructor(readonly file: string) {}

  add(code: TrustCode, message: string, at?: { line: number; column?: number }): void {
    this.list.push({ code: code.code, severity: code.severity, file: this.file, line: at?.line ?? 0, column: at?.column ?? 0, message });
  }

  has(codes: readonly TrustCode[]): boolean {
    return this.list.some((d) => codes.some((c) => c.code === d.code));
  }
}

const lower = (s: string) => s.toLowerCase();

/** A file of the package by its path relative to the INF's folder, found case-insensitively as on Windows. */
function packageLookup(dir: string): (relative: string) => string | null {
  const files = packageFilesFor(dir);
  let byName: Map<string, string> | null = null;
  return (relative) => {
    byName ??= new Map(files.list().map((f) => [lower(f), f]));
    const found = byName.get(lower(relative.replace(/\\/g, '/').replace(/^\.?\//, '')));
    return found === undefined ? null : path.join(dir, found);
  };
}

/** The files an install of the package copies for the architecture, with the line that copies each. */
function copiedFiles(doc: InfDocument, arch: string): Array<{ name: string; line: number }> {
  const hasModels = doc.section('Manufacturer') !== undefined;
  // The Models sections are chosen for the Windows version `infkit plan` assumes.
  const target = { ...DEFAULT_TARGET, arch };
  const plan = hasModels
    ? buildPlan(doc, { kind: 'package', target })
    : doc.section('DefaultInstall') !== undefined
      ? buildPlan(doc, { kind: 'section', section: 'DefaultInstall', target })
      : null;
  const seen = new Map<string, { name: string; line: number }>();
  for (const op of plan?.operations ?? []) {
    // Copies that Include=/Needs= bring from other INFs copy those INFs' files, not the package's.
    if (op.op !== 'file-copy' || op.source.file !== doc.file) continue;
    const name = (op.sourcePath ?? op.sourceFile).replace(/\\/g, '/');
    if (!seen.has(lower(name))) seen.set(lower(name), { name, line: op.source.line });
  }
  return [...seen.values()];
}

/** Whether `member`'s File attribute names the file at `name` (the catalog keeps base names). */
function namedBy(member: CatalogMember, name: string): boolean {
  return member.file !== null && lower(member.file) === lower(path.posix.basename(name));
}

function checkFile(catalog: Catalog, bytes: Uint8Array | null, name: string): TrustFile {
  const named = catalog.members.find((m) => namedBy(m, name)) ?? null;
  if (bytes === null) return { name, listed: named !== null, hashAlgorithm: null, hashKind: null, hash: null, matches: false };
  // The named member's algorithm first, then every other the catalog uses.
  const algorithms = [
    ...new Set([named?.hashAlgorithm, ...catalog.members.map((m) => m.hashAlgorithm)].filter((a): a is HashAlgorithm => a != null)),
  ];
  const hashes = new Set(catalog.members.map((m) => m.hash));
  let first: TrustFile | null = null;
  for (const algorithm of algorithms) {
    const { hash, kind } = catalogHash(bytes, algorithm);
    const result = { name, listed: true, hashAlgorithm: algorithm, hashKind: kind, hash, matches: hashes.has(hash) };
    if (result.matches) return result;
    first ??= { ...result, listed: named !== null };
  }
  return first ?? { name, listed: named !== null, hashAlgorithm: null, hashKind: null, hash: null, matches: false };
}

/**
 * Whether a text file that has LF line ends only would match with CRLF ones: the usual way a
 * package loses its signature in a git checkout (core.autocrlf, text=auto).
 */
function matchesWithCrlf(catalog: Catalog, bytes: Uint8Array, algorithm: HashAlgorithm): boolean {
  const text = Buffer.from(bytes);
  if (!text.includes(0x0a) || text.includes('\r\n')) return false;
  const crlf = Buffer.from(text.toString('latin1').replace(/\n/g, '\r\n'), 'latin1');
  return catalog.members.some((m) => m.hash === flatHash(crlf, algorithm));
}

/** Whether every certificate of the chain was valid at `at`. */
function chainValidAt(chain: readonly CertificateInfo[], at: string): boolean {
  return chain.every((c) => c.notBefore <= at && at <= c.notAfter);
}

/**
 * The trust check of the package an INF belongs to, for one architecture: the INF by its path,
 * or its document already parsed (whose file is the INF's path). Throws InfkitError E_IO when
 * the INF cannot be read and E_INF_REFUSED when SetupAPI would not open it; a catalog that is
 * missing or unreadable is a finding.
 */
export async function checkPackageTrust(inf: string | InfDocument, options: TrustOptions): Promise<TrustReport> {
  const doc = typeof inf === 'string' ? await parseInf(inf) : inf;
  const infPath = doc.file;
  const dir = path.dirname(infPath);
  const findings = new Findings(infPath);
  const report: TrustReport = {
    inf: infPath,
    arch: options.arch,
    catalog: null,
    signer: null,
    chain: [],
    timestamp: null,
    osAttributes: [],
    files: [],
    verdict: 'ok',
    findings: findings.list,
  };
  const done = (): TrustReport => {
    report.verdict = VERDICTS.find(([, codes]) => findings.has(codes))?.[0] ?? 'ok';
    return report;
  };

  const named = catalogFileFor(doc, { arch: options.arch });
  if (!named) {
    const version = readVersion(doc).section;
    findings.add(TRUST_CODES.noCatalogFile, `[Version] names no CatalogFile for ${options.arch}: the package is unsigned`, version);
    return done();
  }
  const entry = readVersion(doc).catalogFiles.find((e) => e.line.key === named.key)!;
  const at = { line: entry.field.line, column: entry.field.column };
  const find = packageLookup(dir);
  const catalogPath = find(named.file);
  report.catalog = { key: named.key, name: named.file, path: catalogPath };
  if (catalogPath === null) {
    findings.add(TRUST_CODES.catalogMissing, `${named.key} = ${named.file}, which is not beside the INF in ${dir}`, at);
    return done();
  }

  const { readCatalog, CatalogFormatError } = await import('./catalog.js');
  let catalog: Catalog;
  try {
    catalog = await readCatalog(readFileSync(catalogPath));
  } catch (error) {
    if (!(error instanceof CatalogFormatError)) throw error;
    findings.add(TRUST_CODES.catalogUnreadable, `${named.file} is not a catalog: ${error.message}`, at);
    return done();
  }
  report.catalog = {
    ...report.catalog,
    members: catalog.members.length,
    subjectAlgorithm: catalog.subjectAlgorithm,
    thisUpdate: catalog.thisUpdate,
    attributes: catalog.attributes,
  };
  report.chain = catalog.chain;
  report.timestamp = catalog.timestamp;
  const osAttr = [catalog.attributes.OSAttr, ...catalog.members.map((m) => m.osAttr)];
  report.osAttributes = [
    ...new Set(
      osAttr.flatMap((v) =>
        v
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== '')
          : [],
      ),
    ),
  ];

  if (catalog.signer === null) {
    findings.add(
      TRUST_CODES.catalogUnsigned,
      `${named.file} ${catalog.signatureValid === null ? 'is not signed' : "does not carry its signer's certificate"}`,
      at,
    );
  } else {
    // Windows judges the chain at the time of a timestamp that verifies, else now.
    const timestamp = catalog.timestamp?.verified ? catalog.timestamp : null;
    const judgedBy = timestamp ? 'timestamp' : 'now';
    const judgedAt = timestamp?.time ?? (options.now ?? new Date()).toISOString();
    const expired = !chainValidAt(catalog.chain, judgedAt);
    report.signer = { ...catalog.signer, expired, judgedAt, judgedBy };
    if (!catalog.signatureValid)
      findings.add(TRUST_CODES.signatureInvalid, `the signature of ${named.file} does not verify with its signer's key`, at);
    if (expired) {
      const bad = catalog.chain.find((c) => !(c.notBefore <= judgedAt && judgedAt <= c.notAfter))!;
      findings.add(
        TRUST_CODES.expired,
        `${bad.subject} is valid ${bad.notBefore} to ${bad.notAfter}, not at ${judgedAt} (${judgedBy === 'timestamp' ? 'the timestamp' : 'now: no timestamp'})`,
        at,
      );
    }
    if (catalog.timestamp && !timestamp) {
      findings.add(
        TRUST_CODES.timestampInvalid,
        `the ${catalog.timestamp.kind} timestamp of ${named.file} (${catalog.timestamp.time}) does not verify: it is ignored`,
        at,
      );
    }
    if (!catalog.timestamp)
      findings.add(TRUST_CODES.noTimestamp, `${named.file} has no timestamp: its signature holds until ${catalog.signer.notAfter}`, at);
  }

  const wanted = [{ name: path.basename(infPath), line: 0 }, ...copiedFiles(doc, options.arch)];
  for (const { name, line } of wanted) {
    const file = find(name);
    const bytes = file === null ? null : readFileSync(file);
    const checked = checkFile(catalog, bytes, name);
    report.files.push(checked);
    const where = line > 0 ? { line } : undefined;
    if (bytes === null) {
      findings.add(TRUST_CODES.fileAbsent, `${name} is copied but not in the package`, where);
      continue;
    }
    if (checked.matches) continue;
    const crlf = checked.hashKind === 'flat' && matchesWithCrlf(catalog, bytes, checked.hashAlgorithm!);
    const why = crlf ? ': it has LF line ends, and with CRLF ones it matches (were they converted, by git say?)' : '';
    if (!checked.listed) findings.add(TRUST_CODES.fileNotListed, `${name} is not listed in ${named.file}${why}`, where);
    else {
      const kind = checked.hashKind === 'pe' ? 'Authenticode' : 'file';
      findings.add(
        TRUST_CODES.hashMismatch,
        `${name}: its ${checked.hashAlgorithm} ${kind} hash ${checked.hash} is not in ${named.file}${why}`,
        where,
      );
    }
  }
  return done();
}

/** Whether a report has a finding that stops an install (unless --force). */
export function trustRefusesInstall(report: TrustReport): boolean {
  return report.findings.some(trustStopsInstall);
}

/** The INF files of a package folder and the folders below it, in name order. */
export function packageInfs(dir: string): string[] {
  return packageFilesFor(dir)
    .list()
    .filter((f) => /\.inf$/i.test(f))
    .map((f) => path.join(dir, f));
}
