// Trust on this machine: WinVerifyTrust of a signed file (wintrust), the code integrity options
// (NtQuerySystemInformation) and the LocalMachine certificate stores (crypt32). The structs
// are declared in ./ffi.ts.
import type { Primitives } from '../types.js';
import { PrimitiveError } from '../errors.js';
import { guidToBytes } from '../guid.js';
import { HRESULT } from '../winerror-table.js';
import { INVALID_HANDLE_VALUE, isValidHandle, lastError, type Ffi } from './ffi.js';

const WINTRUST_ACTION_GENERIC_VERIFY_V2 = guidToBytes('{00AAC56B-CD44-11D0-8CC2-00C04FC295EE}');
const WTD_UI_NONE = 2;
const WTD_REVOKE_NONE = 0;
const WTD_CHOICE_FILE = 1;
const WTD_STATEACTION_VERIFY = 1;
const WTD_STATEACTION_CLOSE = 2;
const SYSTEM_CODEINTEGRITY_INFORMATION = 103;
const CERT_STORE_PROV_SYSTEM_W = 10;
const CERT_SYSTEM_STORE_LOCAL_MACHINE = 0x20000;
const CERT_STORE_OPEN_EXISTING_FLAG = 0x4000;
const CERT_STORE_READONLY_FLAG = 0x8000;
const X509_ASN_ENCODING = 1;
const CERT_STORE_ADD_NEW = 1;
const CERT_FIND_SHA1_HASH = 0x10000;

/**
 * verifyTrust: WinVerifyTrust's LONG, unsigned (0, TRUST_E_*, CERT_E_*). The result is data, not
 * a failure; the call throws only when wintrust lacks the export (ERROR_PROC_NOT_FOUND).
 */
export function verifyTrust(ffi: Ffi, file: string): number {
  const fileInfo = { cbStruct: ffi.koffi.sizeof('WINTRUST_FILE_INFO'), pcwszFilePath: file, hFile: 0, pgKnownSubject: null };
  const data = {
    cbStruct: ffi.koffi.sizeof('WINTRUST_DATA'),
    dwUIChoice: WTD_UI_NONE,
    fdwRevocationChecks: WTD_REVOKE_NONE,
    dwUnionChoice: WTD_CHOICE_FILE,
    pFile: fileInfo,
    dwStateAction: WTD_STATEACTION_VERIFY,
    hWVTStateData: 0,
  };
  const result = ffi.api.WinVerifyTrust(INVALID_HANDLE_VALUE, WINTRUST_ACTION_GENERIC_VERIFY_V2, data) as number;
  // koffi copied the struct back (hWVTStateData with it, pFile as an address): the state VERIFY kept is freed.
  ffi.api.WinVerifyTrust(INVALID_HANDLE_VALUE, WINTRUST_ACTION_GENERIC_VERIFY_V2, {
    ...data,
    pFile: fileInfo,
    dwStateAction: WTD_STATEACTION_CLOSE,
  });
  return result >>> 0;
}

/** codeIntegrityOptions: a failed NTSTATUS is thrown as the Win32 code RtlNtStatusToDosError gives. */
export function codeIntegrityOptions(ffi: Ffi): number {
  const info = Buffer.alloc(8); // SYSTEM_CODEINTEGRITY_INFORMATION: Length, CodeIntegrityOptions
  info.writeUInt32LE(info.length, 0);
  const status = ffi.api.NtQuerySystemInformation(SYSTEM_CODEINTEGRITY_INFORMATION, info, info.length, null) as number;
  if (status < 0) throw new PrimitiveError('NtQuerySystemInformation', ffi.api.RtlNtStatusToDosError(status) as number, 'win32');
  return info.readUInt32LE(4);
}

/** Runs `body` with a LocalMachine system store open, and always closes it. */
function withStore<T>(ffi: Ffi, name: string, flags: number, body: (store: number) => T): T {
  const store = ffi.api.CertOpenStore(CERT_STORE_PROV_SYSTEM_W, 0, 0, CERT_SYSTEM_STORE_LOCAL_MACHINE | flags, name) as number;
  if (!isValidHandle(store)) throw lastError(ffi, 'CertOpenStore');
  try {
    return body(store);
  } finally {
    ffi.api.CertCloseStore(store, 0);
  }
}

/** listCertificates: each certificate's DER. The store must exist. */
export function listCertificates(ffi: Ffi, name: string): Uint8Array[] {
  return withStore(ffi, name, CERT_STORE_READONLY_FLAG | CERT_STORE_OPEN_EXISTING_FLAG, (store) => {
    const ders: Uint8Array[] = [];
    // Each call frees the context it is given; the last returns 0 with CRYPT_E_NOT_FOUND.
    const next = (previous: number): number => ffi.api.CertEnumCertificatesInStore(store, previous) as number;
    for (let cert = next(0); cert !== 0; cert = next(cert)) {
      const context = ffi.koffi.decode(cert, 'CERT_CONTEXT') as { pbCertEncoded: bigint; cbCertEncoded: number };
      ders.push(Buffer.from(ffi.koffi.view(context.pbCertEncoded, context.cbCertEncoded).slice(0)));
    }
    const err = ffi.api.GetLastError() as number;
    if (err !== HRESULT.CRYPT_E_NOT_FOUND) throw new PrimitiveError('CertEnumCertificatesInStore', err);
    return ders;
  });
}

/** addCertificate: true when added, false when the store has it (CRYPT_E_EXISTS). The store is created when missing. */
export function addCertificate(ffi: Ffi, name: string, der: Uint8Array): boolean {
  return withStore(ffi, name, 0, (store) => {
    if (ffi.api.CertAddEncodedCertificateToStore(store, X509_ASN_ENCODING, der, der.byteLength, CERT_STORE_ADD_NEW, null)) return true;
    const err = ffi.api.GetLastError() as number;
    if (err === HRESULT.CRYPT_E_EXISTS) return false;
    throw new PrimitiveError('CertAddEncodedCertificateToStore', err);
  });
}

/** removeCertificate: true when the certificate with that SHA-1 hash was deleted, false when there is none. The store must exist. */
export function removeCertificate(ffi: Ffi, name: string, sha1: Uint8Array): boolean {
  if (sha1.byteLength !== 20) throw new TypeError('sha1 must be 20 bytes');
  return withStore(ffi, name, CERT_STORE_OPEN_EXISTING_FLAG, (store) => {
    const hash = { cbData: sha1.byteLength, pbData: sha1 };
    const cert = ffi.api.CertFindCertificateInStore(store, X509_ASN_ENCODING, 0, CERT_FIND_SHA1_HASH, hash, 0) as number;
    if (cert === 0) {
      const err = ffi.api.GetLastError() as number;
      if (err === HRESULT.CRYPT_E_NOT_FOUND) return false;
      throw new PrimitiveError('CertFindCertificateInStore', err);
    }
    // It frees the context, when it fails too.
    if (!ffi.api.CertDeleteCertificateFromStore(cert)) throw lastError(ffi, 'CertDeleteCertificateFromStore');
    return true;
  });
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(
  ffi: Ffi,
): Pick<Primitives, 'verifyTrust' | 'codeIntegrityOptions' | 'listCertificates' | 'addCertificate' | 'removeCertificate'> {
  return {
    verifyTrust: (file) => verifyTrust(ffi, file),
    codeIntegrityOptions: () => codeIntegrityOptions(ffi),
    listCertificates: (store) => listCertificates(ffi, store),
    addCertificate: (store, der) => addCertificate(ffi, store, der),
    removeCertificate: (store, sha1) => removeCertificate(ffi, store, sha1),
  };
}
