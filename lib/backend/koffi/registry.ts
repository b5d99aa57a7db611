// Registry access through advapi32: the Backend's RegistryAccess, and the value reading the
// class list uses on SetupDiOpenClassRegKeyEx's key. Always the 64-bit view.
import type { RegistryAccess, RegistryKeySnapshot, RegistryRoot, RegistryValue } from '../types.js';
import { deletedKeyPathArg, keyPathArg, registryRootArg, registryValueArg, requireText, valueNameArg } from '../args.js';
import { decodeValue, encodeValue } from '../registry-values.js';
import { fromWide, wideBuffer } from '../utf16.js';
import { ERR } from '../winerror-table.js';
import { checkStatus, winError, type Ffi } from './ffi.js';

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

/** Opens a key; null when it does not exist. The caller closes it (closeKey). */
export function openKey(ffi: Ffi, root: RegistryRoot | number, path: string, sam = KEY_READ): number | null {
  const base = typeof root === 'number' ? root : ROOTS[root];
  const out: [number] = [0];
  const status = ffi.api.RegOpenKeyExW(base, path, 0, sam | KEY_WOW64_64KEY, out) as number;
  if (status === ERR.FILE_NOT_FOUND || status === ERR.PATH_NOT_FOUND) return null;
  checkStatus(ffi, status, 'RegOpenKeyExW');
  return out[0];
}

export function closeKey(ffi: Ffi, key: number): void {
  ffi.api.RegCloseKey(key);
}

function createKey(ffi: Ffi, root: RegistryRoot, path: string): number {
  const out: [number] = [0];
  const disposition: [number] = [0];
  const status = ffi.api.RegCreateKeyExW(ROOTS[root], path, 0, null, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY, null, out, disposition) as number;
  checkStatus(ffi, status, 'RegCreateKeyExW');
  return out[0];
}

interface KeyInfo {
  subKeys: number;
  maxSubKeyLen: number;
  values: number;
  maxValueNameLen: number;
  maxValueLen: number;
}

function queryInfo(ffi: Ffi, key: number): KeyInfo {
  const o = (): [number] => [0];
  const [subKeys, maxSubKeyLen, maxClassLen, values, maxValueNameLen, maxValueLen] = [o(), o(), o(), o(), o(), o()];
  const status = ffi.api.RegQueryInfoKeyW(key, null, null, null, subKeys, maxSubKeyLen, maxClassLen, values, maxValueNameLen, maxValueLen, null, null) as number;
  checkStatus(ffi, status, 'RegQueryInfoKeyW');
  return { subKeys: subKeys[0], maxSubKeyLen: maxSubKeyLen[0], values: values[0], maxValueNameLen: maxValueNameLen[0], maxValueLen: maxValueLen[0] };
}

/** Every value of an open key; enumeration ends only on ERROR_NO_MORE_ITEMS. */
export function readValues(ffi: Ffi, key: number): Record<string, RegistryValue> {
  const info = queryInfo(ffi, key);
  const values: Record<string, RegistryValue> = {};
  let nameChars = info.maxValueNameLen + 1;
  let dataBytes = info.maxValueLen + 2;
  for (let index = 0; ; ) {
    const name = wideBuffer(nameChars);
    const nameLen: [number] = [nameChars];
    const type: [number] = [0];
    const data = Buffer.alloc(dataBytes + 2);
    const dataLen: [number] = [dataBytes];
    const status = ffi.api.RegEnumValueW(key, index, name, nameLen, null, type, data, dataLen) as number;
    if (status === ERR.NO_MORE_ITEMS) return values;
    if (status === ERR.MORE_DATA) {
      // The key changed while we read it: grow and read this index again.
      nameChars *= 2;
      dataBytes = Math.max(dataBytes * 2, dataLen[0] + 2);
      continue;
    }
    checkStatus(ffi, status, 'RegEnumValueW');
    values[fromWide(name, nameLen[0])] = decodeValue(type[0], data.subarray(0, dataLen[0]));
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
    checkStatus(ffi, status, 'RegEnumKeyExW');
    names.push(fromWide(name, nameLen[0]));
    index++;
  }
}

/** Deletes a key and its subtree; no error when it does not exist. */
export function deleteTree(ffi: Ffi, root: RegistryRoot, path: string): void {
  const slash = path.lastIndexOf('\\');
  const parentPath = slash < 0 ? '' : path.slice(0, slash);
  const leaf = path.slice(slash + 1);
  const parent = openKey(ffi, root, parentPath, KEY_ALL_ACCESS);
  if (parent === null) return;
  try {
    const status = ffi.api.RegDeleteTreeW(parent, leaf) as number;
    if (status === ERR.FILE_NOT_FOUND) return;
    checkStatus(ffi, status, 'RegDeleteTreeW');
    // RegDeleteTree empties the key; the key itself goes with RegDeleteKey.
    const last = ffi.api.RegDeleteKeyW(parent, leaf) as number;
    if (last !== ERR.FILE_NOT_FOUND) checkStatus(ffi, last, 'RegDeleteKeyW');
  } finally {
    closeKey(ffi, parent);
  }
}

export function createRegistry(ffi: Ffi): RegistryAccess {
  return {
    async readKey(root, path): Promise<RegistryKeySnapshot | null> {
      const key = openKey(ffi, registryRootArg(root), keyPathArg(path));
      if (key === null) return null;
      try {
        return { values: readValues(ffi, key), subkeys: readSubkeys(ffi, key) };
      } finally {
        closeKey(ffi, key);
      }
    },
    async setValue(root, path, name, value) {
      const { type, data } = encodeValue(registryValueArg(name, value));
      const key = createKey(ffi, registryRootArg(root), keyPathArg(path));
      try {
        checkStatus(ffi, ffi.api.RegSetValueExW(key, name, 0, type, data, data.length) as number, 'RegSetValueExW');
      } finally {
        closeKey(ffi, key);
      }
    },
    async deleteValue(root, path, name) {
      // Deleting what is not there is an error (ERROR_FILE_NOT_FOUND), as RegDeleteValue says.
      const [r, p] = [registryRootArg(root), keyPathArg(path)];
      valueNameArg(name);
      const key = openKey(ffi, r, p, KEY_ALL_ACCESS);
      if (key === null) throw winError(ffi, ERR.FILE_NOT_FOUND, 'RegOpenKeyExW', { hint: `No such key: ${r}\\${p}` });
      try {
        checkStatus(ffi, ffi.api.RegDeleteValueW(key, name) as number, 'RegDeleteValueW');
      } finally {
        closeKey(ffi, key);
      }
    },
    async deleteKey(root, path) {
      const [r, p] = [registryRootArg(root), deletedKeyPathArg(path)];
      deleteTree(ffi, r, requireText(p, 'registry key path'));
    },
  };
}
