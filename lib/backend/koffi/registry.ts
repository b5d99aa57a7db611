// Registry access through advapi32: the registry primitives (values travel as REG_* type and
// raw bytes) and the key reads the class primitives use. Always the 64-bit view, where
// SetupAPI writes.
import type { RegistryRoot, Primitives } from '../types.js';
import { fromMultiSz, fromWide, wideBuffer } from '../../base/utf16.js';
import { ERR } from '../winerror-table.js';
import { checkStatus, type Ffi } from './ffi.js';

/** Predefined keys as intptr_t: (HKEY)(LONG)0x8000000n, sign-extended. */
const ROOTS: Record<RegistryRoot, number> = {
  HKCR: 0x80000000 | 0,
  HKCU: 0x80000001 | 0,
  HKLM: 0x80000002 | 0,
  HKU: 0x80000003 | 0,
};

export const KEY_READ = 0x20019;
export const KEY_ALL_ACCESS = 0xf003f;
const KEY_WOW64_64KEY = 0x0100;
const REG_SZ = 1;
const REG_EXPAND_SZ = 2;
const REG_MULTI_SZ = 7;

/** Data with its REG_* type: a registry value's, or a device registry property's. */
export interface TypedData {
  type: number;
  data: Uint8Array;
}

export interface RawValue extends TypedData {
  name: string;
}

/** A REG_SZ / REG_EXPAND_SZ value's text; undefined for a missing value or another type. */
export function regString(value: TypedData | null | undefined): string | undefined {
  if (value === undefined || value === null || (value.type !== REG_SZ && value.type !== REG_EXPAND_SZ)) return undefined;
  return fromWide(value.data, value.data.byteLength / 2);
}

/** A REG_MULTI_SZ value's strings; [] for a missing value or another type. */
export function regMultiSz(value: TypedData | null | undefined): string[] {
  return value !== undefined && value !== null && value.type === REG_MULTI_SZ ? fromMultiSz(value.data) : [];
}

function rootKey(root: RegistryRoot): number {
  const key = ROOTS[root];
  if (key === undefined) throw new TypeError('root must be HKLM, HKCU, HKCR or HKU');
  return key;
}

/** Opens a key; null when it does not exist. The caller closes it (closeKey). */
export function openKey(ffi: Ffi, root: RegistryRoot, path: string, sam = KEY_READ): number | null {
  const out: [number] = [0];
  const status = ffi.api.RegOpenKeyExW(rootKey(root), path, 0, sam | KEY_WOW64_64KEY, out) as number;
  if (status === ERR.FILE_NOT_FOUND || status === ERR.PATH_NOT_FOUND) return null;
  checkStatus(status, 'RegOpenKeyExW');
  return out[0];
}

export function closeKey(ffi: Ffi, key: number): void {
  ffi.api.RegCloseKey(key);
}

/** Runs `body` with an open key and always closes it; null when the key does not exist. */
export function withKey<T>(ffi: Ffi, root: RegistryRoot, path: string, body: (key: number) => T): T | null {
  const key = openKey(ffi, root, path);
  if (key === null) return null;
  try {
    return body(key);
  } finally {
    closeKey(ffi, key);
  }
}

/** Creates (or opens) a key for writing. The caller closes it. */
export function createKey(ffi: Ffi, root: RegistryRoot, path: string): number {
  const out: [number] = [0];
  const status = ffi.api.RegCreateKeyExW(rootKey(root), path, 0, null, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY, null, out, [0]) as number;
  checkStatus(status, 'RegCreateKeyExW');
  return out[0];
}

interface KeyInfo {
  maxSubKeyLen: number;
  maxValueNameLen: number;
  maxValueLen: number;
}

function queryInfo(ffi: Ffi, key: number): KeyInfo {
  const o = (): [number] => [0];
  const [subKeys, maxSubKeyLen, maxClassLen, values, maxValueNameLen, maxValueLen] = [o(), o(), o(), o(), o(), o()];
  const status = ffi.api.RegQueryInfoKeyW(
    key,
    null,
    null,
    null,
    subKeys,
    maxSubKeyLen,
    maxClassLen,
    values,
    maxValueNameLen,
    maxValueLen,
    null,
    null,
  ) as number;
  checkStatus(status, 'RegQueryInfoKeyW');
  return { maxSubKeyLen: maxSubKeyLen[0], maxValueNameLen: maxValueNameLen[0], maxValueLen: maxValueLen[0] };
}

