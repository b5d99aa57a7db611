// @ts-check
// The reader's robustness properties, checked on one input at a time. Shared by the
// property tests (test/hostile/, which pass lib/ through vitest) and the fuzz script
// (scripts/fuzz/, which passes dist/): the reader under test is a parameter, so both
// check exactly the same things.
//
// 1. parseInfSync never throws anything but InfkitError (with a string code);
// 2. every position it reports points inside the decoded file;
// 3. converting CRLF to LF (or back) changes nothing but the bytes;
// 4. its time grows linearly with its input (ratio between two sizes, never an absolute).
import { PerformanceObserver } from 'node:perf_hooks';

/** @typedef {import('../../lib/inf/types.js').InfDocument} InfDocument */
/** @typedef {import('../../lib/inf/types.js').Position} Position */

/**
 * What the checks need from the reader. `decodeInf` is the reader's own decoder, so that
 * positions are checked against the text the reader saw.
 * @typedef {object} ReaderUnderTest
 * @property {(bytes: Uint8Array, options?: import('../../lib/inf/types.js').ParseOptions) => InfDocument} parseInfSync
 * @property {(bytes: Uint8Array, codepage?: string) => { text: string, encoding: string }} decodeInf
 * @property {abstract new (...args: any[]) => Error} InfkitError
 */

/**
 * Parse, turning a throw into a result. A throw other than InfkitError is a problem.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} bytes
 * @returns {{ doc: InfDocument | null, error: Error | null, problems: string[] }}
 */
export function parseChecked(reader, bytes) {
  try {
    return { doc: reader.parseInfSync(bytes, { file: 'fuzz.inf' }), error: null, problems: [] };
  } catch (error) {
    if (error instanceof reader.InfkitError && typeof (/** @type {{ code?: unknown }} */ (error).code) === 'string') {
      return { doc: null, error, problems: [] };
    }
    const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
    return { doc: null, error: null, problems: [`threw something other than InfkitError: ${text}`] };
  }
}

/**
 * Every section, header, line, key, field, diagnostic and open error must name a line
 * that exists in the decoded text, and a column no further than one past its end.
 * Lines end at LF; a CR is an ordinary character for counting columns.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} bytes
 * @param {InfDocument} doc
 * @returns {string[]}
 */
export function positionProblems(reader, bytes, doc) {
  const { text } = reader.decodeInf(bytes);
  /** @type {number[]} length of each line, in UTF-16 units */
  const lengths = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end < 0) break;
    lengths.push(end - start);
    start = end + 1;
  }
  lengths.push(text.length - start);

  /** @type {string[]} */
  const problems = [];
  /** @param {string} what @param {Position} p */
  const check = (what, p) => {
    if (problems.length >= 5) return;
    if (!Number.isInteger(p.line) || p.line < 1 || p.line > lengths.length) {
      problems.push(`${what} at line ${p.line}: the file has ${lengths.length} lines`);
    } else if (!Number.isInteger(p.column) || p.column < 1 || p.column > /** @type {number} */ (lengths[p.line - 1]) + 1) {
      problems.push(`${what} at ${p.line}:${p.column}: that line has ${lengths[p.line - 1]} characters`);
    }
  };
  for (const section of doc.sections) {
    check(`section [${section.name.slice(0, 40)}]`, section);
    for (const header of section.headers) check(`header of [${section.name.slice(0, 40)}]`, header);
    for (const line of section.lines) {
      check('line', line);
      if (line.keyField) check('key', line.keyField);
      for (const field of line.fields) check('field', field);
    }
  }
  for (const d of doc.diagnostics) check(`diagnostic ${d.code}`, d);
  const openLine = doc.openError?.line;
  if (openLine !== undefined && (openLine < 1 || openLine > lengths.length)) {
    problems.push(`open error ${doc.openError?.name} at line ${openLine}: the file has ${lengths.length} lines`);
  }
  return problems;
}

/**
 * The byte width of a text unit and the BOM length for the encoding the reader chose.
 * @param {string} encoding
 */
function layout(encoding) {
  if (encoding === 'utf16le-bom') return { width: 2, bom: 2 };
  if (encoding === 'utf16le') return { width: 2, bom: 0 };
  if (encoding === 'utf8-bom') return { width: 1, bom: 3 };
  return { width: 1, bom: 0 };
}

