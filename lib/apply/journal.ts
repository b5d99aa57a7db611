// The apply journal: what one manifest changed on one machine, so `apply --undo` can
// take exactly that back, in reverse order. One JSON file per manifest, in
// `<state dir>/journals/<hash of the manifest's absolute path>.json`.
//
// An entry is written as 'pending' (with whatever must be remembered beforehand, such as
// the registry values a section will overwrite, and the classes, interface classes and
// packages the machine had) before its change is made, and turned 'done' (with what is
// needed to undo it) right after. Every write is atomic (temporary file, then rename), so a
// process killed at any point leaves a journal that is either the previous one or the next
// one; the temporary file of a killed write is deleted by the next open. A pending entry
// whose change turns out to be present on the next apply is adopted as done: the killed run
// made it.
//
// Version 1 journals (item ids with the INF's absolute path, one class GUID and one package
// per entry) are read and rewritten as version 2 on their next change.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RegistryRoot, RegistryValue } from '../backend/types.js';
import { InfkitError } from '../errors.js';
import { processAlive, writeFileAtomic } from '../base/store.js';

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

/** What undoing one change needs; which fields are set depends on what the item brought in. */
export interface UndoRecord {
  /** Setup classes the item created (a device install creates its INF's class, say). */
  classGuids?: string[];
  interfaceClassGuids?: string[];
  /** Driver packages the item staged (oemNN.inf). */
  publishedNames?: string[];
  deviceInstanceIds?: string[];
  /** Devices whose enabled state an item changed, with the state they had before. */
  deviceEnabled?: Array<{ deviceInstanceId: string; enabled: boolean }>;
  symbolicLink?: string;
  /** Values a section wrote, with what they were before. */
  registryValues?: RegistryUndo[];
  /** Keys a section created (they did not exist before). */
  registryKeys?: Array<{ root: RegistryRoot; key: string }>;
}

/** What the machine has of what items bring in as side effects (compared before and after each item). */
export interface Inventory {
  classGuids: string[];
  interfaceClassGuids: string[];
  publishedNames: string[];
}

export interface JournalEntry {
  /** Stable id of the manifest item: 'device:ROOT\LABRIG', 'section:infs/labtools.inf#defaultinstall'. */
  id: string;
  kind: string;
  /** JSON pointer of the item in the manifest. */
  at: string;
  status: 'pending' | 'done';
  /** ISO 8601 time of the last change to the entry. */
  time: string;
  undo: UndoRecord;
  /** Pending entries: the machine's inventory before the change. */
  before?: Inventory;
}

export interface JournalData {
  version: 2;
  manifest: string;
  entries: JournalEntry[];
}

const VERSION = 2;

export class Journal {
  private data: JournalData;

  private constructor(
    readonly file: string,
    data: JournalData,
  ) {
    this.data = data;
  }

  /**
   * The journal of `manifestFile` in `stateDir` (empty when none was written yet).
   * `legacyIds` maps the ids a version 1 journal used to today's (see the module comment).
   */
  static async open(stateDir: string, manifestFile: string, legacyIds: ReadonlyMap<string, string> = new Map()): Promise<Journal> {
    const file = journalPath(stateDir, manifestFile);
    await removeDeadTemps(file);
    let data: JournalData = { version: VERSION, manifest: manifestFile, entries: [] };
    let text: string | undefined;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unreadable(file, (error as Error).message, error);
    }
    if (text !== undefined) {
      let stored: { version?: unknown; manifest?: unknown; entries?: unknown };
      try {
        stored = JSON.parse(text) as typeof stored;
      } catch (error) {
        throw unreadable(file, (error as Error).message, error);
      }
      if (stored.version === 1) data = upgrade(stored as unknown as JournalV1, legacyIds);
      else if (stored.version === VERSION && Array.isArray(stored.entries)) data = stored as JournalData;
      else throw unreadable(file, `version ${JSON.stringify(stored.version)} is not one this infkit reads (1 or ${VERSION})`);
    }
    return new Journal(file, data);
  }

  get entries(): readonly JournalEntry[] {
    return this.data.entries;
  }

  find(id: string): JournalEntry | undefined {
    return this.data.entries.find((e) => e.id === id);
  }

  /**
   * Records that a change is about to be made (replacing an older entry of the same id), with
   * what undo must remember from before it and the machine's inventory.
   */
  pending(id: string, kind: string, at: string, undo: UndoRecord = {}, before?: Inventory): Promise<void> {
    return this.put({ id, kind, at, status: 'pending', time: new Date().toISOString(), undo, ...(before && { before }) });
  }

  /** Records a change as made, merging `undo` into what the pending entry remembered. */
  done(id: string, kind: string, at: string, undo: UndoRecord): Promise<void> {
    const remembered = this.find(id)?.undo ?? {};
    return this.put({ id, kind, at, status: 'done', time: new Date().toISOString(), undo: mergeUndo(remembered, undo) });
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
    await writeFileAtomic(this.file, `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

function unreadable(file: string, why: string, cause?: unknown): InfkitError {
  return new InfkitError('E_IO', `cannot read the apply journal ${file}: ${why}`, {
    hint: 'delete the file to forget what earlier applies did (undo will then remove nothing)',
    ...(cause !== undefined && { cause }),
  });
}

/**
 * Deletes the temporary files of writes to `file` that a killed process left
 * (`<file>.<pid>.<random>.tmp`). Our own pid's are an earlier process's too: this one has
 * not written yet.
 */
async function removeDeadTemps(file: string): Promise<void> {
  const prefix = `${path.basename(file)}.`;
  for (const name of await readdir(path.dirname(file)).catch(() => [] as string[])) {
    const pid = name.startsWith(prefix) && name.endsWith('.tmp') ? Number(name.slice(prefix.length).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && (pid === process.pid || !processAlive(pid)))
      await rm(path.join(path.dirname(file), name), { force: true });
  }
}

/** Two undo records as one: lists are joined (without repeats, GUIDs and names in any case), other fields the later wins. */
export function mergeUndo(a: UndoRecord, b: UndoRecord): UndoRecord {
  const merged: Record<string, unknown> = { ...a };
  for (const [field, value] of Object.entries(b)) {
    const old = merged[field];
    if (!Array.isArray(old) || !Array.isArray(value)) {
      merged[field] = value;
      continue;
    }
    const key = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : JSON.stringify(v));
    const seen = new Set(old.map(key));
    merged[field] = [...old, ...value.filter((v) => !seen.has(key(v)))];
  }
  return merged as UndoRecord;
}

/** A version 1 journal: its undo records had one class GUID and one package. */
interface JournalV1 {
  version: 1;
  manifest: string;
  entries: Array<
    Omit<JournalEntry, 'undo'> & {
      undo: Omit<UndoRecord, 'classGuids' | 'publishedNames'> & { classGuid?: string; publishedName?: string };
    }
  >;
}

function upgrade(v1: JournalV1, legacyIds: ReadonlyMap<string, string>): JournalData {
  return {
    version: VERSION,
    manifest: v1.manifest,
    entries: v1.entries.map(({ undo: { classGuid, publishedName, ...undo }, ...entry }) => ({
      ...entry,
      id: legacyIds.get(entry.id) ?? entry.id,
      undo: {
        ...undo,
        ...(classGuid !== undefined && { classGuids: [classGuid] }),
        ...(publishedName !== undefined && { publishedNames: [publishedName] }),
      },
    })),
  };
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
