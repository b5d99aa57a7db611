// Argument checks every backend's TypeScript layer shares, so that a bad argument fails
// the same way (InfkitError E_USAGE naming it) whichever backend is in use.
import path from 'node:path';
import { InfkitError } from '../errors.js';
import { normalizeGuid } from '../base/guid.js';
import type { InstallSectionOptions, RegistryRoot, RegistryValue } from './types.js';

export const REGISTRY_ROOTS: readonly RegistryRoot[] = ['HKLM', 'HKCU', 'HKCR', 'HKU'];

export function usage(message: string, hint?: string): InfkitError {
  return new InfkitError('E_USAGE', message, hint === undefined ? {} : { hint });
}

/** The GUID in the form backends return (upper case in braces); E_USAGE when it is not one. */
export function requireGuid(text: string, what = 'GUID'): string {
  const guid = typeof text === 'string' ? normalizeGuid(text) : null;
  if (guid === null) {
    throw usage(
      `'${String(text)}' is not a valid ${what}`,
      'Write a GUID as {xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx} (braces optional, any case).',
    );
  }
  return guid;
}

/** A non-empty string without NUL; E_USAGE otherwise. */
export function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.includes('\0')) {
    throw usage(`${what} must be a non-empty string`);
  }
  return value;
}

/** An INF path made absolute: SetupAPI would look a bare name up in %windir%\INF instead. */
export function infPathArg(infPath: unknown): string {
  return path.resolve(requireText(infPath, 'INF path'));
}

export function registryRootArg(root: unknown): RegistryRoot {
  if (!REGISTRY_ROOTS.includes(root as RegistryRoot)) {
    throw usage(`registry root '${String(root)}' is not one of ${REGISTRY_ROOTS.join(', ')}`);
  }
  return root as RegistryRoot;
}

/** A registry key path with `\` separators and no leading or trailing separator. */
export function keyPathArg(keyPath: unknown): string {
  if (typeof keyPath !== 'string' || keyPath.includes('\0')) throw usage('a registry key path must be a string');
  return keyPath.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '');
}

/** The key path of a key to delete: never a root itself. */
export function deletedKeyPathArg(keyPath: unknown): string {
  const p = keyPathArg(keyPath);
  if (p === '') throw usage('refusing to delete a registry root');
  return p;
}

/** A registry value name ('' is the key's default value). */
export function valueNameArg(name: unknown): string {
  if (typeof name !== 'string') throw usage('a registry value name must be a string');
  return name;
}

/** The published name of a staged package is a bare file name (oemNN.inf). */
export function publishedNameArg(name: unknown, hint?: string): string {
  const text = requireText(name, 'published name');
  if (!/^[^\\/:]+\.inf$/i.test(text)) throw usage(`'${text}' is not the published name of a staged package`, hint);
  return text;
}

/** A registry value whose data fits its type (REG_DWORD a 32-bit unsigned integer, ...); E_USAGE naming it otherwise. */
export function registryValueArg(name: unknown, value: RegistryValue): RegistryValue {
  if (typeof name !== 'string' || name.includes('\0')) throw usage('a registry value name must be a string');
  const { type, data } = value ?? {};
  const ok =
    type === 'REG_SZ' || type === 'REG_EXPAND_SZ'
      ? typeof data === 'string'
      : type === 'REG_MULTI_SZ'
        ? Array.isArray(data) && data.every((s) => typeof s === 'string')
        : type === 'REG_DWORD'
          ? typeof data === 'number' && Number.isInteger(data) && data >= 0 && data <= 0xffffffff
          : type === 'REG_QWORD'
            ? (typeof data === 'number' && Number.isSafeInteger(data) && data >= 0) ||
              (typeof data === 'bigint' && data >= 0n && data < 2n ** 64n)
            : typeof type === 'string' && /^REG_[A-Z_0-9]+$/.test(type) && data instanceof Uint8Array;
  if (!ok) throw usage(`registry value ${JSON.stringify(name)}: the data does not fit type ${String(type)}`);
  return value;
}

/** installSection's mode ('setupapi' unless given) and, for 'hinf', InstallHinfSection's mode number (default 128). */
export function installModeArg(options: InstallSectionOptions): { mode: 'setupapi' | 'hinf'; hinfMode: number } {
  const mode = options.mode ?? 'setupapi';
  if (mode !== 'setupapi' && mode !== 'hinf') throw usage(`install mode '${String(mode)}' is not 'setupapi' or 'hinf'`);
  const hinfMode = options.hinfMode ?? 128;
  if (mode === 'hinf' && (!Number.isInteger(hinfMode) || hinfMode < 0 || hinfMode > 0xffff)) {
    throw usage(`InstallHinfSection mode ${hinfMode} is not valid`);
  }
  return { mode, hinfMode };
}

/** A device interface's reference string ('' when absent). */
export function referenceStringArg(reference: unknown): string {
  const text = reference ?? '';
  if (typeof text !== 'string') throw usage('a reference string must be a string');
  return text;
}

/** A wait in milliseconds: a whole number below INFINITE (0xFFFFFFFF). */
export function timeoutArg(timeoutMs: unknown): number {
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 0 || timeoutMs > 0xfffffffe) {
    throw usage(`timeout ${String(timeoutMs)} must be a whole number of milliseconds`);
  }
  return timeoutMs;
}