/**
 * Rewrite the line ends of `bytes` unit by unit (1 byte for 8-bit/UTF-8, 2 for UTF-16LE):
 * 'lf' turns every CR LF into LF, 'crlf' turns every LF not preceded by CR into CR LF.
 * @param {Uint8Array} bytes
 * @param {number} width
 * @param {'lf' | 'crlf'} to
 * @returns {Uint8Array}
 */
export function convertNewlines(bytes, width, to) {
  const out = new Uint8Array(bytes.length * 2);
  let n = 0;
  const at = (/** @type {number} */ i) => (width === 2 ? (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8) : (bytes[i] ?? 0));
  const put = (/** @type {number} */ unit) => {
    out[n++] = unit & 0xff;
    if (width === 2) out[n++] = unit >> 8;
  };
  const whole = bytes.length - (bytes.length % width);
  let previous = -1;
  for (let i = 0; i < whole; i += width) {
    const unit = at(i);
    if (to === 'lf' && unit === 0x0d && i + width < whole && at(i + width) === 0x0a) {
      previous = unit;
      continue;
    }
    if (to === 'crlf' && unit === 0x0a && previous !== 0x0d) put(0x0d);
    put(unit);
    previous = unit;
  }
  for (let i = whole; i < bytes.length; i++) out[n++] = /** @type {number} */ (bytes[i]);
  return out.subarray(0, n);
}

/**
 * What must not change when only line ends change: sections, lines, keys, fields and their
 * line numbers, the open error, and the diagnostics' codes and lines.
 * @param {InfDocument} doc
 */
function essence(doc) {
  const json = doc.toJSON();
  return JSON.stringify({
    encoding: json.encoding,
    sections: json.sections,
    openError: doc.openError?.name ?? null,
    diagnostics: doc.diagnostics.map((d) => `${d.code}@${d.line}`),
  });
}

/**
 * The LF and the CRLF forms of the input must parse to the same document. Inputs whose
 * two forms are decoded differently (the UTF-16 heuristic counts CRs) are not compared.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} bytes
 * @returns {string[]}
 */
export function newlineProblems(reader, bytes) {
  const { encoding } = reader.decodeInf(bytes);
  const { width } = layout(encoding);
  const lf = convertNewlines(bytes, width, 'lf');
  const crlf = convertNewlines(lf, width, 'crlf');
  // The rewrite works on the units of the input's encoding. When a form decodes in another
  // encoding (an odd-length UTF-16 file read as 8-bit text whose rewrite turns even, so it
  // reads as UTF-16 again with every unit shifted), more than line ends changed: not comparable.
  if (reader.decodeInf(lf).encoding !== encoding || reader.decodeInf(crlf).encoding !== encoding) return [];
  const a = parseChecked(reader, lf);
  const b = parseChecked(reader, crlf);
  const problems = [...a.problems, ...b.problems];
  if (problems.length > 0) return problems;
  if (a.error || b.error) {
    const codeA = a.error ? /** @type {{ code?: string }} */ (a.error).code : 'no error';
    const codeB = b.error ? /** @type {{ code?: string }} */ (b.error).code : 'no error';
    return codeA === codeB ? [] : [`LF form gave ${codeA} but CRLF form gave ${codeB}`];
  }
  const docA = /** @type {InfDocument} */ (a.doc);
  const docB = /** @type {InfDocument} */ (b.doc);
  if (docA.encoding !== docB.encoding) return [];
  const ea = essence(docA);
  const eb = essence(docB);
  if (ea === eb) return [];
  let i = 0;
  while (i < ea.length && ea[i] === eb[i]) i++;
  return [
    `LF and CRLF forms parse differently near: LF …${ea.slice(Math.max(0, i - 60), i + 60)}… CRLF …${eb.slice(Math.max(0, i - 60), i + 60)}…`,
  ];
}

/**
 * The input's body (BOM kept once, whole text units) repeated until it is at least
 * `size` bytes long.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} bytes
 * @param {number} size
 * @returns {Uint8Array}
 */
export function repeatTo(reader, bytes, size) {
  const { width, bom } = layout(reader.decodeInf(bytes).encoding);
  let body = bytes.subarray(bom);
  body = body.subarray(0, body.length - (body.length % width));
  if (body.length === 0) return bytes;
  const copies = Math.max(1, Math.ceil((size - bom) / body.length));
  const out = new Uint8Array(bom + copies * body.length);
  out.set(bytes.subarray(0, bom));
  for (let i = 0; i < copies; i++) out.set(body, bom + i * body.length);
  return out;
}

