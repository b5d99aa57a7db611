// @ts-check
// Byte-level mutations of INF files for the fuzz script. Each takes a seeded random source
// and returns a new buffer; tokens are written in the input's own text-unit width so that
// UTF-16 files stay mostly UTF-16 (a few mutations break that on purpose).

/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  /** @param {number} seed */
  constructor(seed) {
    this.state = seed >>> 0;
  }
  /** @returns {number} in [0, 1) */
  next() {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** @param {number} n @returns {number} an integer in [0, n) */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** @template T @param {readonly T[]} items @returns {T} */
  pick(items) {
    return /** @type {T} */ (items[this.int(items.length)]);
  }
}

/** Text that matters to SetupAPI's lexer, and a few things that should not matter. */
export const TOKENS = [
  '[',
  ']',
  '=',
  ',',
  '"',
  '""',
  '%',
  '%%',
  ';',
  '\\',
  '\\\r\n',
  '\r\n',
  '\n',
  '\r',
  ' ',
  '\t',
  '\0',
  '\x1a',
  '\uFEFF',
  '\uD800',
  '\uFFFF',
  'é',
  '[Version]\r\n',
  '[Strings]\r\n',
  'Signature="$Chicago$"\r\n',
  '%a%',
  'a=%a%\r\n',
  '%1%',
  '%10%\\..\\..',
  '..\\',
  'HKLM,"SYSTEM\0X"',
  '{4D36E97B-E325-11CE-BFC1-08002BE10318}',
  'Include=',
  'Needs=',
  'CopyFiles=',
  'AddReg=',
  'DestinationDirs',
  '[DefaultInstall]\r\n',
];

/**
 * @param {string} text
 * @param {number} width 1: one byte per unit (Latin-1 truncation), 2: UTF-16LE
 */
function encode(text, width) {
  if (width === 2) return new Uint8Array(Buffer.from(text, 'utf16le'));
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/**
 * @param {Uint8Array} bytes
 * @param {number} at
 * @param {number} remove
 * @param {Uint8Array} insert
 */
function splice(bytes, at, remove, insert) {
  at = Math.min(at, bytes.length);
  remove = Math.min(remove, bytes.length - at);
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at));
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
}

/**
 * @typedef {object} MutationContext
 * @property {Random} random
 * @property {number} width text-unit width of the input (1 or 2)
 * @property {() => Uint8Array} other another corpus file, for splicing
 */

/** @type {Array<[string, (bytes: Uint8Array, c: MutationContext) => Uint8Array]>} */
const MUTATIONS = [
  [
    'flip a byte',
    (b, { random }) => {
      if (b.length === 0) return b;
      const out = b.slice();
      const i = random.int(out.length);
      out[i] = /** @type {number} */ (out[i]) ^ (1 << random.int(8));
      return out;
    },
  ],
  [
    'insert a token',
    (b, { random, width }) => {
      const at = random.int(b.length / width + 1) * width;
      return splice(b, Math.min(at, b.length), 0, encode(random.pick(TOKENS), width));
    },
  ],
  [
    'repeat a token',
    (b, { random, width }) => {
      const at = Math.min(random.int(b.length / width + 1) * width, b.length);
      return splice(b, at, 0, encode(random.pick(TOKENS).repeat(100 + random.int(5000)), width));
    },
  ],
  [
    'delete a range',
    (b, { random }) => {
      const at = random.int(b.length + 1);
      return splice(b, at, Math.min(b.length - at, random.int(256)), new Uint8Array(0));
    },
  ],
  [
    'duplicate a range',
    (b, { random }) => {
      const at = random.int(b.length + 1);
      const part = b.slice(at, at + random.int(4096));
      return splice(b, random.int(b.length + 1), 0, part);
    },
  ],
  [
    'splice from another file',
    (b, { random, other }) => {
      const o = other();
      const from = random.int(o.length + 1);
      return splice(b, random.int(b.length + 1), random.int(64), o.slice(from, from + random.int(2048)));
    },
  ],
  ['truncate', (b, { random }) => b.slice(0, random.int(b.length + 1))],
  ['strip line ends', (b) => b.filter((x) => x !== 0x0a && x !== 0x0d)],
  [
    're-encode as UTF-16LE with BOM',
    (b) => {
      const text = Buffer.from(b).toString('latin1');
      return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    },
  ],
  ['drop the last byte', (b) => b.subarray(0, Math.max(0, b.length - 1))],
];

/**
 * Apply 1 to 4 random mutations.
 * @param {Uint8Array} bytes
 * @param {MutationContext} context
 * @returns {{ bytes: Uint8Array, applied: string[] }}
 */
export function mutate(bytes, context) {
  const applied = [];
  let out = bytes;
  for (let n = 1 + context.random.int(4); n > 0; n--) {
    const [name, apply] = context.random.pick(MUTATIONS);
    out = apply(out, context);
    applied.push(name);
  }
  return { bytes: out, applied };
}
