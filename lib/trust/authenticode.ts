// The hashes a catalog lists files by: the Authenticode hash for a PE image (.sys, .dll,
// .exe), the hash of the whole file for anything else.
//
// The Authenticode hash ("Windows Authenticode Portable Executable Signature Format") covers
// the file except three parts: the CheckSum field of the optional header, the certificate
// table's entry in the data directories, and the certificate table itself (the signatures
// embedded in the file). What is hashed is the rest of the file in order, which is what
// signing tools and Windows compute for a file whose sections follow its headers.
import { createHash } from 'node:crypto';

export type HashAlgorithm = 'sha1' | 'sha256';

/** The algorithm a catalog member's tag stands for, by its length: 20 bytes SHA1, 32 SHA256. */
export function algorithmForLength(bytes: number): HashAlgorithm | null {
  return bytes === 20 ? 'sha1' : bytes === 32 ? 'sha256' : null;
}

/** The hash of the whole file, hex upper case. */
export function flatHash(bytes: Uint8Array, algorithm: HashAlgorithm): string {
  return createHash(algorithm).update(bytes).digest('hex').toUpperCase();
}

/** Where the three excluded parts of a PE image are; null when the bytes are not a PE image. */
export interface PeLayout {
  checksumOffset: number;
  /** Offset of the certificate table's data directory entry (8 bytes), or null when there is none. */
  certificateEntryOffset: number | null;
  /** The certificate table: file offset and size (0 when the file is not signed). */
  certificateTable: { offset: number; size: number };
}

const PE32 = 0x10b;
const PE32_PLUS = 0x20b;
/** Index of the certificate table (IMAGE_DIRECTORY_ENTRY_SECURITY) in the data directories. */
const CERTIFICATE_DIRECTORY = 4;

/** The layout of a PE image: 'MZ', e_lfanew, 'PE\0\0', then a PE32 or PE32+ optional header. */
export function peLayout(bytes: Uint8Array): PeLayout | null {
  if (bytes.length < 0x40 || bytes[0] !== 0x4d || bytes[1] !== 0x5a) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pe = view.getUint32(0x3c, true);
  const optional = pe + 24;
  if (optional + 96 > bytes.length || view.getUint32(pe, true) !== 0x00004550) return null;
  const optionalSize = view.getUint16(pe + 20, true);
  const magic = view.getUint16(optional, true);
  if (magic !== PE32 && magic !== PE32_PLUS) return null;
  // PE32+ has 8-byte ImageBase and stack/heap sizes: its directories start 16 bytes later.
  const directoryCount = view.getUint32(optional + (magic === PE32 ? 92 : 108), true);
  const directories = optional + (magic === PE32 ? 96 : 112);
  const entry = directories + CERTIFICATE_DIRECTORY * 8;
  const hasEntry = directoryCount > CERTIFICATE_DIRECTORY && entry + 8 <= optional + optionalSize && entry + 8 <= bytes.length;
  // The certificate table's "virtual address" is a file offset (it is not loaded into memory).
  const table = hasEntry ? { offset: view.getUint32(entry, true), size: view.getUint32(entry + 4, true) } : { offset: 0, size: 0 };
  const inFile = table.size > 0 && table.offset >= entry + 8 && table.offset + table.size <= bytes.length;
  return {
    checksumOffset: optional + 64,
    certificateEntryOffset: hasEntry ? entry : null,
    certificateTable: inFile ? table : { offset: 0, size: 0 },
  };
}

/** The Authenticode hash of a PE image, hex upper case; null when the bytes are not a PE image. */
export function authenticodeHash(bytes: Uint8Array, algorithm: HashAlgorithm): string | null {
  const layout = peLayout(bytes);
  if (!layout) return null;
  const hash = createHash(algorithm);
  const skips: Array<[number, number]> = [[layout.checksumOffset, 4]];
  if (layout.certificateEntryOffset !== null) skips.push([layout.certificateEntryOffset, 8]);
  if (layout.certificateTable.size > 0) skips.push([layout.certificateTable.offset, layout.certificateTable.size]);
  let at = 0;
  for (const [offset, size] of skips) {
    hash.update(bytes.subarray(at, offset));
    at = offset + size;
  }
  hash.update(bytes.subarray(at));
  return hash.digest('hex').toUpperCase();
}

/** The hash a catalog lists this file by: Authenticode for a PE image, else the whole file. */
export function catalogHash(bytes: Uint8Array, algorithm: HashAlgorithm): { hash: string; kind: 'pe' | 'flat' } {
  const pe = authenticodeHash(bytes, algorithm);
  return pe === null ? { hash: flatHash(bytes, algorithm), kind: 'flat' } : { hash: pe, kind: 'pe' };
}
