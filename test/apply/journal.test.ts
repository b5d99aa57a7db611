// The apply journal: registry values survive the JSON round trip exactly (undo restores
// them byte for byte), every write leaves a whole file, a killed write's temporary file is
// deleted, and undo records merge without repeats.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RegistryValue } from '../../lib/backend/types.js';
import { decodeRegistryValue, encodeRegistryValue, Journal, journalPath, mergeUndo, sameRegistryValue } from '../../lib/apply/journal.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('registry values in the journal', () => {
  const values: RegistryValue[] = [
    { type: 'REG_SZ', data: 'bench-1' },
    { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\x' },
    { type: 'REG_MULTI_SZ', data: ['a', '', 'c'] },
    { type: 'REG_DWORD', data: 0xffffffff },
    { type: 'REG_QWORD', data: 2n ** 63n + 5n },
    { type: 'REG_BINARY', data: new Uint8Array([0, 1, 0xfe, 0xff]) },
    { type: 'REG_NONE', data: new Uint8Array([]) },
  ];

  it.each(values.map((v) => [v.type, v] as const))('%s survives JSON', (_, value) => {
    const back = decodeRegistryValue(JSON.parse(JSON.stringify(encodeRegistryValue(value))));
    expect(back).toEqual(value);
    expect(sameRegistryValue(back, value)).toBe(true);
  });

  it('compares numbers by value and types strictly', () => {
    expect(sameRegistryValue({ type: 'REG_DWORD', data: 4 }, { type: 'REG_DWORD', data: 4n })).toBe(true);
    expect(sameRegistryValue({ type: 'REG_SZ', data: 'x' }, { type: 'REG_EXPAND_SZ', data: 'x' })).toBe(false);
    expect(sameRegistryValue({ type: 'REG_MULTI_SZ', data: ['a'] }, { type: 'REG_MULTI_SZ', data: ['a', ''] })).toBe(false);
  });
});

describe('Journal', () => {
  it('keeps pending → done, merges what was remembered, and deletes itself when emptied', async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'infkit-journal-'));
    dirs.push(state);
    const manifest = path.join(state, 'lab.yaml');
    const journal = await Journal.open(state, manifest);
    await journal.pending('section:x', 'section', '/sections/0', { registryKeys: [{ root: 'HKLM', key: 'SOFTWARE\\x' }] });
    const file = journalPath(state, manifest);
    expect(JSON.parse(readFileSync(file, 'utf8')).entries[0].status).toBe('pending');
    await journal.done('section:x', 'section', '/sections/0', {});
    const reopened = await Journal.open(state, manifest);
    expect(reopened.find('section:x')).toMatchObject({ status: 'done', undo: { registryKeys: [{ root: 'HKLM', key: 'SOFTWARE\\x' }] } });
    expect(readdirTmp(path.dirname(file))).toEqual([]);
    await reopened.drop('section:x');
    expect(existsSync(file)).toBe(false);
  });
});

describe('Journal.open', () => {
  it("deletes a temporary file a dead process left, not a live process's", async () => {
    const state = mkdtempSync(path.join(tmpdir(), 'infkit-journal-'));
    dirs.push(state);
    const manifest = path.join(state, 'lab.yaml');
    const file = journalPath(state, manifest);
    mkdirSync(path.dirname(file), { recursive: true });
    const dead = `${file}.999999999.0a1b2c3d.tmp`; // no such pid
    const live = `${file}.${process.ppid}.0a1b2c3d.tmp`;
    writeFileSync(dead, '');
    writeFileSync(live, '');
    await Journal.open(state, manifest);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });
});

describe('mergeUndo', () => {
  it('joins lists without repeats (GUIDs in any case) and keeps the other fields of the later record', () => {
    expect(
      mergeUndo(
        { classGuids: ['{6B5C2A10-4E4B-4C1E-9A52-2D7F1C0B0A01}'], deviceInstanceIds: ['ROOT\\LABRIG\\0000'], symbolicLink: 'a' },
        { classGuids: ['{6b5c2a10-4e4b-4c1e-9a52-2d7f1c0b0a01}'], publishedNames: ['oem0.inf'], symbolicLink: 'b' },
      ),
    ).toEqual({
      classGuids: ['{6B5C2A10-4E4B-4C1E-9A52-2D7F1C0B0A01}'],
      deviceInstanceIds: ['ROOT\\LABRIG\\0000'],
      publishedNames: ['oem0.inf'],
      symbolicLink: 'b',
    });
  });
});

function readdirTmp(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.tmp'));
}
