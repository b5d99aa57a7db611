// @ts-check
// Run by part 3 of the bench as `node --expose-gc retained.js DIR PERIOD OUT_JSON`, where DIR
// holds copies of the corpus, PERIOD files each: validates DIR through the library
// (validatePaths, one file at a time) and measures the heap left after a full GC at the end
// of the first copy and at the end of the last, inside the loop (so what validatePaths holds
// while it runs counts). Both points have just read the same file, so what grows between
// them is what validation keeps per file: streaming means nothing.
import { writeFileSync } from 'node:fs';
import { distUrl } from './corpus.js';

const [dir, period, out] = process.argv.slice(2);
const { validatePaths, SummaryCounter } = /** @type {typeof import('../../lib/rules/index.js')} */ (
  await import(distUrl('dist/rules/index.js'))
);
const gc = /** @type {() => void} */ (globalThis.gc);
const counter = new SummaryCounter();
let files = 0;
let startMb = 0;
let endMb = 0;
for await (const result of validatePaths([/** @type {string} */ (dir)])) {
  counter.add(result);
  // At the end of each copy, inside the loop: what validatePaths holds while it runs counts too.
  if (++files % Number(period) === 0) {
    gc();
    const mb = process.memoryUsage().heapUsed / 2 ** 20;
    if (files === Number(period)) startMb = mb;
    else endMb = mb;
  }
}
writeFileSync(/** @type {string} */ (out), JSON.stringify({ files, startMb, endMb }));