/**
 * The reader's own time on `bytes`, fastest of `runs` parses, in milliseconds: wall time
 * minus the garbage collector's pauses inside it. Whether a large, long-lived result is
 * collected in one young-generation pass or promoted through several major ones is V8's
 * business and grows faster than the input (it made honest linear parses look 3-4x
 * superlinear between 256 KB and 2 MB); what the reader itself does must stay linear.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} bytes
 * @param {number} runs
 */
export async function fastestParseMs(reader, bytes, runs) {
  /** @type {Array<{ startTime: number, duration: number }>} */
  const pauses = [];
  const observer = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  /** @type {Array<[number, number]>} */
  const spans = [];
  try {
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      parseChecked(reader, bytes);
      spans.push([t0, performance.now()]);
      await new Promise((resolve) => setImmediate(resolve)); // GC entries arrive asynchronously
    }
    pauses.push(...observer.takeRecords());
  } finally {
    observer.disconnect();
  }
  let best = Infinity;
  for (const [t0, t1] of spans) {
    let gc = 0;
    for (const p of pauses) gc += Math.max(0, Math.min(t1, p.startTime + p.duration) - Math.max(t0, p.startTime));
    best = Math.min(best, t1 - t0 - gc);
  }
  return best;
}

/** The smallest time a size-ratio check trusts. */
const MIN_MS = 5;

/**
 * The reader's time (fastestParseMs) on `input` repeated to `base` bytes against repeated
 * to `factor` × `base` bytes. Quadratic time gives a ratio near factor² (64 for 8x); linear
 * time gives `factor`, but measured up to about 3x that on a loaded 2-core machine (caches,
 * the collector's work that is not a pause), hence the default `slack` of 5. The small size
 * is grown until it takes MIN_MS.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} input
 * @param {{ base?: number, factor?: number, slack?: number, runs?: number }} [options]
 * @returns {Promise<{ ratio: number, smallMs: number, largeMs: number, problems: string[] }>}
 */
export async function scalingProblems(reader, input, options = {}) {
  const { base = 64 * 1024, factor = 8, slack = 5, runs = 5 } = options;
  let small = repeatTo(reader, input, base);
  await fastestParseMs(reader, small, 1); // warm up
  let smallMs = await fastestParseMs(reader, small, runs);
  // Below a few milliseconds timer noise dominates: grow the small size until it is measurable.
  while (smallMs < MIN_MS && small.length < 8 * 1024 * 1024) {
    const grown = repeatTo(reader, small, small.length * 4);
    if (grown.length <= small.length) break; // nothing to repeat
    small = grown;
    smallMs = await fastestParseMs(reader, small, runs);
  }
  const large = repeatTo(reader, small, small.length * factor);
  // The two sizes take turns, so that a change in the machine's load falls on both.
  let largeMs = Infinity;
  for (let i = 0; i < runs; i++) {
    largeMs = Math.min(largeMs, await fastestParseMs(reader, large, 1));
    smallMs = Math.min(smallMs, await fastestParseMs(reader, small, 1));
  }
  const ratio = largeMs / Math.max(smallMs, 1e-3);
  const problems =
    smallMs >= MIN_MS && ratio > factor * slack
      ? [
          `${factor}x the input took ${ratio.toFixed(1)}x the time (${smallMs.toFixed(1)} ms → ${largeMs.toFixed(1)} ms, GC pauses left out): not linear`,
        ]
      : [];
  return { ratio, smallMs, largeMs, problems };
}

/**
 * Properties 1-3 on one input (4 is costlier; callers run it on a sample), with the document
 * the input parsed to (null when the reader refused it or threw), for the layers above.
 * @param {ReaderUnderTest} reader
 * @param {Uint8Array} bytes
 * @returns {{ doc: InfDocument | null, problems: string[] }}
 */
export function readerProblems(reader, bytes) {
  const { doc, problems } = parseChecked(reader, bytes);
  if (problems.length > 0) return { doc, problems };
  const where = doc ? positionProblems(reader, bytes, doc) : [];
  return { doc, problems: where.length > 0 ? where : newlineProblems(reader, bytes) };
}
