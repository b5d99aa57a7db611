// The apply journal: what one manifest changed on one machine, so `apply --undo` can
// take exactly that back, in reverse order. One JSON file per manifest, in
// `<state dir>/journals/<hash of the manifest's absolute path>.json`.
//
// An entry is written as 'pending' (with whatever must be remembered beforehand, such as
// the registry values a section will overwrite) before its change is made, and turned
// 'done' (with what is needed to undo it) right after. Every write is atomic (temporary
// file, then rename), so a process killed at any point leaves a journal that is either
// the previous one or the next one. A pending entry whose change turns out to be present
// on the next apply is adopted as done: the killed run made it.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RegistryRoot, RegistryValue } from '../backend/types.js';
import { InfkitError } from '../errors.js';
import { writeFileAtomic } from '../backend/mock/store.js';

/** A registry value in JSON: bytes as hex, 64-bit numbers as decimal strings. */
export type EncodedRegistryValue =
  | { type: string; string: string }
  | { type: string; strings: string[] }
  | { type: string; number: number }
  | { type: string; bigint: string }
  | { type: string; hex: string };

export interface RegistryUndo {
  root: RegistryRoot;
  key: string;
  name: string;
  /** The value before the section ran; null when it did not exist. */
  previous: EncodedRegistryValue | null;
}

/** What undoing one change needs; which fields are set depends on the item kind. */
export interface UndoRecord {
  classGuid?: string;
  interfaceClassGuids?: string[];
  publishedName?: string;
  deviceInstanceIds?: string[];
  symbolicLink?: string;
  /** Values a section wrote, with what they were before. */
  registryValues?: RegistryUndo[];
  /** Keys a section created (they did not exist before). */
  registryKeys?: Array<{ root: RegistryRoot; key: string }>;
}

export interface JournalEntry {
  /** Stable id of the manifest item: 'device:ROOT\LABRIG'. */
  id: string;
  kind: string;
  /** JSON pointer of the item in the manifest. */
  at: string;
  status: 'pending' | 'done';
  /** ISO 8601 time of the last change to the entry. */
  time: string;
  undo: UndoRecord;
}

export interface JournalData {
  version: 1;
  manifest: string;
  entries: JournalEntry[];
}

export class Journal {
  private data: JournalData;

  private constructor(
    readonly file: string,
    data: JournalData,
  ) {
    this.data = data;
  }

  /** The journal of `manifestFile` in `stateDir` (empty when none was written yet). */
  static async open(stateDir: string, manifestFile: string): Promise<Journal> {
    const file = journalPath(stateDir, manifestFile);
    let data: JournalData = { version: 1, manifest: manifestFile, entries: [] };
    try {
      data = JSON.parse(await readFile(file, 'utf8')) as JournalData;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new InfkitError('E_IO', `cannot read the apply journal ${file}: ${(error as Error).message}`, {
          hint: 'delete the file to forget what earlier applies did (undo will then remove nothing)',
          cause: error,
        });
      }
    }
    return new Journal(file, data);
  }

  get entries(): readonly JournalEntry[] {
    return this.data.entries;
  }

  find(id: string): JournalEntry | undefined {
    return this.data.entries.find((e) => e.id === id);
  }

  /** Records that a change is about to be made (replacing an older entry of the same id). */
  pending(id: string, kind: string, at: string, undo: UndoRecord = {}): Promise<void> {
    return this.put({ id, kind, at, status: 'pending', time: new Date().toISOString(), undo });
  }

  /** Records a change as made, merging `undo` into what the pending entry remembered. */
  done(id: string, kind: string, at: string, undo: UndoRecord): Promise<void> {
    const before = this.find(id)?.undo ?? {};
    return this.put({ id, kind, at, status: 'done', time: new Date().toISOString(), undo: { ...before, ...undo } });
  }

  /** Forgets an entry (after it was undone). */
  drop(id: string): Promise<void> {
    this.data.entries = this.data.entries.filter((e) => e.id !== id);
    return this.save();
  }

  private put(entry: JournalEntry): Promise<void> {
    const index = this.data.entries.findIndex((e) => e.id === entry.id);
    if (index >= 0) this.data.entries[index] = entry;
    else this.data.entries.push(entry);
    return this.save();
  }

  private async save(): Promise<void> {
    if (this.data.entries.length === 0) {
      await rm(this.file, { force: true });
      return;
    }
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify(this.data, null, 2) + '\n');
  }
}

export function journalPath(stateDir: string, manifestFile: string): string {
  const hash = createHash('sha256').update(path.resolve(manifestFile)).digest('hex').slice(0, 16);
  return path.join(stateDir, 'journals', `${hash}.json`);
}

export function encodeRegistryValue(value: RegistryValue): EncodedRegistryValue {
  const { type, data } = value;
  if (typeof data === 'string') return { type, string: data };
  if (Array.isArray(data)) return { type, strings: [...data] };
  if (typeof data === 'number') return { type, number: data };
  if (typeof data === 'bigint') return { type, bigint: data.toString() };
  return { type, hex: Buffer.from(data as Uint8Array).toString('hex') };
}

export function decodeRegistryValue(encoded: EncodedRegistryValue): RegistryValue {
  if ('string' in encoded) return { type: encoded.type, data: encoded.string } as RegistryValue;
  if ('strings' in encoded) return { type: 'REG_MULTI_SZ', data: encoded.strings };
  if ('number' in encoded) return { type: encoded.type, data: encoded.number } as RegistryValue;
  if ('bigint' in encoded) return { type: encoded.type, data: BigInt(encoded.bigint) } as RegistryValue;
  return { type: encoded.type, data: new Uint8Array(Buffer.from(encoded.hex, 'hex')) };
}

/** Same type and same data (numbers compared by value, whatever their JS type). */
export function sameRegistryValue(a: RegistryValue, b: RegistryValue): boolean {
  const normal = (v: RegistryValue) => {
    const e = encodeRegistryValue(v);
    return JSON.stringify('number' in e ? { type: e.type, bigint: String(e.number) } : e);
  };
  return normal(a) === normal(b);
}
