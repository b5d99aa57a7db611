// The mock machine's registry: a tree of keys with case-insensitive names (the case of
// the first writer is kept, as Windows keeps it), stored as plain JSON in the state file.
import { REGISTRY_ROOTS } from '../args.js';
import type { RegistryKeySnapshot, RegistryRoot, RegistryValue } from '../types.js';

/** A value as stored in JSON: bigint as a decimal string, bytes as base64. */
export interface StoredValue {
  name: string;
  type: string;
  data: string | string[] | number;
}

export interface RegNode {
  name: string;
  /** By lower-case value name. */
  values: Record<string, StoredValue>;
  /** By lower-case subkey name. */
  subkeys: Record<string, RegNode>;
}

/** Own-property access, so that a key or value named `__proto__` is just a name. */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function newNode(name: string): RegNode {
  return { name, values: {}, subkeys: {} };
}

/** The root node holding HKLM, HKCU, HKCR and HKU. */
export function newRegistry(): RegNode {
  const root = newNode('');
  for (const r of REGISTRY_ROOTS) setOwn(root.subkeys, r.toLowerCase(), newNode(r));
  return root;
}

function splitKeyPath(path: string): string[] {
  return path.split('\\').filter((p) => p !== '');
}

function encode(name: string, value: RegistryValue): StoredValue {
  const { type, data } = value;
  if (typeof data === 'string') return { name, type, data };
  if (Array.isArray(data)) return { name, type, data: [...data] };
  if (typeof data === 'bigint') return { name, type, data: data.toString() };
  if (typeof data === 'number') return { name, type, data };
  return { name, type, data: Buffer.from(data).toString('base64') };
}

function decode(stored: StoredValue): RegistryValue {
  const { type, data } = stored;
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, data: data as string };
    case 'REG_MULTI_SZ':
      return { type, data: [...(data as string[])] };
    case 'REG_DWORD':
      return { type, data: data as number };
    case 'REG_QWORD': {
      const big = BigInt(data as string);
      return { type, data: big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big };
    }
    default:
      return { type, data: new Uint8Array(Buffer.from(data as string, 'base64')) };
  }
}

/** A tree of keys: every operation takes (root, path) with backslash-separated paths. */
export class RegistryTree {
  constructor(readonly top: RegNode) {}

  /** The node at `root\path`, or undefined. */
  node(root: RegistryRoot, path: string): RegNode | undefined {
    let node = getOwn(this.top.subkeys, root.toLowerCase());
    for (const part of splitKeyPath(path)) {
      if (node === undefined) return undefined;
      node = getOwn(node.subkeys, part.toLowerCase());
    }
    return node;
  }

  has(root: RegistryRoot, path: string): boolean {
    return this.node(root, path) !== undefined;
  }

  /** Creates the key and its parents as needed (RegCreateKeyEx). Returns the node and whether it was new. */
  createKey(root: RegistryRoot, path: string): { node: RegNode; created: boolean } {
    let node = getOwn(this.top.subkeys, root.toLowerCase())!;
    let created = false;
    for (const part of splitKeyPath(path)) {
      const lower = part.toLowerCase();
      let next = getOwn(node.subkeys, lower);
      if (next === undefined) {
        next = newNode(part);
        setOwn(node.subkeys, lower, next);
        created = true;
      }
      node = next;
    }
    return { node, created };
  }

  /** Deletes the key and everything below it; false when it did not exist. */
  deleteKey(root: RegistryRoot, path: string): boolean {
    const parts = splitKeyPath(path);
    const last = parts.pop();
    if (last === undefined) return false;
    const parent = this.node(root, parts.join('\\'));
    if (parent === undefined || getOwn(parent.subkeys, last.toLowerCase()) === undefined) return false;
    delete parent.subkeys[last.toLowerCase()];
    return true;
  }

  setValue(root: RegistryRoot, path: string, name: string, value: RegistryValue): void {
    const { node } = this.createKey(root, path);
    const existing = getOwn(node.values, name.toLowerCase());
    setOwn(node.values, name.toLowerCase(), encode(existing?.name ?? name, value));
  }

  getValue(root: RegistryRoot, path: string, name: string): RegistryValue | undefined {
    const node = this.node(root, path);
    const stored = node === undefined ? undefined : getOwn(node.values, name.toLowerCase());
    return stored === undefined ? undefined : decode(stored);
  }

  /** A string value's text (REG_SZ / REG_EXPAND_SZ), or undefined. */
  getString(root: RegistryRoot, path: string, name: string): string | undefined {
    const value = this.getValue(root, path, name);
    return typeof value?.data === 'string' ? value.data : undefined;
  }

  /** False when the value did not exist. */
  deleteValue(root: RegistryRoot, path: string, name: string): boolean {
    const node = this.node(root, path);
    if (node === undefined || getOwn(node.values, name.toLowerCase()) === undefined) return false;
    delete node.values[name.toLowerCase()];
    return true;
  }

  /** Subkey names as stored (first writer's case), in creation order. */
  subkeyNames(root: RegistryRoot, path: string): string[] {
    const node = this.node(root, path);
    return node === undefined ? [] : Object.values(node.subkeys).map((n) => n.name);
  }

  snapshot(root: RegistryRoot, path: string): RegistryKeySnapshot | null {
    const node = this.node(root, path);
    if (node === undefined) return null;
    const values: Record<string, RegistryValue> = {};
    for (const stored of Object.values(node.values)) setOwn(values, stored.name, decode(stored));
    return { values, subkeys: Object.values(node.subkeys).map((n) => n.name) };
  }
}
