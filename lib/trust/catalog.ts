// A driver package's catalog (.cat): a PKCS#7 SignedData whose content is a Microsoft
// certificate trust list (CTL, szOID_CTL). Each member of the list is a file, tagged by its
// hash, with attributes (File name, OSAttr, the SpcIndirectData that gives the hash and its
// kind). The signature over the list, the certificates that came with it and the timestamp
// say who vouches for those hashes. Read with asn1js and pkijs (see the README for why).
import { constants, createHash, createPublicKey, publicDecrypt, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { algorithmForLength, type HashAlgorithm } from './authenticode.js';

export const OID = {
  signedData: '1.2.840.113549.1.7.2',
  ctl: '1.3.6.1.4.1.311.10.1',
  /** CAT_NAMEVALUE_OBJID: a name/value attribute such as File or OSAttr. */
  catNameValue: '1.3.6.1.4.1.311.12.2.1',
  /** SPC_INDIRECT_DATA_OBJID: the member's digest and what kind of subject it is. */
  spcIndirectData: '1.3.6.1.4.1.311.2.1.4',
  /** SPC_PE_IMAGE_DATAOBJ: the digest is an Authenticode PE image hash. */
  spcPeImageData: '1.3.6.1.4.1.311.2.1.15',
  signingTime: '1.2.840.113549.1.9.5',
  /** An Authenticode timestamp: a counter-signature (PKCS#9) over the signature. */
  counterSignature: '1.2.840.113549.1.9.6',
  /** An RFC 3161 timestamp token, as RFC 3161 names it and as Microsoft does. */
  timeStampToken: '1.2.840.113549.1.9.16.2.14',
  msTimeStampToken: '1.3.6.1.4.1.311.3.3.1',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
} as const;

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** Serial number, hex upper case, as certutil and openssl print it. */
  serial: string;
  /** SHA1 of the certificate's DER, hex upper case (Windows' thumbprint). */
  thumbprint: string;
  notBefore: string;
  notAfter: string;
}

export interface CatalogMember {
  /** The member's tag as written: for hash-tagged members, the hash in hex. */
  tag: string;
  /** The hash the catalog vouches for, hex upper case, or null when the member carries none. */
  hash: string | null;
  hashAlgorithm: HashAlgorithm | null;
  /** 'pe' when the hash is an Authenticode PE image hash, 'flat' for a whole-file hash. */
  kind: 'pe' | 'flat' | null;
  /** The File attribute: the file name the member was made from. */
  file: string | null;
  osAttr: string | null;
}

export interface CatalogTimestamp {
  /** 'rfc3161': a timestamp token; 'authenticode': a PKCS#9 counter-signature. */
  kind: 'rfc3161' | 'authenticode';
  time: string;
  signer: CertificateInfo | null;
  /** Whether the timestamp's signature verifies and is over the catalog's signature. */
  verified: boolean;
}

export interface Catalog {
  /** The CTL's subject algorithm: szOID_CATALOG_LIST_MEMBER (v1) or ..._MEMBER2 (v2). */
  subjectAlgorithm: string;
  thisUpdate: string | null;
  members: CatalogMember[];
  /** The catalog's own name/value attributes (OS, HWID1, ...), by name as written. */
  attributes: Record<string, string>;
  /** Null when the SignedData has no signer: an unsigned catalog, as MakeCat leaves it. */
  signer: CertificateInfo | null;
  /** The signer's certificate, then each issuer the catalog carries, up to a self-signed one. */
  chain: CertificateInfo[];
  timestamp: CatalogTimestamp | null;
  /** Whether the signature over the list verifies with the signer's key; null when unsigned. */
  signatureValid: boolean | null;
}

/** Bytes that are not a catalog: not DER, not SignedData, or no CTL inside. */
export class CatalogFormatError extends Error {}

function fail(message: string): never {
  throw new CatalogFormatError(message);
}

const hex = (bytes: Uint8Array | ArrayBuffer): string =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes))
    .toString('hex')
    .toUpperCase();

function fromDer(bytes: Uint8Array | ArrayBuffer, what: string): asn1js.AsnType {
  // A copy: a Buffer may be a view of a pool shared with other data.
  const parsed = asn1js.fromBER(bytes instanceof Uint8Array ? new Uint8Array(bytes).buffer : bytes);
  if (parsed.offset === -1) fail(`${what} is not DER: ${parsed.result.error}`);
  return parsed.result;
}

