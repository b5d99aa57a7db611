// The Authenticode hash against values osslsigncode 2.9 computed ("Calculated message digest"
// of `osslsigncode verify`): for our own PE fixture, signed by osslsigncode with -h sha256 and,
// in a throw-away copy, with -h sha1; and for a vendor driver, checked against its catalog.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { authenticodeHash, catalogHash, flatHash, peLayout } from './authenticode.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../test/fixtures/trust/${name}`, import.meta.url)));
const widget = fixture('widget/widget.sys');
const signed = fixture('signed.sys');

describe('authenticodeHash', () => {
  it('is the value osslsigncode calculates, SHA256 and SHA1', () => {
    expect(authenticodeHash(widget, 'sha256')).toBe('AE58FA4747C3F1649A4BE2C024F62C666DD74E10EE65822999095AE442A33419');
    expect(authenticodeHash(widget, 'sha1')).toBe('6775B0FE9508D42847F98F80DB4E9F64B6EDFD8B');
  });

  it('leaves out the embedded signature: the signed copy hashes as the unsigned file', () => {
    expect(peLayout(signed)!.certificateTable.size).toBeGreaterThan(0);
    expect(flatHash(signed, 'sha256')).not.toBe(flatHash(widget, 'sha256'));
    expect(authenticodeHash(signed, 'sha256')).toBe(authenticodeHash(widget, 'sha256'));
  });

  it('leaves out CheckSum, and no other header byte', () => {
    const checksum = Buffer.from(widget);
    checksum.writeUInt32LE(0xdeadbeef, peLayout(widget)!.checksumOffset);
    expect(authenticodeHash(checksum, 'sha256')).toBe(authenticodeHash(widget, 'sha256'));
    const other = Buffer.from(widget);
    other[0x200] ^= 1; // the first byte of .text
    expect(authenticodeHash(other, 'sha256')).not.toBe(authenticodeHash(widget, 'sha256'));
  });

  it('is null for what is not a PE image; catalogHash then hashes the whole file', () => {
    const text = Buffer.from('MZ is not enough\r\n');
    expect(authenticodeHash(text, 'sha1')).toBeNull();
    expect(catalogHash(text, 'sha1')).toEqual({ kind: 'flat', hash: flatHash(text, 'sha1') });
    const truncated = widget.subarray(0, 0x60); // MZ, e_lfanew, PE signature, no optional header
    expect(authenticodeHash(truncated, 'sha256')).toBeNull();
  });
});

const vendor = fileURLToPath(new URL('../../../shared/packages/Symwave__FORCED__7x86/symstor.sys', import.meta.url));
let symstor: Buffer | null = null;
try {
  symstor = readFileSync(vendor);
} catch {
  console.log(`skipped: ${vendor} is absent (../shared/packages)`);
}

describe.skipIf(symstor === null)('a vendor driver', () => {
  it("symstor.sys: osslsigncode's value, which its catalog lists", () => {
    expect(authenticodeHash(symstor!, 'sha1')).toBe('FEFD2622E892FB62C323C102CB94145E2C5853E8');
  });
});
