// Registry values as Win32 stores them: a REG_* type code and raw bytes, coded both ways for
// the backends, the planner and the journal.
import { fromMultiSz, fromWide, toMultiSz, toWideZ } from './utf16.js';

export type RegistryRoot = 'HKLM' | 'HKCU' | 'HKCR' | 'HKU';

export type RegistryValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number | bigint }
  | { type: 'REG_BINARY' | 'REG_NONE'; data: Uint8Array }
  | { type: string; data: Uint8Array }; // any other REG_* type, raw

/** The REG_* names of the type codes, by code (0 REG_NONE ... 11 REG_QWORD). */
export const REG_TYPE_NAMES: readonly string[] = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
  'REG_QWORD',
];
const REG_TYPE_CODES: Record<string, number> = Object.fromEntries(REG_TYPE_NAMES.map((name, code) => [name, code]));

/** The name of a REG_* type code: 'REG_SZ', ..., or 'REG_TYPE_<decimal>' for a type with no name (encodeValue reads it back). */
export function regTypeName(type: number): string {
  return REG_TYPE_NAMES[type] ?? `REG_TYPE_${type}`;
}

/** Decodes raw registry data of a REG_* type into a RegistryValue. */
export function decodeValue(type: number, bytes: Uint8Array): RegistryValue {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const name = regTypeName(type);
  switch (type) {
    case 1:
    case 2:
      return { type: name as 'REG_SZ' | 'REG_EXPAND_SZ', data: fromWide(data) };
    case 7:
      return { type: 'REG_MULTI_SZ', data: fromMultiSz(data) };
    case 4:
      return { type: 'REG_DWORD', data: data.length >= 4 ? data.readUInt32LE(0) : 0 };
    case 11: {
      const v = data.length >= 8 ? data.readBigUInt64LE(0) : 0n;
      return { type: 'REG_QWORD', data: v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v };
    }
    case 0:
    case 3:
      return { type: name as 'REG_NONE' | 'REG_BINARY', data: new Uint8Array(data) };
    default:
      return { type: name, data: new Uint8Array(data) };
  }
}

/** Encodes a RegistryValue into its REG_* type code and raw bytes. */
export function encodeValue(value: RegistryValue): { type: number; data: Buffer } {
  const type = REG_TYPE_CODES[value.type] ?? /^REG_TYPE_(\d+)$/.exec(value.type)?.[1];
  if (type === undefined) throw new TypeError(`unknown registry type ${value.type}`);
  const code = Number(type);
  const d = value.data;
  if (code === 1 || code === 2) return { type: code, data: toWideZ(String(d)) };
  if (code === 7) return { type: code, data: toMultiSz(d as string[]) };
  if (code === 4) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(Number(d) >>> 0, 0);
    return { type: code, data: b };
  }
  if (code === 11) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(d as number | bigint), 0);
    return { type: code, data: b };
  }
  return { type: code, data: Buffer.from(d as Uint8Array) };
}
