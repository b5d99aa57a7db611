// The files of a driver package (the INF's folder and below), for checks that look past the
// INF text. Listed once per folder and only when a check asks; bounded so that validating an
// INF in a huge folder (C:\Windows\INF) does not walk the disk.
import { type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';
import type { PackageFiles } from './types.js';

/** Files listed per folder at most; past it, `list()` is cut and `has()` answers from what was listed. */
export const MAX_PACKAGE_FILES = 20_000;

class FolderFiles implements PackageFiles {
  private files: string[] | null = null;
  private lower: Set<string> | null = null;
  constructor(readonly dir: string) {}

  list(): readonly string[] {
    if (this.files === null) this.files = listFiles(this.dir);
    return this.files;
  }

  has(relative: string): boolean {
    if (this.lower === null) this.lower = new Set(this.list().map((f) => f.toLowerCase()));
    const key = relative
      .replace(/\\/g, '/')
      .replace(/^\.\//, '')
      .replace(/\/{2,}/g, '/')
      .toLowerCase();
    return this.lower.has(key);
  }
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const pending = [''];
  while (pending.length > 0 && out.length < MAX_PACKAGE_FILES) {
    const rel = pending.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue; // unreadable folder: its files count as absent
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) pending.push(name);
      else if (entry.isFile() && out.length < MAX_PACKAGE_FILES) out.push(name);
    }
  }
  return out;
}

/** The package files of `dir` (absolute or relative), listed when first asked. */
export function packageFilesFor(dir: string): PackageFiles {
  return new FolderFiles(path.resolve(dir));
}

/** packageFilesFor with a memory of the last folder: consecutive INFs of one folder share one listing. */
export function packageFilesCache(): (dir: string) => PackageFiles {
  let last: PackageFiles | null = null;
  return (dir) => {
    const abs = path.resolve(dir);
    if (last?.dir !== abs) last = new FolderFiles(abs);
    return last;
  };
}
