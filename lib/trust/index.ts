// The signing and trust check of driver packages (`infkit trust check`). The catalog reader
// (pkijs, asn1js) is loaded only when a package has a catalog to read.
export {
  checkPackageTrust,
  packageInfs,
  trustRefusesInstall,
  type TrustFile,
  type TrustOptions,
  type TrustReport,
  type TrustVerdict,
} from './check.js';
export { TRUST_CODES, TRUST_STOPPERS, trustStopsInstall, type TrustCode } from './codes.js';
export { authenticodeHash, catalogHash, flatHash, type HashAlgorithm } from './authenticode.js';
export type { Catalog, CatalogMember, CatalogTimestamp, CertificateInfo } from './catalog.js';
