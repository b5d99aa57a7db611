// Helpers shared by the contract cases: fixture GUIDs, WinError expectations and the
// few Windows conventions (case-insensitive names, symbolic-link form) the cases check.
import assert from 'node:assert/strict';
import path from 'node:path';
import type { RegistryValue } from '../../lib/backend/types.js';
import type { ContractContext } from './types.js';

/** GUIDs the fixture INFs in test/fixtures/contract use (made up for infkit's tests). */
export const GUIDS = {
  contractClass: '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B01}',
  hiddenClass: '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B02}',
  ifaceA: '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B11}',
  ifaceB: '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B12}',
  /** Not installed by any INF: created by the first registerInterface. */
  ifaceRegistered: '{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B21}',
  system: '{4D36E97D-E325-11CE-BFC1-08002BE10318}',
} as const;

/** Win32 / SetupAPI codes the cases expect (winerror.h, setupapi.h). */
export const CODES = {
  ERROR_FILE_NOT_FOUND: 2,
  ERROR_ELEVATION_REQUIRED: 740,
  ERROR_NO_CATALOG_FOR_OEM_INF: 0xe000022f,
  ERROR_SECTION_NOT_FOUND: 0xe0000101,
  ERROR_INVALID_CLASS: 0xe0000206,
  ERROR_NO_SUCH_DEVINST: 0xe000020b,
  ERROR_INVALID_REFERENCE_STRING: 0xe000021f,
} as const;

export const CLASS_KEY = 'SYSTEM\\CurrentControlSet\\Control\\Class';
export const DEVICE_CLASSES_KEY = 'SYSTEM\\CurrentControlSet\\Control\\DeviceClasses';
/** Where the fixture sections write (HKLM). */
export const CONTRACT_KEY = 'SOFTWARE\\infkit-contract';

export function fixture(ctx: ContractContext, name: string): string {
  return path.join(ctx.fixtures, name);
}

/** Case-insensitive string equality, as Windows compares names, GUIDs and paths. */
export function ieq(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

export function assertIeq(actual: string | undefined, expected: string, what: string): void {
  assert.ok(ieq(actual, expected), `${what}: expected ${JSON.stringify(expected)} (any case), got ${JSON.stringify(actual)}`);
}

/** GUIDs come back upper-case in braces (lib/backend/types.ts). */
export function assertGuidForm(guid: string, what: string): void {
  assert.match(guid, /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/, `${what} is not an upper-case braced GUID`);
}

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  api?: unknown;
  message?: unknown;
  hint?: unknown;
}

/** Awaits `promise` and returns what it was rejected with; fails when it was not. */
async function rejection(promise: Promise<unknown>, expected: string): Promise<ErrorShape> {
  try {
    await promise;
  } catch (e) {
    return (e ?? {}) as ErrorShape;
  }
  assert.fail(`expected ${expected}, but the call succeeded`);
}

/**
 * Awaits `promise` and checks it failed with a WinError of that symbolic name and code
 * that names the API that failed. Checked by shape, not instanceof: under Wine the
 * backend and this suite may load WinError from different module copies.
 */
export async function expectWinError(promise: Promise<unknown>, name: keyof typeof CODES): Promise<ErrorShape> {
  const caught = await rejection(promise, `a WinError ${name}`);
  assert.equal(caught.name, name, `expected WinError ${name}, got ${String(caught.name)}: ${String(caught.message)}`);
  assert.equal(caught.code, CODES[name], `${name} carries code 0x${CODES[name].toString(16)}`);
  assert.equal(typeof caught.api, 'string', `${name} names the API that failed`);
  assert.ok((caught.api as string).length > 0, `${name} names the API that failed`);
  return caught;
}

/** Awaits `promise` and checks it failed with an InfkitError of that string code. */
export async function expectInfkitError(promise: Promise<unknown>, code: string, mentions?: string): Promise<ErrorShape> {
  const caught = await rejection(promise, `an InfkitError ${code}`);
  assert.equal(caught.code, code, `expected InfkitError ${code}, got ${String(caught.code)}: ${String(caught.message)}`);
  if (mentions !== undefined) {
    assert.ok(String(caught.message).includes(mentions), `the message names ${JSON.stringify(mentions)}: ${String(caught.message)}`);
  }
  return caught;
}

/** Runs `fn` and ignores its failure: pre-cleaning state a previous run may have left. */
export async function quietly(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch {
    // nothing to clean
  }
}

/** The value's data as a comparable JS value (numbers for DWORD/QWORD, arrays for binary). */
export function plain(value: RegistryValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.data instanceof Uint8Array) return { type: value.type, data: Array.from(value.data) };
  if (typeof value.data === 'bigint') return { type: value.type, data: Number(value.data) };
  return { type: value.type, data: value.data };
}

/** Looks a value up by name, case-insensitively (registry value names are). */
export function valueNamed(values: Record<string, RegistryValue>, name: string): RegistryValue | undefined {
  const key = Object.keys(values).find((k) => ieq(k, name));
  return key === undefined ? undefined : values[key];
}

/**
 * The symbolic link Windows forms for an interface: `\\?\` + the device instance ID with
 * `\` → `#`, then `#` + the interface class GUID (lower-case), then `\` + the reference
 * string when there is one. Windows 10 keeps the instance ID's case; Wine lower-cases the
 * whole link, so the cases compare without case.
 */
export function expectedSymbolicLink(deviceInstanceId: string, guid: string, referenceString = ''): string {
  const link = `\\\\?\\${deviceInstanceId.replace(/\\/g, '#')}#${guid.toLowerCase()}`;
  return referenceString === '' ? link : `${link}\\${referenceString}`;
}

/** The Windows directory of the machine the backend acts on. */
export function systemRoot(ctx: ContractContext): string {
  if (ctx.wine || process.platform === 'win32') return process.env.SystemRoot ?? process.env.windir ?? 'C:\\Windows';
  return 'C:\\Windows';
}
