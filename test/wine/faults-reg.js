// @ts-check
// Reads a Wine prefix's system.reg and compares two of them, for test/wine/faults.sh
// (runs on Linux, with Linux Node).
//
//   node test/wine/faults-reg.js diff BEFORE.reg AFTER.reg [--noise NOISE_BEFORE.reg NOISE_AFTER.reg]
//
// Prints the differences as JSON ({addedKeys, removedKeys, changedValues}) and exits 1 when
// there are any, 0 when the two registries are the same. Key timestamps and #time lines are
// not compared. Values Windows itself maintains are left out: those that changed between
// NOISE_BEFORE and NOISE_AFTER (two snapshots around a run that installs nothing), and the
// keys matched by MAINTAINED below.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/**
 * Keys whose values Windows (Wine) rewrites on its own, whatever infkit does: the RNG seed,
 * the device and hardware trees Wine's plug-and-play manager refreshes at start-up, and
 * the per-boot volatile data.
 */
const MAINTAINED = [
  /^software\\microsoft\\cryptography\\rng$/,
  /^hardware\\/,
  /^system\\currentcontrolset\\control\\session manager\\environment$/,
];

/** @typedef {Map<string, { name: string, values: Map<string, string> }>} Registry */

/**
 * A system.reg as keys (lower-cased path → name as written and values). Values are
 * compared as the text Wine wrote, continuation lines joined. Wine leaves out a key that
 * has subkeys and no values: such a key is added, without values, so that a key that lost
 * its values reads as the changed values they are, not as a removed key.
 * @param {string} file
 * @returns {Registry}
 */
export function readRegistry(file) {
  /** @type {Registry} */
  const keys = new Map();
  /** @type {Map<string, string> | null} */
  let values = null;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = /** @type {string} */ (lines[i]).replace(/\r$/, '');
    const header = /^\[(.*)\](?: \d+)?$/.exec(line);
    if (header) {
      const name = /** @type {string} */ (header[1]);
      values = new Map();
      keys.set(name.toLowerCase(), { name, values });
      continue;
    }
    if (!values || line === '' || line.startsWith('#time=') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = line.slice(0, -1) + /** @type {string} */ (lines[++i]).trim();
    const value = /^(@|"(?:[^"\\]|\\.)*")=(.*)$/.exec(line);
    if (value) values.set(/** @type {string} */ (value[1]).toLowerCase(), /** @type {string} */ (value[2]));
    else values.set(line, ''); // #class, #link and the like: compared as they are
  }
  for (const { name } of [...keys.values()]) {
    for (let end = name.lastIndexOf('\\\\'); end > 0; end = name.lastIndexOf('\\\\', end - 1)) {
      const parent = name.slice(0, end);
      if (keys.has(parent.toLowerCase())) break;
      keys.set(parent.toLowerCase(), { name: parent, values: new Map() });
    }
  }
  return keys;
}

/**
 * @typedef {object} RegistryDiff
 * @property {string[]} addedKeys
 * @property {string[]} removedKeys
 * @property {Array<{ key: string, value: string, before: string | null, after: string | null }>} changedValues
 */

/**
 * @param {Registry} before
 * @param {Registry} after
 * @returns {RegistryDiff}
 */
export function diffRegistry(before, after) {
  /** @type {RegistryDiff} */
  const diff = { addedKeys: [], removedKeys: [], changedValues: [] };
  for (const [path, key] of after) if (!before.has(path)) diff.addedKeys.push(key.name);
  for (const [path, key] of before) {
    const other = after.get(path);
    if (!other) {
      diff.removedKeys.push(key.name);
      continue;
    }
    for (const name of new Set([...key.values.keys(), ...other.values.keys()])) {
      const a = key.values.get(name) ?? null;
      const b = other.values.get(name) ?? null;
      if (a !== b) diff.changedValues.push({ key: key.name, value: name, before: a, after: b });
    }
  }
  return diff;
}

/** @param {string} name a key's name as written in system.reg (backslashes doubled) */
function canonical(name) {
  return name.replaceAll('\\\\', '\\').toLowerCase();
}

/**
 * `diff` without what Windows maintains: MAINTAINED keys, and whatever `noise` saw change.
 * @param {RegistryDiff} diff
 * @param {RegistryDiff | null} noise
 * @returns {RegistryDiff}
 */
export function withoutMaintained(diff, noise) {
  const maintained = (/** @type {string} */ key) => MAINTAINED.some((re) => re.test(canonical(key)));
  const noisyKeys = new Set([...(noise?.addedKeys ?? []), ...(noise?.removedKeys ?? [])].map(canonical));
  const noisyValues = new Set((noise?.changedValues ?? []).map((c) => `${canonical(c.key)}\0${c.value}`));
  return {
    addedKeys: diff.addedKeys.filter((k) => !maintained(k) && !noisyKeys.has(canonical(k))),
    removedKeys: diff.removedKeys.filter((k) => !maintained(k) && !noisyKeys.has(canonical(k))),
    changedValues: diff.changedValues.filter((c) => !maintained(c.key) && !noisyValues.has(`${canonical(c.key)}\0${c.value}`)),
  };
}

function main() {
  const [command, before, after, flag, noiseBefore, noiseAfter] = process.argv.slice(2);
  if (command !== 'diff' || !before || !after || (flag !== undefined && (flag !== '--noise' || !noiseBefore || !noiseAfter))) {
    console.error('usage: node test/wine/faults-reg.js diff BEFORE.reg AFTER.reg [--noise NOISE_BEFORE.reg NOISE_AFTER.reg]');
    return 2;
  }
  const noise = noiseBefore && noiseAfter ? diffRegistry(readRegistry(noiseBefore), readRegistry(noiseAfter)) : null;
  const diff = withoutMaintained(diffRegistry(readRegistry(before), readRegistry(after)), noise);
  console.log(JSON.stringify(diff, null, 2));
  return diff.addedKeys.length + diff.removedKeys.length + diff.changedValues.length === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main();
