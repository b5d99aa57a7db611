// The koffi primitives' pure parts, on any OS: GUID structs, registry value coding and wide
// strings. The Win32 calls themselves are proven under Wine.
import { describe, expect, it } from 'vitest';
import { guidFromBytes, guidToBytes } from '../guid.js';
import { fromMultiSz, fromWide, toMultiSz, toWideZ } from '../../base/utf16.js';
import { decodeValue, encodeValue } from '../../base/registry-values.js';
import type { RegistryValue } from '../types.js';

describe('GUID structs', () => {
  it('lays out Data1..3 little-endian and Data4 as bytes, like the GUID struct', () => {
    const b = guidToBytes('{4d36e97d-e325-11ce-bfc1-08002be10318}');
    expect(b.toString('hex')).toBe('7de9364d25e3ce11bfc108002be10318');
    expect(guidFromBytes(b)).toBe('{4D36E97D-E325-11CE-BFC1-08002BE10318}');
  });

  it('reads a GUID at an offset (SP_DEVINFO_DATA.ClassGuid at 4)', () => {
    const data = Buffer.alloc(32);
    guidToBytes('B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B01').copy(data, 4);
    expect(guidFromBytes(data, 4)).toBe('{B1E5A3C0-7D2F-4E8A-9C61-5F0A3D2E1B01}');
  });

  it('refuses a malformed GUID with E_USAGE naming it', () => {
    expect(() => guidToBytes('{1234}')).toThrow(/\{1234\}/);
  });
});

describe('wide strings', () => {
  it('stops at the first NUL and within the given length', () => {
    const b = Buffer.concat([toWideZ('Déjà vu'), Buffer.from('junk', 'utf16le')]);
    expect(fromWide(b)).toBe('Déjà vu');
    expect(fromWide(b, 4)).toBe('Déjà');
  });

  it('round-trips MULTI_SZ, including an empty list', () => {
    expect(fromMultiSz(toMultiSz(['a', 'bc']))).toEqual(['a', 'bc']);
    expect(fromMultiSz(toMultiSz([]))).toEqual([]);
  });
});

describe('registry values', () => {
  const cases: RegistryValue[] = [
    { type: 'REG_SZ', data: 'hello' },
    { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\x' },
    { type: 'REG_MULTI_SZ', data: ['first', 'second'] },
    { type: 'REG_DWORD', data: 0xffffffff },
    { type: 'REG_QWORD', data: 2n ** 60n },
    { type: 'REG_QWORD', data: 42 },
    { type: 'REG_BINARY', data: new Uint8Array([0, 1, 254]) },
    { type: 'REG_NONE', data: new Uint8Array([]) },
  ];
  it.each(cases.map((c) => [c.type, c]))('%s round-trips through its raw bytes', (_, value) => {
    const { type, data } = encodeValue(value);
    expect(decodeValue(type, data)).toEqual(value);
  });

  it('keeps unknown types raw under a stable name', () => {
    expect(decodeValue(8, Buffer.from([1, 2]))).toEqual({ type: 'REG_RESOURCE_LIST', data: new Uint8Array([1, 2]) });
    expect(decodeValue(99, Buffer.from([3]))).toEqual({ type: 'REG_TYPE_99', data: new Uint8Array([3]) });
    expect(encodeValue({ type: 'REG_TYPE_99', data: new Uint8Array([3]) }).type).toBe(99);
  });

  it('reads a REG_SZ stored without its terminator', () => {
    expect(decodeValue(1, Buffer.from('abc', 'utf16le'))).toEqual({ type: 'REG_SZ', data: 'abc' });
  });
});
