// The codes of `infkit trust check` findings. InfVerif's code where it has one (1233: no
// CatalogFile); infkit's own in INF9550-INF9559 otherwise (INF95xx as the signing checks;
// class-install's INF9501-INF9502 stay below). A code keeps its meaning.
//
// What stops an install before SetupAPI is called (unless --force): a package without its
// catalog, and files the catalog does not vouch for. Whether a catalog's signature is one this
// machine trusts is Windows' own judgement when it stages the package (and `trust check
// --machine`'s): those findings are errors of the check, but they do not pre-empt the install.
import type { Diagnostic } from '../rules/types.js';

export interface TrustCode {
  code: string;
  severity: Diagnostic['severity'];
  title: string;
  /** Why an install is refused for it (unless --force); absent when it does not stop one. */
  stops?: string;
}

export const TRUST_CODES = {
  noCatalogFile: {
    code: 'INF1233',
    severity: 'error',
    title: '[Version] names no CatalogFile for the architecture',
    stops: 'the package has no catalog: Windows installs it as unsigned (refused for kernel drivers on 64-bit Windows)',
  },
  catalogMissing: {
    code: 'INF9550',
    severity: 'error',
    title: 'The catalog CatalogFile names is not beside the INF',
    stops: 'no catalog beside the INF: the package is unsigned to Windows',
  },
  catalogUnreadable: {
    code: 'INF9551',
    severity: 'error',
    title: 'The catalog is not a PKCS#7 SignedData holding a certificate trust list',
  },
  catalogUnsigned: {
    code: 'INF9552',
    severity: 'error',
    title: "The catalog has no signature, or not its signer's certificate",
  },
  signatureInvalid: {
    code: 'INF9553',
    severity: 'error',
    title: "The catalog's signature does not verify: the list was changed after signing",
  },
  fileNotListed: {
    code: 'INF9554',
    severity: 'error',
    title: 'A file the package installs is not listed in its catalog',
    stops: 'a file the catalog does not list: Windows finds no signature for it',
  },
  hashMismatch: {
    code: 'INF9555',
    severity: 'error',
    title: "A listed file's hash is not the one the catalog vouches for",
    stops: 'a file changed after signing: its hash is not in the catalog',
  },
  fileAbsent: {
    code: 'INF9556',
    severity: 'error',
    title: 'A file the package installs is not in the package, so its hash cannot be checked',
    stops: 'a file that is not there: the copy fails',
  },
  expired: {
    code: 'INF9557',
    severity: 'warning',
    title: "A certificate of the signer's chain was not valid when the catalog was signed (by its timestamp, else now)",
  },
  timestampInvalid: {
    code: 'INF9559',
    severity: 'warning',
    title: "The catalog's timestamp does not verify, or is not over its signature: it is ignored",
  },
  noTimestamp: {
    code: 'INF9558',
    severity: 'info',
    title: "The catalog has no timestamp: its signature holds only while the signer's certificate is valid",
  },
} as const satisfies Record<string, TrustCode>;

const STOPPERS = new Map<string, string>(
  Object.values(TRUST_CODES).flatMap((c: TrustCode) => (c.stops === undefined ? [] : [[c.code, c.stops] as [string, string]])),
);

/** The trust findings that stop an install (unless --force), each with why: code → reason. */
export const TRUST_STOPPERS: ReadonlyMap<string, string> = STOPPERS;

/** True when this trust finding stops an install (unless --force). */
export function trustStopsInstall(d: Diagnostic): boolean {
  return d.severity === 'error' && STOPPERS.has(d.code);
}