/** Every value of an open key, raw; enumeration ends only on ERROR_NO_MORE_ITEMS. */
export function readValues(ffi: Ffi, key: number): RawValue[] {
  const info = queryInfo(ffi, key);
  const values: RawValue[] = [];
  let nameChars = info.maxValueNameLen + 1;
  let dataBytes = info.maxValueLen + 2;
  for (let index = 0; ; ) {
    const name = wideBuffer(nameChars);
    const nameLen: [number] = [nameChars];
    const type: [number] = [0];
    const data = Buffer.alloc(dataBytes);
    const dataLen: [number] = [dataBytes];
    const status = ffi.api.RegEnumValueW(key, index, name, nameLen, null, type, data, dataLen) as number;
    if (status === ERR.NO_MORE_ITEMS) return values;
    if (status === ERR.MORE_DATA) {
      // The key changed while we read it: grow and read this index again.
      nameChars *= 2;
      dataBytes = Math.max(dataBytes * 2, dataLen[0] + 2);
      continue;
    }
    checkStatus(status, 'RegEnumValueW');
    values.push({ name: fromWide(name, nameLen[0]), type: type[0], data: data.subarray(0, dataLen[0]) });
    index++;
  }
}

/** Every subkey name of an open key; enumeration ends only on ERROR_NO_MORE_ITEMS. */
export function readSubkeys(ffi: Ffi, key: number): string[] {
  const info = queryInfo(ffi, key);
  const names: string[] = [];
  let nameChars = info.maxSubKeyLen + 1;
  for (let index = 0; ; ) {
    const name = wideBuffer(nameChars);
    const nameLen: [number] = [nameChars];
    const status = ffi.api.RegEnumKeyExW(key, index, name, nameLen, null, null, null, null) as number;
    if (status === ERR.NO_MORE_ITEMS) return names;
    if (status === ERR.MORE_DATA) {
      nameChars *= 2;
      continue;
    }
    checkStatus(status, 'RegEnumKeyExW');
    names.push(fromWide(name, nameLen[0]));
    index++;
  }
}

/** readKey: the key's values and subkey names, or null when it does not exist. */
export function readKey(ffi: Ffi, root: RegistryRoot, path: string): { values: RawValue[]; subkeys: string[] } | null {
  return withKey(ffi, root, path, (key) => ({ values: readValues(ffi, key), subkeys: readSubkeys(ffi, key) }));
}

/** setValue: creates the key when needed. */
export function setValue(ffi: Ffi, root: RegistryRoot, path: string, name: string, type: number, data: Uint8Array): void {
  const key = createKey(ffi, root, path);
  try {
    checkStatus(ffi.api.RegSetValueExW(key, name, 0, type, data, data.byteLength) as number, 'RegSetValueExW');
  } finally {
    closeKey(ffi, key);
  }
}

/** deleteValue: ERROR_FILE_NOT_FOUND when the key or the value does not exist. */
export function deleteValue(ffi: Ffi, root: RegistryRoot, path: string, name: string): void {
  const out: [number] = [0];
  checkStatus(ffi.api.RegOpenKeyExW(rootKey(root), path, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY, out) as number, 'RegOpenKeyExW');
  try {
    checkStatus(ffi.api.RegDeleteValueW(out[0], name) as number, 'RegDeleteValueW');
  } finally {
    closeKey(ffi, out[0]);
  }
}

/** deleteKey: the key and everything below it; no error when it does not exist. */
export function deleteKey(ffi: Ffi, root: RegistryRoot, path: string): void {
  if (path === '') throw new TypeError('path may not be empty (refusing to delete a root key)');
  const slash = path.lastIndexOf('\\');
  const leaf = path.slice(slash + 1);
  const parent = openKey(ffi, root, slash < 0 ? '' : path.slice(0, slash), KEY_ALL_ACCESS);
  if (parent === null) return;
  try {
    const status = ffi.api.RegDeleteTreeW(parent, leaf) as number;
    if (status === ERR.FILE_NOT_FOUND) return;
    checkStatus(status, 'RegDeleteTreeW');
    // RegDeleteTree empties the key; the key itself goes with RegDeleteKey.
    const last = ffi.api.RegDeleteKeyW(parent, leaf) as number;
    if (last !== ERR.FILE_NOT_FOUND) checkStatus(last, 'RegDeleteKeyW');
  } finally {
    closeKey(ffi, parent);
  }
}

/** This area's primitives (lib/backend/koffi.ts puts the areas together). */
export function primitives(ffi: Ffi): Pick<Primitives, 'readKey' | 'setValue' | 'deleteValue' | 'deleteKey'> {
  return {
    readKey: (root, path) => readKey(ffi, root, path),
    setValue: (root, path, name, type, data) => setValue(ffi, root, path, name, type, data),
    deleteValue: (root, path, name) => deleteValue(ffi, root, path, name),
    deleteKey: (root, path) => deleteKey(ffi, root, path),
  };
}
