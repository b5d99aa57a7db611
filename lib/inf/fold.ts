// Case-insensitive names, as SetupAPI matches section names, keys and %strkey% names.
//
// FoldedMap files each name under foldHash, a hash of the name as foldCase would fold it, so
// that a lookup need not fold: it compares names as written, and folds only two names that
// differ. The lexer's scanner computes the same hash from the file's bytes (simple-lines.c).

/** Case-insensitive key for section, key and string lookups (per-character lower case). */
export function foldCase(s: string): string {
  const lower = s.toLowerCase();
  if (lower.length === s.length) return lower;
  // A few characters lower-case to more than one unit; fold those one by one instead.
  let out = '';
  for (const ch of s) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

const PRIME = 0x01000193;
/** What each of a block's four words is multiplied by. */
const WORD = [0x9e3779b1 | 0, 0x85ebca77 | 0, 0xc2b2ae3d | 0, 0x27d4eb2f | 0] as const;

/**
 * The seed of foldHash: random, so that a file cannot be made of names that all share a hash
 * (a map of them would take quadratic time). The scanner is given it with each window.
 * Math.random, which V8 seeds at random for each process, is unpredictable enough to a file
 * written beforehand; the crypto global would add about 1 ms to every start (it loads WebCrypto).
 */
export const HASH_SEED = (Math.random() * 2 ** 32) | 0;

/**
 * A hash of foldCase(s), of 30 bits (a small integer, the cheapest Map key). ASCII folds by
 * lowering A-Z alone, so an ASCII name is hashed as it is read, the way the scanner hashes it
 * (simple-lines.c); a name with any other character (one may fold to ASCII: U+212A KELVIN SIGN
 * folds to 'k') is folded first.
 */
export function foldHash(s: string): number {
  const ascii = asciiHash(s);
  if (ascii >= 0) return ascii;
  const folded = foldCase(s);
  const again = asciiHash(folded);
  if (again >= 0) return again;
  let h = HASH_SEED ^ folded.length;
  for (let i = 0; i < folded.length; i++) h = Math.imul(h ^ folded.charCodeAt(i), PRIME);
  return h >>> 2;
}

/**
 * foldHash of an ASCII name, -1 for another. Blocks of 16 characters (the last one padded with
 * zeros), A-Z lowered: each four make a little-endian word, multiplied by WORD[its place] and
 * xored into the block's value, which is mixed into the hash by xor and multiply.
 */
function asciiHash(s: string): number {
  let h = HASH_SEED ^ s.length;
  let block = 0;
  let word = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0x80) return -1;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    word |= c << ((i & 3) << 3);
    if ((i & 3) === 3 || i === s.length - 1) {
      block ^= Math.imul(word, WORD[(i >> 2) & 3]!);
      word = 0;
    }
    if ((i & 15) === 15 || i === s.length - 1) {
      h = Math.imul(h ^ block, PRIME);
      block = 0;
    }
  }
  return h >>> 2;
}

/** Do two names match case-insensitively? As written first: they mostly do. */
export function sameName(a: string, b: string): boolean {
  return a === b || (a.length === b.length && foldCase(a) === foldCase(b));
}

interface Entry<V> {
  readonly name: string;
  readonly value: V;
  /** The next entry under the same hash. */
  readonly next: Entry<V> | undefined;
}

/**
 * Values by case-insensitive name; the first value given a name is the one it keeps. Each
 * method takes the name's foldHash when the caller has it (the lexer's scanner gives most),
 * else (undefined or -1) computes it.
 */
export class FoldedMap<V> {
  readonly #byHash = new Map<number, Entry<V>>();
  #size = 0;

  /** How many distinct names it holds. */
  get size(): number {
    return this.#size;
  }

  get(name: string, hash?: number): V | undefined {
    return this.#entry(name, hash)?.value;
  }

  has(name: string, hash?: number): boolean {
    return this.#entry(name, hash) !== undefined;
  }

  /** Gives `name` the value `value` unless it has one; returns the value it has then. */
  add(name: string, value: V, hash?: number): V {
    const h = hash === undefined || hash < 0 ? foldHash(name) : hash;
    const first = this.#byHash.get(h);
    for (let e = first; e; e = e.next) if (sameName(e.name, name)) return e.value;
    this.#byHash.set(h, { name, value, next: first });
    this.#size++;
    return value;
  }

  /** Each name (as first given) and its value, in no set order. */
  *entries(): IterableIterator<[string, V]> {
    for (const first of this.#byHash.values()) for (let e: Entry<V> | undefined = first; e; e = e.next) yield [e.name, e.value];
  }

  #entry(name: string, hash: number | undefined): Entry<V> | undefined {
    const h = hash === undefined || hash < 0 ? foldHash(name) : hash;
    for (let e = this.#byHash.get(h); e; e = e.next) if (sameName(e.name, name)) return e;
    return undefined;
  }
}
