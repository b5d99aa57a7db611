// Include= and Needs= : an install section may pull in other INFs (Include) and run
// sections of them, or of its own INF, before its own directives (Needs). Included INFs
// are looked for in the including INF's folder, then in the caller's search paths (on
// Windows they live in %windir%\INF). An INF that cannot be found is reported by name;
// a Needs chain that comes back to a section already being installed is cut and reported.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseInfSync, readInfFile } from '../inf/index.js';
import type { InfDocument } from '../inf/types.js';
import { type PlanState, listed, sourceOf } from './context.js';
import type { OperationSource } from './types.js';

/** A section of a document: the unit an install runs. */
export interface Scope {
  doc: InfDocument;
  section: string;
}

export class IncludeLoader {
  /** Lower-case INF name → the document (null when it could not be found or read). */
  readonly #loaded = new Map<string, InfDocument | null>();
  readonly #listings = new Map<string, string[]>();

  constructor(private readonly state: PlanState) {}

  /** Every INF loaded so far, in load order (SetupAPI appends them to one HINF). */
  get documents(): InfDocument[] {
    return [...this.#loaded.values()].filter((d): d is InfDocument => d !== null);
  }

  /** The INF named by an Include= entry, or null (with a note) when it is not found. */
  load(name: string, from: InfDocument, source: OperationSource): InfDocument | null {
    const key = name.toLowerCase();
    if (this.#loaded.has(key)) return this.#loaded.get(key)!;
    const dirs = [...this.#ownFolder(from), ...this.state.env.searchPaths];
    const found = dirs.map((dir) => this.#find(dir, name)).find((p) => p !== null) ?? null;
    let doc: InfDocument | null = null;
    if (found === null) {
      this.state.note(
        'warning',
        'PLAN_INCLUDE_NOT_FOUND',
        `could not find included INF ${name} (looked in ${dirs.length ? dirs.join(', ') : 'no folder'}); its sections are left out`,
        source,
      );
    } else {
      doc = parseInfSync(readInfFile(found), { file: found, dirids: this.state.dirids });
      if (doc.openError) {
        this.state.note('warning', 'PLAN_INCLUDE_REFUSED', `included INF ${found} would be refused: ${doc.openError.message}`, source);
        doc = null;
      }
    }
    this.#loaded.set(key, doc);
    this.state.includes.push({ name, path: doc ? found : null });
    return doc;
  }

  #ownFolder(doc: InfDocument): string[] {
    const dir = path.dirname(doc.file);
    return doc.file !== '<buffer>' && existsSync(dir) ? [dir] : [];
  }

  /** File names are matched without regard to case, as on Windows. */
  #find(dir: string, name: string): string | null {
    if (name.includes('/') || name.includes('\\')) return null;
    let listing = this.#listings.get(dir);
    if (!listing) {
      try {
        listing = statSync(dir).isDirectory() ? readdirSync(dir) : [];
      } catch {
        listing = [];
      }
      this.#listings.set(dir, listing);
    }
    const match = listing.find((f) => f.toLowerCase() === name.toLowerCase());
    return match === undefined ? null : path.join(dir, match);
  }
}

/** How deep Needs may nest (Windows documents no nesting at all; real INFs nest once or twice). */
export const MAX_NEEDS_DEPTH = 16;

/**
 * The sections an install of `section` runs, in order: each Needs= section (itself
 * expanded the same way) and then `section`. Include= INFs are loaded first so that
 * Needs can name their sections. A section reached twice runs once; a Needs chain that
 * comes back to a section being installed, or nests deeper than MAX_NEEDS_DEPTH, is cut
 * with a note.
 */
export function expandNeeds(state: PlanState, loader: IncludeLoader, scope: Scope): Scope[] {
  const out: Scope[] = [];
  expand(state, loader, scope, [], new Set(), out);
  return out;
}

function expand(state: PlanState, loader: IncludeLoader, scope: Scope, stack: string[], done: Set<string>, out: Scope[]): void {
  const id = `${scope.doc.file}|${scope.section.toLowerCase()}`;
  if (done.has(id)) return;
  done.add(id);
  const includedHere: InfDocument[] = [];
  const missing: string[] = [];
  for (const { value, line } of listed(scope.doc, scope.section, 'Include')) {
    const doc = loader.load(value, scope.doc, sourceOf(scope.doc, scope.section, line));
    if (doc) includedHere.push(doc);
    else missing.push(value);
  }
  const chain = [...stack, id];
  for (const { value, line } of listed(scope.doc, scope.section, 'Needs')) {
    const source = sourceOf(scope.doc, scope.section, line);
    const holders = [scope.doc, ...includedHere, ...loader.documents].filter((d) => d.hasSection(value));
    // `[NO_DRV] Needs=NO_DRV` means machine.inf's NO_DRV: a section being installed is
    // passed over in favour of a same-named one in another INF.
    const where = holders.find((d) => !chain.includes(`${d.file}|${value.toLowerCase()}`));
    if (!where) {
      const why = missing.length ? `; it may be in ${missing.join(', ')}, which could not be found` : '';
      if (holders.length && !why) {
        state.note(
          'warning',
          'PLAN_NEEDS_CYCLE',
          `Needs chain comes back to [${holders[0]!.section(value)!.name}]; it is not run again`,
          source,
        );
      } else {
        const what = holders.length ? 'in another INF' : 'found';
        state.note('warning', 'PLAN_NEEDS_NOT_FOUND', `Needs section [${value}] was not ${what}${why}`, source);
      }
      continue;
    }
    if (chain.length >= MAX_NEEDS_DEPTH) {
      state.note('warning', 'PLAN_NEEDS_TOO_DEEP', `Needs nests deeper than ${MAX_NEEDS_DEPTH} sections; [${value}] is left out`, source);
      continue;
    }
    expand(state, loader, { doc: where, section: where.section(value)!.name }, chain, done, out);
  }
  out.push(scope);
}
