// @ts-check
// npm run build, after tsc: bundles the command line (lib/cli/main.ts) with esbuild into
// dist/cli/main.js (the package's bin, replacing tsc's copy) and dist/cli-chunks/, so that
// `validate` loads 15 files instead of 50 modules and commander's (start-up counts: bench
// part 4). The library keeps tsc's dist/ modules. Each command stays a chunk of its own,
// loaded when it runs, as lib/cli/commands/index.ts says. Both output folders sit two levels
// below the package root, as lib/ and dist/ modules do: the code that finds files from
// import.meta.url (package.json, the addon's prebuilds/, dist/io/read-worker.js) counts on it.
import { chmodSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The dependencies bundled in; the others stay packages, imported from node_modules at run time.
 * commander and picocolors load on every run; tinyglobby (with fdir and picomatch) on every
 * glob given to `validate`. All three are plain JavaScript.
 * Left out: yaml, ajv and cli-progress (only `apply` loads them) and pkijs, asn1js (only a
 * catalog check): they cost `validate` nothing, and as packages npm can update them (a
 * security fix) without a new infkit. koffi and node-gyp-build load native code from their
 * own folders and must stay there.
 */
const BUNDLED = ['commander', 'picocolors', 'tinyglobby'];

const pkg = /** @type {{ dependencies: Record<string, string> }} */ (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));

rmSync(path.join(root, 'dist/cli-chunks'), { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['lib/cli/main.ts'],
  outbase: 'lib',
  outdir: 'dist',
  entryNames: '[dir]/[name]',
  chunkNames: 'cli-chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(pkg.dependencies).filter((name) => !BUNDLED.includes(name)),
  // commander, picocolors and picomatch (tinyglobby's) are CommonJS and require Node's modules,
  // which an ES module bundle can only do through a require of its own.
  banner: {
    js: "import { createRequire as createRequireForBundle } from 'node:module';\nconst require = createRequireForBundle(import.meta.url);",
  },
  // Stack traces name dist/cli-chunks/*.js lines; the maps lead them back to lib/ (main.ts
  // turns them on for --verbose). Without the sources inlined, as tsc's maps are.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
});
chmodSync(path.join(root, 'dist/cli/main.js'), 0o755);
