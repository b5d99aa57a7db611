// @ts-check
// Where the shared corpus is, and its INF files. Used by the bench and the fuzz script.
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = path.resolve(projectRoot, '../shared/corpus');

/** Every file of the corpus but its README and MANIFEST, sorted; [] when the corpus is absent. */
export function corpusFiles(dir = corpusDir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.in[fx]_?$/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** file: URL of a built module, e.g. distUrl('dist/inf/index.js'), for dynamic import(). */
/** @param {string} relative */
export function distUrl(relative) {
  return pathToFileURL(path.join(projectRoot, relative)).href;
}
