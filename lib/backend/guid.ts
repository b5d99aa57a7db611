// GUIDs in the 16-byte binary form Win32 calls take. The text form's parser lives in
// lib/base/guid.ts (every layer shares it); requireGuid (E_USAGE) in ./args.ts.
import { requireGuid } from './args.js';

export { GUID_DEVCLASS_SYSTEM, GUID_NULL, normalizeGuid as canonicalGuid } from '../base/guid.js';
export { requireGuid };

/** The GUID struct's bytes (Data1..Data3 little-endian, Data4 as is). */
export function guidToBytes(guid: string): Buffer {
  const canonical = requireGuid(guid);
  const hex = canonical.slice(1, -1).split('-');
  const out = Buffer.alloc(16);
  out.writeUInt32LE(parseInt(hex[0]!, 16), 0);
  out.writeUInt16LE(parseInt(hex[1]!, 16), 4);
  out.writeUInt16LE(parseInt(hex[2]!, 16), 6);
  Buffer.from(hex[3]! + hex[4]!, 'hex').copy(out, 8);
  return out;
}

/** Reads a GUID struct at `offset` as '{...}' upper-case. */
export function guidFromBytes(bytes: Uint8Array, offset = 0): string {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset + offset, 16);
  const h = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');
  const d4 = b.subarray(8, 16).toString('hex').toUpperCase();
  return `{${h(b.readUInt32LE(0), 8)}-${h(b.readUInt16LE(4), 4)}-${h(b.readUInt16LE(6), 4)}-${d4.slice(0, 4)}-${d4.slice(4)}}`;
}