/** Text of a UTF-16LE OCTET STRING as catalogs store names and values, without its terminating NUL. */
function utf16(bytes: Uint8Array): string {
  return new TextDecoder('utf-16le').decode(bytes).replace(/\0+$/, '');
}

// ---------------------------------------------------------------- certificates

const NAME_KEYS: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.11': 'OU',
  '2.5.4.10': 'O',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.6': 'C',
  '2.5.4.9': 'STREET',
  '2.5.4.5': 'SERIALNUMBER',
  '1.2.840.113549.1.9.1': 'E',
  '0.9.2342.19200300.100.1.25': 'DC',
};

/** A distinguished name as Windows prints it: most specific first, `CN=..., O=..., C=US`. */
function nameText(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_KEYS[tv.type] ?? tv.type}=${String((tv.value.valueBlock as { value?: unknown }).value ?? '')}`)
    .reverse()
    .join(', ');
}

/** An INTEGER as hex, without the 00 that DER puts before a high first byte. */
function serialText(serial: asn1js.Integer): string {
  const text = hex(serial.valueBlock.valueHexView);
  return text.length > 2 && text.startsWith('00') ? text.slice(2) : text;
}

function certificateInfo(cert: pkijs.Certificate): CertificateInfo {
  return {
    subject: nameText(cert.subject),
    issuer: nameText(cert.issuer),
    serial: serialText(cert.serialNumber),
    thumbprint: createHash('sha1').update(new Uint8Array(cert.toSchema().toBER())).digest('hex').toUpperCase(),
    notBefore: cert.notBefore.value.toISOString(),
    notAfter: cert.notAfter.value.toISOString(),
  };
}

/** Subject, issuer, serial, thumbprint and validity of a DER certificate (a .cer file, a store's). */
export function describeCertificate(der: Uint8Array): CertificateInfo {
  try {
    return certificateInfo(new pkijs.Certificate({ schema: fromDer(der, 'the certificate') }));
  } catch (error) {
    if (error instanceof CatalogFormatError) throw error;
    fail(`not an X.509 certificate: ${(error as Error).message}`);
  }
}

function certificatesOf(signed: pkijs.SignedData): pkijs.Certificate[] {
  return (signed.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
}

/** The certificate a SignerInfo names by issuer and serial number, among `certs`. */
function certificateFor(signer: pkijs.SignerInfo, certs: pkijs.Certificate[]): pkijs.Certificate | null {
  if (!(signer.sid instanceof pkijs.IssuerAndSerialNumber)) return null;
  const sid = signer.sid;
  return certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber)) ?? null;
}

/** `leaf`, then its issuer, and so on, as far as `certs` has them; stops at a self-signed one. */
function chainOf(leaf: pkijs.Certificate, certs: pkijs.Certificate[]): pkijs.Certificate[] {
  const chain = [leaf];
  for (let cert = leaf; !cert.issuer.isEqual(cert.subject) && chain.length <= certs.length; ) {
    const issuer = certs.find((c) => c.subject.isEqual(cert.issuer) && !chain.includes(c));
    if (!issuer) break;
    chain.push(issuer);
    cert = issuer;
  }
  return chain;
}

// ---------------------------------------------------------------- the trust list

/** NameValue ::= SEQUENCE { name BMPString, flags INTEGER, value OCTET STRING (UTF-16LE) } */
function nameValue(block: asn1js.AsnType): { name: string; value: string } | null {
  if (!(block instanceof asn1js.Sequence)) return null;
  const [name, , value] = block.valueBlock.value;
  if (!(name instanceof asn1js.BmpString) || !(value instanceof asn1js.OctetString)) return null;
  return { name: name.valueBlock.value, value: utf16(value.valueBlock.valueHexView) };
}

/** SpcIndirectDataContent ::= SEQUENCE { data SEQUENCE { type OID, ... }, digest SEQUENCE { alg, OCTET STRING } } */
function indirectData(block: asn1js.AsnType): { hash: string; algorithm: HashAlgorithm | null; kind: 'pe' | 'flat' } | null {
  if (!(block instanceof asn1js.Sequence)) return null;
  const [data, digestInfo] = block.valueBlock.value;
  if (!(data instanceof asn1js.Sequence) || !(digestInfo instanceof asn1js.Sequence)) return null;
  const type = data.valueBlock.value[0];
  const [algorithm, digest] = digestInfo.valueBlock.value;
  const algorithmOid = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value[0] : undefined;
  if (!(digest instanceof asn1js.OctetString) || !(algorithmOid instanceof asn1js.ObjectIdentifier)) return null;
  const oid = algorithmOid.valueBlock.toString();
  return {
    hash: hex(digest.valueBlock.valueHexView),
    algorithm: oid === OID.sha1 ? 'sha1' : oid === OID.sha256 ? 'sha256' : null,
    kind: type instanceof asn1js.ObjectIdentifier && type.valueBlock.toString() === OID.spcPeImageData ? 'pe' : 'flat',
  };
}

/** Attribute ::= SEQUENCE { type OID, values SET } → [type, first value]. */
function attribute(block: asn1js.AsnType): [string, asn1js.AsnType | undefined] | null {
  if (!(block instanceof asn1js.Sequence)) return null;
  const [type, values] = block.valueBlock.value;
  if (!(type instanceof asn1js.ObjectIdentifier)) return null;
  return [
    type.valueBlock.toString(),
    values instanceof asn1js.Set || values instanceof asn1js.Sequence ? values.valueBlock.value[0] : values,
  ];
}

/** TrustedSubject ::= SEQUENCE { identifier OCTET STRING, attributes SET OF Attribute OPTIONAL } */
function member(block: asn1js.AsnType): CatalogMember {
  if (!(block instanceof asn1js.Sequence)) fail('a catalog member is not a SEQUENCE');
  const [identifier, attributes] = block.valueBlock.value;
  if (!(identifier instanceof asn1js.OctetString)) fail('a catalog member has no tag');
  const raw = identifier.valueBlock.valueHexView;
  // Hash tags are the hash in hex, as UTF-16LE text; other tags (MakeCat's <HASH> off) are names.
  const text = utf16(raw);
  const tagHash = /^[0-9A-F]+$/i.test(text) && algorithmForLength(text.length / 2) !== null ? text.toUpperCase() : null;
  const found: CatalogMember = {
    tag: tagHash ?? text,
    hash: tagHash,
    hashAlgorithm: tagHash === null ? null : algorithmForLength(tagHash.length / 2),
    kind: null,
    file: null,
    osAttr: null,
  };
  for (const item of attributes instanceof asn1js.Set ? attributes.valueBlock.value : []) {
    const [type, value] = attribute(item) ?? [];
    if (value === undefined) continue;
    if (type === OID.catNameValue) {
      const pair = nameValue(value);
      if (pair?.name.toLowerCase() === 'file') found.file = pair.value;
      else if (pair?.name.toLowerCase() === 'osattr') found.osAttr = pair.value;
    } else if (type === OID.spcIndirectData) {
      const data = indirectData(value);
      if (data) {
        found.hash = data.hash;
        found.hashAlgorithm = data.algorithm ?? algorithmForLength(data.hash.length / 2);
        found.kind = data.kind;
      }
    }
  }
  return found;
}

const isTime = (b: asn1js.AsnType | undefined): b is asn1js.UTCTime | asn1js.GeneralizedTime =>
  b instanceof asn1js.UTCTime || b instanceof asn1js.GeneralizedTime;

/**
 * CertificateTrustList ::= SEQUENCE { version INTEGER OPTIONAL, subjectUsage SEQUENCE OF OID,
 *   listIdentifier OCTET STRING OPTIONAL, sequenceNumber INTEGER OPTIONAL, thisUpdate Time,
 *   nextUpdate Time OPTIONAL, subjectAlgorithm AlgorithmIdentifier, trustedSubjects SEQUENCE OF
 *   TrustedSubject OPTIONAL, extensions [0] EXPLICIT Extensions OPTIONAL }
 */
function trustList(ctl: asn1js.AsnType): Pick<Catalog, 'subjectAlgorithm' | 'thisUpdate' | 'members' | 'attributes'> {
  if (!(ctl instanceof asn1js.Sequence)) fail('the trust list is not a SEQUENCE');
  const items = ctl.valueBlock.value;
  let i = 0;
  if (items[i] instanceof asn1js.Integer) i++; // version
  if (!(items[i++] instanceof asn1js.Sequence)) fail('the trust list has no subject usage');
  if (items[i] instanceof asn1js.OctetString) i++; // listIdentifier
  if (items[i] instanceof asn1js.Integer) i++; // sequenceNumber
  const thisUpdate = items[i];
  if (isTime(thisUpdate)) i++;
  if (isTime(items[i])) i++; // nextUpdate
  const algorithm = items[i++];
  const algorithmOid = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value[0] : undefined;
  if (!(algorithmOid instanceof asn1js.ObjectIdentifier)) fail('the trust list has no subject algorithm');
  const subjects = items[i] instanceof asn1js.Sequence ? (items[i++] as asn1js.Sequence).valueBlock.value : [];
  const attributes: Record<string, string> = {};
  const extensions = items[i];
  if (extensions instanceof asn1js.Constructed && extensions.idBlock.tagClass === 3 && extensions.idBlock.tagNumber === 0) {
    const list = extensions.valueBlock.value[0];
    for (const ext of list instanceof asn1js.Sequence ? list.valueBlock.value : []) {
      // Extension ::= SEQUENCE { extnID OID, critical BOOLEAN OPTIONAL, extnValue OCTET STRING (DER) }
      const parts = ext instanceof asn1js.Sequence ? ext.valueBlock.value : [];
      const id = parts[0];
      const value = parts[parts.length - 1];
      if (!(id instanceof asn1js.ObjectIdentifier) || id.valueBlock.toString() !== OID.catNameValue) continue;
      if (!(value instanceof asn1js.OctetString)) continue;
      const pair = nameValue(fromDer(value.valueBlock.valueHexView, 'a catalog attribute'));
      if (pair) attributes[pair.name] = pair.value;
    }
  }
  return {
    subjectAlgorithm: algorithmOid.valueBlock.toString(),
    thisUpdate: isTime(thisUpdate) ? thisUpdate.toDate().toISOString() : null,
    members: subjects.map(member),
    attributes,
  };
}

// ---------------------------------------------------------------- timestamp

/**
 * The timestamp of a signature, from its unsigned attributes: an RFC 3161 token, or an
 * Authenticode counter-signature. `verified`: the timestamp's own signature verifies and it
 * is over this signature (Windows ignores a timestamp that does not).
 */
function timestampOf(signer: pkijs.SignerInfo, certs: pkijs.Certificate[]): CatalogTimestamp | null {
  const signature = new Uint8Array(signer.signature.valueBlock.valueHexView);
  for (const attr of signer.unsignedAttrs?.attributes ?? []) {
    const value = attr.values[0];
    if (value === undefined) continue;
    if (attr.type === OID.counterSignature) {
      const counter = new pkijs.SignerInfo({ schema: value });
      const time = counter.signedAttrs?.attributes.find((a) => a.type === OID.signingTime)?.values[0];
      if (!isTime(time)) continue;
      const cert = certificateFor(counter, certs);
      // A counter-signature signs the signature's value: its messageDigest is that value's digest.
      const verified = cert !== null && verifySignature(counter, cert, signature);
      return { kind: 'authenticode', time: time.toDate().toISOString(), signer: cert ? certificateInfo(cert) : null, verified };
    }
    if (attr.type === OID.timeStampToken || attr.type === OID.msTimeStampToken) {
      const token = new pkijs.SignedData({ schema: new pkijs.ContentInfo({ schema: value }).content });
      const content = token.encapContentInfo.eContent;
      if (!(content instanceof asn1js.OctetString)) continue;
      const tstInfo = new Uint8Array(content.getValue());
      const info = new pkijs.TSTInfo({ schema: fromDer(tstInfo, 'a timestamp token') });
      const tokenSigner = token.signerInfos[0];
      const cert = tokenSigner ? certificateFor(tokenSigner, [...certificatesOf(token), ...certs]) : null;
      // The token's message imprint is the digest of the signature's value.
      const imprint = DIGESTS[info.messageImprint.hashAlgorithm.algorithmId];
      const over =
        imprint !== undefined && hex(info.messageImprint.hashedMessage.valueBlock.valueHexView) === digestHex(imprint, signature);
      const verified = over && cert !== null && tokenSigner !== undefined && verifySignature(tokenSigner, cert, tstInfo);
      return { kind: 'rfc3161', time: info.genTime.toISOString(), signer: cert ? certificateInfo(cert) : null, verified };
    }
  }
  return null;
}

// ---------------------------------------------------------------- the signature

const DIGESTS: Record<string, string> = {
  '1.2.840.113549.2.5': 'md5',
  [OID.sha1]: 'sha1',
  [OID.sha256]: 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

const digestHex = (digest: string, bytes: Uint8Array) => createHash(digest).update(bytes).digest('hex').toUpperCase();

/**
 * PKCS#7 verification of one signer, with Node's crypto (which, unlike WebCrypto, has the MD5
 * that catalogs of the 2000s use): the messageDigest attribute is the digest of the content's
 * value octets, and the signature is over the DER of the signed attributes (RFC 2315 9.3).
 */
function verifySignature(signer: pkijs.SignerInfo, cert: pkijs.Certificate, content: Uint8Array): boolean {
  const digest = DIGESTS[signer.digestAlgorithm.algorithmId];
  if (digest === undefined) return false;
  let signedBytes = content;
  if (signer.signedAttrs) {
    const claimed = signer.signedAttrs.attributes.find((a) => a.type === MESSAGE_DIGEST)?.values[0];
    if (!(claimed instanceof asn1js.OctetString)) return false;
    if (hex(claimed.valueBlock.valueHexView) !== digestHex(digest, content)) return false;
    signedBytes = new Uint8Array(signer.signedAttrs.encodedValue); // pkijs keeps them with the SET tag DER wants
  }
  try {
    const key = createPublicKey({ key: Buffer.from(cert.subjectPublicKeyInfo.toSchema().toBER()), format: 'der', type: 'spki' });
    const signature = signer.signature.valueBlock.valueHexView;
    if (verify(digest, signedBytes, key, signature)) return true;
    // VeriSign's and Symantec's timestamping services signed the bare digest, without the
    // DigestInfo around it: the counter-signatures of 18 of the 37 vendor packages' catalogs
    // (2000-2013) decrypt to the digest alone. Their messageDigest is checked all the same.
    if (key.asymmetricKeyType !== 'rsa') return false;
    return hex(publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature)) === digestHex(digest, signedBytes);
  } catch {
    return false; // a key or signature Node cannot read does not verify
  }
}

// ---------------------------------------------------------------- the catalog

/** Reads a catalog. Throws CatalogFormatError when the bytes are not one. */
export async function readCatalog(bytes: Uint8Array): Promise<Catalog> {
  if (bytes.length === 0) fail('the file is empty');
  if (bytes[0] !== 0x30) {
    // Placeholders ship as catalogs too: say what the file begins with.
    const text = Buffer.from(bytes.subarray(0, 40)).toString('latin1');
    fail(
      /^[\x20-\x7e\r\n\t]+$/.test(text)
        ? `it is text, not DER: ${JSON.stringify(text)}${bytes.length > 40 ? '…' : ''}`
        : 'it is not DER: no SEQUENCE at its start',
    );
  }
  let signed: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: fromDer(bytes, 'the file') });
    if (info.contentType !== OID.signedData) fail(`the content is ${info.contentType}, not PKCS#7 SignedData`);
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    if (error instanceof CatalogFormatError) throw error;
    fail(`not a PKCS#7 SignedData: ${(error as Error).message}`);
  }
  const type = signed.encapContentInfo.eContentType;
  if (type !== OID.ctl) fail(`the signed content is ${type}, not a certificate trust list (${OID.ctl})`);
  // PKCS#7 (as MakeCat writes) carries the list itself; CMS wraps it in an OCTET STRING.
  // pkijs types eContent as an OCTET STRING, which it is only in the CMS form.
  const content: asn1js.BaseBlock | undefined = signed.encapContentInfo.eContent;
  if (!content) fail('the SignedData has no content');
  // The digest covers the content's value octets: the list's, or the OCTET STRING's.
  const contentOctets = new Uint8Array(
    content instanceof asn1js.OctetString ? content.getValue() : content.valueBlock.valueBeforeDecodeView,
  );
  const list = trustList(content instanceof asn1js.OctetString ? fromDer(contentOctets, 'the trust list') : content);

  const certs = certificatesOf(signed);
  const signerInfo = signed.signerInfos[0];
  if (!signerInfo) return { ...list, signer: null, chain: [], timestamp: null, signatureValid: null };
  const leaf = certificateFor(signerInfo, certs);
  const signatureValid = leaf ? verifySignature(signerInfo, leaf, contentOctets) : false;
  return {
    ...list,
    signer: leaf ? certificateInfo(leaf) : null,
    chain: leaf ? chainOf(leaf, certs).map(certificateInfo) : [],
    timestamp: timestampOf(signerInfo, certs),
    signatureValid,
  };
}
